"""A one-line progress report on a terminal: "checked 120 of 2,000 files", rewritten in place."""

from __future__ import annotations

import time
from typing import TextIO

#: seconds between two updates: a terminal redrawn at every file slows the run down
INTERVAL = 0.1


class ProgressLine:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._last = 0.0
        self._shown = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last < INTERVAL:
            return
        self._last = now
        text = f"checked {done:,} of {total:,} files" if done < total else f"checked all {total:,} files, finishing\u2026"
        self.stream.write("\r\033[K" + text)
        self.stream.flush()
        self._shown = True

    def clear(self) -> None:
        """Take the line away before the report is written."""
        if self._shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._shown = False
