"""NL501: a full stop in the middle of a sentence ("social media. gives him")."""

from __future__ import annotations

import functools
import re
from typing import Iterable

from newslint import Document, Finding, Option, Rule, Severity

from .abbreviations import abbreviation_set, is_abbreviation
from .limit import FindingLimit
from .prose import block_matches, is_bullet, mechanics_prose, shown, token_before, word_after



@functools.cache
def _candidate() -> re.Pattern:
    """A full stop after a letter, then spaces (at most one line break), then a lower-case letter.

    (The full stop comes first in the pattern, the look-behind after it: the regular expression
    engine then skips quickly to each full stop instead of trying the look-behind everywhere.)"""
    return re.compile(r"\.(?<=[A-Za-z]\.)(?=[ \t]+(?:\r\n|\r|\n)?[ \t]*[a-z]|(?:\r\n|\r|\n)[ \t]*[a-z])")


#: words that open a clause: after them the full stop may end a sentence whose next word lacks
#: its capital, so no fix is offered ("it rained. the match was off")
CLAUSE_OPENERS = frozenset(
    """the a an he she it they we i you this these those there his her its their our my your
    one some many most all""".split()
)
#: particles of names that are written in lower case ("Mr. de Blasio" is not a broken sentence)
NAME_PARTICLES = frozenset("de da di du van von der den del della la le al el bin ibn ter ten dos das".split())


class StrayFullStop(Rule):
    """
    ## What it does
    Finds a full stop followed by a lower-case word that carries on the sentence, as in
    "his use of social media. gives him an opportunity". It leaves alone abbreviations
    ("approx. 5", "e.g. the", "vs. the", "U.S. officials", "Warner Bros. said"), initials,
    numbered things ("No. 10"), ellipses, web and e-mail addresses, file names, decimals,
    lower-case brand names ("eBay", "iPhone"), name particles ("Mr. de Blasio"), list items and
    bullet fragments, and quoted social-media posts.

    When the word after the full stop usually opens a clause ("the", "he", "they"), either the
    full stop is stray or the next sentence lacks its capital: the finding says so and offers no
    fix.

    ## Why it matters
    A full stop in mid-sentence is a slip of the keyboard that readers notice at once, and it
    is the first thing a copy editor corrects. It often marks the place where a sentence was cut
    or rewritten.

    ## Example
    ```text
    The mayor said his use of social media. gives him a direct line to voters.
    ```

    ## Instead
    ```text
    The mayor said his use of social media gives him a direct line to voters.
    ```

    `newslint check --fix` removes the full stop. Add your newsroom's own abbreviations with
    the `abbreviations` option.

    It reports as information by default: in copy taken from the web, a lower-case word after a
    full stop is as often a quoted post or a caption run into the text as a slip. For edited copy,
    raise it with `[severity] stray-full-stop = "warning"`.
    """

    code = "NL501"
    name = "stray-full-stop"
    severity = Severity.INFO
    #: the share of its findings judged true on the report half (benchmarks/eval_mechanics.py)
    confidence = 0.5
    summary = "A full stop in the middle of a sentence, before a lower-case word."
    options = (
        Option("abbreviations", list, [], "more abbreviations whose full stop does not end a sentence "
               "(\"approx\", \"Calif\"), added to the built-in list"),
    )

    def check(self, doc: Document) -> Iterable[Finding]:
        known = abbreviation_set(self.config["abbreviations"])
        prose = mechanics_prose(doc)
        text = doc.text
        plain = doc.format != "markdown"
        limit = FindingLimit(self, doc)
        for block, m in block_matches(doc, _candidate(), prose):
            if is_bullet(doc, block):
                continue  # list items are often fragments: "Venue: town hall. free entry"
            stop = m.start()
            before = token_before(prose, stop, block.start).lstrip("'\u2019-.")
            if not before or is_abbreviation(before, known):
                continue
            start = stop - len(before)
            if start > block.start and prose[start - 1].isalnum():
                continue  # "5th." or a token this rule cannot read
            nxt = stop + 1
            while nxt < block.end and prose[nxt].isspace():
                nxt += 1
            gap = text[stop + 1:nxt]
            if not gap.isspace():
                continue  # markup between the two words
            if plain and ("\n" in gap or "\r" in gap):
                continue  # in plain text a line may be a paragraph of its own (a caption, a list)
            word = word_after(prose, nxt, block.end)
            if not _continues(prose, word, nxt + len(word), block.end) or not limit.allows(stop):
                continue
            yield self._finding(doc, stop, start, nxt + len(word), word)
        yield from limit.summary()

    def _finding(self, doc: Document, stop: int, start: int, end: int, word: str) -> Finding:
        excerpt = shown(doc.text[start:end])
        if word.lower() in CLAUSE_OPENERS:
            return self.finding(doc, start, end,
                                f"a full stop before a lower-case \u201c{word}\u201d: either the full stop "
                                f"does not belong or the next sentence needs a capital: {excerpt}")
        return self.finding(doc, start, end, f"a full stop in the middle of a sentence: {excerpt}",
                            fix=(stop, stop + 1, ""), fix_description="remove the full stop")


def _continues(prose: str, word: str, after: int, end: int) -> bool:
    """Whether ``word`` (just after a full stop) reads as an ordinary lower-case word."""
    if not word or not word[0].islower() or any(c.isupper() or c.isdigit() for c in word):
        return False  # "eBay", "iPhone", "mp3"
    if after < end - 1 and prose[after] == "." and prose[after + 1].isalpha():
        return False  # "i.e."
    if word in NAME_PARTICLES:
        nxt = after
        while nxt < end and prose[nxt].isspace():
            nxt += 1
        if nxt < end and prose[nxt].isupper():
            return False  # "de Gaulle"
    return True
