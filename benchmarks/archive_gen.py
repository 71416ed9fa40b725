"""A generator of distinct, news-like articles for the scale benchmarks and the Dask tests.

    python benchmarks/archive_gen.py OUT_DIR --articles N [--seed S]

Every article is made from its number alone (``article(i, seed)``), so an archive of a million
articles can be rebuilt, or streamed, without being stored. Names, places and figures are drawn
from syllables and large ranges, and no sentence has more than four fixed or common words in a
row between two such rare ones, so two articles seldom share a twelve-word run by chance (100
articles share about a dozen with an archive of 40,000); a known share of them share on
purpose, as a newsroom's archive does:

* every article ends with one of a few outlets' standard footers (boilerplate);
* about one in forty reuses a paragraph of an earlier article (recycled copy);
* about one in two hundred is an earlier article filed again with a new headline (a duplicate).

Articles are plain text (``.txt``) of about 550 words in folders by year and month, a thousand to a
folder. Nothing here comes from a real corpus.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from pathlib import Path

WORDS_TARGET = 550
PER_FOLDER = 1000
RECYCLE_EVERY = 40
DUPLICATE_EVERY = 200

_ONSETS = "b c d f g h j k l m n p r s t v w br cr dr fr gr pr tr bl cl fl gl pl sl st sh ch th".split()
_VOWELS = "a e i o u ai ea ee oa ou ie".split()
_CODAS = " n r l s t m nd rt st ck ll ng ff sh".split(" ")

_ROLES = ["the council leader", "a spokeswoman for the trust", "the head teacher", "a local resident",
          "the chief constable", "the site manager", "a union official", "the project director",
          "the deputy mayor", "a parish councillor", "the hospital's medical director", "a shop owner"]
_BODIES = ["the council", "the health board", "the water company", "the rail operator", "the port authority",
           "the school governors", "the housing association", "the police", "the fire service", "the museum trust"]
_THINGS = ["bridge", "library", "bus route", "care home", "flood barrier", "sports centre", "car park",
           "ferry service", "market hall", "primary school", "cycle lane", "harbour wall", "clinic", "depot"]
_VERBS = ["reopen", "close", "be rebuilt", "be extended", "be sold", "be reviewed", "be moved", "be repaired"]
_TIMES = ["next spring", "by the end of the year", "within six months", "before the summer", "in the autumn",
          "next month", "early next year", "after the election"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_FEELINGS = ["welcomed", "questioned", "criticised", "defended", "praised", "opposed", "backed"]
_NOUNS = ["plan", "decision", "budget", "report", "proposal", "survey", "inquiry", "scheme"]
_OUTLETS = [
    "Send your news and pictures to the {o} newsdesk, which reads every message sent to it.",
    "The {o} is published every weekday and is available from newsagents across the district.",
    "Readers can follow the {o} for live updates on roads, schools and weather in the area.",
    "Copyright {o}. Reproduction of this article without written permission is not allowed.",
]


class _Pools:
    """Names made of syllables, drawn once per seed: tens of thousands of surnames and places, so
    that a sentence carries a rare word every few words."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(seed)

        def word(syllables: int) -> str:
            return "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                           for _ in range(syllables)).capitalize()

        self.first = [word(rng.randint(1, 2)) for _ in range(4000)]
        self.last = [word(rng.randint(2, 3)) for _ in range(100000)]
        self.places = [word(rng.randint(2, 3)) + rng.choice(["", "ton", "ford", "bury", " Green", " Vale"])
                       for _ in range(100000)]
        self.streets = [word(2) for _ in range(50000)]


_POOLS: dict[int, _Pools] = {}


def _pools(seed: int) -> _Pools:
    if seed not in _POOLS:
        _POOLS[seed] = _Pools(seed)
    return _POOLS[seed]


def _sentence(rng: random.Random, p: _Pools, place: str, thing: str) -> str:
    """One sentence of a story. Every stretch of fixed or common words between two rare ones (a
    name, a place, a street, a figure from a large range) is at most four words long, so that two
    articles share a twelve-word run only when the generator makes them share it."""
    r = rng.random

    def c(seq):  # random.choice and randint, without their checks: the generator's hot loop
        return seq[int(r() * len(seq))]

    def n(lo: int, hi: int) -> int:
        return lo + int(r() * (hi - lo + 1))

    person = f"{c(p.first)} {c(p.last)}"
    n_kind = int(r() * 9)
    if n_kind == 0:
        return (f"{person}, {c(_ROLES)} in {c(p.places)}, said {c(p.last)}'s {thing} on {c(p.streets)} Street "
                f"would {c(_VERBS)} {c(_TIMES)}, {c(p.last)} said, {n(1000, 99999)} days after it opened.")
    if n_kind == 1:
        return (f"About {n(1200, 98000)} people signed {c(p.first)} {c(p.last)}'s petition about {c(p.last)}'s "
                f"{c(_NOUNS)}, which {c(p.last)} of {c(_BODIES)} in {c(p.places)} will discuss with {person} in {c(_MONTHS)}.")
    if n_kind == 2:
        return (f"The {thing} in {place} is expected to cost \u00a3{n(2, 950)}.{n(0, 9)}m, "
                f"{n(3, 60)}.{n(0, 9)} per cent more than {c(p.last)} Associates of {c(p.places)} estimated.")
    if n_kind == 3:
        return (f"{person} {c(_FEELINGS)} the {c(_NOUNS)} and said {c(p.places)} had waited "
                f"{n(2, 40)} years for {c(p.last)}'s {c(_THINGS)} on {c(p.streets)} Lane.")
    if n_kind == 4:
        return (f"\u201c{c(p.last)} has listened to {n(1000, 9000)} families in {c(p.places)},\u201d said {person}, "
                f"who has lived on {c(p.streets)} Road since {n(1940, 2020)}.")
    if n_kind == 5:
        return (f"Figures from {c(p.last)} at {c(_BODIES)} in {c(p.places)} show that {n(2, 99)} of {n(1000, 9999)} "
                f"{c(_THINGS)}s inspected by {c(p.last)} failed {c(p.first)} {c(p.last)}'s tests.")
    if n_kind == 6:
        return (f"A meeting at {c(p.streets)} Hall heard that {c(p.places)}'s {c(_THINGS)} "
                f"had closed for {n(2, 52)} weeks after {c(p.last)} found a fault.")
    if n_kind == 7:
        return (f"{c(_BODIES).capitalize()} in {c(p.places)} said {c(p.last)}'s decision on the {c(p.streets)} "
                f"{thing} would follow talks with {person} of {c(p.streets)} Ward.")
    return (f"Traffic on {c(p.streets)} Road in {c(p.places)} was diverted for {n(2, 23)} hours while "
            f"{n(2, 40)} engineers from {c(p.last)} checked {c(p.first)} {c(p.last)}'s {c(_THINGS)}.")


def _body(i: int, seed: int) -> tuple[str, list[str], int]:
    """The headline, the paragraphs and the outlet of article ``i`` (before any sharing)."""
    rng = random.Random(seed * 1_000_003 + i)
    pools = _pools(seed)
    place, thing = rng.choice(pools.places), rng.choice(_THINGS)
    headline = f"{place} {thing} to {rng.choice(_VERBS)} {rng.choice(_TIMES)}".capitalize()
    paragraphs: list[str] = []
    words = 0
    while words < WORDS_TARGET:
        para = " ".join(_sentence(rng, pools, place, thing) for _ in range(rng.randint(1, 3)))
        paragraphs.append(para)
        words += len(para.split())
    return headline, paragraphs, rng.randrange(len(_OUTLETS) * 3)


def article(i: int, seed: int = 1) -> tuple[str, str]:
    """The relative path and the text of article ``i`` of the archive made with ``seed``."""
    headline, paragraphs, outlet = _body(i, seed)
    if i and i % DUPLICATE_EVERY == DUPLICATE_EVERY // 2:
        _, paragraphs, outlet = _body(i - 1 - (i * 7919) % min(i, 5000), seed)
    elif i and i % RECYCLE_EVERY == RECYCLE_EVERY // 2:
        _, earlier, _ = _body(i - 1 - (i * 104729) % min(i, 20000), seed)
        paragraphs.insert(len(paragraphs) // 2, earlier[len(earlier) // 3])
    footer = _OUTLETS[outlet % len(_OUTLETS)].format(o=f"{['Valley', 'County', 'Coast'][outlet // len(_OUTLETS)]} Courier")
    text = headline + "\n\n" + "\n\n".join([*paragraphs, footer]) + "\n"
    folder = i // PER_FOLDER
    return f"{1900 + folder // 12}/{folder % 12 + 1:02d}/story-{i:07d}.txt", text


def write_archive(out: Path, n: int, seed: int = 1, start: int = 0) -> int:
    """Write articles ``start`` to ``n - 1`` under ``out``; returns the bytes written."""
    written = 0
    made: set[str] = set()
    for i in range(start, n):
        rel, text = article(i, seed)
        folder = os.path.dirname(rel)
        if folder not in made:
            os.makedirs(out / folder, exist_ok=True)
            made.add(folder)
        data = text.encode("utf-8")
        with open(out / rel, "wb") as fh:
            fh.write(data)
        written += len(data)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    size = write_archive(args.out, args.articles, args.seed)
    print(f"{args.articles} articles, {size / 1e6:.1f} MB in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
