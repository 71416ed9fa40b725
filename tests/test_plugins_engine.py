"""What the engine promises a plugin's rules: the same behaviour whatever the number of files and
however worker processes start, a document that is the public ``newslint.parse``'s, figures that
cannot overwrite anyone's, and all or nothing from a rule that crashes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import newslint
from conftest import CLEAN_ARTICLE, REPEATING_ARTICLE, SELECT, rules_plugin, run_engine
from newslint import Document, Rule, Severity
from newslint.engine import POOL_THRESHOLD
from newslint.engine.worker import ENGINE_STATS
from newslint.plugins import collect_rules, get_plugin_manager
from newslint.rule import CODE_RE

#: enough files for a process pool with --jobs 2, and a few for none
MANY, FEW = POOL_THRESHOLD + 2, 3
SPAWN = {"NEWSLINT_START_METHOD": "spawn"}


def _desk(write_article, count: int) -> str:
    for i in range(count):
        write_article(f"desk/{i:02d}.txt", f"Ferry update {i}\n\nThe ferry to the island will run {i} extra times.\n")
    return "desk"


def _runs(run_cli, env, *args):
    """The same check with few files, with many (a pool, forked), and with many under ``spawn``."""
    return {label: run_cli("check", *args, "--jobs", "2", folder, autoload=True, env={**env, **extra})
            for label, folder, extra in (("few", "few", {}), ("many", "many", {}), ("spawn", "many", SPAWN))}


# --- per-document state never reaches check_run -------------------------------------------------------

STATEFUL = '''
    import multiprocessing
    import os
    from newslint import Rule, Severity, hookimpl

    #: the process that imported this module: under spawn, every worker imports it afresh
    IMPORTED_BY = os.getpid()

    class Remember(Rule):
        """
        ## What it does
        Test rule: stores what check saw on the rule, and reads it back in check_run.
        """
        code = "TS201"
        name = "remember"
        severity = Severity.INFO
        summary = "Counts in check_run what check stored."

        def __init__(self, options=None, settings=None):
            super().__init__(options, settings)
            self.seen = []

        def check(self, doc):
            self.seen.append(doc.path)
            where = "a process that imported the plugin itself" if IMPORTED_BY == os.getpid() else "a forked process"
            if multiprocessing.parent_process() is not None:  # a worker of a pool
                yield self.finding(doc, 0, 1, f"checked in {where}")

        def check_run(self, docs, context):
            for doc in docs:
                yield self.finding(doc, 0, 1, f"check_run sees {len(self.seen)} paths stored by check")

    @hookimpl
    def newslint_register_rules():
        return [Remember]
'''


def test_state_set_in_check_is_never_visible_in_check_run(run_cli, write_article, entry_point_plugin):
    env = entry_point_plugin("stateful", STATEFUL)
    for count, folder in ((FEW, "few"), (MANY, "many")):
        for i in range(count):
            write_article(f"{folder}/{i:02d}.txt", f"Ferry update {i}\n\nThe ferry will run {i} extra times.\n")
    runs = _runs(run_cli, env, "--select", "TS201")
    for label, proc in runs.items():
        assert proc.returncode == 0, (label, proc.stderr)
        said = [line.split(" TS201 [info] ")[1] for line in proc.stdout.splitlines() if " TS201 " in line]
        assert said.count("check_run sees 0 paths stored by check") == (FEW if label == "few" else MANY), (label, said)
    # the pools really were pools, and spawn really imported the plugin in each worker
    assert "checked in a" not in runs["few"].stdout
    assert runs["many"].stdout.count("checked in a forked process") == MANY
    assert runs["spawn"].stdout.count("checked in a process that imported the plugin itself") == MANY


# --- a rule that cannot be pickled ----------------------------------------------------------------------

UNPICKLABLE = '''
    from newslint import Rule, hookimpl

    class Folded(Rule):
        """
        ## What it does
        Test rule: keeps a lambda on the rule, which cannot be pickled.
        """
        code = "TS202"
        name = "folded"
        summary = "Keeps a lambda."

        def __init__(self, options=None, settings=None):
            super().__init__(options, settings)
            self.fold = lambda word: word.casefold()

        def check(self, doc):
            yield self.finding(doc, 0, 1, self.fold("RAN"))

    @hookimpl
    def newslint_register_rules():
        return [Folded]
'''


def test_a_rule_that_cannot_be_pickled_is_nl000_for_that_rule_whatever_the_start_method(
        run_cli, write_article, entry_point_plugin):
    env = entry_point_plugin("unpicklable", UNPICKLABLE, distribution="newslint-folded", version="0.2")
    for count, folder in ((FEW, "few"), (MANY, "many")):
        for i in range(count):
            write_article(f"{folder}/{i:02d}.md", REPEATING_ARTICLE if i == 0 else CLEAN_ARTICLE)
    runs = _runs(run_cli, env, "--select", f"{SELECT},TS202")
    for label, proc in runs.items():
        assert proc.returncode == 2, (label, proc.stderr)
        assert "Traceback" not in proc.stderr, label
        [line] = proc.stderr.splitlines()
        assert line.startswith("newslint: error: rule TS202 (folded) (from newslint-folded 0.2) cannot be sent "
                               "to the worker processes, so it did not run"), line
        assert "lambda" in line
        assert " TS202 " not in proc.stdout and "ran" not in proc.stdout
        # the other rules ran
        assert len([line for line in proc.stdout.splitlines() if " NL101 " in line]) == 1, (label, proc.stdout)
    assert runs["many"].stdout.replace("many/", "") == runs["few"].stdout.replace("few/", "").replace(
        "3 files", f"{MANY} files")
    assert runs["spawn"].stdout == runs["many"].stdout


def test_spawn_gives_the_same_report_as_one_process(run_cli, write_article):
    for i in range(MANY):
        write_article(f"desk/{i:02d}.md", REPEATING_ARTICLE.replace("Tuesday", f"day {i}") if i % 3 else CLEAN_ARTICLE)
    one = run_cli("check", "--jobs", "1", "desk")
    spawned = run_cli("check", "--jobs", "2", "desk", env=SPAWN)
    assert one.returncode == 1 and one.stderr == ""
    assert (spawned.stdout, spawned.stderr, spawned.returncode) == (one.stdout, one.stderr, one.returncode)


def test_an_unknown_start_method_is_one_line_and_the_files_are_still_checked(run_cli, write_article):
    folder = _desk(write_article, MANY)
    proc = run_cli("check", "--select", SELECT, "--jobs", "2", folder, env={"NEWSLINT_START_METHOD": "teleport"})
    assert proc.returncode == 2
    [line] = proc.stderr.splitlines()
    assert line.startswith("newslint: error: NEWSLINT_START_METHOD=teleport is not a start method here")
    assert f"Checked {MANY} files" in proc.stdout


# --- all or nothing from a rule that crashes ---------------------------------------------------------

HALF_DONE = '''
    from newslint import Rule, Severity, hookimpl

    class HalfDone(Rule):
        """
        ## What it does
        Test rule: reports (with a fix) every "colour", then crashes on the word "pier".
        """
        code = "TS203"
        name = "half-done"
        severity = Severity.WARNING
        summary = "Reports, then crashes."

        def check(self, doc):
            start = doc.text.find("colour")
            if start != -1:
                yield self.finding(doc, start, start + 6, "say color", fix=(start, start + 6, "color"))
            if "pier" in doc.text:
                raise RuntimeError("the pier index is missing")

    class HalfCompared(Rule):
        """
        ## What it does
        Test rule: reports on the first article of the run, then crashes comparing them.
        """
        code = "TS204"
        name = "half-compared"
        summary = "Reports, then crashes while comparing."

        def check_run(self, docs, context):
            yield self.finding(docs[0], 0, 1, "first of the run")
            raise RuntimeError("the comparison broke")

    @hookimpl
    def newslint_register_rules():
        return [HalfDone, HalfCompared]
'''
PIER = "Pier colour chosen\n\nThe colour of the new pier was chosen by readers.\n"
NO_PIER = "Tram colour chosen\n\nThe colour of the new trams was chosen by readers.\n"


def test_a_rule_that_crashes_after_reporting_adds_nothing_for_that_file(run_cli, write_article, entry_point_plugin):
    env = entry_point_plugin("halfdone", HALF_DONE)
    pier, trams = write_article("pier.txt", PIER), write_article("trams.txt", NO_PIER)
    proc = run_cli("check", "--select", "TS203", "--fix", "pier.txt", "trams.txt", autoload=True, env=env)
    assert proc.returncode == 2
    [crash] = [line for line in proc.stdout.splitlines() if " NL000 " in line]
    assert crash.startswith("pier.txt:1:1: NL000 [error] rule TS203 (half-done)")
    assert "the pier index is missing" in crash
    # what it reported on pier.txt before the crash is dropped: not reported, and its fix not written
    assert not [line for line in proc.stdout.splitlines() if line.startswith("pier.txt") and "TS203" in line
                and "NL000" not in line]
    assert pier.read_text(encoding="utf-8") == PIER
    # on the other file it did not crash: its finding and fix stand
    # (--fix checks the fixed text again, so the rule's next "colour" is fixed in the same run)
    assert trams.read_text(encoding="utf-8") == NO_PIER.replace("colour", "color")
    assert "trams.txt: replaced “colour” with “color” on line 1 (TS203 half-done)" in proc.stdout.splitlines()


def test_a_per_run_rule_that_crashes_after_reporting_adds_nothing(run_cli, write_article, entry_point_plugin):
    env = entry_point_plugin("halfcompared", HALF_DONE)
    write_article("pier.txt", PIER)
    write_article("trams.txt", NO_PIER)
    proc = run_cli("check", "--select", "TS204", "pier.txt", "trams.txt", autoload=True, env=env)
    assert proc.returncode == 2
    assert " TS204 " not in proc.stdout
    [line] = proc.stderr.splitlines()
    assert "rule TS204 (half-compared)" in line and "crashed while comparing the files" in line
    assert "the comparison broke" in line


def test_the_nl000_page_says_what_happens_to_findings_before_the_crash(run_cli):
    page = run_cli("explain", "NL000")
    assert "before it crashed" in page.stdout and "dropped" in page.stdout


OUTSIDER = '''
    from newslint import Rule, Severity, hookimpl
    from newslint.findings import Finding, Position

    class Outsider(Rule):
        """
        ## What it does
        Test rule: a per-run finding for a file that is not part of the run.
        """
        code = "TS205"
        name = "outsider"
        severity = Severity.INFO
        summary = "Reports on a file outside the run."

        def check_run(self, docs, context):
            at = Position(0, 1, 1)
            yield Finding("archive/old.md", self.code, self.name, self.severity, at, at, "seen in the archive")

    @hookimpl
    def newslint_register_rules():
        return [Outsider]
'''


def test_a_per_run_finding_for_a_file_outside_the_run_is_nl000(run_cli, write_article, entry_point_plugin):
    env = entry_point_plugin("outsider", OUTSIDER)
    write_article("story.md", REPEATING_ARTICLE)
    proc = run_cli("check", "--select", f"{SELECT},TS205", "story.md", autoload=True, env=env)
    assert proc.returncode == 2
    [line] = proc.stderr.splitlines()
    assert "rule TS205 (outsider)" in line
    assert "archive/old.md, which is not one of the files checked in this run" in line
    assert "seen in the archive" not in proc.stdout
    assert " NL101 " in proc.stdout  # the other rules' findings stand


# --- figures ----------------------------------------------------------------------------------------

class Greedy(Rule):
    """
    ## What it does
    Test rule: its figures use the engine's and the readability rules' names.
    """

    code = "TS206"
    name = "greedy-figures"
    severity = Severity.INFO
    summary = "Figures with names already taken."

    def measure(self, doc):
        return {"words": -1, "grade": -1, "NL101": "mine"}


class NotADict(Rule):
    """
    ## What it does
    Test rule: measure() returns a list.
    """

    code = "TS207"
    name = "not-a-dict"
    severity = Severity.INFO
    summary = "Figures that are not a table."

    def measure(self, doc):
        return [1, 2]


def test_a_plugins_figures_cannot_overwrite_the_engines_or_a_rules(write_article):
    path = write_article("story.md", REPEATING_ARTICLE)
    alone = run_engine([path], config={"select": ["NL401"]}).files[0].stats
    result = run_engine([path], [rules_plugin(Greedy)], config={"select": ["NL401", "TS206"]})
    stats = result.files[0].stats
    assert stats["TS206"] == {"words": -1, "grade": -1, "NL101": "mine"}
    assert {k: v for k, v in stats.items() if k != "TS206"} == alone
    assert stats["words"] > 0 and stats["grade"] > 0


def test_figures_that_are_not_a_table_are_that_rules_crash(write_article):
    path = write_article("story.md", REPEATING_ARTICLE)
    result = run_engine([path], [rules_plugin(NotADict)])
    [error] = result.files[0].errors
    assert "TS207" in error["message"] and "not a dict of names to values" in error["message"]
    assert "TS207" not in result.files[0].stats
    assert any(f.code == "NL101" for f in result.findings)


ARTICLES = {
    "harbour.md": REPEATING_ARTICLE,
    "library.txt": CLEAN_ARTICLE,
    "long.md": "# Budget\n\n" + " ".join(["The council agreed a budget that pays for the harbour, the library "
                                           "and the buses for the next three years."] * 6) + "\n\n- one\n- two\n",
}


def test_the_builtin_figures_collide_with_nothing(tmp_path):
    """Built-in rules keep their top-level keys (the JSON contract): none may look like a rule code (a
    plugin's table), and a figure given twice, by two rules or by a rule and the engine (the readability
    rules repeat the word count), has the same value both times."""
    rules = collect_rules(get_plugin_manager(autoload=False))
    from newslint.config import RuleIndex, build_settings

    settings = build_settings({"select": ["ALL"]}, RuleIndex(rules))
    measuring = [cls(settings.options_for(code), settings) for code, cls in rules.items()
                 if cls.measure is not Rule.measure]
    assert measuring, "no built-in rule gives figures: this test has nothing to check"
    for name, text in ARTICLES.items():
        doc = newslint.parse(name, text)
        engine = {"words": len(list(doc.words())), "sentences": len(list(doc.sentences())),
                  "paragraphs": len(doc.paragraphs)}
        assert set(engine) == set(ENGINE_STATS)
        given: dict[str, tuple[str, object]] = {key: ("the engine", value) for key, value in engine.items()}
        for rule in measuring:
            for key, value in rule.measure(doc).items():
                assert not CODE_RE.match(key), f"{rule.code}'s {key!r} looks like a plugin's table"
                if key in given:
                    assert given[key][1] == value, f"{rule.code} and {given[key][0]} disagree on {key!r}"
                given[key] = (rule.code, value)


# --- the document a rule sees is newslint.parse's ----------------------------------------------------

SEEN: list[Document] = []


class Recorder(Rule):
    """
    ## What it does
    Test rule: keeps the documents it is given (in this process), and those check_run is given.
    """

    code = "TS208"
    name = "recorder"
    severity = Severity.INFO
    summary = "Records documents."

    def check(self, doc):
        SEEN.append(doc)
        return ()

    def check_run(self, docs, context):
        SEEN.extend(docs)
        return ()


SEGMENTED = {
    "front.md": "---\ntitle: Harbour\ntags: [council]\nnewslint:\n  ignore: [NL104]\n---\n# Harbour plan\n\n"
                "The *council* voted on Tuesday. Work starts in May.\n\n## Costs\n\n- The pier costs more.\n"
                "- The [quay](https://example.org) less.\n\n<!-- newslint-disable-next-line NL101 -->\n"
                "> A resident said: \"At last.\"\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "plain.txt": "Ferry times change\n\nBy Ann Reporter\n\nThe ferry leaves at six. It returns at nine.\n\n"
                 "Passengers asked for the change.\n",
}


def _shape(doc: Document) -> tuple:
    return (doc.path, doc.text, doc.format, doc.prose, doc.blocks, tuple(doc.sentences()), tuple(doc.words()),
            doc.headline, doc.metadata_spans, dict(doc.front_matter), doc.front_matter_errors, doc.directives,
            doc.paragraphs, doc.headings, doc.line_starts)


@pytest.mark.parametrize("jobs, copies", [(1, 1), (2, POOL_THRESHOLD)])
def test_parse_gives_the_document_a_rule_sees_in_the_engine(tmp_path, jobs, copies):
    paths = []
    for name, text in SEGMENTED.items():
        for i in range(copies):
            path = tmp_path / f"{i:02d}-{name}"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
    SEEN.clear()
    run_engine(paths, [rules_plugin(Recorder)], jobs=jobs)
    # with a pool, check ran in other processes: only check_run's documents (sent back) are seen here
    assert len(SEEN) == (2 * len(paths) if jobs == 1 else len(paths))
    for doc in SEEN:
        text = Path(doc.path).read_text(encoding="utf-8")
        assert _shape(newslint.parse(doc.path, text)) == _shape(doc)
        assert _shape(Document(doc.path, text)) == _shape(doc)
        assert _shape(Document.from_text(doc.path, text)) == _shape(doc)
    blocks = {b.kind for doc in SEEN for b in doc.blocks}
    assert {"headline", "heading", "paragraph", "list_item", "blockquote", "table"} <= blocks
    assert any(doc.front_matter.get("title") == "Harbour" for doc in SEEN)
    assert any(doc.directives for doc in SEEN) and any(doc.metadata_spans for doc in SEEN)


def test_parse_and_document_are_documented_as_public():
    assert "parse" in newslint.__all__ and "Document" in newslint.__all__
    assert "as the engine builds it" in (newslint.parse.__doc__ or "")
    assert "the same fully segmented document the engine gives the rules" in " ".join((Document.__doc__ or "").split())
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Writing a plugin", 1)[1].split("\n## ", 1)[0]
    assert "newslint.parse(path, text)" in section and "Document(path, text)" in section


# --- the JSON contract ----------------------------------------------------------------------------

def test_json_stats_keep_their_top_level_keys(run_cli, write_article):
    write_article("story.md", REPEATING_ARTICLE)
    proc = run_cli("check", "--format", "json", "story.md")
    [entry] = json.loads(proc.stdout)["files"]
    assert set(ENGINE_STATS) <= set(entry["stats"])
    assert "grade" in entry["stats"]
    assert not [key for key in entry["stats"] if re.match(CODE_RE, key)]


class Elsewhere(Rule):
    """
    ## What it does
    Test rule: a per-document finding for another file.
    """

    code = "TS209"
    name = "elsewhere"
    severity = Severity.INFO
    summary = "Reports on another file while checking this one."

    def check(self, doc):
        yield self.finding(newslint.parse("other.md", doc.text), 0, 1, "somewhere else")


def test_a_per_document_finding_for_another_file_is_that_rules_crash(write_article):
    path = write_article("story.md", REPEATING_ARTICLE)
    result = run_engine([path], [rules_plugin(Elsewhere)])
    [error] = result.files[0].errors
    assert "TS209" in error["message"] and "a finding for other.md while checking" in error["message"]
    assert not [f for f in result.findings if f.code == "TS209"]
