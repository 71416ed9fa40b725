"""Bounds on what a rule or a plugin may do to a run: a time limit, and what counts as its fault.

A rule that runs past the time limit on one file, or that raises ``SystemExit`` (a plugin that calls
``sys.exit``), is that rule's failure on that file, reported as NL000; the run goes on. Only a real
Ctrl-C (a SIGINT this process received) stops the run.

The time limit is an interval timer (``SIGALRM``) in the process running the rule: the main process
with ``--jobs 1``, each worker of the pool otherwise. Where there is no such timer (Windows), or
outside the main thread, there is no limit. A rule stuck in C code that never returns to Python
(a single call into a C extension) is stopped only when it comes back.
"""

from __future__ import annotations

import math
import signal
import threading
from contextlib import contextmanager
from typing import Iterator

#: the default per-file time limit of a rule, in seconds (``rule-timeout``, ``--rule-timeout``)
DEFAULT_RULE_TIMEOUT = 30.0
#: the largest limit one can set: a day
MAX_RULE_TIMEOUT = 86400.0


class TimedOut(BaseException):
    """The time limit ran out. A ``BaseException``, so that a rule's ``except Exception`` cannot
    swallow it and carry on."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"it ran for more than {format_seconds(seconds)} (the time limit, rule-timeout)")
        self.seconds = seconds


def format_seconds(seconds: float) -> str:
    return f"{seconds:g} second{'' if seconds == 1 else 's'}"


_interrupted = False
_installed = False


def _on_sigint(signum, frame) -> None:  # pragma: no cover - exercised by a real Ctrl-C
    global _interrupted
    _interrupted = True
    signal.default_int_handler(signum, frame)


def _on_alarm(signum, frame) -> None:
    raise TimedOut(_limit)


_limit = 0.0


def available() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def install() -> None:
    """Set this process's handlers once: SIGALRM for the limit, and SIGINT noted as a real Ctrl-C."""
    global _installed
    if _installed or not available():
        return
    signal.signal(signal.SIGALRM, _on_alarm)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _on_sigint)
    _installed = True


def is_fault(exc: BaseException) -> bool:
    """Whether ``exc``, raised by a rule or a plugin, is that code's failure rather than the run's
    end: everything but a Ctrl-C this process really received."""
    return not (isinstance(exc, KeyboardInterrupt) and _interrupted)


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ``TimedOut`` in the body after ``seconds`` (none for 0, ``None`` or no timer here)."""
    global _limit
    if not seconds or not available():
        yield
        return
    install()
    previous = _limit
    _limit = seconds
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        _limit = previous


def validate_timeout(value: object) -> float:
    """A time limit from the configuration or the command line; ``ValueError`` in plain words."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"expected a number of seconds, got {value!r}")
    seconds = float(value)
    if math.isnan(seconds) or math.isinf(seconds) or seconds < 0 or seconds > MAX_RULE_TIMEOUT:
        raise ValueError(f"expected a number of seconds from 0 (no limit) to {MAX_RULE_TIMEOUT:g}, got {value!r}")
    return seconds
