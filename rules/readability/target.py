"""What the readability rules share: the newsroom's target grade and formula, set in NL401's options."""

from __future__ import annotations

from typing import Any

from newslint import Document, Option, Rule

from ..analysis.readability_measure import DEFAULT_METRIC, DEFAULT_TARGET, METRICS, article_stats

TARGET_OPTIONS = (
    Option("target-grade", float, DEFAULT_TARGET,
           "the newsroom's reading level, as a US school grade (12 is the end of high school)", minimum=0),
    Option("metric", str, DEFAULT_METRIC, "the readability formula that gives the grade", choices=METRICS),
)
#: the rule whose options hold the target and metric of every NL4xx rule and of the file's figures
TARGET_RULE = "NL401"


class ReadabilityRule(Rule):
    """A readability rule: NL401's target and metric, as configured, drive its grades and the stats."""

    def target(self) -> tuple[float, str]:
        options = self.config if self.code == TARGET_RULE else self.settings.options_for(TARGET_RULE)
        return float(options.get("target-grade", DEFAULT_TARGET)), options.get("metric", DEFAULT_METRIC)

    def measure(self, doc: Document) -> dict[str, Any]:
        return article_stats(doc, self.target()[1])
