"""Rules depend on each other only through shared analyses, called with the configured options of
the rule they defer to; documents are read-only, and what rules derive from one lives in its own
cache, which the engine owns."""

from __future__ import annotations

import textwrap

import pytest

from conftest import rules_plugin, run_engine
from newslint import Rule, Severity, parse
from newslint.document import Document

# A one-line paragraph between two paragraphs it has nothing to do with, which a newsroom's own
# boilerplate pattern (configured for NL302 alone) recognises.
HOUSE_LINE_ARTICLE = textwrap.dedent("""\
    # Harbour wall repairs approved

    Councillors in Port Ellery voted on Tuesday to spend four million pounds repairing the harbour wall after the winter storms.

    The harbour master said the wall had been damaged along most of its length and that boats could not moor safely.

    Our reporters visit a different village every week.

    Engineers told the harbour committee that the repairs to the wall would take eight months to finish.

    The harbour committee will meet again in May to choose a contractor for the work on the wall.
    """)
HOUSE_PACK = textwrap.dedent("""\
    version = 1

    [[pattern]]
    id = "our-reporters"
    description = "a line about the paper's own reporters"
    regex = "^our reporters visit\\\\b"
    where = "anywhere"
    """)

# The last sentence says again what the second said, sharing a run of nine words with it.
ECHO_ARTICLE = textwrap.dedent("""\
    # Ferry timetable changes

    The island ferry will sail twice a day instead of three times from the start of next month.

    Operators blamed rising fuel costs and a shortage of trained crew for the cut in sailings.

    Passengers who commute to the mainland said the new timetable would make their working days longer.

    Islanders were told that rising fuel costs and a shortage of trained crew forced the operators to cut sailings.
    """)


def codes_by_line(stdout: str) -> list[tuple[int, str]]:
    out = []
    for line in stdout.splitlines():
        parts = line.split(":")
        if len(parts) > 3 and parts[1].isdigit():
            out.append((int(parts[1]), parts[3].split()[0]))
    return out


def test_a_boilerplate_pattern_configured_for_nl302_is_never_an_orphan(tmp_path, run_cli):
    (tmp_path / "story.md").write_text(HOUSE_LINE_ARTICLE, encoding="utf-8")
    (tmp_path / "house.toml").write_text(HOUSE_PACK, encoding="utf-8")
    (tmp_path / "newslint.toml").write_text('[rules.NL302]\npacks = ["house.toml"]\n', encoding="utf-8")
    proc = run_cli("check", "--select", "NL3", "story.md")
    assert codes_by_line(proc.stdout) == [(7, "NL302")], proc.stdout + proc.stderr
    # without the pack the line is a stray paragraph, and NL301 says so
    (tmp_path / "newslint.toml").unlink()
    proc = run_cli("check", "--select", "NL3", "story.md")
    assert codes_by_line(proc.stdout) == [(7, "NL301")], proc.stdout + proc.stderr


@pytest.mark.parametrize("config, expected", [
    ("", [(9, "NL101")]),                                    # NL101 reports the nine-word echo itself
    ("[rules.NL101]\nmin-words = 12\n", [(9, "NL102")]),     # NL101 leaves it: NL102 must not
    ("[rules.NL101]\nmin-words = 12\n[rules.NL102]\nthreshold = 0.95\n", []),
])
def test_nl102_leaves_to_nl101_exactly_what_nl101_as_configured_reports(tmp_path, run_cli, config, expected):
    (tmp_path / "story.md").write_text(ECHO_ARTICLE, encoding="utf-8")
    (tmp_path / "newslint.toml").write_text(config, encoding="utf-8")
    proc = run_cli("check", "--select", "NL101,NL102", "story.md")
    assert codes_by_line(proc.stdout) == expected, proc.stdout + proc.stderr


def test_the_readability_rules_follow_nl401s_configured_target(tmp_path, run_cli):
    hard = ("The regulator's determination necessitates substantial recapitalisation, notwithstanding "
            "preliminary indications that institutional shareholders' appetite for additional subscription "
            "remains comparatively constrained and that the board's deliberations continue.")
    (tmp_path / "story.md").write_text(f"# Bank\n\n{hard}\n\nThe bank said little.\n", encoding="utf-8")
    (tmp_path / "newslint.toml").write_text("[rules.NL403]\nmargin = 0.0\nmin-words = 10\n", encoding="utf-8")
    assert codes_by_line(run_cli("check", "--select", "NL403", "story.md").stdout) == [(3, "NL403")]
    (tmp_path / "newslint.toml").write_text("[rules.NL403]\nmargin = 0.0\nmin-words = 10\n[rules.NL401]\ntarget-grade = 40.0\n",
                                            encoding="utf-8")
    proc = run_cli("check", "--select", "NL403", "story.md")
    assert codes_by_line(proc.stdout) == [], proc.stdout + proc.stderr


# --- the document is read-only; derived values live in its cache -------------------------------------

class Vandal(Rule):
    """
    ## What it does
    Tries to change the document it is given.

    ## Why it matters
    A test.

    ## Example
    `x`

    ## Instead
    `y`
    """

    code = "TST901"
    name = "vandal"
    severity = Severity.WARNING
    summary = "Tries to change the document."

    def check(self, doc):
        doc.blocks = ()  # a read-only document refuses; the rule crashes, the others still run
        return ()


class Mutator(Vandal):
    code = "TST902"
    name = "mutator"

    def check(self, doc):
        doc.paragraphs[0].start = 0
        return ()


@pytest.mark.parametrize("vandal", [Vandal, Mutator])
def test_a_rule_cannot_change_what_the_next_rule_sees(tmp_path, vandal):
    from conftest import REPEATING_ARTICLE

    path = tmp_path / "story.md"
    path.write_text(REPEATING_ARTICLE, encoding="utf-8")
    result = run_engine([path], plugins=[rules_plugin(vandal)])
    codes = [f.code for f in result.findings]
    assert "NL101" in codes  # the other rules still report
    assert "NL000" in codes
    message = next(f.message for f in result.findings if f.code == "NL000")
    assert "read-only" in message or "cannot assign" in message, message


def test_document_collections_are_immutable():
    doc = parse("a.md", "---\ntags: [a, b]\n---\n# Head\n\nOne sentence here. Another one.\n\n- an item\n")
    assert isinstance(doc.blocks, tuple) and isinstance(doc.paragraphs, tuple)
    assert isinstance(doc.line_starts, tuple) and isinstance(doc.directives, tuple)
    assert doc.front_matter["tags"] == ("a", "b")
    with pytest.raises(TypeError):
        doc.front_matter["tags"] = []
    with pytest.raises(AttributeError):
        doc.text = "other"
    with pytest.raises(AttributeError):
        doc.blocks[0].kind = "paragraph"


def test_a_bare_document_is_the_segmented_document_parse_gives():
    text = "# Ferry\n\nThe ferry sails at nine. It returns at six.\n\n> A quote here.\n"
    a, b = Document("story.md", text), parse("story.md", text)
    assert a.blocks == b.blocks and a.prose == b.prose and a.headline == b.headline == "Ferry"
    assert [s for s in a.sentences()] == [s for s in b.sentences()] and len(list(a.sentences())) == 3


#: what ``Remember`` saw (a module global: rules run on a pickled copy, so a closure would not do)
SEEN_IN_CACHE: list[bool] = []


class Remember(Vandal):
    code = "TST903"
    name = "remember"

    def check(self, doc):
        doc.cache.get("tst.words", lambda: len(list(doc.words())))
        SEEN_IN_CACHE.append("tst.words" in doc.cache)
        return ()

    def check_run(self, docs, context):
        SEEN_IN_CACHE.extend("tst.words" in d.cache for d in docs)
        return ()


def test_the_engine_empties_each_documents_cache_when_its_rules_are_done(tmp_path):
    seen = SEEN_IN_CACHE
    seen.clear()
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text("# Head\n\nThe council met on Tuesday.\n", encoding="utf-8")
    run_engine([tmp_path / "a.md", tmp_path / "b.md"], plugins=[rules_plugin(Remember)])
    # each document had its own value while its rules ran; the per-run rule sees empty caches
    assert seen == [True, True, False, False]
