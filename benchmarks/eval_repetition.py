"""Measure the repetition family (NL101-NL104) on the shared corpus.

    python benchmarks/eval_repetition.py [--corpus ../shared/corpus] [--part quality|recall|speed|cost|archive|all]

* quality: findings per article for each rule on the BBC corpus, and the duplicate pairs NL104 finds;
* recall: a labelled set built from copies of BBC articles in a temporary folder:
  (a) a sentence repeated word for word in a later paragraph, (b) a sentence restated with synonyms
  swapped and clauses reordered, (c) the two sentences of an MSRP paraphrase pair (label 1) in
  different paragraphs, (d) MSRP label-0 pairs inserted the same way as hard negatives, and the
  untouched copies for the false-positive rate;
* speed: the time to lint the BBC corpus with and without NL103/NL104, its growth with 1x, 2x and
  4x as many distinct articles, and the cold-start time of one article against a BBC archive.

The corpus is read by path and never copied into the project; without it the script says so and
exits 0.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newslint.document import load, parse

ROOT = Path(__file__).resolve().parent.parent
FAMILY = ["NL101", "NL102", "NL103", "NL104"]

# A hand-made thesaurus of common news words. The rules do not use it: it only makes test data.
SYNONYMS = {
    "said": "stated", "says": "states", "company": "firm", "firm": "company", "rise": "increase",
    "rose": "climbed", "increase": "rise", "fell": "dropped", "fall": "drop", "big": "large",
    "large": "big", "buy": "purchase", "bought": "acquired", "sell": "offload", "sold": "offloaded",
    "people": "individuals", "help": "assist", "start": "begin", "started": "began", "began": "started",
    "end": "finish", "plan": "proposal", "plans": "proposals", "cut": "reduce", "new": "fresh",
    "chief": "head", "boss": "chief", "report": "study", "show": "reveal", "shows": "reveals",
    "showed": "revealed", "government": "administration", "country": "nation", "nation": "country",
    "profits": "earnings", "profit": "earnings", "sales": "revenues", "shares": "stock",
    "market": "sector", "film": "movie", "movie": "film", "award": "prize", "awards": "prizes",
    "prize": "award", "won": "took", "win": "take", "record": "unprecedented", "many": "numerous",
    "expected": "forecast", "expects": "anticipates", "major": "leading", "leading": "top",
    "top": "leading", "announced": "revealed", "told": "informed", "think": "believe",
    "believe": "think", "also": "additionally", "because": "as", "however": "but",
    "while": "whereas", "about": "around", "around": "about", "nearly": "almost", "almost": "nearly",
    "biggest": "largest", "largest": "biggest", "last": "previous", "deal": "agreement",
    "agreement": "deal", "group": "band", "band": "group", "star": "celebrity", "firms": "companies",
    "companies": "firms", "job": "post", "jobs": "posts", "economy": "economic system",
    "growth": "expansion", "likely": "probable", "quickly": "rapidly", "help": "aid",
}
_PREP_RE = re.compile(r"\s(in|on|at|after|for|with|by|from|during|before)\s", re.IGNORECASE)


# --- building the labelled set -------------------------------------------------------------------

def bbc_articles(corpus: Path) -> list[Path]:
    return sorted(p for p in (corpus / "bbc").rglob("*.txt") if p.name != "README.TXT")


def msrp_pairs(corpus: Path) -> list[tuple[int, str, str]]:
    path = corpus / "msrp" / "msr_paraphrase_train.txt"
    out = []
    with open(path, encoding="utf-8-sig") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) == 5 and row[0] in ("0", "1"):
                out.append((int(row[0]), row[3].strip(), row[4].strip()))
    return out


def restate(sentence: str, rng: random.Random) -> str | None:
    """Swap up to three words for synonyms and move a clause; None when the sentence resists."""
    words = sentence.rstrip(".").split(" ")
    positions = [i for i, w in enumerate(words) if w.lower().strip(",") in SYNONYMS]
    rng.shuffle(positions)
    swapped = 0
    for i in positions[:3]:
        core = words[i].strip(",")
        new = SYNONYMS[core.lower()]
        if core[:1].isupper():
            new = new[:1].upper() + new[1:]
        words[i] = words[i].replace(core, new)
        swapped += 1
    text = " ".join(words)
    reordered = False
    if ", " in text:
        left, right = text.split(", ", 1)
        if len(left.split()) >= 4 and len(right.split()) >= 4:
            text = right[:1].upper() + right[1:] + ", " + _lower_first(left)
            reordered = True
    if not reordered:
        matches = [m for m in _PREP_RE.finditer(text) if m.start() > len(text) // 3]
        if matches:
            m = matches[-1]
            phrase = text[m.start() + 1:]
            if 2 <= len(phrase.split()) <= 8:
                text = phrase[:1].upper() + phrase[1:] + ", " + _lower_first(text[:m.start()])
                reordered = True
    if swapped < 1 or (swapped < 2 and not reordered):
        return None
    return text.rstrip(",") + "."


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if first in ("I",) or (len(first) > 1 and first[1:2].isupper()):
        return text
    return text[:1].lower() + text[1:]


def shares_run(a: str, b: str, n: int = 8) -> bool:
    ta = re.findall(r"\w+", a.lower())
    tb = re.findall(r"\w+", b.lower())
    grams = {tuple(ta[i:i + n]) for i in range(len(ta) - n + 1)}
    return any(tuple(tb[i:i + n]) in grams for i in range(len(tb) - n + 1))


def insert_after_paragraph(text: str, doc, index: int, sentence: str) -> tuple[str, int, int]:
    """Append ``sentence`` to paragraph ``index``; return the new text and the sentence's offsets."""
    end = doc.paragraphs[index].end
    new = text[:end] + " " + sentence + text[end:]
    return new, end + 1, end + 1 + len(sentence)


def build_set(corpus: Path, out: Path, n: int, seed: int) -> dict[str, list[dict]]:
    """Write the labelled copies under ``out/<kind>/`` and return what was inserted where."""
    rng = random.Random(seed)
    articles = []
    for path in bbc_articles(corpus):
        data = path.read_bytes()
        doc = load(str(path), data)
        if len(doc.paragraphs) >= 4:
            articles.append((path, doc))
    rng.shuffle(articles)
    sample = articles[:n]
    labels: dict[str, list[dict]] = {k: [] for k in ("exact", "restated", "msrp1", "msrp0", "clean")}
    # NL102 was tuned on the even-numbered MSRP pairs: measure on the odd-numbered ones
    pairs = msrp_pairs(corpus)[1::2]
    positives = [p for p in pairs if p[0] == 1]
    negatives = [p for p in pairs if p[0] == 0]
    rng.shuffle(positives)
    rng.shuffle(negatives)
    for kind in labels:
        (out / kind).mkdir(parents=True)
    for n_art, (path, doc) in enumerate(sample):
        name = f"{path.parent.name}-{path.stem}.txt"
        text = doc.text
        (out / "clean" / name).write_text(text, encoding="utf-8")
        labels["clean"].append({"file": name})
        paras = doc.paragraphs
        # (a) exact repetition of a sentence of ten words or more, in a later paragraph
        choices = [(pi, s) for pi, p in enumerate(paras[:-1]) for s in p.sentences if len(s.words) >= 10]
        if choices:
            pi, s = rng.choice(choices)
            target = rng.randrange(pi + 1, len(paras))
            sentence = doc.prose_text(s.start, s.end)
            new, a, b = insert_after_paragraph(text, doc, target, sentence)
            (out / "exact" / name).write_text(new, encoding="utf-8")
            labels["exact"].append({"file": name, "start": a, "end": b})
        # (b) a restatement: synonyms swapped, clauses reordered
        choices = [(pi, s) for pi, p in enumerate(paras[:-1]) for s in p.sentences if len(s.words) >= 12]
        rng.shuffle(choices)
        for pi, s in choices:
            original = doc.prose_text(s.start, s.end)
            restated = restate(original, rng)
            if restated is None or shares_run(original, restated):
                continue
            target = rng.randrange(pi + 1, len(paras))
            new, a, b = insert_after_paragraph(text, doc, target, restated)
            (out / "restated" / name).write_text(new, encoding="utf-8")
            labels["restated"].append({"file": name, "start": a, "end": b, "original": original, "restated": restated})
            break
        # (c, d) an MSRP pair: first sentence in paragraph 1, second two or more paragraphs later
        for kind, pool in (("msrp1", positives), ("msrp0", negatives)):
            _, s1, s2 = pool[n_art % len(pool)]
            first = rng.randrange(0, len(paras) - 2)
            second = rng.randrange(first + 2, len(paras))
            new, _, _ = insert_after_paragraph(text, doc, first, s1)
            doc2 = parse(name, new)
            new2, a, b = insert_after_paragraph(new, doc2, second, s2)
            (out / kind / name).write_text(new2, encoding="utf-8")
            labels[kind].append({"file": name, "start": a, "end": b})
    return labels


def lint(paths: list[str], select: str, extra: list[str] = (), jobs: int | None = None) -> dict:
    # the installed command, not `python -m` from the source tree, which would import the
    # uninstalled sources first
    script = Path(sys.executable).with_name("newslint")
    cmd = [*([str(script)] if script.exists() else [sys.executable, "-m", "newslint"]), "check", "--isolated", "--format", "json", "--exit-zero",
           "--select", select, *extra, *paths]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"newslint failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return json.loads(proc.stdout)


def finding_offsets(text: str, f: dict) -> tuple[int, int]:
    doc = parse("x.txt", text)
    return doc.offset(f["line"], f["column"]), doc.offset(f["end_line"], f["end_column"])


def evaluate(out: Path, labels: dict[str, list[dict]]) -> None:
    print("\n== Recall on the labelled set (copies of BBC articles) ==")
    expected = {"exact": ("NL101",), "restated": ("NL102",), "msrp1": ("NL102",), "msrp0": ("NL102",)}
    for kind, items in labels.items():
        report = lint([str(out / kind)], ",".join(FAMILY))
        by_file = {Path(f["path"]).name: f["findings"] for f in report["files"]}
        if kind == "clean":
            counts = {c: 0 for c in FAMILY}
            for findings in by_file.values():
                for f in findings:
                    if f["code"] in counts:
                        counts[f["code"]] += 1
            total = sum(counts.values())
            print(f"clean copies: {len(items)} articles, findings {counts}, "
                  f"{total / len(items) * 50:.2f} per 50 articles")
            continue
        hit_rule = hit_family = hit_warning = 0
        for item in items:
            text = (out / kind / item["file"]).read_text(encoding="utf-8")
            overlapping = [f for f in by_file.get(item["file"], []) if f["code"] in FAMILY
                           and finding_offsets(text, f)[0] < item["end"] and finding_offsets(text, f)[1] > item["start"]]
            hit_family += bool(overlapping)
            hit_rule += any(f["code"] in expected[kind] for f in overlapping[:1])
            hit_warning += any(f["code"] in expected[kind] and f["severity"] == "warning" for f in overlapping)
        n = len(items)
        label = "false-positive rate (flagged)" if kind == "msrp0" else "recall"
        print(f"{kind:9s} n={n:4d}  {label}: by {'/'.join(expected[kind])} {hit_rule / n:.3f} "
              f"(as a warning {hit_warning / n:.3f}), by any NL1xx rule {hit_family / n:.3f}")


# --- quality and speed -------------------------------------------------------------------------------

def quality(corpus: Path) -> None:
    print("== Findings on the BBC corpus ==")
    cmd = f"newslint check --isolated --select {','.join(FAMILY)} --format json {corpus / 'bbc'}"
    print(f"$ {cmd}")
    report = lint([str(corpus / "bbc")], ",".join(FAMILY))
    n = len(report["files"])
    counts = {c: 0 for c in FAMILY}
    duplicates = []
    for f in report["files"]:
        for x in f["findings"]:
            if x["code"] in counts:
                counts[x["code"]] += 1
            if x["code"] == "NL104":
                duplicates.append((f["path"], x["related"][0]["path"] if x["related"] else "?", x["message"]))
    for code, c in counts.items():
        print(f"{code}: {c} findings, {c / n:.4f} per article ({n} articles)")
    exact = sum(1 for d in duplicates if "same text" in d[2])
    print(f"NL104 pairs: {len(duplicates)} ({exact} identical text, {len(duplicates) - exact} near-identical)")


_WORD_RE = re.compile(r"[A-Za-z]+")


def vocabulary_cipher(texts: list[str], seed: int) -> dict[str, str]:
    """A permutation of the corpus's words, within groups of words of the same length. Function
    words keep their place, so that a copy reads like news to the rules (a stop word swapped for a
    content word would give NL102 far more to compare than any real article does)."""
    from newslint.rules.analysis.words import STOP_WORDS

    by_length: dict[int, list[str]] = {}
    for word in sorted({w.lower() for t in texts for w in _WORD_RE.findall(t)} - STOP_WORDS):
        by_length.setdefault(len(word), []).append(word)
    rng = random.Random(seed)
    cipher = {}
    for words in by_length.values():
        shuffled = words[:]
        rng.shuffle(shuffled)
        cipher.update(zip(words, shuffled))
    return cipher


def _recase(new: str, old: str) -> str:
    if old.isupper() and len(old) > 1:
        return new.upper()
    if old[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def timed(paths: list[str], select: str, extra: list[str] = ()) -> float:
    t0 = time.perf_counter()
    lint(paths, select, extra)
    return time.perf_counter() - t0


def speed(corpus: Path, tmp: Path) -> None:
    print("\n== Speed ==")
    bbc = str(corpus / "bbc")
    for label, select in (("NL101,NL102 (per article)", "NL101,NL102"), ("NL101-NL104", ",".join(FAMILY))):
        best = min(timed([bbc], select) for _ in range(2))
        print(f"896 articles, {label}: {best:.2f} s")
    # Distinct articles at 2x and 4x: copy k > 0 of each article has every word replaced through a
    # per-copy permutation of the corpus vocabulary (words swapped with words of the same length),
    # so that copies share no passages yet keep the size, punctuation and word statistics of news.
    sources = bbc_articles(corpus)
    texts = [p.read_text(encoding="utf-8-sig") for p in sources]
    for factor in (1, 2, 4):
        folder = tmp / f"scale{factor}"
        for copy in range(factor):
            sub = folder / f"c{copy}"
            sub.mkdir(parents=True)
            cipher = vocabulary_cipher(texts, copy) if copy else None
            for i, text in enumerate(texts):
                if cipher:
                    text = _WORD_RE.sub(lambda m: _recase(cipher.get(m.group().lower(), m.group()), m.group()), text)
                (sub / f"{i:04d}.txt").write_text(text, encoding="utf-8")
        n = len(sources) * factor
        t_doc = min(timed([str(folder)], "NL101,NL102") for _ in range(2))
        t_all = min(timed([str(folder)], ",".join(FAMILY)) for _ in range(2))
        print(f"{factor}x ({n} distinct articles): NL101-NL102 {t_doc:.2f} s, NL101-NL104 {t_all:.2f} s, "
              f"difference (NL103-NL104) {t_all - t_doc:.2f} s")
    # cold start: one article, the BBC corpus as archive
    one = tmp / "one"
    one.mkdir()
    shutil.copy(sources[0], one / "story.txt")
    cache = tmp / "cache"
    extra = ["--archive", bbc, "--cache-dir", str(cache)]
    first = timed([str(one / "story.txt")], "NL103,NL104", extra)
    cached = min(timed([str(one / "story.txt")], "NL103,NL104", extra) for _ in range(3))
    bare = min(timed([str(one / "story.txt")], "NL103,NL104") for _ in range(3))
    print(f"one article, 896-article archive: first run {first:.2f} s, cached run {cached:.2f} s "
          f"(no archive: {bare:.2f} s)")


def cost(corpus: Path) -> None:
    """Per-article cost as the engine spends it, measured in a fresh process per round so the word
    caches start cold as in a real run: NL101 and NL102 ``check`` one document after the other,
    NL103's ``prepare`` (worker side), and the main-process part: NL103 and NL104 ``check_run``
    plus NL302's ``recurring_paragraphs`` on documents that arrive pickled, as from workers."""
    print("\n== Cost per article (fresh process per round) ==")
    code = (
        "import pickle, sys, time\n"
        "from newslint.document import load\n"
        "from newslint.engine import RunContext\n"
        "from newslint.rules import repetition as R\n"
        "from newslint.rules.analysis.passage_index import recurring_paragraphs\n"
        "paths = sys.argv[1:]\n"
        "docs = [load(p, open(p, 'rb').read()) for p in paths]\n"
        "r1, r2, r3 = R.RepeatedPassage({}), R.RestatedSentence({}), R.RecycledPassage({})\n"
        "t = [0.0, 0.0, 0.0]\n"
        "prepared = {}\n"
        "for d in docs:\n"
        "    a = time.perf_counter(); list(r1.check(d)); b = time.perf_counter(); list(r2.check(d))\n"
        "    c = time.perf_counter(); prepared[d.path] = r3.prepare(d); t[2] += time.perf_counter() - c\n"
        "    t[0] += b - a; t[1] += c - b\n"
        "docs, prepared = pickle.loads(pickle.dumps((docs, {'NL103': prepared})))\n"
        "ctx = RunContext(None, docs, prepared)\n"
        "a = time.perf_counter()\n"
        "n = len(list(r3.check_run(docs, ctx))) + len(list(R.DuplicateArticle({}).check_run(docs, ctx)))\n"
        "recurring_paragraphs(docs, ctx, 5)\n"
        "run = time.perf_counter() - a\n"
        "k = len(docs) / 1000\n"
        "print(f'NL101 {t[0] / k:.3f}  NL102 {t[1] / k:.3f}  NL101+NL102 {(t[0] + t[1]) / k:.3f}  '\n"
        "      f'NL103 prepare {t[2] / k:.3f}  per-run (main process) {run / k:.3f} ms/article; {n} run findings')\n"
    )
    paths = [str(p) for p in bbc_articles(corpus)]
    for _ in range(3):
        subprocess.run([sys.executable, "-c", code, *paths], check=True)


def lengthened(texts: list[str], i: int, min_words: int) -> str:
    """Article ``i``, with the paragraphs of the articles after it appended up to ``min_words`` words."""
    text = texts[i]
    k = i + 1
    while min_words and len(text.split()) < min_words:
        body = texts[k % len(texts)].split("\n", 1)[-1]  # without its headline
        text = text.rstrip("\n") + "\n\n" + body.strip("\n") + "\n"
        k += 1
    return text


def archive_scale(corpus: Path, tmp: Path, copies: int, min_words: int = 0) -> None:
    """One article checked against an archive of ``copies`` x 896 distinct articles: time and memory.
    With ``min_words``, every archive article is lengthened to at least that many words."""
    import resource

    size = f", each of {min_words} words or more" if min_words else ""
    print(f"\n== Archive of {copies} x 896 articles{size} ==")
    texts = [p.read_text(encoding="utf-8-sig") for p in bbc_articles(corpus)]
    archive = tmp / "archive"
    words = 0
    for copy in range(copies):
        sub = archive / f"c{copy:03d}"
        sub.mkdir(parents=True)
        cipher = vocabulary_cipher(texts, copy + 1)
        for i in range(len(texts)):
            text = _WORD_RE.sub(lambda m: _recase(cipher.get(m.group().lower(), m.group()), m.group()),
                                lengthened(texts, i, min_words))
            words += len(text.split())
            (sub / f"{i:04d}.txt").write_text(text, encoding="utf-8")
    n = copies * len(texts)
    print(f"{n} archive articles, {words / n:.0f} words each on average")
    story = tmp / "story.txt"
    story.write_text(texts[0], encoding="utf-8")
    cache = tmp / "cache"
    cmd = [sys.executable, "-m", "newslint", "check", "--isolated", "--exit-zero", "--select", "NL103,NL104",
           "--archive", str(archive), "--cache-dir", str(cache), str(story)]
    script = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
              "subprocess.run(sys.argv[1:], capture_output=True, check=True); "
              "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    for label in ("first run (cold cache)", "cached run", "cached run"):
        out = subprocess.run([sys.executable, "-c", script, *cmd], capture_output=True, text=True, check=True).stdout
        seconds, rss_kib = out.split()
        print(f"{label}: {float(seconds):.2f} s, peak memory {int(rss_kib) / 1024:.0f} MiB ({n} archive articles)")
    changed = archive / "c000" / "0001.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nA new closing line.\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", script, *cmd], capture_output=True, text=True, check=True).stdout
    print(f"one archive file changed: {float(out.split()[0]):.2f} s")
    size = (cache / "passages.sqlite3").stat().st_size
    print(f"cache file: {size / 2**20:.1f} MiB ({size / n / 1024:.1f} KiB per article)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--part", choices=("quality", "recall", "speed", "cost", "archive", "all"), default="all")
    parser.add_argument("--archive-copies", type=int, default=12, help="archive size for --part archive, in x 896")
    parser.add_argument("--archive-words", type=int, default=0,
                        help="for --part archive: lengthen every archive article to at least this many words")
    parser.add_argument("--n", type=int, default=300, help="articles in the labelled set")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", help="write the labelled set here instead of a temporary folder")
    args = parser.parse_args(argv)
    corpus = Path(args.corpus)
    if not (corpus / "bbc").is_dir():
        print(f"corpus not found at {corpus}: nothing to measure")
        return 0
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(args.keep) if args.keep else Path(tmpdir)
        if args.part in ("quality", "all"):
            quality(corpus)
        if args.part in ("recall", "all"):
            if not (corpus / "msrp").is_dir():
                print("MSRP not found: the labelled set needs it")
            else:
                labelled = tmp / "labelled"
                labels = build_set(corpus, labelled, args.n, args.seed)
                (tmp / "labels.json").write_text(json.dumps(labels, indent=1))
                evaluate(labelled, labels)
        if args.part in ("speed", "all"):
            speed(corpus, tmp / "speed")
        if args.part in ("cost", "all"):
            cost(corpus)
        if args.part in ("archive", "all"):
            archive_scale(corpus, tmp / "archive-scale", args.archive_copies, args.archive_words)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
