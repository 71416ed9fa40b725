"""What reaches a terminal or a report file: file names and messages without control characters.

A file name may hold anything but ``/`` and NUL: a newline (which would split a report line, or
start a forged one), ESC (which a terminal obeys), other control characters (which make XML
invalid), bytes that are not UTF-8 (which Python keeps as lone surrogates, and no UTF-8 output can
hold) and the invisible controls that reorder text on screen. Before any format renders a run,
``for_output`` escapes them the way Python writes them in a string, ``\\n``, ``\\x1b``, ``\\xff``,
``\\u202e``, so that every format shows the same readable name and stays valid. Messages keep their
line breaks and tabs (each format deals with those) and lose only what no format can carry.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import FileResult, RunResult
    from ..findings import Finding

#: C0 and C1 controls, DEL, lone surrogates (``surrogateescape``), line and paragraph separators,
#: and the bidirectional embeddings, overrides and isolates
_IN_NAMES = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u202a-\u202e\u2066-\u2069]")
#: the same without the line break, carriage return and tab a message may have
_IN_MESSAGES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable_name(name: str) -> str:
    """A file name as every output shows it (see the module)."""
    return _IN_NAMES.sub(_escape, name) if _IN_NAMES.search(name) else name


def printable_message(text: str, names: dict[str, str] | None = None) -> str:
    """A message as every output shows it: the file names in ``names`` (raw to shown) replaced,
    then what no format can carry escaped."""
    for raw, shown in (names or {}).items():
        if raw in text:
            text = text.replace(raw, shown)
    return _IN_MESSAGES.sub(_escape, text) if _IN_MESSAGES.search(text) else text


def printable_line(text: str) -> str:
    """One line for standard error: everything a file name loses, a line break too."""
    return printable_name(text)


def for_output(result: "RunResult") -> "RunResult":
    """``result`` with every file name and message printable; the same object when nothing needs it
    (almost every run), so that a large run pays one scan of its names and messages."""
    names = {}
    for path in _paths(result):
        shown = printable_name(path)
        if shown != path:
            names[path] = shown
    if not names and not _messages_need_it(result):
        return result

    def name(path: str) -> str:
        return names.get(path, path)

    def message(text: str) -> str:
        return printable_message(text, names)

    def finding(f: "Finding") -> "Finding":
        related = tuple(replace(r, path=name(r.path), message=message(r.message)) for r in f.related)
        fix = None if f.fix is None else replace(f.fix, description=message(f.fix.description))
        extra = {} if f.source_line is None else {"source_line": message(f.source_line)}
        if f.source_last_line is not None:
            extra["source_last_line"] = message(f.source_last_line)
        return replace(f, path=name(f.path), message=message(f.message), details=message(f.details),
                       related=related, fix=fix, **extra)

    def error(e: dict) -> dict:
        return {**e, "path": name(e["path"]), "message": message(e["message"])}

    def file(r: "FileResult") -> "FileResult":
        return replace(r, path=name(r.path), findings=[finding(f) for f in r.findings],
                       fixed=[finding(f) for f in r.fixed], errors=[error(e) for e in r.errors])

    return replace(result, files=[file(r) for r in result.files], errors=[error(e) for e in result.errors],
                   notes=[message(n) for n in result.notes], warnings=[message(w) for w in result.warnings],
                   baseline=None if result.baseline is None else name(result.baseline))


def _paths(result: "RunResult"):
    for r in result.files:
        yield r.path
        for f in r.findings:
            for rel in f.related:
                yield rel.path
    for e in result.errors:
        yield e["path"]
    if result.baseline is not None:
        yield result.baseline


def _messages_need_it(result: "RunResult") -> bool:
    search = _IN_MESSAGES.search
    for r in result.files:
        for f in (*r.findings, *r.fixed):
            if search(f.message) or (f.details and search(f.details)) or any(search(rel.message) for rel in f.related) \
                    or (f.source_line and search(f.source_line)):
                return True
        if any(search(e["message"]) for e in r.errors):
            return True
    return any(search(e["message"]) for e in result.errors) or any(search(t) for t in (*result.notes, *result.warnings))
