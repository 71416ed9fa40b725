"""Loading and validating boilerplate pattern packs (the format is in docs/boilerplate-pack.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from newslint._toml import tomllib

BUILTIN_PACK = Path(__file__).with_name("packs") / "boilerplate.toml"
PACK_VERSION = 1
WHERE_CHOICES = ("edge", "anywhere")
DEFAULT_MAX_WORDS = 40
_PATTERN_KEYS = {"id", "description", "regex", "where", "max-words"}
_TOP_KEYS = {"version", "pattern", "disable"}
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class PackError(Exception):
    """A mistake in a pack file. ``str(error)`` is one line naming the file and what is expected."""


@dataclass(frozen=True)
class Pattern:
    id: str
    regex: re.Pattern
    where: str
    max_words: int
    description: str
    source: str


@dataclass(frozen=True)
class Pack:
    patterns: tuple[Pattern, ...]
    #: pattern ids this pack switches off (from packs loaded before it)
    disable: tuple[str, ...] = ()


def parse_pack(text: str, source: str) -> Pack:
    """Validate the text of one pack file; raise ``PackError`` on the first mistake."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PackError(f"{source}: is not valid TOML: {exc}") from None
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise PackError(f"{source}: unknown key {unknown[0]!r}; expected: version, pattern, disable")
    version = data.get("version", PACK_VERSION)
    if version != PACK_VERSION:
        raise PackError(f"{source}: version must be {PACK_VERSION}, got {version!r}")
    disable = data.get("disable", [])
    if not isinstance(disable, list) or not all(isinstance(d, str) for d in disable):
        raise PackError(f"{source}: disable must be a list of pattern ids")
    raw_patterns = data.get("pattern", [])
    if not isinstance(raw_patterns, list):
        raise PackError(f"{source}: pattern must be an array of tables: write [[pattern]] above each one")
    patterns: list[Pattern] = []
    seen: set[str] = set()
    for n, raw in enumerate(raw_patterns, 1):
        patterns.append(_pattern(raw, n, source, seen))
    return Pack(tuple(patterns), tuple(disable))


def _pattern(raw: Any, n: int, source: str, seen: set[str]) -> Pattern:
    where = f"{source}: pattern {n}"
    if not isinstance(raw, dict):
        raise PackError(f"{where}: expected a table with id and regex")
    if isinstance(raw.get("id"), str):
        where = f"{source}: pattern {n} ({raw['id']})"
    unknown = sorted(set(raw) - _PATTERN_KEYS)
    if unknown:
        raise PackError(f"{where}: unknown key {unknown[0]!r}; expected: {', '.join(sorted(_PATTERN_KEYS))}")
    pid = raw.get("id")
    if not isinstance(pid, str) or not _ID_RE.match(pid):
        raise PackError(f"{where}: id must be lower-case words joined by hyphens, got {pid!r}")
    if pid in seen:
        raise PackError(f"{where}: the id {pid!r} is used twice")
    seen.add(pid)
    regex = raw.get("regex")
    if not isinstance(regex, str) or not regex.strip():
        raise PackError(f"{where}: regex must be a non-empty string")
    try:
        compiled = re.compile(regex, re.IGNORECASE)
    except re.error as exc:
        raise PackError(f"{where}: regex does not compile: {exc}") from None
    if compiled.search(""):
        raise PackError(f"{where}: regex matches empty text, so it would match every paragraph")
    place = raw.get("where", "anywhere")
    if place not in WHERE_CHOICES:
        raise PackError(f"{where}: where must be \"edge\" or \"anywhere\", got {place!r}")
    max_words = raw.get("max-words", DEFAULT_MAX_WORDS)
    if isinstance(max_words, bool) or not isinstance(max_words, int) or max_words < 1:
        raise PackError(f"{where}: max-words must be a whole number of at least 1, got {max_words!r}")
    description = raw.get("description", "")
    if not isinstance(description, str):
        raise PackError(f"{where}: description must be a string")
    return Pattern(pid, compiled, place, max_words, description, source)


def load_pack_file(path: Path) -> Pack:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror.lower() if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise PackError(f"{path}: cannot read the boilerplate pack ({reason})") from None
    return parse_pack(text, str(path))


def pack_files(rule_packs: Iterable[str | Path] = (), shared_packs: Iterable[Path] = (),
               root: Path | None = None) -> list[Path]:
    """The boilerplate pack files of a run, in the order they apply.

    ``shared_packs`` is the global ``packs`` list, which other rules' packs share: only files whose
    name starts with ``boilerplate`` (or such files in a listed folder) are taken from it.
    ``rule_packs`` is NL302's own ``packs`` option: every file listed, every ``*.toml`` of a listed
    folder; relative paths are resolved against ``root`` (the configuration file's folder).
    A missing file is kept so that reading it reports the mistake.
    """
    out: list[Path] = []
    for p in map(Path, shared_packs):
        if p.is_dir():
            out.extend(sorted(p.glob("boilerplate*.toml")))
        elif p.name.startswith("boilerplate"):
            out.append(p)
    for p in map(Path, rule_packs):
        if not p.is_absolute() and root is not None:
            p = root / p
        out.extend(sorted(p.glob("*.toml")) if p.is_dir() else [p])
    return out


def combine(packs: Iterable[Pack]) -> tuple[Pattern, ...]:
    """Patterns of ``packs`` in order; a later pack may disable or replace (same id) earlier ones."""
    by_id: dict[str, Pattern] = {}
    for pack in packs:
        for pid in pack.disable:
            by_id.pop(pid, None)
        for pattern in pack.patterns:
            by_id[pattern.id] = pattern
    return tuple(by_id.values())


def _signature(paths: Iterable[Path]) -> tuple:
    out = []
    for p in paths:
        try:
            st = p.stat()
            out.append((str(p), st.st_mtime_ns, st.st_size))
        except OSError:
            out.append((str(p), None, None))
    return tuple(out)


_LOADED: dict[tuple, tuple[tuple[Pattern, ...], list[str]]] = {}


def load_patterns(files: Iterable[Path] = ()) -> tuple[tuple[Pattern, ...], list[str]]:
    """The built-in pack plus ``files`` (see ``pack_files``), and the errors of those that could not
    be read.

    A broken user pack is skipped (its error returned) so that the built-in patterns keep working;
    a broken built-in pack is a bug and raises. Results are reused while the files are unchanged.
    """
    files = [Path(f) for f in files]
    key = _signature([BUILTIN_PACK, *files])
    if key not in _LOADED:
        _LOADED[key] = _load_patterns(files)
    patterns, errors = _LOADED[key]
    return patterns, list(errors)


def _load_patterns(files: list[Path]) -> tuple[tuple[Pattern, ...], list[str]]:
    packs = [load_pack_file(BUILTIN_PACK)]
    errors = []
    for path in files:
        try:
            packs.append(load_pack_file(path))
        except PackError as exc:
            errors.append(str(exc))
    return combine(packs), errors
