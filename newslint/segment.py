"""Sentence and word segmentation over character spans.

Everything here works on a *prose mask*: a string the same length as the article, in which
everything that is not prose (markup, URLs, code) has been replaced by spaces. Offsets found in the
mask are offsets into the original text.
"""

from __future__ import annotations

import re
from typing import Iterator

#: word characters joined by apostrophes, hyphens, periods (U.S, 3.5) or slashes
WORD_RE = re.compile(r"[^\W_]+(?:(?:['\u2019\-./&][^\W_]+))*")

# Abbreviations whose trailing period does not end a sentence (matched case-insensitively on the
# token before the period). Month and title abbreviations are the common traps in news copy.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms mx dr prof rev fr sr jr st mt ft gen lt col maj capt cpt sgt cmdr adm gov sen rep
    pres supt insp det cllr hon rt messrs mme mlle
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun
    no nos vs v etc al approx est dept univ ave blvd rd hwy fig figs vol vols ch pp
    inc corp co ltd bros plc llc
    e.g i.e a.m p.m u.s u.k u.n u.s.a e.u d.c
    """.split()
)
# After these, a capitalised next word is still usually part of the same sentence.
_NEVER_FINAL = frozenset(
    """mr mrs ms mx dr prof rev fr st mt gen lt col maj capt cpt sgt cmdr adm gov sen rep pres
    supt insp det cllr hon rt messrs mme mlle no nos vs v fig figs vol vols ch pp""".split()
)
# Words that very often start a sentence: after an initialism (U.S.) or "Inc." they signal a break.
SENTENCE_STARTERS = frozenset(
    """the a an he she it they we i you his her its their our this that these those there here
    but and or so yet however meanwhile in on at for as if when while after before since although
    though mr mrs ms dr some many most one two three several all both what who why how""".split()
)

# A match starts only where a run of terminal punctuation starts (the lookbehind): a run of 20,000
# full stops followed by a letter is then tried once, not once from each of its characters.
_BOUNDARY_RE = re.compile(
    r"""(?<![.!?\u2026])[.!?\u2026]+  # terminal punctuation (ellipsis included)
        [\"'\u201d\u2019)\]]*              # closing quotes and brackets
        (?=\s|$)""",
    re.VERBOSE,
)
_OPENERS = "\"'\u201c\u2018([-\u2014"


def iter_words(mask: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Spans of the words in ``mask[start:end]``."""
    for m in WORD_RE.finditer(mask, start, end):
        yield m.start(), m.end()


def _token_before(mask: str, pos: int, lo: int) -> str:
    """The non-space token ending at ``pos`` (exclusive), without leading punctuation."""
    i = pos
    while i > lo and not mask[i - 1].isspace():
        i -= 1
    return mask[i:pos].lstrip(_OPENERS)


def _next_word(mask: str, pos: int, end: int) -> tuple[str, int]:
    """The next token after whitespace at ``pos`` and its start offset."""
    i = pos
    while i < end and mask[i].isspace():
        i += 1
    j = i
    while j < end and not mask[j].isspace():
        j += 1
    return mask[i:j], i


def _is_boundary(mask: str, lo: int, punct_start: int, punct_end: int, end: int) -> bool:
    punct = mask[punct_start:punct_end]
    nxt, nxt_start = _next_word(mask, punct_end, end)
    if not nxt:
        return True
    first = nxt.lstrip(_OPENERS)[:1]
    if not first:
        return True
    # A sentence starts with a capital, a digit or an opening quote; lower case continues it.
    if not (first.isupper() or first.isdigit() or nxt[0] in _OPENERS):
        return False
    if punct.startswith(".") and not punct.startswith("..."):
        token = _token_before(mask, punct_start, lo)
        low = token.lower()
        if low in _NEVER_FINAL:
            return False
        if re.fullmatch(r"[A-Za-z]", token):
            # an initial: "J. K. Rowling", "George W. Bush"
            return False
        if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", token) or low in ABBREVIATIONS:
            # "U.S." or "Inc." may end a sentence: only when a typical sentence opener follows
            word = re.sub(r"\W+$", "", nxt.lstrip(_OPENERS)).lower()
            return word in SENTENCE_STARTERS
    if punct.startswith("...") or punct.startswith("\u2026"):
        # an ellipsis followed by a capitalised word ends the sentence
        return True
    return True


def split_sentences(mask: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans within ``mask[start:end]``, trimmed of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    sent_start = start
    for m in _BOUNDARY_RE.finditer(mask, start, end):
        # the regex's lookahead may look past ``end``; a boundary at ``end`` is the paragraph end
        if m.end() > end:
            break
        if _is_boundary(mask, sent_start, m.start(), m.end(), end):
            spans.append((sent_start, m.end()))
            sent_start = m.end()
    spans.append((sent_start, end))
    out = []
    for s, e in spans:
        while s < e and mask[s].isspace():
            s += 1
        while e > s and mask[e - 1].isspace():
            e -= 1
        if e > s and WORD_RE.search(mask, s, e):
            out.append((s, e))
    return out
