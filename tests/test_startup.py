"""A check of one plain-text article imports only what it needs.

newslint's most frequent run is a cold start on one article (an editor saving a file, a pre-commit
hook), so the modules below are imported on the paths that use them, not at start-up: each one
imported on every run again would cost every run milliseconds. Nothing here is timed: which
modules a run imports does not depend on how busy the machine is.
"""

from __future__ import annotations

import ast
import gc
import json
import subprocess
import sys

from conftest import cli_env

#: module → the only runs that need it
NOT_AT_START_UP = {
    "json": "the json and sarif formats",
    "xml.etree.ElementTree": "the junit format",
    "tomllib": "a configuration file, or a pack of the newsroom's (the built-in packs have stored readings)",
    "tomli": "the same, before Python 3.11",
    "rapidfuzz": "NL102 and NL104, for an article with sentences or articles to compare",
    "sqlite3": "an archive",
    "difflib": "a suggestion after a mistake",
    "textwrap": "a rule's page (explain, sarif, the docs)",
    "traceback": "a rule that crashes",
    "markdown_it": "a Markdown article",
    "yaml": "YAML front matter",
    "hashlib": "an archive (its files' content hashes); OpenSSL's start-up is not needed for fingerprints",
    "shutil": "nothing in a check: argparse's help formatter imports it to learn the terminal's width",
    "array": "fingerprints sent between processes, in a run of several articles",
    "jinja2": "the html format's page template",
    "markupsafe": "the html format",
    "newslint.reporters.html.page": "the html format",
    "newslint.progress": "a progress line, on a terminal, for many files",
    "pathspec": "a pattern to match: exclude, per-file-ignores, or git's ignore files in a folder checked",
    "newslint.baseline": "a baseline, or an output that carries the findings' keys (SARIF)",
}

ARTICLE = """Library opens late on Thursdays

The town library will stay open until nine on Thursday evenings from next month.

Staff said the change follows a survey of readers who work during the day.
"""


def test_a_plain_text_check_imports_none_of_the_rarely_needed_modules(tmp_path):
    (tmp_path / "story.txt").write_text(ARTICLE, encoding="utf-8")
    code = ("import sys; from newslint.cli import main; main(['check', '--isolated', 'story.txt']); "
            f"print(sorted(m for m in {sorted(NOT_AT_START_UP)!r} if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          env=cli_env())
    assert proc.returncode == 0, proc.stderr
    assert "Checked 1 file" in proc.stdout, proc.stdout
    imported = ast.literal_eval(proc.stdout.strip().splitlines()[-1])
    assert imported == [], {m: NOT_AT_START_UP[m] for m in imported}


# the command tunes the cyclic garbage collector for a process of its own (``cli.entry``): start-up
# runs with it paused and is then frozen, and checking runs with it on, as a long run needs
_GC_PROBE = """
import gc, json, sys
import newslint.cli as cli
seen = {}
real = cli.cmd_check
def probe(*args, **kwargs):
    seen.update(enabled=gc.isenabled(), frozen=gc.get_freeze_count())
    return real(*args, **kwargs)
cli.cmd_check = probe
sys.argv = ["newslint", "check", "--isolated", "-q", "story.txt"]
try:
    cli.entry()
except SystemExit as exc:
    seen.update(code=exc.code, frozen_at_exit=gc.get_freeze_count(), enabled_at_exit=gc.isenabled())
print(json.dumps(seen))
"""


def test_the_command_checks_with_the_collector_on_and_start_up_frozen(tmp_path):
    (tmp_path / "story.txt").write_text(ARTICLE + "\nThe the library said so.\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", _GC_PROBE], cwd=tmp_path, capture_output=True, text=True,
                          env=cli_env())
    assert proc.returncode == 0, proc.stderr
    seen = json.loads(proc.stdout.strip().splitlines()[-1])
    assert seen["enabled"] is True  # garbage made while checking is collected
    assert seen["frozen"] > 1000  # the plug-ins' objects are out of every later collection's way
    assert seen["code"] == 1  # the doubled word: entry() passes main()'s exit code on
    assert seen["frozen_at_exit"] > seen["frozen"] and seen["enabled_at_exit"] is True


def test_main_in_a_process_of_others_leaves_the_collector_alone(tmp_path, monkeypatch):
    from newslint.cli import main

    (tmp_path / "story.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSLINT_DISABLE_PLUGIN_AUTOLOAD", "1")
    frozen = gc.get_freeze_count()
    assert main(["check", "--isolated", "-q", "story.txt"]) == 0
    assert gc.isenabled() and gc.get_freeze_count() == frozen
