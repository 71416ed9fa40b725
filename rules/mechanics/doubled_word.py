"""NL502: the same word twice in a row ("to to", "the the")."""

from __future__ import annotations

import functools
import itertools
import operator
import re
from typing import Iterable

from newslint import Document, Finding, Option, Rule, Severity
from newslint.segment import WORD_RE

from .limit import FindingLimit
from .prose import block_matches, mechanics_prose, shown
from ..analysis.quotations import quotations as quoted_text

#: doubles that grammar allows ("he had had enough", "gave her her keys") and reduplications
#: ("bye bye", "very very"); "that that" and "there there" are decided by the words around them
ALLOWED = frozenset(
    """had that her there it bye so very really ha har heh hee ho hah ah oh uh um er wow
    well now tut pooh hush chop knock night bang boo choo din go blah yada la rah tsk wink nudge
    never many far long more much again yeah yay hey huh mm hmm""".split()
)
#: doubles that are grammatical after "what", "all" and the like ("what it is is a tax"),
#: and slips elsewhere ("the turnout is is low")
CLAUSE_DOUBLES = frozenset("is was do does".split())
_SUBJECT_CLAUSE = frozenset("what whatever all thing things problem question point issue truth fact reason idea trouble".split())
#: after "that that", a word that opens a clause shows the slip ("found that that the council…")
_OPENS_A_CLAUSE = frozenset("""it he she they we i you the a an there some many most all this these those his her
    its their our my your no every each both one""".split())
#: "the lengths they had gone to to find it": a preposition that ends a clause, then an infinitive
_TO_ENDS_CLAUSE = frozenset("gone go goes going went come comes coming came listen listened used get got".split())


class DoubledWord(Rule):
    """
    ## What it does
    Finds the same word written twice in a row, "the the" or "to to", also when a line break
    falls between them. It leaves alone doubles that grammar allows ("had had", "that that"
    before a verb, "what it is is"), reduplications ("bye bye", "no no no"), names and titles in
    capitals ("Walla Walla", "Duran Duran"), acronyms ("IS is"), and numbers. A doubled word
    inside a quotation is reported as information only: speakers stammer, and the quote may be
    faithful.

    ## Why it matters
    A doubled word is the commonest slip left by editing a sentence on screen, and the eye reads
    straight past it: it takes a second reader, or a linter, to see it.

    ## Example
    ```text
    The council voted to to close the library on Sundays.
    ```

    ## Instead
    ```text
    The council voted to close the library on Sundays.
    ```

    `newslint check --fix` removes the second word.
    """

    code = "NL502"
    name = "doubled-word"
    severity = Severity.WARNING
    #: the share of its findings judged true on the report half (benchmarks/eval_mechanics.py)
    confidence = 0.96
    summary = "The same word twice in a row."
    options = (
        Option("in-quotes", bool, True, "also report doubled words inside quotations, as information"),
    )

    def check(self, doc: Document) -> Iterable[Finding]:
        prose = mechanics_prose(doc)
        text = doc.text
        quotations = None
        # the same word in any case: searched for in a lower-cased copy (a case-blind regular
        # expression is a third slower), unless lower-casing changes the length ("İ" becomes two)
        low = prose.lower()
        if not _neighbours_alike(low):
            return
        pattern = _candidate()
        if len(low) != len(prose):
            low, pattern = prose, _candidate(re.IGNORECASE)
        limit = FindingLimit(self, doc)
        for block, m in block_matches(doc, pattern, low):
            a, b = text[m.start(1):m.end(1)], text[m.start(3):m.end(3)]
            if not doc.prose[m.end(1):m.start(3)].isspace() or not _is_slip(a, b, prose, m, block.start):
                continue
            if quotations is None:
                quotations = quoted_text(doc)
            quoted = quotations.is_quoted(m.start())
            if (quoted and not self.config["in-quotes"]) or not limit.allows(m.start(3)):
                continue
            yield self.finding(doc, m.start(1), m.end(3),
                               f"the word \u201c{b}\u201d twice in a row: {shown(text[m.start():m.end()])}",
                               fix=(m.end(1), m.end(3), ""), fix_description=f"remove the second \u201c{b}\u201d",
                               severity=Severity.INFO if quoted else None)
        yield from limit.summary()


@functools.cache
def _candidate(flags: int = 0) -> re.Pattern:
    """A word, white space, and the same word again."""
    return re.compile(r"\b([^\W\d_]+)(\s+)(\1)\b(?!['\u2019-]\w)", flags)


#: what may stand around a word in a whitespace-separated token: "(the", "the,"
_AROUND_WORDS = "\"'()[]{}<>.,;:!?*/#&+|\u201c\u201d\u201e\u2018\u2019\u2014\u2013\u2026\u00ab\u00bb-"


def _neighbours_alike(low: str) -> bool:
    """Whether two neighbouring tokens hold the same word, punctuation around them aside.

    A quick test that lets most articles skip the regular expression: it runs at C speed (no
    Python-level loop), and finds a double in about one article in eight.
    """
    words = list(map(str.strip, low.split(), itertools.repeat(_AROUND_WORDS)))
    return any(map(operator.eq, words, itertools.islice(words, 1, None)))


def _words_around(prose: str, start: int, end: int) -> list[str]:
    return [w.lower() for w in WORD_RE.findall(prose, start, end)]


@functools.cache
def _next_word() -> re.Pattern:
    return re.compile(r"\s+([^\W\d_]+)")


def _is_slip(a: str, b: str, prose: str, m: re.Match, block_start: int) -> bool:
    low = a.lower()
    if b[0].isupper() or (len(a) > 1 and a.isupper()):
        return False  # names and titles ("Walla Walla"), acronyms ("IS is")
    if m.start() > block_start and prose[m.start() - 1] in "'\u2019-.":
        return False  # the end of a longer word: "mother-in-law law"
    following = _next_word().match(prose, m.end(), m.end() + 60)
    after = following.group(1).lower() if following else ""
    if after == low:
        return False  # three or more in a row are meant: "no no no", "ha ha ha"
    if low in ALLOWED:
        if low == "that":  # "shown that that it was": a slip; "said that that was": grammar
            return after in _OPENS_A_CLAUSE
        if low == "there":  # "no there there", "is there a there there": the idiom
            before = _words_around(prose, max(block_start, m.start() - 30), m.start())
            return not before or before[-1] not in ("a", "the", "no", "enough")
        return False
    if low in CLAUSE_DOUBLES:
        # grammar after "what it", "all it": a subject clause, with no punctuation between
        clause = prose[max(block_start, m.start() - 40):m.start()]
        clause = re.split(r"[,;:.!?\u2014\u2013]", clause)[-1]
        return not (set(_words_around(clause, 0, len(clause))[-4:]) & _SUBJECT_CLAUSE)
    if low == "to":
        before = _words_around(prose, max(block_start, m.start() - 30), m.start())
        return not before or before[-1] not in _TO_ENDS_CLAUSE
    if low.endswith(("us", "um", "is", "ae")):
        before = _words_around(prose, max(block_start, m.start() - 30), m.start())
        if before and prose[m.start() - 1:m.start()].isspace():
            j = m.start() - 1
            while j > block_start and prose[j - 1].isspace():
                j -= 1
            k = j
            while k > max(block_start, j - 40) and prose[k - 1].isalpha():
                k -= 1
            if prose[k:j][:1].isupper():
                return False  # a species name: Carassius auratus auratus
    return True
