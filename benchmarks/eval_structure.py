"""Measure NL301 (orphan-paragraph) and NL302 (boilerplate) on the development corpus.

    python benchmarks/eval_structure.py [--corpus ../shared/corpus] [--samples 400] [--seed 7]

Prints, for the family:

* the acceptance check on ``examples/spun_sessions_article.txt``;
* false positives per article on ``bbc`` (every finding there counts as false: the articles are
  professionally edited), through the real engine so that the cross-article recurrence check runs,
  with the worst findings listed;
* recall on a labelled set built from *copies* of BBC articles in a temporary folder: a sentence
  of an article from the other category inserted as its own paragraph mid-story (NL301), and a
  boilerplate line appended or prepended (NL302), split into phrasings the pack was written for
  and held-out phrasings it was never tuned on;
* counts per 100 articles on ``horne_buzzfeed`` ``Fake/`` and ``Real/``, with examples;
* the cost per article: through the engine, and each rule's ``check`` (and NL302's
  ``check_run``) over the bbc articles parsed once, one process, best of three passes.

Nothing from the corpus is written into the project: the labelled articles live in a temporary
folder that is removed at the end. Exits 0 with a message when the corpus is absent.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from newslint.config import Settings
from newslint.document import load
from newslint.engine import Input, run
from newslint.plugins import collect_rules, get_plugin_manager
from newslint.rules.structure import Boilerplate, OrphanParagraph

# Boilerplate lines of the kinds the built-in pack was written for (one per pack family).
IN_PACK = [
    "Other reports by the Evening Courier",
    "Click here to read the rest of our coverage",
    "Share this story with your friends",
    "Sign up for our daily newsletter and never miss a story.",
    "Follow us on Twitter for the latest updates",
    "Copyright 2017 Riverside Media Group. All rights reserved.",
    "Advertisement",
    "Read more: Ten ways to save on your energy bill",
    "This article originally appeared on The Morning Ledger.",
    "64% of readers think this story is Fact. Add your two cents.",
    "Sharing is caring!",
    "Subscribe to our YouTube channel for more videos",
    "Continue reading below",
    "Related: Mayor unveils plan for new bypass",
]

# Held out from the pack: written before the pack was tuned and never added to it. The structural
# checks *were* adjusted once after a first measurement on this set (recall 0.77 then), so it is not
# a clean test of the structural checks: HELD_OUT_FRESH is.
HELD_OUT = [
    "Got a news tip? Drop our editors a line at tips@dailyplanet.example",
    "Want stories like this in your inbox every morning? Join 40,000 readers today",
    "Tap the bell icon so you never miss an update",
    "Don't forget to leave your thoughts in the comments section below",
    "Hit the heart button if you enjoyed this piece",
    "Download the Morning Ledger app for iPhone and Android",
    "Support independent reporting: become a member from just $5 a month",
    "Catch the full interview on our podcast, out every Thursday",
    "Lottery Winner Buys Entire Street In His Hometown",
    "Ten Celebrity Chefs Who Quietly Left Television",
    "Why Doctors Are Warning About This Popular Breakfast Habit",
    "More from the Evening Courier >>",
    "Do you agree? Vote in our poll and see what others think",
    "Pass this along to anyone who needs to hear it",
    "Visit www.valleygazette.example for the latest headlines",
    "Check out our sister site for more great stories",
    "Listen live weekday mornings on 98.4 FM",
    "What do you make of this? Let us know on our Facebook page",
    "Reproduction of this article without permission is prohibited.",
    "Trending Now: Local Bakery Wins National Pie Contest",
]

# Written to test the structural checks; they were adjusted once after the first measurement on
# this set too (recall 0.60 then: clause-level imperatives, "please", label lines, pipes, "the
# author"). HELD_OUT_FINAL is the clean test.
HELD_OUT_FRESH = [
    "Enjoyed this? Forward it to a friend",
    "Become a subscriber today and get unlimited access",
    "For breaking news alerts, text NEWS to 55555",
    "Watch the video above for the full press conference",
    "Have your say in the comments",
    "Sponsored by Greenfield Motors",
    "Want to get ahead of the news? Get our morning briefing free",
    "Like this page to see more stories in your feed",
    "Our journalism depends on readers like you. Please consider a contribution.",
    "Tell a friend about the Hillside Herald",
    "We're on Instagram too: @hillsideherald",
    "Editor's picks: Five Walks To Try This Autumn",
    "Man Finds Rare Coin In Garden Shed",
    "The Secret Life Of Urban Foxes Revealed",
    "Scroll down for video",
    "Send us your photos and videos at hillsideherald.example/upload",
    "Print this page",
    "Posted in Local News, Politics | Tagged council, budget",
    "Next story: Bus fares to rise in April",
    "All views expressed are the author's own.",
]

# Written after the last change to the structural checks and measured without any tuning on it.
HELD_OUT_FINAL = [
    "Get the latest headlines sent straight to your phone",
    "Members get early access to our investigations. Join now",
    "Questions about this story? Contact the reporter at jdoe@hillside.example",
    "Source: Hillside Herald wire services",
    "Add us to your Google News favourites",
    "Stay informed: download our free news app",
    "Recommended for you: Seven Places To Eat Near The Station",
    "Council Tax Bills To Rise By Five Per Cent",
    "Give the gift of local news this holiday season",
    "Thanks for reading. If you value this reporting, consider chipping in",
    "Keep up with every twist of the election on our live blog",
    "Join the conversation on our community forum",
    "This content is produced in partnership with Lakeside Bank.",
    "Back to top",
    "Image: Hillside Herald archive",
    "Want more? Browse our weekend supplement",
    "Never miss a match report: turn on notifications",
    "Jobs | Property | Motors | Classifieds",
    "Rate this article: 1 2 3 4 5",
    "Celebrity Couple Announce Surprise Split After Ten Years",
]


def paragraphs_of(text: str) -> tuple[str, list[str]]:
    """A BBC file's title and its blank-line separated paragraphs."""
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return blocks[0], blocks[1:]


def build(title: str, paras: list[str]) -> tuple[str, list[int]]:
    """Article text and the line number of each paragraph."""
    lines = [title, ""]
    where = []
    for p in paras:
        where.append(len(lines) + 1)
        lines += [p, ""]
    return "\n".join(lines), where


def checker(rule):
    def check(path: Path) -> list:
        doc = load(str(path), path.read_bytes())
        return list(rule.check(doc))
    return check


def section(title: str) -> None:
    print(f"\n## {title}\n")


def engine_run(paths: list[Path], select: list[str]):
    rules = collect_rules(get_plugin_manager(autoload=False))
    settings = Settings(select=select)
    return run([Input(str(p)) for p in paths], rules, settings, jobs=2)


def acceptance(corpus: Path) -> None:
    section("Acceptance: examples/spun_sessions_article.txt")
    path = corpus / "examples" / "spun_sessions_article.txt"
    result = engine_run([path], ["NL301", "NL302"])
    got = sorted((f.code, f.start.line) for f in result.findings)
    want = [("NL301", 16), ("NL302", 26)]
    for f in result.findings:
        print(f"  line {f.start.line}: {f.code} {f.message}")
    print(f"  expected {want}: {'OK' if got == want else 'FAIL, got ' + str(got)}")


def bbc_false_positives(corpus: Path, show: int) -> None:
    section("False positives on bbc (896 edited articles), through the engine")
    paths = sorted((corpus / "bbc").glob("*/*.txt"))
    t0 = time.perf_counter()
    result = engine_run(paths, ["NL301", "NL302"])
    elapsed = time.perf_counter() - t0
    n = len(paths)
    by_code = Counter(f.code for f in result.findings)
    for code in ("NL301", "NL302"):
        c = by_code.get(code, 0)
        print(f"  {code}: {c} findings in {n} articles = {c / n:.4f} per article ({c / n * 50:.2f} per 50)")
    total = sum(by_code.values())
    print(f"  family: {total} = {total / n * 50:.2f} per 50 articles (floor: 1 per 50)")
    print(f"  engine wall time {elapsed:.1f} s for {n} files (2 jobs); rule time per article: "
          + ", ".join(f"{code} {result.timings.get(code, 0.0) / n * 1000:.2f} ms" for code in ("NL301", "NL302")))
    print(f"\n  the findings (up to {show}):")
    for f in sorted(result.findings, key=lambda f: (f.code, f.path))[:show]:
        rel = Path(f.path).relative_to(corpus)
        print(f"  - {rel}:{f.start.line} {f.code}: {f.message}")


def rule_cost(corpus: Path) -> None:
    section("Cost per article on bbc: documents parsed once, one process, best of 3 passes")
    from newslint.engine import RunContext

    paths = sorted((corpus / "bbc").glob("*/*.txt"))
    docs = [load(str(p), p.read_bytes()) for p in paths]
    orphans, boilerplate = OrphanParagraph(), Boilerplate()
    best = [float("inf")] * 3
    for _ in range(3):
        spent = [0.0, 0.0, 0.0]
        for doc in docs:
            t0 = time.perf_counter()
            list(orphans.check(doc))
            t1 = time.perf_counter()
            list(boilerplate.check(doc))
            spent[0] += t1 - t0
            spent[1] += time.perf_counter() - t1
        t0 = time.perf_counter()
        list(boilerplate.check_run(docs, RunContext(Settings(), docs)))
        spent[2] = time.perf_counter() - t0
        best = [min(b, s) for b, s in zip(best, spent)]
    n = len(docs)
    print(f"  NL301 check {best[0] / n * 1000:.3f} ms, NL302 check {best[1] / n * 1000:.3f} ms, "
          f"NL302 check_run {best[2] / n * 1000:.3f} ms; family {sum(best) / n * 1000:.3f} ms (budget 0.6)")


def orphan_recall(corpus: Path, tmp: Path, samples: int, rng: random.Random, show: int) -> None:
    section(f"NL301 recall: a sentence from the other category inserted mid-story ({samples} articles)")
    cats = {c: sorted((corpus / "bbc" / c).glob("*.txt")) for c in ("business", "entertainment")}
    rule = OrphanParagraph()
    check = checker(rule)
    hits = 0
    extra = 0
    done = 0
    by_opening: Counter = Counter()
    by_opening_hit: Counter = Counter()
    misses = []
    attempts = 0
    while done < samples and attempts < samples * 5:
        attempts += 1
        cat = rng.choice(list(cats))
        other = "entertainment" if cat == "business" else "business"
        host = rng.choice(cats[cat])
        title, paras = paragraphs_of(host.read_text(encoding="utf-8"))
        if len(paras) < 2:
            continue
        donor = rng.choice(cats[other])
        ddoc = load(str(donor), donor.read_bytes())
        sentences = [" ".join(ddoc.text[s.start:s.end].split()) for s in ddoc.sentences()]
        sentences = [s for s in sentences if 8 <= len(s.split()) <= 35]
        if not sentences:
            continue
        sentence = rng.choice(sentences)
        k = rng.randint(0, len(paras) - 2)  # after paragraph k, before paragraph k + 1
        new = paras[:k + 1] + [sentence] + paras[k + 1:]
        text, where = build(title, new)
        path = tmp / f"orphan_{done:04d}.txt"
        path.write_text(text, encoding="utf-8")
        target = where[k + 1]
        findings = check(path)
        lines = {f.start.line for f in findings}
        from newslint.rules.analysis.cohesion import tie_back

        kind = "ties back" if tie_back(sentence) else "plain"
        by_opening[kind] += 1
        if target in lines:
            hits += 1
            by_opening_hit[kind] += 1
        else:
            misses.append(sentence)
        extra += len(lines - {target})
        done += 1
    print(f"  recall {hits}/{done} = {hits / max(1, done):.3f} (floor 0.7)")
    for kind in sorted(by_opening):
        print(f"    inserted sentence {kind}: {by_opening_hit[kind]}/{by_opening[kind]}"
              f" = {by_opening_hit[kind] / by_opening[kind]:.3f}")
    print(f"  other paragraphs flagged in the same articles: {extra}")
    print("  a few misses:")
    for s in misses[:show]:
        print(f"    - {s[:110]}")


def boilerplate_recall(corpus: Path, tmp: Path, samples: int, rng: random.Random, show: int) -> None:
    section(f"NL302 recall: a boilerplate line appended or prepended ({samples} articles per set)")
    paths = sorted((corpus / "bbc").glob("*/*.txt"))
    rule = Boilerplate({"min-articles": 0})
    check = checker(rule)
    for name, lines in (("in-pack phrasings", IN_PACK), ("held-out phrasings", HELD_OUT),
                        ("fresh held-out phrasings", HELD_OUT_FRESH), ("final held-out phrasings", HELD_OUT_FINAL)):
        hits = 0
        total = 0
        per_line: Counter = Counter()
        per_line_hit: Counter = Counter()
        for i in range(samples):
            host = rng.choice(paths)
            title, paras = paragraphs_of(host.read_text(encoding="utf-8"))
            line = lines[i % len(lines)]
            append = i % 2 == 0
            new = paras + [line] if append else [line] + paras
            text, where = build(title, new)
            path = tmp / f"boiler_{i:04d}.txt"
            path.write_text(text, encoding="utf-8")
            target = where[-1] if append else where[0]
            got = {f.start.line for f in check(path)}
            total += 1
            per_line[(line, append)] += 1
            if target in got:
                hits += 1
                per_line_hit[(line, append)] += 1
        print(f"  {name}: recall {hits}/{total} = {hits / total:.3f} (floor 0.9)")
        missed = [(k, per_line[k] - per_line_hit[k]) for k in per_line if per_line_hit[k] < per_line[k]]
        for (line, append), m in sorted(missed, key=lambda x: -x[1])[:show]:
            print(f"    missed {m}/{per_line[(line, append)]} {'appended' if append else 'prepended'}: {line}")


def horne(corpus: Path, show: int) -> None:
    section("horne_buzzfeed: findings per 100 articles")
    root = corpus / "horne_buzzfeed"
    for label in ("Fake", "Real"):
        paths = sorted((root / label).glob("*.txt"))
        result = engine_run(paths, ["NL301", "NL302"])
        by_code = Counter(f.code for f in result.findings)
        n = len(paths)
        print(f"  {label} ({n} articles): " + ", ".join(
            f"{code} {by_code.get(code, 0)} ({by_code.get(code, 0) / n * 100:.1f} per 100)" for code in ("NL301", "NL302")))
        for f in result.findings[:show]:
            print(f"    - {Path(f.path).name}:{f.start.line} {f.code}: {f.message[:160]}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=str(Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"))
    parser.add_argument("--samples", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show", type=int, default=12)
    args = parser.parse_args(argv)
    corpus = Path(args.corpus)
    if not (corpus / "bbc").is_dir():
        print(f"corpus not found at {corpus}: nothing to measure")
        return 0
    rng = random.Random(args.seed)
    acceptance(corpus)
    bbc_false_positives(corpus, args.show)
    rule_cost(corpus)
    tmp = Path(tempfile.mkdtemp(prefix="newslint-structure-"))
    try:
        orphan_recall(corpus, tmp, args.samples, rng, args.show)
        boilerplate_recall(corpus, tmp, args.samples, rng, args.show)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if (corpus / "horne_buzzfeed").is_dir():
        horne(corpus, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
