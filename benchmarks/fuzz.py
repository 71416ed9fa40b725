"""Fuzz the whole pipeline: hostile article bytes through the loader, every default rule, the fixes
and every report format, with the invariants each must keep.

    python benchmarks/fuzz.py [--loads 100000] [--checks 50000] [--seed 1] [--seconds S] [--show 5] [--save DIR]

Prints the number of documents loaded and of articles checked, the exceptions by kind (a loader
that raises anything but its plain ``UnreadableFile``, a rule or a reporter that fails) and the
invariant failures by kind, with the first few failing inputs. ``--seconds`` stops each phase at
that time even when its count is not reached. Exits 1 when anything failed.

The generators (``article``, ``article_bytes``) and the checks (``load_problems``,
``check_problems``) are the ones ``tests/test_fuzz.py`` runs under hypothesis: a generator takes a
``draw`` object with ``choice(seq)`` and ``integer(lo, hi)``, given here by a seeded ``random.Random``
and there by hypothesis (which then shrinks a failing input to a small one).

Articles are made of pieces: Markdown structure (headings, lists, tables, code fences, HTML,
links), front matter in YAML and TOML (valid and broken), suppression comments (valid, misspelt,
unclosed), runs of quotes, brackets and punctuation, names and near-names, non-ASCII and control
characters, joined by LF, CRLF or CR line ends; then, as bytes, a BOM, lone surrogates, invalid
UTF-8, or the whole text in UTF-16 or UTF-32. The articles are checked in this process through
``newslint.engine.run`` (with ``documents`` and ``keys``, as the html and sarif formats ask), on
in-memory data, so no file is written.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import re
import sys
import time
import traceback
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Protocol, Sequence

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

SARIF_SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
FORMATS = ("text", "json", "sarif", "junit", "github", "html")


class Draw(Protocol):
    def choice(self, seq: Sequence[Any]) -> Any: ...

    def integer(self, lo: int, hi: int) -> int: ...


class RandomDraw:
    """``Draw`` from a seeded ``random.Random`` (the benchmark)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def choice(self, seq):
        return self.rng.choice(seq)

    def integer(self, lo, hi):
        return self.rng.randint(lo, hi)


# --- pieces -----------------------------------------------------------------------------------

WORDS = ("the council harbour ferry said a an and budget mayor on Tuesday night river vote plan money "
         "week year town police court report staff hour honest European one of it is was he she they "
         "media gives him two years").split()
NAMES = ("Haldane Haldene Okonkwo Okonkow Ferreira Ferriera Mueller Muller Müller O'Brien Obrien "
         "McDonald Macdonald Nakamura Nakamora").split()
NAME_PHRASES = ("Mr Haldane", "Ms Okonkwo", "Dr Ferreira", "Margaret Okonkwo", "Joined Kingdom", "United Kingdom",
                "UK", "Russian Federation", "the European Union", "the Labour Party", "the labour party",
                "Prime Minister", "prime minister", "New York", "new York", "Ivanova-Petrakis")
PUNCT = (".", ",", ";", ":", "!", "?", "!!", "?!", "...", "\u2026", ",,", " ,", " .", "..", ". .", "--", "\u2014",
         "-", "'", "\"", "\u201c", "\u201d", "\u2018", "\u2019", "(", ")", "[", "]", "{", "}", "((", "))",
         "\u00ab", "\u00bb", "*", "_", "**", "`", "``", "~", "\\", "|", "#", "<", ">", "&", "@", "%")
NON_ASCII = ("caf\u00e9", "Z\u00fcrich", "na\u00efve", "\U0001F600", "\u4e2d\u6587", "\u0645\u0631\u062d\u0628\u0627",
             "e\u0301", "\u200d", "\u200b", "\u00a0", "\u2028", "\u2029", "\u0085", "\u00e2\u20ac\u2122", "Ã©",
             "\ufeff", "\ufffd", "\U00010348", "\u0130stanbul", "\u00df", "\ufb01", "\u2163", "\u0e01")
CONTROL = ("\x00", "\x01", "\x07", "\x08", "\t", "\x0b", "\x0c", "\x1b", "\x1b[31m", "\x7f", "\x9b", "\x1c", "\x1d",
           "\x1e", "\x1f")
SUPPRESSIONS = ("<!-- newslint-disable -->", "<!-- newslint-enable -->", "<!-- newslint-disable NL101 -->",
                "<!-- newslint-disable-next-line NL501,NL201 -->", "<!-- newslint-disable-next-line -->",
                "<!-- newslint-disable entity-spelling -->", "<!-- newslint-enable NL5 -->",
                "<!-- newslint-disabel NL101 -->", "<!-- newslint-disable NL999 -->", "<!-- newslint-disable",
                "<!-- newslint-disable NL101", "<!--newslint-disable-next-line-->", "<!-- NEWSLINT-DISABLE -->",
                "<!-- newslint-disable <b> -->", "<!-- newslint-disable-next-line NL5 --> <!-- newslint-enable -->",
                "<!-- newslint-enable", "-->", "<!--", "<!-- newslint-disable NL -->")
INLINE_MARKUP = ("[link](http://example.com)", "[text]", "](", "![image](a.png)", "<https://example.com>",
                 "http://example.com/a.b", "www.example.com.", "`code`", "``", "`unclosed", "*emph*", "**bold**",
                 "_under_", "~~strike~~", "<b>", "</b>", "<a href='x'>", "<br/>", "&amp;", "&#x1F600;", "\\*",
                 "[^1]", "<span", "<!-- comment -->", "[a]: http://x", "@handle", "#tag")
BLOCKS = ("# Heading", "## Sub heading", "###### Six", "#NoSpace", "Heading\n=======", "Sub\n---", "- item",
          "* item", "+ item", "1. first", "2) second", "  - nested", "> quoted text", "> > deeper",
          "| a | b |\n|---|---|\n| 1 | 2 |", "| only | header |", "|---|", "| x |\n|:-:|\n",
          "```\ncode block\n```", "```python\nunclosed fence", "~~~\ntilde\n~~~", "    indented code",
          "<div>\nhtml block\n</div>", "<table><tr><td>cell</td></tr></table>", "***", "---", "- [ ] task",
          "Term\n: definition", "\\", "Byline: By Jane Doe", "By JANE DOE", "LONDON (Reuters) -", "Updated 3 May 2024",
          "Click here to subscribe to our newsletter.", "Follow us on Twitter.", "\t\tindented with tabs")
FRONT_MATTER = ("---\ntitle: A story\nauthor: Jane\n---\n", "---\ntitle: [unclosed\n---\n", "---\n: : :\n---\n",
                "---\nnewslint:\n  ignore: [NL101]\n---\n", "---\nnewslint: {ignore: NL5}\n---\n",
                "---\nnewslint: 3\n---\n", "---\nnewslint: {disable: [NL1]}\n---\n", "---\n- a list\n---\n",
                "---\ntitle: no end\n", "---\n---\n", "---\n\t bad: indent\n---\n",
                "---\na: &x [*x]\n---\n", "---\n!!python/object:os.system x\n---\n",
                "+++\ntitle = \"A story\"\n+++\n", "+++\ntitle = \n+++\n", "+++\n[newslint]\nignore = [\"NL201\"]\n+++\n",
                "+++\nnewslint = 1\n+++\n", "+++\nx = 1e999999\n+++\n", "+++\nunclosed = \"\n+++\n",
                "+++\n" + "[" * 50 + "\n+++\n", "---\n" + "[" * 60 + "\n---\n", "\ufeff---\ntitle: x\n---\n")
LINE_ENDS = ("\n", "\r\n", "\r")


def word(draw: Draw) -> str:
    kind = draw.integer(0, 9)
    if kind <= 4:
        return draw.choice(WORDS)
    if kind <= 6:
        return draw.choice(NAMES)
    if kind == 7:
        return draw.choice(NAME_PHRASES)
    if kind == 8:
        return draw.choice(NON_ASCII)
    return draw.choice(WORDS).capitalize()


def sentence(draw: Draw) -> str:
    parts = []
    for _ in range(draw.integer(1, 14)):
        kind = draw.integer(0, 19)
        if kind <= 11:
            parts.append(word(draw))
        elif kind <= 14:
            parts.append(draw.choice(PUNCT))
        elif kind == 15:
            parts.append(draw.choice(PUNCT) * draw.integer(2, 40))
        elif kind == 16:
            parts.append(draw.choice(INLINE_MARKUP))
        elif kind == 17:
            parts.append(draw.choice(CONTROL))
        elif kind == 18:
            parts.append(draw.choice(SUPPRESSIONS))
        else:
            parts.append(word(draw) * draw.integer(2, 3))  # a word run into itself
    glue = draw.choice((" ", " ", " ", "", "  ", "\t", "\u00a0"))
    return glue.join(parts) + draw.choice((".", ".", "!", "?", "", "...", "\u201d", ".)"))


def article(draw: Draw) -> str:
    """Article-like text: a headline, paragraphs, Markdown blocks and hostile pieces, in any order."""
    out = []
    if draw.integer(0, 3) == 0:
        out.append(draw.choice(FRONT_MATTER))
    if draw.integer(0, 4):
        out.append(draw.choice(("# ", "", "")) + " ".join(word(draw) for _ in range(draw.integer(1, 6))))
    for _ in range(draw.integer(0, 8)):
        kind = draw.integer(0, 9)
        if kind <= 4:
            para = " ".join(sentence(draw) for _ in range(draw.integer(1, 4)))
            if draw.integer(0, 5) == 0:  # the same paragraph again: repetition rules
                out.append(para)
            out.append(para)
        elif kind <= 6:
            out.append(draw.choice(BLOCKS) + " " + sentence(draw))
        elif kind == 7:
            out.append(draw.choice(SUPPRESSIONS))
        elif kind == 8:
            out.append(draw.choice(BLOCKS))
        else:
            out.append(draw.choice(PUNCT + INLINE_MARKUP) * draw.integer(1, 60))
    sep = draw.choice(("\n\n", "\n\n", "\n", "\n\n\n", "\n \n"))
    text = sep.join(out) + draw.choice(("\n", "", "\n\n"))
    end = draw.choice(LINE_ENDS)
    return text.replace("\n", end) if end != "\n" else text


BYTE_DAMAGE = (b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xff", b"\xfe", b"\xc3", b"\xc3\x28", b"\x80", b"\xf4\x90\x80\x80",
               b"\xc0\xaf", b"\xe2\x82", b"\x00", b"\xef\xbb\xbf")


def article_bytes(draw: Draw) -> bytes:
    """An article as the bytes of a file: mostly UTF-8, sometimes with a BOM, a damaged byte
    sequence (lone surrogates, invalid UTF-8, a NUL) or in another encoding altogether."""
    text = article(draw)
    kind = draw.integer(0, 11)
    if kind == 0:
        return text.encode(draw.choice(("utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be")),
                           errors="surrogatepass")
    if kind == 1:
        return text.encode("latin-1", errors="replace")
    data = text.encode("utf-8", errors="surrogatepass")
    if kind == 2:
        data = b"\xef\xbb\xbf" + data
    elif kind == 3 and data:
        at = draw.integer(0, len(data))
        data = data[:at] + draw.choice(BYTE_DAMAGE) + data[at:]
    elif kind == 4:
        data = draw.choice((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"")) + data
    return data


# --- the checks -------------------------------------------------------------------------------

class Problem(Exception):
    """An invariant that failed: ``kind`` groups them in the counts."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


def load_problems(name: str, data: bytes) -> list[Problem]:
    """Loading ``data`` either gives a document or raises ``UnreadableFile``; a document's blocks,
    sentences and words are spans of its text."""
    from newslint.document import UnreadableFile, load

    try:
        doc = load(name, data)
    except UnreadableFile as exc:
        if not isinstance(exc.message, str) or not exc.message:
            return [Problem("unreadable without a message", repr(exc))]
        return []
    except Exception as exc:  # noqa: BLE001 - what the fuzzing is for
        return [Problem(f"load raised {type(exc).__name__}", "".join(traceback.format_exception_only(exc)).strip())]
    problems = []
    n = len(doc.text)
    if len(doc.prose) != n:
        problems.append(Problem("prose mask length", f"{len(doc.prose)} != {n}"))
    for block in doc.blocks:
        if not (0 <= block.start < block.end <= n):
            problems.append(Problem("block outside the text", f"{block.kind} {block.start}..{block.end} of {n}"))
        for s in block.sentences:
            for w in s.words:
                if doc.text[w.start:w.end] != doc.prose[w.start:w.end]:
                    problems.append(Problem("word is not text", f"{w.start}..{w.end}"))
    return problems


class Engine:
    """The default rules and settings, set up once; ``check`` runs them on one article in memory."""

    def __init__(self) -> None:
        from newslint.config import RuleIndex, build_settings
        from newslint.plugins import collect_rules, get_plugin_manager

        self.rules = collect_rules(get_plugin_manager(autoload=False))
        self.settings = build_settings({}, RuleIndex(self.rules))
        from newslint.plugins import get_plugin_manager as gpm

        self.reporters = {}
        for table in gpm(autoload=False).hook.newslint_register_reporters():
            self.reporters.update(table)

    def run(self, name: str, data: bytes):
        from newslint.engine import Input, run

        return run([Input(name, data)], self.rules, self.settings, jobs=1, documents=True, keys=True,
                   show_source=True)



@functools.cache
def sarif_validator():
    """A validator for the SARIF 2.1.0 schema beside the project, or ``None`` when it is absent."""
    if not SARIF_SCHEMA.is_file():
        return None
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


WORD_RE = re.compile(r"\w+")


def _words(text: str) -> Counter:
    return Counter(m.group(0).casefold() for m in WORD_RE.finditer(text))


def finding_problems(text: str, findings, doc_position: Callable) -> list[Problem]:
    from newslint.findings import Severity

    problems = []
    n = len(text)
    for f in findings:
        where = f"{f.code} {f.start}..{f.end}"
        if not isinstance(f.severity, Severity):
            problems.append(Problem("invalid severity", f"{where}: {f.severity!r}"))
        for pos in (f.start, f.end):
            if not 0 <= pos.offset <= n:
                problems.append(Problem("offset outside the file", f"{where} in {n} characters"))
            elif doc_position(pos.offset) != pos:
                problems.append(Problem("line and column are not the offset's", f"{where}: expected "
                                        f"{doc_position(pos.offset)}"))
        if f.start.offset > f.end.offset:
            problems.append(Problem("span ends before it starts", where))
        if f.fix is not None:
            fx = f.fix
            if not 0 <= fx.start.offset <= fx.end.offset <= n:
                problems.append(Problem("fix span outside the text", f"{where}: {fx.start}..{fx.end}"))
                continue
            for pos in (fx.start, fx.end):
                if doc_position(pos.offset) != pos:
                    problems.append(Problem("fix line and column are not the offset's", where))
            if fx.original and text[fx.start.offset:fx.end.offset] != fx.original:
                problems.append(Problem("fix text is not the text at its offset",
                                        f"{where}: {fx.original!r} vs {text[fx.start.offset:fx.end.offset]!r}"))
            # the words a fix takes out are words of the span it flags (a garbled or non-standard
            # name replaced, a doubled word removed), never a word beside it
            removed = _words(text[fx.start.offset:fx.end.offset]) - _words(fx.replacement)
            flagged = _words(text[f.start.offset:f.end.offset])
            if removed - flagged:
                problems.append(Problem("a fix removes words it does not flag", f"{where}: {dict(removed - flagged)}"))
    return problems


def report_problems(engine: Engine, result) -> list[Problem]:
    from newslint.reporters.base import ReportOptions
    from newslint.reporters.printable import for_output

    problems = []
    shown = for_output(result)
    for fmt in FORMATS:
        options = ReportOptions(show_source=True, statistics=True, verbose=True)
        try:
            out = engine.reporters[fmt](options).render(shown)
        except Exception as exc:  # noqa: BLE001
            problems.append(Problem(f"{fmt} report raised {type(exc).__name__}", str(exc)[:300]))
            continue
        if not isinstance(out, str):
            problems.append(Problem(f"{fmt} report is not text", repr(type(out))))
            continue
        try:
            out.encode("utf-8")
        except UnicodeEncodeError as exc:
            problems.append(Problem(f"{fmt} report cannot be written as UTF-8", str(exc)[:200]))
        try:
            if fmt in ("json", "sarif"):
                payload = json.loads(out)
                if fmt == "sarif" and sarif_validator() is not None:
                    errors = list(sarif_validator().iter_errors(payload))
                    if errors:
                        problems.append(Problem("sarif does not match the schema", errors[0].message[:300]))
            elif fmt == "junit":
                ET.fromstring(out.split("\n", 1)[1])
        except (ValueError, ET.ParseError) as exc:
            problems.append(Problem(f"{fmt} report does not parse", str(exc)[:300]))
    return problems


def check_problems(engine: Engine, name: str, data: bytes) -> list[Problem]:
    """Every invariant of a run of the default rules over ``data`` as the file ``name``."""
    from newslint.document import UnreadableFile, decode, parse
    from newslint.engine import apply_fixes

    try:
        result = engine.run(name, data)
    except Exception as exc:  # noqa: BLE001
        return [Problem(f"run raised {type(exc).__name__}", "".join(traceback.format_exception_only(exc)).strip())]
    problems = []
    for e in [*result.errors, *(e for r in result.files for e in r.errors)]:
        if e.get("code") == "NL000" or e.get("traceback"):
            first = (e.get("traceback") or "").strip().splitlines()[-1:] or [e["message"]]
            problems.append(Problem(f"rule crashed ({e.get('rule', e.get('code'))})", first[0][:300]))
    try:
        text, _ = decode(data)
    except UnreadableFile:
        if any(f.code not in ("NL002",) for f in result.findings):
            problems.append(Problem("findings in an unreadable file", ", ".join(f.code for f in result.findings)))
        problems.extend(report_problems(engine, result))
        return problems
    doc = parse(name, text)
    problems.extend(finding_problems(text, result.findings, doc.position))
    problems.extend(report_problems(engine, result))
    fixed, applied = apply_fixes(text, result.findings)
    if applied:
        try:
            fixed.encode("utf-8")
            parse(name, fixed)
        except Exception as exc:  # noqa: BLE001
            problems.append(Problem(f"fixed text does not parse: {type(exc).__name__}", str(exc)[:300]))
            return problems
        all_applied = len(applied) == sum(1 for f in result.findings if f.fix is not None)
        capped = any(LIMIT_NOTE in f.message for f in result.findings)
        if all_applied and not capped and not problems:
            # no fix was left out for overlapping another, and no rule stopped at its limit of
            # findings: fixing again changes nothing
            again = engine.run(name, fixed.encode("utf-8"))
            twice, applied_again = apply_fixes(fixed, again.files[0].findings if again.files else [])
            if twice != fixed:
                problems.extend(refix_problems(applied, applied_again))
    return problems


#: what a rule that stopped at its limit of findings says (``rules/mechanics/limit.py``)
LIMIT_NOTE = "more like the"


def refix_problems(applied, applied_again) -> list[Problem]:
    """A second round of fixes that changed the text: a rule fixing again where its own fix wrote
    (the fix is not idempotent), or a slip that a first fix revealed to another rule."""
    written = []  # where each first-round fix's replacement is in the fixed text, and its rule
    delta = 0
    for f in sorted(applied, key=lambda f: (f.fix.start.offset, f.fix.end.offset)):
        start = f.fix.start.offset + delta
        written.append((start, start + len(f.fix.replacement), f.code))
        delta += len(f.fix.replacement) - (f.fix.end.offset - f.fix.start.offset)
    problems = []
    for f in applied_again:
        s, e = f.fix.start.offset, f.fix.end.offset
        own = any(code == f.code and s <= we + 1 and e >= ws - 1 for ws, we, code in written)
        what = f"{f.code} {f.fix.original!r} -> {f.fix.replacement!r} at {f.fix.start.line}:{f.fix.start.column}"
        if own:
            problems.append(Problem(f"fixing twice differs from fixing once ({f.code} fixes its own fix)", what))
        else:
            problems.append(Problem(f"a fix reveals a slip to fix ({f.code})", what))
    return problems[:1] + [p for p in problems[1:] if p.kind != problems[0].kind][:2]
    return problems


# --- the benchmark ----------------------------------------------------------------------------

def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loads", type=int, default=100_000)
    parser.add_argument("--checks", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=None, help="stop each phase after this long")
    parser.add_argument("--show", type=int, default=5, help="failing inputs shown per kind")
    parser.add_argument("--save", type=Path, default=None, help="write the failing inputs shown into this folder")
    args = parser.parse_args(argv)

    failures: Counter = Counter()
    examples: dict[str, list[tuple[str, bytes, str]]] = {}

    def record(problems: list[Problem], name: str, data: bytes) -> None:
        for p in problems:
            failures[p.kind] += 1
            shown = examples.setdefault(p.kind, [])
            if len(shown) < args.show:
                shown.append((name, data, p.detail))

    def phase(label: str, count: int, step: Callable[[random.Random], None]) -> tuple[int, float]:
        rng = random.Random(f"{args.seed}:{label}")
        started = time.perf_counter()
        done = 0
        while done < count:
            if args.seconds is not None and time.perf_counter() - started > args.seconds:
                break
            step(rng)
            done += 1
            if done % 5000 == 0:
                print(f"  {label}: {done} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
        return done, time.perf_counter() - started

    def one_load(rng: random.Random) -> None:
        draw = RandomDraw(rng)
        name = draw.choice(("story.md", "story.txt", "story.markdown"))
        data = article_bytes(draw)
        record(load_problems(name, data), name, data)

    engine = Engine()

    def one_check(rng: random.Random) -> None:
        draw = RandomDraw(rng)
        name = draw.choice(("story.md", "story.txt"))
        data = article_bytes(draw)
        record(check_problems(engine, name, data), name, data)

    loads, load_seconds = phase("loads", args.loads, one_load)
    checks, check_seconds = phase("checks", args.checks, one_check)
    print(f"seed {args.seed}")
    print(f"documents loaded: {loads} in {load_seconds:.0f} s")
    print(f"articles checked (every default rule, six formats, fixes applied and re-checked): {checks} "
          f"in {check_seconds:.0f} s")
    exceptions = {k: v for k, v in failures.items() if "raised" in k or "crashed" in k}
    invariants = {k: v for k, v in failures.items() if k not in exceptions}
    print(f"exceptions: {sum(exceptions.values())}")
    for kind, n in sorted(exceptions.items(), key=lambda kv: -kv[1]):
        print(f"  {n:8d}  {kind}")
    print(f"invariant failures: {sum(invariants.values())}")
    for kind, n in sorted(invariants.items(), key=lambda kv: -kv[1]):
        print(f"  {n:8d}  {kind}")
    for k, (kind, shown) in enumerate(examples.items()):
        print(f"\n## {kind}")
        for i, (name, data, detail) in enumerate(shown):
            print(f"  {name} {data[:300]!r}\n    {detail[:1000]}")
            if args.save is not None:
                args.save.mkdir(parents=True, exist_ok=True)
                (args.save / f"{k}-{i}-{name}").write_bytes(data)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
