"""NL510: characters garbled by saving or reading the text in the wrong encoding ("donâ€™t")."""

from __future__ import annotations

import functools
import re
from typing import Iterable, NamedTuple

from newslint import Document, Finding, Rule, Severity

from .limit import FindingLimit
from .prose import shown

REPLACEMENT_CHARACTER = "\ufffd"


@functools.cache
def _byte_of() -> dict[str, int]:
    """The character each byte 0x80–0xFF reads as in Windows-1252 (Latin-1 where 1252 has none)."""
    table = {}
    for b in range(0x80, 0x100):
        try:
            table[bytes([b]).decode("cp1252")] = b
        except UnicodeDecodeError:
            table[chr(b)] = b
    return table


@functools.cache
def _candidate() -> re.Pattern:
    # UTF-8 read as Windows-1252: a lead byte's character, then the right number of continuation
    # bytes' characters ("â€™" is ’); or a C1 control character (Windows-1252 read as Latin-1:
    # U+0092 is ’); or the replacement character, where the original is lost
    table = _byte_of()
    cont = "".join(re.escape(ch) for ch, b in table.items() if 0x80 <= b <= 0xBF)
    return re.compile(rf"[\u00c2-\u00df][{cont}]|[\u00e0-\u00ef][{cont}]{{2}}|[\u00f0-\u00f4][{cont}]{{3}}"
                      rf"|[\u0080-\u009f]|{REPLACEMENT_CHARACTER}")


@functools.cache
def _first_character() -> re.Pattern:
    """A character that starts every garble above."""
    return re.compile(f"[\u0080-\u009f\u00c2-\u00f4{REPLACEMENT_CHARACTER}]")


class Garble(NamedTuple):
    start: int
    end: int
    repaired: str | None


class GarbledCharacters(Rule):
    """
    ## What it does
    Finds characters garbled by a wrong text encoding: "donâ€™t" and "cafÃ©" (UTF-8 read as
    Windows-1252), invisible control characters where curly quotes and dashes should be
    (Windows-1252 read as Latin-1), and the replacement character "\ufffd" where the original was
    lost. It reports once per paragraph (or headline, heading or table row), counting the
    garbled characters in it.

    ## Why it matters
    Garbled characters are the first thing a reader sees and the last thing a spell checker
    catches. They usually mean the whole file went through the wrong encoding once, so a
    paragraph with one is worth a look all through.

    ## Example
    ```text
    The minister said she didnâ€™t know.
    ```

    ## Instead
    ```text
    The minister said she didn’t know.
    ```

    `newslint check --fix` puts back the characters it can work out ("â€™" is "’"); a
    replacement character cannot be undone and is left for you.
    """

    code = "NL510"
    name = "garbled-characters"
    severity = Severity.WARNING
    #: the share of its findings judged true on the report half (benchmarks/eval_mechanics.py)
    confidence = 1.0
    summary = "Characters garbled by saving or reading the text in the wrong encoding."

    def check(self, doc: Document) -> Iterable[Finding]:
        text = doc.text
        if text.isascii() or not _first_character().search(text):
            return  # the common case, found at C speed
        limit = FindingLimit(self, doc)
        for block in doc.blocks:
            garbles = [g for g in map(_garble, _candidate().finditer(text, block.start, block.end)) if g]
            if not garbles or not limit.allows(garbles[0].start):
                continue
            first, last = garbles[0], garbles[-1]
            pieces, at = [], first.start
            for g in garbles:
                pieces.append(text[at:g.start])
                pieces.append(g.repaired if g.repaired is not None else text[g.start:g.end])
                at = g.end
            repaired = "".join(pieces)
            fix = None
            if repaired != text[first.start:last.end]:
                fix = (first.start, last.end, repaired)
            count = len(garbles)
            where = {"headline": "headline", "heading": "heading", "table": "table row"}.get(block.kind, "paragraph")
            message = (f"{count} garbled character{'s' if count > 1 else ''} in this {where}, left by a wrong text "
                       f"encoding: {_described(text, first)}")
            yield self.finding(doc, first.start, last.end, message, fix=fix,
                               fix_description="put back the characters the encoding garbled" if fix else "")
        yield from limit.summary()


def _garble(m: re.Match) -> Garble | None:
    found = m.group()
    if found == REPLACEMENT_CHARACTER:
        return Garble(m.start(), m.end(), None)
    table = _byte_of()
    try:
        repaired = bytes(table[ch] for ch in found).decode("utf-8") if len(found) > 1 else \
            bytes([ord(found)]).decode("cp1252")
    except (UnicodeDecodeError, KeyError):
        return Garble(m.start(), m.end(), None) if len(found) == 1 else None
    if len(found) > 1 and not _plausible(repaired):
        return None  # the letters only look like a garble: "Ã" + "O" is Portuguese, not a broken byte
    return Garble(m.start(), m.end(), repaired)


def _plausible(ch: str) -> bool:
    """A character that text garbled this way usually held: Latin letters, punctuation, symbols, emoji."""
    code = ord(ch)
    return 0xA0 <= code <= 0x24F or 0x2000 <= code <= 0x206F or 0x20A0 <= code <= 0x20CF or \
        0x2100 <= code <= 0x215F or code >= 0x1F300


def _described(text: str, g: Garble) -> str:
    found = text[g.start:g.end]
    shown_as = found if len(found) > 1 else f"U+{ord(found):04X}"
    if found == REPLACEMENT_CHARACTER:
        return f"\u201c{found}\u201d stands for a character that was lost"
    if g.repaired is None:
        return f"{shown_as} is not a character of the text"
    if len(found) > 1:
        return f"{shown(found)} should read {g.repaired}"
    return f"the invisible character {shown_as} stands for {g.repaired}"
