"""NL5xx: mechanics, the slips of the keyboard a copy editor fixes first.

One module per rule; what several rules share lives in modules of its own: ``prose`` (the text
the rules read, with addresses and code blanked), ``abbreviations`` and ``quotation`` (where
quotations open and close).
"""

from __future__ import annotations

from .a_or_an import AOrAn
from .doubled_word import DoubledWord
from .extra_space import ExtraSpace
from .garbled_characters import GarbledCharacters
from .missing_space import MissingSpace
from .repeated_punctuation import RepeatedPunctuation
from .space_before_punctuation import SpaceBeforePunctuation
from .stray_full_stop import StrayFullStop
from .unbalanced_brackets import UnbalancedBrackets
from .unbalanced_quotes import UnbalancedQuotes

RULES = [StrayFullStop, DoubledWord, MissingSpace, UnbalancedQuotes, UnbalancedBrackets, SpaceBeforePunctuation,
         RepeatedPunctuation, ExtraSpace, AOrAn, GarbledCharacters]
