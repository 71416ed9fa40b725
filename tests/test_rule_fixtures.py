"""Each rule's fixture folder, ``tests/rules/<CODE>/``, run through the real CLI.

A folder holds an article (or, for the rules that compare articles, a folder of articles) that the
rule flags, ``flags.md``, ``flags.txt`` or ``flags/``; one close to it with the defects corrected
and the near-misses the rule's page says it leaves alone, ``clean.*`` likewise; and ``expected.txt``,
what ``newslint check --isolated --select CODE --no-color flags…`` prints in that folder. Any folder
named like a rule code is run, so a plugin's or a new family's folders need no code here; every
built-in rule that checks text must have one (ruff's ``resources/test/fixtures`` and markdownlint's
``test/`` folders are the model). tests/rules/README.md describes the layout.

After a deliberate change in what a rule reports, regenerate the expected files and read the diff
before committing it::

    pytest tests/test_rule_fixtures.py --update-fixtures
    git diff tests/rules/

The option is refused when ``CI`` is set: CI only ever compares.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import NOT_ABOUT_TEXT
from newslint.plugins import collect_rules, get_plugin_manager

FIXTURES = Path(__file__).resolve().parent / "rules"
#: NL101, or a plugin's HS001: two to five capitals and three digits
RULE_CODE_RE = re.compile(r"[A-Z]{2,5}\d{3}")
#: what a variant may be: one article, Markdown or plain text, or a folder of articles
VARIANT_SUFFIXES = (".md", ".markdown", ".txt")

FOLDERS = sorted(p for p in FIXTURES.iterdir() if p.is_dir() and RULE_CODE_RE.fullmatch(p.name))
BUILTIN_RULES = collect_rules(get_plugin_manager(autoload=False))


def variant(folder: Path, name: str) -> Path:
    """The one ``name.md``, ``name.markdown``, ``name.txt`` or ``name/`` of a fixture folder."""
    found = [p for p in (folder / name, *(folder / f"{name}{s}" for s in VARIANT_SUFFIXES)) if p.exists()]
    assert len(found) == 1, f"{folder.name} needs exactly one {name}.md, {name}.txt or {name}/, found {found}"
    if found[0].is_dir():
        articles = [p for p in found[0].iterdir() if p.suffix in VARIANT_SUFFIXES]
        assert len(articles) >= 2, f"{found[0]} is a folder of articles for a rule that compares them: give it two"
    return found[0]


def check(run_cli, tmp_path: Path, folder: Path, name: str):
    """``newslint check --isolated --select CODE --no-color <variant>``, in a copy of the folder, so
    that the paths in the output are the ones expected.txt shows and nothing is written to the tree."""
    source = variant(folder, name)
    target = tmp_path / source.name
    if source.is_dir():
        shutil.copytree(source, target)
    else:
        shutil.copyfile(source, target)
    proc = run_cli("check", "--isolated", "--select", folder.name, "--no-color", source.name, cwd=tmp_path)
    assert proc.stderr == "", f"{folder.name}/{source.name}: {proc.stderr}"
    return proc


def finding_lines(output: str, code: str) -> list[str]:
    """The lines of the text report that are findings of ``code``: ``path:line:col: CODE [severity] …``."""
    return re.findall(rf"^\S+:\d+:\d+: {code} \[\w+\] .*$", output, re.M)


def exit_code_for(output: str) -> int:
    """What ``check`` exits with at the default ``--fail-on warning``: 1 when a warning or error was
    reported, 2 when it was front matter that cannot be read (NL003, a mistake in the file)."""
    if re.search(r"^\S+: NL003 \[", output, re.M):
        return 2
    return 1 if re.search(r"^\S+: \w+ \[(?:warning|error)\] ", output, re.M) else 0


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_flags_prints_exactly_the_expected_output(run_cli, tmp_path, folder, request):
    proc = check(run_cli, tmp_path, folder, "flags")
    assert finding_lines(proc.stdout, folder.name), f"{folder.name}'s flags are not flagged:\n{proc.stdout}"
    assert proc.returncode == exit_code_for(proc.stdout), proc.stdout
    expected = folder / "expected.txt"
    if request.config.getoption("--update-fixtures"):
        if not expected.exists() or expected.read_text(encoding="utf-8") != proc.stdout:
            expected.write_text(proc.stdout, encoding="utf-8")
            pytest.skip(f"rewrote {expected.relative_to(FIXTURES.parent.parent)}: review the diff")
    assert expected.exists(), (f"{folder.name} has no expected.txt: run "
                               "`pytest tests/test_rule_fixtures.py --update-fixtures` and review what it writes")
    assert proc.stdout == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_clean_is_not_flagged(run_cli, tmp_path, folder):
    proc = check(run_cli, tmp_path, folder, "clean")
    assert not finding_lines(proc.stdout, folder.name), proc.stdout
    assert proc.returncode == 0 and re.match(r"Checked \d+ files?: no problems found\.", proc.stdout), proc.stdout


@pytest.mark.parametrize("code", [c for c in BUILTIN_RULES if c not in NOT_ABOUT_TEXT])
def test_every_rule_that_checks_text_has_a_fixture_folder(code):
    assert FIXTURES / code in FOLDERS, (f"{code} has no fixture folder: add tests/rules/{code}/ with flags, "
                                        "clean and expected.txt (tests/rules/README.md)")


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_every_fixture_folder_is_a_registered_rule(folder):
    assert folder.name in BUILTIN_RULES, f"tests/rules/{folder.name}/ is for no registered rule: a misspelt or retired code"
