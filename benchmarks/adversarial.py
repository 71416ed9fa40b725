"""Adversarial input: how the loader and each rule family's time grows from 1x to 8x the input.

    python benchmarks/adversarial.py [--family loader,NL1,...] [--case NAME,...] [--scale N] [--repeat N]
                                     [--sizes 1,2,4,8] [--timeout SECONDS]

Each case is a generator of hostile articles (repeated punctuation, markup openers, long tables,
many names, long sentences...) whose size grows with its argument. For every case and family the
script prints the median CPU time of ``--repeat`` runs at 1x, 2x, 4x and 8x the case's base size, and
the ratio of 8x to 1x (8 is linear; the property test in ``tests/test_adversarial.py`` allows 16).
The rules run in this process on the article as the engine gives it to them (``newslint.engine.run``
with one input and ``--jobs 1``), so start-up is not counted. ``--one-megabyte`` instead checks one
article of about 1 MB of each case with every default rule and prints its time. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Callable, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

FAMILIES = ("loader", "NL1", "NL2", "NL3", "NL4", "NL5")

_WORDS = ("council harbour ferry bridge storm road school budget mayor crews night river mill depot island "
          "station market garden vote plan money week year town police court report staff").split()
_NAMES = ("Haldane Okonkwo Brennan Castellano Duvall Ferreira Gallagher Hendricks Ivanova Jablonski Kowalczyk "
          "Lindqvist Marchetti Nakamura Oyelaran Petrakis Quintero Rasmussen Sokolova Thibodeaux").split()


class Case(NamedTuple):
    """A family of hostile articles: ``make(n)`` is an article of about ``n`` units of ``unit``."""

    name: str
    suffix: str
    base: int
    make: Callable[[int], str]


def _repeat(opener: str) -> Callable[[int], str]:
    return lambda n: "# Markup\n\nThe council met on Monday " + opener * n + " and voted.\n"


def _prose(n: int, seed: int = 1) -> str:
    """``n`` paragraphs of ordinary-looking sentences from a small vocabulary."""
    rng = random.Random(seed)
    paras = []
    for _ in range(n):
        sentences = [" ".join(rng.choice(_WORDS) for _ in range(rng.randint(6, 18))).capitalize() + "."
                     for _ in range(rng.randint(1, 4))]
        paras.append(" ".join(sentences))
    return "# A long story\n\n" + "\n\n".join(paras) + "\n"


def _names(n: int) -> str:
    rng = random.Random(2)
    people = [f"{rng.choice(_NAMES)}{a}{b}" for a in "aeiou" for b in "nrstl" for _ in range(4)]
    lines = []
    for i in range(n):
        name = people[i % len(people)] + ("" if i % 3 else "e")  # near spellings of each other
        lines.append(f"Mr {name} said the {rng.choice(_WORDS)} would open.")
    return "# Names\n\n" + " ".join(lines) + "\n"


def _places(n: int) -> str:
    rng = random.Random(3)
    chosen = [f"{rng.choice(_NAMES)}{i}ton" for i in range(n)]
    again = chosen[:]
    rng.shuffle(again)
    return (f"# Storm\n\nSchools closed in {', '.join(chosen)} on Monday, the council said.\n\n"
            f"Crews worked through the night.\n\nThe storm had closed schools in {', '.join(again)}.\n")


def _sentences(n: int) -> str:
    rng = random.Random(4)
    body = " ".join(" ".join(rng.choice(_WORDS) for _ in range(12)).capitalize() + "." for _ in range(n))
    return "# Notes\n\n" + body + "\n"


def _paragraphs(n: int) -> str:
    rng = random.Random(5)
    return "# Notes\n\n" + "\n\n".join(" ".join(rng.choice(_WORDS) for _ in range(8)).capitalize() + "."
                                      for _ in range(n)) + "\n"


def _list_items(n: int) -> str:
    rng = random.Random(6)
    return "# List\n\n" + "".join(f"- {' '.join(rng.choice(_WORDS) for _ in range(6))}\n" for _ in range(n))


CASES = [
    Case("backticks", ".md", 1000, lambda n: "# Code\n\nThe council met " + "`" * n + "\n"),
    Case("backtick-runs", ".md", 500, lambda n: "# Code\n\n" + " ".join("`" * (i % 7 + 1) + "a" for i in range(n)) + "\n"),
    Case("table-columns", ".md", 100, lambda n: "# T\n\n|" + "|".join(f"c{i}" for i in range(n)) + "|\n|"
         + "|".join("-" for _ in range(n)) + "|\n|" + "|".join(f"v{i}" for i in range(n)) + "|\n"),
    Case("table-rows", ".md", 2000, lambda n: "# T\n\n| a | b | c |\n|---|---|---|\n"
         + "".join(f"| r{i} | x | y |\n" for i in range(n))),
    Case("comment-openers", ".md", 2000, _repeat("<!--")),
    Case("html-openers", ".md", 2000, _repeat("<a ")),
    Case("image-openers", ".md", 2000, _repeat("![")),
    Case("link-openers", ".md", 2000, _repeat("[")),
    Case("asterisks", ".md", 2000, _repeat("*")),
    Case("underscores", ".md", 2000, _repeat("_")),
    Case("tildes", ".md", 2000, _repeat("~")),
    Case("spaced-asterisks", ".md", 2000, _repeat("* a")),
    Case("full-stops", ".txt", 2500, lambda n: "Dots\n\nThe council met" + "." * n + "then it voted.\n"),
    Case("bangs", ".txt", 2500, lambda n: "Bangs\n\nThe council met" + "!?" * n + "then it voted.\n"),
    Case("full-stops-md", ".md", 2500, lambda n: "# Dots\n\nThe council met" + "." * n + "then it voted.\n"),
    Case("disable-directives", ".txt", 1000, lambda n: "Directives\n\n" + "<!-- newslint-disable\n" * n),
    Case("disable-directives-md", ".md", 1000, lambda n: "# Directives\n\n" + "<!-- newslint-disable\n" * n),
    Case("closed-directives", ".md", 500, lambda n: "# Directives\n\n" + "".join(
        f"<!-- newslint-disable NL{101 + i % 5} -->\nThe council met on day {i}.\n\n" for i in range(n))),
    Case("sentences", ".md", 500, _sentences),
    Case("paragraphs", ".md", 250, _paragraphs),
    Case("list-items", ".md", 500, _list_items),
    Case("names", ".md", 500, _names),
    Case("places", ".md", 20, _places),
    Case("prose", ".md", 100, _prose),
]
BY_NAME = {case.name: case for case in CASES}


def rules_of(family: str) -> dict:
    """The built-in rules of ``family`` (none for the loader)."""
    from newslint.plugins import builtin_rules

    if family == "loader":
        return {}
    if family == "all":
        return dict(builtin_rules())
    return {code: cls for code, cls in builtin_rules().items() if code.startswith(family)}


def check(text: str, suffix: str, rules: dict) -> float:
    """CPU seconds of this process to load ``text`` and check it with ``rules`` as the engine does
    (one file, one job). CPU time, not wall time: on a shared machine a neighbour's burst of work
    stretches the wall time of one run and not another, which the ratio of two runs then shows as
    super-linear cost. The garbage of earlier runs is collected first, so that no run pays for it."""
    from newslint.config import Settings
    from newslint.engine.run import run
    from newslint.engine.inputs import Input

    data = text.encode("utf-8")
    gc.collect()
    t0 = time.process_time()
    run([Input("story" + suffix, data=data)], rules, Settings(), jobs=1)
    return time.process_time() - t0


def median_time(text: str, suffix: str, rules: dict, repeat: int) -> float:
    return statistics.median(check(text, suffix, rules) for _ in range(repeat))


def curve(case: Case, family: str, sizes: list[int], scale: float, repeat: int) -> list[float]:
    rules = rules_of(family)
    return [median_time(case.make(max(1, int(case.base * scale * k))), case.suffix, rules, repeat) for k in sizes]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--family", default=",".join(FAMILIES))
    parser.add_argument("--case", default=",".join(BY_NAME))
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every case's base size")
    parser.add_argument("--sizes", default="1,2,4,8")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one-megabyte", action="store_true",
                        help="check about 1 MB of each case with every default rule instead")
    args = parser.parse_args(argv)
    cases = [BY_NAME[name] for name in args.case.split(",")]
    if args.one_megabyte:
        print(f"{'case':24} {'size':>9} {'seconds':>8}")
        rules = rules_of("all")
        for case in cases:
            n = case.base
            while len(case.make(n).encode()) < 1_000_000:
                n *= 2
            text = case.make(n)
            print(f"{case.name:24} {len(text.encode()):9d} {check(text, case.suffix, rules):8.2f}", flush=True)
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    families = args.family.split(",")
    print(f"{'case':24} {'family':7} " + " ".join(f"{str(k) + 'x':>8}" for k in sizes) + f" {'last/1x':>8}")
    for case in cases:
        for family in families:
            times = curve(case, family, sizes, args.scale, args.repeat)
            ratio = times[-1] / times[0] if times[0] > 0 else float("inf")
            print(f"{case.name:24} {family:7} " + " ".join(f"{t:8.3f}" for t in times) + f" {ratio:8.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
