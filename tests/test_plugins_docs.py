"""Documentation of the plugin API that cannot drift (datasette's tests/test_docs.py is the model):
every hook, and every parameter of every hook, is documented in its docstring and in the README."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from newslint import hookspecs
from newslint.plugins import get_plugin_manager

README = Path(__file__).resolve().parents[1] / "README.md"
HOOKS = sorted(name for name in vars(get_plugin_manager(autoload=False).hook) if not name.startswith("_"))


def _plugin_section() -> str:
    text = README.read_text(encoding="utf-8")
    return text.split("\n## Writing a plugin\n", 1)[1].split("\n## ", 1)[0]


def _readme_entry(hook: str) -> str:
    """The README's entry for ``hook``: from its heading to the next hook's (or the section's end)."""
    section = _plugin_section()
    match = re.search(rf"^### `{hook}\(.*?(?=^### `newslint_|\Z)", section, re.S | re.M)
    assert match, f"README.md's 'Writing a plugin' has no heading ### `{hook}(...)`"
    return match.group(0)


def _parameters(hook: str) -> list[str]:
    return list(inspect.signature(getattr(hookspecs, hook)).parameters)


def test_the_hooks_are_the_hookspecs():
    assert HOOKS and HOOKS == sorted(n for n in dir(hookspecs) if n.startswith("newslint_"))


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_says_when_it_is_called_and_what_it_returns(hook):
    doc = inspect.getdoc(getattr(hookspecs, hook)) or ""
    assert doc.startswith("Called "), f"{hook}: the docstring does not begin by saying when it is called"
    assert re.search(r"\b[Rr]eturn", doc), f"{hook}: the docstring does not say what its return value means"


@pytest.mark.parametrize("hook", HOOKS)
def test_every_parameter_is_documented_in_the_docstring(hook):
    doc = inspect.getdoc(getattr(hookspecs, hook)) or ""
    for name in _parameters(hook):
        assert f"``{name}``" in doc, f"{hook}: the docstring does not document the parameter {name}"


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_and_parameter_is_documented_in_the_readme(hook):
    entry = _readme_entry(hook)
    heading = entry.splitlines()[0]
    assert heading == f"### `{hook}({', '.join(_parameters(hook))})`"
    body = entry.split("\n", 1)[1]
    assert "alled" in body and "eturn" in body, f"README.md: {hook} does not say when it is called and what it returns"
    for name in _parameters(hook):
        assert f"`{name}`" in body, f"README.md: {hook} does not document the parameter {name}"


def test_the_readme_documents_no_hook_that_does_not_exist():
    documented = re.findall(r"^### `(newslint_\w+)\(", _plugin_section(), re.M)
    assert sorted(documented) == HOOKS


def test_the_readme_example_uses_a_prefix_of_its_own():
    codes = re.findall(r'code = "([A-Z]{2,5}[0-9]{3})"', _plugin_section())
    assert codes and not any(code.startswith("NL") for code in codes)


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", _plugin_section(), re.S)


def test_the_readme_plugin_runs_as_written(run_cli, write_article, entry_point_plugin):
    module, snippet = _python_blocks()
    assert module.startswith("# newslint_house/__init__.py\n")
    env = entry_point_plugin("newslint_house", module)
    write_article("story.md", "# Council\n\nLONDON \u2014 The council met on Tuesday.\n\nIt agreed a budget.\n")
    proc = run_cli("check", "--select", "HS", "story.md", autoload=True, env=env)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.splitlines()[0] == "story.md:3:1: HS101 [warning] drop the dateline"
    # the document example, with the README's rule
    namespace: dict = {}
    exec(compile(module, "README.md", "exec"), namespace)
    exec(compile("import newslint\n" + snippet, "README.md", "exec"), namespace)
    assert namespace["finding"].code == "HS101" and namespace["finding"].start.line == 3
