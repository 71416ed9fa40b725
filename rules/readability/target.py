"""What the readability rules share: the newsroom's target grade and formula, set in NL401's options."""

from __future__ import annotations

from typing import Any, Sequence

from newslint import Document, Option, Rule
from newslint.findings import ParagraphFigures

from ..analysis.readability_measure import (DEFAULT_METRIC, DEFAULT_TARGET, METRICS, article_stats, grade,
                                            measure_article)

TARGET_OPTIONS = (
    Option("target-grade", float, DEFAULT_TARGET,
           "the newsroom's reading level, as a US school grade (12 is the end of high school)", minimum=0,
           maximum=30),
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

    def figures_by_paragraph(self, doc: Document) -> Sequence[ParagraphFigures]:
        target, metric = self.target()
        grades = tuple(round(grade(p.counts, metric), 1) if p.counts.words and p.counts.sentences else 0.0
                       for p in measure_article(doc).paragraphs)
        return (ParagraphFigures("reading grade", grades, target, f"target {target:g}"),)

    @classmethod
    def describe_stats(cls, stats: dict[str, Any]) -> Sequence[str]:
        """``grade 9.8, reading ease 62, 412 words, 20 sentences, longest sentence 31 words, about 2
        min to read`` (what ``measure`` put in the stats)."""
        if "grade" not in stats:
            return ()
        phrases = [f"grade {stats['grade']:.1f}"]
        if "flesch_reading_ease" in stats:
            phrases.append(f"reading ease {stats['flesch_reading_ease']:.0f}")
        phrases += [_count(stats.get("words", 0), "word"), _count(stats.get("sentences", 0), "sentence")]
        if stats.get("longest_sentence"):
            phrases.append(f"longest sentence {_count(stats['longest_sentence'], 'word')}")
        if "reading_time_s" in stats:
            seconds = stats["reading_time_s"]
            phrases.append("under a minute to read" if seconds < 60 else f"about {round(seconds / 60)} min to read")
        return phrases


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")
