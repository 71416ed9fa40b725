"""The passage index's preparation: fingerprints made in the workers give the same findings as
fingerprints made in the main process, and the fast n-gram helpers agree with a plain reference."""

from __future__ import annotations

import pickle
import subprocess
import sys

import pytest

from newslint.document import parse
from newslint.engine import RunContext
from newslint.rules.analysis.passage_index import preparation, recurring_paragraphs
from newslint.rules.repetition import DuplicateArticle, RecycledPassage, find_shared_runs

DEPOT = ("The depot, which opened in 1962, employs 140 drivers and mechanics on two shifts "
         "and serves every village in the valley.")
FOOTER = "Send your news and photographs to the newsdesk by email or through the form on our website."
BODY = ("The harbour board met on Monday to discuss the cost of dredging the channel before winter. "
        "Members heard that silt had narrowed the fairway by a third since the spring tides. "
        "A report by the board's engineer put the bill for the work at more than two million pounds.")


def articles() -> list:
    texts = {
        "a.md": f"# Depot strike\n\nDrivers voted to strike over pay.\n\n{DEPOT}\n\n{FOOTER}\n",
        "b.md": f"# Depot deal\n\nA pay deal ended the strike at the depot.\n\n{DEPOT}\n\n{FOOTER}\n",
        "c.md": f"# Harbour\n\n{BODY}\n\n{FOOTER}\n",
        "d.md": f"# Harbour board\n\n{BODY}\n\n{FOOTER}\n",
        "e.md": f"# Fair\n\nThe autumn fair returns to the green on Sunday with forty stalls.\n\n{FOOTER}\n",
        "f.md": f"# Bridge\n\nThe footbridge over the river reopens after repairs to its deck.\n\n{FOOTER}\n",
    }
    return [parse(path, text) for path, text in texts.items()]


def findings(docs, context) -> list[tuple]:
    out = []
    for rule in (RecycledPassage({}), DuplicateArticle({})):
        out += [(f.path, f.code, f.start.offset, f.end.offset, f.message) for f in rule.check_run(docs, context)]
    return sorted(out)


def prepare(rules, docs) -> dict:
    """What the engine's workers hand the per-run rules: each preparation once, by its key."""
    prepared: dict = {}
    for rule in rules:
        for prep in rule.preparations():
            if prep.key not in prepared:
                prepared[prep.key] = {d.path: prep.function(d) for d in docs}
    return prepared


def test_prepared_fingerprints_give_the_same_findings_as_the_fallback():
    docs = articles()
    prepared = prepare([RecycledPassage({}), DuplicateArticle({})], docs)
    assert len(prepared) == 1  # NL103 and NL104 share one index, prepared once
    # as in a run with worker processes: documents and prepared values come back pickled
    docs_sent, prepared_sent = pickle.loads(pickle.dumps((docs, prepared)))
    with_prepared = findings(docs_sent, RunContext(None, docs_sent, prepared_sent))
    without = findings(docs, RunContext(None, docs))
    assert with_prepared == without
    codes = {code for _, code, _, _, _ in without}
    assert codes == {"NL103", "NL104"}  # the depot passage is recycled, the harbour story duplicated
    assert recurring_paragraphs(docs_sent, RunContext(None, docs_sent, prepared_sent), 5) == \
        recurring_paragraphs(docs, RunContext(None, docs), 5)


def test_prepared_values_for_another_guarantee_are_not_used():
    docs = articles()
    made = preparation(20)
    prepared = {made.key: {d.path: made.function(d) for d in docs}}
    assert findings(docs, RunContext(None, docs, prepared)) == findings(docs, RunContext(None, docs))


def reference_shared_runs(a, b, n):
    """The plain left-to-right scan the fast version must agree with."""
    runs, i = [], 0
    while i + n <= len(a):
        starts = [j for j in range(len(b) - n + 1) if b[j:j + n] == a[i:i + n]]
        if not starts:
            i += 1
            continue
        best_j, best_len = starts[0], 0
        for j in starts:
            length = n
            while i + length < len(a) and j + length < len(b) and a[i + length] == b[j + length]:
                length += 1
            if length > best_len:
                best_j, best_len = j, length
        runs.append((i, best_j, best_len))
        i += best_len
    return runs


@pytest.mark.parametrize("a, b, n, expected", [
    ("x a b c d y", "a b c d", 3, [(1, 0, 4)]),
    ("a b c a b c", "z a b c", 3, [(0, 1, 3), (3, 1, 3)]),
    ("a b c d", "e f g h", 2, []),
    ("a b", "a b", 3, []),
    ("p a b c q a b c d", "a b c d r a b c", 3, [(1, 0, 3), (5, 0, 4)]),
])
def test_find_shared_runs(a, b, n, expected):
    a, b = a.split(), b.split()
    assert find_shared_runs(a, b, n) == expected == reference_shared_runs(a, b, n)


def test_cli_jobs_two_matches_jobs_one(tmp_path):
    for i in range(40):  # enough files for the engine to use worker processes
        # the depot passage recurs in 4 articles (recycled), the harbour story in 3 (duplicates)
        tail = DEPOT if i % 13 == 0 else BODY if i % 11 == 0 else FOOTER
        (tmp_path / f"s{i:02}.md").write_text(
            f"# Story {i}\n\nThe topic{i} committee met on Tuesday to plan the year ahead.\n\n{tail}\n", encoding="utf-8")
    outs = [subprocess.run([sys.executable, "-m", "newslint", "check", "--isolated", "--select", "NL1",
                            "--jobs", jobs, "."], capture_output=True, text=True, cwd=tmp_path).stdout
            for jobs in ("1", "2")]
    assert outs[0] == outs[1]
    assert "NL103" in outs[0] and "NL104" in outs[0]


def test_the_per_run_rules_see_the_articles_in_path_order_whatever_order_the_workers_answer_in():
    """Worker processes answer in any order; NL103's "also in X and 1 other article" names the first
    article of the run that shares the passage, so the per-run rules must get the articles in one
    order (the paths'), or a report changes from one run to the next with --jobs 2."""
    from newslint.engine.results import FileResult
    from newslint.engine.run import document_handles

    pairs = []
    for name in ("c.md", "a.md", "b.md"):  # as the workers happened to answer
        result = FileResult(name)
        result.digest = b"x"
        pairs.append((result, parse(name, "# Title\n\nSome words here.\n")))
    assert list(document_handles([], pairs)) == ["a.md", "b.md", "c.md"]


def _articles_of_winnowed_hashes(n_articles: int, per_article: int, seed: int) -> list:
    """Sorted 47-bit fingerprint arrays shaped like real ones: each the least of six random
    hashes (winnowing's minimum), with some shared between articles."""
    import random
    from array import array

    rng = random.Random(seed)
    pool = [min(rng.getrandbits(47) for _ in range(6)) for _ in range(n_articles * per_article // 3)]
    return [array("q", sorted({rng.choice(pool) for _ in range(per_article)})) for _ in range(n_articles)]


def test_partitions_of_the_run_fingerprints_are_about_equal_whatever_the_hashes_range():
    from newslint.rules.analysis.passage_index import _partition_bounds

    arrays = _articles_of_winnowed_hashes(300, 150, seed=1)
    total = sum(len(a) for a in arrays)
    bounds = _partition_bounds(arrays, 8)
    sizes = [sum(1 for a in arrays for h in a if (lo is None or h >= lo) and (hi is None or h < hi))
             for lo, hi in zip(bounds, bounds[1:])]
    assert sum(sizes) == total  # every fingerprint in one partition
    assert len(sizes) == 8
    assert max(sizes) < 2 * total / 8  # none holds the most of them (equal slices of the range would)


def test_shared_fingerprints_are_the_same_in_one_pass_or_many(monkeypatch):
    from newslint.rules.analysis import passage_index

    arrays = _articles_of_winnowed_hashes(200, 120, seed=2)
    naive: dict[int, list[int]] = {}
    for idx, hashes in enumerate(arrays):
        for h in hashes:
            naive.setdefault(h, []).append(idx)
    naive = {h: tuple(arts) for h, arts in naive.items() if len(arts) > 1}
    assert naive  # the test means something only if articles share fingerprints
    monkeypatch.setattr(passage_index, "PARTITION", 1_000)
    assert passage_index._shared_fingerprints(arrays) == naive
    monkeypatch.setattr(passage_index, "PARTITION", 10**9)
    assert passage_index._shared_fingerprints(arrays) == naive
