"""The archive's plain-text path (``plain_body``) finds the body paragraphs the general
segmentation finds, holding the same prose, for every text it accepts; and it accepts neither
front matter nor directives, which only the general segmentation reads."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings, strategies as st

from newslint.document import _raw_blocks, body_prose, load, plain_body
from newslint.rules.analysis.fingerprints import fingerprint, fingerprint_bytes

BODY = ("paragraph", "list_item", "blockquote")


def general(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The prose mask and body spans as the engine's segmentation finds them."""
    _, _, raw, prose = _raw_blocks("story.txt", text, "text")
    return prose, [(s, e) for kind, s, e in raw if kind in BODY]


def assert_same_body(text: str) -> bool:
    """Whether the fast path took the text; when it did, its spans and prose are the general one's."""
    fast = plain_body(text)
    if fast is None:
        return False
    prose, spans = general(text)
    assert fast[1] == spans
    assert [fast[0][s:e] for s, e in fast[1]] == [prose[s:e] for s, e in spans]
    return True


def assert_same_fingerprints(text: str, guarantee: int = 12) -> None:
    data = text.encode("utf-8")
    from_bytes = fingerprint_bytes("story.txt", data, guarantee)
    from_doc = fingerprint(load("story.txt", data), guarantee)
    assert from_bytes.n_words == from_doc.n_words
    assert from_bytes.fingerprints == sorted(from_doc.fingerprints)
    assert from_bytes.paragraphs == sorted({h for h, _, _ in from_doc.paragraphs})


SENTENCE = "The council said on Tuesday that the new depot on Mill Street would open in the spring."
LONG_LINE = " ".join([SENTENCE] * 2)
#: hand-written texts for each thing the plain-text segmentation decides
TRICKY = {
    "headline, byline, dateline": f"Depot to open\n\nBy Jane Smith\n\nMonday, 3 March 2024\n\n{SENTENCE}\n\n{SENTENCE}\n",
    "no headline: the first line is a sentence": f"{SENTENCE}\n\n{SENTENCE}\n",
    "one group only": "Depot to open",
    "hard-wrapped paragraph": "Depot to open\n\nThe council said on Tuesday that\n  the new depot on Mill\nStreet would open.\n",
    "one paragraph per line": f"Depot to open\n\n{LONG_LINE}\n{LONG_LINE}\n{LONG_LINE}\n",
    "short final lines, one per line": "Headline here\n\n" + "\n".join(["The council met on Tuesday night to talk."] * 3),
    "CRLF and CR": f"Depot to open\r\n\r\nBy Jane Smith\r\n\r\n{SENTENCE}\r\n{SENTENCE}\r\r\n\r{SENTENCE}\r",
    "white space that is not a line break": f"Depot\x0cto open\n\x0b\n\u2028{SENTENCE}\x85\n\u00a0\n\x1c{SENTENCE}\u3000\n",
    "links": f"See www.example.com today\n\n{SENTENCE} https://example.org/a.b?c=d, and http://x.y\n\nwww.a.b.c\n",
    "a line that is only a link": f"Depot to open\n\nhttps://example.org/page\n\n{SENTENCE}\n",
    "links at the edges of lines": f"Depot to open\n\nhttp://a.b/c\nwww.x.org/y {SENTENCE}\n",
    "a byline too long for metadata": "Depot\n\nBy Jane Smith\nBy John Smith\nBy Ann Lee\nBy Bo Li\n\n" + SENTENCE,
    "metadata groups up to the fourth": "Depot\n\nBy Jane Smith\n\nMonday\n\nBy Ann Lee\n\nMonday\n\n" + SENTENCE,
    "a headline with a full stop": "The council has approved the new depot on Mill Street.\n\n" + SENTENCE,
    "an ellipsis is not a full stop": "The council has approved the new depot on Mill Street...\n\n" + SENTENCE,
    "blank lines of spaces": f"Depot\n   \n\t\n{SENTENCE}\n \n{SENTENCE}",
    "no trailing line break, leading blank lines": f"\n\n\nDepot\n\n{SENTENCE}",
    "letters outside ASCII": f"\u0130stanbul d\u00e9p\u00f4t\n\n\u03a3\u0399\u03a3 {SENTENCE} caf\u00e9\u2019s \u201cquote\u201d",
    "apostrophes and marks": "Depot\n\nThe council\u2019s 'new' depot, rock'-n-roll and o'.k ``x`` \u02bcy\u2014z\u2026",
    "empty": "",
    "only white space": " \n\t\n",
}
#: texts the general segmentation must read
FALLBACK = {
    "YAML front matter": f"---\ntitle: Depot\n---\n{SENTENCE}\n",
    "TOML front matter": f"+++\ntitle = 'Depot'\n+++\n{SENTENCE}\n",
    "a rule across the first line": f"--- Depot ---\n\n{SENTENCE}\n",
    "a directive on its own line": f"Depot\n\n<!-- newslint-disable NL101 -->\n{SENTENCE}\n",
    "an inline directive": f"Depot\n\n{SENTENCE} <!-- newslint-disable-next-line -->\n{SENTENCE}\n",
    "a comment that is not a directive": f"Depot\n\n{SENTENCE} <!-- note -->\n",
}


@pytest.mark.parametrize("name", TRICKY)
def test_the_plain_path_finds_the_general_segmentations_body(name):
    text = TRICKY[name]
    assert assert_same_body(text)
    if text.strip():
        assert_same_fingerprints(text)


@pytest.mark.parametrize("name", FALLBACK)
def test_front_matter_and_directives_go_the_general_way(name):
    text = FALLBACK[name]
    assert plain_body(text) is None
    # and what the archive stores is still the checked article's
    assert_same_fingerprints(text)
    assert body_prose("story.txt", text.encode("utf-8"))[1:] == general(text)


def test_markdown_never_takes_the_plain_path():
    text = f"# Depot\n\n*{SENTENCE}* with a [link](https://example.org)\n"
    assert body_prose("story.md", text.encode("utf-8")) != body_prose("story.txt", text.encode("utf-8"))
    _, _, raw, prose = _raw_blocks("story.md", text, None)
    assert body_prose("story.md", text.encode("utf-8")) == (text, prose, [(s, e) for k, s, e in raw if k in BODY])


def test_a_byte_order_mark_is_not_text():
    text = TRICKY["headline, byline, dateline"]
    data = ("\ufeff" + text).encode("utf-8")
    got, (prose, spans) = body_prose("story.txt", data), general(text)
    assert got[0] == text and got[2] == spans
    assert [got[1][s:e] for s, e in spans] == [prose[s:e] for s, e in spans]
    assert fingerprint_bytes("story.txt", data, 12) == fingerprint_bytes("story.txt", data[3:], 12)


# --- drawn texts: lines of every kind, joined by every kind of line break ----------------------

LINES = [
    "", " ", "\t", "\x0c", "\u00a0", "\u2028", "\x85", "  \x1c ",
    "Depot to open", "  Depot to open  ", "DEPOT\u2019S DAY", "Depot to open...", "Depot to open.",
    "By Jane Smith", "By Jane Smith and Ann Lee", "Written by J. Smith | Staff", "Monday, 3 March 2024",
    "2024-03-03 10:30 GMT", "Updated: 3 March 2024",
    SENTENCE, LONG_LINE, "  " + SENTENCE + "  ", "the council said that", "the new depot would open.",
    "See https://example.org/a.b, or www.example.com.", "http://x.y", "www.a.b", "a://b www.c",
    "rock'-n-roll o'.k the band''s \u2018hits\u2019 ``x``", "\u0130stanbul \u03a3\u0399\u03a3 caf\u00e9",
    "\u201cWe are pleased,\u201d she said \u2014 \u00a3300 \u2026", "- a list? no, plain text", "> not a quote",
    "-- ", "+++ not a fence", "<!", "!--",
]
BREAKS = ["\n", "\n", "\n\n", "\r\n", "\r", "\r\r\n", "\n \n"]
drawn = st.lists(st.tuples(st.sampled_from(LINES), st.sampled_from(BREAKS)), max_size=14).map(
    lambda parts: "".join(line + brk for line, brk in parts))


@settings(deadline=None, max_examples=600)
@given(drawn, st.booleans())
@example("Depot\n\nBy Jane Smith\r\n\r\n" + SENTENCE, False)
@example(f"{LONG_LINE}\r{LONG_LINE}\r\n{LONG_LINE}", True)
def test_the_plain_path_finds_the_general_segmentations_body_on_drawn_text(text, trailing):
    if trailing:
        text = text.rstrip("\r\n")
    # (the lines drawn hold no "<!--"; a first line of "---" or "+++" may open front matter)
    assert assert_same_body(text) or text.startswith(("---", "+++"))
    if text.strip():
        assert_same_fingerprints(text)


def test_generated_articles_take_the_plain_path_and_keep_their_fingerprints():
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "archive_gen", Path(__file__).resolve().parent.parent / "benchmarks" / "archive_gen.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    for i in range(0, 4000, 97):
        _, text = gen.article(i, 1)
        assert assert_same_body(text)
        assert_same_fingerprints(text)


def test_the_folder_check_compares_every_file_and_skips_an_absent_folder(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "benchmarks" / "plain_body_check.py"
    (tmp_path / "a.txt").write_text(TRICKY["headline, byline, dateline"], encoding="utf-8")
    (tmp_path / "b.TXT").write_text(TRICKY["CRLF and CR"], encoding="utf-8")
    (tmp_path / "c.txt").write_text(FALLBACK["YAML front matter"], encoding="utf-8")
    (tmp_path / "d.txt").write_bytes(b"\x00binary")
    (tmp_path / "e.md").write_text("# Not read\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "4 files: 2 by the plain-text path, 1 by the general segmentation, 1 not text; 0 with a difference" \
        in done.stdout
    absent = subprocess.run([sys.executable, str(script), str(tmp_path / "absent")], capture_output=True, text=True)
    assert absent.returncode == 0 and absent.stdout.startswith("skipped")


def test_the_folder_check_reports_a_difference(monkeypatch):
    import importlib.util
    from pathlib import Path

    import newslint.document

    spec = importlib.util.spec_from_file_location(
        "plain_body_check", Path(__file__).resolve().parent.parent / "benchmarks" / "plain_body_check.py")
    check = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check)
    data = TRICKY["headline, byline, dateline"].encode("utf-8")
    assert check.compare("a.txt", data) == ("plain", [])
    monkeypatch.setattr(newslint.document, "plain_body", lambda text: (text, [(0, 5)]))
    outcome, problems = check.compare("a.txt", data)
    assert outcome == "plain" and problems[0].startswith("body spans differ") and "fingerprints differ" in problems
