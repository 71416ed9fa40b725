"""Words whose full stop does not end a sentence, for the mechanics rules.

The segmenter's list (``newslint.segment.ABBREVIATIONS``) is the base; news copy adds company
suffixes, US state abbreviations, units and a few Latin ones that sit in the middle of a sentence
("Warner Bros. said", "Portland, Ore. and", "300 km. from", "et al. found").

Most abbreviations are written with a capital ("Gen.", "Sat.", "Mar.", "Ore."), and the same
letters in lower case are ordinary words: "he sat. down" is a stray full stop, "Sat. night" is
not. So only the abbreviations that are written in lower case ("approx.", "etc.", "vs.", "km.")
count in any case; the others count only with their capital.
"""

from __future__ import annotations

from typing import Iterable, NamedTuple

from newslint.segment import ABBREVIATIONS as SEGMENTER_ABBREVIATIONS

#: abbreviations written in lower case: they count however they are written
ANY_CASE = frozenset(
    """
    no nos vs v etc al approx est fig figs vol vols ch pp cf ca viz ibid op cit seq ed eds trans incl excl
    max min avg tel ext esp misc
    km kg mg cm mm ml oz lb lbs ft yd mi mph sq hr hrs mins sec secs
    """.split()
)
#: news abbreviations the segmenter does not list (it lists titles, months, days and companies)
NEWS_ABBREVIATIONS = frozenset(
    """
    bros cos assn assoc natl intl govt esq cpl pvt brig sens reps
    ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss mo mont
    neb nev okla ore pa penn tenn tex va vt wash wis wisc wyo
    pkwy fwy rte pt
    """.split()
)


class Abbreviations(NamedTuple):
    """The abbreviations counted in any case, and those counted only with a capital."""

    any_case: frozenset[str]
    capitalised: frozenset[str]


#: the built-in lists
BUILT_IN = Abbreviations(ANY_CASE, (SEGMENTER_ABBREVIATIONS | NEWS_ABBREVIATIONS) - ANY_CASE)


def abbreviation_set(extra: Iterable[str] = ()) -> Abbreviations:
    """The built-in lists plus a newsroom's own (``extra``, with or without their full stops).

    An added abbreviation written with a capital ("Sask") counts only with it; one written in
    lower case ("approx") counts in any case.
    """
    words = [str(word).strip().rstrip(".") for word in extra]
    lower = {w.lower() for w in words if w and not w[0].isupper()}
    upper = {w.lower() for w in words if w and w[0].isupper()}
    if not lower and not upper:
        return BUILT_IN
    return Abbreviations(BUILT_IN.any_case | lower, BUILT_IN.capitalised | upper)


def is_abbreviation(token: str, known: Abbreviations) -> bool:
    """Whether ``token`` (the letters before a full stop) is an abbreviation or an initial.

    A single letter is an initial ("J. Smith"); a token with a full stop inside is an
    initialism or a Latin abbreviation ("U.S", "e.g", "p.m").
    """
    if len(token) == 1 or "." in token:
        return True
    low = token.lower()
    return low in known.any_case or (token[0].isupper() and low in known.capitalised)
