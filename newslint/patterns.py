"""Regular expressions compiled when they are first used, not when their module is imported.

Compiling is a real part of a short run's start-up: ``re`` builds a bitmap of 65,536 characters for
a character class holding a character outside Latin-1 (a curly quote, a dash), which makes such an
expression about eight times as slow to compile as one with a plain class. An expression that only
some articles need (a caption's label, an embedded post's credit line) is therefore compiled by the
first article that needs it, once per process.
"""

from __future__ import annotations

import functools
import re
from typing import Callable


def compiled_on_first_use(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A function returning ``re.compile(pattern, flags)``, compiled on its first call only."""

    @functools.cache
    def compiled() -> re.Pattern[str]:
        return re.compile(pattern, flags)

    return compiled
