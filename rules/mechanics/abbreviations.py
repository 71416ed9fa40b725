"""Words whose full stop does not end a sentence, for the mechanics rules.

The segmenter's list (``newslint.segment.ABBREVIATIONS``) is the base; news copy adds company
suffixes, US state abbreviations, units and a few Latin ones that sit in the middle of a sentence
("Warner Bros. said", "Portland, Ore. and", "300 km. from", "et al. found").
"""

from __future__ import annotations

from typing import Iterable

from newslint.segment import ABBREVIATIONS as SEGMENTER_ABBREVIATIONS

NEWS_ABBREVIATIONS = frozenset(
    """
    bros inc corp co cos ltd plc llc llp assn assoc natl intl govt dept univ
    jr sr esq cpl pvt sgt lt gen col maj capt cmdr adm brig supt insp det rev fr sr sens reps
    ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss mo mont
    neb nev okla ore pa penn tenn tex va vt wash wis wisc wyo
    km kg mg cm mm ml oz lb lbs ft yd mi mph sq hr hrs min mins sec secs
    al etc cf ca viz ibid op cit seq ed eds trans approx incl excl est max avg tel ext
    ave blvd rd hwy fwy pkwy rte sq st mt ft pt
    """.split()
)

#: the built-in list: the segmenter's and the ones above
ABBREVIATIONS = SEGMENTER_ABBREVIATIONS | NEWS_ABBREVIATIONS


def abbreviation_set(extra: Iterable[str] = ()) -> frozenset[str]:
    """The built-in list plus a newsroom's own (``extra``, with or without their full stops)."""
    added = {str(word).strip().rstrip(".").lower() for word in extra}
    added.discard("")
    return ABBREVIATIONS | added if added else ABBREVIATIONS


def is_abbreviation(token: str, known: frozenset[str]) -> bool:
    """Whether ``token`` (the letters before a full stop) is an abbreviation or an initial.

    A single letter is an initial ("J. Smith"); a token with a full stop inside is an
    initialism or a Latin abbreviation ("U.S", "e.g", "p.m").
    """
    return len(token) == 1 or "." in token or token.lower() in known
