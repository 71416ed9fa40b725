"""Where quotations open and close, paragraph by paragraph, and which marks do not pair.

Double marks (curly and straight) and single marks are followed separately, so British single
quotes around a double-quoted title, or the reverse, pair as they should. A straight mark opens or
closes according to what stands either side of it; a single mark between two letters, or after
a word and before a letter, is an apostrophe, and because a closing single mark looks like the
apostrophe of a plural possessive ("the players’ wages"), a single mark is never reported as
closing nothing.

News convention: a quotation that runs over several paragraphs opens each of them and closes
only at its end, so a paragraph that ends inside a quotation is fine when the next one opens with
a quotation mark. The same holds inside a paragraph whose original paragraph breaks were lost:
a sentence that opens with a quotation mark while one is still open continues the quotation,
unless the words before it attribute the quote ("…, he said."), in which case the first one
should have closed before the attribution.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, NamedTuple

from .prose import checked_blocks, mechanics_prose

if TYPE_CHECKING:  # pragma: no cover
    from newslint.document import Block, Document

DOUBLE, SINGLE = "double", "single"
#: the mark that closes each opening mark
CLOSER = {"\u201c": "\u201d", '"': '"', "\u2018": "\u2019", "'": "'", "\u201e": "\u201d", "\u2033": '"', "''": '"',
          "``": "''"}
OPENER = {"\u201d": "\u201c", '"': '"', "\u2019": "\u2018", "'": "'", "\u2033": '"', "''": '"'}

# words that start a straight single mark as an apostrophe, not a quotation: 'em, 'til, rock 'n' roll
_DOUBLE_MARKS = frozenset(("\u201c", "\u201d", "\u201e", '"', "\u2033", "''", "``"))
_ELISIONS = frozenset("em til till tis twas n bout round cause cos coz nuff kay im er ere ave ow".split())
_OPENING_CONTEXT = "([{\u2014\u2013-/\u2018\u201c'\""
_CLOSING_CONTEXT = ".,;:!?)]}\u2014\u2013-\u2026\u2019\u201d'\""
#: words after which a quotation is a full one, not part of the reporter's sentence
_INTRODUCE_QUOTES = frozenset("""said says say told tells added adds asked asks wrote writes explained insisted
    warned claimed stated replied continued noted tweeted saying adding that""".split())
_SPEECH_VERBS = "said|says|told|tells|added|adds|asked|asks|explained|insisted|warned|claimed|wrote|replied|continued|noted|stated|tweeted"


@functools.cache
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    # every double mark; a single one unless it stands between two letters (an apostrophe: "don’t")
    # (and two backticks: the opening double mark of typewriter and TeX copy, ``like this'')
    marks = re.compile("``|[\u201c\u201d\u201e\"\u2033\u2018\u2019'](?:(?<=[\u201c\u201d\u201e\"\u2033])|(?<![^\\W_].)|(?![^\\W_]))")
    # "…, he said" / "…, the minister said" / "…, said Ms Lee": the quotation should have closed at the comma
    attribution = re.compile(
        r",(?=\s+(?:(?:he|she|they|we|it|I|the|a|an|his|her|its|their|our|[A-Z][\w\u2019'.-]*)"
        r"(?:\s+[\w\u2019'.-]+){0,3}\s+"
        rf"(?:{_SPEECH_VERBS})\b|(?:{_SPEECH_VERBS})\s))")
    return marks, attribution


class Quotation(NamedTuple):
    """Quoted text from ``start`` (the opening mark) to ``end`` (after the closing mark, or the paragraph's end)."""

    start: int
    end: int


class QuoteProblem(NamedTuple):
    """A mark that does not pair: ``kind`` is unclosed, unopened or wrong-way.

    ``fix`` is ``(start, end, replacement)`` when there is one safe reading, else ``None``.
    """

    kind: str
    family: str
    offset: int
    mark: str
    fix: tuple[int, int, str] | None
    #: the paragraph the mark is in
    block_start: int = 0
    block_end: int = 0


class QuoteAnalysis(NamedTuple):
    quotations: tuple[Quotation, ...]
    problems: tuple[QuoteProblem, ...]


def quote_analysis(doc: "Document") -> QuoteAnalysis:
    """The document's quotations and unpaired marks, worked out once per document."""
    return doc.cache.get(("newslint.mechanics", "quotations"), lambda: _analyse(doc))


class _Mark(NamedTuple):
    offset: int
    char: str
    family: str
    role: str  # open, close, either (straight marks between two words), close-or-ignore (after a digit)


def _analyse(doc: "Document") -> QuoteAnalysis:
    prose = mechanics_prose(doc)
    blocks = checked_blocks(doc)
    quotations: list[Quotation] = []
    problems: list[QuoteProblem] = []
    marks = _marks(prose, doc.prose, blocks)
    for family in (DOUBLE, SINGLE):
        carried: _Mark | None = None  # a quotation still open at the end of the previous paragraph
        for i, block in enumerate(blocks):
            if not marks[i][family] and carried is None:
                continue  # most paragraphs
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            nxt_marks = marks[i + 1][family] if nxt is not None else []
            before = len(problems)
            carried = _pair(doc, prose, block, marks[i][family], carried, family, nxt, nxt_marks, quotations,
                            problems)
            problems[before:] = [p._replace(block_start=block.start, block_end=block.end) for p in problems[before:]]
    quotations.sort()
    problems.sort(key=lambda p: p.offset)
    return QuoteAnalysis(tuple(quotations), tuple(problems))


def _marks(prose: str, context: str, blocks: tuple["Block", ...]) -> list[dict[str, list[_Mark]]]:
    """Each block's marks, by family: found in ``prose`` (so none inside an address or code), read
    by the characters either side of them in ``context`` (a hashtag next to a mark counts).

    One scan of the whole text, not one per block: most paragraphs hold no quotation mark.
    """
    import bisect

    out: list[dict[str, list[_Mark]]] = [{DOUBLE: [], SINGLE: []} for _ in blocks]
    if not blocks:
        return out
    starts = [b.start for b in blocks]
    skip_to = -1
    for m in _patterns()[0].finditer(prose, blocks[0].start, blocks[-1].end):
        i, ch = m.start(), m.group()
        if i < skip_to:
            continue
        k = bisect.bisect_right(starts, i) - 1
        block = blocks[k]
        if i >= block.end:
            continue
        if ch in "'\u2019" and prose[i + 1:i + 2] == ch:
            ch, skip_to = "''", i + 2  # two single marks for a double one, as typewriters wrote it
        before = context[i - 1] if i > block.start else " "
        after = context[i + len(ch)] if i + len(ch) < block.end else " "
        if after in "'\u2018" and context[i + len(ch) + 1:i + len(ch) + 2].isalnum():
            after = "a"  # a single mark opening inside a double one: "'Oh no,' she said"
        if ch in _DOUBLE_MARKS:
            family, role = DOUBLE, _double_role(ch, before, after)
        else:
            family, role = SINGLE, _single_role(context, i, ch, before, after, block.end)
        if role:
            out[k][family].append(_Mark(i, ch, family, role))
    return out


def _opens(before: str, after: str) -> bool:
    return (before.isspace() or before in _OPENING_CONTEXT) and not (after.isspace() or after in _CLOSING_CONTEXT)


def _closes(before: str, after: str) -> bool:
    return not (before.isspace() or before in "([{") and (after.isspace() or after in _CLOSING_CONTEXT)


def _double_role(ch: str, before: str, after: str) -> str:
    if ch in ("\u2033", "''"):
        ch = '"'  # a double prime or two single marks: read as a straight mark
    if ch == "``":
        return "open"
    if ch in "\u201c\u201e":
        return "open" if not _closes(before, after) or before in _OPENING_CONTEXT else "wrong-close"
    if before.isdigit():
        return "close-or-ignore"  # 40" or 40” is a size in inches unless a quotation is open
    if ch == "\u201d":
        return "wrong-open" if _opens(before, after) else "close"
    if _opens(before, after):
        return "open"
    if _closes(before, after):
        return "close"
    if before.isspace() and after.isspace():
        return "close-or-ignore"  # a mark standing alone closes an open quotation ("years… " he said)
    return "either"


def _single_role(prose: str, i: int, ch: str, before: str, after: str, end: int) -> str:
    if before.isalnum() and (after.isalnum() or ch == "\u2018"):
        return ""  # an apostrophe: don’t, rock ‘n’ roll written with the wrong mark
    if ch in "\u2019'" and after.isalnum():
        return ""  # an apostrophe before a word: ’90s, 'em
    if ch == "\u2018" or _opens(before, after):
        if after.isdigit():
            return ""  # ‘90s
        word = re.match(r"[A-Za-z]+", prose[i + 1:min(end, i + 8)])
        if word and word.group().lower() in _ELISIONS:
            return ""  # 'em, ‘twas
        return "open"
    if _closes(before, after):
        return "close"
    return ""


def _at_sentence_start(prose: str, i: int, start: int) -> bool:
    j = i
    while j > start and prose[j - 1].isspace():
        j -= 1
    while j > start and prose[j - 1] in ")]":
        j -= 1
    return j == start or prose[j - 1] in ".!?\u2026:"


def _pair(doc: "Document", prose: str, block: "Block", marks: list[_Mark], carried: "_Mark | None", family: str,
          nxt: "Block | None", nxt_marks: list[_Mark], quotations: list, problems: list) -> "_Mark | None":
    """Pair the marks of one paragraph; return the mark of a quotation the next paragraph closes.

    Open quotations are a stack: a mark that opens inside a quotation in mid-sentence nests
    (‘the so-called ‘reform’ bill’ – wrong style, but paired), one that opens a sentence carries
    the quotation on past a lost paragraph break.
    """
    stack: list[_Mark] = []
    next_roles = _next_roles(marks)
    for k, mark in enumerate(marks):
        role = _resolved(mark.role, bool(stack))
        if role == "ignore":
            continue
        if mark.role == "close-or-ignore" and next_roles[k] == "close":
            continue  # a size inside a quotation that the next mark closes: "…the 9.7" screen."
        if role in ("open", "wrong-open"):
            if role == "wrong-open":
                problems.append(QuoteProblem("wrong-way", family, mark.offset, mark.char,
                                             (mark.offset, mark.offset + len(mark.char), OPENER[mark.char])))
            if stack and _continues(prose, block, stack[-1], mark, problems):
                quotations.append(Quotation(stack[-1].offset, mark.offset))
                stack.pop()
            stack.append(mark)
            continue
        if role == "wrong-close":
            problems.append(QuoteProblem("wrong-way", family, mark.offset, mark.char,
                                         (mark.offset, mark.offset + len(mark.char), CLOSER[mark.char])))
        if stack:
            opened = stack.pop()
            quotations.append(Quotation(opened.offset, mark.offset + len(mark.char)))
        elif k == 0 and carried is not None:
            # the previous paragraph's quotation goes on here without the opening mark it needs
            opener = carried.char if carried.char in ("\u201c", "\u201e", '"', "\u2018", "'", "``") else OPENER[carried.char]
            problems.append(QuoteProblem("unopened", family, block.start, mark.char,
                                         (block.start, block.start, opener)))
            quotations.append(Quotation(block.start, mark.offset + len(mark.char)))
        elif family == DOUBLE:
            problems.append(QuoteProblem("unopened", family, mark.offset, mark.char, _doubled_mark_fix(prose, mark)))
    if not stack:
        return None
    for opened in stack:
        quotations.append(Quotation(opened.offset, block.end))
    open_mark = stack[0]
    attribution = _patterns()[1].search(prose, open_mark.offset + 1, block.end)
    partial = _partial(prose, open_mark, block.start)
    if attribution is None and not partial:
        if nxt is not None and nxt_marks and nxt_marks[0].offset == _first_char(prose, nxt) and \
                _resolved(nxt_marks[0].role, False) in ("open", "wrong-open"):
            return None  # the next paragraph opens with a quotation mark: the multi-paragraph convention
        if family == DOUBLE and len(stack) == 1 and nxt is not None and nxt_marks and \
                _resolved(nxt_marks[0].role, False) == "close":
            return open_mark  # the next paragraph closes it: reported there, with the opening mark it lacks
    fix = _doubled_mark_fix(prose, open_mark)
    if fix is None and attribution is not None:
        fix = (attribution.end(), attribution.end(), CLOSER.get(open_mark.char, open_mark.char))
    elif fix is None and len(stack) == 1 and not partial:
        fix = _closing_fix(prose, open_mark, block.end)
    problems.append(QuoteProblem("unclosed", family, open_mark.offset, open_mark.char, fix))
    return None


def _next_roles(marks: list[_Mark]) -> list[str | None]:
    """For each mark, the role of the first mark after it that is not a figure's mark (9.7")."""
    out: list[str | None] = [None] * len(marks)
    following = None
    for k in range(len(marks) - 1, -1, -1):
        out[k] = following
        if marks[k].role != "close-or-ignore":
            following = marks[k].role
    return out


def _resolved(role: str, is_open: bool) -> str:
    """What a mark does, given whether a quotation is open: open, close, wrong-open, wrong-close or ignore."""
    if role == "wrong-close":
        return "wrong-close" if is_open else "open"  # “ in a closing place with nothing open: it opens
    if role == "wrong-open":
        return "close" if is_open else "wrong-open"
    if role == "either":
        return "close" if is_open else "open"
    if role == "close-or-ignore":
        return "close" if is_open else "ignore"
    return role


def _first_char(prose: str, block: "Block") -> int:
    i = block.start
    while i < block.end and prose[i].isspace():
        i += 1
    return i


def _continues(prose: str, block: "Block", open_mark: _Mark, mark: _Mark, problems: list) -> bool:
    """A quotation mark opens while ``open_mark``'s quotation is open: does it take that one's place?

    When the words in between attribute the quote ("…, he said. “…"), the first quotation should
    have closed at the comma: that is reported, with the fix. A mark that opens a sentence carries
    a full quotation on (a paragraph break was lost), but not a partial one ("called it "a
    disgrace. “We…"): that one should have closed, and is reported. In mid-sentence the new
    quotation nests inside the open one.
    """
    attribution = _patterns()[1].search(prose, open_mark.offset + 1, mark.offset)
    if attribution is not None:
        problems.append(QuoteProblem("unclosed", open_mark.family, open_mark.offset, open_mark.char,
                                     (attribution.end(), attribution.end(),
                                      CLOSER.get(open_mark.char, open_mark.char))))
        return True
    if not _at_sentence_start(prose, mark.offset, block.start):
        return False
    if _partial(prose, open_mark, block.start):
        problems.append(QuoteProblem("unclosed", open_mark.family, open_mark.offset, open_mark.char, None))
    return True


def _partial(prose: str, mark: _Mark, start: int) -> bool:
    """Whether a quotation opens in mid-sentence, after a word ("called it "a disgrace"").

    A partial quotation closes within its sentence's paragraph; a full one, after a colon, a comma
    or at the start of a sentence, may run on over several paragraphs.
    """
    i = mark.offset
    while i > start and prose[i - 1].isspace():
        i -= 1
    if i == start or not prose[i - 1].isalnum():
        return False
    j = i
    while j > start and prose[j - 1].isalpha():
        j -= 1
    return prose[j:i].lower() not in _INTRODUCE_QUOTES  # "said “We…" and "said that “this…" introduce full ones


def _doubled_mark_fix(prose: str, mark: _Mark) -> tuple[int, int, str] | None:
    """Remove a mark that doubles the one right before or after it (an ""extra"" mark).

    Only a mark doubled once: in a longer run (a row of backticks or quotation marks) removing one
    leaves the run unpaired, so the run is left for the writer."""
    end = mark.offset + len(mark.char)
    if prose[mark.offset - 1:mark.offset] == mark.char or prose[end:end + len(mark.char)] == mark.char:
        c = mark.char[0]
        first, last = mark.offset, end
        while first > 0 and prose[first - 1] == c:
            first -= 1
        while last < len(prose) and prose[last] == c:
            last += 1
        if last - first == 2 * len(mark.char):
            return (mark.offset, end, "")
    return None


def _closing_fix(prose: str, open_mark: _Mark, end: int) -> tuple[int, int, str] | None:
    """Close at the attribution, or at the paragraph's end when the quote plainly runs to it."""
    attribution = _patterns()[1].search(prose, open_mark.offset + 1, end)
    if attribution is not None:
        return (attribution.end(), attribution.end(), CLOSER.get(open_mark.char, open_mark.char))
    last = end
    while last > open_mark.offset and prose[last - 1].isspace():
        last -= 1
    if last > open_mark.offset + 1 and prose[last - 1] in ".!?\u2026":
        return (last, last, CLOSER.get(open_mark.char, open_mark.char))
    return None
