"""A third-party plugin package, end to end: tests/fixtures/plugin_house is installed with pip into a
folder of its own and run through the real command line with entry-point autoloading on.

It has what an outsider's plugin has: a code prefix of its own (HS), a per-document rule (HS001,
with ``measure``), a per-run rule with ``prepare`` (HS002), an output format (``tally``) and an
option of each type (list, bool, str with choices; int, float, str).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newslint.engine import POOL_THRESHOLD

FIXTURE = Path(__file__).parent / "fixtures" / "plugin_house"

#: two articles under nearly the same headline, with three of the house's words between them
DEPOT = "Council will utilise the old depot\n\nThe council will utilise the old bus depot amid protests.\n"
DEPOT_MD = "# Council will utilise the depot\n\nThe plan was slammed by residents on Monday.\n"
#: an article none of the house rules has anything to say about
LIBRARY = "Library opens late\n\nThe town library will stay open until nine on Thursdays.\n"


@pytest.fixture(scope="module")
def house_site(tmp_path_factory) -> Path:
    """The fixture package installed with pip into a fresh folder (put it on PYTHONPATH to use it).

    It is copied first so that the build leaves nothing in the source tree. pip builds it in an
    isolated environment and, where that cannot fetch setuptools, with this environment's.
    """
    base = tmp_path_factory.mktemp("house")
    source, target = base / "src", base / "site"
    shutil.copytree(FIXTURE, source)
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-input",
           "--disable-pip-version-check", "--target", str(target), str(source)]
    proc = subprocess.run(pip, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        proc = subprocess.run([*pip, "--no-build-isolation"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"pip could not install the fixture plugin:\n{proc.stdout}\n{proc.stderr}"
    assert "[newslint]" in next(target.glob("newslint_house-1.0.0.dist-info")).joinpath("entry_points.txt").read_text()
    return target


@pytest.fixture
def house(house_site, run_cli):
    """``house("check", ...)``: the CLI with the installed plugin autoloaded."""

    def run(*args, env=None, **kwargs):
        return run_cli(*args, autoload=True, env={"PYTHONPATH": str(house_site), **(env or {})}, **kwargs)

    return run


def _lines(proc, code):
    return [line for line in proc.stdout.splitlines() if f" {code} " in line]


def test_the_rules_are_listed_and_explained_with_their_options(house):
    rules = house("rules")
    assert rules.returncode == 0, rules.stderr
    rows = {line.split()[0]: line for line in rules.stdout.splitlines()[1:]}
    assert "house-words" in rows["HS001"] and "yes" in rows["HS001"]
    assert "shared-headline" in rows["HS002"]
    assert "NL101" in rows  # the built-in rules are still there

    page = house("explain", "house-words")
    assert page.returncode == 0, page.stderr
    assert page.stdout.startswith("# HS001 `house-words`")
    assert "From the plugin newslint-house 1.0.0." in page.stdout
    assert "`words` (a list of strings, default `[\"utilise\", \"amid\", \"slammed\"]`)" in page.stdout
    assert "`case-sensitive` (true or false, default `false`)" in page.stdout
    assert "`where` (a string, default `\"paragraphs\"`): where to look; one of: paragraphs, everywhere." in page.stdout
    other = house("explain", "HS002")
    for text in ("`min-words` (a whole number, default `3`)", "`similarity` (a number, default `0.8`)",
                 "`ignore-prefix` (a string, default `\"Live:\"`)"):
        assert text in other.stdout


def test_both_rules_report_through_the_cli(house, write_article):
    write_article("depot.txt", DEPOT)
    write_article("depot-plan.md", DEPOT_MD)
    write_article("library.txt", LIBRARY)
    proc = house("check", "--select", "HS,NL0", "depot.txt", "depot-plan.md", "library.txt")
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == ""
    assert _lines(proc, "HS001") == [
        "depot-plan.md:3:14: HS001 [warning] 'slammed' is not house style",
        "depot.txt:3:18: HS001 [warning] 'utilise' is not house style",
        "depot.txt:3:44: HS001 [warning] 'amid' is not house style",
    ]
    # the per-run rule compared the headlines its prepare() found in the worker, and points at the other
    assert _lines(proc, "HS002") == ["depot.txt:1:1: HS002 [warning] this headline is nearly that of depot-plan.md"]
    assert "    see depot-plan.md:1:3 the other headline" in proc.stdout.splitlines()
    assert "library.txt" not in proc.stdout


def test_the_plugins_format_writes_the_report(house, write_article):
    write_article("depot.txt", DEPOT)
    write_article("library.txt", LIBRARY)
    proc = house("check", "--select", "HS001", "--format", "tally", "depot.txt", "library.txt")
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == "depot.txt\t2\tHS001 x2\nlibrary.txt\t0\tclean\n"
    assert "tally" in house("check", "--help").stdout


def test_a_plugins_figures_live_under_its_code_and_leave_the_engines_alone(house, write_article):
    write_article("depot.txt", DEPOT)
    proc = house("check", "--select", "HS001,NL401", "--format", "json", "depot.txt")
    [entry] = json.loads(proc.stdout)["files"]
    stats = entry["stats"]
    # HS001's measure() says {"words": 2}: it is kept apart, and the engine's word count stands
    assert stats["HS001"] == {"words": 2}
    assert stats["words"] == 10  # the words of the body's paragraphs
    assert stats["sentences"] == 1 and "grade" in stats  # the built-in figures keep their top-level keys
    # and the rule describes its own figures in words, next to the built-in ones
    summary = house("check", "--select", "HS001,NL401", "--statistics", "depot.txt")
    [line] = [line for line in summary.stdout.splitlines() if line.startswith("depot.txt: ")]
    assert line.startswith("depot.txt: 2 house words, grade ") and " 10 words, " in line


def test_every_option_type_is_read_from_the_configuration(house, write_article, tmp_path):
    write_article("depot.txt", DEPOT)
    write_article("depot-plan.md", DEPOT_MD)
    (tmp_path / "pyproject.toml").write_text(
        "[tool.newslint]\n"
        'select = ["HS"]\n'
        "[tool.newslint.rules.HS001]\n"
        'words = ["Depot"]\n'  # list
        "case-sensitive = false\n"  # bool
        'where = "everywhere"\n'  # str with choices: the headline too
        "[tool.newslint.rules.shared-headline]\n"  # by name
        "min-words = 9\n",  # int: no headline is that long
        encoding="utf-8")
    proc = house("check", "depot.txt", "depot-plan.md")
    assert proc.returncode == 1, proc.stderr
    assert _lines(proc, "HS002") == []
    assert [line.split(" [")[0] for line in _lines(proc, "HS001")] == [
        "depot-plan.md:1:28: HS001", "depot.txt:1:30: HS001", "depot.txt:3:38: HS001"]

    (tmp_path / "pyproject.toml").write_text(
        "[tool.newslint]\n"
        'select = ["HS002"]\n'
        "[tool.newslint.rules.HS002]\n"
        "similarity = 1\n"  # float, given as a whole number: the headlines differ by one word
        'ignore-prefix = ""\n', encoding="utf-8")
    assert _lines(house("check", "depot.txt", "depot-plan.md"), "HS002") == []
    (tmp_path / "pyproject.toml").write_text(
        '[tool.newslint]\nselect = ["HS002"]\n[tool.newslint.rules.HS002]\nignore-prefix = "Council"\n',
        encoding="utf-8")  # str: both headlines begin with it
    assert _lines(house("check", "depot.txt", "depot-plan.md"), "HS002") == []


@pytest.mark.parametrize("table, value, message", [
    ("HS001", 'words = ["amid", 3]',
     "[tool.newslint.rules.HS001] words: item 2 of the list: expected a string, got 3"),
    ("HS001", 'where = "headlines"',
     "[tool.newslint.rules.HS001] where: expected one of paragraphs, everywhere, got \"headlines\""),
    ("HS002", "similarity = 1.5", "[tool.newslint.rules.HS002] similarity: expected at most 1, got 1.5"),
    ("HS002", "min-word = 2", "[tool.newslint.rules.HS002] unknown option 'min-word' for HS002 shared-headline; "
                              "did you mean 'min-words'?"),
])
def test_a_wrong_option_is_one_plain_line_naming_the_file_and_key(house, write_article, tmp_path, table, value, message):
    write_article("depot.txt", DEPOT)
    (tmp_path / "pyproject.toml").write_text(f"[tool.newslint.rules.{table}]\n{value}\n", encoding="utf-8")
    proc = house("check", "depot.txt")
    assert proc.returncode == 2
    assert proc.stdout == ""
    [line] = proc.stderr.splitlines()
    # the configuration file as every path is shown: relative to the working directory
    assert line.startswith("newslint: error: pyproject.toml: ")
    assert message in line


def test_a_plugin_table_is_refused_with_where_its_settings_go(house, write_article, tmp_path):
    write_article("depot.txt", DEPOT)
    (tmp_path / "newslint.toml").write_text('[plugins.house]\nwords = ["amid"]\n', encoding="utf-8")
    proc = house("check", "depot.txt")
    assert proc.returncode == 2
    [line] = proc.stderr.splitlines()
    assert line == ("newslint: error: newslint.toml: unknown key 'plugins': a plugin's settings are "
                    "the options of its rules, set in [rules.CODE] (`newslint explain CODE` lists them)")


def test_selection_by_the_plugins_prefix(house, write_article, tmp_path):
    write_article("depot.txt", DEPOT)
    write_article("drafts/depot.txt", DEPOT)
    # ignore the family, the rule by code and by name; the built-in rules are not touched
    for ignore in ('"HS"', '"HS0"', '"HS001", "HS002"', '"house-words", "shared-headline"'):
        (tmp_path / "newslint.toml").write_text(f"ignore = [{ignore}]\n", encoding="utf-8")
        proc = house("check", "depot.txt")
        assert "HS00" not in proc.stdout, (ignore, proc.stdout)
        assert proc.returncode in (0, 1), proc.stderr
    (tmp_path / "newslint.toml").write_text(
        'select = ["HS", "NL0"]\n'
        '[per-file-ignores]\n"drafts/*" = ["HS001"]\n'
        '[severity]\nHS = "info"\nHS002 = "error"\n', encoding="utf-8")
    proc = house("check", "depot.txt", "drafts/depot.txt")
    assert proc.returncode == 1, proc.stderr
    assert _lines(proc, "HS001") == ["depot.txt:3:18: HS001 [info] 'utilise' is not house style",
                                      "depot.txt:3:44: HS001 [info] 'amid' is not house style"]
    assert [line.split(": ", 1)[0] + " " + line.split()[2] for line in _lines(proc, "HS002")] == [
        "drafts/depot.txt:1:1 [error]"]


def test_suppressions_name_plugin_rules(house, write_article):
    write_article("depot.md", "# Depot vote\n\n<!-- newslint-disable-next-line HS001 -->\n"
                              "The council will utilise the depot.\n\nThe vote came amid protests.\n\n"
                              "<!-- newslint-disable-next-line HS -->\nThe plan was slammed.\n\n"
                              "<!-- newslint-disable-next-line HSX001 -->\nA vote amid rain.\n")
    proc = house("check", "--select", "HS001,NL001", "depot.md")
    assert _lines(proc, "HS001") == ["depot.md:6:15: HS001 [warning] 'amid' is not house style",
                                      "depot.md:12:8: HS001 [warning] 'amid' is not house style"]
    # a prefix of no installed plugin suppresses nothing and is reported as such
    [unknown] = _lines(proc, "NL001")
    assert "HSX001" in unknown and "not a rule" in unknown


def test_same_result_below_and_above_the_pool_threshold_and_with_spawn(house, write_article):
    write_article("desk/a-depot.txt", DEPOT)
    write_article("desk/b-depot.md", DEPOT_MD)
    for i in range(POOL_THRESHOLD + 2):
        write_article(f"desk/library-{i:02d}.txt", LIBRARY.replace("late", f"late {i}", 1))
    results = [house("check", "--select", "HS,NL0", "--jobs", jobs, "desk", env=env)
               for jobs, env in (("1", None), ("2", None), ("2", {"NEWSLINT_START_METHOD": "spawn"}))]
    one = results[0]
    assert one.returncode == 1 and one.stderr == ""
    assert len(_lines(one, "HS001")) == 3 and len(_lines(one, "HS002")) == 1
    for other in results[1:]:
        assert (other.stdout, other.stderr, other.returncode) == (one.stdout, one.stderr, one.returncode)
