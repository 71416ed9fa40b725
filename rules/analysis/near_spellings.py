"""Finding spellings one edit apart among an article's names, in time that grows with the names.

Two spellings one edit apart (a letter added, dropped or changed, or two neighbours swapped) share
a *deletion key*: the word itself or the word with one letter left out (``Muller`` is ``Mueller``
without its ``e``; ``Hewitt`` and ``Hewtit`` both give ``Hewtt``). Only spellings that share a key
are compared, so an article costs O(n·L) for n spellings of length L, plus the comparisons within
each key, which are bounded per article (``MAX_COMPARISONS``).
"""

from __future__ import annotations

from typing import Iterable

#: the most pairs of spellings compared in one article (an article with more near spellings than
#: this is a list of names, whose last pairs are not compared)
MAX_COMPARISONS = 20_000


def one_edit_apart(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with one letter added, dropped or changed, or two neighbouring letters
    swapped: an optimal string alignment distance of exactly 1.

    Written out here rather than taken from rapidfuzz: importing rapidfuzz takes longer than all the
    comparisons of an article, and NL102 imports it only for an article with sentences to compare.
    """
    if a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    shorter, longer = len(a), len(b)
    if longer - shorter > 1:
        return False
    i = 0  # the first place the two differ
    while i < shorter and a[i] == b[i]:
        i += 1
    if shorter < longer:  # a letter added
        return a[i:] == b[i + 1:]
    if a[i + 1:] == b[i + 1:]:  # a letter changed
        return True
    # this letter and the next swapped
    return i + 1 < shorter and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:]


def _keys(word: str) -> Iterable[str]:
    yield word
    for k in range(len(word)):
        yield word[:k] + word[k + 1:]


def close_pairs(forms: list[str], min_len: int, max_comparisons: int = MAX_COMPARISONS) -> list[tuple[str, str]]:
    """The pairs ``(forms[i], forms[j])``, ``i < j``, one edit apart, the longer at least ``min_len``
    letters; in the order of ``i``, then ``j``. Only forms sharing a deletion key are compared, and
    at most ``max_comparisons`` pairs of them."""
    by_key: dict[str, list[int]] = {}
    for i, f in enumerate(forms):
        if len(f) < min_len - 1:
            continue
        for key in set(_keys(f)):
            by_key.setdefault(key, []).append(i)
    found: set[tuple[int, int]] = set()
    seen: set[tuple[int, int]] = set()
    budget = max_comparisons
    for group in by_key.values():
        if len(group) < 2:
            continue
        for n, i in enumerate(group):
            for j in group[n + 1:]:
                pair = (i, j) if i < j else (j, i)
                if pair in seen:
                    continue
                seen.add(pair)
                budget -= 1
                if budget < 0:
                    return [(forms[i], forms[j]) for i, j in sorted(found)]
                a, b = forms[pair[0]], forms[pair[1]]
                if max(len(a), len(b)) >= min_len and one_edit_apart(a, b):
                    found.add(pair)
    return [(forms[i], forms[j]) for i, j in sorted(found)]
