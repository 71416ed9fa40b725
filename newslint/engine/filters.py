"""What reaches the user: selection, per-file ignores, inline suppressions and severity overrides.

Applied here, once, so that every reporter shows the same findings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import suppressions
from ..config import is_selected
from ..core_rules import ENGINE_RULES, InternalError, UnreadableFile, UnusedSuppression
from ..findings import Finding
from ..rule import in_family

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Settings
    from .results import FileResult

#: the engine's own error codes always reach the user; everything else obeys the filters
ALWAYS_REPORTED = (InternalError.code, UnreadableFile.code)


def filter_findings(result: "FileResult", settings: "Settings", names: dict[str, str],
                    report_unused: bool, keys: bool = False, judged=None) -> list[Finding]:
    """``result``'s findings after the filters, with NL001 for suppressions that suppressed nothing
    (with their keys, when ``keys``). ``judged(codes)``: whether a suppression of those codes can be
    called unused in this file (the rules it names ran on it); every one can, when not given."""
    findings = result.findings
    always = [f for f in findings if f.code in ALWAYS_REPORTED]
    rest = [f for f in findings if f.code not in ALWAYS_REPORTED]
    rest = [f for f in rest if f.code in names and is_selected_code(f.code, settings)]
    ignored = settings.ignored_for_file(result.path)
    rest = suppressions.per_file_filter(rest, ignored, names)
    supp = result.suppressions
    if supp is not None:
        rest = supp.filter(rest, names)
        if report_unused and UnusedSuppression.code not in ignored:
            unused = _unused_suppressions(result.path, supp, names, judged)
            if keys:
                unused = _keyed_by_label(unused, supp)
            rest.extend(unused)
    out = []
    for f in always + rest:
        override = settings.severity.get(f.code)
        out.append(f.with_severity(override) if override else f)
    return out


def _unused_suppressions(path: str, supp: "suppressions.SuppressionSet", names: dict[str, str],
                         judged=None) -> list[Finding]:
    out = []
    for s in supp.items:
        unknown = [c for c in s.codes if not _names_a_rule(c, names)]
        if not unknown and not s.used and judged is not None and not judged(s.codes):
            continue  # it may be for a rule this run did not run: nothing says it is stale
        if unknown:
            listed = ", ".join(unknown)
            message = (f"this suppression names {listed}, which "
                       f"{'is not a rule' if len(unknown) == 1 else 'are not rules'} newslint knows; "
                       "check the spelling (`newslint rules` lists them)")
        elif not s.used:
            what = ", ".join(s.codes) if s.codes else "every rule"
            message = f"this suppression ({what}) did not suppress anything; remove it"
        else:
            continue
        out.append(Finding(path, UnusedSuppression.code, UnusedSuppression.name,
                           UnusedSuppression.severity, s.start, s.end, message))
    return out


def _keyed_by_label(findings: list[Finding], supp: "suppressions.SuppressionSet") -> list[Finding]:
    """NL001 findings keyed by the text of their comment (the article is not at hand here)."""
    from ..baseline import with_keys

    labels = {(s.start.offset, s.end.offset): s.label for s in supp.items}
    return with_keys(findings, lambda f: labels.get((f.start.offset, f.end.offset), ""))


def _names_a_rule(selector: str, names: dict[str, str]) -> bool:
    """Whether a code, code prefix or name in a suppression means at least one registered rule."""
    up = selector.upper()
    return selector in names.values() or bool(up) and any(in_family(code, up) for code in names)


def is_selected_code(code: str, settings: "Settings") -> bool:
    """Whether findings of ``code`` are wanted: the engine's own codes obey select/ignore too."""
    for cls in ENGINE_RULES:
        if cls.code == code:
            return is_selected(cls, settings)
    return True  # rule findings only exist when the rule was selected
