"""The github format within GitHub's limits: errors first, ten annotations of each level, the rest as
plain log lines, and a Markdown summary in ``GITHUB_STEP_SUMMARY``."""

from __future__ import annotations

import re

from conftest import CLEAN_ARTICLE

#: a plugin whose rule flags every line that starts with a level's name, at that level
LEVELS_PLUGIN = '''
import newslint
from newslint import Rule, Severity


class Levels(Rule):
    """
    ## What it does
    Test rule: flags each paragraph that starts with "error", "warning" or "info", at that level.
    """

    code = "GH001"
    name = "levels"
    summary = "Flags paragraphs by the level they name."

    def check(self, doc):
        for block in doc.paragraphs:
            word = doc.text[block.start:block.end].split(" ", 1)[0]
            if word in ("error", "warning", "info"):
                yield self.finding(doc, block.start, block.end, f"a paragraph at {word}",
                                   severity=Severity(word))


@newslint.hookimpl
def newslint_register_rules():
    return [Levels]
'''


def _article(errors: int, warnings: int, infos: int) -> str:
    # warnings first in the text: the report must still put the errors first
    words = ["warning"] * warnings + ["info"] * infos + ["error"] * errors
    return "# Levels\n\n" + "\n\n".join(f"{w} number {i} of this article." for i, w in enumerate(words)) + "\n"


def test_errors_come_first_and_each_level_stops_at_ten_annotations(run_cli, entry_point_plugin, tmp_path):
    env = entry_point_plugin("levels_plugin", LEVELS_PLUGIN)
    (tmp_path / "a.md").write_text(_article(errors=12, warnings=11, infos=3), encoding="utf-8")
    (tmp_path / "b.md").write_text(_article(errors=1, warnings=1, infos=0), encoding="utf-8")
    summary = tmp_path / "summary.md"
    summary.write_text("# Earlier step\n", encoding="utf-8")
    proc = run_cli("check", "--select", "GH001", "--format", "github", "a.md", "b.md", autoload=True,
                   env={**env, "GITHUB_STEP_SUMMARY": str(summary)})
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    levels = [re.match(r"::(\w+) ", line).group(1) for line in lines if line.startswith("::")]
    assert levels == ["error"] * 10 + ["warning"] * 10 + ["notice"] * 3
    # the rest: 3 errors and 2 warnings as plain lines, after a line that says why
    rest = lines[len(levels):]
    assert rest[0] == "5 more problems (GitHub shows 10 annotations of each level):"
    assert [re.search(r"\[(\w+)\]", line).group(1) for line in rest[1:]] == ["error"] * 3 + ["warning"] * 2
    assert all(re.match(r"^[ab]\.md:\d+:\d+: GH001 ", line) for line in rest[1:])
    # the summary is added after what earlier steps wrote
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# Earlier step\n## newslint\n\nChecked 2 files: 13 errors, 12 warnings, 3 info.\n")
    assert "| GH001 | levels | 28 |" in text
    assert text.index("| a.md | 26 |") < text.index("| b.md | 2 |")


def test_no_summary_without_the_variable_and_a_clean_run_says_so(run_cli, tmp_path):
    (tmp_path / "clean.md").write_text(CLEAN_ARTICLE, encoding="utf-8")
    summary = tmp_path / "summary.md"
    proc = run_cli("check", "--select", "NL101", "--format", "github", "clean.md")
    assert (proc.returncode, proc.stdout) == (0, "") and not summary.exists()
    proc = run_cli("check", "--select", "NL101", "--format", "github", "clean.md",
                   env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert proc.stdout == ""
    assert summary.read_text(encoding="utf-8") == "## newslint\n\nChecked 1 file: no problems found.\n\n"
