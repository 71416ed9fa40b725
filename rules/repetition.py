"""NL1xx: passages an article says twice, restates, or shares with other articles."""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from newslint import Document, Finding, Option, Rule, Severity

from ._passages import fold, folded_words, kgram_hashes, passage_index

#: function words left out when comparing what two sentences are about
STOP_WORDS = frozenset(
    """a about above across after again against all almost also although always am among an and another any
    are around as at be became because been before being below between both but by can could did do does
    doing down during each either else even ever every few for from further had has have having he her here
    hers herself him himself his how however i if in into is it its itself just least less many may me
    might more most much must my myself neither no nor not now of off on once one only onto or other others
    our ours ourselves out over own per rather same says said say saying she should since so some still
    such than that the their theirs them themselves then there these they this those though through thus
    to too toward towards under until up upon us very via was we were what when where whether which while
    who whom whose why will with within without would yet you your yours yourself yourselves mr mrs ms dr
    told added according also""".split()
)

_BULLET_RE = re.compile(r"^\s*(?:[-*\u2022\u2013]\s|\d{1,3}[.)]\s)")
_FIELD_SEP_RE = re.compile(r"\s[-\u2013\u2014]\s|;")


def normalised_words(doc: Document, include_headings: bool = False) -> list[tuple[str, int, int]]:
    """``(folded word, start, end)`` for the article's prose, case, quotes and punctuation folded."""
    return folded_words(doc, doc.blocks if include_headings else doc.paragraphs)


def list_like_lines(doc: Document) -> set[int]:
    """Line numbers of list entries: bullet lines and ``label - value; label - value`` records.

    Award lists, results and vote tallies repeat their structure ("director - X; actor - Y") from
    line to line by design; that repetition is not a passage said twice.
    """
    lines = set()
    for block in doc.blocks:
        if block.kind in ("list_item", "table"):
            lines.update(range(doc.position(block.start).line, doc.position(block.end).line + 1))
            continue
        first, last = doc.position(block.start).line, doc.position(block.end).line
        for line in range(first, last + 1):
            text = doc.line_text(line)
            if _BULLET_RE.match(text) or len(_FIELD_SEP_RE.findall(text)) >= 2:
                lines.add(line)
    return lines


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


def find_shared_runs(a: Sequence[str], b: Sequence[str], min_words: int) -> list[tuple[int, int, int]]:
    """Maximal runs of ``a`` found in ``b``, as ``(start in a, start in b, length)``, left to right."""
    where: dict[tuple[str, ...], list[int]] = {}
    for j in range(len(b) - min_words + 1):
        where.setdefault(tuple(b[j:j + min_words]), []).append(j)
    runs = []
    i = 0
    while i + min_words <= len(a):
        starts = where.get(tuple(a[i:i + min_words]))
        if not starts:
            i += 1
            continue
        best_j, best_len = starts[0], 0
        for j in starts:
            length = min_words
            while i + length < len(a) and j + length < len(b) and a[i + length] == b[j + length]:
                length += 1
            if length > best_len:
                best_j, best_len = j, length
        runs.append((i, best_j, best_len))
        i += best_len
    return runs


def is_proper_name(words: Sequence[str]) -> bool:
    """True when every content word is capitalised: a title or a name, not a sentence."""
    content = [w for w in words if fold(w) not in STOP_WORDS and not w.isdigit()]
    return bool(content) and all(w[:1].isupper() for w in content)


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

    Some repetition is normal and not reported:

    - a headline that repeats words of the first paragraph (unless `include-headings` is set);
    - a phrase of the first paragraph (the lede, which summarises the story) echoed in the body,
      unless the echo is at least `lede-min-words` long;
    - a short phrase (under `lede-min-words`) that occurs three times or more: a set phrase the
      story keeps returning to, such as the name of a prize or the question readers answer;
    - a repeated name or title, where every word that is not a function word is capitalised
      ("Economic Commission for Latin America and the Caribbean");
    - entries of a list (bullet lines, and `label - value; label - value` records such as award
      nominations), whose structure repeats by design (unless `include-lists` is set).
    """

    code = "NL101"
    name = "repeated-passage"
    severity = Severity.WARNING
    summary = "A passage that appears twice in one article."
    options = (
        Option("min-words", int, 8, "the shortest run of words that counts as a repeated passage", minimum=3),
        Option("lede-min-words", int, 12, "the shortest repeated run when the first occurrence is in the first paragraph",
               minimum=3),
        Option("include-headings", bool, False, "also compare the headline and headings with the body"),
        Option("include-lists", bool, False, "also report repetition inside list entries"),
    )

    def repeated_runs(self, doc: Document) -> list[tuple[int, int, int, int, int]]:
        """``(start, end, first_start, first_end, n_words)`` of every repeated passage reported."""
        words = normalised_words(doc, self.config["include-headings"])
        tokens = [w for w, _, _ in words]
        min_words = self.config["min-words"]
        lede_min = max(min_words, self.config["lede-min-words"])
        paragraphs = doc.paragraphs
        lede_end = paragraphs[0].end if paragraphs else -1
        lists = set() if self.config["include-lists"] else list_like_lines(doc)
        counts: dict[tuple[str, ...], int] = {}
        for i in range(len(tokens) - min_words + 1):
            gram = tuple(tokens[i:i + min_words])
            counts[gram] = counts.get(gram, 0) + 1
        out = []
        for later, earlier, length in find_repeated_runs(tokens, min_words):
            start, end = words[later][1], words[later + length - 1][2]
            first_start, first_end = words[earlier][1], words[earlier + length - 1][2]
            if first_start < lede_end and length < lede_min:
                continue
            if length < lede_min and counts[tuple(tokens[later:later + min_words])] >= 3:
                continue  # a set phrase the story keeps returning to, not a pasted passage
            if lists and (doc.position(start).line in lists or doc.position(end).line in lists):
                continue
            originals = [doc.text[s:e] for _, s, e in words[later:later + length]]
            if is_proper_name(originals):
                continue
            out.append((start, end, first_start, first_end, length))
        return out

    def check(self, doc: Document) -> Iterable[Finding]:
        for start, end, first_start, first_end, length in self.repeated_runs(doc):
            first_line = doc.position(first_start).line
            yield self.finding(
                doc, start, end,
                f"this passage of {length} words repeats line {first_line}: "
                f"\u201c{preview(doc.prose_text(start, end))}\u201d",
                related=[self.related(doc, first_start, first_end, "first occurrence")],
            )


RULES = [RepeatedPassage]
