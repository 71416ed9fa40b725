"""NL4xx: how hard an article, a paragraph or a sentence is to read.

Every figure is computed from the document model's own words and sentences over the article's
prose (``analysis.readability_measure``); NL401's `target-grade` and `metric` set the bar for the
whole family (``target``).
"""

from ..analysis.readability_measure import (DEFAULT_METRIC, DEFAULT_TARGET, METRIC_NAMES, METRICS, READING_WPM,
                                            ArticleMeasure, Counts, grade, is_familiar, measure_article, stats,
                                            word_figures)
from ..analysis.word_lists import familiar_words
from .article_too_hard import ArticleTooHard
from .hard_paragraph import HardParagraph
from .long_paragraph import LongParagraph
from .long_sentence import LongSentence

RULES = [ArticleTooHard, LongSentence, HardParagraph, LongParagraph]

__all__ = ["RULES", "ArticleTooHard", "LongSentence", "HardParagraph", "LongParagraph", "DEFAULT_METRIC",
           "DEFAULT_TARGET", "METRIC_NAMES", "METRICS", "READING_WPM", "ArticleMeasure", "Counts", "familiar_words",
           "grade", "is_familiar", "measure_article", "stats", "word_figures"]
