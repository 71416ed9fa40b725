"""``newslint archive build|update|audit`` through the CLI, and on a Dask LocalCluster: the same
index bytes and the same pairs as on one machine."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

import pytest

DEPOT = ("The depot, which opened in 1962, employs 140 drivers and mechanics on two shifts "
         "and serves every village in the valley.")
BODY = ("Bus drivers in the valley learned on Monday that their depot will close in the spring, after the operator "
        "lost the contract for the routes. The mayor said the council had tried for months to keep the service, and "
        "union officials promised to fight for every one of the jobs. The operator said drivers would be offered "
        "work at its other garages in the county, and that the timetable would not change before April.")
TOPICS = ["flower show", "river bridge", "school roof", "harbour wall", "market hall", "cycle lane",
          "library", "swimming pool", "care home", "ferry"]


def make_archive(root: Path) -> Path:
    archive = root / "archive"
    for i, topic in enumerate(TOPICS):
        folder = archive / f"2024-{i % 3 + 1:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        more = [DEPOT] if i in (2, 7) else []
        (folder / f"{topic.replace(' ', '-')}.md").write_text(
            "\n\n".join([f"# The {topic}", f"Work on the {topic} in ward {i * 17} will start after a vote on "
                         f"{['Monday', 'Friday', 'Tuesday'][i % 3]} by {i + 4} councillors.", *more]) + "\n",
            encoding="utf-8")
    (archive / "2024-01" / "depot.md").write_text("# Depot to close\n\n" + BODY + "\n", encoding="utf-8")
    (archive / "2024-02" / "depot-final.md").write_text("# Valley depot will close\n\n" + BODY + "\n", encoding="utf-8")
    return archive


def dump(cache: Path) -> list:
    (db,) = cache.glob("archive-*.sqlite3")
    with sqlite3.connect(db) as con:
        files = con.execute("SELECT d.path, f.name, f.digest, f.n_words, f.n_fingerprints FROM files f "
                            "JOIN folders d ON d.folder_id = f.folder_id ORDER BY d.path, f.name").fetchall()
        ids = dict(con.execute("SELECT f.file_id, d.path || '/' || f.name FROM files f "
                               "JOIN folders d ON d.folder_id = f.folder_id"))
        prints = sorted((h, ids[i]) for h, i in con.execute("SELECT hash, file_id FROM fingerprints"))
        paragraphs = sorted((h, ids[i]) for h, i in con.execute("SELECT hash, file_id FROM paragraphs"))
    return [files, prints, paragraphs]


def audit_pairs(path: Path) -> list:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [(p["a"], p["b"], p["kind"], p["passages"]) for p in data["pairs"]]


def test_build_update_and_audit_through_the_cli(tmp_path, run_cli):
    make_archive(tmp_path)
    proc = run_cli("archive", "build", "archive", "--isolated", "--cache-dir", "cache")
    assert proc.returncode == 0, proc.stderr
    assert "12 articles indexed" in proc.stderr
    # the checker reads the index that was built: nothing of the archive is read again
    (tmp_path / "new.md").write_text("# Bus news\n\nA new electric bus will be tested from June.\n\n" + DEPOT + "\n",
                                     encoding="utf-8")
    check = run_cli("check", "--isolated", "--select", "NL103", "--archive", "archive", "--cache-dir", "cache", "new.md")
    assert check.returncode == 1 and "NL103" in check.stdout
    proc = run_cli("archive", "update", "archive", "--isolated", "--cache-dir", "cache")
    assert proc.returncode == 0 and "0 fingerprinted" in proc.stderr, proc.stderr

    proc = run_cli("archive", "audit", "archive", "--isolated", "--cache-dir", "cache", "-o", "audit.json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads((tmp_path / "audit.json").read_text(encoding="utf-8"))
    assert data["articles"] == 12
    assert data["duplicate_clusters"] == [{"articles": ["archive/2024-01/depot.md", "archive/2024-02/depot-final.md"]}]
    assert data["passage_clusters"] == [{"articles": ["archive/2024-02/swimming-pool.md", "archive/2024-03/school-roof.md"]}]
    shares = {s["path"]: s for s in data["stories"]}
    share = shares["archive/2024-03/school-roof.md"]
    assert share["sources"][0]["path"] == "archive/2024-02/swimming-pool.md" and 0.3 < share["recycled_share"] < 0.8
    html = run_cli("archive", "audit", "archive", "--isolated", "--cache-dir", "cache", "--format", "html", "-o", "a.html")
    assert html.returncode == 0 and "school-roof.md" in (tmp_path / "a.html").read_text(encoding="utf-8")


def test_a_dask_build_and_audit_give_the_same_bytes_and_pairs_as_one_machine(tmp_path, run_cli):
    pytest.importorskip("dask.distributed")
    make_archive(tmp_path)
    local = run_cli("archive", "build", "archive", "--isolated", "--cache-dir", "one", "--jobs", "2")
    assert local.returncode == 0, local.stderr
    dask = run_cli("archive", "build", "archive", "--isolated", "--cache-dir", "dask", "--scheduler", "local",
                   timeout=240)
    assert dask.returncode == 0, dask.stderr
    assert dump(tmp_path / "one") == dump(tmp_path / "dask")
    assert dump(tmp_path / "one")[1]  # there are fingerprints to compare

    one = run_cli("archive", "audit", "archive", "--isolated", "--cache-dir", "one", "-o", "one.json")
    on_dask = run_cli("archive", "audit", "archive", "--isolated", "--cache-dir", "dask", "--scheduler", "local",
                      "-o", "dask.json", timeout=240)
    assert one.returncode == 0 and on_dask.returncode == 0, on_dask.stderr
    assert audit_pairs(tmp_path / "one.json") == audit_pairs(tmp_path / "dask.json") != []


def test_a_dask_update_with_nothing_to_fingerprint_again_does_nothing(tmp_path, run_cli):
    pytest.importorskip("dask.distributed")
    make_archive(tmp_path)
    an_hour_ago = time.time() - 3600  # no file is as new as the index, so none is read again
    for path in (tmp_path / "archive").rglob("*.md"):
        os.utime(path, (an_hour_ago, an_hour_ago))
    assert run_cli("archive", "build", "archive", "--isolated", "--cache-dir", "cache").returncode == 0
    proc = run_cli("archive", "update", "archive", "--isolated", "--cache-dir", "cache", "--scheduler", "local",
                   timeout=240)
    assert proc.returncode == 0 and "0 fingerprinted" in proc.stderr, proc.stderr


def test_scheduler_without_an_archive_or_with_a_bad_address_is_one_plain_line(tmp_path, run_cli):
    proc = run_cli("archive", "build", "--isolated")
    assert proc.returncode == 2 and "no archive" in proc.stderr and "Traceback" not in proc.stderr
