"""Paths as newslint shows them, and the patterns that match paths: ``exclude``,
``per-file-ignores`` and git's ignore files.

Every path in every output goes through ``shown``: relative to the working directory when it is
under it, absolute otherwise, so that a path from the configuration file, from ``--archive`` or from
the command line reads the same.

Patterns are gitignore patterns (``pathspec`` compiles them; it is imported only when a run has a
pattern or an ignore file to match, a one-article check never pays for it):

* ``*`` and ``?`` never match a ``/``; ``**`` matches any number of folders;
* a pattern with a ``/`` at the start or in the middle is anchored to the folder of the file that
  holds it; one without matches a name at any depth;
* ``!`` before a pattern takes a file back out.

The configuration's patterns (``Globs``) add one rule that makes ``*`` mean what it says: a pattern
applies to the files inside a folder only when it names the folder (``drafts``, ``drafts/``,
``wire/2024``, ``wire/**``, ``venv*/``). ``wire/*`` matches the files directly in ``wire/``, not
``wire/2024/may/a.md``. git's ignore files (``GitIgnore``) keep git's own meaning, where
``wire/*`` also matches the folder ``wire/2024`` and so everything in it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

if TYPE_CHECKING:  # pragma: no cover
    import re

#: the files git reads its ignore patterns from, besides ``.git/info/exclude``
GITIGNORE = ".gitignore"
_WILDCARDS = frozenset("*?[")


# --- showing paths ------------------------------------------------------------------------------

def shown(path: str | os.PathLike) -> str:
    """``path`` as outputs show it: relative to the working directory when it is under it (through
    a symbolic link too), else absolute; ``-`` (standard input) as it is."""
    path = os.fspath(path)
    if path == "-":
        return path
    cwd = os.getcwd()
    absolute = os.path.abspath(path)
    inside = _inside(absolute, cwd)
    if inside is None:  # through a symbolic link, perhaps
        inside = _inside(os.path.realpath(absolute), os.path.realpath(cwd))
    return absolute if inside is None else inside


def _inside(path: str, base: str) -> str | None:
    """``path`` relative to ``base`` when it is ``base`` or under it, else ``None``."""
    try:
        rel = os.path.relpath(path, base)
    except ValueError:  # another drive (Windows)
        return None
    if rel == os.pardir or rel.startswith(os.pardir + os.sep) or os.path.isabs(rel):
        return None
    return rel


def real(path: str | os.PathLike) -> Path:
    """``path`` absolute with symbolic links resolved; unlike ``Path.resolve`` never raises (a loop
    of links stays as it is)."""
    return Path(os.path.realpath(path))


def posix_relative(path: str | os.PathLike, root: Path) -> str:
    """``path`` relative to ``root`` with forward slashes (what patterns are matched against), or
    the absolute path when it is not under ``root``."""
    absolute = os.path.abspath(path)
    rel = _inside(absolute, str(root))
    if rel is None:
        rel = _inside(os.path.realpath(absolute), os.path.realpath(root))
    return Path(absolute if rel is None else rel).as_posix()


# --- patterns -----------------------------------------------------------------------------------

def _compiled(lines: Iterable[str]) -> list[tuple["re.Pattern[str]", bool, str]]:
    """(regex, include, pattern) for each pattern line: comments and blank lines left out."""
    import pathspec  # here, not at the top: only a run with a pattern to match needs it

    lines = list(lines)
    spec = pathspec.GitIgnoreSpec.from_lines(lines)
    out = []
    for line, pattern in zip(lines, spec.patterns):
        if pattern.include is not None and pattern.regex is not None:
            out.append((pattern.regex, bool(pattern.include), line.strip()))
    return out


def _configured(pattern: str) -> str:
    """A configured pattern as git would write it: ``./drafts`` is ``/drafts`` (this folder's),
    Windows separators are ``/``."""
    pattern = pattern.strip().replace("\\", "/")
    negated = pattern.startswith("!")
    body = pattern[1:] if negated else pattern
    if body.startswith("./"):
        while body.startswith("./"):
            body = body[2:]
        body = "/" + body if body else ""
    return ("!" if negated else "") + body if body else ""


def _names_folder(pattern: str) -> bool:
    """Whether a configured pattern names folders, and so applies to everything in them: it ends
    with ``/`` or ``/**``, or its last part has no wildcard."""
    body = pattern.lstrip("!")
    if body.endswith("/") or body.endswith("/**") or body == "**":
        return True
    last = body.rstrip("/").rsplit("/", 1)[-1]
    return not (_WILDCARDS & set(last))


class Globs:
    """The patterns of ``exclude`` or of one ``per-file-ignores`` entry, matched against paths
    relative to the configuration's folder (see the module's docstring)."""

    def __init__(self, patterns: Sequence[str]) -> None:
        self.patterns = [p for p in (_configured(p) for p in patterns) if p and p != "!"]
        self._rules: list[_Rule] | None = None

    def __bool__(self) -> bool:
        return bool(self.patterns)

    @property
    def rules(self) -> list["_Rule"]:
        """One ``_Rule`` per pattern, compiled on first use."""
        if self._rules is None:
            self._rules = [_Rule(regex, include, _names_folder(line), line.rstrip("/").endswith("/**"))
                           for regex, include, line in _compiled(self.patterns)]
        return self._rules

    def matches_folder(self, rel: str) -> bool:
        """Whether the folder ``rel`` is matched whole (the last pattern that names it decides)."""
        return bool(_last(rule.include for rule in self.rules if rule.takes_folder(rel)))

    def matches_file(self, rel: str) -> bool:
        """Whether the file ``rel`` is matched: a folder of it matched whole, or the last pattern
        that matches it says so."""
        parts = rel.split("/")
        for depth in range(1, len(parts)):
            if self.matches_folder("/".join(parts[:depth])):
                return True
        return bool(_last(rule.include for rule in self.rules if rule.takes_file(rel)))

    def applies_to(self, rel: str) -> bool:
        """For ``per-file-ignores``: whether the entry applies to the file ``rel``. An entry of
        only negated patterns (``!wire/**``) applies to the files they do not match."""
        if self.rules and not any(rule.include for rule in self.rules):
            return not any(rule.takes_file(rel) for rule in self.rules)
        return self.matches_file(rel)


class _Rule:
    """One compiled pattern of ``Globs`` (a plain class: a run that matches nothing never pays for
    building a named tuple's class)."""

    __slots__ = ("regex", "include", "names_folder", "contents_only")

    def __init__(self, regex: "re.Pattern[str]", include: bool, names_folder: bool, contents_only: bool) -> None:
        self.regex = regex
        #: ``False`` for a pattern that takes files back out (``!``)
        self.include = include
        #: the pattern names folders, and so everything in them
        self.names_folder = names_folder
        #: ``wire/**``: what is in the folder, not the folder itself (a ``!wire/features/`` after
        #: it takes a subfolder back out)
        self.contents_only = contents_only

    def takes_folder(self, rel: str) -> bool:
        if not self.names_folder:
            return False
        folder = rel.rstrip("/") + "/"
        m = self.regex.match(folder)
        return m is not None and (not self.contents_only or m.end() < len(folder))

    def takes_file(self, rel: str) -> bool:
        return self.regex.fullmatch(rel) is not None or (self.names_folder and self.regex.match(rel) is not None)


# --- git's ignore files --------------------------------------------------------------------------

def git_dir(folder: Path) -> Path | None:
    """The ``.git`` folder of the work tree ``folder`` is in (``None`` outside one). A linked work
    tree's ``.git`` is a file naming its folder; its ``info/exclude`` is the main repository's."""
    folder = real(folder)
    for directory in (folder, *folder.parents):
        dot_git = directory / ".git"
        if dot_git.is_dir():
            return dot_git
        if dot_git.is_file():
            try:
                text = dot_git.read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError):
                return None
            if not text.startswith("gitdir:"):
                return None
            linked = real(directory / text[len("gitdir:"):].strip())
            common = linked / "commondir"
            if common.is_file():
                try:
                    return real(linked / common.read_text(encoding="utf-8").strip())
                except (OSError, UnicodeDecodeError):
                    return linked
            return linked
    return None


class GitIgnore:
    """git's ignore rules for one work tree: ``.git/info/exclude`` and every ``.gitignore`` from
    the top of the work tree down, read once per folder. Deeper files override shallower ones,
    as in git; within a file the last matching pattern decides."""

    def __init__(self, top: Path, info_exclude: Path | None) -> None:
        self.top = str(top)
        self._exclude = _read_patterns(info_exclude) if info_exclude is not None else []
        #: for each folder (relative to the top, "" for the top itself): the ignore files that
        #: apply to its entries, deepest first, as (the folder holding the file, its patterns)
        self._chains: dict[str, list[tuple[str, list[tuple["re.Pattern[str]", bool, str]]]]] = {}

    @classmethod
    def for_folder(cls, folder: Path) -> "GitIgnore | None":
        """The rules for the work tree ``folder`` is in, or ``None`` outside a git work tree."""
        dot_git = git_dir(folder)
        if dot_git is None:
            return None
        # the work tree is the folder holding .git (a file, for a linked work tree)
        folder = real(folder)
        top = next((d for d in (folder, *folder.parents) if (d / ".git").exists()), folder)
        exclude = dot_git / "info" / "exclude"
        return cls(top, exclude if exclude.is_file() else None)

    def _chain(self, folder: str) -> list[tuple[str, list[tuple["re.Pattern[str]", bool, str]]]]:
        """The ignore files that have a say in ``folder``'s entries, deepest first (each folder's
        ``.gitignore`` read once, and only those with patterns kept)."""
        chain = self._chains.get(folder)
        if chain is None:
            parent = self._chain(folder.rsplit("/", 1)[0] if "/" in folder else "") if folder else []
            own = _read_patterns(Path(self.top, folder, GITIGNORE))
            chain = self._chains[folder] = ([(folder, own)] if own else []) + parent
        return chain

    def ignores(self, path: str, is_dir: bool) -> bool:
        """Whether git ignores ``path`` (absolute, symbolic links resolved) itself: its folders are
        the walk's business, and a walk that reaches a path has already decided them."""
        prefix = self.top.rstrip(os.sep) + os.sep
        if not path.startswith(prefix):
            return False
        rel = path[len(prefix):].replace(os.sep, "/")
        folder, _, _ = rel.rpartition("/")
        suffix = "/" if is_dir else ""
        for where, rules in self._chain(folder):  # the deepest .gitignore that has a say decides
            decided = _decide(rules, (rel[len(where) + 1:] if where else rel) + suffix)
            if decided is not None:
                return decided
        return bool(self._exclude) and bool(_decide(self._exclude, rel + suffix))


def _read_patterns(path: Path) -> list[tuple["re.Pattern[str]", bool, str]]:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    lines = text.splitlines()
    return _compiled(lines) if any(line.strip() and not line.startswith("#") for line in lines) else []


def _decide(rules: list[tuple["re.Pattern[str]", bool, str]], rel: str) -> bool | None:
    """What the last of git's ``rules`` that matches ``rel`` says (``None``: none matches)."""
    return _last(include for regex, include, _ in rules if regex.fullmatch(rel))


def _last(says: Iterable[bool]) -> bool | None:
    """The last of ``says``: in an ignore file, the last pattern that matches decides."""
    decided = None
    for decided in says:
        pass
    return decided
