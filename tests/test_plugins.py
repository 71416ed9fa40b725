"""The plugin system: hook specifications, validation of plugins, entry-point autoloading, and a real
third-party plugin package (tests/fixtures/plugin_pkg) installed with pip and run from the CLI."""

from __future__ import annotations

import inspect
import shutil
import subprocess
import sys
from pathlib import Path

import pluggy
import pytest

from conftest import CLEAN_ARTICLE, REPEATING_ARTICLE, SELECT, rules_plugin
from newslint import Rule, Severity, hookimpl, hookspecs, plugins
from newslint.plugins import AUTOLOAD_ENV, ENTRY_POINT_GROUP, PluginError, collect_rules, get_plugin_manager

FIXTURE_PKG = Path(__file__).parent / "fixtures" / "plugin_pkg"
PLUGIN_CODE, PLUGIN_NAME = "NL950", "exclamation-mark"


def _hookspecs():
    """Every function of ``newslint.hookspecs`` marked as a hook specification."""
    marker = f"{hookspecs.hookspec.project_name}_spec"
    return {name: fn for name, fn in inspect.getmembers(hookspecs, inspect.isfunction) if hasattr(fn, marker)}


# --- hook specifications -----------------------------------------------------------------------

def test_hookspecs_are_prefixed_and_documented():
    specs = _hookspecs()
    assert {"newslint_register_rules", "newslint_register_reporters"} <= set(specs)
    for name, fn in specs.items():
        assert name.startswith("newslint_"), name
        doc = inspect.getdoc(fn) or ""
        # say when the hook is called and what its return value means
        assert "called" in doc.lower(), f"{name}: the docstring does not say when it is called"
        assert "return" in doc.lower(), f"{name}: the docstring does not say what it returns"


def test_plugin_manager_knows_exactly_the_hookspecs():
    pm = get_plugin_manager(autoload=False)
    known = {name for name in vars(pm.hook) if not name.startswith("_")}
    assert known >= set(_hookspecs())
    assert all(name.startswith("newslint_") for name in known)


def test_builtins_are_registered_like_third_party_plugins():
    pm = get_plugin_manager(autoload=False)
    providers = {pm.get_name(impl.plugin) for impl in pm.hook.newslint_register_rules.get_hookimpls()}
    assert {"newslint.rules", "newslint.core_rules"} <= providers
    rules = collect_rules(pm)
    assert rules["NL101"].name == "repeated-passage"
    assert rules["NL101"].plugin == "newslint.rules"
    reporters = {name for result in pm.hook.newslint_register_reporters() for name in result}
    assert {"text", "json", "sarif", "github", "junit"} <= reporters


# --- validation of plugins ---------------------------------------------------------------------

class _MisspelledHook:
    @hookimpl
    def newslint_register_rule(self):  # missing the final "s"
        return []


def test_check_pending_rejects_a_misspelled_hook():
    with pytest.raises(PluginError) as info:
        get_plugin_manager(extra_plugins=[_MisspelledHook()], autoload=False)
    message = str(info.value)
    assert "newslint_register_rule" in message
    assert "does not know" in message or "unknown" in message
    assert "\n" not in message.strip()


def test_misspelled_hook_is_one_line_error_from_the_cli(monkeypatch, capsys):
    from newslint import cli, plugins

    monkeypatch.setattr(cli, "get_plugin_manager",
                        lambda: plugins.get_plugin_manager(extra_plugins=[_MisspelledHook()], autoload=False))
    code = cli.main(["rules"])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    [line] = err.strip().splitlines()
    assert "newslint_register_rule" in line


class _Clash(Rule):
    """Test rule: takes NL101's code."""

    code = "NL101"
    name = "another-repeat"
    severity = Severity.INFO
    summary = "Clashes with the built-in NL101."


def test_a_plugin_reusing_a_code_is_rejected():
    pm = get_plugin_manager(extra_plugins=[rules_plugin(_Clash)], autoload=False)
    with pytest.raises(PluginError, match="NL101"):
        collect_rules(pm)


# --- entry points ------------------------------------------------------------------------------

@pytest.mark.parametrize("value, autoloads", [("1", False), ("true", False), ("", True), (None, True)])
def test_autoload_env_turns_entry_points_off(monkeypatch, value, autoloads):
    calls = []
    monkeypatch.setattr(pluggy.PluginManager, "load_setuptools_entrypoints",
                        lambda self, group, name=None: calls.append(group) or 0)
    monkeypatch.setattr(plugins, "_may_have_entry_points", lambda group=ENTRY_POINT_GROUP: True)
    if value is None:
        monkeypatch.delenv(AUTOLOAD_ENV, raising=False)
    else:
        monkeypatch.setenv(AUTOLOAD_ENV, value)
    get_plugin_manager()
    assert calls == ([ENTRY_POINT_GROUP] if autoloads else [])
    assert ENTRY_POINT_GROUP == "newslint"


def test_entry_point_prescan_finds_the_group_header(tmp_path, monkeypatch):
    site = tmp_path / "site"
    (site / "other-1.0.dist-info").mkdir(parents=True)
    (site / "other-1.0.dist-info" / "entry_points.txt").write_text("[console_scripts]\nother = other:main\n")
    monkeypatch.setattr(sys, "path", [str(site), str(tmp_path / "missing")])
    assert plugins._may_have_entry_points() is False
    (site / "house-1.0.dist-info").mkdir()
    (site / "house-1.0.dist-info" / "entry_points.txt").write_text("[newslint]\nhouse = house\n")
    assert plugins._may_have_entry_points() is True
    # a zipped path entry cannot be scanned cheaply: assume it may hold plugins
    (tmp_path / "bundle.zip").write_bytes(b"PK")
    monkeypatch.setattr(sys, "path", [str(tmp_path / "bundle.zip")])
    assert plugins._may_have_entry_points() is True


@pytest.fixture(scope="module")
def installed_plugin(tmp_path_factory) -> Path:
    """The fixture package installed with pip into a fresh folder; put it on PYTHONPATH to use it.

    The package is copied first so that the build leaves nothing behind in the source tree. pip
    builds it in an isolated environment (which fetches setuptools) and, if that fails, with the
    setuptools of this environment.
    """
    base = tmp_path_factory.mktemp("plugin")
    source, target = base / "src", base / "site"
    shutil.copytree(FIXTURE_PKG, source)
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-input",
           "--disable-pip-version-check", "--target", str(target), str(source)]
    proc = subprocess.run(pip, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        proc = subprocess.run([*pip, "--no-build-isolation"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"pip could not install the fixture plugin:\n{proc.stdout}\n{proc.stderr}"
    assert list(target.glob("newslint_exclamation-*.dist-info/entry_points.txt"))
    return target


SHOUTY = "Ferry returns\n\nThe ferry is back in service after a month in dry dock!\n"


def test_fixture_declares_an_entry_point_in_the_newslint_group():
    text = (FIXTURE_PKG / "pyproject.toml").read_text(encoding="utf-8")
    assert "[project.entry-points.newslint]" in text


def test_installed_plugin_rule_runs_from_the_cli(installed_plugin, run_cli, write_article):
    write_article("ferry.txt", SHOUTY)
    write_article("clean.md", CLEAN_ARTICLE)
    proc = run_cli("check", "--select", f"{SELECT},{PLUGIN_CODE}", "ferry.txt", "clean.md",
                   autoload=True, env={"PYTHONPATH": str(installed_plugin)})
    assert proc.returncode == 1, proc.stderr
    lines = [line for line in proc.stdout.splitlines() if PLUGIN_CODE in line]
    assert lines == ["ferry.txt:3:55: NL950 [warning] exclamation mark in news copy; state the fact plainly"]


def test_installed_plugin_is_listed_and_explained(installed_plugin, run_cli):
    env = {"PYTHONPATH": str(installed_plugin)}
    rules = run_cli("rules", autoload=True, env=env)
    assert rules.returncode == 0, rules.stderr
    [row] = [line for line in rules.stdout.splitlines() if line.startswith(PLUGIN_CODE)]
    assert PLUGIN_NAME in row and "warning" in row and "An exclamation mark in news copy." in row
    assert any(line.startswith("NL101") for line in rules.stdout.splitlines())

    explain = run_cli("explain", PLUGIN_NAME, autoload=True, env=env)
    assert explain.returncode == 0, explain.stderr
    assert PLUGIN_CODE in explain.stdout and "## What it does" in explain.stdout


def test_installed_plugin_obeys_config_like_a_builtin(installed_plugin, run_cli, write_article, tmp_path):
    write_article("ferry.txt", SHOUTY)
    (tmp_path / "newslint.toml").write_text(f'ignore = ["{PLUGIN_NAME}"]\n', encoding="utf-8")
    proc = run_cli("check", "ferry.txt", autoload=True, env={"PYTHONPATH": str(installed_plugin)})
    assert PLUGIN_CODE not in proc.stdout
    assert proc.returncode in (0, 1), proc.stderr


def test_autoload_off_hides_the_installed_plugin(installed_plugin, run_cli, write_article):
    write_article("ferry.txt", SHOUTY)
    env = {"PYTHONPATH": str(installed_plugin)}
    rules = run_cli("rules", autoload=False, env=env)
    assert rules.returncode == 0
    assert PLUGIN_CODE not in rules.stdout
    check = run_cli("check", "--select", SELECT, "ferry.txt", autoload=False, env=env)
    assert check.returncode == 0, check.stdout + check.stderr
    assert PLUGIN_CODE not in check.stdout
    # and the same run with autoloading on does see it: the variable is what made the difference
    check_on = run_cli("check", "--extend-select", PLUGIN_CODE, "--select", SELECT, "ferry.txt", autoload=True, env=env)
    assert PLUGIN_CODE in check_on.stdout


def test_plugin_rules_run_in_worker_processes(installed_plugin, run_cli, write_article):
    for i in range(20):
        write_article(f"desk/{i:02d}.txt", SHOUTY if i % 2 else REPEATING_ARTICLE)
    env = {"PYTHONPATH": str(installed_plugin)}
    one = run_cli("check", "--select", f"{SELECT},{PLUGIN_CODE}", "--jobs", "1", "desk", autoload=True, env=env)
    two = run_cli("check", "--select", f"{SELECT},{PLUGIN_CODE}", "--jobs", "2", "desk", autoload=True, env=env)
    assert one.stdout == two.stdout
    assert one.stdout.count(f" {PLUGIN_CODE} ") == 10


# --- broken third-party plugins, through the real CLI ------------------------------------------------

def test_plugin_that_fails_to_import_is_named(run_cli, entry_point_plugin):
    env = entry_point_plugin("house_style", "import a_module_that_is_not_installed\n",
                             distribution="newslint-house-style", version="2.1")
    proc = run_cli("rules", autoload=True, env=env)
    assert proc.returncode == 2
    assert proc.stdout == ""
    [line] = proc.stderr.splitlines()
    assert "house_style" in line and "newslint-house-style 2.1" in line
    assert "a_module_that_is_not_installed" in line
    assert "NEWSLINT_DISABLE_PLUGIN_AUTOLOAD=1" in line
    assert run_cli("rules", autoload=False, env=env).returncode == 0


def test_misspelled_hook_of_an_installed_plugin_names_it_and_the_right_hook(run_cli, entry_point_plugin):
    env = entry_point_plugin("typo_plugin", '''
        from newslint import hookimpl

        @hookimpl
        def newslint_register_rule():
            return []
    ''', distribution="newslint-typo", version="0.1")
    proc = run_cli("rules", autoload=True, env=env)
    assert proc.returncode == 2
    [line] = proc.stderr.splitlines()
    assert "newslint-typo 0.1" in line
    assert "newslint_register_rule (did you mean newslint_register_rules?)" in line
    assert "<module" not in line
