"""Each rule's fixture folder, ``tests/rules/CODE/``, through the real command line.

``flags.md`` holds slips the rule must report: the text output of ``newslint check --select CODE
flags.md`` must equal ``expected.txt``. ``clean.md`` holds near misses it must leave alone. After an
intended change in what a rule reports, regenerate the expected output with
``NEWSLINT_UPDATE_GOLDEN=1 pytest tests/test_rule_fixtures.py`` and read the diff before committing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from helpers import run_newslint
from newslint.plugins import collect_rules, get_plugin_manager

FIXTURES = Path(__file__).resolve().parent / "rules"
CODES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()) if FIXTURES.is_dir() else []
RULES = collect_rules(get_plugin_manager(autoload=False))


def _check(code: str, name: str, tmp_path: Path):
    shutil.copy(FIXTURES / code / name, tmp_path / name)
    return run_newslint("check", "--isolated", "--no-color", "--select", code, name, cwd=tmp_path)


@pytest.mark.parametrize("code", CODES)
def test_flags_gives_the_expected_report(code, tmp_path):
    proc = _check(code, "flags.md", tmp_path)
    expected = FIXTURES / code / "expected.txt"
    if os.environ.get("NEWSLINT_UPDATE_GOLDEN"):
        expected.write_text(proc.stdout, encoding="utf-8")
    assert proc.stderr == ""
    assert proc.stdout == expected.read_text(encoding="utf-8")
    findings = [line for line in proc.stdout.splitlines() if line.startswith("flags.md:")]
    assert findings and all(f" {code} " in line for line in findings)
    warned = any("[warning]" in line or "[error]" in line for line in findings)
    assert proc.returncode == (1 if warned else 0)


@pytest.mark.parametrize("code", CODES)
def test_clean_gives_no_findings(code, tmp_path):
    proc = _check(code, "clean.md", tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == "Checked 1 file: no problems found.\n"


def test_every_fixture_folder_is_a_rule_and_every_mechanics_rule_has_one():
    assert set(CODES) <= set(RULES)
    assert {code for code in RULES if code.startswith("NL5")} <= set(CODES)
    for code in CODES:
        assert {p.name for p in (FIXTURES / code).iterdir()} >= {"flags.md", "clean.md", "expected.txt"}
