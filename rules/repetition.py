"""NL1xx: passages an article says twice."""

from __future__ import annotations

from typing import Iterable

from newslint import Document, Finding, Option, Rule, Severity

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


def normalised_words(doc: Document, include_headings: bool = False) -> list[tuple[str, int, int]]:
    """``(folded word, start, end)`` for the article's prose, case, quotes and punctuation folded."""
    blocks = doc.blocks if include_headings else doc.paragraphs
    out = []
    for block in blocks:
        for sentence in block.sentences:
            for w in sentence.words:
                token = doc.text[w.start:w.end].translate(_QUOTES).lower()
                out.append((token.replace("'", "").strip(".-"), w.start, w.end))
    return out


def find_repeated_runs(tokens: list[str], min_words: int) -> list[tuple[int, int, int]]:
    """Maximal repeated runs as ``(later_start, earlier_start, length)`` in token indices.

    Every run of at least ``min_words`` tokens that already occurred earlier (without overlapping
    its earlier occurrence) is reported once, at the later occurrence; overlapping matches are
    merged by always extending a match as far as it goes.
    """
    first_seen: dict[tuple[str, ...], int] = {}
    runs = []
    i = 0
    n = len(tokens)
    while i + min_words <= n:
        gram = tuple(tokens[i:i + min_words])
        j = first_seen.get(gram)
        if j is not None and j + min_words <= i:
            length = min_words
            while i + length < n and j + length < i and tokens[i + length] == tokens[j + length]:
                length += 1
            runs.append((i, j, length))
            for k in range(i, i + length - min_words + 1):
                first_seen.setdefault(tuple(tokens[k:k + min_words]), k)
            i += length
            continue
        first_seen.setdefault(gram, i)
        i += 1
    return runs


def preview(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


class RepeatedPassage(Rule):
    """
    ## What it does
    Finds a run of words (eight by default) that appears twice in one article, compared without
    regard to case, punctuation, quote style or line breaks. It reports the later occurrence,
    covering the whole repeated run, and points at the first.

    ## Why it matters
    A passage printed twice is the commonest sign of a story assembled in a hurry: a paragraph
    pasted from an earlier draft, or a quote used once in the top and again at the bottom. Readers
    notice, and it costs the story its credibility.

    ## Example
    ```text
    The council approved the new budget after a three hour debate on Tuesday night.

    ...

    Residents said the council approved the new budget after a three hour debate.
    ```

    ## Instead
    Keep one of the two passages. If the repetition is deliberate (a refrain, a quoted slogan),
    suppress it with `<!-- newslint-disable-next-line NL101 -->` above the paragraph.

    A headline that repeats words of the first paragraph is normal news style and is not compared
    unless `include-headings` is set.
    """

    code = "NL101"
    name = "repeated-passage"
    severity = Severity.WARNING
    summary = "A passage that appears twice in one article."
    options = (
        Option("min-words", int, 8, "the shortest run of words that counts as a repeated passage", minimum=3),
        Option("include-headings", bool, False, "also compare the headline and headings with the body"),
    )

    def check(self, doc: Document) -> Iterable[Finding]:
        words = normalised_words(doc, self.config["include-headings"])
        tokens = [w for w, _, _ in words]
        for later, earlier, length in find_repeated_runs(tokens, self.config["min-words"]):
            start, end = words[later][1], words[later + length - 1][2]
            first_start, first_end = words[earlier][1], words[earlier + length - 1][2]
            first_line = doc.position(first_start).line
            yield self.finding(
                doc, start, end,
                f"this passage of {length} words repeats line {first_line}: "
                f"\u201c{preview(doc.prose_text(start, end))}\u201d",
                related=[self.related(doc, first_start, first_end, "first occurrence")],
            )


RULES = [RepeatedPassage]
