"""Applying the fixes rules suggest: checking them, choosing those that do not overlap, and writing
the file without ever leaving it half-written.

A file is written through a temporary file in its own folder, flushed to disk (``fsync``), given
the article's permissions (and owner, where the user may) and then renamed over the article
(``os.replace``, atomic on one file system): a full disk, an I/O error or a kill at any moment
leaves either the old article or the new one, never an empty or a partial one. A symbolic link is
written through: its target gets the new text and the link stays a link. A file with several hard
links becomes a file of its own (the other names keep the old text), as it does with most editors.

Before the rename, the article is read again: when it changed since it was checked (an editor
saved it meanwhile), nothing is written and the run says so, so that the edit is never lost.
"""

from __future__ import annotations

import os
import stat
from typing import TYPE_CHECKING, Callable, Iterable

from ..core_rules import UnreadableFile
from ..findings import Finding, Fix, InvalidFix, Severity, check_fix_span

if TYPE_CHECKING:  # pragma: no cover
    from ..document import Document
    from .results import FileResult


def check_fix(fix: Fix, doc: "Document") -> None:
    """Raise ``InvalidFix`` unless ``fix`` fits ``doc``: a span of the text whose lines and columns
    are those of its offsets, whose recorded text (when it has one) is the text there, and whose
    replacement is text."""
    check_fix_span(doc.text, fix.start.offset, fix.end.offset)
    for pos in (fix.start, fix.end):
        if doc.position(pos.offset) != pos:
            expected = doc.position(pos.offset)
            raise InvalidFix(f"offset {pos.offset} is line {expected.line}, column {expected.column}, "
                             f"not line {pos.line}, column {pos.column}")
    if fix.original and doc.text[fix.start.offset:fix.end.offset] != fix.original:
        raise InvalidFix(f"it replaces {fix.original!r}, but the article has "
                         f"{doc.text[fix.start.offset:fix.end.offset]!r} there")
    if not isinstance(fix.replacement, str):
        raise InvalidFix(f"its replacement {fix.replacement!r} is not text")
    try:
        fix.replacement.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidFix(f"its replacement {fix.replacement!r} cannot be written as UTF-8") from None


def valid_fixes(findings: Iterable[Finding], doc: "Document") -> Iterable[Finding]:
    """``findings`` as they are, raising ``InvalidFix`` at the first whose fix does not fit ``doc``."""
    for f in findings:
        if f.fix is not None:
            check_fix(f.fix, doc)
        yield f


def apply_fixes(text: str, findings: Iterable[Finding]) -> tuple[str, list[Finding]]:
    """Apply the fixes of ``findings`` that do not overlap each other; return new text and those applied.

    A fix whose span is not a span of ``text`` is never applied (the engine has already reported
    the rule that made it: ``valid_fixes``)."""
    chosen: list[Finding] = []
    last_end = -1
    usable = (f for f in findings if f.fix is not None and _fits(text, f.fix))
    for f in sorted(usable, key=lambda f: (f.fix.start.offset, f.fix.end.offset)):
        if f.fix.start.offset >= last_end:
            chosen.append(f)
            last_end = max(f.fix.end.offset, f.fix.start.offset + (1 if f.fix.start.offset == f.fix.end.offset else 0))
    for f in reversed(chosen):
        text = text[: f.fix.start.offset] + f.fix.replacement + text[f.fix.end.offset:]
    return text, chosen


def fixed_text(path: str, text: str, findings: Iterable[Finding],
               recheck: "Callable[[str, str], list[Finding]] | None" = None) -> tuple[str, list[Finding]]:
    """``text`` with the fixes of ``findings`` applied, then (with ``recheck``) those found on the
    fixed text, pass after pass (see ``write_fixes``); returns the text and every fix applied."""
    new_text, applied = apply_fixes(text, findings)
    seen = {text, new_text}
    for _ in range(MAX_FIX_PASSES - 1 if recheck is not None and applied else 0):
        newer, more = apply_fixes(new_text, recheck(path, new_text))
        if not more or newer in seen:
            break
        seen.add(newer)
        new_text = newer
        applied.extend(more)
    return new_text, applied


def _fits(text: str, fix: Fix) -> bool:
    try:
        check_fix_span(text, fix.start.offset, fix.end.offset)
    except InvalidFix:
        return False
    return isinstance(fix.replacement, str)


class NotWritten(Exception):
    """Why the fixes of a file were not written, in plain words (the file is unchanged)."""


#: how many times the fixed text is checked again for what the fixes exposed (ruff's way)
MAX_FIX_PASSES = 10


def write_fixes(result: "FileResult", doc: "Document",
                recheck: "Callable[[str, str], list[Finding]] | None" = None) -> None:
    """Rewrite ``result``'s file with its fixes applied; applied findings move to ``result.fixed``.

    With ``recheck(path, text)`` (the per-document rules' findings on a text), the fixed text is
    checked again and the fixes found there are applied too, up to ``MAX_FIX_PASSES`` times, until
    a pass finds nothing more to fix or gives a text seen before: a fix can expose another slip
    ("he ,, said" becomes "he , said"). The findings still reported are those of the text as read.

    When the file cannot be written, or changed since it was checked, it is left as it is and
    the reason is an NL002 error of the file (a finding and an error entry, so that every format
    and the summary show it)."""
    from ..document import UnreadableFile as UnreadableError

    try:
        text, had_bom = doc.text, doc.had_bom  # a handle parses the file again, refusing one that changed
    except UnreadableError:
        return _not_written(result, "it changed while it was being checked; check it again")
    if result.digest is not None and _digest_now(os.path.realpath(result.path)) != result.digest:
        # said before the fixed text is checked again: that work would be thrown away
        return _not_written(result, "it changed while it was being checked; check it again")
    new_text, applied = fixed_text(result.path, text, result.findings, recheck)
    if not applied:
        return
    try:
        data = new_text.encode("utf-8")
    except UnicodeEncodeError:  # a fix from outside the engine's checks
        return _not_written(result, "a fix has characters that cannot be written as UTF-8")
    if had_bom:
        data = b"\xef\xbb\xbf" + data
    try:
        replace_file(result.path, data, result.digest)
    except NotWritten as exc:
        return _not_written(result, str(exc))
    applied_ids = {id(f) for f in applied}
    result.fixed = applied
    result.findings = [f for f in result.findings if id(f) not in applied_ids]


def _not_written(result: "FileResult", reason: str) -> None:
    from ..findings import Position

    message = f"{result.path} was not fixed: {reason}; the file is unchanged"
    pos = Position(0, 1, 1)
    result.findings.append(Finding(result.path, UnreadableFile.code, UnreadableFile.name, Severity.ERROR,
                                   pos, pos, message))
    # "kind": said on standard error in every format, though the text report shows the finding too:
    # a file the user asked to fix and that was not is never only a line among the others
    result.errors.append({"path": result.path, "code": UnreadableFile.code, "message": message, "kind": "fix"})


def replace_file(path: str, data: bytes, digest: bytes | None) -> None:
    """Put ``data`` in the file at ``path`` atomically (see the module); ``digest`` is that of the
    bytes checked (``handles.content_digest``): a file whose bytes differ now is not written.
    Raises ``NotWritten``."""
    target = os.path.realpath(path)  # through a symbolic link: the link stays, its target changes
    try:
        before = os.stat(target)
    except OSError as exc:
        raise NotWritten(_reason(exc)) from None
    if not os.access(target, os.W_OK):
        raise NotWritten("it is read-only")
    folder, name = os.path.split(target)
    import tempfile

    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".newslint-tmp", dir=folder)
    except OSError as exc:
        raise NotWritten(f"no temporary file could be made next to it: {_reason(exc)}") from None
    try:
        try:
            _preserve_owner_and_mode(fd, before)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        if not hasattr(os, "fchmod"):  # Windows before Python 3.13: only the read-only flag, once written
            os.chmod(temporary, stat.S_IMODE(before.st_mode))
        if digest is not None and _digest_now(target) != digest:
            raise NotWritten("it changed while it was being checked; check it again")
        os.replace(temporary, target)
    except OSError as exc:
        _remove(temporary)
        raise NotWritten(_reason(exc)) from None
    except BaseException:
        _remove(temporary)
        raise
    _sync_folder(folder)


def _preserve_owner_and_mode(fd: int, before: os.stat_result) -> None:
    if hasattr(os, "fchmod"):
        os.fchmod(fd, stat.S_IMODE(before.st_mode))
    if hasattr(os, "fchown"):
        try:
            os.fchown(fd, before.st_uid, before.st_gid)
        except OSError:  # only root may give a file away; the group may still be kept
            try:
                os.fchown(fd, -1, before.st_gid)
            except OSError:
                pass


def _digest_now(path: str) -> bytes | None:
    from .handles import content_digest

    try:
        with open(path, "rb") as fh:
            return content_digest(fh.read())
    except OSError:
        return None


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable (best effort: not every system can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _reason(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()
