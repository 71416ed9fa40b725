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
from hypothesis import settings as hypothesis_settings

# The suite's property tests draw the same examples on every run, so that a run of the suite (and
# CI) passes or fails for the code alone; `HYPOTHESIS_PROFILE=explore pytest` draws new ones each
# time, and `python benchmarks/fuzz.py` explores at length.
hypothesis_settings.register_profile("repeatable", derandomize=True, database=None)
hypothesis_settings.register_profile("explore")
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

PROJECT_ROOT = Path(__file__).resolve().parents[1]

#: An article that NL101 (repeated-passage) flags: the last paragraph repeats seventeen words of the
#: second (not the lede, whose short echoes NL101 allows by design).
REPEATING_ARTICLE = textwrap.dedent(
    """\
    # Council backs harbour plan

    The harbour committee voted on Tuesday to rebuild the old stone pier.

    Engineers warned that the pier could collapse if the winter storms were as bad as last year.

    Fishing crews had asked for the work for years, and the vote was unanimous.

    Members said engineers warned that the pier could collapse if the winter storms were as bad as last year.
    """
)
#: 1-based line of the later, reported occurrence in ``REPEATING_ARTICLE`` and of the first one.
REPEAT_LINE, FIRST_LINE = 9, 5
#: the first and last words of the repeated passage
REPEAT_FIRST_WORD, REPEAT_LAST_WORDS = "engineers warned", "last year"

#: An article with nothing for NL101 to find.
CLEAN_ARTICLE = textwrap.dedent(
    """\
    # Library opens late on Thursdays

    The town library will stay open until nine on Thursday evenings from next month.

    Staff said the change follows a survey of readers who work during the day.
    """
)

#: The rules the foundation tests exercise: the engine's own codes and NL101. Tests select them so
#: that rule families added later do not change what these tests see.
SELECT = "NL0,NL101"

#: The engine's reports about files and rules rather than about text: they have no article that
#: fires them, so neither the pages' examples nor the fixtures in tests/rules/ can show them.
NOT_ABOUT_TEXT = {"NL000": "a rule's crash", "NL002": "a file that cannot be read",
                  "NL004": "a baseline entry that matches nothing (tests/test_baseline.py writes the baseline)"}


def pytest_addoption(parser):
    parser.addoption(
        "--update-fixtures", action="store_true", default=False,
        help="rewrite each tests/rules/<CODE>/expected.txt from what the CLI prints now (never in CI: "
             "review the diff, then commit it)",
    )


def pytest_configure(config):
    # An expected file rewritten by CI would turn every change in output into a pass.
    if config.getoption("--update-fixtures") and os.environ.get("CI"):
        raise pytest.UsageError("--update-fixtures rewrites the expected output; it is refused when CI is set")


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

    Keyword arguments: ``cwd`` (default ``tmp_path``), ``input`` (str or bytes for stdin), ``autoload``
    (load entry-point plugins; default False), ``env`` (extra environment variables).
    Returns the ``CompletedProcess`` with text ``stdout``/``stderr``.
    """

    def run(*args: str, cwd: Path | None = None, input: str | bytes | None = None, autoload: bool = False,
            env: Mapping[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
        if isinstance(input, str):
            input = input.encode("utf-8")
        proc = subprocess.run(
            [sys.executable, "-m", "newslint", *map(str, args)],
            cwd=cwd or tmp_path, input=input, capture_output=True, env=cli_env(autoload, env), timeout=timeout,
        )
        proc.stdout = proc.stdout.decode("utf-8")
        proc.stderr = proc.stderr.decode("utf-8")
        return proc

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

    plugin = _TestRules()
    plugin.rule_classes = tuple(rule_classes)
    return plugin


def run_engine(paths, plugins=(), *, jobs: int = 1, fix: bool = False, config: Mapping | None = None,
               root: Path | None = None):
    """``newslint.engine.run`` on ``paths`` with the built-in rules plus ``plugins`` (no entry points).

    Without ``config``, only ``SELECT`` and the plugins' own rules are selected.
    """
    from newslint.config import RuleIndex, build_settings
    from newslint.engine import Input, run
    from newslint.plugins import collect_rules, get_plugin_manager

    pm = get_plugin_manager(extra_plugins=list(plugins), autoload=False)
    rules = collect_rules(pm)
    if config is None:  # the engine's codes, NL101 and the rules the test brings
        config = {"select": [*SELECT.split(","), *(c.code for p in plugins for c in getattr(p, "rule_classes", ()))]}
    settings = build_settings(dict(config), RuleIndex(rules), root=root)
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


@pytest.fixture
def entry_point_plugin(tmp_path: Path) -> Callable[..., dict[str, str]]:
    """``env = entry_point_plugin("house_rules", source)`` makes ``source`` an installed plugin.

    It writes the module and a ``.dist-info`` folder declaring it in the ``newslint`` entry-point
    group, the way pip leaves an installed package, into a folder of its own. Returns the
    environment (``PYTHONPATH``) under which ``run_cli(..., autoload=True)`` loads it.
    """
    site = tmp_path / "_site"

    def make(module: str, source: str, distribution: str = "newslint-house", version: str = "1.0") -> dict[str, str]:
        site.mkdir(exist_ok=True)
        (site / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
        info = site / f"{distribution.replace('-', '_')}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {distribution}\nVersion: {version}\n",
                                       encoding="utf-8")
        (info / "entry_points.txt").write_text(f"[newslint]\n{module} = {module}\n", encoding="utf-8")
        return {"PYTHONPATH": str(site)}

    return make
