"""The engine end to end: crashing rules, process pool determinism, --fix, and files that cannot be
read. Rules defined here are registered as extra plugins, exactly as a third party's would be."""

from __future__ import annotations

import json
import os
import re
import sys

import pytest

from conftest import CLEAN_ARTICLE, REPEAT_LINE, REPEATING_ARTICLE, SELECT, rules_plugin, run_engine
from newslint import Rule, Severity
from newslint.engine import apply_fixes

# A second article NL101 flags (plain text), with no pier in it: CrashOnPier leaves it alone.
OTHER_REPEATING = (
    "School run changes\n\n"
    "The school will reopen its side entrance next week.\n\n"
    "Parents will be able to park outside the gates again from the first of March, the council said.\n\n"
    "The head teacher told families that parents will be able to park outside the gates again from the first of March.\n"
)
#: the engine's codes, NL101 and this module's test rules (TS99x)
SEL = SELECT + ",TS99"


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
            return [1 / 0]
        return []


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


class WorkerPid(Rule):
    """
    ## What it does
    Test rule: reports the id of the process that checked the article.
    """

    code = "TS995"
    name = "worker-pid"
    severity = Severity.INFO
    summary = "Which process checked this article."

    def check(self, doc):
        yield self.finding(doc, 0, 1, f"pid {os.getpid()}")


class CountArticles(Rule):
    """
    ## What it does
    Test rule: a per-run check reporting on each article how many articles the run compared.
    """

    code = "TS996"
    name = "count-articles"
    severity = Severity.INFO
    summary = "How many articles the run saw."

    def check_run(self, docs, context):
        for doc in docs:
            yield self.finding(doc, 0, 1, f"{len(docs)} articles in this run")


class ColourToColor(Rule):
    """
    ## What it does
    Test rule: offers to replace the word "colour" with "color".
    """

    code = "TS997"
    name = "colour-to-color"
    severity = Severity.WARNING
    summary = "Spell colour the house way."

    def check(self, doc):
        for m in re.finditer(r"\bcolour\b", doc.prose):
            yield self.finding(doc, m.start(), m.end(), "house style is 'color'", fix=(m.start(), m.end(), "color"))


class ColourScheme(Rule):
    """
    ## What it does
    Test rule: offers to replace "colour scheme" with "palette" (overlaps ColourToColor's fix).
    """

    code = "TS998"
    name = "colour-scheme"
    severity = Severity.WARNING
    summary = "Say palette."

    def check(self, doc):
        for m in re.finditer(r"\bcolour scheme\b", doc.prose):
            yield self.finding(doc, m.start(), m.end(), "say 'palette'", fix=(m.start(), m.end(), "palette"))


class DoubleSpace(Rule):
    """
    ## What it does
    Test rule: offers to replace two or more spaces between words with one.
    """

    code = "TS999"
    name = "double-space"
    severity = Severity.INFO
    summary = "Two spaces where one will do."

    def check(self, doc):
        for m in re.finditer(r"(?<=\S) {2,}(?=\S)", doc.prose):
            yield self.finding(doc, m.start(), m.end(), "two spaces between words", fix=(m.start(), m.end(), " "))


# --- a crashing rule ---------------------------------------------------------------------------

def test_crashing_rule_becomes_nl000_naming_rule_and_file(cli_main, write_article):
    write_article("story.md", REPEATING_ARTICLE)  # mentions a pier: the test rule crashes
    write_article("school.txt", OTHER_REPEATING)
    write_article("clean.md", CLEAN_ARTICLE)

    code, out, err = cli_main("check", "--select", SEL, "story.md", "school.txt", "clean.md", plugins=[rules_plugin(CrashOnPier)])
    assert code == 2
    crash_lines = [line for line in out.splitlines() if "NL000" in line]
    assert len(crash_lines) == 1, out
    line = crash_lines[0]
    assert line.startswith("story.md:1:1: NL000 [error]")
    assert "TS994" in line and "crash-on-pier" in line and "ZeroDivisionError" in line
    # the run continued: the crashing file's other rules and the other files were still checked
    assert re.search(rf"^story\.md:{REPEAT_LINE}:\d+: NL101 ", out, re.M), out
    assert re.search(r"^school\.txt:\d+:\d+: NL101 ", out, re.M), out
    assert "Traceback" not in out + err
    assert "crashed" not in err  # said once, on its line of the report
    assert "--verbose" in line


def test_verbose_prints_the_traceback(cli_main, write_article):
    write_article("story.md", REPEATING_ARTICLE)
    code, out, err = cli_main("check", "--select", SEL, "--verbose", "story.md", plugins=[rules_plugin(CrashOnPier)])
    assert code == 2
    assert "Traceback (most recent call last)" in err
    assert "ZeroDivisionError" in err
    assert "in check" in err  # the frame of the rule that raised
    assert "Traceback" not in out


def test_crash_in_json_lists_the_error(cli_main, write_article):
    write_article("story.md", REPEATING_ARTICLE)
    write_article("clean.md", CLEAN_ARTICLE)
    code, out, err = cli_main("check", "--select", SEL, "--format", "json", "story.md", "clean.md", plugins=[rules_plugin(CrashOnPier)])
    assert code == 2
    data = json.loads(out)
    [error] = data["errors"]
    assert error["path"] == "story.md" and error["code"] == "NL000"
    assert "TS994" in error["message"]
    assert "Traceback" not in out + err  # not without --verbose
    story = next(f for f in data["files"] if f["path"] == "story.md")
    assert {f["code"] for f in story["findings"]} == {"NL000", "NL101"}


def test_crash_inside_worker_processes(write_article):
    paths = []
    for i in range(20):
        paths.append(write_article(f"desk/{i:02d}.md", REPEATING_ARTICLE if i % 4 == 0 else CLEAN_ARTICLE))
    plugin = rules_plugin(CrashOnPier)
    pooled = run_engine(paths, [plugin], jobs=2)
    serial = run_engine(paths, [plugin], jobs=1)
    crashed = sorted(r.path for r in pooled.files if any(f.code == "NL000" for f in r.findings))
    assert crashed == sorted(str(p) for i, p in enumerate(paths) if i % 4 == 0)
    assert pooled.exit_code(Severity.WARNING) == 2
    assert [(r.path, r.findings) for r in pooled.files] == [(r.path, r.findings) for r in serial.files]
    assert [e["message"] for r in pooled.files for e in r.errors] == [e["message"] for r in serial.files for e in r.errors]


def test_crashing_per_run_rule_is_reported_and_the_run_continues(cli_main, write_article):
    write_article("story.md", REPEATING_ARTICLE)
    code, out, err = cli_main("check", "--select", SEL, "story.md", plugins=[rules_plugin(CrashingRunRule)])
    assert code == 2
    assert re.search(rf"^story\.md:{REPEAT_LINE}:\d+: NL101 ", out, re.M), out
    err_lines = [line for line in err.splitlines() if "TS993" in line]
    assert len(err_lines) == 1, err
    assert "crashing-run-rule" in err_lines[0] and "comparison index is corrupt" in err_lines[0]
    assert "Traceback" not in err


def test_crash_message_names_a_third_party_plugin(write_article):
    from newslint.config import RuleIndex, build_settings
    from newslint.engine import Input, run
    from newslint.plugins import collect_rules, get_plugin_manager

    path = write_article("story.md", REPEATING_ARTICLE)
    rules = collect_rules(get_plugin_manager(extra_plugins=[rules_plugin(CrashOnPier)], autoload=False))
    # what collect_rules records for a rule that arrived through an entry point of that distribution
    rules["TS994"].plugin = "newslint-harbour 1.2.0"
    result = run([Input(str(path))], rules, build_settings({}, RuleIndex(rules)), jobs=1)
    [crash] = [f for f in result.findings if f.code == "NL000"]
    assert "newslint-harbour" in crash.message


# --- the process pool --------------------------------------------------------------------------

def _write_desk(write_article, n=24):
    names = []
    for i in range(n):
        kind = i % 3
        text = (REPEATING_ARTICLE, CLEAN_ARTICLE, OTHER_REPEATING)[kind]
        name = f"{'sport' if i % 2 else 'news'}/{i:02d}-story.{'md' if kind != 2 else 'txt'}"
        write_article(name, text)
        names.append(name)
    write_article("news/zz-broken.txt", b"Headline\n\nBad byte \xff here.\n")
    return names


def test_output_identical_with_one_or_two_jobs(run_cli, write_article):
    _write_desk(write_article)
    # every default rule, so that rule families added later are held to the same promise
    for options in (["--show-source"], ["--format", "json"]):
        one = run_cli("check", *options, "--jobs", "1", "news", "sport")
        two = run_cli("check", *options, "--jobs", "2", "news", "sport")
        assert one.returncode == two.returncode == 2
        assert one.stdout == two.stdout
        assert one.stderr == two.stderr
    data = json.loads(two.stdout)
    assert data["summary"]["files"] == 25
    assert data["summary"]["by_code"]["NL002"] == 1
    assert data["summary"]["by_code"]["NL101"] == 16


def test_fix_is_the_same_with_one_or_two_jobs(write_article, tmp_path):
    plugin = rules_plugin(ColourToColor, ColourScheme, DoubleSpace)
    outcomes = []
    for jobs in (1, 2):
        paths = [write_article(f"jobs{jobs}/{i:02d}.md", FIXABLE if i % 2 else CLEAN_ARTICLE) for i in range(20)]
        result = run_engine(paths, [plugin], jobs=jobs, fix=True)
        outcomes.append((
            [p.read_text(encoding="utf-8") for p in paths],
            [[(f.code, f.start, f.end) for f in r.fixed] for r in result.files],
            [[(f.code, f.start, f.end) for f in r.findings] for r in result.files],
        ))
    assert outcomes[0] == outcomes[1]
    texts, fixed, _ = outcomes[1]
    assert sum(len(f) for f in fixed) == 4 * 10
    assert all("  " not in t for t in texts)


def test_pool_really_runs_in_worker_processes(write_article):
    paths = [write_article(f"{i:02d}.md", CLEAN_ARTICLE) for i in range(20)]
    result = run_engine(paths, [rules_plugin(WorkerPid)], jobs=2)
    pids = {f.message for f in result.findings if f.code == "TS995"}
    assert len([f for f in result.findings if f.code == "TS995"]) == 20
    assert f"pid {os.getpid()}" not in pids


def test_per_run_rules_see_every_document_whatever_the_jobs(write_article):
    paths = [write_article(f"{i:02d}.md", CLEAN_ARTICLE if i % 2 else REPEATING_ARTICLE) for i in range(20)]
    pooled = run_engine(paths, [rules_plugin(CountArticles)], jobs=2)
    serial = run_engine(paths, [rules_plugin(CountArticles)], jobs=1)
    assert {f.message for f in pooled.findings if f.code == "TS996"} == {"20 articles in this run"}
    assert pooled.findings == serial.findings


def test_output_is_sorted_by_path_whatever_the_argument_order(run_cli, write_article):
    write_article("a.md", REPEATING_ARTICLE)
    write_article("b.txt", OTHER_REPEATING)
    forward = run_cli("check", "--select", SELECT, "a.md", "b.txt")
    backward = run_cli("check", "--select", SELECT, "b.txt", "a.md")
    assert forward.stdout.count("NL101") == 2
    assert forward.stdout == backward.stdout


# --- --fix -------------------------------------------------------------------------------------

FIXABLE = (
    "# Paint shop\n\n"
    "The new colour scheme for the  trams was chosen by  readers.\n\n"
    "Another colour was rejected.\n"
)


def test_apply_fixes_takes_only_non_overlapping_fixes(write_article):
    path = write_article("paint.md", FIXABLE)
    result = run_engine([path], [rules_plugin(ColourToColor, ColourScheme, DoubleSpace)])
    findings = result.findings
    text, applied = apply_fixes(FIXABLE, findings)
    fixed_codes = sorted(f.code for f in applied)
    # two double spaces, the second "colour", and exactly one of the two fixes on "colour scheme"
    assert len(applied) == 4, fixed_codes
    assert fixed_codes.count("TS999") == 2
    spans = sorted((f.fix.start.offset, f.fix.end.offset) for f in applied)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))
    assert text in (
        "# Paint shop\n\nThe new color scheme for the trams was chosen by readers.\n\nAnother color was rejected.\n",
        "# Paint shop\n\nThe new palette for the trams was chosen by readers.\n\nAnother color was rejected.\n",
    )


def test_fix_rewrites_the_file_and_reports_each_change(cli_main, write_article, tmp_path):
    path = write_article("paint.md", FIXABLE)
    other = write_article("clean.md", CLEAN_ARTICLE)
    plugins = [rules_plugin(ColourToColor, ColourScheme, DoubleSpace)]
    code, out, err = cli_main("check", "--select", SEL, "--fix", "paint.md", "clean.md", plugins=plugins)
    new = path.read_text(encoding="utf-8")
    assert new in (
        "# Paint shop\n\nThe new color scheme for the trams was chosen by readers.\n\nAnother color was rejected.\n",
        "# Paint shop\n\nThe new palette for the trams was chosen by readers.\n\nAnother color was rejected.\n",
    )
    assert other.read_text(encoding="utf-8") == CLEAN_ARTICLE
    fixed_lines = [line for line in out.splitlines() if line.startswith("paint.md: replaced ")]
    assert len(fixed_lines) == 4, out
    # each change in words an editor reads: what was there, what is there now, on which line
    assert all(re.match(r"^paint\.md: replaced “[^”]+” with “[^”]+” on line \d+ \(TS99[789] [a-z-]+\)$", line)
               for line in fixed_lines), fixed_lines
    assert "paint.md: replaced “  ” with “ ” on line 3 (TS999 double-space)" in fixed_lines
    # the finding whose fix overlapped another is left unfixed and still reported
    remaining = [line for line in out.splitlines() if re.match(r"^paint\.md:\d+:\d+: TS99[78] ", line)]
    assert len(remaining) == 1, out
    assert code == 1
    assert "4 fixed" in out.splitlines()[-1]

    # the file is now clean of what was fixed: a second run changes nothing
    code, out, err = cli_main("check", "--select", SEL, "--fix", "paint.md", plugins=plugins)
    assert code == 0, out
    assert " replaced " not in out
    assert path.read_text(encoding="utf-8") == new


def test_without_fix_nothing_is_written(cli_main, write_article):
    path = write_article("paint.md", FIXABLE)
    before = path.stat().st_mtime_ns
    code, out, err = cli_main("check", "--select", SEL, "paint.md", plugins=[rules_plugin(ColourToColor, DoubleSpace)])
    assert code == 1
    assert path.read_text(encoding="utf-8") == FIXABLE
    assert path.stat().st_mtime_ns == before
    assert " replaced " not in out


def test_fix_keeps_bom_and_line_endings(cli_main, write_article):
    original = FIXABLE.replace("\n", "\r\n").encode("utf-8")
    path = write_article("paint.md", b"\xef\xbb\xbf" + original)
    cli_main("check", "--select", SEL, "--fix", "paint.md", plugins=[rules_plugin(DoubleSpace)])
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == original.count(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert data == b"\xef\xbb\xbf" + original.replace(b"the  trams", b"the trams").replace(b"by  readers", b"by readers")


def test_fix_leaves_suppressed_findings_alone(cli_main, write_article):
    text = (
        "# Paint shop\n\n"
        "<!-- newslint-disable-next-line TS999 -->\n"
        "Kept  as  typed.\n\n"
        "Fixed  here.\n"
    )
    path = write_article("paint.md", text)
    code, out, err = cli_main("check", "--select", SEL, "--fix", "paint.md", plugins=[rules_plugin(DoubleSpace)])
    assert path.read_text(encoding="utf-8") == text.replace("Fixed  here", "Fixed here")
    assert [line for line in out.splitlines() if "TS999" in line] == [
        "paint.md: replaced “  ” with “ ” on line 6 (TS999 double-space)"]


# --- files that cannot be checked --------------------------------------------------------------

def _make_binary(tmp_path):
    (tmp_path / "photo.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    return "photo.md", "binary"


def _make_invalid_utf8(tmp_path):
    (tmp_path / "latin1.txt").write_bytes("Café prices\n\nThe café raised its prices.\n".encode("latin-1"))
    return "latin1.txt", "byte 3"


def _make_empty(tmp_path):
    (tmp_path / "empty.md").write_bytes(b"")
    return "empty.md", "empty"


def _make_blank(tmp_path):
    (tmp_path / "blank.txt").write_bytes(b"  \n\n\t\n")
    return "blank.txt", "empty"


def _make_missing(tmp_path):
    return "missing.md", "does not exist"


def _make_symlink_loop(tmp_path):
    os.symlink("loop.md", tmp_path / "loop.md")
    return "loop.md", "cannot be read"


def _make_no_permission(tmp_path):
    if sys.platform == "win32" or os.geteuid() == 0:
        pytest.skip("file permissions do not stop this user from reading")
    path = tmp_path / "locked.md"
    path.write_text(CLEAN_ARTICLE)
    path.chmod(0)
    return "locked.md", "permission denied"


UNREADABLE = [_make_binary, _make_invalid_utf8, _make_empty, _make_blank, _make_missing, _make_symlink_loop,
              _make_no_permission]


@pytest.mark.parametrize("make", UNREADABLE, ids=lambda f: f.__name__[len("_make_"):])
def test_unreadable_file_gives_one_plain_message_and_the_rest_is_checked(make, run_cli, write_article, tmp_path):
    write_article("story.md", REPEATING_ARTICLE)
    write_article("clean.md", CLEAN_ARTICLE)
    name, words = make(tmp_path)

    proc = run_cli("check", "--select", SELECT, "story.md", name, "clean.md")
    assert proc.returncode == 2
    everything = proc.stdout + proc.stderr
    mentions = [line for line in everything.splitlines() if name in line]
    assert len(mentions) == 1, everything
    assert words in mentions[0]
    assert "NL002" in mentions[0]
    assert "Traceback" not in everything
    assert re.search(rf"^story\.md:{REPEAT_LINE}:\d+: NL101 ", proc.stdout, re.M), proc.stdout
    assert "Checked 3 files" in proc.stdout

    as_json = run_cli("check", "--select", SELECT, "--format", "json", "story.md", name, "clean.md")
    assert as_json.returncode == 2
    data = json.loads(as_json.stdout)
    assert [e["path"] for e in data["errors"]] == [name]
    assert sorted(f["path"] for f in data["files"]) == sorted(["story.md", name, "clean.md"])
    assert data["summary"]["by_code"]["NL101"] == 1


def test_invalid_utf8_on_stdin(run_cli):
    proc = run_cli("check", "-", "--stdin-filename", "wire.txt", input=b"Wire copy\n\nPrices \xe9 rose.\n")
    assert proc.returncode == 2
    mentions = [line for line in (proc.stdout + proc.stderr).splitlines() if "wire.txt" in line]
    assert len(mentions) == 1 and "byte 18" in mentions[0], proc.stdout + proc.stderr


# --- supported Pythons -------------------------------------------------------------------------

def test_rule_scope_checks_are_plain_classmethods():
    # Python 3.10-3.12 tolerate a classmethod wrapped in a classmethod; 3.13 (supported) does not.
    for attr in ("has_document_check", "has_run_check"):
        raw = Rule.__dict__[attr]
        assert isinstance(raw, classmethod)
        assert not isinstance(raw.__func__, classmethod), attr


class LongestWordAcrossRun(Rule):
    """
    ## What it does
    Test rule: each worker prepares an article's longest word; the per-run check compares them.
    """

    code = "TS989"
    name = "longest-word-across-run"
    severity = Severity.INFO
    summary = "Which article has the longest word."

    def prepare(self, doc):
        return max((doc.word(w) for w in doc.words()), key=len, default="")

    def check_run(self, docs, context):
        prepared = context.prepared(self.code)
        assert set(prepared) == {d.path for d in docs}
        winner = max(prepared.values(), key=len)
        for doc in docs:
            yield self.finding(doc, 0, 1, f"{prepared[doc.path]} (run's longest: {winner}, pid {os.getpid()})")


@pytest.mark.parametrize("jobs", [1, 2])
def test_prepared_values_reach_the_run_check(write_article, jobs):
    paths = [write_article(f"a{i:02}.txt", f"Story {i}\n\nA {'very' * (i % 5 + 1)} plain sentence number {i}.\n")
             for i in range(20)]
    result = run_engine(paths, [rules_plugin(LongestWordAcrossRun)], jobs=jobs)
    messages = [f.message for f in result.findings if f.code == "TS989"]
    assert len(messages) == 20
    assert all("run's longest: veryveryveryveryvery" in m for m in messages)
    # the run check runs in the main process whatever the number of jobs
    assert {m.rsplit("pid ", 1)[1].rstrip(")") for m in messages} == {str(os.getpid())}


# --- text from standard input is never written back ----------------------------------------------

FIXING_PLUGIN = '''
    import re
    from newslint import Rule, Severity, hookimpl

    class DoubleSpace(Rule):
        """
        ## What it does
        Test rule: two spaces between words, fixed to one.
        """
        code = "TS981"
        name = "double-space-fixer"
        severity = Severity.WARNING
        summary = "Two spaces where one will do."

        def check(self, doc):
            for m in re.finditer(r"(?<=\\S) {2,}(?=\\S)", doc.prose):
                yield self.finding(doc, m.start(), m.end(), "two spaces between words", fix=(m.start(), m.end(), " "))

    @hookimpl
    def newslint_register_rules():
        return [DoubleSpace]
'''
SPACED = "Ferry times\n\nThe ferry  leaves at six.\n"


def test_fix_never_writes_text_read_from_stdin(run_cli, write_article, entry_point_plugin):
    env = entry_point_plugin("fixer", FIXING_PLUGIN)
    # a real file is fixed in place: the rule and --fix work
    on_disk = write_article("ferry.txt", SPACED)
    proc = run_cli("check", "--select", "TS981", "--fix", "ferry.txt", autoload=True, env=env)
    assert on_disk.read_text(encoding="utf-8") == SPACED.replace("  ", " "), proc.stdout + proc.stderr
    # the same text on stdin: no file of that name (or called "stdin") is touched
    named = write_article("story.txt", "the editor's own copy\n")
    default = write_article("stdin", "not an article\n")
    for extra in (["--stdin-filename", "story.txt"], []):
        proc = run_cli("check", "--select", "TS981", "--fix", *extra, "-", input=SPACED, autoload=True, env=env)
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert re.search(r"^(story\.txt|stdin):3:10: TS981 \[warning\] two spaces", proc.stdout, re.M), proc.stdout
        assert "does not change text read from standard input" in proc.stderr
        assert named.read_text(encoding="utf-8") == "the editor's own copy\n"
        assert default.read_text(encoding="utf-8") == "not an article\n"


# --- plugins that break before any file is checked ------------------------------------------------

def test_rule_that_cannot_start_is_reported_and_the_others_run(run_cli, write_article, entry_point_plugin):
    env = entry_point_plugin("brittle", '''
        from newslint import Rule, hookimpl

        class Brittle(Rule):
            code = "TS982"
            name = "brittle"
            summary = "Cannot start."

            def __init__(self, options=None, settings=None):
                raise OSError("word list missing")

            def check(self, doc):
                return []

        @hookimpl
        def newslint_register_rules():
            return [Brittle]
    ''', distribution="newslint-brittle", version="0.3")
    write_article("story.md", REPEATING_ARTICLE)
    proc = run_cli("check", "--select", f"{SELECT},TS982", "story.md", autoload=True, env=env)
    assert proc.returncode == 2
    assert re.search(rf"^story\.md:{REPEAT_LINE}:\d+: NL101 ", proc.stdout, re.M), proc.stdout
    [line] = proc.stderr.splitlines()
    assert "TS982" in line and "brittle" in line and "newslint-brittle 0.3" in line
    assert "could not start" in line and "word list missing" in line
    assert "Traceback" not in proc.stderr
    verbose = run_cli("check", "--select", f"{SELECT},TS982", "--verbose", "story.md", autoload=True, env=env)
    assert "Traceback (most recent call last)" in verbose.stderr and "in __init__" in verbose.stderr
    as_json = run_cli("check", "--select", f"{SELECT},TS982", "--format", "json", "story.md", autoload=True, env=env)
    assert [e["code"] for e in json.loads(as_json.stdout)["errors"]] == ["NL000"]


def test_plugin_failing_in_configure_is_one_line(run_cli, write_article, entry_point_plugin):
    env = entry_point_plugin("needy", '''
        from newslint import hookimpl

        @hookimpl
        def newslint_configure(settings):
            raise KeyError("house-style")
    ''', distribution="newslint-needy")
    write_article("story.md", REPEATING_ARTICLE)
    proc = run_cli("check", "--select", SELECT, "story.md", autoload=True, env=env)
    assert proc.returncode == 2
    assert proc.stdout == ""
    [line] = proc.stderr.splitlines()
    assert "newslint-needy" in line and "house-style" in line and "Traceback" not in line


def test_output_format_that_crashes_is_one_line(run_cli, write_article, entry_point_plugin):
    env = entry_point_plugin("badformat", '''
        from newslint import hookimpl
        from newslint.reporters import Reporter

        class Broken(Reporter):
            def render(self, result):
                return 1 / 0

        @hookimpl
        def newslint_register_reporters():
            return {"broken": Broken}
    ''')
    write_article("clean.md", CLEAN_ARTICLE)
    proc = run_cli("check", "--select", SELECT, "--format", "broken", "clean.md", autoload=True, env=env)
    assert proc.returncode == 2
    [line] = proc.stderr.splitlines()
    assert "broken format" in line and "ZeroDivisionError" in line


def test_rule_that_yields_something_else_than_findings_is_its_own_crash(run_cli, write_article, entry_point_plugin):
    env = entry_point_plugin("sloppy", '''
        from newslint import Rule, hookimpl

        class Sloppy(Rule):
            code = "TS983"
            name = "sloppy"
            summary = "Yields a string."

            def check(self, doc):
                yield "exclamation mark on line 3"

        class SloppyRun(Rule):
            code = "TS984"
            name = "sloppy-run"
            summary = "Yields a number."

            def check_run(self, docs, context):
                yield 42

        @hookimpl
        def newslint_register_rules():
            return [Sloppy, SloppyRun]
    ''')
    write_article("story.md", REPEATING_ARTICLE)
    proc = run_cli("check", "--select", f"{SELECT},TS983,TS984", "story.md", autoload=True, env=env)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stdout + proc.stderr
    assert re.search(rf"^story\.md:{REPEAT_LINE}:\d+: NL101 ", proc.stdout, re.M), proc.stdout
    [crash] = [line for line in proc.stdout.splitlines() if " NL000 " in line]
    assert "TS983" in crash and "'exclamation mark on line 3', which is not a finding" in crash
    [run_crash] = [line for line in proc.stderr.splitlines() if "TS984" in line]
    assert "it gave 42, which is not a finding" in run_crash
