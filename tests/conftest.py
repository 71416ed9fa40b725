"""Shared helpers: run the real CLI in a subprocess, write short articles to ``tmp_path``.

Every subprocess runs with ``NEWSLINT_DISABLE_PLUGIN_AUTOLOAD=1`` unless a test asks for plugins,
so that a plugin installed in the developer's environment never changes what the tests see.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Callable, Mapping

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]

#: An article that NL101 (repeated-passage) flags: paragraph 3 repeats eleven words of paragraph 1.
REPEATING_ARTICLE = textwrap.dedent(
    """\
    # Council backs harbour plan

    The harbour committee voted to rebuild the old stone pier before the autumn storms arrive.

    Fishing crews had asked for the work for years, and the vote was unanimous.

    Members said the committee voted to rebuild the old stone pier before the autumn storms.
    """
)
#: 1-based line of the later, reported occurrence in ``REPEATING_ARTICLE`` and of the first one.
REPEAT_LINE, FIRST_LINE = 7, 3

#: An article with nothing for NL101 to find.
CLEAN_ARTICLE = textwrap.dedent(
    """\
    # Library opens late on Thursdays

    The town library will stay open until nine on Thursday evenings from next month.

    Staff said the change follows a survey of readers who work during the day.
    """
)


def cli_env(autoload: bool = False, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a CLI subprocess: plugins off unless ``autoload``, no colour."""
    env = dict(os.environ)
    env.pop("NEWSLINT_DISABLE_PLUGIN_AUTOLOAD", None)
    if not autoload:
        env["NEWSLINT_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    env["NO_COLOR"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(extra or {})
    return env


@pytest.fixture
def run_cli(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess]:
    """``run_cli("check", "a.md", ...)`` runs ``python -m newslint`` in ``tmp_path``.

    Keyword arguments: ``cwd`` (default ``tmp_path``), ``input`` (text for stdin), ``autoload``
    (load entry-point plugins; default False), ``env`` (extra environment variables).
    Returns the ``CompletedProcess`` with text ``stdout``/``stderr``.
    """

    def run(*args: str, cwd: Path | None = None, input: str | None = None, autoload: bool = False,
            env: Mapping[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "newslint", *map(str, args)],
            cwd=cwd or tmp_path, input=input, capture_output=True, text=True, encoding="utf-8",
            env=cli_env(autoload, env), timeout=timeout,
        )

    return run


@pytest.fixture
def write_article(tmp_path: Path) -> Callable[..., Path]:
    """``write_article("story.md", text)`` writes ``text`` (str, UTF-8; or bytes as-is) under ``tmp_path``."""

    def write(name: str, text: str | bytes = REPEATING_ARTICLE) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_bytes(text.encode("utf-8"))
        return path

    return write


# --- in-process helpers: the engine and the CLI with rules defined by a test -----------------------

def rules_plugin(*rule_classes):
    """A fresh plugin object whose ``newslint_register_rules`` returns ``rule_classes``."""
    from newslint import hookimpl

    class _TestRules:
        @hookimpl
        def newslint_register_rules(self):
            return list(rule_classes)

        def __repr__(self) -> str:
            return f"<test plugin: {', '.join(c.code for c in rule_classes)}>"

    return _TestRules()


def run_engine(paths, plugins=(), *, jobs: int = 1, fix: bool = False, config: Mapping | None = None,
               root: Path | None = None):
    """``newslint.engine.run`` on ``paths`` with the built-in rules plus ``plugins`` (no entry points)."""
    from newslint.config import RuleIndex, build_settings
    from newslint.engine import Input, run
    from newslint.plugins import collect_rules, get_plugin_manager

    pm = get_plugin_manager(extra_plugins=list(plugins), autoload=False)
    rules = collect_rules(pm)
    settings = build_settings(dict(config or {}), RuleIndex(rules), root=root)
    return run([Input(str(p)) for p in paths], rules, settings, jobs=jobs, fix=fix)


@pytest.fixture
def cli_main(tmp_path: Path, monkeypatch, capsys):
    """``cli_main("check", "a.md", plugins=[...])`` calls ``newslint.cli.main`` in-process in ``tmp_path``.

    The plugin manager is the real one with entry points off and ``plugins`` registered as extra
    plugins. Returns ``(exit_code, stdout, stderr)``.
    """
    from newslint import cli
    from newslint import plugins as plugins_module

    def call(*argv: str, plugins=()) -> tuple[int, str, str]:
        monkeypatch.chdir(tmp_path)
        monkeypatch.setenv("NO_COLOR", "1")
        monkeypatch.setattr(cli, "get_plugin_manager",
                            lambda: plugins_module.get_plugin_manager(extra_plugins=list(plugins), autoload=False))
        capsys.readouterr()
        code = cli.main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return call
