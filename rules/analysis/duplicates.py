"""Pairs of articles that are the same story: NL104's finding, which NL103 leaves to NL104."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from .passage_index import passage_index

#: the share of their fingerprints two articles must have in common to be compared word by word
MIN_RESEMBLANCE = 0.5
#: fingerprints found in this many articles or more say nothing about a pair (boilerplate)
MAX_FREQUENCY = 50

if TYPE_CHECKING:  # pragma: no cover
    from newslint import Document, RunContext


def find_duplicates(docs: Sequence["Document"], context: "RunContext", min_similarity: float, min_words: int) -> list[tuple[int, int, float, bool]]:
    """Pairs of articles (indices into the index) that are the same story: ``(a, b, similarity, identical)``.

    At least one article of each pair is in the run. Candidates are articles sharing at least
    ``MIN_RESEMBLANCE`` of their fingerprints (those found in fewer than ``MAX_FREQUENCY`` articles);
    the similarity is rapidfuzz's normalised Indel similarity of the two word sequences.
    """
    index = passage_index(docs, context)

    def build():
        pairs = []
        for idx in range(index.n_run):
            art = index.articles[idx]
            if art.n_words < min_words:
                continue
            for other in sorted(index.candidates(idx, MAX_FREQUENCY, MIN_RESEMBLANCE)):
                other_art = index.articles[other]
                if other < index.n_run and other < idx or other_art.n_words < min_words:
                    continue
                # their words, read without building either document
                ta, tb = index.tokens(idx), index.tokens(other)
                if tb is None:
                    continue
                from rapidfuzz.distance import Indel  # here: a run with no candidate pair never needs it

                similarity = Indel.normalized_similarity(ta, tb)
                if similarity >= min_similarity:
                    pairs.append((idx, other, similarity, ta == tb))
        return pairs

    return context.shared(("newslint.duplicates", min_similarity, min_words), build)
