"""At most so many findings of one rule in one file.

A file with thousands of one slip (a table pasted as text, a file saved in the wrong encoding,
a page of code) has one problem, not thousands: each rule reports the first ``MAX_FINDINGS`` and
then one finding that counts the rest. Building a finding costs more than finding the slip, so
this also keeps the check of a pathological file fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:  # pragma: no cover
    from newslint import Document, Finding, Rule

MAX_FINDINGS = 100


class FindingLimit:
    """Counts a rule's findings in one file; ``allows(offset)`` says whether to report the next."""

    __slots__ = ("rule", "doc", "seen", "first_over")

    def __init__(self, rule: "Rule", doc: "Document") -> None:
        self.rule = rule
        self.doc = doc
        self.seen = 0
        self.first_over: int | None = None

    def allows(self, offset: int) -> bool:
        self.seen += 1
        if self.seen <= MAX_FINDINGS:
            return True
        if self.first_over is None:
            self.first_over = offset
        return False

    def summary(self) -> Iterator["Finding"]:
        """One finding for the rest, at the first one not reported (nothing when all were)."""
        if self.first_over is None:
            return
        more = self.seen - MAX_FINDINGS
        yield self.rule.finding(self.doc, self.first_over, self.first_over + 1,
                                f"and {more:,} more like the {MAX_FINDINGS} above in this file, not listed one by one")
