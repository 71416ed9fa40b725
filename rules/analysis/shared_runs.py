"""Maximal runs of words two articles share: what NL103 reports and the archive's audit clusters."""

from __future__ import annotations

from typing import Sequence

#: where a run of words recurs many times in the other article, only its first occurrences there are
#: tried: enough for any article, and it keeps a text that repeats one phrase thousands of times linear
MAX_STARTS = 32


def find_shared_runs(a: Sequence[str], b: Sequence[str], min_words: int) -> list[tuple[int, int, int]]:
    """Maximal runs of ``a`` found in ``b``, as ``(start in a, start in b, length)``, left to right."""
    grams_a = list(zip(*[a[k:] for k in range(min_words)]))
    grams_b = list(zip(*[b[k:] for k in range(min_words)]))
    common = set(grams_a).intersection(grams_b)
    if not common:
        return []
    where: dict[tuple[str, ...], list[int]] = {}
    for j, gram in enumerate(grams_b):
        if gram in common:
            where.setdefault(gram, []).append(j)
    runs = []
    i = 0
    for start, gram in enumerate(grams_a):
        if start < i or gram not in common:
            continue
        i = start
        starts = where[gram][:MAX_STARTS]
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
