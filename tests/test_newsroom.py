"""The README's newsroom section, step by step, in a temporary git repository with an archive, a
virtualenv folder, a ``.gitignore`` and a configured ``exclude``, through the real ``pre-commit``
hook (``.pre-commit-hooks.yaml`` at this checkout's HEAD, installed by pre-commit as a newsroom's
would be).

Each step's text is the README's: the configuration, the commands and the hook's entry are read
from its code blocks, with the hook's ``repo`` and ``rev`` pointed at this checkout and its HEAD.
Step 1 (installing) is the test environment itself. pre-commit installs the hook with pip, so this
needs git and the package index; deselect with ``-m "not integration"``.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import PROJECT_ROOT, cli_env
from test_baseline import LEGACY
from test_paths import ARCHIVED, RECYCLING

pytestmark = pytest.mark.integration

SECTION = "## In a newsroom's repository"
#: a package's README in the virtualenv: a repeated passage NL101 would flag, if it were linted
PACKAGE_README = ("# pkg\n\nThe package reads the settings file when it starts and keeps them until it stops.\n\n"
                  "Note that the package reads the settings file when it starts and keeps them until it stops.\n")


def readme_blocks() -> list[tuple[str, str]]:
    """(language, text) of each code block of the README's newsroom section, in order."""
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split(SECTION, 1)[1].split("\n## ", 1)[0]
    return [(lang, _dedent(body)) for lang, body in re.findall(r"^ *```(\w+)\n(.*?)^ *```$", section, re.M | re.S)]


def _dedent(text: str) -> str:
    import textwrap

    return textwrap.dedent(text)


def block(lang: str, containing: str) -> str:
    [text] = [t for lg, t in readme_blocks() if lg == lang and containing in t]
    return text


def commands(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in cli_env().items() if not k.startswith("GIT_")}
    env["PRE_COMMIT_HOME"] = str(tmp / "pre-commit-home")
    env.pop("PRE_COMMIT_COLOR", None)
    # newslint and pre-commit as step 1 installs them: on the PATH
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def sh(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


def _head() -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    proc = subprocess.run(["git", "rev-parse", "HEAD"], cwd=PROJECT_ROOT, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        pytest.skip(f"{PROJECT_ROOT} is not a git checkout")
    return proc.stdout.strip()


def _repository(root: Path, env: dict[str, str]) -> Path:
    """A newsroom's repository before newslint: stories, the archive, a virtualenv git ignores."""
    repo = root / "newsroom"
    for name, text in {"archive/2023-harbour.md": ARCHIVED, "stories/ferry.md": LEGACY,
                       "venv/lib/python3.11/site-packages/pkg/README.md": PACKAGE_README,
                       ".gitignore": "venv/\n"}.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for command in ("git init -q", "git config user.name Desk", "git config user.email desk@example.org",
                    "git config commit.gpgsign false"):
        assert sh(command, repo, env).returncode == 0
    return repo


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory):
    """The README's steps 2 to 5, then a commit with a new story that recycles an archive passage
    and an edit of the legacy story. Returns what each step printed."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    head = _head()
    tmp = tmp_path_factory.mktemp("newsroom")
    env = _env(tmp)
    repo = _repository(tmp, env)
    steps: dict[str, subprocess.CompletedProcess | Path] = {"repo": repo}

    # step 2: the configuration, as the README writes it
    (repo / "newslint.toml").write_text(block("toml", "archive"), encoding="utf-8")
    # step 3: the baseline
    [write] = commands(block("sh", "--write-baseline"))
    steps["baseline"] = sh(write, repo, env)
    # step 4: the hook, with this checkout as the newsroom's copy of newslint
    config = yaml.safe_load(block("yaml", "rev:"))
    config["repos"][0]["repo"] = str(PROJECT_ROOT)
    config["repos"][0]["rev"] = head
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    # step 5: turn the hook on and commit everything
    steps["install"], steps["first commit"] = (sh(c, repo, env) for c in commands(block("sh", "pre-commit install")))

    # the next day: a new story that recycles the archive, and an edit of the legacy story that
    # moves every line down and changes a word its findings do not flag (moving a paragraph can
    # change what the rules that weigh a paragraph's neighbours say: tests/test_baseline.py moves
    # one under the rules that do not)
    (repo / "stories" / "slipway.md").write_text(RECYCLING, encoding="utf-8")
    edited = LEGACY.replace("\n\n", "\n\n\n", 1).replace("rising fuel costs", "higher fuel costs")
    (repo / "stories" / "ferry.md").write_text(edited, encoding="utf-8")
    steps["second commit"] = sh("git add -A && git commit -q -m 'Slipway story'", repo, env)
    # what the repository would hold: committed or staged
    steps["tracked"] = sh("git add -A && git ls-files", repo, env)
    steps["check everything"] = sh("newslint check --no-respect-gitignore --select NL101 .", repo, env)
    return steps


def test_the_baseline_step_records_the_legacy_findings_and_not_the_virtualenv(newsroom):
    proc = newsroom["baseline"]
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.fullmatch(r"newslint: wrote \d+ findings of 1 file to the baseline newslint-baseline\.json\n", proc.stderr)
    baseline = (newsroom["repo"] / "newslint-baseline.json").read_text(encoding="utf-8")
    assert '"stories/ferry.md"' in baseline and "venv" not in baseline and "archive" not in baseline


def test_legacy_findings_are_hidden_so_the_first_commit_passes(newsroom):
    install, first = newsroom["install"], newsroom["first commit"]
    assert install.returncode == 0, install.stdout + install.stderr
    assert first.returncode == 0, first.stdout + first.stderr
    assert re.search(r"^newslint\.+Passed$", first.stdout + first.stderr, re.M), first.stdout + first.stderr


def test_the_hook_reports_the_recycled_passage_with_relative_paths(newsroom):
    proc = newsroom["second commit"]
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert re.search(r"^newslint\.+Failed$", output, re.M), output
    findings = [line for line in output.splitlines() if re.match(r"^\S+:\d+:\d+: [A-Z]+\d{3} ", line)]
    assert {line.split(":")[0] for line in findings} == {"stories/slipway.md"}, output
    [recycled] = [line for line in findings if " NL103 " in line]
    assert recycled.startswith("stories/slipway.md:5:1: NL103 ") and "archive/2023-harbour.md line 3" in recycled
    assert "    see archive/2023-harbour.md:3:1" in output
    assert str(newsroom["repo"]) not in output


def test_the_edited_legacy_story_stays_hidden_and_the_summary_says_so(newsroom):
    output = newsroom["second commit"].stdout + newsroom["second commit"].stderr
    assert "stories/ferry.md:" not in output
    assert re.search(r"^Checked 2 files: .*; [1-9]\d* hidden by the baseline\.$", output, re.M), output


def test_the_virtualenv_is_not_linted(newsroom):
    # every step above walked the repository or was handed its files; only the check that turns
    # git's ignore files off sees the virtualenv's README
    for step in ("baseline", "first commit", "second commit"):
        assert "venv/" not in newsroom[step].stdout + newsroom[step].stderr
    assert "venv/lib/python3.11/site-packages/pkg/README.md" in newsroom["check everything"].stdout


def test_the_cache_is_not_staged(newsroom):
    cache = newsroom["repo"] / ".newslint_cache"
    assert any(cache.glob("*.sqlite3"))  # the hook did use the cache
    tracked = newsroom["tracked"].stdout.split()
    assert "stories/slipway.md" in tracked
    assert not any(name.startswith(".newslint_cache") for name in tracked), tracked


def test_repo_local_runs_the_installed_newslint(tmp_path):
    """The README's ``repo: local`` configuration, with the newslint of step 1 on the PATH."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    env = _env(tmp_path)
    repo = _repository(tmp_path, env)
    (repo / "newslint.toml").write_text(block("toml", "archive"), encoding="utf-8")
    [write] = commands(block("sh", "--write-baseline"))
    assert sh(write, repo, env).returncode == 0
    (repo / "stories" / "slipway.md").write_text(RECYCLING, encoding="utf-8")
    (repo / ".pre-commit-config.yaml").write_text(block("yaml", "repo: local"), encoding="utf-8")
    assert sh("git add -A", repo, env).returncode == 0
    proc = sh("pre-commit run --all-files --color never", repo, env)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert re.search(r"^stories/slipway\.md:5:1: NL103 ", output, re.M), output
    assert "stories/ferry.md:" not in output and "hidden by the baseline" in output


def test_the_readme_commands_are_what_the_tests_run():
    """The steps above read these blocks: if the README changes shape, this says which one."""
    langs = [lang for lang, _ in readme_blocks()]
    assert langs[:5] == ["sh", "toml", "sh", "yaml", "sh"], langs
    config = yaml.safe_load(block("yaml", "rev:"))
    [hook] = config["repos"][0]["hooks"]
    assert hook == {"id": "newslint"}
    assert re.fullmatch(r"[0-9a-f]{40}", str(config["repos"][0]["rev"])), "rev must be a full commit id"
    assert "pre-commit try-repo" in block("sh", "try-repo")
    assert shlex.split(commands(block("sh", "--write-baseline"))[0])[:3] == ["newslint", "check", "--write-baseline"]
