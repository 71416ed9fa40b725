"""Paths and patterns: the configuration's globs with gitignore semantics, git's ignore files, and
every path in every output relative to the working directory when the file is under it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import CLEAN_ARTICLE, PROJECT_ROOT, REPEATING_ARTICLE
from newslint.paths import Globs, shown

README = PROJECT_ROOT / "README.md"

#: an archive story and a new story that recycles its second paragraph (NL103)
ARCHIVED = """# Harbour wall repairs begin

Work on the harbour wall started on Monday, after a winter of delays caused by a shortage of granite from the quarry above the bay.

The contractor expects the first phase to take six weeks, with the northern slipway closed to boats.
"""
RECYCLING = """# Slipway reopens to boats

The northern slipway opened again on Friday morning.

Work on the harbour wall started on Monday, after a winter of delays caused by a shortage of granite from the quarry above the bay.

Fishing crews said they were glad to have it back.
"""


def _readme_pattern_rows() -> list[tuple[list[str], list[str], list[str]]]:
    """The rows of the README's pattern table: (patterns, paths matched, paths not matched)."""
    text = README.read_text(encoding="utf-8")
    table = text.split("| pattern | matches | does not match |", 1)[1].split("\n\n", 1)[0]
    rows = []
    for line in table.strip().splitlines()[1:]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        ticks = [re.findall(r"`([^`]+)`", c) for c in cells]
        first = cells[0]
        # "`a` or `b`": either pattern alone; "`a` then `b`": both, in that order
        groups = [ticks[0]] if " then " in first else [[p] for p in ticks[0]]
        rows.extend((patterns, ticks[1], ticks[2]) for patterns in groups)
    return rows


def test_readme_pattern_table_is_true():
    rows = _readme_pattern_rows()
    assert len(rows) >= 8
    for patterns, matched, unmatched in rows:
        globs = Globs(patterns)
        for path in matched:
            assert globs.matches_file(path), (patterns, path)
        for path in unmatched:
            assert not globs.matches_file(path), (patterns, path)


def test_a_star_never_reaches_into_a_subfolder_and_two_stars_match_any_depth():
    assert Globs(["wire/**/*.md"]).matches_file("wire/a.md")
    assert Globs(["wire/**/*.md"]).matches_file("wire/2024/may/a.md")
    assert not Globs(["wire/*"]).matches_file("wire/2024/may/a.md")
    assert not Globs(["wire/*"]).matches_folder("wire/2024")
    assert Globs(["wire/*/"]).matches_folder("wire/2024")
    assert Globs(["*.md"]).matches_file("deep/down/a.md") and not Globs(["/*.md"]).matches_file("deep/a.md")


def test_per_file_ignores_follow_gitignore_semantics_through_the_cli(run_cli, write_article, tmp_path):
    write_article("wire/a.md", REPEATING_ARTICLE)
    write_article("wire/2024/may/a.md", REPEATING_ARTICLE)
    write_article("news/a.md", REPEATING_ARTICLE)
    (tmp_path / "newslint.toml").write_text('select = ["NL101"]\n[per-file-ignores]\n"wire/*" = ["NL101"]\n',
                                            encoding="utf-8")
    flagged = {line.split(":")[0] for line in run_cli("check", ".").stdout.splitlines() if "NL101" in line}
    assert flagged == {"news/a.md", "wire/2024/may/a.md"}

    (tmp_path / "newslint.toml").write_text('select = ["NL101"]\n[per-file-ignores]\n"wire/**/*.md" = ["NL101"]\n',
                                            encoding="utf-8")
    flagged = {line.split(":")[0] for line in run_cli("check", ".").stdout.splitlines() if "NL101" in line}
    assert flagged == {"news/a.md"}


def test_exclude_follows_gitignore_semantics_through_the_cli(run_cli, write_article, tmp_path):
    for name in ("wire/a.md", "wire/2024/may/b.md", "news/c.md"):
        write_article(name, CLEAN_ARTICLE)
    (tmp_path / "newslint.toml").write_text('exclude = ["wire/*"]\n', encoding="utf-8")
    data = json.loads(run_cli("check", "--format", "json", ".").stdout)
    assert [f["path"] for f in data["files"]] == ["news/c.md", "wire/2024/may/b.md"]

    (tmp_path / "newslint.toml").write_text('exclude = ["wire/**", "!wire/2024/"]\n', encoding="utf-8")
    data = json.loads(run_cli("check", "--format", "json", ".").stdout)
    assert [f["path"] for f in data["files"]] == ["news/c.md", "wire/2024/may/b.md"]


# --- git's ignore files ---------------------------------------------------------------------------

def _git_init(folder: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(folder)], check=True, capture_output=True)


def _checked(run_cli, *args: str) -> list[str]:
    proc = run_cli("check", "--format", "json", *args)
    assert proc.returncode in (0, 1), proc.stderr
    return [f["path"] for f in json.loads(proc.stdout)["files"]]


def _virtualenv(root: Path) -> None:
    """A virtualenv's worth of Markdown files (packages ship READMEs)."""
    for name in ("venv/lib/python3.11/site-packages/pkg/README.md", "venv/lib/python3.11/site-packages/LICENSE.txt"):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(CLEAN_ARTICLE, encoding="utf-8")


def test_gitignore_is_respected_inside_a_git_work_tree(run_cli, write_article, tmp_path):
    _git_init(tmp_path)
    write_article("stories/a.md", CLEAN_ARTICLE)
    _virtualenv(tmp_path)
    (tmp_path / ".gitignore").write_text("venv/\n", encoding="utf-8")
    assert _checked(run_cli, ".") == ["stories/a.md"]
    # --no-respect-gitignore, or the configuration, checks them as well
    everything = _checked(run_cli, "--no-respect-gitignore", ".")
    assert "stories/a.md" in everything and any(p.startswith("venv/") for p in everything)
    (tmp_path / "newslint.toml").write_text("respect-gitignore = false\n", encoding="utf-8")
    assert _checked(run_cli, ".") == everything


def test_gitignore_in_a_subfolder_and_info_exclude_and_negation(run_cli, write_article, tmp_path):
    _git_init(tmp_path)
    for name in ("stories/a.md", "stories/notes.txt", "stories/keep.txt", "drafts/b.md", "wire/2024/c.md"):
        write_article(name, CLEAN_ARTICLE)
    (tmp_path / "stories" / ".gitignore").write_text("*.txt\n!keep.txt\n", encoding="utf-8")
    (tmp_path / ".git" / "info").mkdir(exist_ok=True)
    (tmp_path / ".git" / "info" / "exclude").write_text("/drafts/\n", encoding="utf-8")
    # git's own meaning in .gitignore: wire/* ignores the folder wire/2024 as well
    (tmp_path / ".gitignore").write_text("wire/*\n", encoding="utf-8")
    assert _checked(run_cli, ".") == ["stories/a.md", "stories/keep.txt"]
    # starting in a subfolder, the work tree's files above it still apply
    assert _checked(run_cli, "stories") == ["stories/a.md", "stories/keep.txt"]
    # a file named on the command line is checked even when git ignores it
    assert _checked(run_cli, "drafts/b.md") == ["drafts/b.md"]


def test_a_gitignore_outside_a_git_work_tree_changes_nothing(run_cli, write_article, tmp_path):
    write_article("stories/a.md", CLEAN_ARTICLE)
    _virtualenv(tmp_path)
    (tmp_path / ".gitignore").write_text("venv/\n", encoding="utf-8")
    if subprocess.run(["git", "rev-parse"], cwd=tmp_path, capture_output=True).returncode == 0:
        pytest.skip("the temporary folder is inside a git work tree")
    assert len(_checked(run_cli, ".")) == 3


# --- every path relative to the working directory -----------------------------------------------

def _newsroom(tmp_path: Path) -> Path:
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "2023-harbour.md").write_text(ARCHIVED, encoding="utf-8")
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "slipway.md").write_text(RECYCLING, encoding="utf-8")
    (tmp_path / "newslint.toml").write_text('select = ["NL103"]\nexclude = ["archive/"]\narchive = ["archive/"]\n',
                                            encoding="utf-8")
    return tmp_path


def test_archive_paths_from_the_configuration_are_relative_in_every_output(run_cli, tmp_path):
    _newsroom(tmp_path)
    absolute = str(tmp_path)
    text = run_cli("check", "stories")
    assert "stories/slipway.md:5:1: NL103" in text.stdout and "see archive/2023-harbour.md:3:1" in text.stdout
    data = json.loads(run_cli("check", "--format", "json", "stories").stdout)
    [finding] = data["files"][0]["findings"]
    assert data["files"][0]["path"] == "stories/slipway.md" and finding["related"][0]["path"] == "archive/2023-harbour.md"
    sarif = json.loads(run_cli("check", "--format", "sarif", "stories").stdout)
    [result] = sarif["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "stories/slipway.md"}
    assert result["relatedLocations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "archive/2023-harbour.md"}
    junit = ET.fromstring(run_cli("check", "--format", "junit", "stories").stdout)
    assert [c.get("name") for c in junit.iter("testcase")] == ["stories/slipway.md"]
    github = run_cli("check", "--format", "github", "stories").stdout
    assert "file=stories/slipway.md," in github
    run_cli("check", "--format", "html", "-o", "report.html", "stories")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "archive/2023-harbour.md" in html and "stories/slipway.md" in html
    for output in (text.stdout, json.dumps(data), json.dumps(sarif), github, html):
        assert absolute not in output
    # an absolute path under the working directory reads the same
    assert run_cli("check", str(tmp_path / "stories")).stdout == text.stdout


def test_a_file_outside_the_working_directory_is_absolute_and_a_file_uri_in_sarif(run_cli, tmp_path):
    _newsroom(tmp_path)
    elsewhere = tmp_path / "desk"
    elsewhere.mkdir()
    proc = run_cli("check", "--config", "../newslint.toml", "../stories", cwd=elsewhere)
    assert f"{tmp_path}/stories/slipway.md:5:1: NL103" in proc.stdout
    sarif = json.loads(run_cli("check", "--config", "../newslint.toml", "--format", "sarif", "../stories",
                               cwd=elsewhere).stdout)
    [result] = sarif["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": (tmp_path / "stories" / "slipway.md").as_uri()}
    assert "uriBaseId" not in json.dumps(sarif)
    assert sarif["runs"][0]["invocations"][0]["workingDirectory"]["uri"] == elsewhere.as_uri() + "/"


def test_shown_is_relative_under_the_working_directory_and_absolute_elsewhere(tmp_path, monkeypatch):
    (tmp_path / "inside").mkdir()
    monkeypatch.chdir(tmp_path / "inside")
    assert shown(tmp_path / "inside" / "a.md") == "a.md"
    assert shown("./b/../a.md") == "a.md"
    assert shown(tmp_path / "other.md") == str(tmp_path / "other.md")
    assert shown("-") == "-"
