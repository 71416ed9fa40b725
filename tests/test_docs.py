"""Documentation that cannot drift: every rule documents itself and its page is generated."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newslint import hookspecs
from newslint.plugins import collect_rules, get_plugin_manager

ROOT = Path(__file__).resolve().parent.parent
RULES = collect_rules(get_plugin_manager(autoload=False))
SECTIONS = ("## What it does", "## Why it matters", "## Example", "## Instead")


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_documents_itself(code):
    cls = RULES[code]
    doc = cls.documentation()
    for heading in SECTIONS:
        assert heading in doc, f"{code} lacks {heading}"
    assert cls.summary and cls.summary.endswith(".")
    for option in cls.options:
        assert f"`{option.name}`" in doc and option.help


def test_rule_pages_are_up_to_date():
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_docs.py"), "--check"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_every_rule_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [code for code in RULES if code not in readme]
    assert not missing, f"README.md does not list {missing}"


def test_every_hook_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    hooks = [name for name in dir(hookspecs) if name.startswith("newslint_")]
    assert hooks
    for name in hooks:
        assert getattr(hookspecs, name).__doc__, name
        assert name in readme, f"README.md does not document the hook {name}"


def test_the_readme_shows_what_show_source_prints():
    from helpers import run_newslint

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "$ newslint check --show-source --select NL101,NL201 examples/harbour-budget.md\n"
    shown = readme.split(command, 1)[1].split("```", 1)[0]
    proc = run_newslint(*command[2:].split()[1:], cwd=ROOT, script=True, env={"NO_COLOR": "1"})
    assert proc.stdout == shown
