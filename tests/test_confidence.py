"""Each finding carries how sure its rule is (``confidence``, 0 to 1) in the JSON and SARIF output,
and a rule may report its strongest evidence at a higher severity than the rest."""

from __future__ import annotations

import json

from conftest import rules_plugin
from newslint import Rule, Severity


class Twice(Rule):
    """
    ## What it does
    Test rule: flags "twice" surely, "again" less surely.

    ## Why it matters
    A test.

    ## Example
    `twice`

    ## Instead
    `once`
    """

    code = "TST801"
    name = "twice"
    severity = Severity.INFO
    summary = "A test."
    confidence = 0.4

    def check(self, doc):
        for word in ("twice", "again"):
            start = doc.text.find(word)
            if start != -1:
                sure = word == "twice"
                yield self.finding(doc, start, start + len(word), f"the word {word}",
                                   confidence=0.95 if sure else None, severity=Severity.WARNING if sure else None)


def test_confidence_and_split_severity_reach_json_and_sarif(cli_main, tmp_path):
    (tmp_path / "a.md").write_text("# Head\n\nHe said it twice and then again.\n", encoding="utf-8")
    plugin = rules_plugin(Twice)
    code, out, _ = cli_main("check", "--isolated", "--select", "TST801", "--format", "json", "a.md", plugins=[plugin])
    assert code == 1
    found = {f["message"]: f for f in json.loads(out)["files"][0]["findings"]}
    assert found["the word twice"]["confidence"] == 0.95 and found["the word twice"]["severity"] == "warning"
    assert found["the word again"]["confidence"] == 0.4 and found["the word again"]["severity"] == "info"
    code, out, _ = cli_main("check", "--isolated", "--select", "TST801", "--format", "sarif", "a.md", plugins=[plugin])
    results = json.loads(out)["runs"][0]["results"]
    assert sorted((r["level"], r["properties"]["confidence"]) for r in results) == [("note", 0.4), ("warning", 0.95)]


def test_every_built_in_rule_says_how_sure_it_is():
    from newslint.plugins import builtin_rules

    unsure = [code for code, cls in builtin_rules().items()
              if code[2] != "0" and not (cls.confidence is not None and 0 < cls.confidence <= 1)]
    assert unsure == [], f"give these rules a confidence (their judged precision): {unsure}"
