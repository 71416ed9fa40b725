"""Write docs/rules/: one page per rule, generated from the rule's own documentation.

    python tools/gen_docs.py          # rewrite the pages
    python tools/gen_docs.py --check  # exit 1 if a page is out of date (the tests run this)

The page is exactly what ``newslint explain CODE`` prints, so the two cannot drift apart.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newslint.plugins import collect_rules, get_plugin_manager

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules"


def pages() -> dict[str, str]:
    rules = collect_rules(get_plugin_manager(autoload=False))
    out = {f"{code}.md": cls.documentation() for code, cls in rules.items()}
    index = ["# Rules", "", "Every built-in rule. `newslint explain CODE` prints the same page in the terminal.", "",
             "| code | name | severity | summary |", "|---|---|---|---|"]
    for code, cls in rules.items():
        off = "" if cls.default_enabled else " (off by default)"
        index.append(f"| [{code}]({code}.md) | `{cls.name}` | {cls.severity.value}{off} | {cls.summary} |")
    out["README.md"] = "\n".join(index) + "\n"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report stale pages instead of writing them")
    args = parser.parse_args(argv)
    wanted = pages()
    stale = sorted(name for name, text in wanted.items()
                   if not (DOCS / name).is_file() or (DOCS / name).read_text(encoding="utf-8") != text)
    extra = sorted(p.name for p in DOCS.glob("NL*.md") if p.name not in wanted) if DOCS.is_dir() else []
    if args.check:
        for name in stale + extra:
            print(f"docs/rules/{name} is out of date: run python tools/gen_docs.py")
        return 1 if stale or extra else 0
    DOCS.mkdir(parents=True, exist_ok=True)
    for name in stale:
        (DOCS / name).write_text(wanted[name], encoding="utf-8")
    for name in extra:
        (DOCS / name).unlink()
    print(f"{len(stale)} page(s) written, {len(extra)} removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
