"""The HTML report of a large run: its size, the time to write it, and the time Chromium takes to show it.

    python benchmarks/html_report.py [CORPUS_DIR] [--count 2000]

Copies ``--count`` articles of the corpus (default ../shared/corpus: the fnc folder, then bbc) into
a temporary folder, checks them with ``--format html`` and with the text format (the difference is
what the report costs), and opens the report in headless Chromium (Debian's, driven by Playwright,
when both are installed): the time to the load event and to the first paint, and the time to open
every article at once. Nothing is asserted. If the corpus is absent the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def pick(corpus: Path, count: int) -> list[Path]:
    files: list[Path] = []
    for sub in ("fnc", "bbc", "."):
        folder = corpus / sub
        if folder.is_dir():
            files += sorted(p for p in folder.rglob("*.txt") if p.name.upper() != "README.TXT" and p not in files)
        if len(files) >= count:
            break
    return files[:count]


def timed(cmd: list[str], cwd: Path) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if proc.returncode not in (0, 1, 2):
        raise SystemExit(f"{' '.join(cmd[:6])} failed ({proc.returncode}): {proc.stderr[-1000:]}")
    return time.perf_counter() - t0


def render(report: Path) -> dict[str, float] | None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    chromium = shutil.which("chromium")
    if chromium is None:
        return None
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(profile, executable_path=chromium, headless=True, args=FLAGS,
                                                       viewport={"width": 1280, "height": 900})
        page = context.new_page()
        t0 = time.perf_counter()
        page.goto(report.as_uri(), wait_until="load", timeout=300_000)
        loaded = time.perf_counter() - t0
        paint = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || 0")
        t0 = time.perf_counter()
        page.click("button[data-expand=all]")
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        opened = time.perf_counter() - t0
        context.close()
    return {"load": loaded, "paint": paint / 1000, "open_all": opened}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--count", type=int, default=2000)
    args = parser.parse_args(argv)
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"corpus {corpus} not found; nothing to measure")
        return 0
    files = pick(corpus, args.count)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        run = work / "articles"
        run.mkdir()
        for i, path in enumerate(files):
            shutil.copy(path, run / f"{i:05}-{path.name}")
        megabytes = sum(p.stat().st_size for p in run.iterdir()) / 1e6
        newslint = [sys.executable, "-m", "newslint", "check", "--isolated", "--exit-zero"]
        t_text = timed([*newslint, "-q", "-o", "report.txt", "articles"], work)
        t_html = timed([*newslint, "--format", "html", "-o", "report.html", "articles"], work)
        report = work / "report.html"
        size = report.stat().st_size
        print(f"{len(files)} articles ({megabytes:.1f} MB of text) from {corpus}")
        print(f"check, text format: {t_text:.1f} s; html format: {t_html:.1f} s "
              f"(the report adds {t_html - t_text:+.1f} s)")
        print(f"report: {size / 1e6:.1f} MB ({size / len(files) / 1000:.1f} kB per article)")
        shown = render(report)
        if shown is None:
            print("render: not measured (needs Playwright and Debian's chromium)")
        else:
            print(f"render in headless Chromium: load event {shown['load']:.2f} s, first paint "
                  f"{shown['paint']:.2f} s, opening every article {shown['open_all']:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
