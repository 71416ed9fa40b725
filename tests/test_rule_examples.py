"""Every rule page's *Example* fires that rule with default settings, and its *Instead* is silent.

A page's example is the first fenced code block of its *Example* section, and its fix the first of
its *Instead* section: an article (a ``markdown`` block is a ``.md`` file, any other a ``.txt``),
or several, each introduced by a line naming it (``archive/depot.md:``), for the rules that
compare articles. proselint's ``test_check_examples.py`` is the model: documentation that cannot
drift from what the rule does.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import NOT_ABOUT_TEXT, run_engine
from newslint.plugins import collect_rules, get_plugin_manager

RULES = collect_rules(get_plugin_manager(autoload=False))

_FENCE_RE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
_FILE_LINE_RE = re.compile(r"^(\S+\.(?:md|txt|markdown)):$")


def section(page: str, heading: str) -> str:
    return page.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]


def articles(block_section: str) -> dict[str, str]:
    """The files of the first fenced block of a section: ``{name: text}``."""
    m = _FENCE_RE.search(block_section)
    assert m, "the section has no fenced code block to run"
    lang, body = m.group(1), m.group(2)
    files: dict[str, list[str]] = {}
    current = f"story.{'md' if lang == 'markdown' else 'txt'}"
    for line in body.splitlines():
        named = _FILE_LINE_RE.match(line.strip())
        if named:
            current = named.group(1)
            files[current] = []
            continue
        files.setdefault(current, []).append(line)
    return {name: "\n".join(lines).strip("\n") + "\n" for name, lines in files.items()}


#: rules whose examples need another rule to run: NL001 judges only suppressions of rules that ran
RUN_WITH = {"NL001": ["NL101"]}


def codes_found(tmp_path: Path, code: str, files: dict[str, str]) -> list[str]:
    paths = []
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    result = run_engine(paths, config={"select": [code, *RUN_WITH.get(code, ())]}, root=tmp_path)
    assert not result.errors and not [e for r in result.files for e in r.errors if e["code"] != "NL003"], result.errors
    return [f.code for f in result.findings]


@pytest.mark.parametrize("code", [c for c in RULES if c not in NOT_ABOUT_TEXT])
def test_the_example_fires_the_rule(tmp_path, code):
    files = articles(section(RULES[code].documentation(), "Example"))
    assert code in codes_found(tmp_path, code, files), f"{code}'s example does not fire it: {files}"


@pytest.mark.parametrize("code", [c for c in RULES if c not in NOT_ABOUT_TEXT])
def test_what_to_write_instead_is_silent(tmp_path, code):
    files = articles(section(RULES[code].documentation(), "Instead"))
    found = codes_found(tmp_path, code, files)
    assert code not in found, f"{code} fires on what its page says to write instead: {files}"


def test_the_reader_of_examples_finds_named_files():
    page = "## Example\n```text\narchive/a.md:\nOne.\n\ntoday.md:\nTwo.\n```\n"
    assert articles(section(page, "Example")) == {"archive/a.md": "One.\n", "today.md": "Two.\n"}
    assert articles(section("## Example\n```markdown\n# Hi\n```\n", "Example")) == {"story.md": "# Hi\n"}
    with pytest.raises(AssertionError):
        articles(section("## Example\nNo block here.\n", "Example"))
