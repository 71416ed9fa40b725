"""The pre-commit hook, for real: ``pre-commit try-repo <this checkout> newslint --all-files`` in a
temporary git repository. pre-commit clones the checkout's HEAD (plus uncommitted changes to tracked
files) and installs it with pip, so this needs git and access to the package index. Deselect with
``-m "not integration"``."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import CLEAN_ARTICLE, FIRST_LINE, PROJECT_ROOT, REPEAT_LINE, REPEATING_ARTICLE, cli_env

pytestmark = pytest.mark.integration

HOOKS_FILE = PROJECT_ROOT / ".pre-commit-hooks.yaml"


def _git(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)


def _clean_git_env(env: dict[str, str]) -> dict[str, str]:
    # when the suite itself runs inside a git hook, these would point git at the wrong repository
    return {k: v for k, v in env.items() if not k.startswith("GIT_")}


def test_hook_definition():
    [hook] = yaml.safe_load(HOOKS_FILE.read_text(encoding="utf-8"))
    assert hook["id"] == "newslint"
    assert hook["entry"] == "newslint check"
    assert hook["language"] == "python"
    assert hook["types_or"] == ["markdown", "plain-text"]
    assert hook["require_serial"] is True


def test_try_repo_fails_with_line_level_output_naming_the_article(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if not (PROJECT_ROOT / ".git").exists():
        pytest.skip(f"{PROJECT_ROOT} is not a git checkout")
    committed = subprocess.run(["git", "cat-file", "-e", "HEAD:.pre-commit-hooks.yaml"], cwd=PROJECT_ROOT,
                               capture_output=True, env=_clean_git_env(dict(os.environ)))
    assert committed.returncode == 0, "pre-commit try-repo uses committed files: commit .pre-commit-hooks.yaml"

    repo = tmp_path / "newsroom"
    repo.mkdir()
    (repo / "stories").mkdir()
    (repo / "stories" / "harbour.md").write_text(REPEATING_ARTICLE, encoding="utf-8")
    (repo / "stories" / "library.md").write_text(CLEAN_ARTICLE, encoding="utf-8")
    (repo / "wire.txt").write_text(REPEATING_ARTICLE.replace("# ", ""), encoding="utf-8")
    # not an article type: the hook's types_or must keep it away from newslint
    (repo / "publish.py").write_text(f"NOTE = {REPEATING_ARTICLE!r}\n", encoding="utf-8")
    env = _clean_git_env(cli_env())
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    env.pop("PRE_COMMIT_COLOR", None)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)

    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(PROJECT_ROOT), "newslint", "--all-files",
         "--color", "never"],
        cwd=repo, capture_output=True, text=True, env=env, timeout=600,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert re.search(r"^newslint\.+Failed$", proc.stdout, re.M), output
    assert "- exit code: 1" in proc.stdout, output
    assert re.search(rf"^stories/harbour\.md:{REPEAT_LINE}:\d+: NL101 \[warning\] .*repeats line {FIRST_LINE}",
                     proc.stdout, re.M), output
    assert re.search(r"^wire\.txt:\d+:\d+: NL101 ", proc.stdout, re.M), output
    assert "publish.py" not in proc.stdout
    assert not re.search(r"^stories/library\.md:\d+:\d+: NL101", proc.stdout, re.M), output
