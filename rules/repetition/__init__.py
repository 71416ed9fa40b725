"""NL1xx: passages an article says twice, restates, or shares with other articles."""

from .duplicate_article import DuplicateArticle
from .recycled_passage import RecycledPassage, find_shared_runs, merge_runs
from .repeated_passage import RepeatedPassage
from .restated_sentence import RestatedSentence, SentenceFacts, restatement_score, stem

RULES = [RepeatedPassage, RestatedSentence, RecycledPassage, DuplicateArticle]

__all__ = ["RULES", "RepeatedPassage", "RestatedSentence", "RecycledPassage", "DuplicateArticle", "SentenceFacts",
           "find_shared_runs", "merge_runs", "restatement_score", "stem"]
