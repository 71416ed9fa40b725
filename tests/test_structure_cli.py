"""NL301/NL302 through the real command line: golden output, packs in config, recurrence, explain."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import run_newslint, write

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "structure"

STORY = (
    "Harbour board approves new ferry contract\n\n"
    "The Westport harbour board approved a new ferry contract on Tuesday after a long debate about costs.\n\n"
    "Board members said the ferry contract would cost the harbour more than the old one but bring newer boats.\n\n"
    "The harbour chair, Dennis Okafor, said the new boats would cut crossing times to the island by a third.\n\n"
)


def test_golden_output(tmp_path):
    shutil.copy(FIXTURES / "harbour.txt", tmp_path / "harbour.txt")
    proc = run_newslint("check", "--isolated", "--select", "NL3", "--no-color", "harbour.txt", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == (FIXTURES / "harbour.expected.txt").read_text(encoding="utf-8")


def test_suppression_comment_silences_a_boilerplate_line(tmp_path):
    write(tmp_path / "story.md", "# Ferry contract\n\n" + STORY.split("\n\n", 1)[1] +
          "<!-- newslint-disable-next-line NL302 -->\nSign up for our newsletter to get Westport news every morning.\n")
    proc = run_newslint("check", "--isolated", "--select", "NL3", "--no-color", "story.md", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_house_pack_from_config(tmp_path):
    write(tmp_path / "newslint.toml", '[rules.NL302]\npacks = ["style"]\n')
    write(tmp_path / "style" / "gazette.toml",
          '[[pattern]]\nid = "gazette-desk"\ndescription = "the desk sign-off"\n'
          "regex = '^filed by the gazette desk$'\nwhere = \"edge\"\n")
    write(tmp_path / "story.txt", STORY + "Filed by the Gazette desk\n")
    # every rule runs: the rule's own packs do not reach the name packs of NL202
    proc = run_newslint("check", "--no-color", "story.txt", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "story.txt:9:1: NL302" in proc.stdout
    assert "(the desk sign-off)" in proc.stdout
    verbose = run_newslint("check", "--no-color", "--verbose", "story.txt", cwd=tmp_path)
    assert "    details: pack pattern \u201cgazette-desk\u201d" in verbose.stdout
    explain = run_newslint("explain", "NL302", cwd=tmp_path)
    assert explain.returncode == 0
    assert "gazette.toml" in explain.stdout and "gazette-desk" in explain.stdout


def test_broken_pack_is_an_error_with_exit_code_2(tmp_path):
    write(tmp_path / "newslint.toml", '[rules.boilerplate]\npacks = ["boilerplate-house.toml"]\n')
    write(tmp_path / "boilerplate-house.toml", "[[pattern]]\nid = 'x'\nregex = '[unclosed'\n")
    write(tmp_path / "story.txt", STORY + "Other reports by the Westport Gazette\n")
    proc = run_newslint("check", "--select", "NL302", "--no-color", "story.txt", cwd=tmp_path)
    assert proc.returncode == 2
    output = proc.stdout + proc.stderr
    assert "boilerplate-house.toml: pattern 1 (x): regex does not compile" in output
    assert "story.txt:9:1: NL302" in proc.stdout  # the built-in pack still works


def test_paragraph_recurring_in_five_articles(tmp_path):
    notice = "The Westport Gazette is owned by a trust that also holds shares in the harbour company."
    for n in range(5):
        write(tmp_path / "run" / f"s{n}.txt",
              f"Berth {n} repairs\n\nEngineers will repair berth {n} of the harbour by the end of the year.\n\n"
              f"{notice}\n\nThe work on berth {n} will cost less than expected, the board said.\n")
    proc = run_newslint("check", "--isolated", "--select", "NL302", "--no-color", "run", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.count("recurs word for word in 5 articles") == 5
    fewer = run_newslint("check", "--isolated", "--select", "NL302", "--no-color", "run/s0.txt", "run/s1.txt",
                         "run/s2.txt", "run/s3.txt", cwd=tmp_path)
    assert fewer.returncode == 0, fewer.stdout


def test_house_pack_in_the_global_packs_list(tmp_path):
    # One house-style file serves NL202 (names) and NL302 (boilerplate patterns).
    write(tmp_path / "newslint.toml", 'packs = ["style/house.toml"]\n')
    write(tmp_path / "style" / "house.toml",
          '[pack]\nname = "house"\n\n[entities."Westport"]\nvariants = ["West Port"]\n\n'
          '[[pattern]]\nid = "gazette-desk"\ndescription = "the desk sign-off"\n'
          "regex = '^filed from the gazette desk\\b'\nwhere = \"edge\"\n")
    write(tmp_path / "story.txt", STORY + "Filed from the Gazette desk by the harbour board reporter.\n")
    proc = run_newslint("check", "--no-color", "story.txt", cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "story.txt:9:1: NL302" in proc.stdout
    assert "(the desk sign-off)" in proc.stdout
    verbose = run_newslint("check", "--no-color", "--verbose", "story.txt", cwd=tmp_path)
    assert "    details: pack pattern \u201cgazette-desk\u201d" in verbose.stdout
    explain = run_newslint("explain", "NL302", cwd=tmp_path)
    assert explain.returncode == 0
    assert "house.toml" in explain.stdout and "gazette-desk" in explain.stdout
