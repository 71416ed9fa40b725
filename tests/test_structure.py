"""NL301 orphan-paragraph and NL302 boilerplate: examples tables, helpers, packs, recurrence."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from newslint.config import Settings
from newslint.document import parse
from newslint.engine import RunContext
from newslint.rules.analysis.boilerplate_matcher import configured_patterns, call_to_action, ends_like_a_sentence, headline_like
from newslint.rules.analysis.passage_index import recurring_in_run
from newslint.rules.analysis.boilerplate_pack import BUILTIN_PACK, PackError, load_patterns, parse_pack
from newslint.rules.analysis.cohesion import article_terms, first_person, stem, term_set, terms_of, tie_back
from newslint.rules.analysis.passage_index import recurring_paragraphs
from newslint.rules.structure import Boilerplate, OrphanParagraph, find_orphans

HEADLINE = "Harbour board approves new ferry contract"

# A story whose paragraphs hang together: each shares names or words with its neighbours.
STORY = [
    "The Westport harbour board approved a new ferry contract on Tuesday after a long debate about costs.",
    "Board members said the ferry contract would cost the harbour more than the old one but bring newer boats.",
    "The harbour chair, Dennis Okafor, said the new boats would cut crossing times to the island by a third.",
    "Okafor told the board that the first of the boats would arrive in the spring, with the rest in the autumn.",
    "Island residents have complained for years about cancelled crossings and ageing ferry boats.",
]


def article(*paragraphs: str, headline: str = HEADLINE) -> str:
    return "\n\n".join([headline, *paragraphs]) + "\n"


def lines_of(rule, text: str, path: str = "story.txt") -> list[tuple[str, int]]:
    doc = parse(path, text)
    return [(f.code, f.start.line) for f in rule.check(doc)]


def line_of_paragraph(text: str, paragraph: str) -> int:
    return text[:text.index(paragraph)].count("\n") + 1


# --- NL301 orphan-paragraph ------------------------------------------------------------------------

STRAY = "Popular singer Ruby Vance will headline the summer music festival in the park."

NL301_FLAGGED = [
    pytest.param([*STORY[:2], STRAY, *STORY[2:]], STRAY, id="stray-sentence-between-two-tied-paragraphs"),
    pytest.param([*STORY[:3], "However, the striker scored twice before half time and the fans sang.", *STORY[3:]],
                 "However, the striker scored twice before half time and the fans sang.",
                 id="connective-with-nothing-to-connect-to"),
    pytest.param([*STORY[:1], "Wheat prices rose sharply across European commodity markets last month.", *STORY[1:]],
                 "Wheat prices rose sharply across European commodity markets last month.",
                 id="right-after-the-lede"),
    pytest.param([STORY[0], STRAY, STORY[1]], STRAY, id="three-paragraph-story"),
    pytest.param(["Harbour chair Dennis Okafor signed a new ferry contract on Tuesday after a long debate.",
                  "Okafor said the contract would cost the harbour more than the old one but bring newer boats.",
                  "Okafor's garden has become a favourite spot for birdwatchers and painters.",
                  "Critics of Okafor said the boats were too small for winter crossings to the island.",
                  "Okafor told the board the first boats would arrive in spring, the rest in the autumn."],
                 "Okafor's garden has become a favourite spot for birdwatchers and painters.",
                 id="shares-only-the-name-that-runs-through-the-story"),
]

NL301_NOT_FLAGGED = [
    pytest.param(STORY, id="cohesive-story"),
    pytest.param([*STORY[:2], "He said the decision was overdue.", *STORY[2:]], id="pronoun-short-sentence"),
    pytest.param([*STORY[:2], "The ferry contract was first reported by the Westport Gazette.", *STORY[2:]],
                 id="one-sentence-paragraph-sharing-words"),
    pytest.param([*STORY[:2], "Okafor declined to comment further on Wednesday evening.", *STORY[2:]],
                 id="reaction-paragraph"),
    pytest.param([*STORY[:2], "Okafor is expected to appear before the island council next week.", *STORY[2:]],
                 id="one-sentence-paragraph-sharing-a-name"),
    pytest.param([*STORY[:2], "\u201cWe have waited long enough for decent boats,\u201d one islander said.", *STORY[2:]],
                 id="quote-paragraph-sharing-a-word"),
    pytest.param([*STORY[:2], "I remember the last time a singer played the summer festival in the park.", *STORY[2:]],
                 id="first-person-voice"),
    pytest.param([*STORY[:2], "Best new act - Ruby Vance", *STORY[2:]], id="list-entry-without-full-stop"),
    pytest.param([*STORY, STRAY], id="last-paragraph-is-not-between-two"),
    pytest.param([*STORY[:2], "Popular singer Ruby Vance will headline the summer music festival in the park this August, "
                  "organisers said, in a show that will also feature a brass band, a choir of local schoolchildren "
                  "and a late-night fireworks display over the old harbour wall.", *STORY[2:]],
                 id="long-paragraph-is-not-a-candidate"),
]


# Layouts that tie a short paragraph in without shared words, and pronouns with and without
# someone to point back to.
NL301_NOT_FLAGGED += [
    pytest.param([*STORY[:2], "The islanders\u2019 letter to the board was blunt. \u201cWe have been patient for years.",
                  "\u201cNothing in the timetable has been fixed, and winter is coming again.\u201d", *STORY[2:]],
                 id="quotation-carried-on-into-the-next-paragraph"),
    pytest.param([*STORY[:2], "In a statement on Friday, the singers\u2019 union said it would appeal.",
                  "\u201cWe will take this to every court in the land,\u201d the statement read.", *STORY[2:]],
                 id="lead-in-to-the-next-quotation"),
    pytest.param([*STORY[:2], "Is this the best use of public money?", *STORY[2:]], id="a-question-the-story-answers"),
    pytest.param([*STORY[:2], "1. Lottery ticket sales rose sharply across the region.",
                  "2. Wheat prices fell on European commodity markets.", *STORY[2:]], id="entries-of-a-numbered-list"),
    pytest.param([*STORY[:2], "Photo: the new ferry at the harbour wall (Getty Images).",
                  "Island residents said crossings to the island were often cancelled in winter.", *STORY[2:]],
                 id="a-caption-is-neither-candidate-nor-neighbour"),
    pytest.param([*STORY[:3], "She said the album had been recorded in a single week in a barn.", *STORY[3:]],
                 id="pronoun-with-a-person-to-point-back-to"),
]
IT_STORY = [
    "The price of copper rose for a third week on commodity markets, as stocks held in warehouses fell.",
    "Traders said stocks of copper in the main warehouses were at their lowest level since the spring.",
    "Mining output has been cut at several sites because of strikes and a shortage of equipment.",
    "Copper stocks are expected to keep falling until mining output recovers at the end of the year.",
]
NL301_FLAGGED += [
    pytest.param([*IT_STORY[:2], "She said the album had been recorded in a single week in a barn.", *IT_STORY[2:]],
                 "She said the album had been recorded in a single week in a barn.",
                 id="pronoun-with-nobody-to-point-back-to"),
]


# Short, simply written local news: little evidence per paragraph. "The park has a pond ..." is
# tied in by its definite reference to the subject both neighbours name.
PARK_HEADLINE = "Town opens a new park by the river"
PARK = [
    "The town opened its new park on Saturday. Many families came to see it, and the sun came out.",
    "The park has a pond, a play area and a small cafe. Dogs are welcome if they stay on a lead.",
    "The mayor cut a red ribbon at noon. She said the park was a gift to every child in the town.",
    "Work on the park took two years. It cost less than the town had planned, and it was done on time.",
    "Local schools will plant trees there in the spring. Each class will look after one tree.",
    "The park is open from dawn to dusk every day. There is no charge to get in.",
]
BRIDGE_HEADLINE = "New Footbridge Opens Across the River Lune"
BRIDGE = [
    "A new footbridge linking the two halves of Kirkby Marsh opened to the public on Saturday, ending a "
    "four-mile detour for people walking between the village and the railway station.",
    "The bridge, which cost \u00a31.1m, was paid for by the county council and a grant from the national "
    "cycling fund, the largest walking grant awarded in the United Kingdom this year.",
    "The county council's Highways Director Anil Mehta said the crossing had been requested by residents "
    "for more than a decade.",
    "Pupils from the village school cut the ribbon as the bridge opened, watched by about 200 residents.",
    "The highways director said the bridge would also carry a cycle path once the approach roads are "
    "resurfaced in the summer.",
    "Residents had campaigned for a crossing since the old ferry service stopped running in 2011, and the "
    "parish council kept a petition open in the village shop for most of that time.",
]
LOTTERY = "Lottery ticket sales have risen sharply across the region this spring."

NL301_FLAGGED += [
    pytest.param(BRIDGE[:4] + [LOTTERY] + BRIDGE[4:], LOTTERY, id="plain-local-story-keeps-its-real-orphan"),
]
NL301_NOT_FLAGGED += [
    pytest.param(BRIDGE, id="plain-bridge-story"),
]


@pytest.mark.parametrize("paragraphs, headline, stray", [
    pytest.param(BRIDGE, BRIDGE_HEADLINE, None, id="bridge"),
    pytest.param(BRIDGE[:4] + [LOTTERY] + BRIDGE[4:], BRIDGE_HEADLINE, LOTTERY, id="bridge-with-lottery"),
])
def test_nl301_plain_local_stories_with_their_headlines(paragraphs, headline, stray):
    text = article(*paragraphs, headline=headline)
    expected = [] if stray is None else [("NL301", line_of_paragraph(text, stray))]
    assert lines_of(OrphanParagraph(), text) == expected


def test_definite_reference():
    from newslint.rules.analysis.cohesion import ArticleTerms, definite_reference
    terms = ArticleTerms(parse("p.txt", article(*PARK, headline=PARK_HEADLINE)))
    assert definite_reference(terms, 1, 0) and definite_reference(terms, 1, 2)  # "The park has …"
    assert definite_reference(terms, 4, 3) is None


@pytest.mark.parametrize("paragraphs, stray", NL301_FLAGGED)
def test_nl301_flags(paragraphs, stray):
    text = article(*paragraphs)
    assert lines_of(OrphanParagraph(), text) == [("NL301", line_of_paragraph(text, stray))]


@pytest.mark.parametrize("paragraphs", NL301_NOT_FLAGGED)
def test_nl301_does_not_flag(paragraphs):
    assert lines_of(OrphanParagraph(), article(*paragraphs)) == []


def test_nl301_message_in_plain_words_points_at_neighbours():
    text = article(*STORY[:2], STRAY, *STORY[2:])
    [finding] = OrphanParagraph().check(parse("story.txt", text))
    before, after = line_of_paragraph(text, STORY[1]), line_of_paragraph(text, STORY[2])
    assert finding.message.startswith("this short paragraph may not belong here: it shares little with the "
                                      f"paragraphs around it (lines {before} and {after}) or the rest of the story")
    assert "cohesion" not in finding.message and "0." not in finding.message
    assert finding.details == "cohesion with previous 0.00, next 0.00, article 0.00"
    assert "Popular singer Ruby Vance" in finding.message
    assert finding.severity.value == "info"
    assert [r.message for r in finding.related] == ["previous paragraph", "next paragraph"]
    assert [r.start.line for r in finding.related] == [line_of_paragraph(text, STORY[1]), line_of_paragraph(text, STORY[2])]


def test_nl301_judges_the_next_paragraph_without_the_orphan():
    # After the stray paragraph, the next one picks up the story again: only the stray is reported.
    follow_up = "Crossing times and ferry costs were the main worries raised by island residents."
    text = article(*STORY[:3], STRAY, follow_up, *STORY[3:])
    assert lines_of(OrphanParagraph(), text) == [("NL301", line_of_paragraph(text, STRAY))]


def test_nl301_ignores_boilerplate_neighbours():
    # The tail line is boilerplate, so the paragraph before it is the last of the story.
    text = article(*STORY, "Sign up for our newsletter to get Westport news every morning.")
    assert lines_of(OrphanParagraph(), text) == []


def test_nl301_options_widen_and_narrow():
    text = article(*STORY[:2], STRAY, *STORY[2:])
    assert lines_of(OrphanParagraph({"max-words": 5}), text) == []
    assert lines_of(OrphanParagraph({"max-article-cohesion": 0.0}), text) == [("NL301", line_of_paragraph(text, STRAY))]


def _count_link_tests(monkeypatch):
    from newslint.rules.analysis.cohesion import ArticleTerms

    calls = [0]
    original = ArticleTerms.link_above

    def counted(self, i, j, limit):
        calls[0] += 1
        return original(self, i, j, limit)

    monkeypatch.setattr(ArticleTerms, "link_above", counted)
    return calls


def _unrelated_paragraphs(n: int, seed: int = 1) -> list[str]:
    import random

    rng = random.Random(seed)

    def word() -> str:
        return "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(3))

    return [" ".join(word() for _ in range(6)).capitalize() + "." for _ in range(n)]


def test_nl301_work_grows_about_linearly_with_short_unconnected_paragraphs(monkeypatch):
    # 2,000 short paragraphs used to take minutes: every removal re-judged every candidate
    calls = _count_link_tests(monkeypatch)
    counts = []
    for n in (150, 1200):
        calls[0] = 0
        assert find_orphans(parse("list.txt", article(*_unrelated_paragraphs(n)))) == []
        counts.append(calls[0])
    assert counts[0] > 0
    assert counts[1] <= 8 * counts[0] * 1.5, counts


def test_nl301_work_grows_about_linearly_with_orphans_among_a_story(monkeypatch):
    # a long story with a stray every few paragraphs: candidates are taken out one by one
    calls = _count_link_tests(monkeypatch)
    counts = []
    for n in (40, 320):
        strays = _unrelated_paragraphs(n // 8, seed=n)
        paragraphs = []
        for k in range(n):
            paragraphs.append(STORY[k % len(STORY)])
            if k % 8 == 4:
                paragraphs.append(strays[k // 8])
        calls[0] = 0
        find_orphans(parse("long.txt", article(*paragraphs)))
        counts.append(calls[0])
    assert counts[0] > 0
    assert counts[1] <= 8 * counts[0] * 1.5, counts


def test_nl301_does_not_report_a_digest_of_unconnected_items():
    items = [
        "Wheat prices rose sharply across European commodity markets last month.",
        "Popular singer Ruby Vance will headline the summer music festival in the park.",
        "A rare orchid has been found growing beside the railway line near Dunmore.",
        "The county chess championship was won by a twelve-year-old from Hollins.",
        "Road repairs on the coastal route will close one lane until the weekend.",
        "A local bakery has been named the best in the region by a national magazine.",
    ]
    assert find_orphans(parse("digest.txt", article(*items))) == []


def test_nl301_skips_markdown_headings_and_list_items():
    text = "# " + HEADLINE + "\n\n" + "\n\n".join([*STORY[:2], "## Summer music", *STORY[2:]]) + \
        "\n\n- Popular singer Ruby Vance will headline the summer music festival.\n"
    assert lines_of(OrphanParagraph(), text, "story.md") == []


# --- NL302 boilerplate -----------------------------------------------------------------------------

NL302_FLAGGED = [
    pytest.param("Other reports by the Westport Gazette", "tail", id="pack-syndication-tail"),
    pytest.param("Sign up for our newsletter to get Westport news every morning.", "tail", id="pack-newsletter"),
    pytest.param("Follow us on Twitter for the latest harbour news", "tail", id="pack-follow-us"),
    pytest.param("Copyright 2025 Westport Media Ltd. All rights reserved.", "tail", id="pack-copyright"),
    pytest.param("Advertisement", "middle", id="pack-advertisement-anywhere"),
    pytest.param("Read more: Island school to close after summer", "middle", id="pack-read-more-anywhere"),
    pytest.param("This article originally appeared on the Coastal Courier.", "tail", id="pack-originally-appeared"),
    pytest.param("58% of readers think this story is Fact. Add your two cents.", "tail", id="pack-reader-poll"),
    pytest.param("Click here to see more photos from the quay", "head", id="pack-click-here-at-head"),
    # structure: phrasings the pack does not contain
    pytest.param("Tap the star to save stories you like for later", "tail", id="structure-call-to-action"),
    pytest.param("Liked this? Pass it on to a friend who cares about the coast", "tail", id="structure-clause-imperative"),
    pytest.param("More island news at www.westport-gazette.example", "tail", id="structure-link-line"),
    pytest.param("What do you think? Should the island get a bridge instead?", "tail", id="structure-reader-question"),
    pytest.param("Pensioner Wins Marathon In Record Time", "tail", id="structure-teaser-headline"),
    pytest.param("Coming up next: the best beaches for a winter walk", "tail", id="structure-label-line"),
    pytest.param("The views in this piece belong to the author.", "tail", id="structure-about-the-publication"),
    pytest.param("Back to the homepage", "head", id="structure-dangling-line-at-head"),
]

NL302_NOT_FLAGGED = [
    pytest.param("The inquiry is expected to report in the autumn, board members said.", "tail", id="news-ending"),
    pytest.param("Click here to read the full report on the ferry contract, Okafor told reporters, "
                 "pointing at a website the board launched this week to explain the ferry contract, its costs "
                 "and the timetable of the new boats to island residents.", "tail", id="long-paragraph"),
    pytest.param("Share prices of the ferry operator rose after the contract was announced.", "tail",
                 id="share-is-not-an-imperative-here"),
    pytest.param("Follow-up talks on the ferry contract will take place in May.", "tail", id="follow-up-talks"),
    pytest.param("Ferry Contract Timetable Approved By Harbour Board", "tail", id="title-case-line-about-the-story"),
    pytest.param("Lawyers said copyright law protects the design of the new ferry timetable.", "tail",
                 id="story-about-copyright"),
    pytest.param("Follow the money, said the island's only councillor.", "quoted-middle",
                 id="block-quote-in-the-middle"),
    pytest.param("Okafor said the harbour board would publish the ferry contract on its website.", "tail",
                 id="website-mentioned-in-news"),
    pytest.param("Ellen Ward, Westport", "tail", id="reader-letter-signature-like-line"),
]


def place(line: str, where: str) -> str:
    if where == "tail":
        return article(*STORY, line)
    if where == "head":
        return article(line, *STORY)
    if where == "quoted-middle":
        return article(*STORY[:2], "> " + line, *STORY[2:])
    return article(*STORY[:2], line, *STORY[2:])


@pytest.mark.parametrize("line, where", NL302_FLAGGED)
def test_nl302_flags(line, where):
    text = place(line, where)
    assert lines_of(Boilerplate(), text) == [("NL302", line_of_paragraph(text, line))]


@pytest.mark.parametrize("line, where", NL302_NOT_FLAGGED)
def test_nl302_does_not_flag(line, where):
    path = "story.md" if where == "quoted-middle" else "story.txt"
    text = place(line, where)
    if path.endswith(".md"):
        text = "# " + text
    assert lines_of(Boilerplate(), text, path) == []


def test_nl302_edge_patterns_do_not_fire_mid_story():
    line = "Other reports by the Westport Gazette"
    assert lines_of(Boilerplate(), article(*STORY[:2], line, *STORY[2:])) == []


def test_nl302_a_run_of_tail_lines_is_all_flagged():
    tail = ["Share this story with your neighbours", "Follow us on Facebook for more island news",
            "Copyright 2025 Westport Media Ltd."]
    text = article(*STORY, *tail)
    assert lines_of(Boilerplate(), text) == [("NL302", line_of_paragraph(text, t)) for t in tail]


def test_nl302_markdown_tail_of_links_and_emphasis():
    text = ("---\ntitle: Ferry contract\n---\n\n" + "\n\n".join(STORY) + "\n\n## Related stories\n\n"
            "- [Island school to close](https://example.org/school)\n- [Bridge plan shelved](https://example.org/b)\n\n"
            "*Follow us on [Twitter](https://twitter.example/gazette) for more.*\n")
    found = lines_of(Boilerplate(), text, "story.md")
    assert found == [("NL302", line_of_paragraph(text, "- [Island")), ("NL302", line_of_paragraph(text, "- [Bridge")),
                     ("NL302", line_of_paragraph(text, "*Follow us"))]
    [last] = [f for f in Boilerplate().check(parse("story.md", text)) if "Follow" in f.message]
    assert "follow-us" in last.details and "follow-us" not in last.message


def test_nl302_structure_can_be_switched_off():
    text = article(*STORY, "Tap the star to save stories you like for later")
    assert lines_of(Boilerplate({"structure": False}), text) == []
    text = article(*STORY, "Other reports by the Westport Gazette")
    assert lines_of(Boilerplate({"structure": False}), text) != []


def test_nl302_message_names_the_reason():
    [finding] = Boilerplate().check(parse("s.txt", article(*STORY, "Other reports by the Westport Gazette")))
    assert "syndication tail" in finding.message and finding.details == "pack pattern \u201cother-reports\u201d"
    assert "\u201cOther reports by the Westport Gazette\u201d" in finding.message


def test_nl302_checks_lines_under_the_headline():
    # A short title-case line under the headline is parsed as a byline; patterns still apply.
    text = "Harbour board approves new ferry contract\n\nShare This Story\n\n" + "\n\n".join(STORY) + "\n"
    assert lines_of(Boilerplate(), text) == [("NL302", 3)]
    text = "Harbour board approves new ferry contract\n\nMara Ellison\n\n" + "\n\n".join(STORY) + "\n"
    assert lines_of(Boilerplate(), text) == []


# --- recurrence across articles (check_run) --------------------------------------------------------

DISCLOSURE = ("The Westport Gazette is owned by a trust that also holds shares in the harbour company "
              "and its ferry operator.")


def run_check(docs, rule=None):
    rule = rule or Boilerplate()
    context = RunContext(Settings(cache_dir=None), docs)
    return sorted((Path(f.path).name, f.start.line, f.message) for f in rule.check_run(docs, context))


@pytest.mark.parametrize("copies, expected", [(5, 5), (4, 0)])
def test_nl302_recurring_paragraph(tmp_path, copies, expected):
    docs = []
    for n in range(copies):
        body = [f"Story number {n} is about a different part of the harbour, berth {n}.", DISCLOSURE,
                f"Berth {n} will be repaired by the end of the year, engineers said."]
        docs.append(parse(str(tmp_path / f"s{n}.txt"), article(*body, headline=f"Berth {n} repairs")))
    found = run_check(docs, Boilerplate({"min-articles": 5}))
    assert len(found) == expected
    for name, line, message in found:
        assert line == 5 and f"recurs word for word in {copies} articles" in message


def test_nl302_counts_a_recurring_paragraph_up_to_a_bound(tmp_path, monkeypatch):
    # a standard footer in most of a large archive is counted up to RECURRENCE_COUNTED articles,
    # not row by row: the finding says "at least" that many
    from newslint.rules.analysis import passage_index

    monkeypatch.setattr(passage_index, "RECURRENCE_COUNTED", 7)
    archive = tmp_path / "archive"
    archive.mkdir()
    for n in range(9):
        body = [f"Archive story {n} is about quay {n} and the cranes on it.", DISCLOSURE,
                f"Quay {n} was rebuilt in the spring, the port said."]
        (archive / f"a{n}.txt").write_text(article(*body, headline=f"Quay {n} rebuilt"), encoding="utf-8")
    docs = [parse(str(tmp_path / "s.txt"), article("A new story about berth 12 and its repairs.", DISCLOSURE,
                                                   "Berth 12 reopens next week, engineers said."))]
    settings = Settings(cache_dir=str(tmp_path / "cache"), archive=[str(archive)])
    found = [f.message for f in Boilerplate({"min-articles": 5}).check_run(docs, RunContext(settings, docs))]
    assert len(found) == 1 and "recurs word for word in at least 7 articles" in found[0]
    # the archive's rows were read up to the bound (7 of 9), not all of them; the run's one counted
    [(_, _, counted)] = passage_index.recurring_paragraphs(docs, RunContext(settings, docs), 5)[docs[0].path]
    assert counted == 8
    # a higher min-articles raises the bound with it, and the finding says so
    found = [f.message for f in Boilerplate({"min-articles": 8}).check_run(docs, RunContext(settings, docs))]
    assert len(found) == 1 and "recurs word for word in at least 8 articles" in found[0]
    monkeypatch.setattr(passage_index, "RECURRENCE_COUNTED", 1000)
    found = [f.message for f in Boilerplate({"min-articles": 5}).check_run(docs, RunContext(settings, docs))]
    assert len(found) == 1 and "recurs word for word in 10 articles" in found[0]


def test_nl302_recurrence_does_not_repeat_a_pattern_finding(tmp_path):
    tail = "Sign up for our newsletter to get Westport news every morning."
    docs = [parse(str(tmp_path / f"s{n}.txt"), article(f"Story {n} about berth {n} and its repairs.", tail))
            for n in range(5)]
    assert run_check(docs) == []  # each is already reported by check(), once


# The run's recurrence is counted without the passage index when there is no archive: it must
# agree with the index, which folds case and apostrophes and ignores punctuation between words.
RECURRING_VARIANTS = [
    pytest.param(["Follow the Gazette on Twitter!", "follow the GAZETTE on twitter", "Follow the Gazette, on Twitter."],
                 3, id="case-and-punctuation"),
    pytest.param(["Don\u2019t miss the Gazette", "Dont miss the Gazette!", "don't MISS the gazette"], 3,
                 id="apostrophes"),
    pytest.param(["*Follow* the Gazette on [Twitter](http://twitter.example)", "Follow the Gazette on Twitter"], 2,
                 id="markdown-markup"),
    pytest.param(["Follow the Gazette on Twitter", "Follow the Gazette on Twitter today"], 1, id="one-more-word"),
    pytest.param(["The Gazette team", "The Gazette tame"], 1, id="same-letters-other-words"),
]


@pytest.mark.parametrize("variants, most", RECURRING_VARIANTS)
def test_run_recurrence_agrees_with_the_passage_index(tmp_path, variants, most):
    docs = [parse(str(tmp_path / f"s{n}.md"), article(f"Story {n} about berth {n} and its repairs.",
                                                      variants[n % len(variants)], f"Berth {n} costs rose."))
            for n in range(len(variants) * 2)]
    for min_articles in (1, 2, 3, 4, 6):
        ours = recurring_in_run(docs, min_articles)
        assert ours == recurring_paragraphs(docs, RunContext(Settings(cache_dir=None), docs), min_articles)
    found = recurring_in_run(docs, 1)
    counts = {count for doc in docs for s, e, count in found[doc.path] if "Gazette" in doc.text[s:e]
              or "gazette" in doc.text[s:e] or "GAZETTE" in doc.text[s:e]}
    assert max(counts) == most * 2


def test_nl302_recurrence_can_be_switched_off(tmp_path):
    docs = [parse(str(tmp_path / f"s{n}.txt"), article(f"Story {n} about berth {n}.", DISCLOSURE)) for n in range(6)]
    assert run_check(docs, Boilerplate({"min-articles": 0})) == []


# --- helpers ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("a, b", [("reported", "reports"), ("resigned", "resign"), ("ferries", "ferry"),
                                  ("boats", "boat"), ("contracts", "contract")])
def test_stem_brings_forms_together(a, b):
    assert stem(a) == stem(b)


def test_terms_drop_stop_words_and_possessives():
    assert terms_of("The board's chair said it was a good day.") == [stem("board"), stem("chair"), stem("good")]


@pytest.mark.parametrize("text, tied", [
    ("He said the boats were late.", True), ("But the vote went ahead.", True),
    ("The move surprised the board.", True), ("\u201cIt is a scandal,\u201d she said.", True),
    ("In addition, the board cut fees.", True), ("Wheat prices rose last month.", False),
    ("The singer cancelled her tour.", True), ("Island residents complained.", False),
])
def test_tie_back(text, tied):
    assert (tie_back(text) is not None) is tied


@pytest.mark.parametrize("text, expected", [
    ("I think the boats are too small.", True), ("\u201cI think so,\u201d she said.", False),
    ("My view is clear.", True), ("The board met.", False),
])
def test_first_person(text, expected):
    assert first_person(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("Subscribe to our channel", True), ("Please consider a donation.", True),
    ("Want more? Browse our archive", True), ("For alerts, text NEWS to 555", True),
    ("Shares of the ferry operator have jumped", False), ("The board will follow the advice.", False),
])
def test_call_to_action(text, expected):
    assert call_to_action(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("Pensioner Wins Marathon In Record Time", True), ("Pensioner wins marathon in record time", False),
    ("Pensioner Wins Marathon In Record Time.", False), ("Best Actor", False),
])
def test_headline_like(text, expected):
    assert headline_like(text) is expected


def test_ends_like_a_sentence_ignores_control_characters():
    assert ends_like_a_sentence("It was late.\u0094")
    assert not ends_like_a_sentence("Back to top")


# --- packs -----------------------------------------------------------------------------------------

def test_builtin_pack_loads():
    patterns, errors = load_patterns()
    assert errors == [] and len(patterns) >= 10
    assert BUILTIN_PACK.is_file()


PACK_ERRORS = [
    pytest.param("[[pattern]]\nid = 'x'\nregex = '(unclosed'\n", "regex does not compile", id="bad-regex"),
    pytest.param("[[pattern]]\nregex = 'a'\n", "id must be", id="missing-id"),
    pytest.param("[[pattern]]\nid = 'Bad Id'\nregex = 'a'\n", "id must be", id="bad-id"),
    pytest.param("[[pattern]]\nid = 'x'\n", "regex must be a non-empty string", id="missing-regex"),
    pytest.param("[[pattern]]\nid = 'x'\nregex = 'a*'\n", "matches empty text", id="matches-everything"),
    pytest.param("[[pattern]]\nid = 'x'\nregex = 'a'\nwhere = 'top'\n", "where must be", id="bad-where"),
    pytest.param("[[pattern]]\nid = 'x'\nregex = 'a'\nmax-words = 0\n", "max-words must be", id="bad-max-words"),
    pytest.param("[[pattern]]\nid = 'x'\nregex = 'a'\nflags = 'i'\n", "unknown key 'flags'", id="unknown-key"),
    pytest.param("[[pattern]]\nid = 'x'\nregex = 'a'\n[[pattern]]\nid = 'x'\nregex = 'b'\n", "used twice", id="dup-id"),
    pytest.param("version = 2\n", "version must be 1", id="bad-version"),
    pytest.param("pattern = 'x'\n", "array of tables", id="pattern-not-array"),
    pytest.param("patterns = []\n", "unknown key 'patterns'", id="unknown-top-key"),
    pytest.param("[[pattern]\n", "not valid TOML", id="bad-toml"),
    pytest.param("disable = 'x'\n", "disable must be a list", id="bad-disable"),
]


@pytest.mark.parametrize("text, message", PACK_ERRORS)
def test_pack_errors(text, message):
    """Every mistake is found when the pack is read, before any regex is used."""
    with pytest.raises(PackError) as info:
        parse_pack(text, "boilerplate-house.toml")
    assert str(info.value).startswith("boilerplate-house.toml")
    assert message in str(info.value)


def test_pack_error_names_the_pattern():
    with pytest.raises(PackError, match=r"pattern 2 \(second\)"):
        parse_pack("[[pattern]]\nid = 'first'\nregex = 'a'\n[[pattern]]\nid = 'second'\nregex = '['\n", "p.toml")


def test_user_pack_adds_replaces_and_disables(tmp_path):
    pack = tmp_path / "boilerplate-house.toml"
    pack.write_text(textwrap.dedent("""\
        disable = ["advertisement"]
        [[pattern]]
        id = "gazette-tail"
        regex = '^from the gazette desk\\b'
        where = "edge"
        """), encoding="utf-8")
    (tmp_path / "entities.toml").write_text("not a boilerplate pack", encoding="utf-8")
    settings = Settings(packs=[tmp_path])
    rule = Boilerplate(settings=settings)
    text = article(*STORY, "From the Gazette desk")
    assert lines_of(rule, text) == [("NL302", line_of_paragraph(text, "From the Gazette desk"))]
    assert lines_of(rule, article(*STORY[:2], "Advertisement", *STORY[2:])) == []
    assert lines_of(Boilerplate(), article(*STORY[:2], "Advertisement", *STORY[2:])) != []


def test_rule_option_packs_are_relative_to_the_configuration(tmp_path):
    (tmp_path / "style").mkdir()
    (tmp_path / "style" / "desk.toml").write_text("[[pattern]]\nid = 'desk'\nregex = '^from the gazette desk$'\n",
                                                  encoding="utf-8")
    rule = Boilerplate({"packs": ["style"]}, Settings(root=tmp_path))
    text = article(*STORY, "From the Gazette desk")
    assert lines_of(rule, text) == [("NL302", line_of_paragraph(text, "From the Gazette desk"))]
    missing = Boilerplate({"packs": ["nowhere.toml"]}, Settings(root=tmp_path))
    context = RunContext(Settings(root=tmp_path), [])
    list(missing.check_run([], context))
    assert "cannot read the boilerplate pack" in context.errors[0]["message"]


def test_broken_user_pack_is_reported_and_builtin_keeps_working(tmp_path):
    pack = tmp_path / "boilerplate.toml"
    pack.write_text("[[pattern]]\nid = 'x'\nregex = '('\n", encoding="utf-8")
    rule = Boilerplate(settings=Settings(packs=[pack]))
    text = article(*STORY, "Other reports by the Westport Gazette")
    assert lines_of(rule, text) == [("NL302", line_of_paragraph(text, "Other reports by the Westport Gazette"))]
    context = RunContext(Settings(packs=[pack]), [])
    list(rule.check_run([], context))
    assert [e["path"] for e in context.errors] == [str(pack)]
    assert "regex does not compile" in context.errors[0]["message"]


def test_builtin_pack_is_valid_when_compiled():
    # the built-in pack's expressions are compiled when first used: check them all here
    pack = parse_pack(BUILTIN_PACK.read_text(encoding="utf-8"), str(BUILTIN_PACK))
    assert all(p.regex.pattern == p.pattern for p in pack.patterns)
    lazy = parse_pack(BUILTIN_PACK.read_text(encoding="utf-8"), str(BUILTIN_PACK), compile=False)
    assert [p.id for p in lazy.patterns] == [p.id for p in pack.patterns]
    assert lazy.patterns[0].regex.search("Other reports by the Courier")


# A house-style file in the global packs list may hold NL202's name tables and NL302's patterns.
#: a sentence that shares words with the story: only a pattern makes it boilerplate
TAIL = "Filed from the Gazette desk by the harbour board reporter."
HOUSE_PACK = """\
[pack]
name = "house"

[entities."Westport"]
variants = ["West Port"]

[[pattern]]
id = "gazette-tail"
regex = '^filed from the gazette desk\\b'
where = "edge"
"""
NAME_PACK_ONLY = '[pack]\nname = "names"\n\n[entities."Westport"]\nvariants = ["West Port"]\n'

GLOBAL_PACKS = [
    pytest.param({"house.toml": HOUSE_PACK}, ["house.toml"], True, [], id="names-and-patterns-in-one-file"),
    pytest.param({"names.toml": NAME_PACK_ONLY}, ["names.toml"], False, [], id="a-name-pack-is-not-ours"),
    pytest.param({"names.toml": NAME_PACK_ONLY, "house.toml": HOUSE_PACK}, ["names.toml", "house.toml"], True, [],
                 id="name-pack-then-house-pack"),
    pytest.param({"notes.toml": "not [valid toml"}, ["notes.toml"], False, [], id="unreadable-other-file-left-alone"),
    pytest.param({"house.toml": HOUSE_PACK.replace("'^filed", "'(^filed")}, ["house.toml"], False,
                 ["regex does not compile"], id="broken-pattern-in-a-shared-file-is-reported"),
    pytest.param({"style/house.toml": HOUSE_PACK, "style/names.toml": NAME_PACK_ONLY}, ["style"], True, [],
                 id="a-folder"),
]


@pytest.mark.parametrize("files, listed, flagged, errors", GLOBAL_PACKS)
def test_global_packs_list_serves_nl302(tmp_path, files, listed, flagged, errors):
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    settings = Settings(packs=[tmp_path / p for p in listed], root=tmp_path)
    rule = Boilerplate(settings=settings)
    text = article(*STORY, TAIL)
    expected = [("NL302", line_of_paragraph(text, TAIL))] if flagged else []
    assert lines_of(rule, text) == expected
    context = RunContext(settings, [])
    list(rule.check_run([], context))
    assert len(context.errors) == len(errors)
    for error, message in zip(context.errors, errors):
        assert message in error["message"]
    _, _, used = configured_patterns({"packs": []}, settings)
    assert [p.name for p in used] == (["house.toml"] if flagged else [])


def test_rule_option_and_global_list_together(tmp_path):
    (tmp_path / "house.toml").write_text(HOUSE_PACK, encoding="utf-8")
    (tmp_path / "desk.toml").write_text("disable = ['gazette-tail']\n", encoding="utf-8")
    settings = Settings(packs=[tmp_path / "house.toml"], root=tmp_path)
    text = article(*STORY, TAIL)
    assert lines_of(Boilerplate(settings=settings), text) != []
    # the rule's own packs are read after the global list: they may switch its patterns off
    assert lines_of(Boilerplate({"packs": ["desk.toml"]}, settings), text) == []


def test_terms_are_found_once_per_paragraph():
    doc = parse("story.txt", article(*STORY))
    terms = article_terms(doc)
    assert terms is article_terms(doc)
    assert terms.terms == [term_set(t) for t in terms.texts] == [set(terms_of(t)) for t in terms.texts]
    # names are looked for only when a weight is needed, and then in every paragraph
    assert terms._names is None
    assert terms.weight(stem("okafor")) == 1.0 and terms._names is not None
    assert stem("okafor") in terms.names and stem("boats") not in terms.names


def test_a_photograph_credit_is_a_credit_line_and_award_entries_are_a_list(tmp_path):
    text = article(*STORY, "The volunteers were honoured at the county's awards on the same night:",
                   "Volunteer of the Year: Doris Platt", "Young Volunteer of the Year: Kiran Bassi",
                   "Photograph: Sam Reid")
    found = [(f.severity.value, f.message) for f in Boilerplate().check(parse("story.txt", text))]
    assert len(found) == 1 and found[0][0] == "info" and "a credit line" in found[0][1], found
