"""The archive's index on disk, through the CLI: what a check sees of an archive that changed,
runs that share a cache, a damaged cache, and a cache that must not be written where it should not."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import cli_env

DEPOT = ("The depot, which opened in 1962, employs 140 drivers and mechanics on two shifts "
         "and serves every village in the valley.")
FERRY = ("The ferry, which first sailed in 1978, carries 300 passengers and twelve cars on each "
         "crossing to the island.")


def story(lead: str, *more: str) -> str:
    return "\n\n".join(["# Valley news", lead, *more]) + "\n"


def age(*paths: Path, seconds: int = 3600) -> None:
    """Set times back, as an archive's are (a time as recent as the clock's resolution is not trusted)."""
    for path in paths:
        for p in [*(path.rglob("*") if path.is_dir() else ()), path]:
            st = p.lstat()
            os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 1_000_000_000), follow_symlinks=False)


def make_project(root: Path) -> Path:
    archive = root / "archive" / "2024"
    archive.mkdir(parents=True)
    for name, lead in [("show.md", "The flower show drew record crowds to the park on Saturday."),
                       ("market.md", "The market hall will open on Sundays from May."),
                       ("depot.md", "Drivers at the valley depot voted to strike over pay.")]:
        (archive / name).write_text(story(lead, DEPOT if name == "depot.md" else
                                          "Stallholders said the change was welcome after a quiet winter."),
                                    encoding="utf-8")
    (root / "new.md").write_text(story("A new electric bus will be tested from June.", DEPOT,
                                       "Passengers were asked what they thought of the seats and the lighting.",
                                       FERRY), encoding="utf-8")
    age(root / "archive")
    return archive


def check(run_cli, *extra: str, cwd: Path | None = None):
    return run_cli("check", "--isolated", "--select", "NL103", "--no-color", "--archive", "archive",
                   "--cache-dir", "cache", *extra, "new.md", cwd=cwd)


def related(proc) -> list[str]:
    """The archive files the NL103 findings point at."""
    return sorted({line.split("also in ")[1].split(" line")[0].replace("\\", "/")
                   for line in proc.stdout.splitlines() if "NL103" in line})


# --- freshness: what a check sees of an archive that changed -----------------------------------

def test_a_check_sees_archive_files_added_removed_renamed_and_changed(tmp_path, run_cli):
    archive = make_project(tmp_path)
    assert related(check(run_cli)) == ["archive/2024/depot.md"]

    # added: a file holding the other passage (its folder's time changes)
    (archive / "ferry.md").write_text(story("The island ferry will sail again in April.", FERRY), encoding="utf-8")
    assert related(check(run_cli)) == ["archive/2024/depot.md", "archive/2024/ferry.md"]

    # renamed
    (archive / "ferry.md").rename(archive / "ferry-2024.md")
    assert related(check(run_cli)) == ["archive/2024/depot.md", "archive/2024/ferry-2024.md"]

    # removed
    (archive / "ferry-2024.md").unlink()
    assert related(check(run_cli)) == ["archive/2024/depot.md"]

    # changed in place, with the same size and the modification time set back: the folder's time
    # does not change, so the lookup's check of each file it finds against the disk catches it
    depot = archive / "depot.md"
    before = depot.stat()
    text = depot.read_text(encoding="utf-8").replace("140 drivers", "150 drivers")
    with open(depot, "r+", encoding="utf-8") as fh:
        fh.write(text)
    os.utime(depot, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert depot.stat().st_size == before.st_size and depot.stat().st_mtime_ns == before.st_mtime_ns
    proc = check(run_cli)
    # the file is read again: what it shares now is the thirteen words after the changed figure
    # (a changed file gets a new id, never the id of one whose rows still wait to be deleted)
    assert related(proc) == ["archive/2024/depot.md"], proc.stdout
    assert "passage of 13 words" in proc.stdout and "22 words" not in proc.stdout, proc.stdout


def test_a_file_rewritten_in_place_into_a_match_is_found_by_refresh_archive(tmp_path, run_cli):
    """The documented limit: a file rewritten in place (its folder's time unchanged) that did not
    share a fingerprint before is found by the next full look, --refresh-archive."""
    archive = make_project(tmp_path)
    check(run_cli)
    market = archive / "market.md"
    with open(market, "a", encoding="utf-8") as fh:
        fh.write("\n" + FERRY + "\n")
    age(market, seconds=1800)
    os.utime(archive, ns=(archive.stat().st_atime_ns, archive.stat().st_mtime_ns))  # the folder as it was
    assert related(check(run_cli)) == ["archive/2024/depot.md"]
    assert related(check(run_cli, "--refresh-archive")) == ["archive/2024/depot.md", "archive/2024/market.md"]


def test_no_cache_writes_nothing_and_finds_the_same(tmp_path, run_cli):
    make_project(tmp_path)
    proc = check(run_cli, "--no-cache")
    assert related(proc) == ["archive/2024/depot.md"]
    assert not (tmp_path / "cache").exists()


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="the file system there refuses names that are not UTF-8")
@pytest.mark.parametrize("cache", [[], ["--no-cache"]])
def test_an_archive_file_whose_name_is_not_utf8_is_skipped_and_said_on_every_run(tmp_path, run_cli, cache):
    archive = make_project(tmp_path)
    os.rename(archive / "depot.md", os.path.join(os.fsencode(archive), b"d\xe9p\xf4t.md"))
    os.mkdir(os.path.join(os.fsencode(archive), b"caf\xe9"))
    (tmp_path / "archive" / "other").mkdir()
    (tmp_path / "archive" / "other" / "depot.md").write_text(story("The depot again.", DEPOT), encoding="utf-8")
    age(tmp_path / "archive")
    for _ in range(2):  # the second run reads the index the first wrote
        proc = check(run_cli, *cache)
        assert "Traceback" not in proc.stderr and "crashed" not in proc.stderr, proc.stderr
        assert proc.returncode == 2, proc.stderr
        said = [line for line in proc.stderr.splitlines() if "not valid UTF-8" in line]
        assert said == ["newslint: error: archive file archive/2024/caf\\xe9 has a name that is not valid UTF-8, "
                        "so it is skipped; rename it to compare it with the articles checked",
                        "newslint: error: archive file archive/2024/d\\xe9p\\xf4t.md has a name that is not valid "
                        "UTF-8, so it is skipped; rename it to compare it with the articles checked"], proc.stderr
        assert related(proc) == ["archive/other/depot.md"], proc.stdout


# --- runs that share a cache -------------------------------------------------------------------

def test_runs_sharing_one_cache_at_once_all_succeed(tmp_path):
    """CI jobs in parallel, an editor and a hook: several checks against one cache folder at once,
    round after round, with the archive changing between rounds so that every round writes."""
    shared_cache_rounds(tmp_path, rounds=6, runs=3, briefs=150, rebuild_every=2)


def shared_cache_rounds(tmp_path: Path, rounds: int, runs: int, briefs: int, rebuild_every: int) -> None:
    """``runs`` checks at once against one cache, ``rounds`` times; a file is added to the archive
    every round and the cache deleted every ``rebuild_every`` rounds (every run builds it at once).
    Every run must succeed, say nothing on standard error and have its findings."""
    archive = make_project(tmp_path)
    for i in range(briefs):  # enough files that the runs' writes overlap
        (archive / f"brief-{i}.md").write_text(story(f"Brief number {i}: the {i}th planning notice was posted "
                                                     f"on the {i % 28 + 1}th of the month in ward {i * 7}."),
                                               encoding="utf-8")
    command = [sys.executable, "-m", "newslint", "check", "--isolated", "--select", "NL103,NL104,NL302", "--no-color",
               "--archive", "archive", "--cache-dir", "cache", "new.md"]
    for n in range(rounds):
        (archive / f"round-{n}.md").write_text(story(f"Round {n} of the valley quiz was won by the school team."),
                                               encoding="utf-8")
        if n % rebuild_every == 0:
            for leftover in (tmp_path / "cache").glob("archive-*"):
                leftover.unlink()  # every run of this round builds the index at once
        procs = [subprocess.Popen(command, cwd=tmp_path, env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for _ in range(runs)]
        for proc in procs:
            out, err = proc.communicate(timeout=180)
            assert proc.returncode == 1, (n, err)
            assert "locked" not in err and err.strip() == "", (n, err)
            assert "new.md:5:1: NL103" in out and "archive/2024/depot.md" in out.replace("\\", "/"), (n, out)


# --- a damaged cache ---------------------------------------------------------------------------

def test_a_damaged_cache_is_moved_aside_and_rebuilt_with_one_line(tmp_path, run_cli):
    make_project(tmp_path)
    assert check(run_cli).returncode == 1
    (db,) = (tmp_path / "cache").glob("archive-*.sqlite3")
    assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0
    data = bytearray(db.read_bytes())
    assert len(data) > 4096 * 3
    page = 4096
    for offset in range(page, len(data), 7):  # every page after the first: the header stays intact
        data[offset] = (data[offset] * 31 + 7) % 256
    db.write_bytes(bytes(data))

    proc = check(run_cli)
    assert proc.returncode == 1, proc.stderr
    assert related(proc) == ["archive/2024/depot.md"]
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "damaged" in lines[0] and "rebuilt" in lines[0], proc.stderr
    assert Path(f"{db}.damaged").is_file()
    again = check(run_cli)
    assert again.returncode == 1 and again.stderr == "" and related(again) == ["archive/2024/depot.md"]


# --- where the cache is written, and how -------------------------------------------------------

def test_a_symlinked_cache_file_is_refused_and_its_target_untouched(tmp_path, run_cli):
    from newslint.rules.analysis.archive_cache import cache_file_name

    make_project(tmp_path)
    other = tmp_path / "other-application.sqlite3"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE settings (key TEXT, value TEXT)")
    db.close()
    before = other.read_bytes()
    (tmp_path / "cache").mkdir(mode=0o700)
    name = cache_file_name([os.path.realpath(tmp_path / "archive")], 12)
    (tmp_path / "cache" / name).symlink_to(other)
    proc = check(run_cli)
    assert proc.returncode == 2
    assert "symbolic link" in proc.stderr and name in proc.stderr
    assert related(proc) == ["archive/2024/depot.md"]  # found all the same, with the index in memory
    assert other.read_bytes() == before


def test_a_configuration_keeps_the_cache_inside_the_project(tmp_path, run_cli):
    project = tmp_path / "project"
    project.mkdir()
    make_project(project)
    (project / "newslint.toml").write_text('archive = ["archive"]\ncache-dir = "../elsewhere"\n', encoding="utf-8")
    proc = run_cli("check", "--select", "NL103", "new.md", cwd=project)
    assert proc.returncode == 2 and "cache-dir" in proc.stderr and "outside the project" in proc.stderr
    assert not (tmp_path / "elsewhere").exists()
    # given on the command line, a folder elsewhere is the user's choice
    (project / "newslint.toml").write_text('archive = ["archive"]\n', encoding="utf-8")
    proc = run_cli("check", "--select", "NL103", "--cache-dir", str(tmp_path / "elsewhere"), "new.md", cwd=project)
    assert proc.returncode == 1, proc.stderr
    assert any((tmp_path / "elsewhere").glob("archive-*.sqlite3"))


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_cache_is_private_whatever_the_umask(tmp_path, run_cli):
    make_project(tmp_path)
    old = os.umask(0)
    try:
        assert check(run_cli).returncode == 1
    finally:
        os.umask(old)
    cache = tmp_path / "cache"
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    files = list(cache.glob("archive-*"))
    assert files and all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)


def test_git_add_all_leaves_the_default_cache_out(tmp_path, run_cli):
    """In a repository, the default cache folder is created inside it; it says so to git and to
    backup tools itself, so that `git add -A` does not stage it."""
    make_project(tmp_path)
    git = ["git", "-c", "user.name=Desk", "-c", "user.email=desk@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=tmp_path, check=True)
    proc = run_cli("check", "--isolated", "--select", "NL103", "--archive", "archive", "new.md")
    assert proc.returncode == 1, proc.stderr
    cache = tmp_path / ".newslint_cache"
    assert any(cache.glob("archive-*.sqlite3"))
    assert (cache / "CACHEDIR.TAG").read_text(encoding="utf-8").startswith("Signature: 8a477f597d28d172789f06886806bc55")
    subprocess.run([*git, "add", "-A"], cwd=tmp_path, check=True)
    staged = subprocess.run(["git", "diff", "--cached", "--name-only"], cwd=tmp_path, check=True,
                            capture_output=True, text=True).stdout.split()
    assert "new.md" in staged and not any(p.startswith(".newslint_cache") for p in staged), staged


def test_counts_capped_for_boilerplate_read_no_more_than_they_need(tmp_path):
    """A footer that every story carries: asking whether it is boilerplate reads a few rows, and
    the answer is the same as the full count's; a file left out of the answers is not counted."""
    from newslint.config import Settings
    from newslint.rules.analysis.archive_cache import ArchiveIndex
    from newslint.rules.analysis.fingerprints import fingerprint_bytes

    footer = "Send your news and pictures to the Valley Courier newsdesk, which reads every message sent to it."
    archive = tmp_path / "archive"
    archive.mkdir()
    leads = [f"Story {word} about the {thing} opened on the {day} after months of careful planning by volunteers."
             for word, thing, day in zip("one two three four five six seven eight".split(),
                                         "pier mill fair road dock barn shop pool".split(),
                                         "first second third fourth fifth sixth seventh eighth".split())]
    for i, lead in enumerate(leads):
        (archive / f"s{i}.txt").write_text(f"Headline {i}\n\n{lead}\n\n{footer}\n", encoding="utf-8")
    age(archive)
    index = ArchiveIndex(Settings(archive=[archive], cache_dir=tmp_path / "cache"), 12)
    index.refresh()
    footer_hashes = fingerprint_bytes("f.txt", f"Headline\n\n{footer}\n".encode(), 12).fingerprints
    lead_hashes = fingerprint_bytes("l.txt", f"Headline\n\n{leads[0]}\n".encode(), 12).fingerprints
    hashes = footer_hashes + lead_hashes
    exact = index.counts("fingerprints", hashes)
    assert {exact[h] for h in footer_hashes} == {8} and {exact[h] for h in lead_hashes} == {1}
    capped = index.counts("fingerprints", hashes, at_most=5)
    assert {capped[h] for h in footer_hashes} == {5} and {capped[h] for h in lead_hashes} == {1}
    # the run's own article, when it is in the archive, is not counted: a cap still means "at least"
    index.exclude([str(archive / f"s{i}.txt") for i in range(4)])
    assert {index.counts("fingerprints", footer_hashes, at_most=5)[h] for h in footer_hashes} == {4}
    assert {index.counts("fingerprints", footer_hashes, at_most=3)[h] for h in footer_hashes} == {3}
    assert all(h not in index.counts("fingerprints", lead_hashes, at_most=5) or
               index.counts("fingerprints", lead_hashes, at_most=5)[h] == 0 for h in lead_hashes)
    index.close()


def test_the_cache_is_in_wal_mode_and_a_busy_cache_is_waited_for(tmp_path, run_cli):
    """Another run holding the write lock for a while: the check waits (the busy timeout is
    honoured) instead of failing with "database is locked", and finds what it should."""
    make_project(tmp_path)
    assert check(run_cli).returncode == 1
    (db_path,) = (tmp_path / "cache").glob("archive-*.sqlite3")
    (tmp_path / "archive" / "2024" / "ferry.md").write_text(story("The ferry sails again.", FERRY), encoding="utf-8")
    holder = sqlite3.connect(db_path, isolation_level=None)
    try:
        assert holder.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        holder.execute("BEGIN IMMEDIATE")
        holder.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('held', 'by a test')")
        env = cli_env()
        proc = subprocess.Popen([sys.executable, "-m", "newslint", "check", "--isolated", "--select", "NL103",
                                 "--no-color", "--archive", "archive", "--cache-dir", "cache", "new.md"],
                                cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(2.5)
        assert proc.poll() is None  # still waiting for the lock
        holder.execute("ROLLBACK")
        out, err = proc.communicate(timeout=60)
    finally:
        holder.close()
    assert proc.returncode == 1 and err == "", err
    assert "archive/2024/ferry.md" in out.replace("\\", "/") and "archive/2024/depot.md" in out.replace("\\", "/")


@pytest.mark.integration
def test_many_runs_sharing_one_cache_for_many_rounds(tmp_path):
    """Four checks at once against one cache folder, ten rounds, the archive changing every round
    and the cache deleted every third."""
    started = time.monotonic()
    shared_cache_rounds(tmp_path, rounds=10, runs=4, briefs=300, rebuild_every=3)
    assert time.monotonic() - started < 600


def test_a_refresh_that_reads_unchanged_files_writes_rows_for_the_changed_ones_only(tmp_path):
    """A refresh reads a file whose time changed but whose bytes did not (it keeps its id and
    rows) with one that changed (a new id, new rows): no row may point at a file that is not
    there, and each file's rows are its own fingerprints."""
    from newslint.config import Settings
    from newslint.rules.analysis.archive_cache import ArchiveIndex
    from newslint.rules.analysis.fingerprints import fingerprint_bytes

    archive = tmp_path / "archive"
    archive.mkdir()
    texts = {f"s{i}.txt": f"Headline {i}\n\n{lead}\n" for i, lead in enumerate([DEPOT, FERRY, DEPOT.replace("140", "150")])}
    for name, text in texts.items():
        (archive / name).write_text(text, encoding="utf-8")
    age(archive)

    def rows(index):
        db = index.db
        ids = dict(db.execute("SELECT name, file_id FROM files"))
        for table in ("fingerprints", "paragraphs"):
            orphans = db.execute(f"SELECT COUNT(*) FROM {table} WHERE file_id NOT IN (SELECT file_id FROM files) "
                                 "AND file_id NOT IN (SELECT file_id FROM dead)").fetchone()[0]
            assert orphans == 0, table
        live = {fid: name for name, fid in ids.items()}
        return ids, {live[f]: sorted(h for h, g in db.execute("SELECT hash, file_id FROM fingerprints") if g == f)
                     for f in live}

    index = ArchiveIndex(Settings(archive=[archive], cache_dir=tmp_path / "cache"), 12)
    assert index.refresh(full=True).fingerprinted == 3
    before, _ = rows(index)
    st = (archive / "s0.txt").stat()  # s0: another time, the same bytes
    os.utime(archive / "s0.txt", ns=(st.st_atime_ns, st.st_mtime_ns - 7_000_000_000))
    texts["s2.txt"] = f"Headline 2\n\n{FERRY.replace('300', '350')}\n"
    (archive / "s2.txt").write_text(texts["s2.txt"], encoding="utf-8")
    age(archive / "s2.txt")
    stats = index.refresh(full=True)
    assert sorted(os.path.basename(p) for p in stats.read) == ["s0.txt", "s2.txt"] and stats.fingerprinted == 1
    after, fingerprints = rows(index)
    assert after["s0.txt"] == before["s0.txt"] and after["s1.txt"] == before["s1.txt"]
    assert after["s2.txt"] != before["s2.txt"]
    for name, text in texts.items():
        assert fingerprints[name] == fingerprint_bytes(name, text.encode("utf-8"), 12).fingerprints
    index.close()
