"""The archive's fingerprints, made from a file's bytes without building the document, are the
ones a checked article gets: otherwise a passage shared with the archive would not be found."""

from __future__ import annotations

import pytest

from newslint.document import load
from newslint.rules.analysis.archive_build import fingerprint_file
from newslint.rules.analysis.fingerprints import fingerprint, fingerprint_bytes, kgram_hashes

# words that fold (case, curly and modifier apostrophes, backticks), a letter that lowers to two
# characters, joiners inside words, and Markdown around prose
TRICKY = [
    "The Council\u2019s plan for the \u2018new\u2019 depot on O\u02bcBrien Street was ``approved`` on "
    "Tuesday by 12 votes to 3, said the council\u2019s leader, who called it a well-timed, hard-won deal.",
    "\u0130stanbul and ISTANBUL are not the same word here, but \u0130zmir-based firms A&B and U.S. "
    "exporters said the 4.5% rise in fees was 'unwelcome' at the port's annual meeting in the city.",
    "She wrote `rock'-n-roll` and rock \u2018n\u2019 roll on the sign: the band's name, the fans' songs, "
    "and the venue's famous '70s posters were all part of the night, the organisers said later.",
    # apostrophes only, some of them next to another joiner or apostrophe
    "Fans of rock'-n-roll and the band''s hits said the venue's bar, the 'old' one, was the city's "
    "best-kept secret, and its owners' plans for rock'/pop nights were o'.k with the council\u2019s-own staff.",
]


def markdown(paragraphs: list[str]) -> str:
    return "# A headline that is not prose\n\n" + "\n\n".join(
        [paragraphs[0], f"> {paragraphs[1]}", f"- *{paragraphs[2]}*", *paragraphs[3:]]) + "\n"


@pytest.mark.parametrize("name, text", [
    ("story.txt", "A headline\n\n" + "\n\n".join(TRICKY) + "\n"),
    ("story.md", markdown(TRICKY)),
])
def test_fingerprints_from_bytes_are_the_documents(name, text):
    data = text.encode("utf-8")
    from_bytes = fingerprint_bytes(name, data, 12)
    from_doc = fingerprint(load(name, data), 12)
    assert from_bytes.n_words == from_doc.n_words > 60
    assert from_bytes.fingerprints == sorted(from_doc.fingerprints)
    assert from_bytes.paragraphs == sorted(h for h, _, _ in from_doc.paragraphs)


def test_kgram_hashes_depend_on_every_word_and_fit_six_bytes():
    words = "the council approved the new budget after a long debate on tuesday night".split()
    hashes = kgram_hashes(words, 8)
    assert len(hashes) == len(words) - 7 == len(set(hashes))
    assert all(0 <= h < 1 << 47 for h in hashes)  # what SQLite stores in six bytes
    changed = kgram_hashes([*words[:4], "old", *words[5:]], 8)
    # the k-grams holding the changed word (the first five) differ, the others are the same
    assert [a == b for a, b in zip(hashes, changed)] == [False] * 5 + [True] * 1


def test_a_worker_sends_the_fingerprints_as_a_json_list(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("A headline\n\n" + "\n\n".join(TRICKY) + "\n", encoding="utf-8")
    record = fingerprint_file(str(path), 12)
    assert record.error is None
    import json

    assert json.loads(record.fingerprints) == fingerprint_bytes("story.txt", path.read_bytes(), 12).fingerprints
    assert record.n_fingerprints == len(json.loads(record.fingerprints))


# --- the archive's fast path against the checker's, on drawn text ------------------------------

from hypothesis import example, given, settings, strategies as st  # noqa: E402

from newslint.rules.analysis.fingerprints import winnow, winnowed  # noqa: E402
from newslint.segment import WORD_RE  # noqa: E402

#: words, and what is between them: joiners, apostrophes and quote marks of every kind, marks
#: outside ASCII, letters that lower to two characters or by their neighbours
WORDS = ["the", "Council", "a", "7", "3.5", "U.S", "O", "s", "\u0130", "\u03a3", "\u00e9t\u00e9", "_", ""]
BETWEEN = [" ", "  ", "\n", "\t", "\u00a0", "'", "\u2019", "\u2018", "\u02bc", "`", "-", ".", "/", "&", ",",
           "\u201c", "\u201d", "\u00a3", "\u2014", "\u2026", "(", ")", "!", "%"]
texts = st.lists(st.tuples(st.sampled_from(WORDS), st.lists(st.sampled_from(BETWEEN), max_size=2).map("".join)),
                 max_size=30).map(lambda parts: "".join(w + b for w, b in parts))


@settings(deadline=None, max_examples=500)
@given(texts)
@example("a&b a'b a\u2019b a-b a.b a/b 3.5 u.s. a--b a.-b a'-b 'a' \u2018a\u2019 a. .a -a- a_b \u00e9t\u00e9-a")
def test_the_fast_tokeniser_finds_the_words_the_regular_expression_finds(text):
    from newslint.rules.analysis.fingerprints import _words

    assert _words(text) == WORD_RE.findall(text)
    assert _words(text.lower()) == WORD_RE.findall(text.lower())


def drawn_article(paragraphs: list[str]) -> bytes:
    """An article of the drawn paragraphs, each with enough ordinary words around it to be prose."""
    body = [f"The council said on Tuesday {p} and the plan was approved by the board." for p in paragraphs]
    return ("A headline\n\n" + "\n\n".join(body) + "\n").encode("utf-8")


@settings(deadline=None, max_examples=200)
@given(st.lists(texts, min_size=1, max_size=6), st.sampled_from(["story.txt", "story.md"]), st.sampled_from([8, 12, 15]))
@example(["the council'-s plan", "rock'/pop and o'.k", "the band''s hits", "'-a and a-' here", "the a-'s and x.'y"], "story.txt", 12)
def test_fingerprints_from_bytes_are_the_documents_on_drawn_text(paragraphs, name, guarantee):
    data = drawn_article(paragraphs)
    from_bytes = fingerprint_bytes(name, data, guarantee)
    from_doc = fingerprint(load(name, data), guarantee)
    assert from_bytes.n_words == from_doc.n_words
    assert from_bytes.fingerprints == sorted(from_doc.fingerprints)
    # (the index keeps a paragraph's hash once per article)
    assert from_bytes.paragraphs == sorted({h for h, _, _ in from_doc.paragraphs})


@given(st.lists(st.sampled_from(["the", "council", "said", "a", "plan", "x", "budget", "7"]), max_size=80),
       st.integers(1, 40), st.integers(1, 12))
def test_winnowed_is_the_sorted_winnow_of_the_kgram_hashes(tokens, k, w):
    assert winnowed(tokens, k, w) == sorted(winnow(kgram_hashes(tokens, k), w))


@settings(deadline=None, max_examples=300)
@given(st.lists(texts, min_size=1, max_size=6), st.sampled_from(["story.txt", "story.md"]))
@example(TRICKY, "story.txt")
@example(TRICKY, "story.md")
def test_the_words_alone_are_the_words_found_with_the_paragraphs(paragraphs, name):
    # a candidate's words are found all at once when its paragraphs' hashes are not wanted
    from newslint.rules.analysis.fingerprints import _words, folded_paragraphs, folded_text

    data = drawn_article(paragraphs)
    words, hashes = folded_paragraphs(name, data)
    alone, none = folded_paragraphs(name, data, hashed=False)
    # a candidate ruled out from a few hundred characters: those characters' words are its own
    text = folded_text(name, data)
    if text is not None:  # (None: words that must be folded one by one)
        assert _words(text) == words
    assert alone == words and len(words) > 10 and hashes and not none


def test_local_run_hashes_are_equal_exactly_for_equal_runs():
    from newslint.rules.analysis.fingerprints import local_kgram_hashes

    words = "the council approved the new budget after a long debate on tuesday night".split()
    hashes = list(local_kgram_hashes(words, 8))
    assert len(hashes) == len(words) - 7 == len(set(hashes))
    changed = list(local_kgram_hashes([*words[:4], "old", *words[5:]], 8))
    assert [a == b for a, b in zip(hashes, changed)] == [False] * 5 + [True] * 1
    # the same run in another article, at another place, has the same hash
    other = ["in", "short", *words[3:11], "and", "more"]
    assert set(local_kgram_hashes(other, 8)) & set(hashes) == {hashes[3]}
    assert list(local_kgram_hashes(words[:7], 8)) == []


#: words that are parts of one another, and what joins or parts them
_PIECES = ["plan", "plans", "the", "a", "council", "3", "x-plan", "plan.a", "long" * 30]
_GAPS = [" ", "  ", "\n", ", ", "-", ".", " - ", " .", "/", "&", " & ", "(", ") ", "\u2014", "\u00e9"]
pieced = st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(_GAPS)), max_size=120).map(
    lambda parts: "".join(w + g for w, g in parts))


@settings(deadline=None, max_examples=500)
@given(pieced, st.sampled_from(["plan", "a", "the", "3", "council", "x-plan"]), st.sampled_from([2, 5, 12]))
@example("plan " * 40, "plan", 12)
@example("x-plan plan-x plan.a a.plan .plan plan. -plan ", "plan", 2)
@example(("long" * 30 + " ") * 6 + "plan " + ("long" * 30 + " ") * 6, "plan", 12)
def test_the_words_around_a_word_are_those_of_the_whole_text(text, word, n):
    from newslint.rules.analysis.fingerprints import _words, tokens_around, words_around

    tokens = _words(text)
    expected = list(tokens_around(tokens, word, n))
    found = list(words_around(text, word, n))
    if None in found:  # words too long for the stretch looked at: the caller splits the whole text
        assert len(found) == len(expected)
        return
    assert found == expected
    assert len(expected) == tokens.count(word)
    for piece in expected:
        assert word in piece and len(piece) <= 2 * n - 1


def test_kgram_hashes_with_a_memo_of_the_callers_are_the_same_and_leave_the_vocabularys_alone(monkeypatch):
    from newslint.rules.analysis import fingerprints
    from newslint.rules.analysis.fingerprints import _word_hash

    words = "the ferry crew said the council had tried for months to keep the boat zqxw".split()
    before, memo = _word_hash.cache_info().currsize, {}
    once = kgram_hashes(words, 5, memo)
    assert _word_hash.cache_info().currsize == before and sorted(memo) == sorted(set(words))
    assert once == kgram_hashes(words, 5) and len(once) == len(words) - 4
    monkeypatch.setattr(fingerprints, "MEMO_WORDS", 5)  # full: emptied, then this call's words
    assert kgram_hashes(words, 5, memo) == once and sorted(memo) == sorted(set(words))
    assert kgram_hashes(words[:3], 2, memo) == kgram_hashes(words[:3], 2) and sorted(memo) == sorted(set(words[:3]))
