"""The repetition rules do bounded work on hostile input: the comparisons they make grow about
linearly between an input and one eight times its size (counted, never timed)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.document import parse
from newslint.rules.repetition import RecycledPassage, RepeatedPassage, RestatedSentence, find_shared_runs
from newslint.rules.repetition import restated_sentence

#: eight times the input may cost at most this many times the work (8 for exactly linear)
SLACK = 12


class Counter:
    def __init__(self, monkeypatch, module, name):
        self.calls = 0
        original = getattr(module, name)

        def counted(*args, **kwargs):
            self.calls += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)


def places(n: int, seed: int) -> str:
    """A story listing ``n`` place names, then restating the list in another order."""
    rng = random.Random(seed)
    names = [f"{a}{b}ton" for a in ("Ash", "Bel", "Cor", "Dun", "Elm", "Fal", "Gar", "Hol", "Ire", "Jun")
             for b in ("by", "ford", "ley", "wick", "mere", "stow", "well", "combe", "hurst", "field")]
    chosen = rng.sample(names, n)
    again = chosen[:]
    rng.shuffle(again)
    return (f"# Storm\n\nThe storm reached the coast overnight.\n\nSchools closed in {', '.join(chosen)} on "
            f"Monday, the council said.\n\nCrews worked through the night.\n\nOn Monday the council said the "
            f"storm had closed schools in {', '.join(again)}.\n")


def many_sentences(n: int, seed: int, vocabulary: int) -> str:
    """``n`` one-sentence paragraphs drawn from a small vocabulary: every pair shares words."""
    rng = random.Random(seed)
    words = ("council harbour ferry bridge storm road school budget mayor crews night river mill depot "
             "island station market garden").split()[:vocabulary]
    return "# Notes\n\n" + "\n\n".join(" ".join(rng.choice(words) for _ in range(12)).capitalize() + "."
                                       for _ in range(n)) + "\n"


def nl102_work(text: str) -> int:
    """The comparisons NL102 makes on ``text``: sentence pairs scored plus word sets compared."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        scored = Counter(monkeypatch, restated_sentence, "_scored")
        compared = Counter(monkeypatch, restated_sentence, "_soft_shared")
        compared_whole = Counter(monkeypatch, restated_sentence, "_soft_shared_sentences")
        list(RestatedSentence().check(parse("story.md", text)))
    return scored.calls + compared.calls + compared_whole.calls


@settings(max_examples=4, deadline=None)
@given(seed=st.integers(0, 1000))
def test_nl102_a_restated_list_of_names_costs_linear_work(seed):
    small, large = nl102_work(places(10, seed)), nl102_work(places(80, seed))
    assert small > 0
    assert large <= SLACK * small


@settings(max_examples=3, deadline=None)
@given(seed=st.integers(0, 1000), vocabulary=st.integers(8, 18))
def test_nl102_many_similar_sentences_cost_linear_work(seed, vocabulary):
    small = nl102_work(many_sentences(100, seed, vocabulary))
    large = nl102_work(many_sentences(800, seed, vocabulary))
    assert small > 0
    assert large <= SLACK * small


def tokens_compared(a: list[str], b: list[str]) -> int:
    """Tokens of ``b`` that ``find_shared_runs`` reads while extending matches (a counting list)."""
    class Counting(list):
        reads = 0

        def __getitem__(self, i):
            Counting.reads += 1
            return super().__getitem__(i)

    Counting.reads = 0
    find_shared_runs(a, Counting(b), 12)
    return Counting.reads


@settings(max_examples=4, deadline=None)
@given(phrase_words=st.integers(12, 20), seed=st.integers(0, 100))
def test_nl103_a_phrase_repeated_thousands_of_times_costs_linear_work(phrase_words, seed):
    rng = random.Random(seed)
    phrase = [rng.choice("valley bus depot drivers strike pay union talks".split()) for _ in range(phrase_words)]
    small = tokens_compared(phrase * 50, phrase * 50)
    large = tokens_compared(phrase * 400, phrase * 400)
    assert small > 0
    assert large <= SLACK * small


def test_nl101_and_nl103_still_find_what_they_find_on_such_input():
    text = places(80, 3)
    assert list(RepeatedPassage().check(parse("story.md", text))) == []  # reordered: no run repeated
    assert len(list(RestatedSentence().check(parse("story.md", text)))) == 1
    phrase = "the valley depot will close in the spring and every driver will be offered work".split()
    assert find_shared_runs(phrase * 3, phrase, 12)[0] == (0, 0, len(phrase))
    assert RecycledPassage.code == "NL103"
