"""NL103 recycled-passage: a passage shared with another article of the run or the archive."""

from __future__ import annotations

from typing import Iterable, Sequence

from newslint import Finding, Option, Preparation, Rule, Severity

from ..analysis.duplicates import find_duplicates
from ..analysis.passage_index import DEFAULT_GUARANTEE, kgram_hashes, passage_index, preparation, without_gc
from ..analysis.quotations import quotations
from ..analysis.shared_runs import find_shared_runs
from ..analysis.words import STOP_WORDS, preview


class RecycledPassage(Rule):
    """
    ## What it does
    Finds a passage (twelve words or more by default) that an article shares with another article
    of the run or of the archive (`archive = ["path/"]` in the configuration, or `--archive PATH`).
    It reports the passage in the checked article and points at the other article's line.

    A passage found in many articles (`boilerplate-articles`, five by default) is boilerplate, such
    as a standard closing paragraph; NL302 reports that, not this rule. Articles that are the same
    story as a whole are reported once by NL104 instead. A quotation that two stories about one
    event both print is the speaker's text, not recycling: a shared run counts only when the
    reporter's own words in it, outside quotation marks, make a passage of `min-words` by
    themselves. A passage that spans paragraphs is reported with the lines it covers.

    Work is bounded: where a run of words recurs many times in the other article, only its first
    32 places there are tried.

    ## Why it matters
    Copy recycled from an earlier story carries yesterday's facts into today's article, and a
    passage lifted from another writer's story is a question of credit. In pre-commit, where only
    the changed article is checked, the archive is what it is compared with.

    ## Example
    ```text
    archive/2024-03-02-depot.txt:
    Depot opens its doors

    The Eastgate bus depot held an open day on Saturday for families and bus enthusiasts.

    The depot, which opened in 1962, employs 140 drivers and mechanics on two shifts.

    today.txt:
    Eastgate depot to close

    The Eastgate bus depot will close in the spring, the operator said on Monday.

    The depot, which opened in 1962, employs 140 drivers and mechanics on two shifts.
    ```

    ## Instead
    ```text
    archive/2024-03-02-depot.txt:
    Depot opens its doors

    The Eastgate bus depot held an open day on Saturday for families and bus enthusiasts.

    The depot, which opened in 1962, employs 140 drivers and mechanics on two shifts.

    today.txt:
    Eastgate depot to close

    The Eastgate bus depot will close in the spring, the operator said on Monday.

    All 140 of its drivers and mechanics have been offered jobs at the Westgate garage.
    ```
    Write the passage afresh, or attribute and quote it. The archive's fingerprints are kept in an
    index under the cache folder (`--cache-dir`, default `.newslint_cache/`), which a check queries
    instead of reading the archive; what it sees of archive files that changed is in the README
    ("The archive's index"), and `--refresh-archive` looks at every file.
    """

    code = "NL103"
    name = "recycled-passage"
    severity = Severity.WARNING
    summary = "A passage shared with another article of the run or the archive."
    #: the share of its warnings whose text readers judged really shared, both halves of the many-outlet
    #: and BBC copy (benchmarks/precision.py): agency copy and an outlet's reuse of its own background
    #: count, as they did, since whether they are a defect is the newsroom's policy, not the text's
    confidence = 0.94
    options = (
        Option("min-words", int, 12, "the shortest shared run of words reported", minimum=5,
               maximum=500),
        Option("max-gap", int, 5, "shared runs this few words apart are reported as one passage",
               minimum=0, maximum=100),
        Option("boilerplate-articles", int, 5, "a passage found in this many articles or more is boilerplate, "
               "not recycling", minimum=3, maximum=1_000_000),
    )

    def preparations(self) -> Sequence[Preparation]:
        """The fingerprints of each article, made in the worker processes so the main process
        only merges them into the index and verifies candidate pairs: for this rule's passages,
        and for the pairs NL104 reports (which this rule leaves to NL104)."""
        own = preparation(self.config["min-words"])
        dup = preparation(DEFAULT_GUARANTEE)
        return (own,) if own.key == dup.key else (own, dup)

    def check_run(self, docs, context) -> Iterable[Finding]:
        found = without_gc(lambda: list(self._recycled(docs, context)))
        passage_index(docs, context, self.config["min-words"]).forget_kept()
        return found

    def _recycled(self, docs, context) -> Iterable[Finding]:
        min_words = self.config["min-words"]
        boilerplate = self.config["boilerplate-articles"]
        index = passage_index(docs, context, min_words)
        dup = self.settings.options_for("NL104")
        duplicate_pairs = {frozenset((a, b)) for a, b, _, _ in
                           find_duplicates(docs, context, dup["min-similarity"], dup["min-words"])}
        for idx in range(index.n_run):
            doc = index.articles[idx].doc
            sharing = index.shared_fingerprints(idx, max_frequency=boilerplate)
            # in the order of their paths, the run's first: which one a finding names first must
            # not depend on the order the index happened to learn of the archive's files in
            others = [other for other in sorted(sharing, key=lambda o: (o >= index.n_run, index.articles[o].path))
                      if frozenset((idx, other)) not in duplicate_pairs
                      # two articles of the run: reported once, in the later one
                      and not (other < index.n_run and index.articles[other].path > doc.path)]
            if not others:
                continue  # most articles: their words are never looked at
            # most candidates share a phrase or two and no passage: ruled out by the hashes of
            # their runs of min-words words, by a set lookup, before any is compared word by word.
            # A passage they share holds a fingerprint they share, so of an archive file only the
            # runs around those fingerprints' words are made, from a few hundred characters of it
            # (the same answer; a run article's runs are kept, the same one is a candidate of many)
            own_runs = index.run_hashes(idx, min_words)
            own_runs = set(own_runs) if own_runs is not None else set()
            shared = index.all_shared(idx, others, sharing, boilerplate)
            near = index.words_of_fingerprints(idx, {h for hashes in shared.values() for h in hashes})
            others = [other for other in others
                      if index.shares_run(other, min_words, own_runs,
                                          _near(near, shared[other]) if other in shared else None)]
            if not others:
                continue
            words = index.words(idx)
            tokens = [w for w, _, _ in words]
            quotes = quotations(doc)
            # counted for the few articles that get this far, not for the whole run at once: a run
            # of 100,000 articles has over a million paragraphs, and their counts were all held
            paragraphs = index.run_paragraphs.get(doc.path, ())
            para_freq = index.paragraph_frequencies((h for h, _, _ in paragraphs), at_most=boilerplate)
            common = {(s, e) for h, s, e in paragraphs if para_freq[h] >= boilerplate}
            own = index.run_fingerprints(idx)
            freq = index.own_frequencies(idx, boilerplate)

            def recycled_here(i: int, length: int) -> bool:
                """The run of ``length`` words from ``i`` is not ruled out on this article's side."""
                start, end = words[i][1], words[i + length - 1][2]
                if any(s <= start and end <= e for s, e in common):
                    return False
                if _quoted(quotes, words, i, length, min_words):
                    return False  # a quotation (and its attribution) that the stories carry: not recycling
                if _mostly_a_name(doc.text, words, i, length):
                    return False  # an institution's long name and "said": a stock phrase
                inside = [h for h in kgram_hashes(tokens[i:i + length], index.k) if h in own]
                return not (inside and 2 * sum(freq[h] >= boilerplate for h in inside) > len(inside))

            def shared_here(other_tokens: list[str]) -> list[tuple[int, int, int]]:
                return [r for r in find_shared_runs(tokens, other_tokens, min_words) if recycled_here(r[0], r[2])]

            runs: list[tuple[int, int, object]] = []  # (first word, last word, related)
            for other in others:
                other_tokens = index.tokens(other)
                if other_tokens is None:
                    continue
                # what rules a run out on this side is known before the other article is parsed:
                # most shared runs are a footer or a quotation, and most candidates need no parse
                shared_runs = shared_here(other_tokens)
                if not shared_runs:
                    continue
                other_words = index.words(other)
                if other_words is None:
                    continue
                if len(other_words) != len(other_tokens) or any(w != t for (w, _, _), t in zip(other_words, other_tokens)):
                    shared_runs = shared_here([w for w, _, _ in other_words])  # it changed
                other_doc = index.document(other)
                other_quotes = quotations(other_doc)
                for i, j, length in shared_runs:
                    if _quoted(other_quotes, other_words, j, length, min_words):
                        continue  # a quotation (and its attribution) that both stories carry: not recycling
                    o_start, o_end = other_words[j][1], other_words[j + length - 1][2]
                    runs.append((i, i + length - 1, self.related(other_doc, o_start, o_end, "also here")))
            for first, last, related in merge_runs(runs, gap=self.config["max-gap"]):
                start, end = words[first][1], words[last][2]
                more = f" and {len(related) - 1} other article{'s' if len(related) > 2 else ''}" if len(related) > 1 else ""
                first_line, last_line = doc.position(start).line, doc.position(end).line
                lines = f", lines {first_line} to {last_line}," if last_line > first_line else ""
                yield self.finding(
                    doc, start, end,
                    f"this passage of {last - first + 1} words{lines} is also in {related[0].path} "
                    f"line {related[0].start.line}{more}: \u201c{preview(doc.prose_text(start, end))}\u201d",
                    related=related,
                )


def _near(words_of: dict[int, set[str]], hashes: Iterable[int]) -> set[str] | None:
    """The words a passage shared through these fingerprints holds one of; ``None`` (look at every
    run) if a fingerprint's words are not known."""
    near: set[str] = set()
    for h in hashes:
        words = words_of.get(h)
        if words is None:
            return None
        near |= words
    return near


def _quoted(quotes, words, i: int, length: int, min_words: int) -> bool:
    """The run of ``length`` words from ``i`` has fewer than ``min_words`` outside quotations."""
    if not quotes.spans:
        return False
    return length - sum(quotes.is_quoted(s) for _, s, _ in words[i:i + length]) < min_words


#: a shared run needs this many content words that are not part of a name
MIN_COMMON_WORDS = 3


def _mostly_a_name(text: str, words, i: int, length: int) -> bool:
    """The run is a name with a few words around it ("the Centre for the Study of X at Y said"):
    fewer than ``MIN_COMMON_WORDS`` of its words are lower-case content words."""
    common = sum(1 for token, s, _ in words[i:i + length]
                 if token not in STOP_WORDS and not text[s:s + 1].isupper() and not token.isdigit())
    return common < MIN_COMMON_WORDS


def merge_runs(runs: list[tuple[int, int, object]], gap: int) -> list[tuple[int, int, list]]:
    """Join shared runs that overlap or lie within ``gap`` words of each other (a lightly edited
    passage, or one passage shared with several articles) into one ``(first, last, related)``."""
    merged: list[tuple[int, int, list]] = []
    for first, last, rel in sorted(runs, key=lambda r: (r[0], r[1])):
        if merged and first <= merged[-1][1] + gap + 1:
            m_first, m_last, rels = merged[-1]
            if all(r.path != rel.path for r in rels):
                rels.append(rel)
            merged[-1] = (m_first, max(m_last, last), rels)
        else:
            merged.append((first, last, [rel]))
    return merged
