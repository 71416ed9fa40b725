"""Shared test helpers: run the real CLI in a subprocess, write articles to disk."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPEATING_ARTICLE = """Council Approves Budget

The council approved the new budget after a three hour debate on Tuesday night.

Opposition members walked out before the final vote was taken.

Residents said the council approved the new budget after a three hour debate on Tuesday.
"""


def run_newslint(*args: str, cwd: Path, stdin: str | None = None, env: dict | None = None,
                 autoload: bool = False, script: bool = False) -> subprocess.CompletedProcess:
    """Run the installed CLI. ``script=True`` runs the ``newslint`` console script instead of
    ``python -m newslint``: use it when ``cwd`` is the source tree, where ``-m`` would put the
    uninstalled sources first on the import path."""
    environment = dict(os.environ)
    environment.pop("NO_COLOR", None)
    if not autoload:
        environment["NEWSLINT_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    environment.update(env or {})
    command = [str(Path(sys.executable).with_name("newslint"))] if script else [sys.executable, "-m", "newslint"]
    return subprocess.run(
        [*command, *args], cwd=cwd, input=stdin, capture_output=True,
        text=True, env=environment, timeout=120,
    )


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path
