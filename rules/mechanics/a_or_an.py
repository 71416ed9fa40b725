"""NL509: "a" before a vowel sound or "an" before a consonant ("a orange", "an bid")."""

from __future__ import annotations

import functools
import itertools
import re
from typing import Iterable

from newslint import Document, Finding, Rule, Severity

from .limit import FindingLimit
from .prose import block_matches, checked_blocks, mechanics_prose, shown

# Only the spelling is known, not the sound. A vowel letter gives a vowel sound and a consonant
# letter a consonant sound except where the word lists below say otherwise; where the sound varies
# and no list decides (an hotel or a hotel, an FBI agent, an 8), nothing is said.
_VOWEL_LETTERS = "aeiou"
_CONSONANT_LETTERS = "bcdfgjklmnpqrstvwyz"
#: vowel letters that sound like a consonant: a union, a user, a euro, a one-off, a ouija board
_CONSONANT_SOUND = ("union", "unit", "unique", "univers", "uniform", "unilateral", "unison", "unicorn", "unific",
                    "unified", "unanim", "use", "usual", "utili", "utopia", "utensil", "urin", "uranium", "uterus",
                    "ukulele", "eu", "ew", "ouija")
#: "u" as in "up": an unusual, an upper, an ultimatum (other words with "u" are left alone)
_SHORT_U = ("un", "up", "ul", "um", "ug")
#: a silent "h": an hour, an honest, an heir
_SILENT_H = ("hour", "honest", "honour", "honor", "heir")
#: "an" before a sounded "h" that some style guides still allow: an historic, an hotel
_OLD_STYLE_H = ("histor", "hotel", "heroi", "habitu", "heredit", "hypoth", "horrif", "homage", "herb", "hyster",
                "humble")
#: after "a", these are not the article's noun: "between a and b", "vitamin a in milk"; an article
#: after an article ("a an amnesiac") and a particle after one ("picks a up") are other slips
_NOT_A_NOUN = frozenset("and or is as at of in on it if its a an the up out off over under about into onto".split())


@functools.cache
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """The pairs that may be wrong ("a" before a vowel letter, "an" before a consonant): after a
    space or an opening mark (a pattern that starts with a character is searched for fast), and
    at the start of a paragraph; and the word after the article."""
    pair = rf"(?:([aA]) +(?=[{_VOWEL_LETTERS}h])|([aA]n) +(?=[{_CONSONANT_LETTERS}heuo]))"
    return (re.compile(rf"[ \n\"\u201c\u2018(\[]{pair}"), re.compile(pair),
            re.compile(r"[a-z][a-z'\u2019\-]*(?!\w|\.\w)"))


class AOrAn(Rule):
    """
    ## What it does
    Finds "a" before a word that starts with a vowel sound, and "an" before one that starts
    with a consonant sound: "a orange jumpsuit", "a annual rate", "an bid", "an temporary
    truce", "a hour", "an union". It goes by the spelling, with lists for the letters whose
    sound varies: "a union", "a euro", "a one-off", "an hour", "an upper deck". Where the sound
    depends on the word and no list decides ("a hotel" or "an hotel", "a unanimous" or "an
    uninformed", "an x-ray"), and before abbreviations in capitals (a NATO summit, an MP) and
    figures (an 8), it says nothing. A capital "A" counts only at the start of a sentence:
    elsewhere it is the letter ("Class A offices").

    ## Why it matters
    The wrong article is what an edit leaves behind when an adjective is added or taken out
    ("an annual" became "a annual" when "new" was cut). It reads as careless, and is easy to
    fix.

    ## Example
    ```text
    The airline made an bid for its rival at a annual meeting.
    ```

    ## Instead
    ```text
    The airline made a bid for its rival at an annual meeting.
    ```

    `newslint check --fix` changes the article.
    """

    code = "NL509"
    name = "a-or-an"
    severity = Severity.WARNING
    #: the share of its findings judged true on the report half (benchmarks/eval_mechanics.py)
    confidence = 1.0
    summary = "\u201ca\u201d before a vowel sound, or \u201can\u201d before a consonant."

    def check(self, doc: Document) -> Iterable[Finding]:
        prose = mechanics_prose(doc)
        text = doc.text
        after_space, at_start, word_after = _patterns()
        blocks = checked_blocks(doc)
        # the pattern starts with the space (or quotation mark) before the article, so an article
        # that opens the text has one of its own
        first = at_start.match(prose, 0, blocks[0].end) if blocks and blocks[0].start == 0 else None
        pairs = [(blocks[0], first)] if first else []
        limit = FindingLimit(self, doc)
        for block, m in itertools.chain(pairs, block_matches(doc, after_space, prose, lead=1)):
            group = 1 if m.group(1) else 2
            article, start = m.group(group), m.start(group)
            word = word_after.match(prose, m.end(), block.end)
            if word is None or (start > 0 and prose[start - 1] in "'\u2019.-"):
                continue  # "Ma'an", "U.S.-a"
            end, word = word.end(), word.group()
            if text[start:end] != prose[start:end] or len(word) < 2 or word[1] == "-":
                continue
            if article == "A" and not _opens_sentence(prose, start, block.start):
                continue  # "Class A office", "events A and B": the letter, not the article
            right = _right_article(article, word)
            if right is None or not limit.allows(start):
                continue
            if _looks_plural(word):
                # "a engineers", "an places": something else went wrong ("an" for "and", a cut)
                yield self.finding(doc, start, end,
                                   f"\u201c{article}\u201d before \u201c{word}\u201d, which looks plural: "
                                   f"{shown(text[start:end])}; check what was meant")
                continue
            yield self.finding(doc, start, end,
                               f"\u201c{article}\u201d before \u201c{word}\u201d: {shown(text[start:end])} "
                               f"(write \u201c{right} {word}\u201d)",
                               fix=(start, start + len(article), right),
                               fix_description=f"write \u201c{right}\u201d")
        yield from limit.summary()


def _looks_plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith(("ss", "us", "is", "ics", "'s", "\u2019s"))


def _opens_sentence(prose: str, start: int, block_start: int) -> bool:
    i = start
    while i > block_start and prose[i - 1] in " \"\u201c\u2018(":
        i -= 1
    return i == block_start or prose[i - 1] in ".!?"


def _right_article(article: str, word: str) -> str | None:
    """The article ``word`` needs when ``article`` is plainly the wrong one, else ``None``."""
    if word in _NOT_A_NOUN:
        return None
    sound = _sound(word)
    if sound == "vowel" and article in ("a", "A"):
        return "An" if article == "A" else "an"
    if sound == "consonant" and article in ("an", "An"):
        return "A" if article == "An" else "a"
    return None


def _sound(word: str) -> str | None:
    """Whether ``word`` starts with a vowel or a consonant sound, when the spelling says so plainly."""
    if word.split("-")[0] in ("one", "once") or word.startswith(_CONSONANT_SOUND):
        return "consonant"
    if word.startswith(_SILENT_H):
        return "vowel"
    if word[0] == "h":
        return None if word.startswith(_OLD_STYLE_H) else "consonant"
    if word[0] == "u":
        return "vowel" if word.startswith(_SHORT_U) and not word.startswith(("uni", "unanim")) else None
    if word[0] in _VOWEL_LETTERS:
        return "vowel"
    if word[0] in _CONSONANT_LETTERS:
        return "consonant"
    return None  # "x": an x-ray, a xylophone
