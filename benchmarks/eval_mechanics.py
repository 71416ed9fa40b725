"""Measure the NL5xx mechanics rules on the development corpus.

    python benchmarks/eval_mechanics.py [--corpus ../shared/corpus] [--samples 300] [--seed 11]
                                        [--list-unjudged] [--show 8]

Prints:

* the acceptance check: ``examples/spun_sessions_article.txt`` gets exactly one NL5xx finding, on
  line 22 ("social media. gives him");
* findings on the untouched articles of every corpus folder, per rule and per article, for the
  tuning half (even file numbers) and the report half (odd), and the verdicts read for them in
  ``benchmarks/judged/mechanics.tsv``: judged precision per rule, false warnings per article (a
  finding judged false, or not judged at all) and the findings not yet judged
  (``--list-unjudged`` lists them to be read);
* recall on a labelled set: copies of articles with one slip each put in by the generator below,
  per kind of slip and per half;
* the cost: the family's time per article as a ratio to the other default rules' time in the same
  run, and the time one 1 MB article of adversarial punctuation takes.

Halves and verdicts are the project's (``benchmarks/precision.py``): file numbers as it gives
them, with ``onestopenglish``'s elementary and intermediate texts taking the number of the
advanced text they were rewritten from; verdicts matched by path, code and the key of the flagged
text. ``bbc`` and ``onestopenglish`` are edited copy: the floor of at most 0.01 false warnings per
article applies to them.

Nothing from the corpus is written into the project: the labelled copies live in a temporary
folder that is removed at the end. Exits 0 with a message when the corpus is absent.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable, NamedTuple

from newslint.config import Settings
from newslint.engine import Input, run
from newslint.plugins import collect_rules, get_plugin_manager

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import precision  # noqa: E402  (the project's halves, finding keys and verdict files)
JUDGED = HERE / "judged" / "mechanics.tsv"
FOLDERS = {
    "bbc": ("business/*.txt", "entertainment/*.txt"),
    "fnc": ("*.txt",),
    "horne_buzzfeed": ("Fake/*.txt", "Real/*.txt"),
    "onestopenglish": ("ele/*.txt", "int/*.txt", "adv/*.txt"),
    "clough_stevenson": ("*.txt",),
}
EDITED = ("bbc", "onestopenglish")
NUMBERED = ("bbc", "fnc", "horne_buzzfeed")
SESSIONS_LINE = 22


def family_codes() -> list[str]:
    return [code for code in collect_rules(get_plugin_manager(autoload=False)) if code.startswith("NL5")]


def engine_run(paths: list[Path], select: list[str], ignore: list[str] | None = None, jobs: int = 2):
    rules = collect_rules(get_plugin_manager(autoload=False))
    return run([Input(str(p)) for p in paths], rules, Settings(select=select, ignore=ignore or []), jobs=jobs)


def section(title: str) -> None:
    print(f"\n## {title}\n")


# --- the corpus and its halves ----------------------------------------------------------------

class Article(NamedTuple):
    folder: str
    path: Path
    rel: str  # the path relative to the corpus, as the judged file names it
    half: str  # "tune" (even file number) or "report" (odd)


def corpus_articles(corpus: Path) -> list[Article]:
    """Every article of every folder with its half, numbered as ``benchmarks/precision.py`` numbers
    them; ``onestopenglish``'s three levels of a text take the number of its advanced level."""
    out = []
    for folder, patterns in FOLDERS.items():
        root = corpus / folder
        if not root.is_dir():
            continue
        numbers = {Path(rel).stem: number for rel, number in precision.numbered_articles(corpus, folder)}
        for p in sorted(p for pattern in patterns for p in root.glob(pattern)):
            if p.stem not in numbers:
                continue
            out.append(Article(folder, p, p.relative_to(corpus).as_posix(),
                               "tune" if numbers[p.stem] % 2 == 0 else "report"))
    return out


# --- verdicts ---------------------------------------------------------------------------------

def judge(findings: list[tuple], corpus: Path) -> tuple[list[tuple[tuple, str]], int]:
    """Each finding (rel, line, column, code, message, key) with its verdict from
    ``benchmarks/judged/mechanics.tsv`` ("unjudged" when none), and the number of verdicts no
    finding matches any more (a rule changed since they were read)."""
    verdicts = precision.read_judged(JUDGED) if JUDGED.is_file() else {}
    out = [(f, verdicts[(f[0], f[3], f[5])].verdict if (f[0], f[3], f[5]) in verdicts else "unjudged")
           for f in sorted(findings)]
    matched = {(f[0], f[3], f[5]) for f in findings}
    return out, sum(1 for key in verdicts if key not in matched)


def keyed(result, rel_of: dict[str, str]) -> list[tuple]:
    """The NL5xx findings of an engine run as (rel, line, column, code, message, key): the key of
    ``benchmarks/precision.py``, so that a verdict follows its finding when lines move."""
    out = []
    for file in result.files:
        mine = [f for f in file.findings if f.code.startswith("NL5")]
        if not mine:
            continue
        text = Path(file.path).read_bytes().decode("utf-8")
        for f in mine:
            key = precision.finding_key(f.code, text[f.start.offset:f.end.offset])
            out.append((rel_of[file.path], f.start.line, f.start.column, f.code, f.message, key))
    return out


# --- acceptance -------------------------------------------------------------------------------

def acceptance(corpus: Path) -> bool:
    section("Acceptance: examples/spun_sessions_article.txt")
    path = corpus / "examples" / "spun_sessions_article.txt"
    result = engine_run([path], ["NL5"], jobs=1)
    got = [(f.code, f.start.line) for f in result.findings]
    for f in result.findings:
        print(f"  line {f.start.line}: {f.code} {f.message}")
    ok = len(got) == 1 and got[0][1] == SESSIONS_LINE
    print(f"  expected exactly one NL5xx finding, on line {SESSIONS_LINE}: {'OK' if ok else 'FAIL, got ' + str(got)}")
    return ok


# --- findings on the untouched corpus -----------------------------------------------------------

def untouched(corpus: Path, articles: list[Article], codes: list[str], tmp: Path, list_unjudged: bool) -> dict:
    section("Findings on the untouched corpus (all NL5xx rules, through the engine)")
    result = engine_run([a.path for a in articles], ["NL5"])
    findings = keyed(result, {str(a.path): a.rel for a in articles})
    # NL508 reads Markdown only: it is measured on Markdown copies of the same articles
    copies = {}
    for a in articles:
        copy = tmp / "markdown" / (a.rel[:-4] + ".md")
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(a.path.read_bytes())
        copies[str(copy)] = a.rel
    md = engine_run([Path(p) for p in copies], ["NL508"])
    findings += keyed(md, copies)
    judged, stale = judge(findings, corpus)
    half_of = {a.rel: a.half for a in articles}
    folder_of = {a.rel: a.folder for a in articles}
    articles_in = Counter((a.folder, a.half) for a in articles)

    print("  findings per article, by folder and half (tune = even file numbers, report = odd); false =")
    print("  judged false, unread = not judged yet; the floor for edited copy (bbc, onestopenglish) is 0.01")
    print("  false warnings per article, counting the unread ones as false\n")
    print(f"  {'folder':17s} {'half':7s} {'articles':>8s} {'findings':>8s} {'per art.':>8s} {'false':>6s} "
          f"{'unread':>6s} {'false/art.':>10s}  by rule")
    for folder in FOLDERS:
        for half in ("tune", "report", "both"):
            n = sum(articles_in[(folder, h)] for h in (("tune", "report") if half == "both" else (half,)))
            if not n:
                continue
            rows = [(f, v) for f, v in judged if folder_of[f[0]] == folder and (half == "both" or half_of[f[0]] == half)]
            false = sum(1 for _, v in rows if v == "false")
            unread = sum(1 for _, v in rows if v == "unjudged")
            by_rule = Counter(f[3] for f, _ in rows)
            print(f"  {folder:17s} {half:7s} {n:8d} {len(rows):8d} {len(rows) / n:8.3f} {false:6d} {unread:6d} "
                  f"{false / n:10.4f}  " + " ".join(f"{c}:{by_rule[c]}" for c in codes if by_rule[c]))
    edited_n = sum(v for (folder, _), v in articles_in.items() if folder in EDITED)
    edited_false = sum(1 for f, v in judged if folder_of[f[0]] in EDITED and v in ("false", "unjudged"))
    rate = edited_false / max(1, edited_n)
    print(f"\n  edited copy: {edited_false} false warnings in {edited_n} articles = {rate:.4f} per article "
          f"(floor 0.01): {'OK' if rate <= 0.01 else 'OVER'}")
    for folder in ("fnc", "horne_buzzfeed"):
        n = sum(v for (f, _), v in articles_in.items() if f == folder)
        count = sum(1 for f, _ in judged if folder_of[f[0]] == folder)
        print(f"  {folder}: {count} findings in {n} articles = {count / max(1, n):.3f} per article")

    print("\n  judged precision per rule: true / all judged (arguable counts against); lenient: (true + arguable) / all")
    print(f"  {'rule':6s} {'half':7s} {'findings':>8s} {'true':>5s} {'arguable':>8s} {'false':>5s} {'unjudged':>8s} "
          f"{'precision':>9s} {'lenient':>8s}")
    for code in codes:
        for half in ("tune", "report", "both"):
            rows = [v for f, v in judged if f[3] == code and (half == "both" or half_of[f[0]] == half)]
            c = Counter(rows)
            judged_n = c["true"] + c["arguable"] + c["false"]
            precision = f"{c['true'] / judged_n:.3f}" if judged_n else "-"
            lenient = f"{(c['true'] + c['arguable']) / judged_n:.3f}" if judged_n else "-"
            print(f"  {code:6s} {half:7s} {len(rows):8d} {c['true']:5d} {c['arguable']:8d} {c['false']:5d} "
                  f"{c['unjudged']:8d} {precision:>9s} {lenient:>8s}")
    rules = collect_rules(get_plugin_manager(autoload=False))
    print("\n  default severity: warning only where the report half's precision is at least 0.8")
    for code in codes:
        c = Counter(v for f, v in judged if f[3] == code and half_of[f[0]] == "report")
        judged_n = c["true"] + c["arguable"] + c["false"]
        precision = c["true"] / judged_n if judged_n else 0.0
        severity = rules[code].severity.value
        agrees = (severity == "warning") == (precision >= 0.8)
        print(f"  {code} {rules[code].name:26s} report-half precision {precision:.3f}: {severity}"
              f"{'' if agrees else '  (DOES NOT FOLLOW FROM THE PRECISION)'}")
    unjudged = [f for f, v in judged if v == "unjudged"]
    print(f"\n  unjudged findings: {len(unjudged)} (by rule: "
          + ", ".join(f"{c} {n}" for c, n in sorted(Counter(f[3] for f in unjudged).items())) + ")")
    print(f"  verdicts that match no finding any more (read before a rule changed): {stale}")
    if list_unjudged:
        for rel, line, column, code, message, key in unjudged:
            print(f"  - {rel}:{line}:{column} {code} {key} [{half_of[rel]}] {message}")
    return {"findings": findings}


# --- the labelled set ---------------------------------------------------------------------------

class Slip(NamedTuple):
    """One kind of slip: the rule that should find it and how to put it into a paragraph."""

    name: str
    code: str
    make: Callable[[str, random.Random], "tuple[str, int] | None"]  # paragraph -> (new paragraph, offset)
    suffix: str = ".txt"


def _spot(pattern: str) -> Callable[[str, random.Random], list[re.Match]]:
    compiled = re.compile(pattern)
    return lambda text, rng: list(compiled.finditer(text))


def insert_at(pattern: str, replacement: Callable[[re.Match], str]):
    """A slip made by replacing one random match of ``pattern`` with ``replacement(match)``."""
    spots = _spot(pattern)

    def make(paragraph: str, rng: random.Random):
        found = spots(paragraph, rng)
        if not found:
            return None
        m = rng.choice(found)
        return paragraph[:m.start()] + replacement(m) + paragraph[m.end():], m.start()
    return make


_LOWER_WORD_GAP = r"(?<![\w.'\u2019-])([a-z]{3,}) (?=[a-z]{2,}\b)"
# what the stray full stop would turn into an abbreviation anyway ("etc. the", "approx. five")
_ABBREVIATION_SPELLINGS = frozenset("etc est approx incl excl misc esp max min avg ext tel seq cit ibid viz".split())


def stray_full_stop(paragraph: str, rng: random.Random):
    found = [m for m in re.finditer(_LOWER_WORD_GAP, paragraph) if m.group(1) not in _ABBREVIATION_SPELLINGS]
    if not found:
        return None
    m = rng.choice(found)
    return paragraph[:m.end(1)] + "." + paragraph[m.end(1):], m.end(1)


def doubled_word(paragraph: str, rng: random.Random):
    found = list(re.finditer(r"(?<![\w'\u2019-])[a-z]+(?![\w'\u2019-])", paragraph))
    if not found:
        return None
    m = rng.choice(found)
    return paragraph[:m.end()] + " " + m.group() + paragraph[m.end():], m.end() + 1


def remove_quote(which: str):
    """Remove the opening or the closing mark of one quotation that opens and closes in the paragraph."""
    def make(paragraph: str, rng: random.Random):
        pairs = []
        for m in re.finditer(r"\u201c([^\u201c\u201d]{3,}?)\u201d|(?<![\w\d])\"([^\"]{3,}?)\"(?!\w)", paragraph):
            pairs.append(m)
        if not pairs:
            return None
        m = rng.choice(pairs)
        if which == "closing":
            if paragraph[m.end():].lstrip()[:1] in ("\u201c", '"'):
                return None  # the next quotation may carry it on: not a slip anyone could see
            return paragraph[:m.end() - 1] + paragraph[m.end():], m.start()
        return paragraph[:m.start()] + paragraph[m.start() + 1:], m.end() - 2
    return make


def remove_bracket(which: str):
    def make(paragraph: str, rng: random.Random):
        pairs = list(re.finditer(r"\(([^()]{2,})\)", paragraph))
        if not pairs:
            return None
        m = rng.choice(pairs)
        if which == "closing":
            return paragraph[:m.end() - 1] + paragraph[m.end():], m.start()
        return paragraph[:m.start()] + paragraph[m.start() + 1:], m.end() - 2
    return make


def swap_article(paragraph: str, rng: random.Random):
    found = list(re.finditer(r"(?<![\w'\u2019.-])(an?|An?) (?=[a-z][a-z]+\b)", paragraph))
    if not found:
        return None
    m = rng.choice(found)
    article = m.group(1)
    swapped = {"a": "an", "an": "a", "A": "An", "An": "A"}[article]
    return paragraph[:m.start(1)] + swapped + paragraph[m.end(1):], m.start(1)


_APOSTROPHE = r"(?<=[a-z])['\u2019](?=[a-z])"

SLIPS = [
    Slip("stray full stop in a sentence", "NL501", stray_full_stop),
    Slip("doubled lower-case word", "NL502", doubled_word),
    Slip("no space after a full stop", "NL503",
         insert_at(r"(?<=[a-z]{2})\. (?=[A-Z][a-z])", lambda m: ".")),
    Slip("no space after a comma", "NL503", insert_at(r"(?<=[a-z]{2}), (?=[a-z]{2})", lambda m: ",")),
    Slip("closing quotation mark dropped", "NL504", remove_quote("closing")),
    Slip("opening quotation mark dropped", "NL504", remove_quote("opening")),
    Slip("closing bracket dropped", "NL505", remove_bracket("closing")),
    Slip("opening bracket dropped", "NL505", remove_bracket("opening")),
    Slip("space before a comma", "NL506", insert_at(r"(?<=[a-z]),(?= )", lambda m: " ,")),
    Slip("space before a full stop", "NL506", insert_at(r"(?<=[a-z])\.(?= [A-Z])", lambda m: " .")),
    Slip("doubled comma", "NL507", insert_at(r"(?<=[a-z]),(?= )", lambda m: ",,")),
    Slip("doubled full stop", "NL507", insert_at(r"(?<=[a-z])\.(?= [A-Z])", lambda m: "..")),
    Slip("two spaces between words (Markdown)", "NL508",
         insert_at(r"(?<=[a-z]) (?=[a-z])", lambda m: "  "), ".md"),
    Slip("a for an, an for a", "NL509", swap_article),
    Slip("apostrophe garbled (UTF-8 read as Windows-1252)", "NL510",
         insert_at(_APOSTROPHE, lambda m: "\u00e2\u20ac\u2122")),
    Slip("apostrophe garbled (Windows-1252 read as Latin-1)", "NL510",
         insert_at(_APOSTROPHE, lambda m: "\u0092")),
]


def labelled_recall(articles: list[Article], tmp: Path, samples: int, rng: random.Random, show: int,
                    untouched_findings: list) -> None:
    section(f"Recall on the labelled set: one slip per copy, {samples} copies per kind of slip")
    hosts = [a for a in articles if a.folder in EDITED]
    already = {(f[0], f[1], f[3]) for f in untouched_findings}
    cases = []  # (slip, half, copy path, expected line, host rel)
    for slip in SLIPS:
        made = 0
        attempts = 0
        while made < samples and attempts < samples * 20:
            attempts += 1
            half = "tune" if made % 2 == 0 else "report"
            host = rng.choice([a for a in hosts if a.half == half])
            text = host.path.read_text(encoding="utf-8")
            paragraphs = [m for m in re.finditer(r"[^\n]+", text)]
            if len(paragraphs) < 2:
                continue
            para = rng.choice(paragraphs[1:])  # not the headline
            edit = slip.make(para.group(), rng)
            if edit is None:
                continue
            new_paragraph, offset = edit
            line = text.count("\n", 0, para.start()) + 1
            if (host.rel, line, slip.code) in already:
                continue  # the host already has this rule's finding there: the slip could not be told apart
            new_text = text[:para.start()] + new_paragraph + text[para.end():]
            copy = tmp / "labelled" / f"{slip.code}_{len(cases):05d}{slip.suffix}"
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(new_text, encoding="utf-8")
            cases.append((slip, half, copy, line, host.rel))
            made += 1
    result = engine_run([c[2] for c in cases], ["NL5"])
    found = defaultdict(set)
    for f in result.findings:
        found[f.path].add((f.code, f.start.line))
    print(f"  {'slip':52s} {'rule':6s} {'tune':>13s} {'report':>13s} {'both':>13s}")
    for slip in SLIPS:
        row = []
        misses = []
        for half in ("tune", "report", None):
            mine = [c for c in cases if c[0] is slip and (half is None or c[1] == half)]
            hits = [c for c in mine if (slip.code, c[3]) in found[str(c[2])]]
            row.append(f"{len(hits)}/{len(mine)} {len(hits) / max(1, len(mine)):.2f}")
            if half is None:
                misses = [c for c in mine if (slip.code, c[3]) not in found[str(c[2])]]
        recall = float(row[2].split()[1])
        print(f"  {slip.name:52s} {slip.code:6s} {row[0]:>13s} {row[1]:>13s} {row[2]:>13s}"
              f"{'' if recall >= 0.9 else '  (below the 0.9 floor)'}")
        for c in misses[:show]:
            text = c[2].read_text(encoding="utf-8").splitlines()[c[3] - 1]
            print(f"      missed in a copy of {c[4]} line {c[3]}: {text[:150]}")


# --- cost -----------------------------------------------------------------------------------------

def cost(articles: list[Article], repeats: int = 7) -> None:
    section("Cost: the family against the other default rules, same runs")
    sample = [a.path for a in articles if a.folder in ("bbc", "fnc")][::4]
    n = len(sample)
    ratios, family_ms, others_ms = [], [], []
    cpu: dict[str, list[float]] = {"none": [], "default": [], "with": []}
    for _ in range(repeats):
        # processor time of whole runs, interleaved: no rule, the default rules, the default rules
        # and the family; processor time is not inflated by other programs on the machine
        for key, select, ignore in (("none", ["NL0"], []), ("default", ["NL"], ["NL5"]), ("with", ["NL"], [])):
            t0 = time.process_time()
            result = engine_run(sample, select, ignore, jobs=1)
            cpu[key].append(time.process_time() - t0)
            if key == "with":  # the rules' own clocks in the same run
                family = sum(t for code, t in result.timings.items() if code.startswith("NL5"))
                others = sum(t for code, t in result.timings.items() if not code.startswith("NL5"))
                ratios.append(family / others)
                family_ms.append(family / n * 1000)
                others_ms.append(others / n * 1000)
    med = {key: statistics.median(values) / n * 1000 for key, values in cpu.items()}
    print(f"  {n} articles of bbc and fnc, one process, {repeats} runs of each, medians:")
    print(f"  the rules' own clocks: the family {statistics.median(family_ms):.3f} ms per article, the other default "
          f"rules {statistics.median(others_ms):.3f} ms: ratio {statistics.median(ratios):.3f} "
          f"(runs: {', '.join(f'{r:.3f}' for r in ratios)}; floor: at most 0.10)")
    family = med["with"] - med["default"]
    rules = med["default"] - med["none"]
    print(f"  processor time per article: loading and segmenting {med['none']:.2f} ms, the default rules "
          f"{rules:.2f} ms more, the family {family:.2f} ms more: the family adds {family / rules:.1%} to the "
          f"default rules' time, {family / med['default']:.1%} to the whole check")


def adversarial(tmp: Path) -> None:
    section("Adversarial punctuation, quotes and brackets: 0.25 MB and 1 MB articles (all NL5xx rules)")
    pieces = ['"""', "((((", "]]]]", ". . ", "..", ",,", " ,", " .", "\u201c\u201c", "\u201d", "'", "\u2019",
              "a.a.a.", "the the ", "a a ", "U.S.A.", "x=y", "www.", "@@", "##", "\u00e2\u20ac", "\u0092",
              "  ", "e.g. the ", "(", ")", "Mr. de ", "an ", "a ", "word.Word ", "\n", "\n\n", "http://"]
    rng = random.Random(3)
    parts, size = [], 0
    while size < 1_000_000:
        piece = rng.choice(pieces) * rng.randint(1, 40)
        parts.append(piece)
        size += len(piece)
    text = "".join(parts)
    for suffix in (".md", ".txt"):
        times = []
        for length in (250_000, 1_000_000):
            path = tmp / f"adversarial_{length}{suffix}"
            path.write_text(text[:length], encoding="utf-8")
            t0 = time.perf_counter()
            result = engine_run([path], ["NL5"], jobs=1)
            times.append(time.perf_counter() - t0)
            errors = result.errors + [e for file in result.files for e in file.errors]
            print(f"  {suffix} {length / 1e6:.2f} MB: {times[-1]:.2f} s, {len(result.findings)} findings, "
                  f"{len(errors)} errors (loading and segmenting included)")
        print(f"  {suffix}: four times the text takes {times[1] / times[0]:.1f} times as long (4 would be linear)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=str(HERE.parent / ".." / "shared" / "corpus"))
    parser.add_argument("--samples", type=int, default=300, help="copies per kind of slip")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--show", type=int, default=3, help="misses shown per kind of slip")
    parser.add_argument("--list-unjudged", action="store_true", help="list the findings not yet judged")
    parser.add_argument("--skip-cost", action="store_true")
    args = parser.parse_args(argv)
    corpus = Path(args.corpus)
    if not (corpus / "bbc").is_dir():
        print(f"corpus not found at {corpus}: nothing to measure")
        return 0
    codes = family_codes()
    articles = corpus_articles(corpus)
    tmp = Path(tempfile.mkdtemp(prefix="newslint-mechanics-"))
    try:
        if (corpus / "examples" / "spun_sessions_article.txt").is_file():
            acceptance(corpus)
        measured = untouched(corpus, articles, codes, tmp, args.list_unjudged)
        labelled_recall(articles, tmp, args.samples, random.Random(args.seed), args.show, measured["findings"])
        if not args.skip_cost:
            cost(articles)
            adversarial(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
