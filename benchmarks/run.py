"""Throughput benchmark: newslint against proselint on the same files, in the same run.

    python benchmarks/run.py [CORPUS_DIR] [--proselint PATH] [--repeat N] [--cold N]

Prints articles/s, MB/s, peak memory, time per rule (from ``newslint check --timings``), the ratio
to proselint's throughput, and the cold start on one article for both (the two interleaved).
Nothing is asserted: the figures go in the release notes. CORPUS_DIR defaults to
../shared/corpus/bbc; if it is absent the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def articles(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*") if p.suffix in (".txt", ".md") and p.name.upper() != "README.TXT")


_PEAK = ("import resource, subprocess, sys; p = subprocess.run(sys.argv[1:]); "
         "print('PEAK', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(p.returncode)")


# Both tools run as installed software does: with compiled bytecode (pip writes it for proselint;
# an editable newslint writes it on first run unless this variable forbids it).
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str]) -> tuple[float, subprocess.CompletedProcess, int]:
    """Wall time, the process, and the peak resident memory (KiB) of its largest process."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _PEAK, *cmd], capture_output=True, text=True, env=_ENV)
    elapsed = time.perf_counter() - t0
    match = re.search(r"^PEAK (\d+)$", proc.stderr, re.M)
    return elapsed, proc, int(match.group(1)) if match else 0


def cold_start(cmd: list[str]) -> float:
    """Wall time of one run of ``cmd``, started directly (``timed``'s memory probe is a Python
    process of its own, whose start-up would be counted as well)."""
    t0 = time.perf_counter()
    subprocess.run(cmd, capture_output=True, env=_ENV)
    return time.perf_counter() - t0


def best_of(n: int, cmd: list[str]) -> tuple[float, subprocess.CompletedProcess, int]:
    runs = [timed(cmd) for _ in range(n)]
    for _, proc, _ in runs:
        if proc.returncode not in (0, 1) and "NL002" not in proc.stdout:
            raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd[:6])} ...\n{proc.stderr[-2000:]}")
    return min(runs, key=lambda r: r[0])


def find_proselint(explicit: str | None) -> str | None:
    for candidate in (explicit, shutil.which("proselint")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "bbc"))
    parser.add_argument("--proselint", help="path to a proselint 0.16 executable (default: on PATH)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the fastest counts")
    parser.add_argument("--newslint", default=None, help="newslint executable (default: this Python's -m newslint)")
    parser.add_argument("--cold", type=int, default=21, help="cold starts of each tool on one article; the median counts")
    args = parser.parse_args(argv)

    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"corpus {corpus} not found; nothing to measure")
        return 0
    files = articles(corpus)
    megabytes = sum(p.stat().st_size for p in files) / 1e6
    newslint = [args.newslint] if args.newslint else [sys.executable, "-m", "newslint"]
    env_note = f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}"
    print(f"corpus: {corpus} ({len(files)} articles, {megabytes:.2f} MB); {env_note}")

    paths = [str(p) for p in files]
    timed([*newslint, "check", "-q", "--exit-zero", paths[0]])  # warm-up: compile bytecode once
    rows = []
    t_all, proc, peak = best_of(args.repeat, [*newslint, "check", "-q", "--exit-zero", "--timings", *paths])
    rows.append(("newslint, all default rules", t_all, peak))
    cross = [c for c in ("NL103", "NL104") if c in subprocess.run([*newslint, "rules"], capture_output=True, text=True).stdout]
    if cross:
        t_doc, _, peak_doc = best_of(args.repeat, [*newslint, "check", "-q", "--exit-zero", "--ignore", ",".join(cross), *paths])
        rows.append(("newslint, without " + "/".join(cross), t_doc, peak_doc))
    t_one, _, peak_one = best_of(args.repeat, [*newslint, "check", "-q", "--exit-zero", "--jobs", "1", *paths])
    rows.append(("newslint, --jobs 1", t_one, peak_one))

    proselint = find_proselint(args.proselint)
    t_prose = None
    if proselint:
        t_prose, _, peak_prose = best_of(args.repeat, [proselint, "check", "-o", "json", *paths])
        rows.append(("proselint 0.16", t_prose, peak_prose))

    print(f"\n{'run':34} {'seconds':>8} {'articles/s':>11} {'MB/s':>7} {'peak MiB':>9}")
    for name, seconds, kib in rows:
        mib = f"{kib / 1024:.0f}" if kib else "-"
        print(f"{name:34} {seconds:8.2f} {len(files) / seconds:11.1f} {megabytes / seconds:7.2f} {mib:>9}")
    if t_prose:
        print(f"\nthroughput ratio newslint/proselint: {t_prose / t_all:.2f}x (goal: >= 5x)")

    timings = [line for line in proc.stderr.splitlines() if re.match(r"\s*[\d.]+ ms\s+NL\d{3}", line)]
    if timings:
        print("\ntime per rule (summed over worker processes), and per article:")
        for line in timings:
            ms, code, name = line.split()[0], line.split()[2], line.split()[3]
            print(f"  {code} {name:28} {float(ms):9.1f} ms  {float(ms) / len(files):7.3f} ms/article")

    one = paths[0]
    cold_cmd = [*newslint, "check", "-q", "--exit-zero", one]
    runs = max(3, args.cold)
    if proselint:
        # one start of each tool in turn, so that a busy machine slows both alike; the ratio is the
        # median of the runs' own ratios (goal: at most 1)
        prose_cmd = [proselint, "check", "-o", "json", one]
        pairs = [(cold_start(cold_cmd), cold_start(prose_cmd)) for _ in range(runs)]
        cold, pcold = statistics.median(n for n, _ in pairs), statistics.median(p for _, p in pairs)
        ratio = statistics.median(n / p for n, p in pairs)
        print(f"\ncold start, one article (median of {runs}, interleaved): newslint {cold * 1000:.0f} ms, "
              f"proselint {pcold * 1000:.0f} ms (ratio {ratio:.2f}; goal: <= 0.8)")
    else:
        cold = statistics.median(cold_start(cold_cmd) for _ in range(runs))
        print(f"\ncold start, one article (median of {runs}): newslint {cold * 1000:.0f} ms "
              "(proselint not found: pass --proselint PATH to compare)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
