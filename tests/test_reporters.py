"""Every output format, checked against its contract: JSON (the documented v1 shape), SARIF
(validated against the official 2.1.0 schema), GitHub workflow commands (escaping) and JUnit XML
(parsed back with ElementTree)."""

from __future__ import annotations

import json
import re
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import (CLEAN_ARTICLE, FIRST_LINE, PROJECT_ROOT, REPEAT_FIRST_WORD, REPEAT_LAST_WORDS, REPEAT_LINE,
                      REPEATING_ARTICLE, SELECT, rules_plugin, run_engine)
from newslint import Rule, Severity
from newslint.reporters.github import GithubReporter
from newslint.reporters.json import JsonReporter
from newslint.reporters.junit import JunitReporter
from newslint.reporters.sarif import SarifReporter

SARIF_SCHEMA = PROJECT_ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"


# --- rules used only by these tests --------------------------------------------------------------

class DoubleSpace(Rule):
    """
    ## What it does
    Finds two or more spaces between words and offers to replace them with one.

    ## Why it matters
    Test rule: it gives findings with a fix.

    ## Example
    `the  council`

    ## Instead
    `the council`
    """

    code = "TS991"
    name = "double-space"
    severity = Severity.INFO
    summary = "Two spaces where one will do."

    def check(self, doc):
        for m in re.finditer(r"(?<=\S) {2,}(?=\S)", doc.prose):
            yield self.finding(doc, m.start(), m.end(), "two spaces between words",
                               fix=(m.start(), m.end(), " "), fix_description="use one space")


class AwkwardMessage(Rule):
    """
    ## What it does
    Test rule: reports the first word with a message holding a percent sign and line breaks.
    """

    code = "TS992"
    name = "awkward-message"
    severity = Severity.ERROR
    summary = "A finding whose message needs escaping."
    MESSAGE = "100% sure:\r\nsecond line\nthird, last"

    def check(self, doc):
        word = next(iter(doc.words()), None)
        if word is not None:
            yield self.finding(doc, word.start, word.end, self.MESSAGE)


class CrashingRunRule(Rule):
    """
    ## What it does
    Test rule: a per-run check that always raises.
    """

    code = "TS993"
    name = "crashing-run-rule"
    summary = "Always crashes when comparing the files."

    def check_run(self, docs, context):
        raise RuntimeError("comparison index is corrupt")


def _articles(write_article):
    return [write_article("story.md", REPEATING_ARTICLE), write_article("clean.md", CLEAN_ARTICLE),
            write_article("notes.txt", "Ferry times\n\nThe ferry  leaves at six  and returns at ten.\n")]


# --- json --------------------------------------------------------------------------------------

FINDING_KEYS = {"code", "name", "severity", "line", "column", "end_line", "end_column", "message", "related", "fix"}
RELATED_KEYS = {"path", "line", "column", "end_line", "end_column", "message"}


def test_json_follows_the_v1_contract_and_lists_every_checked_file(run_cli, write_article, tmp_path):
    write_article("story.md", REPEATING_ARTICLE)
    write_article("clean.md", CLEAN_ARTICLE)
    write_article("desk/brief.txt", "Weather\n\nRain is expected on Friday.\n")
    (tmp_path / "desk" / "notes.py").write_text("print('not an article')\n")

    proc = run_cli("check", "--select", SELECT, "--format", "json", ".")
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)

    assert set(data) >= {"version", "files", "errors", "summary"}
    assert data["version"] == 1
    paths = [Path(f["path"]).as_posix() for f in data["files"]]
    assert sorted(paths) == ["clean.md", "desk/brief.txt", "story.md"]
    by_path = {Path(f["path"]).as_posix(): f for f in data["files"]}
    for entry in data["files"]:
        assert set(entry) >= {"path", "stats", "findings"}
        assert isinstance(entry["stats"], dict) and isinstance(entry["findings"], list)
    assert by_path["clean.md"]["findings"] == []
    assert by_path["desk/brief.txt"]["findings"] == []

    [finding] = by_path["story.md"]["findings"]
    assert set(finding) >= FINDING_KEYS
    assert (finding["code"], finding["name"], finding["severity"]) == ("NL101", "repeated-passage", "warning")
    assert finding["line"] == REPEAT_LINE and finding["end_line"] == REPEAT_LINE
    line = REPEATING_ARTICLE.splitlines()[REPEAT_LINE - 1]
    # 1-based columns; the end column is just past the last character of the span
    assert line[finding["column"] - 1:].lower().startswith(REPEAT_FIRST_WORD)
    assert line[finding["column"] - 1:finding["end_column"] - 1].endswith(REPEAT_LAST_WORDS)
    assert finding["fix"] is None
    [related] = finding["related"]
    assert set(related) >= RELATED_KEYS
    assert Path(related["path"]).as_posix() == "story.md"
    assert related["line"] == FIRST_LINE
    first = REPEATING_ARTICLE.splitlines()[FIRST_LINE - 1]
    assert first[related["column"] - 1:].lower().startswith(REPEAT_FIRST_WORD)
    assert isinstance(related["message"], str)

    assert data["errors"] == []
    assert data["summary"]["files"] == 3
    assert data["summary"]["findings"] == 1
    assert data["summary"]["by_code"] == {"NL101": 1}


def test_json_lists_unreadable_files_in_files_and_errors(run_cli, write_article):
    write_article("story.md", REPEATING_ARTICLE)
    write_article("broken.txt", b"Title\n\nCaf\xe9 prices rose.\n")

    proc = run_cli("check", "--select", SELECT, "--format", "json", "story.md", "broken.txt")
    assert proc.returncode == 2
    data = json.loads(proc.stdout)
    assert sorted(f["path"] for f in data["files"]) == ["broken.txt", "story.md"]
    [error] = data["errors"]
    assert set(error) >= {"path", "code", "message"}
    assert error["path"] == "broken.txt" and error["code"] == "NL002"
    assert "broken.txt" in error["message"] and "byte 10" in error["message"]
    assert data["summary"]["by_code"]["NL101"] == 1


def test_json_carries_fixes_and_stats(write_article):
    result = run_engine(_articles(write_article), [rules_plugin(DoubleSpace)])
    data = json.loads(JsonReporter().render(result))
    notes = next(f for f in data["files"] if f["path"].endswith("notes.txt"))
    assert notes["stats"]["words"] > 0
    fixes = [f["fix"] for f in notes["findings"] if f["code"] == "TS991"]
    assert len(fixes) == 2
    for fix in fixes:
        assert fix["replacement"] == " "
        assert fix["line"] == 3 and fix["end_line"] == 3
        assert fix["end_column"] - fix["column"] == 2
    assert data["summary"]["by_code"] == {"NL101": 1, "TS991": 2}


def test_json_output_file(run_cli, write_article, tmp_path):
    write_article("story.md", REPEATING_ARTICLE)
    proc = run_cli("check", "--select", SELECT, "--format", "json", "--output-file", "report.json", "story.md")
    assert proc.returncode == 1
    assert proc.stdout == ""
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert data["summary"]["findings"] == 1


# --- sarif -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sarif_validator():
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SARIF_SCHEMA}")
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _assert_valid(validator, document):
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:10])


def test_sarif_from_the_cli_validates_and_describes_the_rule(run_cli, write_article, sarif_validator):
    write_article("story.md", REPEATING_ARTICLE)
    write_article("clean.md", CLEAN_ARTICLE)
    proc = run_cli("check", "--select", SELECT, "--format", "sarif", "story.md", "clean.md")
    assert proc.returncode == 1, proc.stderr
    sarif = json.loads(proc.stdout)
    _assert_valid(sarif_validator, sarif)

    assert sarif["version"] == "2.1.0"
    [run] = sarif["runs"]
    rules = run["tool"]["driver"]["rules"]
    [result] = run["results"]
    descriptor = rules[result["ruleIndex"]]
    assert descriptor["id"] == result["ruleId"] == "NL101"
    assert descriptor["name"] == "repeated-passage"
    assert descriptor["shortDescription"]["text"]
    assert descriptor["fullDescription"]["text"]
    assert "What it does" in descriptor["help"]["text"]
    assert descriptor["defaultConfiguration"]["level"] == "warning"
    assert result["level"] == "warning"

    [location] = result["locations"]
    physical = location["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "story.md"
    region = physical["region"]
    assert region["startLine"] == region["endLine"] == REPEAT_LINE
    assert region["endColumn"] > region["startColumn"]

    [related] = result["relatedLocations"]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "story.md"
    assert related["physicalLocation"]["region"]["startLine"] == FIRST_LINE
    assert related["message"]["text"]


def test_sarif_with_every_default_rule_validates(run_cli, write_article, sarif_validator):
    _articles(write_article)
    write_article("school.md", "# School run\n\nParents may park by the gates again.\n\n- Monday\n- Tuesday\n")
    proc = run_cli("check", "--format", "sarif", ".")
    assert proc.returncode in (0, 1), proc.stderr
    sarif = json.loads(proc.stdout)
    _assert_valid(sarif_validator, sarif)
    assert any(r["ruleId"] == "NL101" for r in sarif["runs"][0]["results"])


def test_sarif_with_fixes_errors_and_every_severity_validates(write_article, tmp_path, sarif_validator):
    paths = _articles(write_article)
    paths.append(write_article("binary.md", b"PK\x03\x04\x00\x00 not an article"))
    result = run_engine(paths, [rules_plugin(DoubleSpace, AwkwardMessage, CrashingRunRule)])
    sarif = json.loads(SarifReporter().render(result))
    _assert_valid(sarif_validator, sarif)

    [run] = sarif["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(r["id"] for r in rules)
    for result_item in run["results"]:
        assert rules[result_item["ruleIndex"]]["id"] == result_item["ruleId"]
    levels = {r["level"] for r in run["results"]}
    assert levels == {"error", "warning", "note"}

    fixed = [r for r in run["results"] if r["ruleId"] == "TS991"]
    assert len(fixed) == 2
    for item in fixed:
        [fix] = item["fixes"]
        [change] = fix["artifactChanges"]
        assert change["artifactLocation"]["uri"].endswith("notes.txt")
        [replacement] = change["replacements"]
        assert replacement["insertedContent"]["text"] == " "
        assert replacement["deletedRegion"]["charLength"] == 2
        assert fix["description"]["text"] == "use one space"

    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    messages = [n["message"]["text"] for n in invocation["toolExecutionNotifications"]]
    assert any("binary.md" in m for m in messages)
    assert any("TS993" in m and "comparison index is corrupt" in m for m in messages)


def test_sarif_uri_is_percent_encoded(write_article):
    path = write_article("budget story.md", REPEATING_ARTICLE)
    result = run_engine([path])
    sarif = json.loads(SarifReporter().render(result))
    uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert " " not in uri
    assert urllib.parse.unquote(uri).endswith("budget story.md")


# --- github ------------------------------------------------------------------------------------

GITHUB_LINE = re.compile(
    r"^::(?P<level>error|warning|notice) file=(?P<file>[^,]*),line=(?P<line>\d+),col=(?P<col>\d+),"
    r"endLine=(?P<end_line>\d+),endColumn=(?P<end_col>\d+),title=(?P<title>[^:]*)::(?P<message>.*)$"
)


def test_github_annotation_from_the_cli(run_cli, write_article):
    write_article("story.md", REPEATING_ARTICLE)
    write_article("clean.md", CLEAN_ARTICLE)
    proc = run_cli("check", "--select", SELECT, "--format", "github", "story.md", "clean.md")
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 1, proc.stdout
    m = GITHUB_LINE.match(lines[0])
    assert m, lines[0]
    assert m["level"] == "warning"
    assert m["file"] == "story.md"
    assert int(m["line"]) == int(m["end_line"]) == REPEAT_LINE
    assert int(m["end_col"]) > int(m["col"]) >= 1
    assert m["title"] == "NL101 repeated-passage"
    assert f"repeats line {FIRST_LINE}" in m["message"]


def test_github_escapes_percent_cr_lf_and_property_separators(write_article):
    path = write_article("desk,one:a.md", CLEAN_ARTICLE)
    result = run_engine([path], [rules_plugin(AwkwardMessage)])
    out = GithubReporter().render(result)
    lines = out.splitlines()
    assert len(lines) == 1, out  # the message's own line breaks must not split the command
    m = GITHUB_LINE.match(lines[0])
    assert m, lines[0]
    assert m["level"] == "error"
    assert m["file"].endswith("desk%2Cone%3Aa.md")
    assert m["message"] == "100%25 sure:%0D%0Asecond line%0Athird, last"
    assert m["title"] == "TS992 awkward-message"


def test_github_maps_info_to_notice(write_article):
    path = write_article("notes.txt", "Ferry\n\nThe ferry  leaves at six.\n")
    result = run_engine([path], [rules_plugin(DoubleSpace)])
    [line] = GithubReporter().render(result).splitlines()
    assert line.startswith("::notice file=")


def test_github_reports_a_run_error(write_article):
    path = write_article("clean.md", CLEAN_ARTICLE)
    result = run_engine([path], [rules_plugin(CrashingRunRule)])
    lines = GithubReporter().render(result).splitlines()
    errors = [line for line in lines if line.startswith("::error")]
    assert len(errors) == 1
    assert "TS993" in errors[0] and "comparison index is corrupt" in errors[0]


class CrashOnPier(Rule):
    """
    ## What it does
    Test rule: crashes on any article that mentions a pier.
    """

    code = "TS994"
    name = "crash-on-pier"
    summary = "Crashes on articles about piers."

    def check(self, doc):
        if "pier" in doc.text:
            raise KeyError("pier")
        return ()


def test_github_annotates_a_crash_once(write_article):
    path = write_article("story.md", REPEATING_ARTICLE)
    result = run_engine([path], [rules_plugin(CrashOnPier)])
    lines = GithubReporter().render(result).splitlines()
    crash = [line for line in lines if "NL000" in line or "crashed" in line]
    assert len(crash) == 1, lines


# --- junit -------------------------------------------------------------------------------------

def test_junit_one_test_case_per_file(run_cli, write_article):
    write_article("story.md", REPEATING_ARTICLE)
    write_article("clean.md", CLEAN_ARTICLE)
    write_article("brief.txt", "Weather\n\nRain is expected on Friday.\n")
    proc = run_cli("check", "--select", SELECT, "--format", "junit", "story.md", "clean.md", "brief.txt")
    assert proc.returncode == 1, proc.stderr
    root = ET.fromstring(proc.stdout.encode("utf-8"))
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    assert len(suites) == 1
    suite = suites[0]
    cases = suite.findall("testcase")
    assert sorted(c.get("name") for c in cases) == ["brief.txt", "clean.md", "story.md"]
    assert int(suite.get("tests")) == 3
    assert int(suite.get("failures")) == 1
    by_name = {c.get("name"): c for c in cases}
    assert by_name["clean.md"].find("failure") is None
    assert by_name["brief.txt"].find("failure") is None
    failure = by_name["story.md"].find("failure")
    assert failure is not None
    assert f"story.md:{REPEAT_LINE}:" in failure.text and "NL101" in failure.text


def test_junit_escapes_markup_in_messages(write_article):
    path = write_article("a&b.md", CLEAN_ARTICLE)
    result = run_engine([path], [rules_plugin(AwkwardMessage)])
    root = ET.fromstring(JunitReporter().render(result).encode("utf-8"))
    [case] = root.iter("testcase")
    assert case.get("name").endswith("a&b.md")
    assert "100% sure" in case.find("failure").text


def test_junit_counts_match_test_cases_with_a_run_error(write_article):
    path = write_article("clean.md", CLEAN_ARTICLE)
    result = run_engine([path], [rules_plugin(CrashingRunRule)])
    root = ET.fromstring(JunitReporter().render(result).encode("utf-8"))
    [suite] = root.iter("testsuite")
    cases = suite.findall("testcase")
    assert int(suite.get("tests")) == len(cases)
    assert int(suite.get("errors")) == sum(1 for c in cases if c.find("error") is not None)


def test_junit_findings_below_fail_on_do_not_fail_the_case(write_article):
    from newslint.reporters.base import ReportOptions

    path = write_article("notes.txt", "Notes\n\nThe  council met  on Tuesday evening.\n")
    result = run_engine([path], [rules_plugin(DoubleSpace)])  # TS991 findings are info
    [case] = ET.fromstring(JunitReporter(ReportOptions(fail_on=Severity.WARNING)).render(result)).iter("testcase")
    assert case.find("failure") is None
    assert "TS991" in case.find("system-out").text
    [case] = ET.fromstring(JunitReporter(ReportOptions(fail_on=Severity.INFO)).render(result)).iter("testcase")
    assert "TS991" in case.find("failure").text


def test_json_lists_what_fix_changed(write_article):
    path = write_article("notes.txt", "Notes\n\nThe  council met on Tuesday evening.\n")
    result = run_engine([path], [rules_plugin(DoubleSpace)], fix=True)
    [entry] = json.loads(JsonReporter().render(result))["files"]
    assert [f["code"] for f in entry["fixed"]] == ["TS991"]
    assert all(f["code"] != "TS991" for f in entry["findings"])
    assert path.read_text(encoding="utf-8") == "Notes\n\nThe council met on Tuesday evening.\n"


def test_sarif_full_description_is_the_what_it_does_section(write_article):
    path = write_article("notes.txt", "Notes\n\nThe  council met on Tuesday evening.\n")
    result = run_engine([path], [rules_plugin(DoubleSpace)])
    [rule] = json.loads(SarifReporter().render(result))["runs"][0]["tool"]["driver"]["rules"]
    assert rule["fullDescription"]["text"] == (
        "Finds two or more spaces between words and offers to replace them with one.")
    assert rule["shortDescription"]["text"] == "Two spaces where one will do."


def test_junit_unreadable_file_is_an_error_not_a_failure(run_cli, write_article):
    write_article("story.md", REPEATING_ARTICLE)
    write_article("clean.md", CLEAN_ARTICLE)
    write_article("latin1.txt", "Caf\xe9 prices\n".encode("latin-1"))
    proc = run_cli("check", "--select", SELECT, "--format", "junit", "story.md", "clean.md", "latin1.txt")
    assert proc.returncode == 2
    [suite] = ET.fromstring(proc.stdout.encode("utf-8")).iter("testsuite")
    by_name = {c.get("name"): c for c in suite.findall("testcase")}
    assert (int(suite.get("tests")), int(suite.get("failures")), int(suite.get("errors"))) == (3, 1, 1)
    error = by_name["latin1.txt"].find("error")
    assert error is not None and by_name["latin1.txt"].find("failure") is None
    assert error.get("type") == "NL002" and "byte 3" in error.get("message")
    assert by_name["story.md"].find("failure").get("message") == "1 finding"


# --- text: --show-source and --statistics ----------------------------------------------------------

def test_show_source_keeps_the_caret_under_the_span_on_awkward_lines(run_cli, write_article):
    # a line separator and a tab print as spaces; a wide character takes two cells of the terminal
    line = "Members\tsaid\u2028\u5317\u4eac the Joined Kingdom grant was welcome."
    write_article("story.md", CLEAN_ARTICLE.replace("Staff said", line + " Staff said").replace("\n", "\r\n"))
    proc = run_cli("check", "--select", "NL202", "--show-source", "story.md")
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout.splitlines()
    assert out[0].startswith("story.md:5:21: NL202"), out
    source, carets = out[1], out[2]
    assert source.startswith("    Members said \u5317\u4eac the Joined Kingdom grant was welcome. Staff said")
    assert "\u2028" not in proc.stdout and "\t" not in proc.stdout and "\r" not in proc.stdout
    # columns count code points (21), the terminal shows the two wide characters in four cells
    assert carets == "    " + " " * (len("Members said ") + 2 * 2 + len(" the ")) + "^" * len("Joined Kingdom")


def test_show_source_shows_a_window_of_a_long_line_and_no_row_of_carets(run_cli, write_article):
    long_paragraph = " ".join(["The harbour board met on Tuesday to discuss the pier."] * 12)
    write_article("story.md", f"# Harbour\n\n{long_paragraph} It thanked the Joined Kingdom fund.\n")
    write_article("newslint.toml", "[rules.NL404]\nmax-words = 50\n")
    proc = run_cli("check", "--select", "NL202,NL404", "--show-source", "story.md")
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout.splitlines()
    # the paragraph (one long line): the start of the span, cut at about 80 columns, no carets
    nl404 = out.index(next(line for line in out if " NL404 " in line))
    assert out[nl404 + 1] == "    " + long_paragraph[:78] + "\u2026"
    assert "^" not in out[nl404 + 2]
    # a short span far along the line: a window around it, cut on both sides, underlined
    nl202 = out.index(next(line for line in out if " NL202 " in line))
    window, carets = out[nl202 + 1], out[nl202 + 2]
    assert window.startswith("    \u2026") and len(window) <= 4 + 80
    assert "the Joined Kingdom fund." in window
    assert window[carets.index("^"):carets.rindex("^") + 1] == "Joined Kingdom"
    assert all(len(line) <= 4 + 80 for line in out if line.startswith("    "))


class _FirstWord(AwkwardMessage):
    """Test rule: something about the first word."""

    code = "TS986"
    name = "first-word"
    severity = Severity.WARNING
    MESSAGE = "one thing about this word"


class _FirstWordAgain(_FirstWord):
    """Test rule: something else about the same word."""

    code = "TS987"
    name = "first-word-again"
    MESSAGE = "another thing about it"


def test_findings_on_the_same_span_share_one_excerpt(cli_main, write_article):
    write_article("clean.md", CLEAN_ARTICLE)
    code, out, _ = cli_main("check", "--select", "TS986,TS987", "--show-source", "clean.md",
                            plugins=[rules_plugin(_FirstWord, _FirstWordAgain)])
    assert code == 1
    assert out.splitlines()[:4] == [
        "clean.md:3:1: TS986 [warning] one thing about this word",
        "clean.md:3:1: TS987 [warning] another thing about it",
        "    The town library will stay open until nine on Thursday evenings from next month.",
        "    ^^^",
    ], out


def test_show_source_of_a_span_over_several_lines_shows_its_first_and_last_line(run_cli, write_article):
    wrapped = ("The harbour committee voted on Tuesday to rebuild\nthe old stone pier before the winter storms\n"
               "arrive, engineers said.")
    write_article("story.md", REPEATING_ARTICLE.replace(
        "The harbour committee voted on Tuesday to rebuild the old stone pier.", wrapped))
    write_article("newslint.toml", "[rules.NL404]\nmax-words = 10\n")
    proc = run_cli("check", "--select", "NL404", "--show-source", "story.md")
    out = proc.stdout.splitlines()
    first = out.index(next(line for line in out if line.startswith("story.md:3:1: NL404")))
    assert out[first + 1:first + 5] == [
        "    The harbour committee voted on Tuesday to rebuild",
        "    " + "^" * len("The harbour committee voted on Tuesday to rebuild"),
        "    arrive, engineers said.",
        "    " + "^" * len("arrive, engineers said."),
    ], out


def test_statistics_summary_speaks_plainly_about_one(run_cli, write_article):
    write_article("brief.txt", "Weather\n\nRain is expected on Friday.\n")
    proc = run_cli("check", "--select", "NL4", "--statistics", "brief.txt")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    [summary] = [line for line in proc.stdout.splitlines() if line.startswith("brief.txt: ")]
    assert "1 sentence," in summary and "1 sentences" not in summary
    assert "5 words" in summary


def test_text_keeps_each_finding_on_one_line(run_cli, write_article, entry_point_plugin):
    env = entry_point_plugin("chatty", '''
        from newslint import Rule, Severity, hookimpl

        class Chatty(Rule):
            code = "TS985"
            name = "chatty"
            severity = Severity.WARNING
            summary = "A message over several lines."

            def check(self, doc):
                word = next(iter(doc.words()))
                yield self.finding(doc, word.start, word.end, "first line\\r\\nsecond line\\u2028third",
                                   related=[self.related(doc, word.start, word.end, "see\\nhere")])

        @hookimpl
        def newslint_register_rules():
            return [Chatty]
    ''')
    write_article("clean.md", CLEAN_ARTICLE)
    proc = run_cli("check", "--select", "TS985", "clean.md", autoload=True, env=env)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.splitlines() == [
        "clean.md:3:1: TS985 [warning] first line second line third",
        "    see clean.md:3:1 see here",
        "Checked 1 file: 1 warning.",
    ]
    # the machine formats keep the message as the rule wrote it
    as_json = run_cli("check", "--select", "TS985", "--format", "json", "clean.md", autoload=True, env=env)
    assert json.loads(as_json.stdout)["files"][0]["findings"][0]["message"] == "first line\r\nsecond line\u2028third"
