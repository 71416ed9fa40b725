"""Input that would hang a run or fill memory is refused with a plain message: FIFOs, devices and
files over ``max-file-size``, option values past their maximum, an archive at the filesystem root or
around the cache folder. Every run here is a real CLI run with a timeout: a hang fails the test."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from newslint.plugins import builtin_rules

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")

ARTICLE = "# Harbour plan\n\nThe council approved the harbour plan on Tuesday.\n"


def lines_of(proc) -> list[str]:
    return proc.stdout.splitlines() + proc.stderr.splitlines()


def refused(run_cli, tmp_path, config: str, message: str) -> None:
    """``newslint check`` with ``config`` stops at once: exit 2 and the one line ``message``."""
    (tmp_path / "ok.md").write_text(ARTICLE)
    (tmp_path / "newslint.toml").write_text(config)
    proc = run_cli("check", "ok.md", timeout=30)
    assert proc.returncode == 2
    assert proc.stderr.strip() == "newslint: error: " + message


def test_a_fifo_named_found_in_a_folder_or_linked_is_not_a_regular_file_and_the_run_goes_on(run_cli, tmp_path):
    (tmp_path / "ok.md").write_text(ARTICLE)
    os.mkfifo(tmp_path / "named.md")
    (tmp_path / "desk").mkdir()
    os.mkfifo(tmp_path / "desk" / "walked.md")
    (tmp_path / "linked.md").symlink_to(tmp_path / "named.md")
    proc = run_cli("check", "--isolated", "--select", "NL0", "ok.md", "named.md", "linked.md", "desk", timeout=30)
    assert proc.returncode == 2, proc.stderr
    for name in ("named.md", "linked.md", os.path.join("desk", "walked.md")):
        assert any(line.startswith(f"{name}:1:1: NL002") and "is not a regular file (a named pipe)" in line
                   for line in lines_of(proc)), (name, proc.stdout)
    assert "Checked 4 files: 3 errors." in proc.stdout
    assert "Traceback" not in proc.stderr


@pytest.mark.skipif(not os.path.exists("/dev/zero") or sys.platform == "win32", reason="needs /dev/zero")
def test_devices_and_links_to_them_are_refused_without_reading_a_byte(run_cli, tmp_path):
    (tmp_path / "zero.md").symlink_to("/dev/zero")
    proc = run_cli("check", "--isolated", "zero.md", "/dev/urandom", timeout=30)
    assert proc.returncode == 2
    assert "zero.md:1:1: NL002 [error] zero.md is not a regular file (a device), so it was not read" in proc.stdout
    assert "/dev/urandom is not a regular file (a device)" in proc.stdout


def test_a_file_over_max_file_size_is_too_large_and_a_higher_limit_lets_it_through(run_cli, tmp_path):
    big = "# Big\n\n" + ("The council met again today. " * 40 + "\n\n") * 100  # about 0.12 MB
    (tmp_path / "big.md").write_text(big)
    (tmp_path / "ok.md").write_text(ARTICLE)
    proc = run_cli("check", "--isolated", "--select", "NL0", "--max-file-size", "0.1", "big.md", "ok.md")
    assert proc.returncode == 2
    assert ("big.md:1:1: NL002 [error] big.md is too large (0.1 MB; the limit is 0.1 MB, set by max-file-size), "
            "so it was not checked") in proc.stdout.replace("0.12 MB", "0.1 MB")
    assert "Checked 2 files: 1 error." in proc.stdout
    (tmp_path / "newslint.toml").write_text("max-file-size = 1\n")
    assert run_cli("check", "--select", "NL0", "big.md").returncode == 0


def test_standard_input_is_read_only_up_to_the_limit(run_cli):
    proc = run_cli("check", "--isolated", "--max-file-size", "0.001", "-", input="word " * 1000)
    assert proc.returncode == 2
    assert "stdin is too large (more than the limit of 1,000 bytes, set by max-file-size)" in proc.stdout


@pytest.mark.parametrize("value", ["0", "5000", "\"big\"", "true"])
def test_max_file_size_out_of_range_is_a_configuration_error(run_cli, tmp_path, value):
    (tmp_path / "ok.md").write_text(ARTICLE)
    (tmp_path / "newslint.toml").write_text(f"max-file-size = {value}\n")
    proc = run_cli("check", "ok.md")
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("newslint: error: newslint.toml: max-file-size: expected a number of "
                                          "megabytes from 0.001 to 1000")


def test_a_fifo_in_the_archive_is_skipped_with_a_message(run_cli, tmp_path):
    story = "# Harbour plan\n\n" + " ".join(
        f"The council approved part {i} of the harbour plan on Tuesday after a long debate." for i in range(8)) + "\n"
    (tmp_path / "ok.md").write_text(story)
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "old.md").write_text(story)
    os.mkfifo(tmp_path / "archive" / "pipe.md")
    proc = run_cli("check", "--isolated", "--no-cache", "--archive", "archive", "ok.md", timeout=30)
    assert "archive file archive/pipe.md is not a regular file; it is skipped" in proc.stderr
    assert "NL104" in proc.stdout  # the readable archive article is still compared


@pytest.mark.parametrize("config", ['packs = ["pipe.toml"]', 'packs = ["packs"]',
                                    '[rules.NL302]\npacks = ["pipe.toml"]'])
def test_a_fifo_given_as_a_pack_is_a_plain_configuration_error(run_cli, tmp_path, config):
    (tmp_path / "ok.md").write_text(ARTICLE)
    os.mkfifo(tmp_path / "pipe.toml")
    (tmp_path / "packs").mkdir()
    os.mkfifo(tmp_path / "packs" / "pipe.toml")
    (tmp_path / "newslint.toml").write_text(config + "\n")
    proc = run_cli("check", "ok.md", timeout=30)
    assert proc.returncode == 2, proc.stdout
    assert "pipe.toml: cannot read the" in proc.stderr
    assert "is not a regular file (a named pipe)" in proc.stderr
    assert "Traceback" not in proc.stderr


# --- option maxima --------------------------------------------------------------------------

NUMERIC = [(code, opt) for code, cls in builtin_rules().items() for opt in cls.options
           if opt.type in (int, float)]


def test_every_numeric_option_of_every_rule_has_a_maximum_its_page_shows():
    assert NUMERIC
    for code, opt in NUMERIC:
        assert opt.maximum is not None, (code, opt.name)
        assert opt.minimum is not None and opt.minimum <= opt.default <= opt.maximum, (code, opt.name)
        page = builtin_rules()[code].documentation()
        assert f"`{opt.name}`" in page and opt.range_text() in page, (code, opt.name)


def test_a_huge_option_value_is_refused_at_once(run_cli, tmp_path):
    refused(run_cli, tmp_path, "[rules.NL101]\nmin-words = 100000000\n",
            "newslint.toml: [rules.NL101] min-words: expected at most 500, got 100000000")


def test_every_option_at_its_maximum_checks_an_article_quickly(run_cli, tmp_path):
    lines = []
    for code in dict.fromkeys(code for code, _ in NUMERIC):
        lines.append(f"[rules.{code}]")
        for c, opt in NUMERIC:
            if c == code:
                lines.append(f"{opt.name} = {int(opt.maximum) if opt.type is int else float(opt.maximum)}")
    (tmp_path / "newslint.toml").write_text("\n".join(lines) + "\n")
    body = "\n\n".join(f"The council met on day {i} and the harbour plan was discussed again at length." * 3
                       for i in range(200))
    (tmp_path / "a.md").write_text("# Harbour\n\n" + body + "\n")
    (tmp_path / "b.md").write_text("# Harbour\n\n" + body + "\n")
    proc = run_cli("check", "--jobs", "1", "a.md", "b.md", timeout=60)
    assert proc.returncode in (0, 1), proc.stderr
    assert "Checked 2 files" in proc.stdout


# --- the archive's place --------------------------------------------------------------------

@pytest.mark.parametrize("how", ["config", "command line", "archive build"])
def test_an_archive_at_the_filesystem_root_is_refused(run_cli, tmp_path, how):
    (tmp_path / "ok.md").write_text(ARTICLE)
    root = os.path.abspath(os.sep)
    if how == "config":
        (tmp_path / "newslint.toml").write_text(f"archive = [{root!r}]\n".replace("'", '"'))
        proc = run_cli("check", "ok.md", timeout=30)
    elif how == "command line":
        proc = run_cli("check", "--isolated", "--archive", str(tmp_path / ".." / ".." / ".." / ".." / ".." / ".."
                                                                / ".." / ".." / ".." / ".."), "ok.md", timeout=30)
    else:
        proc = run_cli("archive", "build", root, "--isolated", timeout=30)
    assert proc.returncode == 2, proc.stderr
    assert "that is the root of the file system" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not (tmp_path / ".newslint_cache").exists()


def test_an_archive_holding_the_cache_folder_is_refused_unless_nothing_is_cached(run_cli, tmp_path):
    refused(run_cli, tmp_path, 'archive = ["."]\n',
            "archive .: it contains the cache folder .newslint_cache; name the folder that holds the published "
            "articles, or keep the cache elsewhere (cache-dir, --cache-dir)")
    elsewhere = tmp_path.parent / (tmp_path.name + "-cache")
    assert run_cli("check", "--cache-dir", str(elsewhere), "ok.md", timeout=60).returncode in (0, 1)
    assert run_cli("check", "--no-cache", "ok.md", timeout=60).returncode in (0, 1)
