"""Loading and validating boilerplate pattern packs (the format is in docs/boilerplate-pack.md)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable, NamedTuple

from .name_packs import stored_reading

BUILTIN_PACK = Path(__file__).resolve().parent.parent / "packs" / "boilerplate.toml"
PACK_VERSION = 1
WHERE_CHOICES = ("edge", "anywhere")
DEFAULT_MAX_WORDS = 40
_PATTERN_KEYS = {"id", "description", "regex", "where", "max-words"}
_TOP_KEYS = {"version", "pattern", "disable"}
#: top-level tables of NL202's name packs, which may share a file with boilerplate tables
NAME_PACK_KEYS = {"pack", "entities"}
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class PackError(Exception):
    """A mistake in a pack file. ``str(error)`` is one line naming the file and what is expected."""


class Pattern:
    """One pack pattern. ``regex`` is compiled (case-insensitive) the first time it is used: a run
    that never meets a paragraph short enough for a pattern never pays for compiling it."""

    __slots__ = ("id", "pattern", "where", "max_words", "description", "source", "_regex")

    def __init__(self, id: str, regex: "str | re.Pattern", where: str, max_words: int, description: str,
                 source: str) -> None:
        self.id = id
        self.where = where
        self.max_words = max_words
        self.description = description
        self.source = source
        if isinstance(regex, str):
            self.pattern, self._regex = regex, None
        else:
            self.pattern, self._regex = regex.pattern, regex

    @property
    def regex(self) -> re.Pattern:
        compiled = self._regex
        if compiled is None:
            compiled = self._regex = re.compile(self.pattern, re.IGNORECASE)
        return compiled

    def __repr__(self) -> str:
        return f"Pattern({self.id!r}, {self.pattern!r}, where={self.where!r}, max_words={self.max_words})"


# a named tuple, not a dataclass: several times cheaper to define, and every run imports this module
class Pack(NamedTuple):
    """One pack file's patterns."""

    patterns: tuple[Pattern, ...]
    #: pattern ids this pack switches off (from packs loaded before it)
    disable: tuple[str, ...] = ()


def parse_pack(text: str, source: str, *, compile: bool = True) -> Pack:
    """Validate the text of one pack file; raise ``PackError`` on the first mistake.

    With ``compile=False`` (the built-in pack, which the tests validate) the regular expressions
    are compiled when first used instead."""
    data = stored_reading(text)
    if data is None:
        from newslint._toml import tomllib  # only for a pack that has to be parsed

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise PackError(f"{source}: is not valid TOML: {exc}") from None
    return pack_from_data(data, source, compile=compile)


def has_boilerplate_tables(data: dict) -> bool:
    """Whether parsed TOML holds boilerplate tables ([[pattern]] or ``disable``)."""
    return "pattern" in data or "disable" in data


def pack_from_data(data: dict, source: str, *, compile: bool = True) -> Pack:
    """``parse_pack`` for TOML already parsed. The name pack tables of NL202 (``[pack]``,
    ``[entities."Name"]``) are left alone: one house-style file may hold both."""
    unknown = sorted(set(data) - _TOP_KEYS - NAME_PACK_KEYS)
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
        patterns.append(_pattern(raw, n, source, seen, compile))
    return Pack(tuple(patterns), tuple(disable))


def _pattern(raw: Any, n: int, source: str, seen: set[str], compile: bool = True) -> Pattern:
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
    compiled: str | re.Pattern = regex
    if compile:
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
    from newslint.document import UnreadableFile
    from newslint.engine.inputs import read_pack_text

    try:
        text = read_pack_text(path)
    except UnreadableFile as exc:
        raise PackError(f"{path}: cannot read the boilerplate pack: it {exc.message}") from None
    return parse_pack(text, str(path))


def load_shared_pack_file(path: Path) -> Pack | None:
    """A file of the global ``packs`` list, or ``None`` when it is not a boilerplate pack.

    That list is shared with NL202's name packs: a file with boilerplate tables ([[pattern]] or
    ``disable``) is a boilerplate pack and is checked like any other; a file without them (or one
    that cannot be read) is another rule's, and another rule's to report. A file whose name starts
    with ``boilerplate`` is always a boilerplate pack."""
    if path.name.startswith("boilerplate"):
        return load_pack_file(path)
    from newslint._toml import tomllib  # a newsroom's pack: parsed

    from newslint.document import UnreadableFile
    from newslint.engine.inputs import read_pack_text

    try:
        data = tomllib.loads(read_pack_text(path))
    except (UnreadableFile, tomllib.TOMLDecodeError):
        return None
    if not has_boilerplate_tables(data):
        return None
    return pack_from_data(data, str(path))


class PackFile(NamedTuple):
    """A boilerplate pack file of the run; ``shared`` when it comes from the global ``packs`` list."""

    path: Path
    shared: bool = False


def pack_files(rule_packs: Iterable[str | Path] = (), shared_packs: Iterable[Path] = (),
               root: Path | None = None) -> list[PackFile]:
    """The candidate boilerplate pack files of a run, in the order they apply.

    ``shared_packs`` is the global ``packs`` list, which NL202's name packs share: every file
    listed and every ``*.toml`` of a listed folder is a candidate, and is a boilerplate pack if it
    has boilerplate tables (see ``load_shared_pack_file``). ``rule_packs`` is NL302's own
    ``packs`` option: every file listed, every ``*.toml`` of a listed folder, all boilerplate
    packs; relative paths are resolved against ``root`` (the configuration file's folder).
    A missing file is kept so that reading it reports the mistake.
    """
    out: list[PackFile] = []
    for p in map(Path, shared_packs):
        out.extend(PackFile(f, True) for f in (sorted(p.glob("*.toml")) if p.is_dir() else [p]))
    for p in map(Path, rule_packs):
        if not p.is_absolute() and root is not None:
            p = root / p
        out.extend(PackFile(f) for f in (sorted(p.glob("*.toml")) if p.is_dir() else [p]))
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


def _signature(files: Iterable[PackFile]) -> tuple:
    out = []
    for p, shared in files:
        try:
            st = p.stat()
            out.append((str(p), shared, st.st_mtime_ns, st.st_size))
        except OSError:
            out.append((str(p), shared, None, None))
    return tuple(out)


class PackProblem(NamedTuple):
    """A pack that could not be used: the file, and the one-line message naming it."""

    path: str
    message: str

    def __str__(self) -> str:
        return self.message


class LoadedPacks(NamedTuple):
    patterns: tuple[Pattern, ...]
    errors: list[PackProblem]
    #: the files that are boilerplate packs, in order (the built-in pack not included)
    used: list[Path]


_LOADED: dict[tuple, LoadedPacks] = {}


def _as_pack_file(f: "PackFile | str | Path") -> PackFile:
    return f if isinstance(f, PackFile) else PackFile(Path(f))


def load_packs(files: Iterable["PackFile | str | Path"] = ()) -> LoadedPacks:
    """The built-in pack plus ``files`` (see ``pack_files``; a plain path is a boilerplate pack),
    the errors of those that could not be read, and the files in use.

    A broken user pack is skipped (its error returned) so that the built-in patterns keep working;
    a broken built-in pack is a bug and raises. Results are reused while the files are unchanged.
    """
    files = [_as_pack_file(f) for f in files]
    key = _signature([PackFile(BUILTIN_PACK), *files])
    if key not in _LOADED:
        _LOADED[key] = _load_packs(files)
    loaded = _LOADED[key]
    return LoadedPacks(loaded.patterns, list(loaded.errors), list(loaded.used))


def load_patterns(files: Iterable["PackFile | str | Path"] = ()) -> tuple[tuple[Pattern, ...], list[PackProblem]]:
    """``load_packs`` without the list of files in use."""
    loaded = load_packs(files)
    return loaded.patterns, loaded.errors


def _load_packs(files: list[PackFile]) -> LoadedPacks:
    # The built-in pack is checked by the test suite: its expressions are compiled when first used.
    packs = [parse_pack(BUILTIN_PACK.read_text(encoding="utf-8"), str(BUILTIN_PACK), compile=False)]
    errors = []
    used = []
    for path, shared in files:
        try:
            pack = load_shared_pack_file(path) if shared else load_pack_file(path)
        except PackError as exc:
            errors.append(PackProblem(str(path), str(exc)))
            continue
        if pack is not None:
            packs.append(pack)
            used.append(path)
    return LoadedPacks(combine(packs), errors, used)
