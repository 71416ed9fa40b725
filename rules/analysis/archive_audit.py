"""The archive-wide audit: every story against every other, with candidate pairs from the index.

1. Candidate pairs come from the index, never from all pairs, in two joins that grow with the
   archive, not with the chance phrases its stories share:

   * pairs that may be duplicates (NL104's test: at least half of the two stories' fingerprints in
     common): a story can be one only if half of its own fingerprints are held by another story
     (two to ``max_frequency - 1``: more is boilerplate), so only the pairs of such stories are
     counted, in SQL;
   * pairs that share a passage (NL103's): any passage of ``min_words`` words that is not
     boilerplate holds a fingerprint that fewer than ``boilerplate_articles`` stories hold (an
     anchor). Each story holding anchors is read once, in tasks of ``FILE_CHUNK`` stories
     (``anchor_contexts``), and sends the hashes of the twelve-word runs around each of its
     anchors; two stories that hold an anchor are a candidate only if they send the same run
     around it, as passim joins its n-grams. A pair that merely shares a seven-word phrase by
     chance, most of what two stories of a large archive have in common, is never read again.
2. Each pair is verified word by word, in tasks of ``CHUNK`` pairs: in this process, in a pool, or
   on a Dask cluster, with the same function (``verify_pairs``). A pair is a duplicate (NL104's
   test: enough shared fingerprints and a word-sequence similarity of at least
   ``min-similarity``), or shares passages of at least ``min-words`` words (NL103's), or neither.
3. Stories linked by shared passages form clusters (connected components, as passim's text-reuse
   clusters); duplicates form clusters of their own; each story gets the share of its words found
   in other stories, by source.

With options the anchors cannot serve (``min-words`` below the index's twelve words, or
``boilerplate-articles`` above ``max_frequency``), every pair that shares a fingerprint held by
two to ``max_frequency - 1`` stories is verified instead (``candidate_pairs``).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Iterable, NamedTuple, Sequence

if TYPE_CHECKING:  # pragma: no cover
    from .archive_cache import ArchiveFile, ArchiveIndex

CHUNK = 200


class AuditOptions(NamedTuple):
    """What decides a pair: NL103's and NL104's options as configured."""

    min_words: int
    boilerplate_articles: int
    min_similarity: float
    duplicate_min_words: int
    max_frequency: int = 50


class Pair(NamedTuple):
    a: str
    b: str
    kind: str  # "duplicate" or "passages"
    similarity: float
    #: (first word in a, first word in b, length) of each shared passage
    passages: tuple[tuple[int, int, int], ...]


def candidate_pairs(index: "ArchiveIndex", options: AuditOptions) -> list[tuple[int, int, int, int]]:
    """``(file a, file b, shared fingerprints, shared rare fingerprints)``: every pair of archive
    files that shares a fingerprint held by fewer than ``max_frequency`` files; rare ones are held
    by fewer than ``boilerplate_articles``."""
    db = index.db
    db.execute("DROP TABLE IF EXISTS temp.audit_hashes")
    db.execute("CREATE TEMP TABLE audit_hashes (hash INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
    db.execute("INSERT INTO audit_hashes SELECT hash, COUNT(*) FROM fingerprints GROUP BY hash "
               "HAVING COUNT(*) BETWEEN 2 AND ?", (options.max_frequency - 1,))
    rows = db.execute(
        "SELECT a.file_id, b.file_id, COUNT(*), SUM(h.n < ?) FROM audit_hashes h "
        "JOIN fingerprints a ON a.hash = h.hash JOIN fingerprints b ON b.hash = h.hash AND a.file_id < b.file_id "
        "GROUP BY a.file_id, b.file_id ORDER BY a.file_id, b.file_id", (options.boilerplate_articles,)).fetchall()
    db.execute("DROP TABLE temp.audit_hashes")
    return rows


def verify_pairs(pairs: Sequence[tuple[str, int, str, int, int, int]], options: AuditOptions,
                 frequent: frozenset[int] = frozenset()) -> list[Pair]:
    """One task: ``(path a, fingerprints of a, path b, fingerprints of b, shared, shared rare)``
    for each pair, verified word by word; pairs that are neither duplicates nor share a passage
    are left out. A passage most of whose fingerprints are ``frequent`` (held by
    ``boilerplate_articles`` files or more: a standard footer) is boilerplate, not recycling."""
    from rapidfuzz.distance import Indel

    from newslint.engine import Input, read_input

    from .shared_runs import find_shared_runs
    from .fingerprints import folded_paragraphs, kgram_hashes, window_sizes, winnow

    k, w = window_sizes(options.min_words)
    tokens: dict[str, list[str] | None] = {}

    def words(path: str) -> list[str] | None:
        if path not in tokens:
            try:
                tokens[path] = folded_paragraphs(path, read_input(Input(path)))[0]
            except Exception:  # changed or gone since the index was made
                tokens[path] = None
        return tokens[path]

    def boilerplate(run_tokens: list[str]) -> bool:
        """Most of the run's fingerprints are held by ``boilerplate_articles`` files or more (NL103's
        test). The run's fingerprints are the smallest hash of each window of ``w`` k-grams inside
        it, which both stories hold: a run of exactly ``min_words`` words has one window, and one
        fingerprint (``winnow`` would keep all its k-grams, most of which neither story holds as a
        fingerprint, so that a standard footer's last twelve words counted as a passage)."""
        hashes = kgram_hashes(run_tokens, k)
        if len(hashes) > w:
            hashes = list(winnow(hashes, w))
        elif hashes:
            hashes = [min(hashes)]
        return bool(hashes) and 2 * sum(h in frequent for h in hashes) > len(hashes)

    out = []
    for a, n_a, b, n_b, shared, rare in pairs:
        maybe_duplicate = shared / max(1, n_a + n_b - shared) >= 0.5
        if not (maybe_duplicate or rare):
            continue  # only boilerplate in common: neither article is read
        ta, tb = words(a), words(b)
        if ta is None or tb is None:
            continue
        if maybe_duplicate and len(ta) >= options.duplicate_min_words and len(tb) >= options.duplicate_min_words:
            similarity = Indel.normalized_similarity(ta, tb)
            if similarity >= options.min_similarity:
                out.append(Pair(a, b, "duplicate", round(similarity, 4), ()))
                continue
        if rare:
            runs = tuple(r for r in find_shared_runs(ta, tb, options.min_words)
                         if not boilerplate(ta[r[0]:r[0] + r[2]]))
            if runs:
                out.append(Pair(a, b, "passages", 0.0, runs))
    return out


def audit(index: "ArchiveIndex", options: AuditOptions, jobs: int | None = None,
          scheduler: str | None = None) -> dict[str, Any]:
    """The audit's report (see the module), as plain data for JSON."""
    files = {f.file_id: f for f in index.all_files()}
    shown = {os.path.abspath(f.path): f.path for f in files.values()}
    frequent = frozenset(h for (h,) in index.db.execute(
        "SELECT hash FROM fingerprints GROUP BY hash HAVING COUNT(*) >= ?", (options.boilerplate_articles,)))
    with _Mapper(jobs, scheduler) as mapper:
        if anchors_serve(index.guarantee, options):
            rows = joined_pairs(index, options, files, mapper)
        else:
            rows = candidate_pairs(index, options)
        candidates = [(os.path.abspath(files[a].path), files[a].n_fingerprints, os.path.abspath(files[b].path),
                       files[b].n_fingerprints, n, rare)
                      for a, b, n, rare in rows if a in files and b in files
                      and (rare or n / max(1, files[a].n_fingerprints + files[b].n_fingerprints - n) >= 0.5)]
        chunks = [candidates[i:i + CHUNK] for i in range(0, len(candidates), CHUNK)]
        pairs: list[Pair] = []
        for found in mapper.map(verify_pairs, chunks, options, frequent):
            pairs.extend(found)
    pairs = sorted(p._replace(a=shown.get(p.a, p.a), b=shown.get(p.b, p.b)) for p in pairs)
    return report(files.values(), pairs, len(candidates))


#: stories read per task when their anchors' runs are hashed
FILE_CHUNK = 500
#: bits kept of each run's hash in ``anchor_contexts`` (with one more to say there is a run there):
#: two different runs meet with odds of one in two million, and the pair is verified anyway
_BITS = 21
_SLOT = _BITS + 1


def anchors_serve(guarantee: int, options: AuditOptions) -> bool:
    """Whether every pair that shares a passage NL103 would report also shares an anchor with the
    same run around it (see ``joined_pairs``); otherwise every pair sharing a fingerprint is verified."""
    from .fingerprints import window_sizes

    return (options.min_words >= guarantee and window_sizes(options.min_words)[0] == window_sizes(guarantee)[0]
            and options.boilerplate_articles <= options.max_frequency)


def joined_pairs(index: "ArchiveIndex", options: AuditOptions, files: dict[int, "ArchiveFile"],
                 mapper: "_Mapper") -> list[tuple[int, int, int, int]]:
    """``(file a, file b, shared, shared rare)`` of the pairs that may be duplicates or may share
    a passage: what ``candidate_pairs`` gives less the pairs that can be neither (see the module).

    Why no pair is lost: a passage of ``min_words`` (at least the index's ``guarantee``) words that
    two stories share holds a window of ``w`` k-grams whose smallest hash both stories keep as a
    fingerprint, and NL103's test calls the passage boilerplate unless at least half of these are
    held by fewer than ``boilerplate_articles`` stories: one of them, an anchor, then lies in a run of
    ``guarantee`` words inside the passage, which both stories send for that anchor at the same
    offset. Duplicates share ``shared >= 0.5 * (n_a + n_b - shared)`` fingerprints, so
    ``shared >= n_a / 2``: each story of the pair holds at least half of its fingerprints in common
    with other stories, and only such stories are joined. The ``shared`` given for a pair found
    through anchors alone is its rare count, which keeps it under the duplicate test's threshold,
    as its full count is (it would otherwise be a pair of such stories)."""
    from .fingerprints import window_sizes

    k, _ = window_sizes(index.guarantee)
    db = index.db
    db.execute("DROP TABLE IF EXISTS temp.audit_hashes")
    db.execute("DROP TABLE IF EXISTS temp.audit_files")
    db.execute("CREATE TEMP TABLE audit_hashes (hash INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
    db.execute("CREATE TEMP TABLE audit_files (file_id INTEGER PRIMARY KEY)")
    try:
        db.execute("INSERT INTO audit_hashes SELECT hash, COUNT(*) FROM fingerprints GROUP BY hash "
                   "HAVING COUNT(*) BETWEEN 2 AND ?", (options.max_frequency - 1,))
        # CROSS JOIN keeps SQLite's order: each hash, then its rows (the key's prefix), never a
        # scan of the fingerprints for each file
        held = db.execute("SELECT f.file_id, COUNT(*) FROM audit_hashes h CROSS JOIN fingerprints f "
                          "ON f.hash = h.hash GROUP BY f.file_id")
        mostly_shared = [(f,) for f, n in held if f in files and 2 * n >= files[f].n_fingerprints]
        db.executemany("INSERT INTO audit_files (file_id) VALUES (?)", mostly_shared)
        duplicates = {(a, b): (n, rare) for a, b, n, rare in db.execute(
            "SELECT a.file_id, b.file_id, COUNT(*), SUM(h.n < ?) FROM audit_hashes h "
            "CROSS JOIN fingerprints a ON a.hash = h.hash CROSS JOIN audit_files x ON x.file_id = a.file_id "
            "CROSS JOIN fingerprints b ON b.hash = h.hash AND a.file_id < b.file_id "
            "CROSS JOIN audit_files y ON y.file_id = b.file_id GROUP BY a.file_id, b.file_id",
            (options.boilerplate_articles,))
            if n / max(1, files[a].n_fingerprints + files[b].n_fingerprints - n) >= 0.5}
        anchors: dict[int, list[int]] = {}
        for file_id, h in db.execute("SELECT f.file_id, h.hash FROM audit_hashes h CROSS JOIN fingerprints f "
                                     "ON f.hash = h.hash WHERE h.n < ?", (options.boilerplate_articles,)):
            if file_id in files:
                anchors.setdefault(file_id, []).append(h)
    finally:
        db.execute("DROP TABLE IF EXISTS temp.audit_hashes")
        db.execute("DROP TABLE IF EXISTS temp.audit_files")
    work = [(f, os.path.abspath(files[f].path), tuple(hs)) for f, hs in sorted(anchors.items())]
    chunks = [work[i:i + FILE_CHUNK] for i in range(0, len(work), FILE_CHUNK)]
    around: dict[int, list[tuple[int, int]]] = {}  # anchor -> [(file, runs around it)]
    for found in mapper.map(anchor_contexts, chunks, k, index.guarantee):
        for file_id, contexts in found:
            for h, runs in contexts:
                around.setdefault(h, []).append((file_id, runs))
    passages: set[tuple[int, int]] = set()
    for held_by in around.values():
        if len(held_by) > 1:
            held_by.sort()
            for i, (a, runs_a) in enumerate(held_by):
                for b, runs_b in held_by[i + 1:]:
                    if a != b and _same_run(runs_a, runs_b):
                        passages.add((a, b))
    rows = [(a, b, n, rare) for (a, b), (n, rare) in duplicates.items()]
    for a, b in sorted(passages - duplicates.keys()):
        rare = len(set(anchors[a]).intersection(anchors[b]))
        rows.append((a, b, rare, rare))
    return sorted(rows)


def anchor_contexts(chunk: Sequence[tuple[int, str, tuple[int, ...]]], k: int,
                    length: int) -> list[tuple[int, list[tuple[int, int]]]]:
    """One task: for each ``(file id, path, anchors)``, the runs of ``length`` words around each
    place where one of its anchors (k-gram hashes) is: ``(anchor, runs)``, where ``runs`` packs,
    for each of the ``length - k + 1`` runs that hold the k-gram (the one starting there first),
    ``_BITS`` bits of the run's hash and one bit to say the run is inside the story. A file that
    cannot be read (changed or gone since the index was made) sends nothing."""
    from newslint.engine import Input, read_input

    from .fingerprints import folded_paragraphs, kgram_hashes, stable_hash

    mask, valid = (1 << _BITS) - 1, 1 << _BITS
    out = []
    for file_id, path, anchors in chunk:
        try:
            tokens = folded_paragraphs(path, read_input(Input(path)))[0]
        except Exception:
            continue
        wanted = set(anchors)
        last = len(tokens) - length  # the last place a run can start
        contexts = []
        for p, h in enumerate(kgram_hashes(tokens, k)):
            if h in wanted:  # a few places in a story: only their runs are hashed
                packed = 0
                for d in range(length - k + 1):
                    start = p - d
                    if 0 <= start <= last:
                        packed |= (valid | stable_hash(" ".join(tokens[start:start + length])) & mask) << (_SLOT * d)
                contexts.append((h, packed))
        out.append((file_id, contexts))
    return out


def _same_run(a: int, b: int) -> bool:
    """Whether two stories' packed runs around an anchor (``anchor_contexts``) hold the same run
    at the same offset."""
    slot, valid = (1 << _SLOT) - 1, 1 << _BITS
    while a and b:
        here = a & slot
        if here & valid and here == b & slot:
            return True
        a >>= _SLOT
        b >>= _SLOT
    return False


class _Mapper:
    """``map(function, chunks, *args)``: ``function(chunk, *args)`` for each chunk, on Dask (one
    client for every map of the audit), in a pool, or here."""

    def __init__(self, jobs: int | None, scheduler: str | None) -> None:
        self.jobs = jobs or os.cpu_count() or 1
        self.scheduler = scheduler
        self.client = None

    def __enter__(self) -> "_Mapper":
        if self.scheduler:
            from .archive_build import dask_client

            self.client = dask_client(self.scheduler)
        return self

    def __exit__(self, *exc) -> None:
        if self.client is not None:
            from .archive_build import close_client

            close_client(self.client)
            self.client = None

    def map(self, function, chunks: list, *args) -> Iterable[list]:
        if not chunks:
            return
        if self.client is not None:
            from .archive_build import map_on_dask

            shared = [self.client.scatter([a], broadcast=True)[0] for a in args]  # sent once, not with every task
            yield from map_on_dask(self.client, function, chunks, *shared)
            return
        if self.jobs < 2 or len(chunks) < 2:
            for chunk in chunks:
                yield function(chunk, *args)
            return
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=self.jobs) as pool:
            yield from pool.map(function, chunks, *[[a] * len(chunks) for a in args])


def report(files: Iterable["ArchiveFile"], pairs: list[Pair], compared: int) -> dict[str, Any]:
    files = list(files)
    words = {f.path: f.n_words for f in files}
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    def clusters(kind: str) -> list[list[str]]:
        parent.clear()
        for p in pairs:
            if p.kind == kind:
                ra, rb = find(p.a), find(p.b)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
        groups: dict[str, list[str]] = {}
        for p in pairs:
            if p.kind == kind:
                for x in (p.a, p.b):
                    groups.setdefault(find(x), [])
                    if x not in groups[find(x)]:
                        groups[find(x)].append(x)
        return sorted(sorted(g) for g in groups.values())

    # the share of each story found elsewhere, by source: words of the story inside a shared passage
    covered: dict[str, dict[str, set[int]]] = {}
    for p in pairs:
        if p.kind != "passages":
            continue
        for here, there, side in ((p.a, p.b, 0), (p.b, p.a, 1)):
            spans = covered.setdefault(here, {}).setdefault(there, set())
            for run in p.passages:
                spans.update(range(run[side], run[side] + run[2]))
    stories = []
    for path in sorted(covered):
        n = max(1, words.get(path, 1))
        union = set().union(*covered[path].values())
        sources = sorted(({"path": src, "share": round(len(ws) / n, 4)} for src, ws in covered[path].items()),
                         key=lambda s: (-s["share"], s["path"]))
        stories.append({"path": path, "words": words.get(path, 0), "recycled_share": round(len(union) / n, 4),
                        "sources": sources})
    return {
        "articles": len(files),
        "candidate_pairs": compared,
        "duplicate_clusters": [{"articles": c} for c in clusters("duplicate")],
        "passage_clusters": [{"articles": c} for c in clusters("passages")],
        "stories": stories,
        "pairs": [{"a": p.a, "b": p.b, "kind": p.kind, "similarity": p.similarity,
                   "passages": [list(r) for r in p.passages]} for p in pairs],
    }


def html_report(data: dict[str, Any]) -> str:
    """The audit as one self-contained page for editors: clusters, then each story's recycled share."""
    from html import escape

    def listing(paths: list[str]) -> str:
        return "<ul>" + "".join(f"<li>{escape(p)}</li>" for p in paths) + "</ul>"

    rows = "".join(
        f"<tr><td>{escape(s['path'])}</td><td>{s['recycled_share'] * 100:.0f}%</td><td>"
        + ", ".join(f"{escape(src['path'])} ({src['share'] * 100:.0f}%)" for src in s["sources"]) + "</td></tr>"
        for s in data["stories"])
    dups = "".join(f"<section>{listing(c['articles'])}</section>" for c in data["duplicate_clusters"]) or "<p>None.</p>"
    clusters = "".join(f"<section>{listing(c['articles'])}</section>" for c in data["passage_clusters"]) or "<p>None.</p>"
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Archive audit</title>"
            "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
            "table{border-collapse:collapse}td,th{border-bottom:1px solid #ccc;padding:.3rem .6rem;text-align:left}"
            "section{border-left:3px solid #888;padding-left:.8rem;margin:.6rem 0}</style></head><body>"
            f"<h1>Archive audit</h1><p>{data['articles']} articles, {data['candidate_pairs']} candidate pairs "
            f"compared.</p><h2>The same story filed more than once</h2>{dups}"
            f"<h2>Stories that share passages</h2>{clusters}"
            "<h2>How much of each story is found in others</h2><table><thead><tr><th>Story</th><th>Recycled</th>"
            f"<th>From</th></tr></thead><tbody>{rows}</tbody></table></body></html>\n")
