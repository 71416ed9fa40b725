"""The base class every rule, built-in or third-party, derives from.

A rule declares who it is (code, name, severity, summary), documents itself in its docstring
(headings *What it does*, *Why it matters*, *Example*, *Instead*, *Options*) and declares typed
options. It implements one or both of:

* ``check(doc)`` — per-document; runs in worker processes and sees one article;
* ``check_run(docs, context)`` — per-run; runs once in the main process and sees every article
  of the run (and the archive, through ``context``).

A rule is set up once, in the main process, and pickled for the per-document work (``check``,
``prepare``, ``measure``), which therefore runs on a copy: nothing it stores on the rule reaches
``check_run``, whatever the number of files. Rules never read files, format output or know about
the command line.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Hashable, Iterable, NamedTuple, Sequence

from .findings import Finding, Fix, ParagraphFigures, Related, Severity, check_fix_span

if TYPE_CHECKING:  # pragma: no cover
    from .document import Document
    from .engine import RunContext

#: a rule code: a prefix of two to five capitals and three digits (``NL`` is the built-in rules')
CODE_RE = re.compile(r"^[A-Z]{2,5}[0-9]{3}$")
#: the prefix only built-in rules may use; a plugin's prefix may not even begin with it (``NLX``)
RESERVED_PREFIX = "NL"
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
#: the selector prefix that means every rule (``ALL`` in the configuration)
EVERY_RULE = ""

_TYPE_NAMES = {bool: "true or false", int: "a whole number", float: "a number", str: "a string", list: "a list"}
_ITEM_NAMES = {bool: "true or false values", int: "whole numbers", float: "numbers", str: "strings"}
#: the types an option may have, and the types a list option's items may have (``object``: anything)
OPTION_TYPES = (bool, int, float, str, list)
ITEM_TYPES = (bool, int, float, str, object)


def is_reserved(code: str) -> bool:
    """Whether ``code`` (or a code prefix) uses the prefix reserved for newslint's own rules."""
    return code.upper().startswith(RESERVED_PREFIX)


def in_family(code: str, prefix: str) -> bool:
    """Whether rule ``code`` belongs to the family ``prefix``: ``EVERY_RULE``, a plugin's letters
    (``HS``), letters and leading digits (``HS0``) or the code itself.

    A prefix names whole letters: ``HS`` is not a prefix of ``HSX001``, which belongs to another
    plugin.
    """
    return code.startswith(prefix) and (not prefix or len(prefix) >= len(code.rstrip("0123456789")))


def _type_name(type_: type, item_type: type | None = None) -> str:
    if type_ is list and item_type in _ITEM_NAMES:
        return f"a list of {_ITEM_NAMES[item_type]}"
    return _TYPE_NAMES.get(type_, type_.__name__)


@dataclass(frozen=True)
class Option:
    """A typed, documented rule option, set in ``[tool.newslint.rules.CODE]``.

    ``type`` is ``bool``, ``int``, ``float``, ``str`` or ``list``. The items of a list option are
    strings unless ``item_type`` says otherwise (``int``, ``float``, ``bool``, or ``object`` for
    anything). ``choices`` limits the value (each item, for a list); ``minimum`` and ``maximum``
    limit a number (each item, for a list of numbers).
    """

    name: str
    type: type
    default: Any
    help: str
    choices: tuple[Any, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    item_type: type | None = None

    def __post_init__(self) -> None:
        if self.type is list and self.item_type is None:
            object.__setattr__(self, "item_type", str)

    @property
    def type_name(self) -> str:
        """The option's type in words: "a whole number", "a list of strings"."""
        return _type_name(self.type, self.item_type)

    def validate(self, value: Any) -> Any:
        """Return the value converted to the option's type, or raise ``ValueError`` saying what is expected."""
        if self.type is not list:
            return self._scalar(value, self.type, self.type_name)
        if not isinstance(value, list):
            raise ValueError(f"expected {self.type_name}, got {toml_value(value)}")
        if self.item_type is object:
            return list(value)
        items = []
        for position, item in enumerate(value, 1):
            try:
                items.append(self._scalar(item, self.item_type, _TYPE_NAMES[self.item_type]))
            except ValueError as exc:
                raise ValueError(f"item {position} of the list: {exc}") from None
        return items

    def _scalar(self, value: Any, type_: type, expected: str) -> Any:
        shown = toml_value(value)  # as the user wrote it: 2, not 2.0
        if type_ is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if type_ is bool and not isinstance(value, bool):
            raise ValueError(f"expected {expected}, got {shown}")
        if type_ is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise ValueError(f"expected {expected}, got {shown}")
        if not isinstance(value, type_):
            raise ValueError(f"expected {expected}, got {shown}")
        if type_ is float and not math.isfinite(value):  # TOML has nan and inf; no option means them
            raise ValueError(f"expected a finite number, got {shown}")
        if self.choices is not None and value not in self.choices:
            allowed = ", ".join(map(str, self.choices))
            raise ValueError(f"expected one of {allowed}, got {shown}")
        if self.minimum is not None and value < self.minimum:
            raise ValueError(f"expected at least {self.minimum:g}, got {shown}")
        if self.maximum is not None and value > self.maximum:
            raise ValueError(f"expected at most {self.maximum:g}, got {shown}")
        return value

    def range_text(self) -> str:
        """The option's limits for its page ("; from 3 to 500"), empty when it has none."""
        def shown(value: float) -> str:
            return f"{int(value):,}" if self.type is int or self.item_type is int else f"{value:g}"
        low, high = self.minimum, self.maximum
        if low is not None and high is not None:
            return f"; from {shown(low)} to {shown(high)}"
        if low is not None:
            return f"; at least {shown(low)}"
        if high is not None:
            return f"; at most {shown(high)}"
        return ""

    def problems(self) -> list[str]:
        """What is wrong with this option's own definition (empty when it is fine)."""
        if not NAME_RE.match(self.name or ""):
            return [f"option {self.name!r}: the name must be kebab-case (min-words)"]
        if self.type not in OPTION_TYPES:
            return [f"option {self.name!r}: type must be one of bool, int, float, str, list, not {self.type!r}"]
        if self.type is list and self.item_type not in ITEM_TYPES:
            return [f"option {self.name!r}: item_type must be one of bool, int, float, str, object, "
                    f"not {self.item_type!r}"]
        try:
            self.validate(self.default)
        except ValueError as exc:
            return [f"option {self.name!r}: its default {toml_value(self.default)} does not fit the option: {exc}"]
        return []


class Preparation(NamedTuple):
    """Per-document groundwork for per-run checks, done in the worker processes.

    ``function(doc)`` returns a small picklable value; ``check_run`` finds the values in
    ``context.prepared(key)``, a dict from document path to value. Several rules that ask for the
    same ``key`` share one computation, so the key must say everything the value depends on
    (an analysis's name and its options). ``function`` must be picklable: a module-level function
    or a ``functools.partial`` of one.
    """

    key: Hashable
    function: Callable[["Document"], Any]
    #: the value only serves to compare the article with others (another article of the run, or
    #: the archive): the engine skips it in a run of one article with no archive
    needs_company: bool = False


class Rule:
    """Base class of every rule. Subclass it and return the subclass from ``newslint_register_rules``."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    summary: ClassVar[str] = ""
    options: ClassVar[tuple[Option, ...]] = ()
    #: rules that are off unless selected explicitly
    default_enabled: ClassVar[bool] = True
    #: how sure a finding of this rule is, 0 to 1, unless ``finding`` is given another figure: the
    #: built-in rules give the share of their findings that readers judged true (``None``: unknown)
    confidence: ClassVar[float | None] = None
    #: set by the plugin manager: which plugin registered the rule
    plugin: ClassVar[str] = ""
    #: the address of the rule's page on the web, if it has one (SARIF's ``helpUri``); the page
    #: itself is always in the output, from the docstring
    help_uri: ClassVar[str] = ""

    def __init__(self, options: dict[str, Any] | None = None, settings: Any = None) -> None:
        values = {opt.name: opt.default for opt in self.options}
        values.update(options or {})
        self.config = values
        if settings is None:  # a rule built on its own (a unit test): the default settings
            from .config import Settings

            settings = Settings()
        #: the run's settings (packs, archive, configuration folder, every rule's options)
        self.settings = settings

    # --- the two scopes -------------------------------------------------------------------
    def check(self, doc: "Document") -> Iterable[Finding]:
        """Per-document check. Override to yield findings for one article (only for ``doc``).

        It runs on a copy of the rule, in a worker process or in this one: keep nothing on ``self``
        for ``check_run`` (``prepare`` is the way to hand it something). A rule that raises here
        is reported as NL000 for the file, and what it yielded before is dropped.
        """
        return ()

    def check_run(self, docs: Sequence["Document"], context: "RunContext") -> Iterable[Finding]:
        """Per-run check. Override to yield findings that need every article of the run.

        Findings are for the run's documents only (``related`` may point at any file).
        """
        return ()

    def prepare(self, doc: "Document") -> Any:
        """Per-document groundwork for ``check_run``, done in the worker processes.

        Return a small picklable value (fingerprints, hashes); ``check_run`` finds it in
        ``context.prepared(self.code)``, a dict from document path to value. Heavy per-article work
        done here runs in parallel instead of in the main process.
        """
        return None

    def preparations(self) -> Sequence[Preparation]:
        """The per-document groundwork this rule's ``check_run`` needs (see ``Preparation``).

        By default: the rule's own ``prepare``, keyed by its code. Override to ask for groundwork
        that an analysis shared with other rules defines.
        """
        return (Preparation(self.code, self.prepare),) if self.has_prepare() else ()

    def measure(self, doc: "Document") -> dict[str, Any]:
        """Figures for the file's ``stats`` in the JSON output (readability fills these)."""
        return {}

    def figures_by_paragraph(self, doc: "Document") -> Sequence[ParagraphFigures]:
        """A figure per body paragraph for the HTML report's chart (a reading grade against the
        target). Asked for only when a report shows the articles."""
        return ()

    @classmethod
    def describe_stats(cls, stats: dict[str, Any]) -> Sequence[str]:
        """The figures of ``stats`` that this rule's ``measure`` put there, as short phrases in plain
        words ("grade 9.8", "412 words") for ``--statistics`` and the HTML report. Rules that share
        figures may give the same phrases: a reporter shows each once."""
        return ()

    @classmethod
    def has_document_check(cls) -> bool:
        """Whether the rule looks at each document on its own (``check``, ``measure`` or the
        report's figures)."""
        return (cls.check is not Rule.check or cls.measure is not Rule.measure
                or cls.figures_by_paragraph is not Rule.figures_by_paragraph)

    @classmethod
    def has_prepare(cls) -> bool:
        return cls.prepare is not Rule.prepare

    @classmethod
    def has_run_check(cls) -> bool:
        return cls.check_run is not Rule.check_run

    # --- helpers for rule authors ---------------------------------------------------------
    def finding(
        self,
        doc: "Document",
        start: int,
        end: int,
        message: str,
        *,
        related: Iterable[Related] = (),
        fix: tuple[int, int, str] | None = None,
        fix_description: str = "",
        details: str = "",
        confidence: float | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """Build a finding for ``doc`` between character offsets ``start`` and ``end``.

        ``message`` says what is wrong in plain words; ``details`` holds the figures behind it
        (scores, the formula used), shown with ``--verbose`` and in the machine formats.
        ``confidence`` (0 to 1) defaults to the rule's; ``severity`` to the rule's, for a rule that
        reports its strongest evidence at a higher level than the rest.
        """
        fix_obj = None
        if fix is not None:
            fstart, fend, replacement = fix
            check_fix_span(doc.text, fstart, fend)  # never clamped: a wrong span is the rule's error
            fix_obj = Fix(doc.position(fstart), doc.position(fend), replacement, fix_description,
                          doc.text[fstart:fend])
        return Finding(
            path=doc.path,
            code=self.code,
            name=self.name,
            severity=severity or self.severity,
            start=doc.position(start),
            end=doc.position(end),
            message=message,
            related=tuple(related),
            fix=fix_obj,
            details=details,
            confidence=self.confidence if confidence is None else confidence,
        )

    @staticmethod
    def related(doc: "Document", start: int, end: int, message: str = "") -> Related:
        """A related location in ``doc`` (which may be another article of the run)."""
        return Related(doc.path, doc.position(start), doc.position(end), message)

    # --- documentation --------------------------------------------------------------------
    @classmethod
    def documentation(cls) -> str:
        """The rule's page: heading, summary, docstring sections and a generated options list."""
        import textwrap  # only `explain`, SARIF and the docs need a rule's page

        body = textwrap.dedent(cls.__doc__ or "").strip()
        origin = "" if is_reserved(cls.code) or not cls.plugin else f" From the plugin {cls.plugin}."
        lines = [f"# {cls.code} `{cls.name}`", "", f"{cls.summary}", "",
                 f"Default severity: **{cls.severity.value}**." +
                 ("" if cls.default_enabled else " Off by default: turn it on with `extend-select`.") + origin, ""]
        if body:
            lines += [body, ""]
        if "## Options" not in body:
            lines += ["## Options", ""]
            if cls.options:
                lines.append(f"Set them in `[tool.newslint.rules.{cls.code}]` (or the rule's name).")
                lines.append("")
                for opt in cls.options:
                    help_text = opt.help.rstrip(".")
                    extra = f"; one of: {', '.join(map(str, opt.choices))}" if opt.choices else ""
                    extra += opt.range_text()
                    lines.append(f"- `{opt.name}` ({opt.type_name}, "
                                 f"default `{toml_value(opt.default)}`): {help_text}{extra}.")
            else:
                lines.append("None.")
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"


def toml_value(value: Any) -> str:
    """A value as it is written in TOML (``true``, not Python's ``True``), for docs and messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + "}"
    return str(value)


def validate_rule_class(cls: Any) -> list[str]:
    """Problems that make ``cls`` unusable as a rule (empty when it is fine)."""
    problems = []
    if not (isinstance(cls, type) and issubclass(cls, Rule)):
        return [f"{cls!r} is not a newslint.Rule subclass"]
    if not CODE_RE.match(getattr(cls, "code", "") or ""):
        problems.append(f"{cls.__name__}: code {getattr(cls, 'code', None)!r} must be two to five capital letters "
                        "followed by three digits (HS001)")
    if not NAME_RE.match(getattr(cls, "name", "") or ""):
        problems.append(f"{cls.__name__}: name must be kebab-case")
    if not isinstance(cls.severity, Severity):
        problems.append(f"{cls.__name__}: severity must be a newslint.Severity")
    options = cls.options if isinstance(cls.options, (tuple, list)) else None
    if options is None or not all(isinstance(opt, Option) for opt in options):
        problems.append(f"{cls.__name__}: options must be a tuple of newslint.Option")
        return problems
    names = [opt.name for opt in options]
    problems.extend(f"{cls.__name__}: option {name!r} is declared twice" for name in sorted(set(names))
                    if names.count(name) > 1)
    problems.extend(f"{cls.__name__}: {problem}" for opt in options for problem in opt.problems())
    return problems
