"""What the per-file rule time limit costs: the same check with the limit on (30 s, the default)
and off (0), interleaved, in the same run.

    python benchmarks/rule_timeout_cost.py [CORPUS_DIR] [--repeat N] [--files N]

Prints the best wall time of each and their ratio (on / off). The limit is two ``setitimer`` calls
per rule and file, so the ratio should stay within the machine's noise. CORPUS_DIR defaults to
../shared/corpus/bbc; if it is absent the script says so and exits 0. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "bbc"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--files", type=int, default=300)
    args = parser.parse_args()
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"no corpus at {corpus}: nothing to measure")
        return 0
    files = sorted(str(p) for p in corpus.rglob("*") if p.suffix in (".txt", ".md"))[:args.files]
    if not files:
        print(f"no articles in {corpus}: nothing to measure")
        return 0
    best = {"on": float("inf"), "off": float("inf")}
    for _ in range(args.repeat):
        for label, limit in (("on", "30"), ("off", "0")):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "newslint", "check", "--isolated", "--jobs", "1", "--quiet",
                            "--rule-timeout", limit, *files], capture_output=True)
            best[label] = min(best[label], time.perf_counter() - t0)
    print(f"{len(files)} articles, --jobs 1, best of {args.repeat}")
    print(f"limit on (30 s): {best['on']:.2f} s")
    print(f"limit off (0):   {best['off']:.2f} s")
    print(f"ratio on/off:    {best['on'] / best['off']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
