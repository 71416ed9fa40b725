"""The archive audit's candidate pairs: joined through anchors and the runs around them, they give
the same pairs as verifying every pair that shares a fingerprint, without verifying the pairs
that share only a phrase by chance."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from newslint.config import Settings
from newslint.rules.analysis import archive_audit
from newslint.rules.analysis.archive_audit import AuditOptions, _same_run, anchor_contexts, audit
from newslint.rules.analysis.archive_cache import ArchiveIndex
from newslint.rules.analysis.fingerprints import DEFAULT_GUARANTEE, kgram_hashes

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "bu", "da", "fe", "gi", "ho"]
OPTIONS = AuditOptions(min_words=12, boilerplate_articles=5, min_similarity=0.9, duplicate_min_words=50)


def vocabulary(rng: random.Random, n: int) -> list[str]:
    words: set[str] = set()
    while len(words) < n:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def make_archive(root: Path, seed: int) -> tuple[Path, dict[str, set[str]]]:
    """Stories of random words, with what two stories may share planted in them: passages of 12 to
    20 words (some in three stories), seven-word phrases in two to four stories (chance sharing,
    never a passage), a footer in eight stories (boilerplate), and a story filed twice with one
    word changed. Returns the archive and, by kind, the pairs planted."""
    rng = random.Random(seed)
    words = vocabulary(rng, 400)
    stories = [[rng.choice(words) for _ in range(rng.randint(90, 160))] for _ in range(60)]
    planted: dict[str, set[str]] = {"passages": set(), "duplicate": set()}
    inserts: dict[int, list[tuple[int, list[str]]]] = {}

    def put(i: int, phrase: list[str]) -> None:  # at a place between the story's own words
        inserts.setdefault(i, []).append((rng.randrange(len(stories[i])), phrase))

    for _ in range(12):  # chance phrases: seven words in two to four stories
        phrase = [rng.choice(words) for _ in range(7)]
        for i in rng.sample(range(58), rng.randint(2, 4)):
            put(i, phrase)
    for _ in range(6):  # passages
        phrase = [rng.choice(words) for _ in range(rng.randint(12, 20))]
        held = rng.sample(range(58), rng.choice([2, 2, 3]))
        for i in held:
            put(i, phrase)
        planted["passages"].update(f"{a:02d}-{b:02d}" for a in held for b in held if a < b)
    for i, phrases in inserts.items():  # the last place first: no phrase is cut by another
        for at, phrase in sorted(phrases, key=lambda x: -x[0]):
            stories[i][at:at] = phrase
    footer = [rng.choice(words) for _ in range(16)]
    for i in range(40, 48):
        stories[i] += footer
    stories[59] = list(stories[58])
    stories[59][len(stories[59]) // 2] = "changed"
    planted["duplicate"].add("58-59")
    archive = root / "archive"
    for i, story in enumerate(stories):
        folder = archive / f"2024-{i % 4 + 1:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i:02d}.md").write_text(f"# Story {i}\n\n{' '.join(story).capitalize()}.\n", encoding="utf-8")
    return archive, planted


def index_of(root: Path, archive: Path) -> ArchiveIndex:
    index = ArchiveIndex(Settings(root=root, archive=[archive], cache_dir=root / "cache"), DEFAULT_GUARANTEE)
    index.refresh(full=True, jobs=1)
    return index


def found(data: dict) -> list:
    return [(p["a"], p["b"], p["kind"], p["similarity"], p["passages"]) for p in data["pairs"]]


def names(data: dict, kind: str) -> set[str]:
    return {"-".join(sorted(Path(p[x]).stem for x in ("a", "b"))) for p in data["pairs"] if p["kind"] == kind}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_anchored_candidates_give_the_pairs_of_verifying_every_pair(tmp_path, seed, monkeypatch):
    archive, planted = make_archive(tmp_path, seed)
    index = index_of(tmp_path, archive)
    assert archive_audit.anchors_serve(index.guarantee, OPTIONS)
    joined = audit(index, OPTIONS, jobs=1)
    monkeypatch.setattr(archive_audit, "anchors_serve", lambda guarantee, options: False)
    every = audit(index, OPTIONS, jobs=1)
    assert found(joined) == found(every)
    assert names(joined, "duplicate") == planted["duplicate"]
    # every planted passage is found (a chance phrase may lengthen one, never make one)
    assert planted["passages"] <= names(joined, "passages")
    # the pairs that share only a chance phrase or the footer are not verified
    assert joined["candidate_pairs"] < every["candidate_pairs"]
    index.close()


def test_a_passage_whose_fingerprints_are_all_boilerplate_is_left_out_either_way(tmp_path, monkeypatch):
    archive, _ = make_archive(tmp_path, 4)
    index = index_of(tmp_path, archive)
    joined = audit(index, OPTIONS, jobs=1)
    monkeypatch.setattr(archive_audit, "anchors_serve", lambda guarantee, options: False)
    assert found(joined) == found(audit(index, OPTIONS, jobs=1))
    footer_pairs = {f"{a}-{b}" for a in range(40, 48) for b in range(40, 48) if a < b}
    assert not footer_pairs & names(joined, "passages")
    index.close()


def test_options_the_anchors_cannot_serve_verify_every_pair():
    assert not archive_audit.anchors_serve(12, OPTIONS._replace(min_words=8))
    assert not archive_audit.anchors_serve(12, OPTIONS._replace(boilerplate_articles=80))
    assert archive_audit.anchors_serve(12, OPTIONS._replace(min_words=20))


def test_runs_around_an_anchor_meet_only_at_the_same_offset(tmp_path):
    shared = "one two three four five six seven eight nine ten eleven twelve".split()
    a = tmp_path / "a.md"
    b = tmp_path / "b.md"
    c = tmp_path / "c.md"
    a.write_text("# A\n\n" + " ".join(["alpha", "beta", *shared, "gamma"]) + ".\n", encoding="utf-8")
    b.write_text("# B\n\n" + " ".join(["delta", *shared, "epsilon", "zeta"]) + ".\n", encoding="utf-8")
    # the same seven words, but not twelve in a row with the others
    c.write_text("# C\n\n" + " ".join(["delta", *shared[:7], "other", "words", "here", "now", "then"]) + ".\n",
                 encoding="utf-8")
    anchor = kgram_hashes(shared, 7)[0]
    out = dict(anchor_contexts([(1, str(a), (anchor,)), (2, str(b), (anchor,)), (3, str(c), (anchor,))], 7, 12))
    (ha, ra), = out[1]
    (hb, rb), = out[2]
    (hc, rc), = out[3]
    assert ha == hb == hc == anchor
    assert _same_run(ra, rb) and not _same_run(ra, rc) and not _same_run(rb, rc)
    assert not _same_run(0, 0)


def test_a_twelve_word_run_is_boilerplate_when_its_one_fingerprint_is(tmp_path):
    from newslint.rules.analysis.archive_audit import verify_pairs

    footer = "readers can follow the courier for live updates on roads and schools".split()
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text("# A\n\n" + " ".join(["alpha", "beta", "gamma", *footer, "delta", "epsilon"]) + ".\n", encoding="utf-8")
    b.write_text("# B\n\n" + " ".join(["zeta", "eta", *footer, "theta", "iota", "kappa"]) + ".\n", encoding="utf-8")
    pair = [(str(a), 10, str(b), 10, 1, 1)]
    (found_pair,) = verify_pairs(pair, OPTIONS)
    assert found_pair.kind == "passages" and found_pair.passages[0][2] == 12
    # the run's one window: its smallest k-gram is the fingerprint both stories hold there
    held_by_many = frozenset({min(kgram_hashes(footer, 7))})
    assert verify_pairs(pair, OPTIONS, held_by_many) == []
