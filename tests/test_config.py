"""Configuration: discovery, validation with one-line errors, selection by prefix and name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import REPEATING_ARTICLE, run_newslint, write
from newslint.config import (ConfigError, RuleIndex, build_settings, find_config, is_selected,
                             read_config)
from newslint.plugins import collect_rules, get_plugin_manager

RULES = collect_rules(get_plugin_manager(autoload=False))
INDEX = RuleIndex(RULES)


def settings_from(raw, path=Path("newslint.toml")):
    return build_settings(raw, INDEX, config_path=path)


def test_selection_longest_prefix_wins():
    s = settings_from({"select": ["NL1"], "ignore": ["NL101"]})
    assert not is_selected(RULES["NL101"], s)
    s = settings_from({"ignore": ["NL1"], "extend-select": ["repeated-passage"]})
    assert is_selected(RULES["NL101"], s)
    s = settings_from({"select": ["NL0"]})
    assert not is_selected(RULES["NL101"], s)
    assert is_selected(RULES["NL101"], settings_from({}))


def test_names_and_codes_are_interchangeable_in_rule_options():
    by_name = settings_from({"rules": {"repeated-passage": {"min-words": 12}}})
    by_code = settings_from({"rules": {"NL101": {"min-words": 12}}})
    assert by_name.rule_options == by_code.rule_options == {"NL101": {"min-words": 12}}


@pytest.mark.parametrize("raw, expected", [
    ({"selct": ["NL1"]}, "unknown key 'selct'; did you mean 'select'?"),
    ({"select": ["NL999"]}, "select: unknown rule 'NL999'"),
    ({"select": "NL1"}, None),  # a single string is accepted as a one-item list
    ({"ignore": [1]}, "ignore: expected a list of strings"),
    ({"fail-on": "fatal"}, "fail-on: expected one of info, warning, error"),
    ({"severity": {"NL101": "loud"}}, "severity.NL101: expected one of info, warning, error"),
    ({"rules": {"NL101": {"min-word": 3}}}, "unknown option 'min-word' for NL101 repeated-passage; did you mean 'min-words'?"),
    ({"rules": {"NL101": {"min-words": "eight"}}}, "min-words: expected a whole number, got \"eight\""),
    ({"rules": {"NL101": {"min-words": 1}}}, "min-words: expected at least 3"),
    ({"rules": {"NL101": {"include-headings": 1}}}, "include-headings: expected true or false"),
    ({"rules": {"no-such-rule": {}}}, "unknown rule 'no-such-rule'"),
    ({"per-file-ignores": ["x"]}, "per-file-ignores: expected a table"),
])
def test_validation_errors_name_file_key_and_expectation(raw, expected):
    if expected is None:
        assert settings_from(raw).select == ["NL1"]
        return
    with pytest.raises(ConfigError) as info:
        settings_from(raw)
    message = str(info.value)
    assert message.startswith("newslint.toml: ")
    assert expected in message
    assert "\n" not in message


def test_pyproject_errors_name_the_table(tmp_path):
    cfg = write(tmp_path / "pyproject.toml", '[tool.newslint]\nselect = ["NL1"]\nbogus = 1\n')
    with pytest.raises(ConfigError, match=r"pyproject.toml: \[tool.newslint\] unknown key 'bogus'"):
        build_settings(read_config(cfg), INDEX, config_path=cfg)


def test_discovery_walks_up_and_skips_pyproject_without_table(tmp_path):
    write(tmp_path / "newslint.toml", 'select = ["NL1"]\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    article = write(tmp_path / "sub" / "deep" / "a.txt", "Title\n\nBody.\n")
    assert find_config(article) == tmp_path / "newslint.toml"
    write(tmp_path / "sub" / "pyproject.toml", '[tool.newslint]\nselect = ["NL0"]\n')
    assert find_config(article) == tmp_path / "sub" / "pyproject.toml"


def test_per_file_ignores_and_exclude_globs(tmp_path):
    s = build_settings({"per-file-ignores": {"drafts/*": ["NL1"]}, "exclude": ["archive/"]}, INDEX,
                       config_path=tmp_path / "newslint.toml")
    assert s.ignored_for_file(str(tmp_path / "drafts" / "a.md")) == ["NL1"]
    assert s.ignored_for_file(str(tmp_path / "news" / "a.md")) == []
    assert s.is_excluded(str(tmp_path / "archive" / "old" / "a.md"))
    assert not s.is_excluded(str(tmp_path / "news" / "a.md"))


def test_relative_paths_resolve_against_the_config_file(tmp_path):
    s = build_settings({"archive": ["old/"], "packs": ["style/house.toml"], "cache-dir": "cache"}, INDEX,
                       config_path=tmp_path / "newslint.toml")
    assert s.archive == [tmp_path / "old/"]
    assert s.packs == [tmp_path / "style" / "house.toml"]
    assert s.effective_cache_dir == tmp_path / "cache"


# --- through the real CLI ---------------------------------------------------------------------

def test_cli_broken_config_is_one_line_and_exit_2(tmp_path):
    write(tmp_path / "newslint.toml", '[rules.NL101]\nmin-words = "many"\n')
    write(tmp_path / "a.txt", REPEATING_ARTICLE)
    proc = run_newslint("check", "a.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.strip().count("\n") == 0
    assert "newslint.toml" in proc.stderr and "min-words" in proc.stderr and "whole number" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_invalid_toml_is_reported(tmp_path):
    write(tmp_path / "newslint.toml", 'select = [\n')
    write(tmp_path / "a.txt", REPEATING_ARTICLE)
    proc = run_newslint("check", "a.txt", cwd=tmp_path)
    assert proc.returncode == 2 and "is not valid TOML" in proc.stderr and "Traceback" not in proc.stderr


def test_cli_config_options_take_effect(tmp_path):
    write(tmp_path / "a.txt", REPEATING_ARTICLE)
    assert run_newslint("check", "--select", "NL101", "a.txt", cwd=tmp_path).returncode == 1
    write(tmp_path / "newslint.toml", 'select = ["NL101"]\n[rules.repeated-passage]\nmin-words = 20\n')
    assert run_newslint("check", "a.txt", cwd=tmp_path).returncode == 0
    # --isolated ignores the file again; --config names another one
    assert run_newslint("check", "--isolated", "--select", "NL101", "a.txt", cwd=tmp_path).returncode == 1
    write(tmp_path / "other.toml", 'fail-on = "error"\nselect = ["NL101"]\n')
    assert run_newslint("check", "--config", "other.toml", "a.txt", cwd=tmp_path).returncode == 0


def test_cli_severity_override_and_fail_on(tmp_path):
    write(tmp_path / "a.txt", REPEATING_ARTICLE)
    write(tmp_path / "newslint.toml", 'select = ["NL101"]\n[severity]\nrepeated-passage = "info"\n')
    proc = run_newslint("check", "a.txt", cwd=tmp_path)
    assert proc.returncode == 0 and "NL101 [info]" in proc.stdout
    proc = run_newslint("check", "--fail-on", "info", "a.txt", cwd=tmp_path)
    assert proc.returncode == 1


@pytest.mark.parametrize("name, content, expected", [
    ("pyproject.toml", "[tool]\nnewslint = 3\n", "[tool.newslint] must be a table of settings, got 3"),
    ("pyproject.toml", '[tool.newslint\nselect = ["NL101"]\n', "is not valid TOML"),
    ("newslint.toml", b'select = ["NL101"]\n# caf\xe9\n', "is not valid UTF-8 text (byte 24)"),
    ("newslint.toml", "[rules.NL101]\ninclude-headings = 1\n", "include-headings: expected true or false, got 1"),
    ("newslint.toml", "[rules.NL101]\nmin-words = true\n", "min-words: expected a whole number, got true"),
    ("newslint.toml", 'fail-on = "Warn"\n', 'fail-on: expected one of info, warning, error; got "Warn"'),
])
def test_cli_config_mistakes_are_one_line_naming_the_file(tmp_path, name, content, expected):
    write(tmp_path / name, content)
    write(tmp_path / "a.txt", REPEATING_ARTICLE)
    proc = run_newslint("check", "a.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    [line] = proc.stderr.splitlines()
    assert name in line and expected in line
    assert "Traceback" not in proc.stderr


def test_broken_pyproject_of_another_tool_is_not_newslints(tmp_path):
    write(tmp_path / "pyproject.toml", '[project\nname = "site"\n')
    write(tmp_path / "a.txt", REPEATING_ARTICLE)
    proc = run_newslint("check", "--select", "NL101", "a.txt", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr


def test_config_with_a_byte_order_mark_is_read(tmp_path):
    write(tmp_path / "newslint.toml", '\ufeffselect = ["NL0"]\n'.encode("utf-8"))
    write(tmp_path / "a.txt", REPEATING_ARTICLE)
    proc = run_newslint("check", "a.txt", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("pattern", ["drafts", "drafts/", "./drafts", "/drafts", "drafts/**", "./drafts/*.md"])
def test_folder_globs_may_start_with_dot_slash_or_slash(tmp_path, pattern):
    s = build_settings({"exclude": [pattern], "per-file-ignores": {pattern: ["NL1"]}}, INDEX,
                       config_path=tmp_path / "newslint.toml")
    inside, outside = str(tmp_path / "drafts" / "a.md"), str(tmp_path / "news" / "a.md")
    assert s.is_excluded(inside) and s.ignored_for_file(inside) == ["NL1"]
    assert not s.is_excluded(outside) and s.ignored_for_file(outside) == []


def test_cli_exclude_and_per_file_ignores_with_dot_slash(tmp_path):
    write(tmp_path / "newslint.toml", 'select = ["NL101"]\nexclude = ["./drafts"]\n'
                                      '[per-file-ignores]\n"./wire/*.txt" = ["repeated-passage"]\n')
    for name in ("drafts/a.txt", "wire/b.txt", "news/c.txt"):
        write(tmp_path / name, REPEATING_ARTICLE)
    proc = run_newslint("check", "--format", "json", ".", cwd=tmp_path)
    files = {f["path"]: [x["code"] for x in f["findings"]] for f in json.loads(proc.stdout)["files"]}
    assert files == {"news/c.txt": ["NL101"], "wire/b.txt": []}


def test_severity_for_a_family_and_one_rule_in_it(tmp_path):
    # the rule named on its own wins over its family, whatever the order they are written in
    write(tmp_path / "newslint.toml", 'select = ["NL1"]\n[severity]\nrepeated-passage = "error"\nNL1 = "info"\n')
    write(tmp_path / "a.txt", REPEATING_ARTICLE)
    proc = run_newslint("rules", cwd=tmp_path)
    levels = {line.split()[0]: line.split()[2] for line in proc.stdout.splitlines()[1:]}
    assert levels["NL101"] == "error" and levels["NL102"] == levels["NL104"] == "info"
    assert levels["NL201"] == "warning"
    proc = run_newslint("check", "a.txt", cwd=tmp_path)
    assert "NL101 [error]" in proc.stdout and proc.returncode == 1


def test_rule_options_for_a_family_say_they_go_rule_by_rule(tmp_path):
    write(tmp_path / "newslint.toml", "[rules.NL1]\nmin-words = 9\n")
    write(tmp_path / "a.txt", REPEATING_ARTICLE)
    proc = run_newslint("check", "a.txt", cwd=tmp_path)
    assert proc.returncode == 2
    [line] = proc.stderr.splitlines()
    assert "[rules.NL1]" in line and "family" in line and "NL101" in line and "did you mean" not in line
