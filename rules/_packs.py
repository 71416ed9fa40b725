"""House-style packs: loading, validating and merging the alias data NL202 reads.

A pack is a TOML file (schema in ``docs/packs.md``)::

    [pack]
    name = "house"
    description = "Our own style"

    [entities."Kyiv"]
    variants = ["Kiev"]
    note = "House style since 2022."

The built-in packs (``rules/packs/*.toml``) load first, then the packs named in the
configuration, in order; a later pack overrides an earlier one. Every mistake raises
``newslint.config.ConfigError`` with one line naming the file, the entity or key, and the line.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, NamedTuple, Sequence

from newslint.config import ConfigError

BUILTIN_DIR = Path(__file__).resolve().parent / "packs"
BUILTIN_PACKS = ("countries", "organisations")

PACK_KEYS = {"name": str, "description": str}
#: top-level keys of boilerplate packs (NL302): one house-style file may hold names and patterns,
#: and the global ``packs`` list serves both rules, so these are left to NL302 to check
OTHER_PACK_KEYS = ("version", "pattern", "disable")
ENTITY_KEYS = ("variants", "note", "context", "the", "official")


# a named tuple, not a dataclass: several times cheaper to define, and every run imports this module
class Entity(NamedTuple):
    """One entity: the form to write, the forms not to write, and why."""

    canonical: str
    variants: tuple[str, ...]
    note: str = ""
    #: words of which one must be in the sentence for a variant to be flagged (empty: always)
    context: tuple[str, ...] = ()
    #: the canonical form takes "the" in running text ("the Netherlands")
    the: bool = False
    pack: str = ""
    #: the variants that are the entity's own official name ("United States of America"): a
    #: speaker may use one, so inside a direct quotation it is not flagged
    official: tuple[str, ...] = ()


class Pack(NamedTuple):  # (a named tuple, like Entity)
    """One pack file, read and validated."""

    name: str
    path: Path
    description: str
    entities: tuple[Entity, ...]


_LEADING_WORD_RE = re.compile(r"\w+")
#: where a form may start: not inside a word, a hyphenated word, an abbreviation or after an apostrophe
_FORM_START = r"(?<![\w\-\u2019'.])"


class FormIndex(NamedTuple):  # (a named tuple, like Entity)
    """Every form of a pack set, keyed by its leading word, for finding forms without a regex per form.

    ``starts`` finds each place a form may start whose first letter begins some form, with the
    word there; ``by_word`` lists the forms that begin with that word, longest first (the order in
    which ``PackSet.pattern`` tries them). ``starts`` is ``None`` when some form does not begin
    with a word character: then only ``PackSet.pattern`` finds them all.
    """

    starts: re.Pattern | None
    by_word: dict[str, tuple[str, ...]]


@dataclass
class PackSet:
    """The merged packs of a run: every entity, and a lookup from any form to its entity."""

    packs: list[Pack] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    #: variant → entity
    variants: dict[str, Entity] = field(default_factory=dict)
    _pattern: re.Pattern | None = None
    _index: FormIndex | None = None
    #: form → the canonical name of the entity it belongs to (a form belongs to one entity)
    _owner: dict[str, str] = field(default_factory=dict)

    def add(self, pack: Pack) -> None:
        """Merge ``pack`` over what is already there: its entries win over earlier packs'."""
        self.packs.append(pack)
        owner = self._owner
        for entity in pack.entities:
            forms = {entity.canonical, *entity.variants}
            # drop what an earlier pack said about any of these forms: the entity of that name,
            # and the forms from other entities (an entity left with no variants goes)
            for name in {owner[f] for f in forms if f in owner}:
                old = self.entities[name]
                kept = tuple(v for v in old.variants if v not in forms)
                for v in old.variants:
                    if v not in kept:
                        del owner[v]
                if name == entity.canonical or name in entity.variants or not kept:
                    del self.entities[name]
                    del owner[name]
                    for v in kept:
                        del owner[v]
                else:
                    self.entities[name] = Entity(old.canonical, kept, old.note, old.context, old.the, old.pack,
                                                 tuple(v for v in old.official if v in kept))
            self.entities[entity.canonical] = entity
            for f in forms:
                owner[f] = entity.canonical
        self.variants = {v: e for e in self.entities.values() for v in e.variants}
        self._pattern = None
        self._index = None

    def _forms(self) -> set[str]:
        return {f for e in self.entities.values() for f in (e.canonical, *e.variants)}

    def pattern(self) -> re.Pattern | None:
        """One case-sensitive regular expression for every canonical and variant form, longest first."""
        if self._pattern is None:
            forms = self._forms()
            if not forms:
                return None
            alternatives = "|".join(re.escape(f) for f in sorted(forms, key=lambda f: (-len(f), f)))
            self._pattern = re.compile(rf"{_FORM_START}(?:{alternatives})(?![\w\-])")
        return self._pattern

    def index(self) -> FormIndex:
        """The forms keyed by their leading word (finds what ``pattern`` finds, without compiling it)."""
        if self._index is None:
            by_word: dict[str, list[str]] = {}
            regular = True
            for f in sorted(self._forms(), key=lambda f: (-len(f), f)):
                m = _LEADING_WORD_RE.match(f)
                if m is None:
                    regular = False
                    break
                by_word.setdefault(m.group(0), []).append(f)
            if regular and by_word:
                initials = "".join(sorted({w[0] for w in by_word}))
                starts = re.compile(rf"{_FORM_START}[{re.escape(initials)}]\w*")
            else:
                starts, by_word = None, {}
            self._index = FormIndex(starts, {w: tuple(fs) for w, fs in by_word.items()})
        return self._index

    def entity_of(self, form: str) -> tuple[Entity, bool] | None:
        """``(entity, is_variant)`` for a form matched by ``pattern``."""
        if form in self.variants:
            return self.variants[form], True
        entity = self.entities.get(form)
        return (entity, False) if entity is not None else None


def _name_re(name: str) -> str:
    """A TOML key as it may be written: basic-quoted, literal-quoted or bare."""
    basic = name.replace("\\", "\\\\").replace('"', '\\"')
    return rf"(?:\"{re.escape(basic)}\"|'{re.escape(name)}'|{re.escape(name)})"


def _is_header(line: str) -> bool:
    return line.lstrip().startswith("[")


def _entity_lines(lines: list[str], canonical: str) -> list[int]:
    """The lines (0-based) that define one entity: its ``[entities."X"]`` table, an inline table
    (``"X" = { ... }`` under ``[entities]``) or its dotted keys (``X.variants = ...``)."""
    name = _name_re(canonical)
    header = re.compile(rf"^\s*\[\s*entities\s*\.\s*{name}\s*\]")
    entry = re.compile(rf"^\s*{name}\s*([=.])")
    top_entry = re.compile(rf"^\s*entities\s*\.\s*{name}\s*([=.])")
    in_entities = seen_header = False
    found: list[int] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if header.match(line):
            end = next((j for j in range(i + 1, len(lines)) if _is_header(lines[j])), len(lines))
            return list(range(i, end))
        if _is_header(line):
            in_entities = re.match(r"^\s*\[\s*entities\s*\]", line) is not None
            seen_header = True
            i += 1
            continue
        m = entry.match(line) if in_entities else None if seen_header else top_entry.match(line)
        if m and m.group(1) == "=":
            # an inline table: to the line where its braces close
            depth, j = 0, i
            while j < len(lines):
                depth += lines[j].count("{") - lines[j].count("}")
                j += 1
                if depth <= 0:
                    break
            return list(range(i, j))
        if m:
            found.append(i)
        i += 1
    return found


def _line_of(text: str, canonical: str | None, key: str | None = None, form: str | None = None,
             table: str | None = None) -> int | None:
    """Best-effort line number (1-based) of an entity's definition, a key inside it, or the line
    of that key that holds ``form``; or of a key of ``table`` (``"pack"``), or of a top-level key
    or table. For error messages: ``None`` when it cannot be found."""
    lines = text.splitlines()
    if canonical is None:
        if key is None:
            return None
        key_re = re.compile(rf"^\s*(?:\[+\s*)?{_name_re(key)}\s*(?:=|\.|\]|$)")
        inside = table is None
        for i, line in enumerate(lines):
            if table is not None and _is_header(line):
                inside = re.match(rf"^\s*\[\s*{_name_re(table)}\s*\]", line) is not None
                continue
            if inside and key_re.match(line):
                return i + 1
        return None
    where = _entity_lines(lines, canonical)
    if not where:
        return None
    if key is None:
        return where[0] + 1
    key_re = re.compile(rf"(?:^|[{{,.\s]){_name_re(key)}\s*=")
    at = next((k for k, i in enumerate(where) if key_re.search(lines[i])), None)
    if at is None:
        return where[0] + 1
    if form is not None:
        # a list may run over several lines: the first line from the key on that holds the form
        quoted = re.compile(rf"(?:\"\s*{re.escape(form)}\s*\"|'\s*{re.escape(form)}\s*')")
        for i in where[at:]:
            if quoted.search(lines[i]):
                return i + 1
            if i > where[at] and re.match(r"^\s*[\w\"'.-]+\s*=", lines[i]):
                break
    return where[at] + 1


def _where(path: Path, text: str, canonical: str | None = None, key: str | None = None,
           form: str | None = None, table: str | None = None) -> str:
    line = _line_of(text, canonical, key, form, table)
    return f"{path}:{line}" if line else f"{path}"


def _hint(key: str, known: Iterable[str]) -> str:
    import difflib  # only a mistake needs a suggestion

    close = difflib.get_close_matches(key, list(known), n=1)
    return f"did you mean {close[0]!r}? " if close else ""


def _str_list(value: Any, path: Path, text: str, canonical: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{_where(path, text, canonical, key)}: entities.{canonical!r}.{key}: "
                          f"expected a list of non-empty strings, got {value!r}")
    return tuple(v.strip() for v in value)


def stored_reading(text: str) -> dict[str, Any] | None:
    """``tomllib.loads(text)`` when ``text`` is a built-in pack as it was when
    ``tools/build_pack_readings.py`` last ran (a fresh copy); otherwise ``None``: parse it.

    Parsing the built-in packs on every run was a tenth of a one-article run. The stored readings
    are filed under the SHA-256 of the text they were read from, so an edited pack never gets a
    stale reading: it is parsed like any other pack (and the tests fail until the tool runs again).
    """
    from ._pack_readings import READINGS

    reading = READINGS.get(hashlib.sha256(text.encode("utf-8")).hexdigest())
    return reading() if reading is not None else None


def load_pack(path: Path) -> Pack:
    """Read and validate one pack file. Raises ``ConfigError`` naming the file, key and line."""
    if path.suffix.lower() in (".yaml", ".yml", ".json"):
        raise ConfigError(f"{path}: a pack is a TOML file (.toml); write this one in TOML, as docs/packs.md shows")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: pack file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror.lower() if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise ConfigError(f"{path}: cannot read the pack ({reason})") from None
    data = stored_reading(text)
    if data is None:
        from newslint._toml import tomllib  # only for a pack that has to be parsed

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            m = re.search(r"\s*\(at line (\d+), column (\d+)\)", str(exc))
            where = f"{path}:{m.group(1)}:{m.group(2)}" if m else f"{path}"
            reason = str(exc)[:m.start()] if m else str(exc)
            raise ConfigError(f"{where}: is not a valid TOML pack: {reason}") from None
    for key in data:
        if key not in ("pack", "entities", *OTHER_PACK_KEYS):
            raise ConfigError(f"{_where(path, text, None, key)}: unknown key {key!r}; "
                              f"{_hint(key, ('pack', 'entities', *OTHER_PACK_KEYS))}a pack has a [pack] table, "
                              "[entities.\"Name\"] tables for names and [[pattern]] tables for boilerplate")
    meta = data.get("pack", {})
    if not isinstance(meta, dict):
        raise ConfigError(f"{path}: pack: expected a table with name and description")
    for key, value in meta.items():
        if key not in PACK_KEYS:
            raise ConfigError(f"{_where(path, text, None, key, table='pack')}: pack: unknown key {key!r}; "
                              f"{_hint(key, PACK_KEYS)}expected: {', '.join(PACK_KEYS)}")
        if not isinstance(value, str):
            raise ConfigError(f"{_where(path, text, None, key, table='pack')}: pack.{key}: expected a string, got {value!r}")
    name = meta.get("name") or path.stem
    table = data.get("entities", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: entities: expected tables like [entities.\"Kyiv\"]")
    entities: list[Entity] = []
    seen: dict[str, str] = {}
    for canonical, body in table.items():
        if not canonical.strip():
            raise ConfigError(f"{path}: an entity has an empty name")
        if not isinstance(body, dict):
            raise ConfigError(f"{_where(path, text, canonical)}: entities.{canonical!r}: expected a table with variants")
        for key in body:
            if key not in ENTITY_KEYS:
                raise ConfigError(f"{_where(path, text, canonical, key)}: entities.{canonical!r}: unknown key {key!r}; "
                                  f"{_hint(key, ENTITY_KEYS)}expected: {', '.join(ENTITY_KEYS)}")
        if "variants" not in body:
            raise ConfigError(f"{_where(path, text, canonical)}: entities.{canonical!r}: missing key 'variants'")
        variants = _str_list(body["variants"], path, text, canonical, "variants")
        context = _str_list(body["context"], path, text, canonical, "context") if "context" in body else ()
        official = _str_list(body["official"], path, text, canonical, "official") if "official" in body else ()
        note = body.get("note", "")
        if not isinstance(note, str):
            raise ConfigError(f"{_where(path, text, canonical, 'note')}: entities.{canonical!r}.note: expected a string, got {note!r}")
        the = body.get("the", False)
        if not isinstance(the, bool):
            raise ConfigError(f"{_where(path, text, canonical, 'the')}: entities.{canonical!r}.the: expected true or false, got {the!r}")
        raw, canonical = canonical, canonical.strip()
        if canonical in variants:
            raise ConfigError(f"{_where(path, text, raw, 'variants', canonical)}: entities.{canonical!r}: "
                              f"the name to write cannot also be one of its variants")
        for form in variants:
            if variants.count(form) > 1:
                raise ConfigError(f"{_where(path, text, raw, 'variants', form)}: entities.{canonical!r}: "
                                  f"{form!r} is listed twice")
        for form in official:
            if form not in variants:
                raise ConfigError(f"{_where(path, text, raw, 'official', form)}: entities.{canonical!r}.official: "
                                  f"{form!r} is not one of its variants; list it in variants too")
        for form in (canonical, *variants):
            owner = seen.get(form)
            if owner is not None:
                where = _where(path, text, raw) if form == canonical else _where(path, text, raw, "variants", form)
                raise ConfigError(f"{where}: entities.{canonical!r}: {form!r} is also "
                                  f"listed under entities.{owner!r}; a form can belong to one entity only")
            seen[form] = canonical
        entities.append(Entity(canonical, variants, note, context, the, name, official))
    return Pack(name, path, meta.get("description", ""), tuple(entities))


_CACHE: dict[tuple, PackSet] = {}


def builtin_paths(names: Sequence[str] = BUILTIN_PACKS) -> list[Path]:
    out = []
    for name in names:
        path = BUILTIN_DIR / f"{name}.toml"
        if not path.is_file():
            known = sorted(p.stem for p in BUILTIN_DIR.glob("*.toml"))
            raise ConfigError(f"built-in pack {name!r} does not exist; {_hint(name, known)}expected one of: {', '.join(known)}")
        out.append(path)
    return out


def load_packs(paths: Sequence[Path]) -> PackSet:
    """Load and merge ``paths`` in order, cached per process (by path and modification time)."""
    key = tuple((str(p), _mtime(p)) for p in paths)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    packs = PackSet()
    for path in paths:
        packs.add(load_pack(Path(path)))
    _CACHE[key] = packs
    return packs


def _mtime(path: Path) -> int:
    try:
        return Path(path).stat().st_mtime_ns
    except OSError:
        return -1
