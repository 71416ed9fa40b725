"""The shared passage index: archive cache in SQLite, bad archive files, recurring paragraphs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newslint.config import Settings
from newslint.document import parse
from newslint.engine import RunContext
from newslint.rules.analysis.passage_index import PassageIndex, passage_index, recurring_paragraphs
from newslint.rules.repetition import RecycledPassage

FOOTER = "Send your news and photographs to the newsdesk by email or through the form on our website."
DEPOT = ("The depot, which opened in 1962, employs 140 drivers and mechanics on two shifts "
         "and serves every village in the valley.")


def story(lead: str, *more: str) -> str:
    return "\n\n".join(["# Valley news", lead, *more]) + "\n"


def make_archive(root: Path) -> Path:
    archive = root / "archive"
    archive.mkdir()
    topics = ["flower", "dog", "car", "craft"]
    for i, topic in enumerate(topics):
        (archive / f"{topic}.md").write_text(story(f"The {topic} show drew record crowds to the park on Saturday.",
                                                   FOOTER), encoding="utf-8")
    (archive / "depot.md").write_text(story("Drivers at the valley depot voted to strike over pay.", DEPOT),
                                      encoding="utf-8")
    return age(archive)


def age(folder: Path, seconds: int = 3600) -> Path:
    """Set the times of ``folder`` and everything in it back, as an archive's are: a time as
    recent as the clock's resolution is not trusted (``archive_scan.RACY_NS``), so a file written
    a moment ago would be read again by every check in the test."""
    for path in [*folder.rglob("*"), folder]:
        st = path.lstat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 1_000_000_000), follow_symlinks=False)
    return folder


def new_context(root: Path, docs, archive, **settings) -> RunContext:
    return RunContext(Settings(root=root, archive=list(archive), cache_dir=root / "cache", **settings), docs)


def build(root: Path, docs, archive, **settings) -> tuple[PassageIndex, RunContext]:
    context = new_context(root, docs, archive, **settings)
    return passage_index(docs, context), context


def cache_file(root: Path) -> Path:
    (path,) = (root / "cache").glob("archive-*.sqlite3")
    return path


def test_unchanged_archive_files_are_not_read_again_and_changed_ones_are(tmp_path):
    archive = make_archive(tmp_path)
    docs = [parse("new.md", story("A new electric bus will be tested from June.", DEPOT))]

    index, context = build(tmp_path, docs, [archive])
    assert len(index.stats.archive_read) == 5 and index.stats.archive_from_cache == 0
    assert cache_file(tmp_path).is_file()
    assert context.errors == []

    index, _ = build(tmp_path, docs, [archive])
    assert index.stats.archive_read == [] and index.stats.archive_from_cache == 5

    # change one file's content in place (its folder's time does not change): the lookup finds it,
    # checks it against the disk, and reads and fingerprints it again before comparing
    changed = archive / "depot.md"
    changed.write_text(story("Drivers at the valley depot accepted the pay offer."), encoding="utf-8")
    st = changed.stat()
    os.utime(changed, ns=(st.st_atime_ns, st.st_mtime_ns - 5_000_000_000))
    context = new_context(tmp_path, docs, [archive])
    # ... and the findings follow the new content: the shared passage is gone
    assert list(RecycledPassage().check_run(docs, context)) == []
    index = passage_index(docs, context)
    assert index.stats.archive_read == [str(changed.resolve())]
    assert index.stats.archive_refingerprinted == 0 and index.stats.archive_from_cache == 5

    # a touched file (new time, same bytes) is read again by a full refresh, not fingerprinted again
    touched = archive / "dog.md"
    st = touched.stat()
    os.utime(touched, ns=(st.st_atime_ns, st.st_mtime_ns - 7_000_000_000))
    index, _ = build(tmp_path, docs, [archive], refresh_archive=True)
    assert index.stats.archive_read == [str(touched.resolve())] and index.stats.archive_refingerprinted == 0
    index, _ = build(tmp_path, docs, [archive])
    assert index.stats.archive_read == []


def test_recycled_passage_against_the_archive_points_at_the_archive_file(tmp_path):
    archive = make_archive(tmp_path)
    docs = [parse("new.md", story("A new electric bus will be tested from June.", DEPOT))]
    for _ in range(2):  # first run and cached run give the same finding
        context = new_context(tmp_path, docs, [archive])
        (finding,) = RecycledPassage().check_run(docs, context)
        assert finding.path == "new.md" and finding.start.line == 5
        assert finding.related[0].path == str(archive / "depot.md") and finding.related[0].start.line == 5


def test_bad_archive_paths_are_reported_and_the_run_goes_on(tmp_path):
    archive = make_archive(tmp_path)
    (archive / "photo.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (archive / "latin1.txt").write_bytes("Caf\xe9 owners said the rent had doubled.".encode("latin-1"))
    (archive / "gone.md").symlink_to(tmp_path / "nowhere.md")
    missing = tmp_path / "no-such-archive"
    docs = [parse("new.md", story("A new electric bus will be tested from June.", DEPOT))]
    context = new_context(tmp_path, docs, [missing, archive])
    findings = list(RecycledPassage().check_run(docs, context))
    assert len(findings) == 1  # the good archive files were still compared
    messages = {Path(e["path"]).name: e["message"] for e in context.errors}
    assert "does not exist" in messages["no-such-archive"]
    assert "binary" in messages["photo.md"]
    assert "UTF-8" in messages["latin1.txt"]
    assert "gone.md" in messages and "cannot be read" in messages["gone.md"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="permissions do not stop root")
def test_unreadable_archive_file_is_reported(tmp_path):
    archive = make_archive(tmp_path)
    locked = archive / "locked.md"
    locked.write_text(story("Secret story."), encoding="utf-8")
    locked.chmod(0)
    try:
        docs = [parse("new.md", story("A new electric bus will be tested from June.", DEPOT))]
        context = new_context(tmp_path, docs, [archive])
        passage_index(docs, context)
        assert any("permission denied" in e["message"] for e in context.errors)
    finally:
        locked.chmod(0o644)


def test_bad_files_through_the_cli_exit_2_with_findings_still_printed(tmp_path, run_cli):
    archive = make_archive(tmp_path)
    (archive / "photo.md").write_bytes(b"\x00\x01\x02")
    (tmp_path / "new.md").write_text(story("A new electric bus will be tested from June.", DEPOT), encoding="utf-8")
    proc = run_cli("check", "--isolated", "--select", "NL103", "--no-color", "--archive", "archive",
                   "--archive", "missing", "--cache-dir", "cache", "new.md")
    assert proc.returncode == 2
    out = proc.stdout + proc.stderr
    assert "NL103" in out and "photo.md" in out and "binary" in out and "missing" in out


def test_unwritable_cache_dir_falls_back_to_memory(tmp_path):
    archive = make_archive(tmp_path)
    blocker = tmp_path / "cache-is-a-file"
    blocker.write_text("not a folder")
    docs = [parse("new.md", story("A new electric bus will be tested from June.", DEPOT))]
    settings = Settings(root=tmp_path, archive=[archive], cache_dir=blocker)
    context = RunContext(settings, docs)
    assert len(list(RecycledPassage().check_run(docs, context))) == 1


def test_recurring_paragraphs_counts_run_and_archive(tmp_path):
    archive = make_archive(tmp_path)  # the footer is in four archive articles
    docs = [parse("new.md", story("The horse show was cancelled because of the rain.", FOOTER)),
            parse("other.md", story("The bypass will open in the autumn.", DEPOT))]
    context = new_context(tmp_path, docs, [archive])
    result = recurring_paragraphs(docs, context)
    (start, end, n), = result["new.md"]
    assert n == 5 and docs[0].text[start:end] == FOOTER
    assert result["other.md"] == []  # the depot paragraph is in two articles only
    assert recurring_paragraphs(docs, context, min_articles=2)["other.md"][0][2] == 2
    # one index per run, shared with the rules
    assert passage_index(docs, context) is passage_index(docs, context)


def test_recurring_paragraphs_without_archive(tmp_path):
    docs = [parse(f"s{i}.md", story(f"Story {i} about the show.", FOOTER)) for i in range(3)]
    context = RunContext(Settings(root=tmp_path), docs)
    assert [n for *_, n in recurring_paragraphs(docs, context, min_articles=3)["s0.md"]] == [3]
    assert recurring_paragraphs(docs, context, min_articles=4)["s0.md"] == []


def test_deleted_archive_files_leave_the_cache(tmp_path):
    import sqlite3

    archive = make_archive(tmp_path)
    docs = [parse("new.md", story("A new electric bus will be tested from June."))]
    build(tmp_path, docs, [archive])
    (archive / "dog.md").unlink()
    index, _ = build(tmp_path, docs, [archive])
    assert index.stats.archive_files == 4
    with sqlite3.connect(cache_file(tmp_path)) as db:
        names = [n for (n,) in db.execute("SELECT name FROM files")]
        waiting = db.execute("SELECT COUNT(*) FROM fingerprints WHERE file_id NOT IN (SELECT file_id FROM files)").fetchone()
    assert sorted(names) == ["car.md", "craft.md", "depot.md", "flower.md"] and waiting > (0,)
    # the gone file's rows wait to be deleted in one pass, which a full refresh makes
    build(tmp_path, docs, [archive], refresh_archive=True)
    with sqlite3.connect(cache_file(tmp_path)) as db:
        orphans = db.execute("SELECT COUNT(*) FROM fingerprints WHERE file_id NOT IN (SELECT file_id FROM files)").fetchone()
    assert orphans == (0,)


STORY = ("Bus drivers in the valley learned on Monday that their depot will close in the spring, after the "
         "operator lost the contract for the routes. The mayor said the council had tried for months to keep the "
         "service, and union officials promised to fight for every one of the jobs. The operator said drivers "
         "would be offered work at its other garages in the county, and that the timetable would not change.")
SHARED = "The mayor said the council had tried for months to keep the service"


def test_archive_files_sharing_a_sentence_are_not_looked_at_as_duplicates(tmp_path, monkeypatch):
    from newslint.rules.analysis.archive_cache import ArchiveIndex
    from newslint.rules.analysis.duplicates import find_duplicates

    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "copy.md").write_text(story(STORY), encoding="utf-8")
    for i in range(6):  # each shares one sentence with the new story: a candidate, never a duplicate
        (archive / f"other-{i}.md").write_text(story(f"Story {i} is about the ferry to the island, whose crew "
                                                     f"of {i + 3} sailors asked for a new boat.", SHARED + "."),
                                               encoding="utf-8")
    age(archive)
    docs = [parse("new.md", story(STORY))]
    build(tmp_path, docs, [archive])  # the index, made on the first run
    context = new_context(tmp_path, docs, [archive])
    index = passage_index(docs, context)
    every = index.candidates(0, max_frequency=50)
    assert len([o for o in every if index.articles[o].file_id is not None]) == 7  # the copy and the six
    looked: list[set[int]] = []
    real_stale = ArchiveIndex._stale
    monkeypatch.setattr(ArchiveIndex, "_stale", lambda self, ids: looked.append(set(ids)) or real_stale(self, ids))
    (pair,) = find_duplicates(docs, context, 0.9, 50)
    assert index.articles[pair[1]].path == str(archive / "copy.md") and pair[3] is True
    assert looked == [{index.articles[pair[1]].file_id}]  # the six were ruled out from their counts


def test_a_candidate_sharing_a_phrase_but_no_passage_is_not_compared_word_by_word(tmp_path, monkeypatch):
    from newslint.rules.repetition import recycled_passage

    archive = tmp_path / "archive"
    archive.mkdir()
    # ten words in common: a candidate (they share a fingerprint), but no passage of twelve words
    (archive / "ferry.md").write_text(story("The ferry crew said the council had tried for months to keep the "
                                            "boat, and the island's shop will stay open."), encoding="utf-8")
    age(archive)
    docs = [parse("new.md", story(STORY))]
    build(tmp_path, docs, [archive])
    context = new_context(tmp_path, docs, [archive])
    index = passage_index(docs, context)
    assert [index.articles[o].path for o in index.candidates(0, max_frequency=5)] == [str(archive / "ferry.md")]
    compared = []
    real = recycled_passage.find_shared_runs
    monkeypatch.setattr(recycled_passage, "find_shared_runs", lambda *a: compared.append(a) or real(*a))
    assert list(RecycledPassage().check_run(docs, context)) == []
    assert compared == []


COMMON = ("Readers can send their own pictures of the valley to the newsdesk through the form on the website "
          "every weekday")


def _sharing_archive(tmp_path):
    """A new story and archive files that share with it: a phrase only, a passage, and a passage
    whose fingerprints are all common (six more files carry it) beside a rare phrase."""
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "ferry.md").write_text(story("The ferry crew said the council had tried for months to keep the "
                                            "boat, and the island's shop will stay open."), encoding="utf-8")
    (archive / "depot.md").write_text(story("Union officials promised to fight for every one of the jobs, the "
                                            "operator said drivers would be offered work at its other garages, "
                                            "in a statement."), encoding="utf-8")
    (archive / "mixed.md").write_text(story("A ferry crew said the council had tried for months to keep the "
                                            "island's boat.", COMMON + "."), encoding="utf-8")
    for i in range(6):
        (archive / f"pictures-{i}.md").write_text(story(f"Story {i} is about the harbour wall, repaired by {i + 3} "
                                                        "masons over the winter.", COMMON + "."), encoding="utf-8")
    age(archive)
    docs = [parse("new.md", story(STORY, COMMON + "."))]
    build(tmp_path, docs, [archive])
    return archive, docs


def test_a_candidate_is_ruled_out_around_the_fingerprints_it_shares_with_the_same_answer(tmp_path, monkeypatch):
    from newslint.rules.analysis import fingerprints

    archive, docs = _sharing_archive(tmp_path)
    answers = {}
    for near in (False, True):
        index = passage_index(docs, new_context(tmp_path, docs, [archive]))  # nothing kept from the other way
        sharing = index.shared_fingerprints(0, max_frequency=5)
        shared = index.all_shared(0, sharing, sharing, 5)
        words = index.words_of_fingerprints(0, {h for hs in shared.values() for h in hs})
        own_runs = set(index.run_hashes(0, 12))
        split = []
        real = fingerprints.folded_paragraphs
        monkeypatch.setattr(fingerprints, "folded_paragraphs", lambda *a, **k: split.append(a[0]) or real(*a, **k))
        answers[near] = {Path(index.articles[o].path).name: index.shares_run(
            o, 12, own_runs, set().union(*(words[h] for h in shared[o])) if near else None) for o in sharing}
        monkeypatch.setattr(fingerprints, "folded_paragraphs", real)
        # every fingerprint of mixed.md's shared passage is common: the index gives those too
        assert len(shared[next(o for o in sharing if index.articles[o].path.endswith("mixed.md"))]) > len(
            sharing[next(o for o in sharing if index.articles[o].path.endswith("mixed.md"))])
        if near:  # the candidates without a passage were ruled out without splitting all their words
            assert not [p for p in split if p.endswith(("ferry.md",))]
    assert answers[True] == answers[False]
    assert answers[True]["ferry.md"] is False and answers[True]["depot.md"] is True
    assert answers[True]["mixed.md"] is True  # through the common passage alone


def test_the_index_says_which_of_some_hashes_some_files_hold(tmp_path):
    archive, docs = _sharing_archive(tmp_path)
    index = passage_index(docs, new_context(tmp_path, docs, [archive]))
    hashes = sorted(index.run_fingerprints(0))
    postings = index.archive.postings("fingerprints", hashes)
    some = sorted({f for ids in postings.values() for f in ids})[:3]
    expected: dict[int, list[int]] = {}
    for h, ids in postings.items():
        for f in ids:
            if f in some:
                expected.setdefault(f, []).append(h)
    got = index.archive.holding("fingerprints", hashes, some)
    assert {f: sorted(hs) for f, hs in got.items()} == {f: sorted(hs) for f, hs in expected.items()} != {}
    assert index.archive.holding("fingerprints", hashes, []) == {} == index.archive.holding("fingerprints", [], some)


def test_which_archive_file_a_finding_names_first_does_not_change_when_another_is_edited(tmp_path):
    # the index learns of an edited file anew: a finding about an unchanged passage names the files
    # in the order of their paths, not in the order the index learnt of them
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "b.md").write_text(story("Drivers at the valley depot voted to strike over pay.", DEPOT), encoding="utf-8")
    (archive / "c.md").write_text(story("The valley depot will get new buses in the spring.", DEPOT), encoding="utf-8")
    age(archive)
    docs = [parse("new.md", story("The depot is to close, the operator said on Monday.", DEPOT))]

    def named() -> list[list[str]]:
        findings = list(RecycledPassage().check_run(docs, new_context(tmp_path, docs, [archive])))
        return [[Path(r.path).name for r in f.related] for f in findings]

    assert named() == [["b.md", "c.md"]]
    (archive / "b.md").write_text(story("Drivers at the valley depot voted again to strike over pay.", DEPOT),
                                  encoding="utf-8")
    age(archive, 1800)
    assert named() == [["b.md", "c.md"]]
