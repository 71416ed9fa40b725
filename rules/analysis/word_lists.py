"""Word lists the rules read: the Dale–Chall list of familiar words (readability, NL201)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

PACKS = Path(__file__).resolve().parent.parent / "packs"


@lru_cache(maxsize=1)
def familiar_words() -> frozenset[str]:
    """The Dale–Chall list of familiar words, shipped in ``packs/`` (read once per process)."""
    text = (PACKS / "dale_chall_easy_words.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))
