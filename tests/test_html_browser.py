"""The HTML report in a real browser: headless Chromium opens it from file:// and the tests read the
rendered page. Every finding is highlighted at its words, every link lands on something, links into
a closed article open it, the keyboard reaches everything, the page fits at 200% zoom, no request
leaves the page, and axe-core finds no accessibility violation.

A screenshot of the examples' report is written to a temporary folder (its path is printed); with
``NEWSLINT_UPDATE_SCREENSHOT=1`` it also replaces docs/html-report.png, the README's picture.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from browser import axe_script, launch
from conftest import PROJECT_ROOT
from helpers import run_newslint
from html_run import FERRY_A, FERRY_B, HARBOUR, expected_notes, words, write_run

pytestmark = pytest.mark.integration
sync_api = pytest.importorskip("playwright.sync_api", reason="the browser tests drive Chromium with Playwright "
                               "(pip install '.[test]')")

SCREENSHOT = PROJECT_ROOT / "docs" / "html-report.png"

NOTES_JS = """() => Array.from(document.querySelectorAll('li.note')).map(note => {
    const key = note.id.slice(2);
    const marks = Array.from(document.querySelectorAll(`mark[data-f~="${key}"]`));
    const badge = document.getElementById(key);
    return {
        key, path: note.closest('section.article').querySelector('h3').textContent,
        text: note.textContent.replace(/\\s+/g, ' '),
        marked: marks.map(m => m.textContent).join(''),
        // colour and a marker that is not colour: every mark has a background and an underline
        styled: marks.every(m => { const s = getComputedStyle(m);
            return s.borderBottomStyle !== 'none' && s.backgroundColor !== 'rgba(0, 0, 0, 0)'; }),
        badge: badge ? {text: badge.textContent, shown: badge.getBoundingClientRect().width > 0} : null,
    };
})"""

BROKEN_LINKS_JS = """() => Array.from(document.querySelectorAll('a[href^="#"]'))
    .map(a => decodeURIComponent(a.getAttribute('href').slice(1))).filter(id => !document.getElementById(id))"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with sync_api.sync_playwright() as playwright:
        context = launch(playwright, tmp_path_factory.mktemp("chromium-profile"))
        yield context
        context.close()


@pytest.fixture
def open_page(browser):
    """``open_page(path)``: the report at ``path`` in a new tab, and every request the tab made."""
    pages = []

    def load(path: Path, width: int = 1280):
        page = browser.new_page()
        page.set_viewport_size({"width": width, "height": 900})
        requests, errors = [], []
        page.on("request", lambda request: requests.append(request.url))
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        pages.append(page)
        return page, requests, errors

    yield load
    for page in pages:
        page.close()


def _report(folder: Path, cwd: Path, name: str = "report.html") -> tuple[Path, str]:
    html = run_newslint("check", "--isolated", "--format", "html", "-o", name, folder.name, cwd=cwd)
    assert html.returncode in (1, 2), html.stderr
    as_json = run_newslint("check", "--isolated", "--format", "json", folder.name, cwd=cwd)
    return cwd / name, as_json.stdout


def _assert_every_finding_highlighted(page, expected: list[dict]) -> None:
    notes = page.evaluate(NOTES_JS)
    for e in expected:
        mine = [n for n in notes if n["path"] == e["path"] and f" {e['code']} " in n["text"]
                and f" line {e['line']} " in n["text"]]
        assert mine, e
        note = mine[0]
        if e["code"] == "NL002":  # an unreadable file has no text to mark
            continue
        assert note["badge"] is not None and note["badge"]["shown"], note
        if e["words"]:
            assert words(note["marked"]) == e["words"], (e, note["marked"])
            assert note["styled"], note


def test_the_examples_open_with_every_finding_highlighted(open_page, tmp_path):
    shutil.copytree(PROJECT_ROOT / "examples", tmp_path / "examples")
    report, as_json = _report(tmp_path / "examples", tmp_path, "r.html")
    page, requests, errors = open_page(report)
    expected = expected_notes(tmp_path, as_json)
    assert len(expected) >= 9
    _assert_every_finding_highlighted(page, expected)
    assert page.evaluate(BROKEN_LINKS_JS) == []
    assert errors == []
    assert requests == [report.as_uri()]
    # the README's picture: the example with a hard paragraph, its chart and its findings beside it
    shot = tmp_path / "html-report.png"
    section = page.locator("section.article", has=page.locator("h3", has_text="examples/harbour-budget.md"))
    section.evaluate("element => element.scrollIntoView()")
    page.set_viewport_size({"width": 1280, "height": 1100})
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    print(f"\nscreenshot of the examples' report: {shot}")
    if os.environ.get("NEWSLINT_UPDATE_SCREENSHOT"):
        shutil.copy(shot, SCREENSHOT)


def test_a_run_with_every_kind_of_finding(open_page, tmp_path):
    write_run(tmp_path / "desk")
    report, as_json = _report(tmp_path / "desk", tmp_path)
    page, requests, errors = open_page(report)
    _assert_every_finding_highlighted(page, expected_notes(tmp_path, as_json))
    assert page.evaluate(BROKEN_LINKS_JS) == []
    assert errors == [] and requests == [report.as_uri()]
    # the article's text is shown as text: the script in it never ran
    assert page.evaluate("document.querySelectorAll('script').length") == 1
    assert "<script>alert(\"wall\")</script>" in page.inner_text("#articles")
    # the chart is drawn: one bar per paragraph, described in words
    bars = page.locator("svg[role=img] rect.bar")
    assert bars.count() >= 7 and bars.first.bounding_box()["height"] > 0


def test_no_request_leaves_the_page_and_the_check_would_see_one(open_page, tmp_path):
    write_run(tmp_path / "desk")
    report, _ = _report(tmp_path / "desk", tmp_path)
    page, requests, _ = open_page(report)
    # following every link on the page asks for nothing either
    assert page.evaluate("document.querySelectorAll('a[href^=\"#\"]').forEach(a => a.click())") is None
    assert {url for url in requests} == {report.as_uri()}
    # the same check on a page that does ask: it is seen (the check can fail)
    control = tmp_path / "control.html"
    control.write_text('<img src="http://192.0.2.1/x.png" alt="">', encoding="utf-8")
    _, control_requests, _ = open_page(control)
    assert any(url.startswith("http://192.0.2.1/") for url in control_requests)


def test_links_into_closed_articles_open_them(open_page, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    (folder / "ferry-a.txt").write_text(FERRY_A, encoding="utf-8")
    (folder / "ferry-b.txt").write_text(FERRY_B, encoding="utf-8")
    for n in range(10):  # enough articles for the page to close them
        (folder / f"harbour{n}.md").write_text(HARBOUR.replace("Tuesday", f"day {n}"), encoding="utf-8")
    report, _ = _report(folder, tmp_path)
    page, _, _ = open_page(report)
    assert page.evaluate("document.querySelectorAll('details.article-body[open]').length") == 0
    assert page.evaluate(BROKEN_LINKS_JS) == []
    # the index link opens the article; its recycled-passage link opens the other one at the passage
    page.click("#index a:text('many/ferry-b.txt')")
    section = page.locator("section.article", has=page.locator("h3", has_text="many/ferry-b.txt"))
    assert section.locator("details").get_attribute("open") is not None
    section.locator("a", has_text="also here").first.click()
    other = page.locator("section.article", has=page.locator("h3", has_text="many/ferry-a.txt"))
    assert other.locator("details").get_attribute("open") is not None
    target = page.locator(".rel.active").first
    assert target.is_visible() and "ferry will carry" in page.evaluate(
        "Array.from(document.querySelectorAll('.rel.active')).map(e => e.textContent).join('')")
    box = target.bounding_box()
    assert 0 <= box["y"] <= page.viewport_size["height"]
    # and every article can be opened at once, from the keyboard too
    page.focus("button[data-expand=all]")
    page.keyboard.press("Enter")
    assert page.evaluate("document.querySelectorAll('details.article-body:not([open])').length") == 0


def test_the_keyboard_reaches_the_articles_and_opens_them(open_page, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(12):
        (folder / f"harbour{n:02}.md").write_text(HARBOUR.replace("Tuesday", f"day {n}"), encoding="utf-8")
    report, _ = _report(folder, tmp_path)
    page, _, _ = open_page(report)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the articles"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#articles"
    page.keyboard.press("Tab")  # from the articles' heading on
    assert page.evaluate("document.activeElement.closest('#articles') !== null")
    for _ in range(10):
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.parentElement.open") is True


def test_readable_at_200_percent_zoom(open_page, tmp_path):
    write_run(tmp_path / "desk")
    report, _ = _report(tmp_path / "desk", tmp_path)
    # 200% zoom of a 1280-pixel window leaves 640 CSS pixels: nothing may need scrolling sideways
    page, _, _ = open_page(report, width=640)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # the notes move under their paragraph instead of beside it
    text, note = page.locator(".row .chunk").nth(0), page.locator(".row .notes").first
    assert note.bounding_box()["x"] < text.bounding_box()["x"] + 40


def test_no_accessibility_violations(open_page, tmp_path, tmp_path_factory):
    script = axe_script(tmp_path_factory.mktemp("axe"))
    write_run(tmp_path / "desk")
    report, _ = _report(tmp_path / "desk", tmp_path)
    page, _, _ = open_page(report)
    # the page's policy refuses scripts from files: axe is added through the driver, as an extension would
    page.evaluate(script.read_text(encoding="utf-8"))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in results["violations"]]
    assert violations == []
    assert len(results["passes"]) > 10  # axe did look
