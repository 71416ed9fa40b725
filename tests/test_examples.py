"""The README's first command: `newslint check examples/` shows real line-level warnings.

The whole output is compared with a golden file. After an intended change in what the rules
report, regenerate it with ``NEWSLINT_UPDATE_GOLDEN=1 pytest tests/test_examples.py`` and read the
diff before committing it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from helpers import run_newslint

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "examples.txt"


def test_examples_output_matches_the_golden_file():
    proc = run_newslint("check", "--isolated", "examples/", cwd=ROOT, script=True)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == ""
    if os.environ.get("NEWSLINT_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(proc.stdout, encoding="utf-8")
    assert proc.stdout == GOLDEN.read_text(encoding="utf-8")


def test_examples_show_every_family():
    proc = run_newslint("check", "--isolated", "--format", "json", "examples/", cwd=ROOT, script=True)
    import json

    codes = {f["code"] for file in json.loads(proc.stdout)["files"] for f in file["findings"]}
    families = {re.match(r"NL(\d)", c).group(1) for c in codes}
    assert {"1", "2", "3", "4", "5"} <= families, codes
    # the clean example stays clean: a linter that cries wolf gets switched off
    clean = run_newslint("check", "--isolated", "examples/library-reopens.md", cwd=ROOT, script=True)
    assert clean.returncode == 0 and clean.stdout.startswith("Checked 1 file: no problems found"), clean.stdout
