"""The html format, read as a browser would parse it (the rendered page is tested in Chromium in
test_html_browser.py): one self-contained file, every finding marked at its words, every internal
link resolving, the article's text from the run and never from the disk."""

from __future__ import annotations

import pickle
import re
from html.parser import HTMLParser
from pathlib import Path

from conftest import run_engine
from html_run import HARBOUR, expected_notes, words, write_run

from newslint.reporters.base import ReportOptions
from newslint.reporters.html import HtmlReporter


class Page(HTMLParser):
    """What the tests look at in a page: ids, links, resources, each mark's text, each note."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.marked: dict[str, str] = {}  # finding key → the text its marks cover
        self.notes: dict[str, dict] = {}  # finding key → code, line, article
        self._open_marks: list[list[str]] = []
        self._note: str | None = None
        self._in: list[str] = []
        self._article: str | None = None
        self.articles: dict[str, str] = {}  # article key → path
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag == "section" and "article" in a.get("class", "").split():
            self._article = a["id"]
        if tag == "mark":
            self._open_marks.append(a.get("data-f", "").split())
        if tag == "li" and "note" in a.get("class", "").split():
            self._note = a["id"][2:]
            self.notes[self._note] = {"article": self._article, "text": ""}
        self._in.append(tag)

    def handle_endtag(self, tag):
        if tag == "mark" and self._open_marks:
            self._open_marks.pop()
        if tag == "li" and self._in.count("li") == 1:
            self._note = None
        while self._in and self._in.pop() != tag:
            pass

    def handle_data(self, data):
        for keys in self._open_marks:
            for key in keys:
                self.marked[key] = self.marked.get(key, "") + data
        if self._note is not None:
            self.notes[self._note]["text"] += data
        if self._in and self._in[-1] == "h3" and self._article:
            self.articles[self._article] = data


def _report(run_cli, folder: Path, *extra: str) -> tuple[str, str]:
    html = run_cli("check", "--isolated", "--format", "html", "-o", "report.html", *extra, str(folder.name))
    assert html.returncode == 2, html.stderr  # the unreadable file
    as_json = run_cli("check", "--isolated", "--format", "json", *extra, str(folder.name))
    return (folder.parent / "report.html").read_text(encoding="utf-8"), as_json.stdout


def test_every_finding_is_marked_at_its_words_with_a_note_beside_it(run_cli, tmp_path):
    folder = tmp_path / "desk"
    write_run(folder)
    html, as_json = _report(run_cli, folder)
    page = Page(html)
    expected = expected_notes(tmp_path, as_json)
    assert {e["code"] for e in expected} >= {"NL001", "NL002", "NL101", "NL103", "NL202", "NL302"}
    for e in expected:
        # the note of this finding: in its article's section, naming its rule and line
        keys = [k for k, n in page.notes.items() if page.articles[n["article"]] == e["path"]
                and f" {e['code']} " in " ".join(n["text"].split()) and f" line {e['line']} " in " ".join(n["text"].split())]
        assert keys, e
        key = keys[0]
        if e["path"].endswith("latin1.txt"):  # nothing to show: the note alone says what is wrong
            assert key not in page.ids and "not valid UTF-8" in page.notes[key]["text"]
            continue
        if e["words"]:  # a span of text: marked where it is, word for word
            assert words(page.marked.get(key, "")) == e["words"], (e, page.marked.get(key))
        assert key in page.ids  # the badge in the text, which the note links back to
        assert f"#{key}" in page.links and f"#n-{key}" in page.links


def test_the_page_is_one_file_that_asks_for_nothing(run_cli, tmp_path):
    folder = tmp_path / "desk"
    write_run(folder)
    html, _ = _report(run_cli, folder)
    page = Page(html)
    # no resource from anywhere: no link, image, frame or script file; styles and script are inline
    assert not [t for t, a in page.tags if t in ("link", "img", "iframe", "object", "embed", "audio", "video")]
    assert not [a for _, a in page.tags if "src" in a or "srcset" in a]
    assert [t for t, _ in page.tags].count("script") == 1 and [t for t, _ in page.tags].count("style") == 1
    assert not re.search(r"@import|url\((?!#)", html)
    assert "default-src 'none'" in html  # and the browser is told to refuse any request besides
    # every link is to a place on the page
    assert all(link.startswith("#") for link in page.links), [x for x in page.links if not x.startswith("#")]
    missing = sorted({link[1:] for link in page.links} - set(page.ids))
    assert missing == []
    assert len(page.ids) == len(set(page.ids))


def test_article_text_is_escaped_not_run(run_cli, tmp_path):
    folder = tmp_path / "desk"
    write_run(folder)
    html, _ = _report(run_cli, folder)
    assert html.count("<script") == 1  # the page's own
    assert "read &lt;script&gt;alert(&#34;wall&#34;)&lt;/script&gt; &amp; &#34;keep out&#34;" in html


def test_index_rules_fixes_chart_and_side_by_side(run_cli, tmp_path):
    folder = tmp_path / "desk"
    write_run(folder)
    html, _ = _report(run_cli, folder)
    page = Page(html)
    # the index lists the worst article first: the one that could not be read
    rows = re.findall(r'<tr><td><a href="#(a\d+)">([^<]+)</a>', html)
    assert rows[0] == ("a1", "desk/latin1.txt") and len(rows) == 4
    assert page.articles["a1"] == "desk/latin1.txt"
    assert "not valid UTF-8 text (byte 3)" in html
    # a rule page for each rule with a finding, its headings under the report's
    for code in ("NL101", "NL103", "NL202", "NL302"):
        assert f'id="rule-{code}"' in html
    rule = html[html.index('id="rule-NL101"'):]
    assert rule.index("<h3>") < rule.index("<h4>What it does</h4>")
    # the fix as before and after
    assert "<del>Joined Kingdom</del>" in html and "<ins>UK</ins>" in html
    # the recycled passage: both articles side by side, the shared words marked on both sides
    compare = html[html.index('<figure class="compare">'):]
    compare = compare[:compare.index("</figure>")]
    assert compare.count('<mark class="shared">') == 2 and "desk/ferry-a.txt" in compare
    assert "Islanders welcomed" not in compare and "weather allowing" in compare  # its paragraph, not the article
    # a chart of the paragraphs' grades against the target, described in words
    assert '<svg viewBox="0 0 600 130" role="img"' in html
    assert "Reading grade of 7 paragraphs: none above the target 13" in html
    assert "grade " in html and "longest sentence" in html
    # headings in order: one h1, then h2, h3, h4 without a level skipped
    levels = [int(t[1]) for t, _ in page.tags if re.fullmatch(r"h[1-6]", t)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:]))


def test_a_small_run_opens_every_article_and_a_large_one_shows_the_index_first(run_cli, tmp_path):
    folder = tmp_path / "desk"
    write_run(folder)
    html, _ = _report(run_cli, folder)
    assert html.count('<details class="article-body" open>') == 4 and 'data-expand="all"' not in html
    for n in range(12):
        (tmp_path / "many" / f"story{n:02}.md").parent.mkdir(exist_ok=True)
        (tmp_path / "many" / f"story{n:02}.md").write_text(HARBOUR.replace("Tuesday", f"day {n}"), encoding="utf-8")
    run_cli("check", "--isolated", "--format", "html", "-o", "many.html", "many")
    many = (tmp_path / "many.html").read_text(encoding="utf-8")
    assert many.count('<details class="article-body">') == 12 and "<details class=\"article-body\" open>" not in many
    assert 'data-expand="all"' in many
    assert many.index('id="index"') < many.index('id="articles"')


def test_the_report_never_reads_the_articles_again(tmp_path):
    paths = write_run(tmp_path / "desk")
    from newslint.config import RuleIndex, build_settings
    from newslint.engine import Input, run
    from newslint.plugins import collect_rules, get_plugin_manager

    rules = collect_rules(get_plugin_manager(autoload=False))
    settings = build_settings({}, RuleIndex(rules))
    result = run([Input(str(p)) for p in paths], rules, settings, jobs=1, documents=True)
    for p in paths:  # gone from the disk: the page is made from what the run handed over
        p.unlink()
    html = HtmlReporter(ReportOptions()).render(result)
    assert "Councillors in Port Ellery voted on Tuesday" in html
    # what the run keeps of an article is its text and a few spans, not its words
    view = next(r.document for r in result.files if r.path.endswith("harbour.md"))
    assert len(pickle.dumps(view)) < 2 * len(view.text.encode("utf-8")) + 1500
    assert {kind for kind, *_ in view.blocks} <= {"headline", "heading", "paragraph", "list_item", "blockquote",
                                                   "table"}


def test_without_an_html_report_the_run_keeps_no_text(tmp_path):
    paths = write_run(tmp_path / "desk")
    result = run_engine(paths)
    assert all(r.document is None for r in result.files)
