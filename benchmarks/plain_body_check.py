"""Check the archive's plain-text path against the general segmentation on every file of a folder.

    python benchmarks/plain_body_check.py [FOLDER ...]   (default: /work/shared/corpus)

Each file is read as a plain-text article (whatever its suffix, but Markdown's): where
``plain_body`` takes it, its body spans and their prose must be the general segmentation's; and
for every file, the fingerprints made from its bytes must be those of the checked document.
Prints what it compared and every difference; exits 1 if there was one, 0 (saying so) when no
folder given exists.
"""

from __future__ import annotations

import os
import sys

DEFAULT = "/work/shared/corpus"


def compare(path: str, data: bytes) -> tuple[str, list[str]]:
    """``(outcome, differences)`` for one file: outcome is ``plain``, ``general`` or ``unreadable``."""
    from newslint.document import BODY_KINDS, UnreadableFile, _raw_blocks, decode, load, plain_body
    from newslint.rules.analysis.fingerprints import fingerprint, fingerprint_bytes

    name = "article.txt"
    try:
        text, _ = decode(data)
    except UnreadableFile:
        return "unreadable", []
    problems = []
    fast = plain_body(text)
    if fast is not None:
        _, _, raw, prose = _raw_blocks(name, text, "text")
        spans = [(s, e) for kind, s, e in raw if kind in BODY_KINDS]
        if fast[1] != spans:
            problems.append(f"body spans differ: {fast[1][:4]}... != {spans[:4]}...")
        elif [fast[0][s:e] for s, e in spans] != [prose[s:e] for s, e in spans]:
            problems.append("the prose of a body span differs")
    if text.strip():
        got, want = fingerprint_bytes(name, data, 12), fingerprint(load(name, data), 12)
        if (got.n_words, got.fingerprints, got.paragraphs) != (
                want.n_words, sorted(want.fingerprints), sorted({h for h, _, _ in want.paragraphs})):
            problems.append("fingerprints differ")
    return ("plain" if fast is not None else "general"), problems


def main(argv: list[str] | None = None) -> int:
    folders = [f for f in (argv if argv is not None else sys.argv[1:]) or [DEFAULT]]
    present = [f for f in folders if os.path.isdir(f)]
    if not present:
        print(f"skipped: no folder to compare ({', '.join(folders)} absent)")
        return 0
    counts = {"plain": 0, "general": 0, "unreadable": 0}
    differing = 0
    for folder in present:
        for where, _, names in os.walk(folder):
            for name in sorted(names):
                if name.lower().endswith((".md", ".markdown")):
                    continue
                path = os.path.join(where, name)
                with open(path, "rb") as fh:
                    outcome, problems = compare(path, fh.read())
                counts[outcome] += 1
                for problem in problems:
                    print(f"{path}: {problem}")
                differing += bool(problems)
    print(f"{sum(counts.values())} files: {counts['plain']} by the plain-text path, {counts['general']} by the "
          f"general segmentation, {counts['unreadable']} not text; {differing} with a difference")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
