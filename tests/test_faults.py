"""Faults in a plugin, a worker or a configuration file: each is one plain line (or an NL000 for the
rule and file), the rest of the run goes on, and nothing hangs. Through the CLI, with a small test
plugin that misbehaves as ``FAULT`` (an environment variable) says."""

from __future__ import annotations

import json
import re
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import cli_env
from newslint.engine import POOL_THRESHOLD

MANY = POOL_THRESHOLD + 4

FAULTY = '''
    import dataclasses
    import os
    import signal
    import sys
    import time

    from newslint import Rule, Severity, hookimpl
    from newslint.findings import Position

    FAULT = os.environ.get("FAULT", "")
    if FAULT == "import-hang":
        time.sleep(120)
    if FAULT == "import-exit":
        sys.exit(3)


    class Faulty(Rule):
        """
        ## What it does
        Test rule: misbehaves on articles that mention a tram, as FAULT says.
        """
        code = "TS701"
        name = "faulty"
        severity = Severity.WARNING
        summary = "Misbehaves on trams."

        def check(self, doc):
            if "tram" not in doc.text:
                yield self.finding(doc, 0, 1, "a quiet article")
                return
            if FAULT == "hang":
                while True:
                    try:
                        time.sleep(120)
                    except Exception:  # a rule that swallows what it can must be stopped all the same
                        pass
            if FAULT == "exit":
                sys.exit(4)
            if FAULT == "interrupt":
                raise KeyboardInterrupt
            if FAULT == "die":
                os._exit(9)
            if FAULT == "killed-once":
                marker = os.path.join(os.environ["MARKERS"], os.path.basename(doc.path))
                if not os.path.exists(marker):
                    open(marker, "w").close()
                    os.kill(os.getpid(), signal.SIGKILL)
            found = self.finding(doc, 0, 1, "a tram")
            if FAULT == "severity":
                found = dataclasses.replace(found, severity="catastrophic")
            if FAULT == "past-the-end":
                found = dataclasses.replace(found, start=Position(10_000, 400, 1), end=Position(10_001, 400, 2))
            if FAULT == "reversed":
                found = dataclasses.replace(found, start=doc.position(5), end=doc.position(2))
            if FAULT == "code":
                found = dataclasses.replace(found, code="TS999")
            yield found


    class Steady(Rule):
        """
        ## What it does
        Test rule: one finding on every article, whatever the other rule does.
        """
        code = "TS702"
        name = "steady"
        severity = Severity.INFO
        summary = "Always reports."

        def check(self, doc):
            yield self.finding(doc, 0, 1, "steady as she goes")


    class Comparing(Rule):
        """
        ## What it does
        Test rule: compares the articles, and misbehaves as FAULT says.
        """
        code = "TS703"
        name = "comparing"
        severity = Severity.INFO
        summary = "Compares."

        def __init__(self, options=None, settings=None):
            super().__init__(options, settings)
            if FAULT == "setup-hang":
                time.sleep(120)

        def check_run(self, docs, context):
            for doc in docs:
                found = self.finding(doc, 0, 1, "compared")
                if FAULT == "run-severity":
                    found = dataclasses.replace(found, severity=3)
                if FAULT == "run-past-the-end":
                    found = dataclasses.replace(found, end=Position(len(doc.text) + 5, 90, 1))
                yield found


    @hookimpl
    def newslint_register_rules():
        if FAULT == "register-hang":
            time.sleep(120)
        return [Faulty, Steady, Comparing]


    @hookimpl
    def newslint_configure(settings):
        if FAULT == "configure-hang":
            time.sleep(120)
        if FAULT == "configure-exit":
            raise SystemExit(5)
'''

TRAM = "Tram line extended\n\nThe tram line will reach the hospital by May.\n"
QUIET = "Library hours\n\nThe library will open late on Thursdays from {n} May.\n"


@pytest.fixture
def faulty(entry_point_plugin, write_article):
    env = entry_point_plugin("faulty_rules", FAULTY, distribution="newslint-faulty")

    def articles(count: int = 2) -> None:
        write_article("desk/tram.txt", TRAM)
        for n in range(count - 1):
            write_article(f"desk/quiet-{n:02d}.txt", QUIET.format(n=n + 1))

    return env, articles


def check(run_cli, env, fault: str, *args: str, timeout: float = 60, select: str = "TS701,TS702"):
    t0 = time.monotonic()
    proc = run_cli("check", "--isolated", "--select", select, *args, autoload=True, env={**env, "FAULT": fault},
                   timeout=timeout)
    proc.seconds = time.monotonic() - t0
    return proc


def lines(proc, code: str) -> list[str]:
    return [line for line in proc.stdout.splitlines() if f": {code} [" in line]


# --- a rule stuck on a file ------------------------------------------------------------------------

@pytest.mark.parametrize("jobs, count", [("1", 3), ("2", MANY)])
def test_a_rule_stuck_on_a_file_is_stopped_and_the_run_goes_on(run_cli, faulty, jobs, count):
    env, articles = faulty
    articles(count)
    proc = check(run_cli, env, "hang", "--rule-timeout", "1", "--jobs", jobs, "desk")
    assert proc.returncode == 2, proc.stderr
    assert proc.seconds < 40
    [stopped] = lines(proc, "NL000")
    assert stopped.startswith("desk/tram.txt:1:1: NL000 [error] rule TS701 (faulty)")
    assert "was stopped on this file: it ran for more than 1 second" in stopped and "rule-timeout" in stopped
    # the other rule's finding on that file is kept, and the other files were checked
    assert "desk/tram.txt:1:1: TS702 [info] steady as she goes" in proc.stdout
    assert len(lines(proc, "TS701")) == count - 1 and len(lines(proc, "TS702")) == count


def test_the_time_limit_is_set_in_the_configuration_too(run_cli, faulty, tmp_path):
    env, articles = faulty
    articles(2)
    (tmp_path / "newslint.toml").write_text("rule-timeout = 1.5\n", encoding="utf-8")
    proc = run_cli("check", "--select", "TS701", "--jobs", "1", "desk", autoload=True, env={**env, "FAULT": "hang"},
                   timeout=60)
    assert proc.returncode == 2
    assert "it ran for more than 1.5 seconds" in proc.stdout
    for bad in ("nan", "inf", "-1", '"soon"', "100000"):
        (tmp_path / "newslint.toml").write_text(f"rule-timeout = {bad}\n", encoding="utf-8")
        proc = run_cli("check", "--select", "TS701", "desk", autoload=True, env=env)
        assert proc.returncode == 2 and proc.stdout == "", bad
        assert proc.stderr.startswith("newslint: error: newslint.toml: rule-timeout: expected a number of seconds"), bad
    proc = run_cli("check", "--isolated", "--rule-timeout", "nan", "desk")
    assert proc.returncode == 2 and "--rule-timeout: expected a number of seconds" in proc.stderr


@pytest.mark.parametrize("fault, words", [
    ("import-hang", "could not be loaded: its import did not finish: it ran for more than 1 second"),
    ("import-exit", "could not be loaded: it called sys.exit(3) while being imported"),
    ("register-hang", "failed to register its rules: it ran for more than 1 second"),
    ("configure-hang", "failed while reading the configuration: it ran for more than 1 second"),
    ("configure-exit", "failed while reading the configuration: SystemExit: 5"),
])
def test_a_plugin_that_hangs_or_exits_while_loading_is_one_line_and_exit_2(run_cli, faulty, fault, words):
    env, articles = faulty
    articles(1)
    proc = check(run_cli, env, fault, "--rule-timeout", "1", "desk", timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert proc.seconds < 40
    [line] = proc.stderr.splitlines()
    assert line.startswith("newslint: error: ") and words in line, line
    assert "faulty" in line  # the plugin is named
    assert "Traceback" not in proc.stderr


def test_a_rule_that_hangs_while_being_set_up_is_nl000_and_the_others_run(run_cli, faulty):
    env, articles = faulty
    articles(2)
    proc = check(run_cli, env, "setup-hang", "--rule-timeout", "1", "desk", select="TS7")
    assert proc.returncode == 2 and proc.seconds < 40
    [line] = proc.stderr.splitlines()
    assert "rule TS703 (comparing)" in line and "could not start" in line and "more than 1 second" in line
    assert len(lines(proc, "TS702")) == 2 and not lines(proc, "TS703")


@pytest.mark.skipif(os.name != "posix", reason="signals")
def test_a_real_ctrl_c_still_stops_the_run(faulty, tmp_path):
    env, articles = faulty
    articles(2)
    proc = subprocess.Popen([sys.executable, "-m", "newslint", "check", "--isolated", "--select", "TS701",
                             "--rule-timeout", "0", "--jobs", "1", "desk"], cwd=tmp_path,
                            env=cli_env(True, {**env, "FAULT": "hang"}), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    time.sleep(3)  # the rule is stuck on tram.txt, with no limit
    assert proc.poll() is None
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and err.strip() == "newslint: interrupted", err


# --- sys.exit and KeyboardInterrupt raised by a rule -----------------------------------------------

@pytest.mark.parametrize("fault, what", [("exit", "SystemExit: 4"), ("interrupt", "KeyboardInterrupt")])
@pytest.mark.parametrize("jobs, count", [("1", 3), ("2", MANY)])
def test_sys_exit_in_a_rule_is_that_rules_crash(run_cli, faulty, fault, what, jobs, count):
    env, articles = faulty
    articles(count)
    proc = check(run_cli, env, fault, "--jobs", jobs, "desk")
    assert proc.returncode == 2, proc.stderr
    [crash] = lines(proc, "NL000")
    assert crash.startswith("desk/tram.txt:1:1: NL000 [error] rule TS701 (faulty)") and what in crash
    assert len(lines(proc, "TS702")) == count and proc.stdout.rstrip().splitlines()[-1].startswith(
        f"Checked {count} files")


# --- a worker that dies ----------------------------------------------------------------------------

def test_a_worker_that_dies_loses_no_other_result(run_cli, faulty):
    env, articles = faulty
    articles(MANY)
    proc = check(run_cli, env, "die", "--jobs", "2", "desk")
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and "BrokenProcessPool" not in proc.stderr
    [lost] = lines(proc, "NL000")
    # how the worker ended is said when the pool still knows it (it may have let go of its processes)
    assert re.match(r"desk/tram\.txt:1:1: NL000 \[error\] the worker process checking desk/tram\.txt stopped "
                    r"unexpectedly( \(it exited with code 9\))?, twice", lost), lost
    assert len(lines(proc, "TS701")) == MANY - 1 and len(lines(proc, "TS702")) == MANY - 1
    [said] = proc.stderr.splitlines()
    assert said.startswith("newslint: error: a worker process stopped unexpectedly")
    # the files the other worker held when the pool broke are lost with it too: how many depends
    # on the timing, and each is checked again (only the tram article ends its worker again)
    lost_with_it = re.search(r"of the (\d+) files? whose results were lost with it, (\d+) (?:was|were) checked "
                             r"again one at a time, and 1 of them stopped its worker again \(NL000 on each\)", said)
    assert lost_with_it and lost_with_it.group(1) == lost_with_it.group(2), said


def test_a_plugin_that_ends_every_worker_does_not_start_a_process_per_file(run_cli, faulty, write_article):
    from newslint.engine.run import GIVE_UP_AFTER

    env, articles = faulty
    articles(MANY)
    for n in range(GIVE_UP_AFTER + 10):
        write_article(f"desk/tram-{n:02d}.txt", TRAM.replace("May", f"May ({n})"))
    proc = check(run_cli, env, "die", "--jobs", "2", "--format", "json", "desk")
    assert proc.returncode == 2 and proc.seconds < 60
    report = json.loads(proc.stdout)
    lost = [r["path"] for r in report["files"] if [f["code"] for f in r["findings"]] == ["NL000"]]
    kept = [r["path"] for r in report["files"] if "TS702" in [f["code"] for f in r["findings"]]]
    assert len(report["files"]) == MANY + GIVE_UP_AFTER + 10
    assert sorted(lost + kept) == sorted(r["path"] for r in report["files"])
    assert all("tram" in p for p in lost) and len(lost) == GIVE_UP_AFTER + 11
    [said] = [line for line in proc.stderr.splitlines() if "a worker process stopped unexpectedly" in line]
    assert f"after {GIVE_UP_AFTER} in a row had (NL000 on each)" in said


def test_files_lost_with_a_killed_worker_are_checked_again(run_cli, faulty, tmp_path):
    """The out-of-memory killer, once: the files are checked again and nothing is missing."""
    env, articles = faulty
    articles(MANY)
    (tmp_path / "markers").mkdir()
    proc = check(run_cli, env | {"MARKERS": str(tmp_path / "markers")}, "killed-once", "--jobs", "2",
                 "--format", "json", "desk")
    assert proc.returncode == 2, proc.stderr
    report = json.loads(proc.stdout)
    found = sorted((r["path"], f["code"]) for r in report["files"] for f in r["findings"])
    assert ("desk/tram.txt", "TS701") in found and ("desk/tram.txt", "TS702") in found
    assert len(report["files"]) == MANY and not [f for f in found if f[1] == "NL000"]
    [said] = proc.stderr.splitlines()
    # the signal is named when the pool still holds the dead process; the SIGTERM it sends the
    # other worker is never given as the reason
    assert re.search(r"a worker process stopped unexpectedly( \(killed by SIGKILL, perhaps for want of memory\))?;",
                     said) and "checked again" in said and "SIGTERM" not in said, said


# --- findings that break the contract --------------------------------------------------------------

@pytest.mark.parametrize("fault, words", [
    ("severity", "its severity is 'catastrophic'"),
    ("past-the-end", "its start (line 400, column 1, offset 10000) is not a place in the file"),
    ("reversed", "it ends (line 1, column 3) before it starts (line 1, column 6)"),
    ("code", "its code is 'TS999', not the rule's TS701"),
])
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github"])
def test_an_invalid_finding_is_nl000_and_no_reporter_meets_it(run_cli, faulty, fault, words, fmt):
    env, articles = faulty
    articles(2)
    proc = check(run_cli, env, fault, "--format", fmt, "desk")
    assert proc.returncode == 2, proc.stderr
    assert "failed to write its report" not in proc.stderr and "Traceback" not in proc.stderr
    assert "it gave an invalid finding" in proc.stdout + proc.stderr and words in proc.stdout + proc.stderr
    assert "catastrophic" not in proc.stdout.replace(words, "") and "TS999" not in proc.stdout.replace(words, "")
    if fmt == "json":
        codes = sorted((r["path"], f["code"]) for r in json.loads(proc.stdout)["files"] for f in r["findings"])
        assert codes == [("desk/quiet-00.txt", "TS701"), ("desk/quiet-00.txt", "TS702"),
                         ("desk/tram.txt", "NL000"), ("desk/tram.txt", "TS702")]


@pytest.mark.parametrize("fault, words", [
    ("run-severity", "its severity is 3"),
    ("run-past-the-end", "its end (line 90, column 1) is not a place in desk/quiet-00.txt"),
])
def test_an_invalid_per_run_finding_is_nl000(run_cli, faulty, fault, words):
    env, articles = faulty
    articles(2)
    proc = check(run_cli, env, fault, "desk", select="TS703")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    [line] = proc.stderr.splitlines()
    assert "rule TS703 (comparing)" in line and "crashed while comparing the files" in line and words in line, line
    assert not lines(proc, "TS703")


# --- configuration files that the TOML parser chokes on --------------------------------------------

DEEP = "a = " + "[" * 5000 + "]" * 5000 + "\n"
LONG = "[rules.NL101]\nmin-words = " + "9" * 5000 + "\n"


@pytest.mark.parametrize("text, words", [(DEEP, "its tables or arrays are nested too deeply"),
                                         (LONG, "a number in it is too long (more than 4,300 digits)")])
def test_a_configuration_the_toml_parser_chokes_on_is_one_line(run_cli, write_article, tmp_path, text, words):
    write_article("story.txt", QUIET.format(n=2))
    (tmp_path / "newslint.toml").write_text(text, encoding="utf-8")
    proc = run_cli("check", "story.txt")
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == f"newslint: error: newslint.toml: is not valid TOML: {words}\n"
    (tmp_path / "newslint.toml").unlink()
    # in a pyproject.toml with a [tool.newslint] table: the same
    (tmp_path / "pyproject.toml").write_text("[tool.newslint]\nselect = ['NL1']\n" + text.replace("[rules.", "[tool.newslint.rules."),
                                             encoding="utf-8")
    proc = run_cli("check", "story.txt")
    assert proc.returncode == 2 and proc.stderr.startswith("newslint: error: pyproject.toml: is not valid TOML: ")
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("text", [DEEP, "[project]\nversion = " + "9" * 5000 + "\n"])
def test_a_parent_pyproject_without_our_table_is_passed_whatever_is_in_it(run_cli, write_article, tmp_path, text):
    """Another tool's pyproject.toml above the project is not newslint's to judge."""
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    write_article("desk/story.txt", QUIET.format(n=3))
    proc = run_cli("check", "--select", "NL101", "story.txt", cwd=tmp_path / "desk")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "" and "no problems found" in proc.stdout


def test_a_pyproject_with_our_table_that_is_not_utf8_is_an_error(run_cli, write_article, tmp_path):
    write_article("story.txt", QUIET.format(n=4))
    (tmp_path / "pyproject.toml").write_bytes("[tool.newslint]\nselect = ['NL1']\n# caf\xe9\n".encode("latin-1"))
    proc = run_cli("check", "story.txt")
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == "newslint: error: pyproject.toml: is not valid UTF-8 text (byte 38); save it as UTF-8\n"
    # without our table, another tool's file in another encoding is passed
    (tmp_path / "pyproject.toml").write_bytes("[project]\nname = 'caf\xe9'\n".encode("latin-1"))
    assert run_cli("check", "--select", "NL101", "story.txt").returncode == 0


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_nan_and_inf_are_refused_for_a_number_option(run_cli, write_article, tmp_path, value):
    write_article("story.txt", QUIET.format(n=5))
    (tmp_path / "newslint.toml").write_text(f"[rules.NL401]\ntarget-grade = {value}\n", encoding="utf-8")
    proc = run_cli("check", "story.txt")
    assert proc.returncode == 2
    assert proc.stderr == (f"newslint: error: newslint.toml: [rules.NL401] target-grade: expected a finite number, "
                           f"got {value}\n")


def test_utf32_is_named_as_utf32(run_cli, write_article):
    write_article("bom.txt", "The tram line will reach the hospital.\n".encode("utf-32"))
    write_article("utf16.txt", "The tram line will reach the hospital.\n".encode("utf-16"))
    proc = run_cli("check", "--isolated", "bom.txt", "utf16.txt")
    assert proc.returncode == 2
    assert "bom.txt:1:1: NL002 [error] bom.txt is saved as UTF-32, not UTF-8" in proc.stdout
    assert "utf16.txt:1:1: NL002 [error] utf16.txt is saved as UTF-16, not UTF-8" in proc.stdout


def test_the_default_limit_is_one_figure():
    from newslint.config import Settings
    from newslint.engine.limits import DEFAULT_RULE_TIMEOUT

    assert Settings().rule_timeout == DEFAULT_RULE_TIMEOUT == 30
