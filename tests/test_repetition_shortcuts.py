"""NL102's shortcuts give exactly what the plain computation gives: the shared-word count from
what each sentence computed once, rapidfuzz's plain ratio for its token-sort ratio on sorted
stems, a score cut at the threshold, and the candidates counted from an index of the words."""

from __future__ import annotations

import heapq
import random

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from newslint.document import parse
from newslint.rules.repetition import RestatedSentence
from newslint.rules.repetition import restated_sentence as nl102

#: words of which several begin alike in their first six letters, so that the soft count matters
_POOL = ("council councils councillor councillors harbour harbourside harbourmaster station stations "
         "stationed stationery ferry ferries depot depots bridge bridges bridged mayor mayoral storm "
         "storms stormed market markets marketing garden gardens gardener river rivers school schools "
         "schooled budget budgets budgeted report reports reported, and, which, while").split()


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(_POOL) for _ in range(n)).capitalize().rstrip(",") + "."


def _facts(text: str) -> list[nl102.SentenceFacts]:
    doc = parse("story.md", text)
    return [nl102.SentenceFacts(doc, s) for s in doc.sentences()]


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), n=st.integers(5, 30), m=st.integers(5, 30))
def test_the_shared_count_of_two_sentences_is_the_plain_one(seed, n, m):
    rng = random.Random(seed)
    a, b = _facts(f"# T\n\n{_sentence(rng, n)} {_sentence(rng, m)}\n")[-2:]
    assert nl102._soft_shared_sentences(a, b) == nl102._soft_shared(a.content, b.content)
    assert nl102._soft_shared_sentences(b, a) == nl102._soft_shared(b.content, a.content)


_TOKEN = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyz\u00e9\u00fc\u00df\u0131\u4e2d\u00c0019'-./&"),
                 min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(a=st.sets(_TOKEN, min_size=1, max_size=20), b=st.sets(_TOKEN, min_size=1, max_size=20))
def test_the_plain_ratio_of_sorted_stems_is_their_token_sort_ratio(a, b):
    text_a, text_b = " ".join(sorted(a)), " ".join(sorted(b))
    assert fuzz.ratio(text_a, text_b) == fuzz.token_sort_ratio(text_a, text_b)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), at_least=st.sampled_from([0.3, 0.5, 0.65, 0.7, 0.9]))
def test_a_score_cut_at_a_threshold_is_the_score_or_nothing(seed, at_least):
    rng = random.Random(seed)
    sentences = [_sentence(rng, rng.randint(8, 30)) for _ in range(2)]
    a, b = _facts(f"# T\n\n{sentences[0]}\n\n{sentences[1]}\n")[-2:]
    shared = len(a.content & b.content)
    if shared < 4 or min(len(a.content), len(b.content)) < 5:
        return
    full = nl102._scored(a, b, shared, 5, nl102.CompareBudget(10**6))
    cut = nl102._scored(a, b, shared, 5, nl102.CompareBudget(10**6), at_least)
    assert cut == (full if full >= at_least else 0.0)


def _facts_as_the_rule_builds_them(doc) -> list[nl102.SentenceFacts]:
    facts, order = [], 0
    for p, block in enumerate(doc.paragraphs):
        for s in block.sentences:
            f = nl102.SentenceFacts(doc, s, p, order=order, alone=len(block.sentences) == 1)
            if len(s.words) >= 5 and len(f.content) >= 5:
                facts.append(f)
            order += 1
    return facts


def _plain_pairs(doc, threshold: float) -> set[tuple[int, int]]:
    """The pairs of sentences (their starts) whose words are alike, with the candidates chosen the
    plain way: every earlier sentence of the last MAX_LOOKBACK compared word set by word set."""
    facts = _facts_as_the_rule_builds_them(doc)
    assert len(facts) > nl102.MAX_LOOKBACK  # the window of earlier sentences is exercised
    pairs = set()
    budget = nl102.CompareBudget(nl102.MAX_CLAUSE_COMPARISONS)
    for j, b in enumerate(facts):
        candidates = [(len(facts[i].content & b.content), i) for i in range(max(0, j - nl102.MAX_LOOKBACK), j)]
        candidates = [c for c in candidates if c[0] >= 4]
        if len(candidates) > nl102.MAX_CANDIDATES:
            candidates = sorted(heapq.nlargest(nl102.MAX_CANDIDATES, candidates), key=lambda c: c[1])
        for _, i in candidates:
            if nl102.restatement_score(facts[i], b, 5, budget, how_said=False) >= threshold:
                pairs.add((facts[i].start, b.start))
    return pairs


def test_the_word_index_chooses_the_candidates_the_plain_loop_chooses(monkeypatch):
    rng = random.Random(7)
    paragraphs = [" ".join(_sentence(rng, rng.randint(6, 16)) for _ in range(rng.randint(1, 3)))
                  for _ in range(220)]
    text = "# A long story\n\n" + "\n\n".join(paragraphs) + "\n"
    rule = RestatedSentence()
    threshold = rule.config["threshold"]
    alike = set()
    original = nl102._scored

    def recording(a, b, shared, min_content, budget, at_least=0.0):
        score = original(a, b, shared, min_content, budget, at_least)
        if score and score >= threshold:
            alike.add((a.start, b.start))
        return score

    with monkeypatch.context() as patched:
        patched.setattr(nl102, "_scored", recording)
        list(rule.check(parse("story.md", text)))
    plain = _plain_pairs(parse("story.md", text), threshold)
    assert plain, "the story has sentences alike to find"
    assert alike == plain
