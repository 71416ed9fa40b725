"""What a run found: a result per file and the run's own problems. Reporters read only these."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, Sequence

from ..findings import Finding, ParagraphFigures, Severity

if TYPE_CHECKING:  # pragma: no cover
    from ..document import Document
    from ..rule import Rule
    from ..suppressions import SuppressionSet


class DocumentView(NamedTuple):
    """What a report that shows the article needs of it: its text, where its blocks are and the
    rules' figures per paragraph. Small and picklable: no word or sentence spans, so a run of
    thousands of articles keeps only their text and a few tuples each."""

    text: str
    #: "markdown" or "text"
    format: str
    #: (kind, start, end, line) of each block, in order; kinds as in ``Document.blocks``, and the
    #: 1-based line where the block starts
    blocks: tuple[tuple[str, int, int, int], ...]
    figures: tuple[ParagraphFigures, ...] = ()

    @classmethod
    def of(cls, doc: "Document", figures: Sequence[ParagraphFigures] = ()) -> "DocumentView":
        blocks = tuple((b.kind, b.start, b.end, doc.position(b.start).line) for b in doc.blocks)
        return cls(doc.text, doc.format or "text", blocks, tuple(figures))


@dataclass(slots=True)
class FileResult:
    """What the run found in one file: its findings, figures, problems and applied fixes."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    #: plain-language problems with this file: {"path", "code", "message"} (+ "traceback"; "kind": "fix"
    #: for fixes that were not written)
    errors: list[dict[str, str]] = field(default_factory=list)
    fixed: list[Finding] = field(default_factory=list)
    #: seconds each rule took on this file, while it is checked: the run adds them up in
    #: ``RunResult.timings`` as the result arrives, and empties this
    timings: dict[str, float] = field(default_factory=dict)
    suppressions: "SuppressionSet | None" = None
    #: what per-document preparations returned for this file, by preparation key
    prepared: dict[Any, Any] = field(default_factory=dict)
    #: the article as a report shows it, when the reporter asked for it (``Reporter.needs_documents``)
    document: DocumentView | None = None
    #: a digest of the bytes checked (set when the file loaded), so that the main process can
    #: parse the article again on demand and be sure it is the same (``engine.handles``)
    digest: bytes | None = None
    #: what ``--fix`` would make of the file, when the run was asked to plan its fixes without
    #: writing them (``--diff``): the fixed text and every fix applied, the later passes' included
    planned: "tuple[str, list[Finding]] | None" = None


@dataclass
class RunResult:
    """What a run found: a result per file (sorted by path), the run's own problems, the rules."""

    files: list[FileResult]
    errors: list[dict[str, str]]
    rules: dict[str, type["Rule"]]
    timings: dict[str, float] = field(default_factory=dict)
    #: what the user should know about the run but need not act on (a damaged cache rebuilt)
    notes: list[str] = field(default_factory=list)
    #: things to say on standard error that do not make the run fail (an archive with no article)
    warnings: list[str] = field(default_factory=list)
    #: the baseline that hid findings (as outputs show its path), and how many it hid
    baseline: str | None = None
    hidden: int = 0

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.files for f in r.findings]

    def exit_code(self, fail_on: Severity) -> int:
        if self.errors or any(r.errors for r in self.files):
            return 2
        if any(f.severity.rank >= fail_on.rank for f in self.findings):
            return 1
        return 0
