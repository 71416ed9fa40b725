"""The plugin system: hook specifications, validation of plugins, entry-point autoloading, hooks
called through pluggy (wrappers included), and plugins that clash or break, named in one line.

A real third-party package installed with pip is in test_plugins_house.py."""

from __future__ import annotations

import inspect
import re
import sys

import pluggy
import pytest

from conftest import CLEAN_ARTICLE, REPEATING_ARTICLE, SELECT, rules_plugin
from newslint import Option, Rule, Severity, hookimpl, hookspecs, plugins
from newslint.config import ConfigError, RuleIndex, build_settings, is_selected
from newslint.plugins import (AUTOLOAD_ENV, ENTRY_POINT_GROUP, PluginError, collect_reporters, collect_rules,
                              get_plugin_manager)
from newslint.rule import EVERY_RULE, in_family, validate_rule_class


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


# --- code prefixes -------------------------------------------------------------------------------------

def _plugin_rule(code: str, name: str, **attrs) -> type[Rule]:
    body = {"__doc__": "Test rule.", "code": code, "name": name, "summary": "A test rule.", **attrs}
    return type(name.title().replace("-", ""), (Rule,), body)


@pytest.mark.parametrize("code", ["NL950", "NLX001"])
def test_the_nl_prefix_is_reserved_for_the_builtin_rules(code):
    pm = get_plugin_manager(extra_plugins=[rules_plugin(_plugin_rule(code, "taken-prefix"))], autoload=False)
    with pytest.raises(PluginError) as info:
        collect_rules(pm)
    message = str(info.value)
    assert f"rule code {code}" in message and "reserved for newslint's own rules" in message
    assert "such as HS001" in message and "\n" not in message


@pytest.mark.parametrize("code", ["HS001", "AB123", "HOUSE999"])
def test_any_other_prefix_of_two_to_five_capitals_is_a_plugins(code):
    rules = collect_rules(get_plugin_manager(extra_plugins=[rules_plugin(_plugin_rule(code, "own-prefix"))],
                                             autoload=False))
    assert rules[code].name == "own-prefix"


@pytest.mark.parametrize("code", ["H001", "HOUSES001", "HS01", "hs001", "HS0001"])
def test_a_code_of_another_shape_is_refused(code):
    [problem] = validate_rule_class(_plugin_rule(code, "bad-code"))
    assert "two to five capital letters followed by three digits" in problem


def test_a_prefix_selects_its_own_plugins_family_only():
    assert in_family("HS001", "HS") and in_family("HS001", "HS0") and in_family("HS001", "HS001")
    assert not in_family("HSX001", "HS")  # another plugin's prefix that starts with the same letters
    assert not in_family("HS001", "H") and in_family("HS001", EVERY_RULE)
    rules = {cls.code: cls for cls in (_plugin_rule("HS001", "house-a"), _plugin_rule("HSX001", "house-b"),
                                       _plugin_rule("NL101", "repeat"))}
    index = RuleIndex(rules)
    assert [index.resolve(s) for s in ("HS", "hs0", "house-b", "ALL", "H", "HSY")] == ["HS", "HS0", "HSX001",
                                                                                       EVERY_RULE, None, None]
    assert index.family("HS") == ["HS001"] and index.family("HSX") == ["HSX001"]
    settings = build_settings({"select": ["HS"]}, index)
    assert [code for code, cls in rules.items() if is_selected(cls, settings)] == ["HS001"]
    settings = build_settings({"ignore": ["HSX"], "severity": {"HS": "error"}}, index)
    assert [code for code, cls in rules.items() if is_selected(cls, settings)] == ["HS001", "NL101"]
    assert settings.severity == {"HS001": Severity.ERROR}


def test_all_selects_the_plugins_rules_too():
    rules = {cls.code: cls for cls in (_plugin_rule("HS001", "house-a", default_enabled=False),
                                       _plugin_rule("NL101", "repeat"))}
    settings = build_settings({"select": ["ALL"]}, RuleIndex(rules))
    assert all(is_selected(cls, settings) for cls in rules.values())


# --- options --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("option, value, expected", [
    (Option("words", list, [], "words"), ["a", "b"], ["a", "b"]),
    (Option("limits", list, [], "limits", item_type=float), [1, 2.5], [1.0, 2.5]),
    (Option("anything", list, [], "anything", item_type=object), [1, "a"], [1, "a"]),
    (Option("where", list, [], "where", choices=("body", "headline")), ["body"], ["body"]),
])
def test_list_options_take_items_of_their_type(option, value, expected):
    assert option.validate(value) == expected


@pytest.mark.parametrize("option, value, message", [
    (Option("words", list, [], "words"), ["amid", 3], "item 2 of the list: expected a string, got 3"),
    (Option("words", list, [], "words"), "amid", "expected a list of strings, got \"amid\""),
    (Option("counts", list, [], "counts", item_type=int), [1, True], "item 2 of the list: expected a whole number, got true"),
    (Option("where", list, [], "where", choices=("body",)), ["body", "tail"],
     "item 2 of the list: expected one of body, got \"tail\""),
    (Option("share", float, 0.5, "share", minimum=0, maximum=1), 2, "expected at most 1, got 2"),
])
def test_a_wrong_value_says_what_was_expected(option, value, message):
    with pytest.raises(ValueError) as info:
        option.validate(value)
    assert str(info.value) == message


@pytest.mark.parametrize("options, problem", [
    ((Option("min-words", int, "3", "words"),), "option 'min-words': its default \"3\" does not fit the option"),
    ((Option("words", list, ["a", 1], "words"),), "option 'words': its default [\"a\", 1] does not fit"),
    ((Option("min_words", int, 3, "words"),), "option 'min_words': the name must be kebab-case"),
    ((Option("when", dict, {}, "when"),), "option 'when': type must be one of bool, int, float, str, list"),
    ((Option("a", int, 1, "a"), Option("a", int, 2, "a")), "option 'a' is declared twice"),
])
def test_a_rule_with_a_broken_option_is_refused_at_start_up(options, problem):
    pm = get_plugin_manager(extra_plugins=[rules_plugin(_plugin_rule("HS001", "broken-option", options=options))],
                            autoload=False)
    with pytest.raises(PluginError) as info:
        collect_rules(pm)
    assert problem in str(info.value)


# --- hooks are called through pluggy: wrappers work --------------------------------------------------------

WRAPPERS = '''
    from newslint import Rule, hookimpl
    from newslint.config import ConfigError
    from newslint.reporters import Reporter

    class Quiet(Rule):
        """
        ## What it does
        Test rule: added by a wrapper.
        """
        code = "WR001"
        name = "quiet"
        summary = "Added by a wrapper."

    class Count(Reporter):
        def render(self, result):
            return f"{len(result.findings)} findings\\n"

    @hookimpl(wrapper=True)
    def newslint_register_rules():
        lists = yield
        # drop a built-in rule, add one of our own
        return [[cls for cls in rules if cls.code != "NL104"] for rules in lists] + [[Quiet]]

    @hookimpl(wrapper=True)
    def newslint_register_reporters():
        formats = yield
        return [*formats, {"count": Count}]

    @hookimpl(wrapper=True)
    def newslint_configure(settings):
        yield
        if settings.options_for("NL101")["min-words"] > 50:
            raise ConfigError("the wrapper refuses min-words above 50")
'''


def test_wrapper_hook_implementations_work_as_pluggy_documents(run_cli, write_article, entry_point_plugin, tmp_path):
    env = entry_point_plugin("wrappers", WRAPPERS, distribution="newslint-wrappers")
    codes = [line.split()[0] for line in run_cli("rules", autoload=True, env=env).stdout.splitlines()[1:]]
    assert "WR001" in codes and "NL104" not in codes and "NL101" in codes
    write_article("story.md", REPEATING_ARTICLE)
    proc = run_cli("check", "--select", SELECT, "--format", "count", "story.md", autoload=True, env=env)
    assert (proc.returncode, proc.stdout) == (1, "1 findings\n"), proc.stderr
    (tmp_path / "newslint.toml").write_text("[rules.NL101]\nmin-words = 60\n", encoding="utf-8")
    proc = run_cli("check", "story.md", autoload=True, env=env)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == ["newslint: error: the wrapper refuses min-words above 50"]


# --- clashes and broken hooks name the plugins -------------------------------------------------------------

def _rules_module(code: str, name: str, cls: str = "HouseRule") -> str:
    return f'''
        from newslint import Rule, hookimpl

        class {cls}(Rule):
            """
            ## What it does
            Test rule.
            """
            code = "{code}"
            name = "{name}"
            summary = "A test rule."

        @hookimpl
        def newslint_register_rules():
            return [{cls}]
    '''


def test_a_code_clash_between_two_plugins_is_one_line_naming_both(run_cli, entry_point_plugin):
    entry_point_plugin("house_a", _rules_module("HS001", "house-words", "HouseWords"), distribution="newslint-house-a",
                       version="1.0")
    env = entry_point_plugin("house_b", _rules_module("HS001", "house-style", "HouseStyle"),
                             distribution="newslint-house-b", version="2.0")
    proc = run_cli("rules", autoload=True, env=env)
    assert proc.returncode == 2 and proc.stdout == ""
    [line] = proc.stderr.splitlines()
    assert line.startswith("newslint: error: rule code HS001 is registered twice: by newslint-house-")
    assert "newslint-house-a 1.0 (HouseWords)" in line and "newslint-house-b 2.0 (HouseStyle)" in line
    assert "NEWSLINT_DISABLE_PLUGIN_AUTOLOAD=1" in line


def test_a_name_clash_between_two_plugins_is_one_line_naming_both(run_cli, entry_point_plugin):
    entry_point_plugin("house_a", _rules_module("HS001", "house-words"), distribution="newslint-house-a")
    env = entry_point_plugin("other_b", _rules_module("OT001", "house-words"), distribution="newslint-other-b")
    [line] = run_cli("rules", autoload=True, env=env).stderr.splitlines()
    assert "rule name house-words is registered twice" in line
    assert "newslint-house-a 1.0 (HS001)" in line and "newslint-other-b 1.0 (OT001)" in line


def test_a_format_name_clash_is_an_error_like_a_rule_code_clash(run_cli, entry_point_plugin):
    env = entry_point_plugin("jsonish", '''
        from newslint import hookimpl
        from newslint.reporters import Reporter

        class MyJson(Reporter):
            def render(self, result):
                return "{}"

        @hookimpl
        def newslint_register_reporters():
            return {"json": MyJson}
    ''', distribution="newslint-jsonish", version="0.4")
    proc = run_cli("rules", autoload=True, env=env)
    assert proc.returncode == 2
    [line] = proc.stderr.splitlines()
    assert line.startswith("newslint: error: format json is registered twice: ")
    assert "newslint.reporters (JsonReporter)" in line and "newslint-jsonish 0.4 (MyJson)" in line


def test_a_format_that_is_not_a_reporter_is_refused(run_cli, entry_point_plugin):
    env = entry_point_plugin("notreporter", '''
        from newslint import hookimpl

        @hookimpl
        def newslint_register_reporters():
            return {"csv": print}
    ''', distribution="newslint-csv")
    [line] = run_cli("rules", autoload=True, env=env).stderr.splitlines()
    assert "format 'csv' is <built-in function print>, not a newslint.reporters.Reporter subclass" in line


@pytest.mark.parametrize("hook, body, failure", [
    ("newslint_register_rules", "raise LookupError('no word list')", "failed to register its rules"),
    ("newslint_register_reporters", "raise LookupError('no word list')", "failed to register its output formats"),
    ("newslint_configure", "raise LookupError('no word list')", "failed while reading the configuration"),
])
def test_a_hook_that_raises_names_its_plugin_though_called_through_pluggy(run_cli, write_article, entry_point_plugin,
                                                                          hook, body, failure):
    args = "settings" if hook == "newslint_configure" else ""
    # another plugin's wrapper around the same hook: the blame still goes to the one that raised
    entry_point_plugin("bystander", f'''
        from newslint import hookimpl

        @hookimpl(wrapper=True)
        def {hook}({args}):
            return (yield)
    ''', distribution="newslint-bystander")
    env = entry_point_plugin("fragile", f'''
        from newslint import hookimpl

        def _load():
            {body}

        @hookimpl
        def {hook}({args}):
            _load()
    ''', distribution="newslint-fragile", version="3.1")
    write_article("story.md", CLEAN_ARTICLE)
    proc = run_cli("check", "story.md", autoload=True, env=env)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.splitlines() == [f"newslint: error: plugin newslint-fragile 3.1 {failure}: "
                                        "LookupError: no word list"]


def test_a_wrapper_that_raises_is_named(run_cli, entry_point_plugin):
    env = entry_point_plugin("badwrapper", '''
        from newslint import hookimpl

        @hookimpl(wrapper=True)
        def newslint_register_rules():
            lists = yield
            return lists[99]
    ''', distribution="newslint-badwrapper", version="0.1")
    [line] = run_cli("rules", autoload=True, env=env).stderr.splitlines()
    assert line == ("newslint: error: plugin newslint-badwrapper 0.1 failed to register its rules: "
                    "IndexError: list index out of range")


def test_a_crash_in_a_worker_names_the_plugin_under_spawn(run_cli, write_article, entry_point_plugin):
    from newslint.engine import POOL_THRESHOLD

    env = entry_point_plugin("crashy", '''
        from newslint import Rule, hookimpl

        class Crashy(Rule):
            """
            ## What it does
            Test rule: crashes on every article.
            """
            code = "CR001"
            name = "crashy"
            summary = "Crashes."

            def check(self, doc):
                raise ValueError("no dictionary")

        @hookimpl
        def newslint_register_rules():
            return [Crashy]
    ''', distribution="newslint-crashy", version="0.9")
    for i in range(POOL_THRESHOLD):
        write_article(f"desk/{i:02d}.md", CLEAN_ARTICLE)
    proc = run_cli("check", "--select", "CR001", "--jobs", "2", "desk", autoload=True,
                   env={**env, "NEWSLINT_START_METHOD": "spawn"})
    crashes = [line for line in proc.stdout.splitlines() if " NL000 " in line]
    assert len(crashes) == POOL_THRESHOLD
    assert all(re.search(r"rule CR001 \(crashy\) \(from newslint-crashy 0\.9\) crashed on this file: "
                         "ValueError: no dictionary", line) for line in crashes), crashes[0]


def test_autoload_off_hides_an_installed_plugin(run_cli, write_article, entry_point_plugin):
    env = entry_point_plugin("house", _rules_module("HS001", "house-words"))
    assert "HS001" in run_cli("rules", autoload=True, env=env).stdout
    assert "HS001" not in run_cli("rules", autoload=False, env=env).stdout
