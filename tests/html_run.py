"""A small run for the HTML report's tests: articles of our own with one finding of most kinds.

``write_run(folder)`` writes them and returns their paths; ``expected_notes(folder, report)``
gives, for each finding of the JSON report of the same run, what the HTML page must mark: the
article, the rule, the line and the words of the span, read from the file itself.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

HARBOUR = """---
title: Harbour wall repairs approved
---

# Harbour wall repairs approved

Councillors in Port Ellery voted on Tuesday to spend four million pounds repairing the harbour wall.

Council leader Margaret Okonkwo said the wall protected more than three hundred homes along the front.

The grant from the Joined Kingdom fund will cover a third of the cost, officials said.

A notice on the harbour office read <script>alert("wall")</script> & "keep out" for most of the week.

<!-- newslint-disable-next-line NL203 -->
The work starts in April and should take about eighteen months, weather permitting.

Residents said Margaret Okonkwo said the wall protected more than three hundred homes along the front.

Click here to subscribe to our daily newsletter.
"""

SHARED = ("The new ferry will carry up to two hundred passengers and forty cars on each crossing, and the "
          "operator says the first sailings will leave the north pier at six in the morning")

FERRY_A = f"""Ferry service returns to the island

Islanders welcomed the return of a regular ferry after a winter without one.

{SHARED}, with a later boat on Fridays.

Tickets go on sale next week at the harbour office and online.
"""

FERRY_B = f"""New timetable for island crossings

The island council published the summer timetable on Monday evening.

Councillors said {SHARED.lower()}, weather allowing.

The timetable will be reviewed in the autumn after a survey of passengers.
"""


def write_run(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {"harbour.md": HARBOUR, "ferry-a.txt": FERRY_A, "ferry-b.txt": FERRY_B}
    paths = []
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    (folder / "latin1.txt").write_bytes("Caf\xe9 opens\n\nThe caf\xe9 opens on Monday.\n".encode("latin-1"))
    paths.append(folder / "latin1.txt")
    return paths


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def expected_notes(folder: Path, json_report: str) -> list[dict]:
    """Each finding of the run: its article, code, line, and the words its span covers."""
    out = []
    for file in json.loads(json_report)["files"]:
        path = folder / file["path"]
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            text = ""
        starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
        for f in file["findings"]:
            start = starts[f["line"] - 1] + f["column"] - 1 if text else 0
            end = starts[f["end_line"] - 1] + f["end_column"] - 1 if text else 0
            out.append({"path": file["path"], "code": f["code"], "line": f["line"], "words": words(text[start:end]),
                        "fix": f["fix"]})
    return out
