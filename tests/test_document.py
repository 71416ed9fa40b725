"""The document model: decoding, positions, Markdown and plain-text structure, segmentation."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from newslint.document import UnreadableFile, decode, load, parse


# --- decoding ---------------------------------------------------------------------------------

def test_decode_strips_bom_and_remembers_it():
    text, bom = decode("\ufeffHeadline\n".encode("utf-8"))
    assert text == "Headline\n" and bom is True
    assert decode(b"Headline\n") == ("Headline\n", False)


def test_invalid_utf8_names_the_byte_offset():
    with pytest.raises(UnreadableFile) as info:
        decode(b"Good text, then \xff bad")
    assert info.value.offset == 16
    assert "byte 16" in info.value.message and "UTF-8" in info.value.message


def test_binary_file_is_rejected():
    with pytest.raises(UnreadableFile) as info:
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert "binary" in info.value.message


# --- positions --------------------------------------------------------------------------------

@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings_give_the_same_lines(newline):
    text = newline.join(["Headline", "", "First paragraph here.", "", "Second one here."]) + newline
    doc = parse("a.txt", text)
    second = text.index("Second")
    assert doc.position(second).line == 5
    assert doc.position(second).column == 1
    assert [b.kind for b in doc.blocks] == ["headline", "paragraph", "paragraph"]


def test_unicode_line_separators_do_not_shift_lines():
    text = "Headline\n\nOne\u2028two\u0085three \x0c four.\n\nLast paragraph.\n"
    doc = parse("a.txt", text)
    assert doc.position(text.index("Last")).line == 5
    assert doc.position(text.index("three")).line == 3


def test_columns_count_code_points_and_tabs_as_one():
    text = "Headline\n\n\tCaf\u00e9 \U0001F600 owner said so.\n"
    doc = parse("a.txt", text)
    pos = doc.position(text.index("owner"))
    assert (pos.line, pos.column) == (3, 9)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400),
       st.sampled_from(["a.txt", "a.md"]))
def test_every_span_maps_back_and_positions_round_trip(text, name):
    doc = parse(name, text)
    assert len(doc.prose) == len(doc.text)
    for block in doc.blocks:
        assert 0 <= block.start < block.end <= len(text)
        for sentence in block.sentences:
            assert block.start <= sentence.start < sentence.end <= block.end
            for w in sentence.words:
                # the word found in the prose mask is exactly the text at that span
                assert doc.text[w.start:w.end] == doc.prose[w.start:w.end]
                assert doc.text[w.start:w.end].strip() == doc.text[w.start:w.end]
    for offset in range(0, len(text) + 1, max(1, len(text) // 25)):
        pos = doc.position(offset)
        assert pos.line >= 1 and pos.column >= 1
        assert doc.offset(pos.line, pos.column) == offset


# --- sentences --------------------------------------------------------------------------------

def sentences(text: str) -> list[str]:
    doc = parse("a.txt", "Headline\n\n" + text + "\n")
    return [doc.text[s.start:s.end] for s in doc.sentences()]


@pytest.mark.parametrize("text, expected", [
    ("Mr. Smith met Dr. Jones on Jan. 5 in the city. They talked.",
     ["Mr. Smith met Dr. Jones on Jan. 5 in the city.", "They talked."]),
    ("Shares rose 3.5 per cent. Analysts were surprised.",
     ["Shares rose 3.5 per cent.", "Analysts were surprised."]),
    ("The U.S. Senate voted. The bill passed.", ["The U.S. Senate voted.", "The bill passed."]),
    ("She moved to the U.S. The job was waiting.", ["She moved to the U.S.", "The job was waiting."]),
    ("J. K. Rowling wrote it. George W. Bush read it.", ["J. K. Rowling wrote it.", "George W. Bush read it."]),
    ('"We will win," he said. "Nobody doubts it."', ['"We will win," he said.', '"Nobody doubts it."']),
    ("He paused... and went on. Then he left.", ["He paused... and went on.", "Then he left."]),
    ("Is it over? Nobody knows! Wait and see.", ["Is it over?", "Nobody knows!", "Wait and see."]),
    ("\u201cIt is done.\u201d The minister left.", ["\u201cIt is done.\u201d", "The minister left."]),
])
def test_sentence_splitting(text, expected):
    assert sentences(text) == expected


# --- plain text structure ---------------------------------------------------------------------

def test_plain_text_headline_byline_dateline():
    text = "Council Backs New Park\n\nAlex Rivera\nMarch 3, 2024\n\nThe council backed the park.\n"
    doc = parse("a.txt", text)
    assert doc.headline == "Council Backs New Park"
    assert [doc.text[s.start:s.end] for s in doc.metadata_spans] == ["Alex Rivera", "March 3, 2024"]
    assert [doc.text[b.start:b.end] for b in doc.paragraphs] == ["The council backed the park."]


def test_plain_text_one_paragraph_per_line_export():
    lines = [
        "The city council met on Tuesday evening to discuss the proposed changes to the bus routes.",
        "Several residents spoke against the plan, saying it would leave older people without a service.",
        "The council will vote on the final proposal next month after a further public consultation.",
    ]
    doc = parse("a.txt", "\n".join(lines) + "\n")
    assert [doc.text[b.start:b.end] for b in doc.paragraphs] == lines


def test_plain_text_hard_wrapped_paragraph_stays_one():
    text = "Headline here\n\nThe council met on Tuesday to discuss\nthe bus routes, and residents said\nthey were unhappy with it.\n"
    doc = parse("a.txt", text)
    assert len(doc.paragraphs) == 1
    assert len(doc.paragraphs[0].sentences) == 1


def test_urls_in_plain_text_are_not_prose():
    doc = parse("a.txt", "Headline\n\nRead the report at https://example.org/report.pdf today.\n")
    words = [doc.word(w) for w in doc.words()]
    assert "example" not in " ".join(words) and words[-1] == "today"


# --- Markdown structure -----------------------------------------------------------------------

MARKDOWN = """---
title: "Council backs new park"
author: Alex Rivera
---

# Council backs new park

The council **approved** the [new park](https://example.org/park) on Tuesday.

> A resident said it was "long overdue".

- First item of the list.
- Second item with `code` in it.

```python
print("not prose")
```

<div class="ad">Advertisement markup</div>

| Name | Vote |
|------|------|
| Lee  | Yes  |
"""


def test_markdown_blocks_and_front_matter():
    doc = parse("a.md", MARKDOWN)
    assert doc.headline == "Council backs new park"
    assert doc.front_matter["author"] == "Alex Rivera"
    kinds = [b.kind for b in doc.blocks]
    assert kinds == ["heading", "paragraph", "blockquote", "list_item", "list_item", "table", "table"]
    words = [doc.word(w) for w in doc.words()]
    assert "approved" in words and "park" in words
    assert "https" not in words and "example" not in words
    assert "print" not in words and "Advertisement" not in words
    assert "code" not in words
    # the front matter is not prose
    assert "Rivera" not in words


def test_markdown_positions_survive_front_matter_and_markup():
    doc = parse("a.md", MARKDOWN)
    para = doc.paragraphs[0]
    assert doc.position(para.start).line == 8
    assert doc.text[para.start:para.end].startswith("The council **approved**")
    quote = doc.paragraphs[1]
    assert doc.text[quote.start:quote.end] == 'A resident said it was "long overdue".'


def test_toml_front_matter_title():
    doc = parse("a.md", '+++\ntitle = "From TOML"\n+++\n\nBody text here.\n')
    assert doc.headline == "From TOML"
    assert [doc.text[b.start:b.end] for b in doc.paragraphs] == ["Body text here."]


def test_broken_front_matter_is_reported_and_body_still_read():
    doc = parse("a.md", '---\ntitle: "unclosed\n---\n\nBody text here.\n')
    assert doc.front_matter_errors
    assert [doc.text[b.start:b.end] for b in doc.paragraphs] == ["Body text here."]


def test_markdown_crlf_positions():
    text = "# Title\r\n\r\nFirst paragraph.\r\n\r\nSecond paragraph.\r\n"
    doc = parse("a.md", text)
    assert [doc.position(b.start).line for b in doc.blocks] == [1, 3, 5]


def test_load_rejects_bad_bytes_and_accepts_bom():
    doc = load("a.md", "\ufeff# Title\n\nBody.\n".encode("utf-8"))
    assert doc.had_bom and doc.blocks[0].kind == "heading"
    with pytest.raises(UnreadableFile):
        load("a.md", b"\xc3\x28")


def test_documents_survive_pickling_with_their_words():
    import pickle

    doc = parse("a.md", MARKDOWN)
    back = pickle.loads(pickle.dumps(doc))
    assert back.blocks == doc.blocks
    assert [back.word(w) for w in back.words()] == [doc.word(w) for w in doc.words()]
    assert back.position(len(doc.text) - 1) == doc.position(len(doc.text) - 1)


# --- broken front matter, as the command line reports it ------------------------------------------

@pytest.mark.parametrize("name, front, line, column, words", [
    # TOML's parser counts lines from the front matter's first line; the report counts the file's
    ("a.md", '+++\ntitle = "Harbour"\nslug = harbour-plan\n+++\n', 3, 8, "Invalid value"),
    ("b.md", '+++\r\ntitle = "x"\r\ntitle = "y"\r\n+++\r\n', 3, None, "overwrite"),
    # an unclosed quote is reported where the quoted value starts, not at the end of the block
    ("c.md", '---\nauthor: Jo\ntitle: "Harbour plan\n---\n', 3, 8, "starts on line 3"),
    ("d.txt", '---\nauthor: Jo\nbad: a: b\n---\n', 3, 7, "mapping values are not allowed"),
])
def test_front_matter_errors_point_at_the_line_in_the_file(run_cli, write_article, name, front, line, column, words):
    write_article(name, front + "\nBody text here.\n")
    proc = run_cli("check", "--select", "NL003", "--format", "json", name)
    assert proc.returncode == 2, proc.stderr  # a mistake in the file, as one in a configuration
    [finding] = json.loads(proc.stdout)["files"][0]["findings"]
    assert finding["code"] == "NL003"
    assert finding["line"] == line, finding
    assert column is None or finding["column"] == column, finding
    assert words in finding["message"]
    assert "(at line" not in finding["message"]  # the parser's own, front-matter-relative numbers


def test_utf16_file_is_named_as_such(run_cli, write_article):
    # Windows Notepad's "Unicode" is UTF-16: tell the editor what to change, not "binary file"
    write_article("notepad.txt", "Ferry times\r\n\r\nThe ferry leaves at six.\r\n".encode("utf-16"))
    write_article("clean.md", "# Library\n\nThe library opens at nine.\n")
    proc = run_cli("check", "--select", "NL0", "notepad.txt", "clean.md")
    assert proc.returncode == 2
    [line] = [x for x in proc.stdout.splitlines() if "notepad.txt" in x]
    assert "NL002" in line and "UTF-16" in line and "save it as UTF-8" in line and "binary" not in line
