"""Nothing is lost: ``--fix`` writes atomically and never over an edit, ``-o`` never overwrites an
article, a rule's broken fix is refused, and no file name or closed pipe costs the report.

Faults are injected into the real CLI in a subprocess: ``os.write`` and ``os.fsync`` patched by a
small wrapper script, or ``strace -e inject`` when strace is installed.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import pytest

from conftest import PROJECT_ROOT, cli_env

#: NL202 replaces "Joined Kingdom" with "UK": a built-in rule with a fix
GRANT = "Grant awarded\n\nThe Joined Kingdom gave the grant to the school on Monday.\n\nIt was the largest this year.\n"
FIXED = GRANT.replace("Joined Kingdom", "UK")
TIMEOUT = 60


def _write_grant(folder: Path, name: str = "grant.txt") -> Path:
    path = folder / name
    path.write_text(GRANT, encoding="utf-8")
    return path


def _wrapped(tmp_path: Path, prelude: str, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The CLI in a subprocess, after ``prelude`` (Python) has patched what it wants to break."""
    script = tmp_path / "_wrapper.py"
    script.write_text(textwrap.dedent(prelude) + "\nimport sys\nfrom newslint.cli import main\nsys.exit(main())\n",
                      encoding="utf-8")
    return subprocess.run([sys.executable, str(script), *args], cwd=tmp_path, capture_output=True, text=True,
                          env=cli_env(bool(env), env), timeout=TIMEOUT)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".newslint-tmp"))


# --- 1, 2: a write that fails leaves the article as it was, and says so in every format ------------

NO_SPACE_ON_WRITE = """
    import errno, os
    real_write = os.write
    def write(fd, data):
        if fd > 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)
    os.write = write
"""


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "junit"])
def test_a_full_disk_leaves_the_article_whole_and_says_so(tmp_path, fmt):
    article = _write_grant(tmp_path)
    proc = _wrapped(tmp_path, NO_SPACE_ON_WRITE, "check", "--isolated", "--fix", "--format", fmt, "grant.txt")
    assert article.read_text(encoding="utf-8") == GRANT
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr == ("newslint: error: grant.txt was not fixed: no space left on device; "
                           "the file is unchanged\n"), proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert _leftovers(tmp_path) == []
    if fmt == "text":  # the summary does not read as a clean run
        assert proc.stdout.splitlines()[-1] == "Checked 1 file: 1 error, 1 warning.", proc.stdout
        assert "(1 fixed)" not in proc.stdout
    if fmt == "json":
        report = json.loads(proc.stdout)
        assert report["files"][0]["fixed"] == []
        assert [e["code"] for e in report["errors"]] == ["NL002"]


def test_an_interrupted_write_never_reaches_the_article(tmp_path):
    article = _write_grant(tmp_path)
    article.chmod(0o640)
    # killed half-way through writing the new text
    proc = _wrapped(tmp_path, """
        import os, signal
        real_write = os.write
        def write(fd, data):
            if fd > 2:
                real_write(fd, bytes(data)[: len(data) // 2])
                os.kill(os.getpid(), signal.SIGKILL)
            return real_write(fd, data)
        os.write = write
    """, "check", "--isolated", "--fix", "grant.txt")
    assert proc.returncode == -signal.SIGKILL
    assert article.read_text(encoding="utf-8") == GRANT
    # the next run fixes it, keeps its permissions, and does not take the half-written
    # temporary file (hidden, named after the article) for an article
    proc = subprocess.run([sys.executable, "-m", "newslint", "check", "--isolated", "--fix", "."], cwd=tmp_path,
                          capture_output=True, text=True, env=cli_env(), timeout=TIMEOUT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert article.read_text(encoding="utf-8") == FIXED
    assert stat.S_IMODE(article.stat().st_mode) == 0o640
    assert proc.stdout.endswith("Checked 1 file: no problems found (1 fixed).\n"), proc.stdout


def test_a_failing_fsync_leaves_the_article_whole(tmp_path):
    article = _write_grant(tmp_path)
    proc = _wrapped(tmp_path, """
        import errno, os
        def fsync(fd):
            raise OSError(errno.EIO, "Input/output error")
        os.fsync = fsync
    """, "check", "--isolated", "--fix", "grant.txt")
    assert (proc.returncode, article.read_text(encoding="utf-8")) == (2, GRANT), proc.stdout + proc.stderr
    assert "grant.txt was not fixed: input/output error; the file is unchanged" in proc.stderr
    assert _leftovers(tmp_path) == []


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")
@pytest.mark.parametrize("calls, injected, said", [
    ("fsync", "error=ENOSPC", "no space left on device"),
    ("rename,renameat,renameat2", "error=EXDEV", "invalid cross-device link"),
    ("fsync", "signal=SIGKILL", None),
], ids=["full-disk-at-fsync", "rename-fails", "killed-before-rename"])
def test_system_calls_that_fail_leave_the_article_whole(tmp_path, calls, injected, said):
    """The same with the real system calls failing (``strace -e inject``), not patched functions."""
    article = _write_grant(tmp_path)
    probe = subprocess.run(["strace", "-f", "-qq", "-o", os.devnull, "-e", "trace=fsync", "true"],
                           capture_output=True, timeout=TIMEOUT)
    if probe.returncode != 0:
        pytest.skip(f"strace cannot trace here: {probe.stderr.decode(errors='replace').strip()}")
    proc = subprocess.run(["strace", "-f", "-qq", "-o", os.devnull, "-e", f"trace={calls}",
                           "-e", f"inject={calls}:{injected}", sys.executable, "-m", "newslint", "check",
                           "--isolated", "--fix", "grant.txt"], cwd=tmp_path, capture_output=True, text=True,
                          env=cli_env(), timeout=TIMEOUT)
    assert article.read_text(encoding="utf-8") == GRANT, proc.stdout + proc.stderr
    if said is None:  # killed: the half-done temporary file is all that is left, hidden
        assert proc.returncode != 0
        assert all(name.startswith(".grant.txt.") for name in _leftovers(tmp_path))
        return
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert f"grant.txt was not fixed: {said}; the file is unchanged" in proc.stderr
    assert _leftovers(tmp_path) == []


def test_fix_keeps_mode_and_writes_through_a_symbolic_link(tmp_path):
    desk = tmp_path / "desk"
    desk.mkdir()
    target = _write_grant(desk)
    target.chmod(0o604)
    link = tmp_path / "story.txt"
    link.symlink_to(target)
    proc = subprocess.run([sys.executable, "-m", "newslint", "check", "--isolated", "--fix", "story.txt"],
                          cwd=tmp_path, capture_output=True, text=True, env=cli_env(), timeout=TIMEOUT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert target.read_text(encoding="utf-8") == FIXED
    assert stat.S_IMODE(target.stat().st_mode) == 0o604
    assert _leftovers(desk) == [] and _leftovers(tmp_path) == []


# --- 3: an edit made while the file was checked is never overwritten ---------------------------

#: a rule that edits the file it checks, as an editor saving it meanwhile would
EDITS_WHILE_CHECKED = '''
    from newslint import Rule, hookimpl

    class Meanwhile(Rule):
        """
        ## What it does
        Test rule: the editor saves the article while it is being checked.
        """
        code = "TS971"
        name = "saved-meanwhile"
        summary = "Saves the article while it is checked."

        def check(self, doc):
            with open(doc.path, "a", encoding="utf-8") as fh:
                fh.write("A late paragraph from the editor.\\n")
            return ()

    @hookimpl
    def newslint_register_rules():
        return [Meanwhile]
'''


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_edit_made_meanwhile_is_not_overwritten(tmp_path, entry_point_plugin, jobs):
    env = entry_point_plugin("meanwhile", EDITS_WHILE_CHECKED)
    # enough files for a pool with --jobs 2 (the documents are then parsed again in the main process)
    folder = tmp_path / "desk"
    folder.mkdir()
    articles = [_write_grant(folder, f"grant{n:02}.txt") for n in range(20 if jobs == "2" else 1)]
    proc = subprocess.run([sys.executable, "-m", "newslint", "check", "--isolated", "--select", "NL202,TS971",
                           "--fix", "-j", jobs, "desk"], cwd=tmp_path, capture_output=True, text=True,
                          env=cli_env(True, env), timeout=TIMEOUT)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    for article in articles:
        assert article.read_text(encoding="utf-8") == GRANT + "A late paragraph from the editor.\n"
        name = os.path.join("desk", article.name)
        assert f"newslint: error: {name} was not fixed: it changed while it was being checked; check it again; " \
               "the file is unchanged\n" in proc.stderr
    assert _leftovers(folder) == []


# --- 4: the report never overwrites an article ----------------------------------------------------

def test_output_file_that_is_an_article_is_refused(tmp_path):
    article = _write_grant(tmp_path)
    (tmp_path / "link.txt").symlink_to(article)
    os.link(article, tmp_path / "hard.txt")
    (tmp_path / "sub").mkdir()
    for output in ("grant.txt", "./grant.txt", "sub/../grant.txt", str(article), "link.txt", "hard.txt"):
        for fmt in ("text", "json"):
            proc = subprocess.run([sys.executable, "-m", "newslint", "check", "--isolated", "--format", fmt,
                                   "-o", output, "grant.txt"], cwd=tmp_path, capture_output=True, text=True,
                                  env=cli_env(), timeout=TIMEOUT)
            assert proc.returncode == 2, (output, proc.stdout, proc.stderr)
            assert proc.stderr.startswith(f"newslint: error: --output-file {output} is one of the files to check"), \
                proc.stderr
            assert "the report would overwrite it" in proc.stderr
            assert article.read_text(encoding="utf-8") == GRANT, output
    # a report next to the article is still written
    proc = subprocess.run([sys.executable, "-m", "newslint", "check", "--isolated", "-o", "report.txt", "grant.txt"],
                          cwd=tmp_path, capture_output=True, text=True, env=cli_env(), timeout=TIMEOUT)
    assert proc.returncode == 1 and "NL202" in (tmp_path / "report.txt").read_text(encoding="utf-8")


# --- 5: a rule's broken fix is refused where it enters the engine --------------------------------

BAD_FIXES = '''
    from dataclasses import replace

    from newslint import Rule, hookimpl
    from newslint.findings import Position

    class BadFix(Rule):
        """
        ## What it does
        Test rule: after one good fix, the broken fix the article's first line names.
        """
        code = "TS972"
        name = "bad-fix"
        summary = "Suggests a broken fix."

        def check(self, doc):
            kind = doc.text.split("\\n", 1)[0].strip()
            yield self.finding(doc, 0, 4, "a good fix first", fix=(0, 5, "GRANT"))
            if kind == "reversed":
                yield self.finding(doc, 0, 4, "backwards", fix=(20, 10, "x"))
            elif kind == "negative":
                yield self.finding(doc, 0, 4, "before the start", fix=(-3, 2, "x"))
            elif kind == "past":
                yield self.finding(doc, 0, 4, "past the end", fix=(5, len(doc.text) + 40, "x"))
            elif kind == "inconsistent":  # built by hand: a position that is not its offset's
                found = self.finding(doc, 0, 4, "wrong line", fix=(0, 3, "x"))
                yield replace(found, fix=replace(found.fix, end=Position(3, 7, 1)))
            elif kind == "original":  # it says it replaces text that is not there
                found = self.finding(doc, 0, 4, "stale original", fix=(0, 8, "x"))
                yield replace(found, fix=replace(found.fix, original="Other te"))

    @hookimpl
    def newslint_register_rules():
        return [BadFix]
'''


@pytest.mark.parametrize("kind, reason", [
    ("reversed", "its span 20..10 ends before it starts"),
    ("negative", "its span -3..2 starts before the article"),
    ("past", "ends past the end of the article"),
    ("inconsistent", "offset 3 is line 1, column 4, not line 7, column 1"),
    ("original", "it replaces 'Other te', but the article has"),
])
def test_an_invalid_fix_is_the_rules_error_and_nothing_is_written(tmp_path, entry_point_plugin, kind, reason):
    env = entry_point_plugin("badfix", BAD_FIXES)
    text = f"{kind}\n\nThe Joined Kingdom gave the grant to the school on Monday.\n"
    article = tmp_path / "story.txt"
    article.write_text(text, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "newslint", "check", "--isolated", "--select", "TS972",
                           "--fix", "story.txt"], cwd=tmp_path, capture_output=True, text=True,
                          env=cli_env(True, env), timeout=TIMEOUT)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert article.read_text(encoding="utf-8") == text  # not even the rule's good fix
    line = next(l for l in proc.stdout.splitlines() if " NL000 " in l)
    assert line.startswith("story.txt:1:1: NL000 [error] rule TS972 (bad-fix) (from newslint-house 1.0) produced an invalid "
                           "fix, so none of its findings on this file is kept: InvalidFix: "), line
    assert reason in line
    assert "Traceback" not in proc.stderr


def test_a_good_fix_of_the_same_plugin_is_applied(tmp_path, entry_point_plugin):
    env = entry_point_plugin("badfix", BAD_FIXES)
    article = tmp_path / "story.txt"
    article.write_text("fine\n\nThe text.\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "newslint", "check", "--isolated", "--select", "TS972",
                           "--fix", "story.txt"], cwd=tmp_path, capture_output=True, text=True,
                          env=cli_env(True, env), timeout=TIMEOUT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert article.read_text(encoding="utf-8") == "GRANT\nThe text.\n"


RUN_RULE_BAD_FIX = '''
    from newslint import Rule, hookimpl

    class AcrossFiles(Rule):
        """
        ## What it does
        Test rule: compares the articles, and suggests a backwards fix in the last one.
        """
        code = "TS973"
        name = "bad-run-fix"
        summary = "Suggests a broken fix from the per-run check."

        def check_run(self, docs, context):
            last = sorted(docs, key=lambda d: d.path)[-1]
            yield self.finding(last, 0, 4, "fine", fix=(0, 2, "x"))
            yield self.finding(last, 0, 4, "backwards", fix=(9, 3, "x"))

    @hookimpl
    def newslint_register_rules():
        return [AcrossFiles]
'''


def test_an_invalid_fix_from_a_per_run_rule_is_refused_too(tmp_path, entry_point_plugin):
    env = entry_point_plugin("runfix", RUN_RULE_BAD_FIX)
    first, second = _write_grant(tmp_path, "a.txt"), _write_grant(tmp_path, "b.txt")
    proc = subprocess.run([sys.executable, "-m", "newslint", "check", "--isolated", "--select", "TS973", "--fix",
                           "a.txt", "b.txt"], cwd=tmp_path, capture_output=True, text=True,
                          env=cli_env(True, env), timeout=TIMEOUT)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8") == GRANT
    assert "rule TS973 (bad-run-fix) (from newslint-house 1.0) produced an invalid fix while comparing " \
           "the files, so none of its findings is kept: InvalidFix: its span 9..3 ends before it starts" in proc.stderr, proc.stderr
    assert "TS973" not in proc.stdout.replace("rule TS973", "")  # neither finding is reported


# --- 6: file names with control characters or bytes that are not UTF-8 ---------------------------

#: raw names on disk and how every output shows them
ODD_NAMES = {
    b"bad\xff.txt": "bad\\xff.txt",
    b"new\nline.txt": "new\\nline.txt",
    b"esc\x1b[31mred.txt": "esc\\x1b[31mred.txt",
    b"bell\x07and\ttab.txt": "bell\\x07and\\ttab.txt",
    "flip\u202egnp.txt".encode(): "flip\\u202egnp.txt",
}


@pytest.fixture
def odd_names(tmp_path):
    if sys.platform == "darwin" or not os.path.supports_unicode_filenames and sys.getfilesystemencoding() != "utf-8":
        pytest.skip("needs a file system that takes any byte in a name")
    folder = tmp_path / "odd"
    folder.mkdir()
    for raw in ODD_NAMES:
        with open(os.path.join(os.fsencode(folder), raw), "wb") as fh:
            fh.write(GRANT.encode())
    return folder


def _check(tmp_path, *args):
    proc = subprocess.run([sys.executable, "-m", "newslint", "check", "--isolated", *args], cwd=tmp_path,
                          capture_output=True, env=cli_env(), timeout=TIMEOUT)
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


@pytest.mark.parametrize("fmt", ["text", "github", "json", "sarif", "junit", "html"])
@pytest.mark.parametrize("to_file", [False, True], ids=["stdout", "output-file"])
def test_odd_file_names_are_escaped_in_every_format(tmp_path, odd_names, fmt, to_file):
    args = ["--format", fmt, "--select", "NL202", "odd"]
    if to_file:
        args = ["-o", "report.out", *args]
    code, out, err = _check(tmp_path, *args)
    assert code == 1, out + err
    assert "Traceback" not in err
    report = (tmp_path / "report.out").read_bytes().decode("utf-8") if to_file else out
    if fmt not in ("json", "sarif"):  # those two escape a backslash once more: read below
        for shown in ODD_NAMES.values():
            assert shown in report, (shown, report[:2000])
    for raw in ("\n" + "line.txt", "\x1b", "\x07", "\u202e", "\udcff"):
        assert raw not in report
    if fmt == "text":
        assert len([l for l in report.splitlines() if " NL202 " in l]) == len(ODD_NAMES)
    if fmt == "junit":
        suite = ET.fromstring(report.encode("utf-8")).find("testsuite")
        assert sorted(case.get("name") for case in suite) == sorted(f"odd/{s}" for s in ODD_NAMES.values())
    if fmt == "json":
        paths = [f["path"] for f in json.loads(report)["files"]]
        assert sorted(paths) == sorted(f"odd/{s}" for s in ODD_NAMES.values())
    if fmt == "sarif":
        jsonschema = pytest.importorskip("jsonschema")
        schema = json.loads((PROJECT_ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json")
                            .read_text(encoding="utf-8"))
        jsonschema.validate(json.loads(report), schema)
        uris = {unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
                for r in json.loads(report)["runs"][0]["results"]}
        assert uris == {f"odd/{s}" for s in ODD_NAMES.values()}


def test_odd_names_in_messages_and_on_standard_error(tmp_path, odd_names):
    # a name that does not exist, a name given on the command line: the error line is one line
    missing = os.fsdecode(b"gone\xfe\n.txt")
    code, out, err = _check(tmp_path, "--select", "NL202", "--fix", missing, os.fsdecode(b"odd/bad\xff.txt"))
    assert code == 2, out + err
    assert "gone\\xfe\\n.txt does not exist" in out
    assert "odd/bad\\xff.txt: replaced “Joined Kingdom” with “UK” on line 3" in out
    assert "\x1b" not in out + err and "\ufffd" not in out + err
    assert all(line.startswith("newslint: ") for line in err.splitlines()), err


def test_a_baseline_keeps_a_name_that_is_not_utf8(tmp_path, odd_names):
    code, out, err = _check(tmp_path, "--select", "NL202", "--write-baseline", "baseline.json", "odd")
    assert code == 0, out + err
    assert err == f"newslint: wrote {len(ODD_NAMES)} findings of {len(ODD_NAMES)} files to the baseline baseline.json\n"
    assert "odd/bad\\udcff.txt" in (tmp_path / "baseline.json").read_text(encoding="utf-8")  # a JSON escape
    code, out, err = _check(tmp_path, "--select", "NL202", "--baseline", "baseline.json", "odd")
    assert (code, err) == (0, ""), out + err
    assert out == f"Checked {len(ODD_NAMES)} files: no problems found; {len(ODD_NAMES)} hidden by the baseline.\n"


# --- 7: a reader that goes away -------------------------------------------------------------------

@pytest.mark.parametrize("command", [["check", "--isolated", "-j", "1", "."], ["rules", "--isolated"]])
def test_a_closed_pipe_ends_the_run_quietly(tmp_path, command):
    for n in range(3):
        _write_grant(tmp_path, f"grant{n:02}.txt")
    read_end, write_end = os.pipe()
    os.close(read_end)  # `newslint ... | head -0`: the reader is gone before the report is written
    try:
        proc = subprocess.run([sys.executable, "-m", "newslint", *command], cwd=tmp_path, stdout=write_end,
                              stderr=subprocess.PIPE, env=cli_env(), timeout=TIMEOUT)
    finally:
        os.close(write_end)
    err = proc.stderr.decode()
    assert "Traceback" not in err and "BrokenPipeError" not in err and "Exception ignored" not in err, err
    # the exit code is the run's: findings in the articles; the list of rules
    assert proc.returncode == (1 if command[0] == "check" else 0), err


# --- what a fix exposes is fixed in the same run -----------------------------------------------------

CASCADE = ("The mayor said the the plan would go ahead.\n\n"
           "Councillors said ,, it would cost more than the estimate.\n")
CASCADE_FIXED = ("The mayor said the plan would go ahead.\n\n"
                 "Councillors said, it would cost more than the estimate.\n")


def test_a_slip_a_fix_exposes_is_fixed_in_the_same_run_and_the_diff_shows_it(tmp_path, run_cli):
    """Fixing ",," leaves " ," (a space before a comma): --fix checks the fixed text again, so one
    run leaves nothing to fix, and --diff shows exactly what --fix then writes."""
    story = tmp_path / "story.txt"
    story.write_text(CASCADE, encoding="utf-8")
    diff = run_cli("check", "--isolated", "--diff", "story.txt")
    assert diff.returncode == 1 and "+Councillors said, it would" in diff.stdout, diff.stdout + diff.stderr
    assert story.read_text(encoding="utf-8") == CASCADE
    fixed = run_cli("check", "--isolated", "--fix", "story.txt")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert story.read_text(encoding="utf-8") == CASCADE_FIXED
    assert "NL506" in fixed.stdout and "(3 fixed)" in fixed.stdout, fixed.stdout
    again = run_cli("check", "--isolated", "story.txt")
    assert again.returncode == 0 and "no problems found" in again.stdout, again.stdout
    # the diff, applied to the article as it was, gives what --fix wrote
    diff_lines = [line[1:] for line in diff.stdout.splitlines(keepends=True) if line.startswith(("+", " "))
                  and not line.startswith("+++")]
    assert "".join(diff_lines) == CASCADE_FIXED, diff.stdout


def test_the_later_passes_keep_to_the_suppressions(tmp_path, run_cli):
    story = tmp_path / "story.txt"
    story.write_text("<!-- newslint-disable NL506 -->\n\n" + CASCADE, encoding="utf-8")
    fixed = run_cli("check", "--isolated", "--fix", "story.txt")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    text = story.read_text(encoding="utf-8")
    assert "said the plan" in text and "said , it would" in text, text
