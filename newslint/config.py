"""Finding, reading and validating configuration.

Configuration lives in ``[tool.newslint]`` of ``pyproject.toml``, or at the top level of
``newslint.toml`` / ``.newslint.toml``. One file serves a whole run (``discover``): the first found
walking up from the working directory, else the one all the paths checked share; ``--config`` names
one; ``--isolated`` uses none.
Every mistake raises ``ConfigError`` with one line naming the file, the key and what was expected.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from .findings import Severity
from .paths import Globs, posix_relative, real
from .rule import EVERY_RULE, Rule, in_family, toml_value as _shown

CONFIG_FILES = (".newslint.toml", "newslint.toml", "pyproject.toml")
DEFAULT_CACHE_DIR = ".newslint_cache"

#: key → (expected type description, validator)
GLOBAL_KEYS = (
    "select", "ignore", "extend-select", "per-file-ignores", "exclude", "severity", "fail-on",
    "rules", "archive", "cache-dir", "packs", "respect-gitignore", "baseline", "rule-timeout", "max-file-size",
)
#: ``max-file-size``: the default and the largest value, in megabytes (a larger article is NL002)
DEFAULT_MAX_FILE_SIZE_MB = 20
MAX_FILE_SIZE_LIMIT_MB = 1000


class ConfigError(Exception):
    """A configuration mistake. ``str(error)`` is the one line shown to the user."""


@dataclass
class Settings:
    """Everything a run needs to know from configuration and the command line."""

    config_path: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)
    fail_on: Severity = Severity.WARNING
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    archive: list[Path] = field(default_factory=list)
    cache_dir: Path | None = None
    #: keep the archive's index in memory for this run only, writing nothing (``--no-cache``)
    no_cache: bool = False
    #: stat every archive file, not only those in folders that changed (``--refresh-archive``)
    refresh_archive: bool = False
    packs: list[Path] = field(default_factory=list)
    #: skip what git ignores (``.gitignore``, ``.git/info/exclude``) in the folders a run walks
    respect_gitignore: bool = True
    #: the findings to hide (``newslint check --write-baseline`` writes the file)
    baseline: Path | None = None
    #: seconds a rule may spend on one file before it is stopped and reported as NL000 (0: no limit)
    rule_timeout: float = 30.0
    #: the largest article read, in megabytes (``max-file-size``): a larger one is NL002 "too large"
    max_file_size: float = DEFAULT_MAX_FILE_SIZE_MB
    #: every registered rule by code, for ``options_for`` (the built-in rules when not given)
    rule_classes: dict[str, type[Rule]] = field(default_factory=dict, repr=False)

    def options_for(self, code: str) -> dict[str, Any]:
        """The options of rule ``code`` as this run has them: its defaults, then the configuration.

        The one way a rule or a shared analysis learns another rule's options (a rule that defers
        to another must agree with it as the user configured it, not as it was shipped).
        """
        cls = self.rule_classes.get(code)
        if cls is None:
            from .plugins import builtin_rules

            cls = builtin_rules().get(code)
        values = {opt.name: opt.default for opt in cls.options} if cls is not None else {}
        values.update(self.rule_options.get(code, {}))
        return values

    @property
    def effective_cache_dir(self) -> Path:
        return self.cache_dir if self.cache_dir is not None else self.root / DEFAULT_CACHE_DIR

    def relative(self, path: str) -> str:
        """``path`` relative to the configuration root, with forward slashes, for glob matching."""
        return posix_relative(path, self.root)

    def _globs(self, patterns: list[str]) -> Globs:
        """``patterns`` compiled once per run (kept on the instance, not as dataclass fields: the
        settings of a one-article check are built on every start)."""
        cache = self.__dict__.setdefault("_compiled_globs", {})
        key = tuple(patterns)
        if key not in cache:
            cache[key] = Globs(patterns)
        return cache[key]

    @property
    def exclude_globs(self) -> Globs:
        return self._globs(self.exclude)

    def is_excluded(self, path: str) -> bool:
        """Whether ``exclude`` matches the file ``path`` (or one of its folders)."""
        return bool(self.exclude) and self.exclude_globs.matches_file(self.relative(path))

    def is_excluded_folder(self, path: str) -> bool:
        """Whether ``exclude`` matches the folder ``path`` whole, so that a walk skips it."""
        return bool(self.exclude) and self.exclude_globs.matches_folder(self.relative(path))

    def ignored_for_file(self, path: str) -> list[str]:
        if not self.per_file_ignores:  # most runs: no relative path to compute for each file
            return []
        rel = self.relative(path)
        out: list[str] = []
        for pattern, codes in self.per_file_ignores.items():
            if self._globs([pattern]).applies_to(rel):
                out.extend(codes)
        return out


# --- discovery --------------------------------------------------------------------------------

def find_config(start: Path, _known: dict[Path, Path | None] | None = None) -> Path | None:
    """The nearest configuration file at or above ``start`` (``_known``: folders already looked at)."""
    start = real(start)
    if start.is_file() or not start.exists():
        start = start.parent
    known = {} if _known is None else _known
    passed = []
    found = None
    for directory in (start, *start.parents):
        if directory in known:
            found = known[directory]
            break
        passed.append(directory)
        found = next((c for c in (directory / name for name in CONFIG_FILES) if is_config_file(c)), None)
        if found is not None:
            break
    for directory in passed:
        known[directory] = found
    return found


def is_config_file(path: Path) -> bool:
    """Whether ``path`` is a configuration file (a ``pyproject.toml`` only with a newslint table)."""
    return path.is_file() and (path.name != "pyproject.toml" or _has_newslint_table(path))


def discover(paths: Sequence[str], cwd: Path | None = None) -> tuple[Path | None, list[Path]]:
    """The run's configuration file, and the nearer ones of ``paths`` that it leaves unused.

    One configuration serves the whole run, whatever the order of the paths: the one found walking
    up from the working directory; when there is none there, the one every path finds walking up
    from itself, if they all find the same; else none.
    """
    known: dict[Path, Path | None] = {}
    own = {find_config(Path(p), known) for p in paths}
    used = find_config(cwd or Path.cwd(), known)
    if used is None and len(own) == 1:
        used = next(iter(own))
    return used, sorted(c for c in own if c is not None and c != used)


def _has_newslint_table(path: Path) -> bool:
    """Whether a ``pyproject.toml`` has a ``[tool.newslint]`` table. One that cannot be read as
    UTF-8 or as TOML counts when it mentions the table, so that ``read_config`` says what is wrong
    with it; a ``pyproject.toml`` that does not mention newslint is another tool's, and is passed by
    whatever is wrong with it."""
    try:
        raw = path.read_bytes()
    except OSError:
        return False
    if b"newslint" not in raw:
        return False
    try:
        data = _parse_toml(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return b"tool.newslint" in raw
    return isinstance(data.get("tool"), dict) and "newslint" in data["tool"]


def _parse_toml(text: str) -> dict[str, Any]:
    """``tomllib.loads``, with every way it fails as ``ValueError`` (``TOMLDecodeError`` is one):
    an integer too long to convert, nesting deeper than the interpreter's stack."""
    from ._toml import tomllib  # here, not at the top: a run with no configuration file never needs it

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        raise
    except RecursionError:
        raise ValueError("its tables or arrays are nested too deeply") from None
    except ValueError as exc:
        if "integer string conversion" in str(exc):
            raise ValueError("a number in it is too long (more than 4,300 digits)") from None
        raise ValueError(str(exc) or type(exc).__name__) from None
    except (MemoryError, OverflowError) as exc:
        raise ValueError(f"it is too large to read ({type(exc).__name__})") from None


def read_config(path: Path) -> dict[str, Any]:
    """The raw newslint table of a configuration file."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: is not valid UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the configuration file ({_reason(exc)})") from None
    try:
        data = _parse_toml(text.removeprefix("\ufeff"))
    except ValueError as exc:
        raise ConfigError(f"{path}: is not valid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        data = tool.get("newslint", {}) if isinstance(tool, dict) else {}
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: [tool.newslint] must be a table of settings, got {_shown(data)}")
    return data


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return type(exc).__name__


# --- validation -------------------------------------------------------------------------------

class RuleIndex:
    """Looks rules up by code, code prefix or name."""

    def __init__(self, rules: Mapping[str, type[Rule]]) -> None:
        self.rules = dict(rules)
        self.by_name = {cls.name: code for code, cls in rules.items()}

    def resolve(self, selector: str) -> str | None:
        """A code or code prefix for ``selector`` (a code, prefix, name or ``ALL``), else ``None``.

        A prefix is any plugin's letters, with or without leading digits (``NL``, ``NL1``, ``HS``,
        ``HS00``), that at least one registered rule belongs to; ``ALL`` is ``EVERY_RULE``.
        """
        sel = selector.strip()
        up = sel.upper()
        if up == "ALL":
            return EVERY_RULE
        if sel in self.by_name:
            return self.by_name[sel]
        if up and any(in_family(code, up) for code in self.rules):
            return up
        return None

    def family(self, prefix: str) -> list[str]:
        """The codes of the registered rules in the family ``prefix``, in code order."""
        return sorted(code for code in self.rules if in_family(code, prefix))

    def known(self) -> list[str]:
        return sorted(self.rules) + sorted(self.by_name)

    def suggestion(self, selector: str) -> str:
        if self.resolve(selector) is not None:  # a real prefix: a "did you mean" would mislead
            return ""
        import difflib  # here and below, not at the top: only a mistake needs a suggestion

        close = difflib.get_close_matches(selector, self.known(), n=1)
        return f" (did you mean {close[0]}?)" if close else ""


def _where(path: Path | None, table: str) -> str:
    """``FILE: [table] `` before a message; nothing for the command line, which has no file."""
    if path is None:
        return ""
    return f"{path}: " + (f"[{table}] " if table else "")


def _expect_list_of_str(value: Any, path: Path | None, key: str, table: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{_where(path, table)}{key}: expected a list of strings, got {_shown(value)}")
    return list(value)


def _selectors(values: list[str], index: RuleIndex, path: Path | None, key: str, table: str) -> list[str]:
    out = []
    for v in values:
        resolved = index.resolve(v)
        if resolved is None:
            raise ConfigError(
                f"{_where(path, table)}{key}: unknown rule {v!r}{index.suggestion(v)}; "
                "expected a rule code, code prefix or rule name (see `newslint rules`)"
            )
        out.append(resolved)
    return out


def build_settings(
    raw: Mapping[str, Any],
    index: RuleIndex,
    config_path: Path | None = None,
    root: Path | None = None,
) -> Settings:
    """Validate the raw configuration table into ``Settings``."""
    table = "tool.newslint" if config_path is not None and config_path.name == "pyproject.toml" else ""
    base = root or (config_path.parent if config_path else Path.cwd())
    settings = Settings(config_path=config_path, root=base.resolve(), rule_classes=dict(index.rules))
    for key, value in raw.items():
        if key == "plugins":  # a table some linters have: say where a plugin's settings go instead
            rules_table = f"{table}.rules" if table else "rules"
            raise ConfigError(f"{_where(config_path, table)}unknown key 'plugins': a plugin's settings are the "
                              f"options of its rules, set in [{rules_table}.CODE] (`newslint explain CODE` "
                              "lists them)")
        if key not in GLOBAL_KEYS:
            import difflib

            close = difflib.get_close_matches(key, GLOBAL_KEYS, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise ConfigError(
                f"{_where(config_path, table)}unknown key {key!r}; {hint}expected one of: {', '.join(GLOBAL_KEYS)}"
            )
    if "select" in raw:
        settings.select = _selectors(_expect_list_of_str(raw["select"], config_path, "select", table), index, config_path, "select", table)
    for key, attr in (("ignore", "ignore"), ("extend-select", "extend_select")):
        if key in raw:
            setattr(settings, attr, _selectors(_expect_list_of_str(raw[key], config_path, key, table), index, config_path, key, table))
    if "exclude" in raw:
        settings.exclude = _expect_list_of_str(raw["exclude"], config_path, "exclude", table)
    if "per-file-ignores" in raw:
        pfi = raw["per-file-ignores"]
        if not isinstance(pfi, dict):
            raise ConfigError(f"{_where(config_path, table)}per-file-ignores: expected a table of glob = [codes], got {_shown(pfi)}")
        for glob, codes in pfi.items():
            key = f"per-file-ignores.{glob!r}"
            settings.per_file_ignores[glob] = _selectors(_expect_list_of_str(codes, config_path, key, table), index, config_path, key, table)
    if "severity" in raw:
        sev = raw["severity"]
        if not isinstance(sev, dict):
            raise ConfigError(f"{_where(config_path, table)}severity: expected a table of code = \"error\" | \"warning\" | \"info\"")
        levels: list[tuple[int, str, Severity]] = []
        for sel, level in sev.items():
            prefix = index.resolve(sel)
            if prefix is None:
                raise ConfigError(f"{_where(config_path, table)}severity.{sel}: unknown rule {sel!r}{index.suggestion(sel)}; "
                                  "expected a rule code, code prefix or rule name")
            try:
                parsed = Severity.parse(level)
            except ValueError as exc:
                raise ConfigError(f"{_where(config_path, table)}severity.{sel}: {exc}") from None
            levels.extend((len(prefix), code, parsed) for code in index.family(prefix))
        # a family (NL4 = "info") first, then the rules named one by one, whatever the order written
        for _, code, parsed in sorted(levels, key=lambda item: item[0]):
            settings.severity[code] = parsed
    if "fail-on" in raw:
        try:
            settings.fail_on = Severity.parse(raw["fail-on"])
        except ValueError as exc:
            raise ConfigError(f"{_where(config_path, table)}fail-on: {exc}") from None
    if "rules" in raw:
        rules_table = raw["rules"]
        if not isinstance(rules_table, dict):
            raise ConfigError(f"{_where(config_path, table)}rules: expected a table of [rules.CODE] tables")
        for sel, options in rules_table.items():
            settings.rule_options.setdefault(*_rule_options(sel, options, index, config_path, table))
    if "archive" in raw:
        settings.archive = [_path(base, p) for p in _expect_list_of_str(raw["archive"], config_path, "archive", table)]
    if "cache-dir" in raw:
        if not isinstance(raw["cache-dir"], str):
            raise ConfigError(f"{_where(config_path, table)}cache-dir: expected a path as a string, got {_shown(raw['cache-dir'])}")
        settings.cache_dir = _path(base, raw["cache-dir"])
        # a repository's configuration must not make newslint write outside the repository (into
        # the home folder, say); a folder elsewhere is given on the command line
        inside = os.path.realpath(base)
        if os.path.commonpath([inside, os.path.realpath(settings.cache_dir)]) != inside:
            raise ConfigError(f"{_where(config_path, table)}cache-dir: {raw['cache-dir']} is outside the project "
                              f"({base}); a configuration file keeps the cache inside it (give --cache-dir on the "
                              "command line to put it elsewhere)")
    if "respect-gitignore" in raw:
        if not isinstance(raw["respect-gitignore"], bool):
            raise ConfigError(f"{_where(config_path, table)}respect-gitignore: expected true or false, "
                              f"got {_shown(raw['respect-gitignore'])}")
        settings.respect_gitignore = raw["respect-gitignore"]
    if "baseline" in raw:
        if not isinstance(raw["baseline"], str):
            raise ConfigError(f"{_where(config_path, table)}baseline: expected a path as a string, got {_shown(raw['baseline'])}")
        settings.baseline = _path(base, raw["baseline"])
    if "max-file-size" in raw:
        settings.max_file_size = max_file_size(raw["max-file-size"], f"{_where(config_path, table)}max-file-size")
    if "packs" in raw:
        settings.packs = [_path(base, p) for p in _expect_list_of_str(raw["packs"], config_path, "packs", table)]
    if "rule-timeout" in raw:
        from .engine.limits import validate_timeout

        try:
            settings.rule_timeout = validate_timeout(raw["rule-timeout"])
        except ValueError as exc:
            raise ConfigError(f"{_where(config_path, table)}rule-timeout: {exc}") from None
    return settings


def max_file_size(value: Any, where: str) -> float:
    """``max-file-size`` checked: a number of megabytes from 0.001 to ``MAX_FILE_SIZE_LIMIT_MB``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not (
            0.001 <= value <= MAX_FILE_SIZE_LIMIT_MB):
        raise ConfigError(f"{where}: expected a number of megabytes from 0.001 to {MAX_FILE_SIZE_LIMIT_MB}, "
                          f"got {_shown(value)}")
    return value


def check_archives(settings: Settings) -> None:
    """Refuse an archive that is the filesystem root or holds the cache folder (``ConfigError``):
    the first would read every file of the machine, the second would index the cache itself."""
    cache = os.path.realpath(settings.effective_cache_dir)
    for root in settings.archive:
        real = os.path.realpath(root)
        if os.path.dirname(real) == real:
            raise ConfigError(f"archive {root}: that is the root of the file system, which newslint does not read "
                              "as an archive; name the folder that holds the published articles")
        if not settings.no_cache and os.path.commonpath([real, cache]) == real:
            raise ConfigError(f"archive {root}: it contains the cache folder {shown_path(cache)}; name the folder "
                              "that holds the published articles, or keep the cache elsewhere (cache-dir, --cache-dir)")


def shown_path(path: str) -> str:
    from .paths import shown

    return shown(path)


def _path(base: Path, value: str) -> Path:
    p = Path(os.path.expanduser(value))
    return p if p.is_absolute() else base / p


def _rule_options(sel: str, options: Any, index: RuleIndex, path: Path | None, table: str) -> tuple[str, dict]:
    prefix = f"{table}.rules" if table else "rules"
    code = index.resolve(sel)
    if code is not None and code not in index.rules:
        family = ", ".join(index.family(code))
        raise ConfigError(f"{path}: [{prefix}.{sel}] options are set rule by rule, and {sel} is a family of rules "
                          f"({family}); expected one rule's code or name")
    if code is None:
        raise ConfigError(f"{path}: [{prefix}.{sel}] unknown rule {sel!r}{index.suggestion(sel)}; expected a rule code or name")
    if not isinstance(options, dict):
        raise ConfigError(f"{path}: [{prefix}.{sel}] expected a table of options")
    return code, validate_rule_options(index.rules[code], options, f"{path}: [{prefix}.{sel}]")


def validate_rule_options(cls: type[Rule], options: Mapping[str, Any], where: str) -> dict[str, Any]:
    known = {opt.name: opt for opt in cls.options}
    out = {}
    for name, value in options.items():
        opt = known.get(name)
        if opt is None:
            expected = ", ".join(known) or "none: this rule has no options"
            import difflib

            close = difflib.get_close_matches(name, list(known), n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise ConfigError(f"{where} unknown option {name!r} for {cls.code} {cls.name}; {hint}expected: {expected}")
        try:
            out[name] = opt.validate(value)
        except ValueError as exc:
            raise ConfigError(f"{where} {name}: {exc}") from None
    return out


# --- selection --------------------------------------------------------------------------------

def _longest(code: str, prefixes: Iterable[str]) -> int:
    return max((len(p) for p in prefixes if in_family(code, p)), default=-1)


def is_selected(cls: type[Rule], settings: Settings) -> bool:
    """flake8-style: the longest matching prefix of select/ignore decides; ties go to ignore."""
    code = cls.code
    if settings.select is None:
        # the rules that are on by default are selected as if by ALL: any ignore outweighs that
        select_len = len(EVERY_RULE) if cls.default_enabled else -1
    else:
        select_len = _longest(code, settings.select)
    select_len = max(select_len, _longest(code, settings.extend_select))
    ignore_len = _longest(code, settings.ignore)
    return select_len >= 0 and select_len > ignore_len


def code_matches(code: str, prefixes: Iterable[str]) -> bool:
    return _longest(code, prefixes) >= 0
