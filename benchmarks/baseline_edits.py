"""The baseline on a newsroom's day of edits: only the new defects show, and the fixed ones are stale.

    python benchmarks/baseline_edits.py [CORPUS_FOLDER] [--edits 20] [--newslint CMD]

Copies CORPUS_FOLDER (default ../shared/corpus/bbc/business) to a temporary folder, records a
baseline of it, then edits 20 articles: every one has a paragraph moved, half have a finding fixed
(the paragraph it flags is deleted) and half get new defects (a name no newsroom writes, NL202, and
a paragraph said twice, NL101). It then checks the folder with the baseline (SARIF, whose
``partialFingerprints`` are the baseline's keys) and prints what shows and what is reported stale,
set against what the edits did. Nothing is asserted; if the folder is absent it says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "corpus" / "bbc" / "business"
#: the defect added to an article: a spinner's swap for the UK (NL202)
NEW_NAME = "The Joined Kingdom treasury said nothing."


def sarif(newslint: list[str], cwd: Path, *args: str) -> tuple[list[dict], float]:
    t0 = time.perf_counter()
    proc = subprocess.run([*newslint, "check", "--isolated", "--format", "sarif", *args, "stories"], cwd=cwd,
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        raise SystemExit(f"newslint failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return json.loads(proc.stdout)["runs"][0]["results"], elapsed


def where(result: dict) -> tuple[str, int]:
    location = result["locations"][0]["physicalLocation"]
    return location["artifactLocation"]["uri"], location["region"]["startLine"]


def key(result: dict) -> str:
    return result.get("partialFingerprints", {}).get("newslintFindingKey/v1", "")


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(first line, text) of each paragraph (blocks between blank lines)."""
    out, line = [], 1
    for block in re.split(r"(\n\s*\n)", text):
        if block.strip() and not re.fullmatch(r"\n\s*\n", block):
            out.append((line, block))
        line += block.count("\n")
    return out


def edit(path: Path, number: int, flagged_lines: dict[int, list[str]]) -> dict:
    """Edit one article; returns what was done: the keys of the findings fixed, the defects added."""
    text = path.read_text(encoding="utf-8")
    paras = paragraphs(text)
    blocks = [p for _, p in paras]
    done = {"fixed": [], "added": []}
    if len(blocks) < 4:
        return done
    lines = [line for line, _ in paras]

    def keys_in(i: int) -> list[str]:
        last = lines[i + 1] - 1 if i + 1 < len(lines) else 10 ** 9
        return [k for line, ks in flagged_lines.items() if lines[i] <= line <= last for k in ks]

    # fix a finding (even articles): delete a body paragraph that one flags
    flagged = [i for i in range(1, len(blocks)) if keys_in(i)]
    fix = flagged[0] if number % 2 == 0 and flagged else None
    # move a paragraph that no finding flags two places up
    quiet = [i for i in range(2, len(blocks)) if not keys_in(i) and i != fix]
    if quiet:
        moved = paras[quiet[len(quiet) // 2]][1]
        i = blocks.index(moved)
        blocks.insert(max(1, i - 2), blocks.pop(i))
    if fix is not None:
        done["fixed"] = keys_in(fix)
        blocks.remove(paras[fix][1])
    if number % 2 == 1 and quiet:  # new defects: a name no newsroom writes, and a paragraph said twice
        # both in paragraphs no finding flags, so that they change no recorded finding's text
        said_twice = paras[quiet[0]][1]
        spot = blocks.index(paras[quiet[-1]][1])
        blocks[spot] = blocks[spot].rstrip() + " " + NEW_NAME
        blocks.append(said_twice)
        done["added"] = ["NL202", "NL101"]
    path.write_text("\n\n".join(b.strip("\n") for b in blocks) + "\n", encoding="utf-8")
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(DEFAULT), help="a folder of articles")
    parser.add_argument("--edits", type=int, default=20, help="how many articles to edit")
    parser.add_argument("--newslint", default=None, help="newslint executable (default: this Python's -m newslint)")
    parser.add_argument("--list", action="store_true", help="list the findings shown after the edits")
    args = parser.parse_args(argv)
    source = Path(args.folder)
    if not source.is_dir():
        print(f"{source} is absent: nothing to measure")
        return 0
    newslint = [args.newslint] if args.newslint else [sys.executable, "-m", "newslint"]
    with tempfile.TemporaryDirectory() as tmp:
        desk = Path(tmp)
        shutil.copytree(source, desk / "stories", ignore=shutil.ignore_patterns("README*", "*.TXT"))
        articles = sorted(p for p in (desk / "stories").rglob("*") if p.suffix in (".txt", ".md"))

        before, t_plain = sarif(newslint, desk)
        t0 = time.perf_counter()
        subprocess.run([*newslint, "check", "--isolated", "--write-baseline", "baseline.json", "stories"], cwd=desk,
                       capture_output=True, check=True)
        t_write = time.perf_counter() - t0
        recorded = sum(len(v) for v in json.loads((desk / "baseline.json").read_text())["files"].values())

        by_file: dict[str, dict[int, list[str]]] = {}
        for r in before:
            if key(r):
                path, line = where(r)
                by_file.setdefault(path, {}).setdefault(line, []).append(key(r))
        # the articles to edit: spread over the folder, each with findings (something to fix)
        candidates = [a for a in articles if a.relative_to(desk).as_posix() in by_file]
        step = max(1, len(candidates) // args.edits)
        chosen = candidates[::step][: args.edits]
        edits = {}
        for n, article in enumerate(chosen):
            rel = article.relative_to(desk).as_posix()
            edits[rel] = edit(article, n, by_file.get(rel, {}))

        after, t_baseline = sarif(newslint, desk, "--baseline", "baseline.json")

    shown = [r for r in after if r["ruleId"] != "NL004"]
    stale = [r for r in after if r["ruleId"] == "NL004"]
    stale_counts = {where(r)[0]: int(re.match(r"(\d+) entr", r["message"]["text"]).group(1)) for r in stale}
    added = sum(len(e["added"]) for e in edits.values())
    fixed = sum(len(e["fixed"]) for e in edits.values())
    found_added = sum(1 for path, e in edits.items() for code in e["added"]
                      if any(where(r)[0] == path and r["ruleId"] == code for r in shown))
    injected = {(path, code) for path, e in edits.items() for code in e["added"]}
    other_new = Counter(r["ruleId"] for r in shown if (where(r)[0], r["ruleId"]) not in injected)
    in_unedited = sum(1 for r in after if where(r)[0] not in edits)
    fixed_files = {path for path, e in edits.items() if e["fixed"]}
    # the rules that compare articles are not reported stale: their findings depend on the company
    comparing = ("NL103", "NL104")
    fixed_own = {path: [k for k in edits[path]["fixed"] if not k.startswith(comparing)] for path in fixed_files}
    fixed_reported = sum(min(len(keys), stale_counts.get(path, 0)) for path, keys in fixed_own.items())
    other_stale = sum(stale_counts.values()) - fixed_reported
    unedited = Counter(r["ruleId"] for r in after if where(r)[0] not in edits)

    print(f"folder: {source} ({len(articles)} articles, {len(before)} findings, {recorded} recorded in the baseline)")
    print(f"edited: {len(edits)} articles: {len(edits)} with a paragraph moved, {len(fixed_files)} with a finding "
          f"fixed ({fixed} findings), {sum(1 for e in edits.values() if e['added'])} with new defects ({added})")
    print(f"after the edits, with the baseline: {len(shown)} findings shown, {len(stale)} files with stale entries")
    print(f"  new defects shown: {found_added} of {added}")
    print(f"  other findings shown: {sum(other_new.values())}"
          + (f" ({', '.join(f'{c} {n}' for c, n in sorted(other_new.items()))})" if other_new else ""))
    print(f"  findings shown in the {len(articles) - len(edits)} articles not edited: {in_unedited}"
          + (f" ({', '.join(f'{c} {n}' for c, n in sorted(unedited.items()))})" if unedited else ""))
    own = sum(len(keys) for keys in fixed_own.values())
    print(f"  fixed findings reported stale (NL004): {fixed_reported} of {own}"
          + (f" (and {fixed - own} of NL103/NL104, never reported stale)" if fixed > own else "")
          + f"; other stale entries: {other_stale}")
    print(f"time: check {t_plain:.1f} s, --write-baseline {t_write:.1f} s, check --baseline {t_baseline:.1f} s "
          f"(ratio to the check: {t_write / t_plain:.2f}, {t_baseline / t_plain:.2f})")
    if args.list:
        for r in after:
            path, line = where(r)
            print(f"  {path}:{line}: {r['ruleId']} {r['message']['text'][:110]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
