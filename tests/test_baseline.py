"""The baseline, through the CLI: write it, hide what it records, survive unrelated edits and moved
paragraphs, bring back an edited finding, report and prune stale entries, stable JSON."""

from __future__ import annotations

import json
import re

import pytest

#: an article with a repeated passage (NL101, line 9) and a name no newsroom writes (NL202, line 5)
LEGACY = """# Ferry timetable changes

The ferry company said on Monday that winter sailings to the island would be cut from four a day to two.

Islanders told the Joined Kingdom transport minister that the cuts would leave them stranded.

The company blamed rising fuel costs and a shortage of crew for the change.

A spokesman said the ferry company said on Monday that winter sailings to the island would be cut from four a day to two.
"""
NEW_DEFECT = "\nThe Joined Kingdom coastguard said it would watch the crossing closely.\n"
CONFIG = 'select = ["NL0", "NL101", "NL202"]\n'


@pytest.fixture
def desk(tmp_path):
    (tmp_path / "newslint.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "ferry.md").write_text(LEGACY, encoding="utf-8")
    (tmp_path / "stories" / "ferry-2.md").write_text(LEGACY.replace("Ferry timetable", "Island ferry"),
                                                     encoding="utf-8")
    return tmp_path


def _codes(stdout: str) -> list[tuple[str, str]]:
    """(path, code) of each finding line."""
    return [(m.group(1), m.group(2)) for m in re.finditer(r"^(\S+?):\d+:\d+: (\w+) ", stdout, re.M)]


def test_write_baseline_then_baseline_hides_the_findings_and_says_how_many(run_cli, desk):
    proc = run_cli("check", "--write-baseline", "newslint-baseline.json", ".")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert proc.stderr == "newslint: wrote 4 findings of 2 files to the baseline newslint-baseline.json\n"
    proc = run_cli("check", "--baseline", "newslint-baseline.json", ".")
    assert (proc.returncode, proc.stdout) == (0, "Checked 2 files: no problems found; 4 hidden by the baseline.\n")
    data = json.loads(run_cli("check", "--baseline", "newslint-baseline.json", "--format", "json", ".").stdout)
    assert data["summary"]["findings"] == 0 and data["summary"]["hidden_by_baseline"] == 4
    # without a baseline, JSON's summary is what it always was
    assert "hidden_by_baseline" not in json.loads(run_cli("check", "--format", "json", ".").stdout)["summary"]


def test_baseline_from_the_configuration(run_cli, desk):
    run_cli("check", "--write-baseline", "legacy.json", ".")
    (desk / "newslint.toml").write_text(CONFIG + 'baseline = "legacy.json"\n', encoding="utf-8")
    proc = run_cli("check", "stories/ferry.md")
    assert proc.stdout == "Checked 1 file: no problems found; 2 hidden by the baseline.\n"
    # the path is the configuration file's, wherever newslint runs
    proc = run_cli("check", "ferry.md", cwd=desk / "stories")
    assert proc.stdout == "Checked 1 file: no problems found; 2 hidden by the baseline.\n", proc.stderr


def test_unrelated_edits_and_moved_paragraphs_keep_findings_hidden(run_cli, desk):
    run_cli("check", "--write-baseline", "b.json", ".")
    story = desk / "stories" / "ferry.md"
    paragraphs = LEGACY.split("\n\n")
    # the flagged paragraph moves up, a new paragraph is added at the top, a word changes elsewhere
    moved = [paragraphs[0], "Winter is the quietest season on the island.", paragraphs[2], paragraphs[1],
             paragraphs[3].replace("rising", "higher"), paragraphs[4]]
    story.write_text("\n\n".join(moved), encoding="utf-8")
    proc = run_cli("check", "--baseline", "b.json", ".")
    assert proc.stdout == "Checked 2 files: no problems found; 4 hidden by the baseline.\n", proc.stdout


def test_editing_the_flagged_text_brings_the_finding_back_and_reports_the_entry_stale(run_cli, desk):
    run_cli("check", "--write-baseline", "b.json", ".")
    story = desk / "stories" / "ferry.md"
    story.write_text(LEGACY.replace("said the ferry company said on Monday that winter",
                                    "said the ferry company said  on\nMonday that winter"), encoding="utf-8")
    # white space is normalised: the same words on two lines are the same finding
    assert run_cli("check", "--baseline", "b.json", ".").stdout.endswith("4 hidden by the baseline.\n")
    # the repeated passage edited (in both places, so that it still repeats): a new finding
    story.write_text(LEGACY.replace("from four a day to two.", "from four a day to just two."), encoding="utf-8")
    proc = run_cli("check", "--baseline", "b.json", ".")
    assert _codes(proc.stdout) == [("stories/ferry.md", "NL004"), ("stories/ferry.md", "NL101")], proc.stdout
    stale = proc.stdout.splitlines()[0]
    assert stale.startswith("stories/ferry.md:1:1: NL004 [info] 1 entry of the baseline b.json (NL101) matches nothing")
    assert "`newslint check --write-baseline b.json` removes it" in stale
    assert proc.returncode == 1 and proc.stdout.endswith("3 hidden by the baseline.\n")
    # editing the sentence around a flagged name does not: the name is what NL202 flags
    story.write_text(LEGACY.replace("Joined Kingdom transport", "Joined Kingdom's transport"), encoding="utf-8")
    assert run_cli("check", "--baseline", "b.json", ".").stdout.endswith("4 hidden by the baseline.\n")


def test_fixed_findings_are_reported_stale_and_write_baseline_prunes_them(run_cli, desk):
    run_cli("check", "--write-baseline", "b.json", ".")
    (desk / "stories" / "ferry.md").write_text(LEGACY.replace("Joined Kingdom", "UK"), encoding="utf-8")
    proc = run_cli("check", "--baseline", "b.json", ".")
    assert _codes(proc.stdout) == [("stories/ferry.md", "NL004")]
    assert proc.returncode == 0  # NL004 is information: it fails nothing
    proc = run_cli("check", "--write-baseline", "b.json", ".")
    assert proc.stderr == "newslint: wrote 3 findings of 2 files to the baseline b.json (1 stale entry removed)\n"
    proc = run_cli("check", "--baseline", "b.json", ".")
    assert proc.stdout == "Checked 2 files: no problems found; 3 hidden by the baseline.\n"


def test_new_defects_show_and_occurrences_are_counted(run_cli, desk):
    run_cli("check", "--write-baseline", "b.json", ".")
    story = desk / "stories" / "ferry.md"
    story.write_text(LEGACY + NEW_DEFECT, encoding="utf-8")
    proc = run_cli("check", "--baseline", "b.json", ".")
    # the same name again: the second occurrence of the same flagged text is a new finding
    assert _codes(proc.stdout) == [("stories/ferry.md", "NL202")]
    assert proc.stdout.startswith("stories/ferry.md:11:5: NL202"), proc.stdout
    run_cli("check", "--write-baseline", "b.json", ".")
    data = json.loads((desk / "b.json").read_text(encoding="utf-8"))
    keys = [k for k in data["files"]["stories/ferry.md"] if k.startswith("NL202:")]
    assert len(keys) == 2 and {k.rsplit(":", 1)[1] for k in keys} == {"0", "1"}
    assert len({k.rsplit(":", 1)[0] for k in keys}) == 1


def test_the_baseline_is_stable_sorted_json_with_paths_relative_to_its_folder(run_cli, desk):
    (desk / "ci").mkdir()
    run_cli("check", "--write-baseline", "ci/b.json", "stories")
    first = (desk / "ci" / "b.json").read_bytes()
    # written again from another folder, with the paths in another order: the same bytes
    run_cli("check", "--write-baseline", "../ci/b.json", "ferry-2.md", "ferry.md", cwd=desk / "stories")
    assert (desk / "ci" / "b.json").read_bytes() == first
    data = json.loads(first)
    assert data["version"] == 1 and list(data["files"]) == ["../stories/ferry-2.md", "../stories/ferry.md"]
    for keys in data["files"].values():
        assert keys == sorted(keys) and all(re.fullmatch(r"NL\d{3}:[0-9a-f]{16}:\d+", k) for k in keys)
    lines = first.decode("utf-8").splitlines()
    assert lines[0] == "{" and first.endswith(b"}\n")
    assert all(line.strip().startswith('"NL') for line in lines if ":0" in line)  # one key a line


def test_write_baseline_keeps_the_entries_of_files_it_did_not_check(run_cli, desk):
    run_cli("check", "--write-baseline", "b.json", ".")
    (desk / "stories" / "ferry.md").write_text(LEGACY.replace("Joined Kingdom", "UK"), encoding="utf-8")
    proc = run_cli("check", "--write-baseline", "b.json", "stories/ferry.md")
    assert "(1 stale entry removed)" in proc.stderr
    assert set(json.loads((desk / "b.json").read_text(encoding="utf-8"))["files"]) == {
        "stories/ferry.md", "stories/ferry-2.md"}
    # a file that is gone: a note, and --write-baseline drops its entries
    (desk / "stories" / "ferry-2.md").unlink()
    proc = run_cli("check", "--baseline", "b.json", ".")
    assert "note: the baseline b.json has entries for 1 file that no longer exist (stories/ferry-2.md)" in proc.stderr
    proc = run_cli("check", "--write-baseline", "b.json", ".")
    assert "(2 stale entries removed)" in proc.stderr
    assert list(json.loads((desk / "b.json").read_text(encoding="utf-8"))["files"]) == ["stories/ferry.md"]


@pytest.mark.parametrize("content, expected", [
    (None, "b.json: baseline file not found; write it with `newslint check --write-baseline b.json PATHS`"),
    ("{not json", "b.json: is not a newslint baseline: not valid JSON"),
    ('{"version": 7, "files": {}}', "b.json: is not a newslint baseline (expected version 1"),
    ('{"version": 1, "files": {"a.md": ["NL101"]}}', "b.json: is not a newslint baseline (expected version 1"),
])
def test_a_bad_baseline_file_is_one_plain_line_and_exit_2(run_cli, desk, content, expected):
    if content is not None:
        (desk / "b.json").write_text(content, encoding="utf-8")
    proc = run_cli("check", "--baseline", "b.json", ".")
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith(f"newslint: error: {expected}") and proc.stderr.count("\n") == 1


def test_sarif_fingerprints_are_the_baseline_keys_and_survive_line_moves(run_cli, desk):
    def fingerprints():
        sarif = json.loads(run_cli("check", "--format", "sarif", "stories/ferry.md").stdout)
        return sorted(r["partialFingerprints"]["newslintFindingKey/v1"] for r in sarif["runs"][0]["results"])

    before = fingerprints()
    run_cli("check", "--write-baseline", "b.json", "stories/ferry.md")
    assert before == json.loads((desk / "b.json").read_text(encoding="utf-8"))["files"]["stories/ferry.md"]
    story = desk / "stories" / "ferry.md"
    story.write_text(LEGACY.replace("# Ferry timetable changes\n", "# Ferry timetable changes\n\nA new first line.\n"),
                     encoding="utf-8")
    assert fingerprints() == before


def test_entries_of_rules_that_compare_articles_are_not_reported_stale(run_cli, tmp_path):
    from test_paths import ARCHIVED, RECYCLING

    (tmp_path / "newslint.toml").write_text('select = ["NL0", "NL103"]\n', encoding="utf-8")
    (tmp_path / "one.md").write_text(RECYCLING, encoding="utf-8")
    (tmp_path / "two.md").write_text(ARCHIVED, encoding="utf-8")
    run_cli("check", "--write-baseline", "b.json", ".")
    entries = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))["files"]
    assert any(k.startswith("NL103:") for keys in entries.values() for k in keys), entries
    # checked alone, the article has nothing to be compared with: no NL103, and no stale entry either
    proc = run_cli("check", "--baseline", "b.json", "one.md")
    assert proc.stdout == "Checked 1 file: no problems found.\n", proc.stdout
