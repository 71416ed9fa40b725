"""Folding a paragraph's words in one pass gives each word exactly what ``fold`` gives it alone."""

from __future__ import annotations

from newslint.document import load
from newslint.rules.analysis.words import fold, fold_all, fold_many, folded_words, paragraph_words

# curly and modifier apostrophes and backticks, edge periods and hyphens, a letter that lowers to
# two characters, Greek capitals whose final sigma depends on where the word ends, and words that
# fold to nothing
WORDS = ["Council\u2019s", "O\u02bcBrien", "``approved``", "\u0130stanbul", "U.S.", "-led", "rock'-n-roll",
         "\u039f\u0394\u039f\u03a3", "\u03a3", "\u03a3\u0391\u03a3\u02bc", "\u02bc", "\u02bc.", "", "A&B", "4.5",
         "ISTANBUL", "fans'", "'70s"]


def test_folding_many_words_at_once_is_folding_each_alone():
    assert fold_many(WORDS) == [fold(w) for w in WORDS]
    assert fold_many(list(reversed(WORDS))) == [fold(w) for w in reversed(WORDS)]
    assert fold_many([]) == []
    assert "\u03bf\u03b4\u03bf\u03c2" in fold_many(WORDS)  # the final sigma of a word inside the run


def test_a_word_holding_a_space_is_folded_on_its_own():
    words = ["New York\u2019s", "Mayor", "O\u2019Neal"]
    assert fold_many(words) == ["new yorks", "mayor", "oneal"] == [fold(w) for w in words]


def test_words_that_fold_to_nothing_are_left_out_with_the_others_kept_in_place():
    spans = [(0, 3), (4, 5), (6, 9)]
    assert fold_all(["The", "\u02bc", "End"], spans) == [("the", 0, 3), ("end", 6, 9)]
    assert fold_all(["The", "End"], [(0, 3), (4, 7)]) == [("the", 0, 3), ("end", 4, 7)]


def test_a_documents_folded_words_are_its_paragraph_words_folded_one_by_one():
    text = ("A headline\n\nThe Council\u2019s plan for O\u02bcBrien Street was ``approved`` by the "
            "\u039f\u0394\u039f\u03a3 group, said U.S. officials in \u0130stanbul.\n\n"
            "Fans' '70s posters \u02bc were rock'-n-roll, the council\u2019s-own staff said.\n")
    doc = load("story.txt", text.encode("utf-8"))
    spans, originals = paragraph_words(doc)
    expected = [(fold(w), s, e) for w, (s, e) in zip(originals, spans) if fold(w)]
    assert folded_words(doc) == expected
    assert len(expected) < len(originals)  # the lone modifier apostrophe folded to nothing
