"""Judged precision of every default rule, per corpus folder and per half.

    python benchmarks/precision.py [CORPUS] [--folder NAME ...] [--half odd|even|both]
    python benchmarks/precision.py [CORPUS] --sample RULE [--n 40] [--seed 1] [--half odd] [--folder fnc]
                                   [--unjudged] [--severity warning|info|any]

CORPUS defaults to ``../shared/corpus`` beside the project; without it the script says so and
exits 0. newslint runs through its real CLI (``python -m newslint check --isolated --format json``):
the default configuration, every default rule, no plugins.

**Halves.** Every article has a number; even numbers are the half rules are tuned on ("even",
"tune"), odd numbers the half their precision is reported on ("odd", "report"). The number is:

* ``bbc``: the file name, ``business/001.txt`` -> 1 (both sections, each numbered from 001);
* ``fnc``: the body id, ``body_0181.txt`` -> 181;
* ``horne_buzzfeed``: the leading number of ``Real/101_Real.txt`` -> 101, ``Fake/7_Fake.txt`` -> 7
  (the ``*_titles`` folders hold headlines, not articles, and are not checked);
* ``onestopenglish``: only the advanced level ``adv/`` is checked (the ``ele`` and ``int`` files
  are teachers' rewrites of the same texts, which the cross-article rules would rightly pair with
  it); its number is the file's 1-based position in ``adv/`` sorted by name;
* ``clough_stevenson``: the task letter, ``g0pA_taskc.txt`` and ``orig_taskc.txt`` -> 3 (a=1 ...
  e=5): the answers to one task are rewrites of that task's source text, so each source stays in
  one run with its rewrites, and no text of one half is a rewrite of a text in the other.

**Runs.** The cross-article rules (NL103, NL104 and NL302's recurring-paragraph check) depend on
which articles are checked together, so each half of each folder is one run of its own: an
article is compared with the articles of its own half and folder, never with the other half.

**Verdicts.** ``benchmarks/judged/<folder>.tsv`` holds one verdict per judged finding: ``path``
(relative to the corpus root), ``line`` (where it was when judged; not used to match), ``code``,
``key``, ``verdict`` (true | arguable | false) and a one-line ``reason``. A finding is matched by
(path, code, key), where the key is a short hash of the code and the flagged text, normalised
(case, white space, quote and dash forms), and for a finding about two articles the other article's
path: a verdict follows its finding when lines move, and stops applying when the rule flags a
different span or pairs the article with a different one. A finding with no verdict is "not judged".

**What it prints.** Per rule and per folder and half: articles, findings per article by severity,
judged warnings (true / arguable / false), precision = true / judged and precision with arguable
counted as true, the warnings not yet judged, and false warnings per article (warnings per article
times the judged share of false ones: exact when every warning is judged, an estimate otherwise).
``--sample`` prints findings to judge instead: where they are, the message, the key, and the
flagged paragraph between its neighbours, with a TSV line to fill in.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import hashlib
import json
import os
import random
import re
import subprocess
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JUDGED_DIR = ROOT / "benchmarks" / "judged"
FOLDERS = ("bbc", "fnc", "horne_buzzfeed", "onestopenglish", "clough_stevenson")
HALVES = ("odd", "even")
VERDICTS = ("true", "arguable", "false")
TSV_COLUMNS = ("path", "line", "code", "key", "verdict", "reason")


# --- which articles, and their halves ----------------------------------------------------------

_LEADING_NUMBER_RE = re.compile(r"(\d+)")
_TASK_RE = re.compile(r"_task([a-e])$")


def _number_from_name(stem: str) -> int:
    match = _LEADING_NUMBER_RE.search(stem)
    if not match:
        raise ValueError(f"no number in the file name {stem!r}")
    return int(match.group(1))


def _task_number(stem: str) -> int:
    match = _TASK_RE.search(stem)
    if not match:
        raise ValueError(f"no task letter in the file name {stem!r}")
    return ord(match.group(1)) - ord("a") + 1


def numbered_articles(root: Path, folder: str) -> list[tuple[str, int]]:
    """The articles of ``folder`` as (path relative to ``root``, number), sorted by path."""
    base = root / folder
    if folder == "bbc":
        files = sorted(base.glob("*/*.txt"))
        numbered = [(p, _number_from_name(p.stem)) for p in files]
    elif folder == "fnc":
        numbered = [(p, _number_from_name(p.stem)) for p in sorted(base.glob("body_*.txt"))]
    elif folder == "horne_buzzfeed":
        files = sorted(base.glob("Real/*.txt")) + sorted(base.glob("Fake/*.txt"))
        numbered = [(p, _number_from_name(p.stem)) for p in files]
    elif folder == "onestopenglish":
        numbered = [(p, i) for i, p in enumerate(sorted(base.glob("adv/*.txt")), start=1)]
    elif folder == "clough_stevenson":
        numbered = [(p, _task_number(p.stem)) for p in sorted(base.glob("*_task?.txt"))]
    else:
        raise ValueError(f"unknown corpus folder {folder!r}")
    return sorted((p.relative_to(root).as_posix(), n) for p, n in numbered)


def half_of(number: int) -> str:
    return "even" if number % 2 == 0 else "odd"


def articles_of_half(root: Path, folder: str, half: str) -> list[str]:
    return [path for path, number in numbered_articles(root, folder) if half_of(number) == half]


# --- running newslint ------------------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    path: str  # relative to the corpus root
    code: str
    severity: str
    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    key: str
    #: the other places the finding points to: (path relative to the corpus root, line, column, message)
    related: tuple[tuple[str, int, int, str], ...] = ()


def run_newslint(root: Path, paths: list[str]) -> dict:
    """One run of the real CLI over ``paths`` (relative to ``root``): its JSON report."""
    env = dict(os.environ, NEWSLINT_DISABLE_PLUGIN_AUTOLOAD="1", NO_COLOR="1")
    command = [sys.executable, "-m", "newslint", "check", "--isolated", "--format", "json",
               "--exit-zero", "--quiet", *[str(root / p) for p in paths]]
    # not from the source tree: there `-m` would import the uninstalled sources first
    proc = subprocess.run(command, capture_output=True, text=True, env=env, cwd=root)
    if proc.returncode not in (0, 2) or not proc.stdout.strip():
        raise SystemExit(f"newslint failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}")
    return json.loads(proc.stdout)


def _relative(root: Path, path: str) -> str:
    # newslint runs in ``root`` and shows the paths under it relative to it
    return (root / path).resolve().relative_to(root.resolve()).as_posix()


def findings_of_run(root: Path, paths: list[str]) -> list[Finding]:
    from newslint.document import UnreadableFile, load

    report = run_newslint(root, paths)
    findings = []
    for entry in report["files"]:
        rel = _relative(root, entry["path"])
        if not entry["findings"]:
            continue
        try:
            doc = load(rel, (root / rel).read_bytes())
        except UnreadableFile:
            doc = None  # newslint reports it as NL002: there is no text to key on but the message
        for f in entry["findings"]:
            if doc is None:
                text = f["message"]
            else:
                text = flagged_text(doc.text, doc.line_starts, f["line"], f["column"], f["end_line"],
                                    f["end_column"])
            related = tuple((_relative(root, r["path"]), r["line"], r["column"], r["message"])
                            for r in f.get("related") or ())
            other = next((path for path, *_ in related if path != rel), "")
            findings.append(Finding(rel, f["code"], f["severity"], f["line"], f["column"], f["end_line"],
                                    f["end_column"], f["message"], finding_key(f["code"], text, other), related))
    return findings


# --- keys ------------------------------------------------------------------------------------

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
                         "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " "})


def normalise(text: str) -> str:
    """The flagged text as a key sees it: case, white space, quote and dash forms folded."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return " ".join(text.split())


def flagged_text(text: str, line_starts: list[int], line: int, column: int, end_line: int, end_column: int) -> str:
    start = line_starts[line - 1] + column - 1
    end = line_starts[end_line - 1] + end_column - 1
    return text[start:end]


def finding_key(code: str, flagged: str, other_article: str = "") -> str:
    """``other_article``: for a finding about two articles (NL103, NL104), the other one's path, so
    that a verdict on "shared with A" does not carry over to "shared with B"."""
    text = f"{code}\0{normalise(flagged)}" + (f"\0{other_article}" if other_article else "")
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


# --- verdicts --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Verdict:
    path: str
    line: int
    code: str
    key: str
    verdict: str
    reason: str


class JudgedFileError(ValueError):
    pass


def read_judged(path: Path) -> dict[tuple[str, str, str], Verdict]:
    """The verdicts in one TSV file by (path, code, key). Raises ``JudgedFileError`` naming the
    file and line of a malformed row, or of a second verdict for one finding."""
    verdicts: dict[tuple[str, str, str], Verdict] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(rows, None)
        if header is None:
            return verdicts
        if tuple(header) != TSV_COLUMNS:
            raise JudgedFileError(f"{path}:1: the header must be {' '.join(TSV_COLUMNS)} (tab-separated)")
        for number, row in enumerate(rows, start=2):
            if not row or not "".join(row).strip():
                continue
            if len(row) != len(TSV_COLUMNS):
                raise JudgedFileError(f"{path}:{number}: {len(row)} columns, expected {len(TSV_COLUMNS)}")
            rel, line, code, key, verdict, reason = (cell.strip() for cell in row)
            if verdict not in VERDICTS:
                raise JudgedFileError(f"{path}:{number}: verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
            if not line.isdigit():
                raise JudgedFileError(f"{path}:{number}: line {line!r} is not a number")
            if (rel, code, key) in verdicts:
                raise JudgedFileError(f"{path}:{number}: a second verdict for {rel} {code} {key}")
            verdicts[(rel, code, key)] = Verdict(rel, int(line), code, key, verdict, reason)
    return verdicts


def read_all_judged(directory: Path = JUDGED_DIR) -> dict[tuple[str, str, str], Verdict]:
    verdicts: dict[tuple[str, str, str], Verdict] = {}
    for tsv in sorted(directory.glob("*.tsv")):
        verdicts.update(read_judged(tsv))
    return verdicts


def verdict_of(finding: Finding, verdicts: dict[tuple[str, str, str], Verdict]) -> str | None:
    found = verdicts.get((finding.path, finding.code, finding.key))
    return found.verdict if found else None


# --- arithmetic ------------------------------------------------------------------------------

@dataclass
class Tally:
    """The findings of one rule on one folder's half."""

    articles: int
    warnings: int = 0
    infos: int = 0
    errors: int = 0
    true: int = 0
    arguable: int = 0
    false: int = 0
    #: verdicts on info findings (judged to see whether a rule's info findings could be warnings)
    info_verdicts: Counter = field(default_factory=Counter)

    @property
    def judged(self) -> int:
        return self.true + self.arguable + self.false

    @property
    def unjudged(self) -> int:
        return self.warnings - self.judged

    @property
    def precision(self) -> float | None:
        """True warnings over judged warnings; None when none is judged."""
        return self.true / self.judged if self.judged else None

    @property
    def precision_lenient(self) -> float | None:
        """Precision with arguable warnings counted as true."""
        return (self.true + self.arguable) / self.judged if self.judged else None

    @property
    def false_per_article(self) -> float | None:
        """Warnings per article times the judged share of false ones."""
        if not self.judged or not self.articles:
            return None
        return self.warnings / self.articles * self.false / self.judged


def tally(findings: list[Finding], verdicts: dict[tuple[str, str, str], Verdict], articles: int) -> dict[str, Tally]:
    """One ``Tally`` per rule code: precision counts judged warnings; verdicts on info findings
    are kept apart."""
    tallies: dict[str, Tally] = defaultdict(lambda: Tally(articles))
    for finding in findings:
        t = tallies[finding.code]
        if finding.severity == "info":
            t.infos += 1
            verdict = verdict_of(finding, verdicts)
            if verdict is not None:
                t.info_verdicts[verdict] += 1
            continue
        if finding.severity != "warning":
            t.errors += 1
            continue
        t.warnings += 1
        verdict = verdict_of(finding, verdicts)
        if verdict is not None:
            setattr(t, verdict, getattr(t, verdict) + 1)
    return dict(tallies)


# --- printing --------------------------------------------------------------------------------

def _ratio(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def print_table(rows: list[tuple[str, str, str, Tally]]) -> None:
    header = (f"{'rule':6} {'folder':17} {'half':4} {'arts':>5} {'warn/a':>7} {'info/a':>7} "
              f"{'T':>4} {'A':>4} {'F':>4} {'prec':>5} {'prec+A':>6} {'unjdg':>5} {'F/art':>6}")
    print(header)
    print("-" * len(header))
    for code, folder, half, t in rows:
        print(f"{code:6} {folder:17} {half:4} {t.articles:5d} {t.warnings / t.articles:7.3f} "
              f"{t.infos / t.articles:7.3f} {t.true:4d} {t.arguable:4d} {t.false:4d} "
              f"{_ratio(t.precision):>5} {_ratio(t.precision_lenient):>6} {t.unjudged:5d} "
              f"{_ratio(t.false_per_article, 3):>6}")


def print_info_table(rows: list[tuple[str, str, str, Tally]]) -> None:
    judged = [(code, folder, half, t) for code, folder, half, t in rows if sum(t.info_verdicts.values())]
    if not judged:
        return
    print()
    print("judged info findings (would they be precise enough as warnings?)")
    for code, folder, half, t in judged:
        v = t.info_verdicts
        n = sum(v.values())
        print(f"{code:6} {folder:17} {half:4} infos {t.infos:5d} judged {n:4d}  T {v['true']:3d} "
              f"A {v['arguable']:3d} F {v['false']:3d}  prec {v['true'] / n:.2f}  "
              f"prec+A {(v['true'] + v['arguable']) / n:.2f}")


def _block_index(blocks, offset: int) -> int:
    """The block holding ``offset``, or the last one starting before it."""
    starts = [block.start for block in blocks]
    return max(0, bisect.bisect_right(starts, offset) - 1)


def _print_paragraphs(doc, start: int, end: int, before: int = 1, after: int = 1) -> range:
    """The paragraph holding ``start`` with the flagged span in [[ ]], and its neighbours: the
    indexes of the blocks printed."""
    blocks = doc.blocks
    if not blocks:
        return range(0)
    here = _block_index(blocks, start)
    shown = range(max(0, here - before), min(len(blocks), here + after + 1))
    for i in shown:
        block = blocks[i]
        body = doc.text[block.start:block.end]
        if i == here:
            s, e = max(start, block.start) - block.start, max(0, min(end, block.end) - block.start)
            body = body[:s] + "[[" + body[s:e] + "]]" + body[e:]
        mark = ">>" if i == here else "  "
        print(f"  {mark} ({block.kind}, line {doc.position(block.start).line}) {' '.join(body.split())}")
    return shown


def print_sample(root: Path, finding: Finding, verdicts, number: str = "", context: int = 1) -> None:
    from newslint.document import load

    doc = load(finding.path, (root / finding.path).read_bytes())
    start = doc.offset(finding.line, finding.column)
    end = doc.offset(finding.end_line, finding.end_column)
    judged = verdict_of(finding, verdicts)
    print("=" * 100)
    print(f"{number}{finding.path}:{finding.line}:{finding.column} {finding.code} [{finding.severity}] key={finding.key}"
          f"{'  judged: ' + judged if judged else ''}")
    print(f"  {finding.message}")
    shown = _print_paragraphs(doc, start, end, before=context, after=context)
    for path, line, column, message in finding.related[:2]:
        other = doc if path == finding.path else load(path, (root / path).read_bytes())
        print(f"  -- related {path}:{line}:{column} {message}")
        offset = other.offset(line, column)
        if other is doc and doc.blocks and _block_index(doc.blocks, offset) in shown:
            continue  # printed above
        _print_paragraphs(other, offset, offset, before=0, after=0)
    print(f"TSV\t{finding.path}\t{finding.line}\t{finding.code}\t{finding.key}\t\t")


def sample(findings: list[Finding], code: str, n: int, seed: int, severity: str, unjudged_only: bool,
           verdicts) -> list[Finding]:
    pool = [f for f in findings if f.code == code and (severity == "any" or f.severity == severity)]
    if unjudged_only:
        pool = [f for f in pool if verdict_of(f, verdicts) is None]
    pool.sort(key=lambda f: (f.path, f.line, f.column, f.key))
    chosen = pool if len(pool) <= n else random.Random(seed).sample(pool, n)
    return sorted(chosen, key=lambda f: (f.path, f.line, f.column))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--folder", action="append", choices=FOLDERS, help="only this folder (repeatable)")
    parser.add_argument("--half", choices=(*HALVES, "both"), default="both")
    parser.add_argument("--sample", metavar="RULE", help="print findings of RULE to judge instead of the table")
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--severity", choices=("warning", "info", "any"), default="warning")
    parser.add_argument("--context", type=int, default=1, help="paragraphs shown either side of a sample")
    parser.add_argument("--unjudged", action="store_true", help="sample only findings with no verdict yet")
    args = parser.parse_args(argv)

    root = Path(args.corpus)
    folders = [f for f in (args.folder or FOLDERS) if (root / f).is_dir()]
    if not folders:
        print(f"corpus not found at {root}: nothing to measure")
        return 0
    try:
        verdicts = read_all_judged()
    except JudgedFileError as exc:
        print(exc, file=sys.stderr)
        return 2
    halves = HALVES if args.half == "both" else (args.half,)

    rows: list[tuple[str, str, str, Tally]] = []
    errors: list[str] = []
    for folder in folders:
        for half in halves:
            paths = articles_of_half(root, folder, half)
            findings = findings_of_run(root, paths)
            if args.sample:
                chosen = sample(findings, args.sample, args.n, args.seed, args.severity, args.unjudged, verdicts)
                for i, finding in enumerate(chosen, start=1):
                    print_sample(root, finding, verdicts, f"[{folder} {half} {i}/{len(chosen)}] ", args.context)
                continue
            for code, t in sorted(tally(findings, verdicts, len(paths)).items()):
                if t.errors:
                    errors.append(f"{folder} {half}: {t.errors} {code} ({t.errors} files not checked)")
                else:
                    rows.append((code, folder, half, t))
    if not args.sample:
        rows.sort(key=lambda r: (r[0], FOLDERS.index(r[1]), HALVES.index(r[2])))
        print("T/A/F: judged warnings true/arguable/false; prec = T/(T+A+F); prec+A = (T+A)/(T+A+F);")
        print("unjdg: warnings not judged; F/art: false warnings per article (estimated from the judged share)")
        print()
        print_table(rows)
        print_info_table(rows)
        for line in errors:
            print(f"error findings, {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
