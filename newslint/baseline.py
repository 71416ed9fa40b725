"""The baseline: findings a newsroom has accepted in its existing articles, hidden from later runs.

``newslint check --write-baseline FILE PATHS`` records the findings of today; ``--baseline FILE``
(or ``baseline = "FILE"`` in the configuration) hides them from then on, and reports the entries
that no longer match anything (NL004), as NL001 reports suppressions that suppress nothing.

An entry is a finding's key under the file's path: its rule code, a hash of the normalised text
of the span it flags and its occurrence number among that rule's findings of the same text in the
file. Line numbers are not part of it, so that an edit elsewhere in the article, or a paragraph
moved, keeps its findings hidden, while an edit of the flagged text itself brings the finding back.
The same key is the SARIF result's ``partialFingerprints``, so that dashboards follow a finding
across commits the same way.

The file is JSON, sorted, one key a line, paths relative to its own folder: it diffs well in git
and works from any working directory.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from .config import ConfigError
from .core_rules import InternalError, UnreadableFile, UnusedBaselineEntry
from .findings import Finding, Position
from .paths import posix_relative, real, shown

if TYPE_CHECKING:  # pragma: no cover
    from .engine import FileResult, RunResult

VERSION = 1
#: the engine's reports about files and rules, not about text: they have no key
NO_KEY = (InternalError.code, UnreadableFile.code)
#: findings that never go in a baseline: those, and a stale entry of the baseline itself
NEVER_RECORDED = (*NO_KEY, UnusedBaselineEntry.code)
ABOUT = ("Findings newslint hides (`newslint check --baseline FILE`): for each file, rule code, hash of "
         "the flagged text and occurrence. Rewrite it with `newslint check --write-baseline FILE PATHS`.")


class BaselineError(ConfigError):
    """A baseline file that cannot be used. ``str(error)`` is the one line shown to the user."""


# --- keys -----------------------------------------------------------------------------------------

def normalised(text: str) -> str:
    """The flagged text as the key sees it: Unicode NFC, runs of white space as one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def text_hash(text: str) -> str:
    import hashlib  # here, not at the top: only a run that needs keys pays for it

    return hashlib.blake2b(normalised(text).encode("utf-8"), digest_size=8).hexdigest()


def spans_of(text: str) -> Callable[[Finding], str]:
    """The text each finding flags in an article whose text is ``text``."""
    return lambda f: text[f.start.offset:f.end.offset]


def with_keys(findings: Sequence[Finding], text_of: Callable[[Finding], str],
              taken: Iterable[Finding] = ()) -> list[Finding]:
    """``findings`` (in their order) with their ``key``: ``CODE:hash:occurrence``, the hash of the
    text ``text_of`` gives for the finding, the occurrence counted in the order of the article among
    the same rule's findings of the same text, after those already ``taken`` in the file. The
    engine's reports about files and rules get none."""
    counts: dict[tuple[str, str], int] = {}
    for f in taken:
        if f.key:
            code, digest, _ = f.key.split(":")
            counts[(code, digest)] = counts.get((code, digest), 0) + 1
    out = list(findings)
    order = sorted(range(len(out)), key=lambda i: (out[i].start.offset, out[i].end.offset, out[i].code, out[i].message))
    for i in order:
        f = out[i]
        if f.code in NO_KEY:
            continue
        digest = text_hash(text_of(f))
        n = counts.get((f.code, digest), 0)
        counts[(f.code, digest)] = n + 1
        out[i] = replace(f, key=f"{f.code}:{digest}:{n}")
    return out


def _code(key: str) -> str:
    return key.split(":", 1)[0]


# --- the file -------------------------------------------------------------------------------------

@dataclass
class Baseline:
    """A baseline file: the keys of the findings it hides, by path relative to its folder."""

    path: Path
    entries: dict[str, set[str]] = field(default_factory=dict)
    #: what applying it hid in this run
    hidden: int = 0

    @classmethod
    def load(cls, path: Path) -> "Baseline":
        import json

        where = shown(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise BaselineError(f"{where}: baseline file not found; write it with "
                                f"`newslint check --write-baseline {where} PATHS`") from None
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or type(exc).__name__
            raise BaselineError(f"{where}: cannot read the baseline file ({str(reason).lower()})") from None
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise BaselineError(f"{where}: is not a newslint baseline: not valid JSON ({exc})") from None
        files = data.get("files") if isinstance(data, dict) else None
        if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(files, dict) or not all(
                isinstance(keys, list) and all(isinstance(k, str) and k.count(":") == 2 for k in keys)
                for keys in files.values()):
            raise BaselineError(f"{where}: is not a newslint baseline (expected version {VERSION} and a table "
                                "of files, each a list of keys); write it with `newslint check --write-baseline`")
        return cls(path, {p: set(keys) for p, keys in files.items()})

    def key_path(self, path: str) -> str:
        """A file's path as the baseline records it: relative to the baseline's folder (``..`` when
        it is not under it), so that it does not depend on where newslint runs."""
        try:
            return Path(os.path.relpath(real(path), real(self.path).parent)).as_posix()
        except ValueError:  # another drive (Windows)
            return posix_relative(path, real(self.path).parent)

    def apply(self, result: "FileResult", stale_codes: set[str], report_stale: bool) -> None:
        """Hide ``result``'s findings that the baseline records; with ``report_stale``, report its
        entries of ``stale_codes`` that match none of them as one NL004 finding."""
        recorded = self.entries.get(self.key_path(result.path), set())
        if not recorded:
            return
        kept = [f for f in result.findings if not (f.key and f.key in recorded)]
        self.hidden += len(result.findings) - len(kept)
        present = {f.key for f in result.findings}
        stale = sorted(k for k in recorded - present if _code(k) in stale_codes)
        if stale and report_stale and not result.errors:
            kept.append(self._stale_finding(result.path, stale))
        result.findings = kept

    def _stale_finding(self, path: str, stale: list[str]) -> Finding:
        codes = sorted({_code(k) for k in stale})
        where = shown(self.path)
        entries = "1 entry" if len(stale) == 1 else f"{len(stale)} entries"
        message = (f"{entries} of the baseline {where} ({', '.join(codes)}) "
                   f"{'matches' if len(stale) == 1 else 'match'} nothing in this file any more: the finding "
                   f"was fixed or its text changed; `newslint check --write-baseline {where}` removes "
                   f"{'it' if len(stale) == 1 else 'them'}")
        pos = Position(0, 1, 1)
        return Finding(path, UnusedBaselineEntry.code, UnusedBaselineEntry.name, UnusedBaselineEntry.severity,
                       pos, pos, message)

    def missing_files(self) -> list[str]:
        """The recorded paths that are no longer files."""
        folder = real(self.path).parent
        return sorted(p for p in self.entries if not (folder / p).is_file())


def recorded(result: "RunResult", path: Path, previous: Baseline | None) -> tuple[Baseline, int]:
    """The baseline to write at ``path`` for ``result``: every finding of the files checked, and the
    previous entries of the files this run did not check that still exist. Also how many of the
    previous entries it drops (fixed, changed, or of files that are gone)."""
    new = Baseline(path)
    checked = {new.key_path(r.path) for r in result.files}
    if previous is not None:
        gone = set(previous.missing_files())
        for p, keys in previous.entries.items():
            if p not in checked and p not in gone:
                new.entries[p] = set(keys)
    for r in result.files:
        keys = {f.key for f in r.findings if f.key and f.code not in NEVER_RECORDED}
        if keys:
            new.entries.setdefault(new.key_path(r.path), set()).update(keys)
    dropped = 0
    if previous is not None:
        dropped = sum(len(keys - new.entries.get(p, set())) for p, keys in previous.entries.items())
    return new, dropped


#: a lone surrogate: how Python keeps a byte of a file name that is not UTF-8 (``surrogateescape``)
_SURROGATE = re.compile("[\ud800-\udfff]")


def write(baseline: Baseline) -> None:
    """Write the file: sorted, one key a line, written whole or not at all."""
    import json

    data = {"version": VERSION, "about": ABOUT,
            "files": {p: sorted(keys) for p, keys in sorted(baseline.entries.items()) if keys}}
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if _SURROGATE.search(text):  # a file name that is not UTF-8: as a JSON escape, which reads back the same
        text = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    tmp = baseline.path.with_name(f".{baseline.path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, baseline.path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BaselineError(f"{shown(baseline.path)}: cannot write the baseline ({(exc.strerror or '').lower()})") from None
