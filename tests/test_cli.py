"""The command line as an editor meets it: plain output, plain errors, the right exit codes."""

from __future__ import annotations

import json

from helpers import REPEATING_ARTICLE, run_newslint, write

from newslint import __version__
from newslint.cli import main


def test_version_and_help(tmp_path):
    proc = run_newslint("--version", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.strip() == f"newslint {__version__}"
    proc = run_newslint(cwd=tmp_path)
    assert proc.returncode == 0 and "check" in proc.stdout and "explain" in proc.stdout


def test_check_reports_line_level_findings_and_summary(tmp_path):
    write(tmp_path / "a.txt", REPEATING_ARTICLE)
    proc = run_newslint("check", "--select", "NL101", "a.txt", cwd=tmp_path)
    assert proc.returncode == 1
    first = proc.stdout.splitlines()[0]
    assert first.startswith("a.txt:7:16: NL101 [warning] this passage of 13 words repeats line 3")
    assert "    see a.txt:3:1 first occurrence" in proc.stdout
    assert proc.stdout.splitlines()[-1] == "Checked 1 file: 1 warning."
    assert "\033[" not in proc.stdout  # no colour when not a terminal


def test_quiet_exit_zero_and_output_file(tmp_path):
    write(tmp_path / "a.txt", REPEATING_ARTICLE)
    proc = run_newslint("check", "-q", "--exit-zero", "-o", "report.json", "--format", "json", "--select", "NL101", "a.txt", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout == ""
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["summary"]["by_code"] == {"NL101": 1}


def test_show_source_underlines_the_span(tmp_path):
    write(tmp_path / "a.txt", REPEATING_ARTICLE)
    proc = run_newslint("check", "--show-source", "--select", "NL101", "a.txt", cwd=tmp_path)
    lines = proc.stdout.splitlines()
    line = "Residents said the council approved the new budget after a three hour debate on Tuesday."
    # the line is longer than the window: it is cut on the left, where "…" says so
    assert lines[1] == "    \u2026" + line[len(line) - 78:], lines[1]
    span = "the council approved the new budget after a three hour debate on Tuesday"
    assert lines[2] == "    " + " " * (1 + 78 - len(line) + line.index(span)) + "^" * len(span)


def test_statistics_counts_per_code(tmp_path):
    write(tmp_path / "a.txt", REPEATING_ARTICLE)
    write(tmp_path / "b.txt", REPEATING_ARTICLE)
    proc = run_newslint("check", "--statistics", "--select", "NL101", ".", cwd=tmp_path)
    assert "     2  NL101  repeated-passage" in proc.stdout.splitlines()


def test_select_and_ignore_on_the_command_line(tmp_path):
    write(tmp_path / "a.txt", REPEATING_ARTICLE)
    assert run_newslint("check", "--select", "NL1", "--ignore", "NL1", "a.txt", cwd=tmp_path).returncode == 0
    assert run_newslint("check", "--select", "NL101", "a.txt", cwd=tmp_path).returncode == 1
    assert run_newslint("check", "--select", "NL0", "a.txt", cwd=tmp_path).returncode == 0
    proc = run_newslint("check", "--select", "NL9", "a.txt", cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("newslint: error: --select: unknown rule 'NL9'"), proc.stderr
    proc = run_newslint("check", "--ignore", "repeated-pasage", "a.txt", cwd=tmp_path)
    assert proc.stderr.startswith("newslint: error: --ignore: unknown rule 'repeated-pasage' "
                                  "(did you mean repeated-passage?)"), proc.stderr


def test_stdin_with_filename(tmp_path):
    proc = run_newslint("check", "--select", "NL101", "--stdin-filename", "story.md", "-", cwd=tmp_path, stdin=REPEATING_ARTICLE)
    assert proc.returncode == 1 and proc.stdout.startswith("story.md:7:")


def test_directories_are_recursed_hidden_and_other_files_skipped(tmp_path):
    write(tmp_path / "news" / "a.md", REPEATING_ARTICLE)
    write(tmp_path / "news" / "notes.docx", "not an article")
    write(tmp_path / ".drafts" / "b.md", REPEATING_ARTICLE)
    proc = run_newslint("check", "--format", "json", ".", cwd=tmp_path)
    paths = [f["path"] for f in json.loads(proc.stdout)["files"]]
    assert paths == ["news/a.md"]


def test_no_articles_found_is_a_plain_note(tmp_path):
    proc = run_newslint("check", ".", cwd=tmp_path)
    assert proc.returncode == 0 and "no articles found" in proc.stderr


def test_unknown_option_is_plain(tmp_path):
    proc = run_newslint("check", "--colour", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("newslint: error: --colour: did you mean --color?")
    assert proc.stderr.count("\n") == 1


def test_rules_table_lists_every_rule():
    from contextlib import redirect_stdout
    from io import StringIO

    buf = StringIO()
    with redirect_stdout(buf):
        assert main(["rules", "--isolated"]) == 0
    lines = buf.getvalue().splitlines()
    assert lines[0].split() == ["code", "name", "severity", "enabled", "summary"]
    assert any(line.split()[:4] == ["NL101", "repeated-passage", "warning", "yes"] for line in lines)


def test_explain_by_code_and_name(tmp_path):
    by_code = run_newslint("explain", "NL101", cwd=tmp_path)
    by_name = run_newslint("explain", "repeated-passage", cwd=tmp_path)
    assert by_code.returncode == 0 and by_code.stdout == by_name.stdout
    for heading in ("## What it does", "## Why it matters", "## Example", "## Instead", "## Options"):
        assert heading in by_code.stdout
    assert "`min-words` (a whole number, default `8`)" in by_code.stdout
    bad = run_newslint("explain", "repeated-pasage", cwd=tmp_path)
    assert bad.returncode == 2 and "did you mean repeated-passage?" in bad.stderr


def _run_on_a_terminal(args, cwd, env_extra=None):
    """Run the CLI with its standard output on a pseudo-terminal; return what it printed."""
    import os
    import pty
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["NEWSLINT_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    env.update(env_extra or {})
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "newslint", *args], cwd=cwd, env=env,
                            stdout=follower, stderr=subprocess.PIPE)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:  # the terminal closes when the process ends
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8")


def test_colour_on_a_terminal_unless_no_color(tmp_path):
    write(tmp_path / "a.txt", REPEATING_ARTICLE)
    coloured = _run_on_a_terminal(["check", "--select", "NL101", "a.txt"], tmp_path)
    assert "\033[33m[warning]\033[0m" in coloured
    plain = _run_on_a_terminal(["check", "--select", "NL101", "a.txt"], tmp_path, {"NO_COLOR": "1"})
    assert "[warning]" in plain and "\033[" not in plain
    flag = _run_on_a_terminal(["check", "--no-color", "--select", "NL101", "a.txt"], tmp_path)
    assert "[warning]" in flag and "\033[" not in flag


def test_stdin_filename_alone_reads_stdin(tmp_path):
    write(tmp_path / "other.txt", REPEATING_ARTICLE)  # must not be checked instead
    proc = run_newslint("check", "--select", "NL101", "--stdin-filename", "story.md", cwd=tmp_path,
                        stdin=REPEATING_ARTICLE)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith("story.md:7:") and "other.txt" not in proc.stdout
    assert proc.stdout.splitlines()[-1] == "Checked 1 file: 1 warning."


def test_stdin_uses_the_configuration_of_its_filename(tmp_path):
    write(tmp_path / "desk" / "newslint.toml", 'select = ["NL101"]\n[per-file-ignores]\n"opinion/*" = ["NL101"]\n')
    (tmp_path / "desk" / "opinion").mkdir()
    news = run_newslint("check", "--stdin-filename", "desk/news.txt", "-", cwd=tmp_path, stdin=REPEATING_ARTICLE)
    assert news.returncode == 1 and news.stdout.startswith("desk/news.txt:7:"), news.stdout + news.stderr
    assert "NL101" in news.stdout and "NL301" not in news.stdout  # desk/newslint.toml selects only NL101
    opinion = run_newslint("check", "--stdin-filename", "desk/opinion/col.txt", "-", cwd=tmp_path,
                           stdin=REPEATING_ARTICLE)
    assert opinion.returncode == 0, opinion.stdout


def test_explicitly_named_excluded_file_is_skipped_with_a_plain_note(tmp_path):
    write(tmp_path / "newslint.toml", 'exclude = ["drafts"]\n')
    write(tmp_path / "drafts" / "a.md", REPEATING_ARTICLE)
    proc = run_newslint("check", "drafts/a.md", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout == ""
    [line] = proc.stderr.splitlines()
    assert "drafts/a.md" in line and "exclude" in line and "newslint.toml" in line
    assert "looked for" not in line
    # machine-readable formats still give a report, with no files in it
    as_json = run_newslint("check", "--format", "json", "drafts/a.md", cwd=tmp_path)
    data = json.loads(as_json.stdout)
    assert data["files"] == [] and data["errors"] == [] and data["summary"] == {"files": 0, "findings": 0, "by_code": {}}
    run_newslint("check", "--format", "sarif", "-o", "report.sarif", ".", cwd=tmp_path)
    assert json.loads((tmp_path / "report.sarif").read_text())["runs"][0]["results"] == []


def test_rules_table_shows_the_engine_errors_as_always_on(tmp_path):
    write(tmp_path / "newslint.toml", 'select = ["NL101"]\n')
    proc = run_newslint("rules", cwd=tmp_path)
    enabled = {line.split()[0]: line.split()[3] for line in proc.stdout.splitlines()[1:]}
    assert enabled["NL101"] == "yes" and enabled["NL102"] == "no" and enabled["NL001"] == "no"
    # a crash (NL000) and an unreadable file (NL002) are reported whatever is selected
    assert enabled["NL000"] == enabled["NL002"] == "yes"
    write(tmp_path / "bad.txt", b"Caf\xe9\n")
    assert "NL002" in run_newslint("check", "bad.txt", cwd=tmp_path).stdout


def test_explain_a_family_lists_its_rules(tmp_path):
    proc = run_newslint("explain", "NL1", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    [line] = proc.stderr.splitlines()
    assert "NL101 repeated-passage" in line and "NL401" not in line and "did you mean" not in line
    every = run_newslint("explain", "ALL", cwd=tmp_path)
    assert every.returncode == 2 and "`newslint rules`" in every.stderr


def test_the_report_file_is_not_checked_as_an_article(tmp_path):
    write(tmp_path / "a.txt", REPEATING_ARTICLE)
    first = run_newslint("check", "--select", "NL101", "-o", "report.txt", ".", cwd=tmp_path)
    assert first.returncode == 1 and (tmp_path / "report.txt").read_text().endswith("Checked 1 file: 1 warning.\n")
    again = run_newslint("check", "--select", "NL101", "-o", "report.txt", ".", cwd=tmp_path)
    assert again.returncode == 1, again.stderr
    report = (tmp_path / "report.txt").read_text()
    assert "report.txt" not in report and report.endswith("Checked 1 file: 1 warning.\n")


# --- for a new user: the command, the options, colour, --diff, progress ---------------------------

GRANT_ARTICLE = """Grant for the bridge

The mayor said the Joined Kingdom grant was welcome news for the town and its walkers.

She thanked the volunteers who had written to the Joined Kingdom fund every year.
"""


def test_a_file_alone_means_check(tmp_path):
    write(tmp_path / "a.txt", REPEATING_ARTICLE)
    short = run_newslint("a.txt", "--select", "NL101", cwd=tmp_path)
    full = run_newslint("check", "a.txt", "--select", "NL101", cwd=tmp_path)
    assert short.returncode == full.returncode == 1
    assert short.stdout == full.stdout and "NL101" in short.stdout
    # options first work too
    assert run_newslint("--select", "NL101", "a.txt", cwd=tmp_path).stdout == full.stdout


def test_a_mistyped_command_is_named(tmp_path):
    proc = run_newslint("chek", "a.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == "newslint: error: unknown command 'chek' (did you mean check?)\n"


def test_an_unknown_option_suggests_the_closest(tmp_path):
    write(tmp_path / "a.txt", REPEATING_ARTICLE)
    proc = run_newslint("check", "--output-format", "json", "a.txt", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == "newslint: error: --output-format: did you mean --format? (see `newslint check --help`)\n"
    proc = run_newslint("a.txt", "--show-sources", cwd=tmp_path)
    assert "--show-sources: did you mean --show-source?" in proc.stderr
    proc = run_newslint("rules", "--isolatd", cwd=tmp_path)
    assert "--isolatd: did you mean --isolated? (see `newslint rules --help`)" in proc.stderr
    proc = run_newslint("check", "--zzzz", cwd=tmp_path)
    assert proc.stderr == "newslint: error: unknown option --zzzz (see `newslint check --help`)\n"


def test_abbreviated_options_are_refused(tmp_path):
    """An option added later must not change what ``--stat`` in somebody's script meant."""
    write(tmp_path / "a.txt", REPEATING_ARTICLE)
    for abbreviation, full in (("--stat", "--statistics"), ("--form", "--format"), ("--sel", "--select")):
        proc = run_newslint("check", abbreviation, "NL101", "a.txt", cwd=tmp_path)
        assert proc.returncode == 2, (abbreviation, proc.stdout)
        assert f"{abbreviation}: did you mean {full}?" in proc.stderr


def test_diff_prints_the_fixes_and_changes_nothing(tmp_path):
    import shutil
    import subprocess

    path = write(tmp_path / "grant.txt", GRANT_ARTICLE)
    proc = run_newslint("check", "--isolated", "--diff", "grant.txt", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert path.read_text(encoding="utf-8") == GRANT_ARTICLE
    assert proc.stdout.startswith("--- a/grant.txt\n+++ b/grant.txt\n@@ ")
    assert "-The mayor said the Joined Kingdom grant was welcome news for the town and its walkers.\n" in proc.stdout
    assert "+The mayor said the UK grant was welcome news for the town and its walkers.\n" in proc.stdout
    assert proc.stderr == "newslint: 2 fixes in 1 file; `newslint check --fix` applies them\n"
    # the diff is exactly what --fix does: applied with git, it gives the file --fix writes
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
        (tmp_path / "fix.diff").write_text(proc.stdout, encoding="utf-8")
        subprocess.run(["git", "apply", "fix.diff"], cwd=tmp_path, check=True)
        patched = path.read_text(encoding="utf-8")
        path.write_text(GRANT_ARTICLE, encoding="utf-8")
        fixed = run_newslint("check", "--isolated", "--fix", "grant.txt", cwd=tmp_path)
        assert path.read_text(encoding="utf-8") == patched
        assert "grant.txt: replaced “Joined Kingdom” with “UK” on line 3 (NL202 non-standard-name)" in fixed.stdout
    clean = write(tmp_path / "clean.txt", "Weather\n\nRain is expected on Friday.\n")
    proc = run_newslint("check", "--isolated", "--diff", str(clean.name), cwd=tmp_path)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "newslint: nothing to fix\n")


def test_diff_is_neither_fix_nor_another_format(tmp_path):
    write(tmp_path / "grant.txt", GRANT_ARTICLE)
    both = run_newslint("check", "--diff", "--fix", "grant.txt", cwd=tmp_path)
    assert both.returncode == 2 and "not allowed with argument" in both.stderr
    as_json = run_newslint("check", "--diff", "--format", "json", "grant.txt", cwd=tmp_path)
    assert as_json.returncode == 2 and "--diff prints the fixes as a diff, not a json report" in as_json.stderr
    assert (tmp_path / "grant.txt").read_text(encoding="utf-8") == GRANT_ARTICLE


def test_color_always_and_never(tmp_path):
    write(tmp_path / "a.txt", REPEATING_ARTICLE)
    forced = run_newslint("check", "--color", "always", "--select", "NL101", "a.txt", cwd=tmp_path,
                          env={"NO_COLOR": "1"})
    assert "\033[33m[warning]\033[0m" in forced.stdout  # a flag for this run beats the standing setting
    on_terminal = _run_on_a_terminal(["check", "--color", "never", "--select", "NL101", "a.txt"], tmp_path)
    assert "[warning]" in on_terminal and "\033[" not in on_terminal
    auto = _run_on_a_terminal(["check", "--color", "auto", "--select", "NL101", "a.txt"], tmp_path)
    assert "\033[33m[warning]\033[0m" in auto
    bad = run_newslint("check", "--color", "sometimes", "a.txt", cwd=tmp_path)
    assert bad.returncode == 2 and "invalid choice: 'sometimes'" in bad.stderr


def _stderr_on_a_terminal(args, cwd):
    """Run the CLI with its standard error on a pseudo-terminal; return (stdout, what the terminal showed)."""
    import os
    import pty
    import subprocess
    import sys

    env = {**os.environ, "NEWSLINT_DISABLE_PLUGIN_AUTOLOAD": "1"}
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "newslint", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    out = proc.stdout.read().decode("utf-8")
    proc.wait(timeout=120)
    os.close(leader)
    return out, b"".join(chunks).decode("utf-8")


def test_a_progress_line_only_on_a_terminal_and_only_for_people(tmp_path):
    for n in range(12):
        write(tmp_path / "desk" / f"story{n:02}.txt", REPEATING_ARTICLE.replace("Tuesday", f"day {n}"))
    out, terminal = _stderr_on_a_terminal(["check", "--select", "NL101", "desk"], tmp_path)
    assert "checked all 12 files" in terminal and "\r\033[K" in terminal
    assert terminal.endswith("\r\033[K")  # the line is taken away before the report
    assert out.splitlines()[-1] == "Checked 12 files: 12 warnings."
    # not when standard error is a file or a pipe, not for machine formats, not with --quiet
    piped = run_newslint("check", "--select", "NL101", "desk", cwd=tmp_path)
    assert piped.stderr == ""
    for extra in (["--format", "json"], ["--quiet"]):
        _, terminal = _stderr_on_a_terminal(["check", "--select", "NL101", *extra, "desk"], tmp_path)
        assert "checked" not in terminal, extra
    # and not for a few files
    _, terminal = _stderr_on_a_terminal(["check", "--select", "NL101", "desk/story00.txt"], tmp_path)
    assert terminal == ""
