"""What the main process does with a run's articles after the workers checked them: it reads an
article again only for what a per-run finding needs (its text and lines), and parses it again only
for a rule that asks for more; NL302's recurrence check needs no parse at all."""

from __future__ import annotations

import os

import pytest

from newslint import document as document_module
from newslint.document import UnreadableFile, parse
from newslint.engine import Input, RunContext
from newslint.engine.handles import DocumentHandle, Parsed, content_digest
from newslint.rules.structure.boilerplate import Boilerplate

from conftest import run_engine

FOOTER = "The Valley Courier is published every weekday and is sold by newsagents across the district."


def story(i: int) -> str:
    return (f"# Story {i}\n\nThe council met on day {i} to discuss the cost of the depot on road {i * 7}.\n\n"
            f"Members heard that repairs to bridge {i * 3} would take {i + 2} weeks and close the lane.\n\n"
            f"{FOOTER}\n")


def write_run(folder, n: int) -> list:
    paths = []
    for i in range(n):
        path = folder / f"story-{i:03d}.md"
        path.write_text(story(i), encoding="utf-8")
        paths.append(path)
    return paths


def shown(result) -> list[tuple]:
    return [(f.path, f.code, f.start, f.end, f.message, f.severity) for f in result.findings]


def test_a_pooled_run_parses_no_article_again_for_nl302(tmp_path, monkeypatch):
    """20 articles share a footer: NL302 reports it in each, with the same findings in a pool
    (documents parsed only in the workers) as in this process (documents kept)."""
    paths = write_run(tmp_path, 20)
    config = {"select": ["NL302"]}
    kept = run_engine(paths, jobs=1, config=config)
    main = os.getpid()
    loads = []
    real_load = document_module.load

    def counted(*args, **kwargs):
        if os.getpid() == main:  # a forked worker inherits this, and counts in its own memory
            loads.append(args[0])
        return real_load(*args, **kwargs)

    monkeypatch.setattr(document_module, "load", counted)
    monkeypatch.setenv("NEWSLINT_START_METHOD", "fork")
    pooled = run_engine(paths, jobs=2, config=config)
    assert loads == []
    assert shown(pooled) == shown(kept)
    nl302 = [f for f in pooled.findings if f.code == "NL302"]
    assert len(nl302) == 20
    assert all("recurs word for word in 20 articles" in f.message for f in nl302)
    assert all(f.start.line == 7 and f.start.column == 1 for f in nl302)


def test_nl302_judges_an_unprepared_article_as_the_workers_do(tmp_path):
    """Without the workers' groundwork (a run of one article, a unit test), NL302 judges the
    recurring paragraphs from the document itself, and finds the same."""
    docs = [parse(f"s{i}.md", story(i)) for i in range(6)]
    rule = Boilerplate({})
    prepared = {}
    for prep in rule.preparations():
        prepared[prep.key] = {d.path: prep.function(d) for d in docs}
    assert set(prepared[rule.code]) == {d.path for d in docs}
    with_groundwork = list(rule.check_run(docs, RunContext(None, docs, prepared)))
    without = list(rule.check_run(docs, RunContext(None, docs, {})))
    assert len(with_groundwork) == 6
    assert with_groundwork == without


def test_nl302_groundwork_leaves_out_lines_already_flagged_and_long_ones():
    doc = parse("a.md", "# Title\n\nFollow us on Twitter for more news like this.\n\n"
                "The council met on Monday to discuss the depot.\n\nIt will reopen next year.\n")
    value = Boilerplate({}).prepare(doc)
    spans = [doc.text[s:e] for s, e, _ in value]
    assert "Follow us on Twitter for more news like this." not in spans  # a call to action already
    assert spans == ["The council met on Monday to discuss the depot.", "It will reopen next year."]
    assert [p for _, _, p in value] == ["The council met on Monday to discuss the depot.", "It will reopen next year."]
    assert Boilerplate({"max-words": 5}).prepare(doc) == ((value[1][0], value[1][1], "It will reopen next year."),)


def handle_for(path, parsed: Parsed) -> DocumentHandle:
    data = path.read_bytes()
    return DocumentHandle(str(path), Input(str(path)), content_digest(data), parsed)


def test_a_handle_reads_text_and_lines_without_parsing(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("# Title\n\nFirst line of the story.\nSecond line, longer.\n\nThe end.\n", encoding="utf-8")
    parsed = Parsed()
    handle = handle_for(path, parsed)
    doc = parse(str(path), path.read_text(encoding="utf-8"))
    for offset in (0, 5, 9, 40, len(doc.text)):
        assert handle.position(offset) == doc.position(offset)
    assert handle.text == doc.text
    assert handle.line_starts == doc.line_starts
    assert handle.line_text(4) == doc.line_text(4) == "Second line, longer."
    assert handle.offset(3, 2) == doc.offset(3, 2)
    assert (parsed.parsed_again, parsed.read_again) == (0, 1)
    # a rule that asks for more gets the parsed document, and the lines come from it after that
    assert [b.kind for b in handle.paragraphs] == [b.kind for b in doc.paragraphs]
    assert handle.position(40) == doc.position(40)
    assert (parsed.parsed_again, parsed.read_again) == (1, 1)


def test_a_handle_refuses_a_file_changed_since_it_was_checked(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("# Title\n\nThe story.\n", encoding="utf-8")
    handle = handle_for(path, Parsed())
    path.write_text("# Title\n\nAnother story.\n", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="changed while it was being checked"):
        handle.position(3)
    with pytest.raises(UnreadableFile, match="changed while it was being checked"):
        handle.paragraphs


def test_handles_keep_only_the_last_articles_read(tmp_path):
    parsed = Parsed(size=3)
    handles = []
    for i in range(5):
        path = tmp_path / f"{i}.md"
        path.write_text(f"# T\n\nStory {i}.\n", encoding="utf-8")
        handles.append(handle_for(path, parsed))
    for h in handles:
        h.position(4)
    assert parsed.read_again == 5 and len(parsed._docs) == 3
    handles[-1].position(2)  # still kept
    assert parsed.read_again == 5
    handles[0].position(2)  # read again
    assert parsed.read_again == 6
