"""NL101-NL104: examples tables (flagged / not flagged), a golden article, the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from newslint.config import Settings
from newslint.document import parse
from newslint.engine import RunContext
from newslint.rules.analysis.repeats import is_proper_name
from newslint.rules.repetition import (DuplicateArticle, RecycledPassage, RepeatedPassage, RestatedSentence,
                                       find_shared_runs, merge_runs, restatement_score, SentenceFacts)

FIXTURES = Path(__file__).parent / "fixtures" / "repetition"


def article(*paragraphs: str, headline: str = "Town news") -> str:
    return "\n\n".join([f"# {headline}", *paragraphs]) + "\n"


def codes_and_lines(rule, text: str, path: str = "story.md") -> list[tuple[str, int]]:
    doc = parse(path, text)
    return [(f.code, f.start.line) for f in rule.check(doc)]


LEDE = "Flooding closed the ring road for a second day on Monday."
FILLER = "Fishing crews had asked for the work for years, and the vote was unanimous."

# --- NL101 repeated-passage ------------------------------------------------------------------------

NL101_FLAGGED = [
    pytest.param(article(LEDE, "The council approved the new budget after a three hour debate on Tuesday night.",
                         FILLER, "Residents said the council approved the new budget after a three hour debate."),
                 [("NL101", 9)], id="sentence-repeated-in-body"),
    pytest.param(article(LEDE, "Shoppers will pay more for parking in the centre from the first of April next year.",
                         FILLER, "SHOPPERS WILL PAY MORE FOR PARKING IN THE CENTRE, officials confirmed."),
                 [("NL101", 9)], id="case-and-punctuation-folded"),
    pytest.param(article("The mill on the river will close in spring and forty staff will lose their jobs this year.",
                         FILLER, "Union leaders said the mill on the river will close in spring and forty staff will lose out."),
                 [("NL101", 7)], id="long-echo-of-lede-is-flagged"),
]

NL101_NOT_FLAGGED = [
    pytest.param(article(LEDE, "\u201cWe will not close the school while I am mayor of this town,\u201d she said.",
                         FILLER, "She added: \"We will not close the school while I'm mayor of it.\""),
                 id="quote-with-changed-words-is-not-word-for-word"),
    pytest.param(article("The mill on the river will close in spring, the owners said.", FILLER,
                         "Workers heard that the mill on the river will close in spring.",
                         headline="The mill on the river will close in spring"),
                 id="short-lede-echo-and-headline"),
    pytest.param(article(LEDE, "The Economic Council for the North and the Western Isles met on Friday.", FILLER,
                         "Members of the Economic Council for the North and the Western Isles voted later."),
                 id="repeated-proper-name"),
    pytest.param(article(LEDE, "Results of the show:",
                         "- Best calf - Ann Lowe; best ewe - Ray Dunn; best pig - Ivy Marsh; best hen - Jo Bell",
                         "- Best calf - Sam Ito; best ewe - Ray Dunn; best pig - Ivy Marsh; best hen - Jo Bell"),
                 id="list-records-repeat-their-structure"),
    pytest.param(article(LEDE, "Is this the best pie in the whole of the county?",
                         "Readers wrote in: yes, the best pie in the whole of the county.",
                         "Another said it was not the best pie in the whole of the county at all.",
                         "A third asked whether it was the best pie in the whole of the county."),
                 id="set-phrase-three-times"),
    pytest.param(article(LEDE, FILLER, "The bypass will open in the autumn after two years of delays."),
                 id="nothing-repeated"),
]


NL101_FLAGGED += [
    pytest.param(article(LEDE, "The council approved the new budget for the harbour wall after a long debate.", FILLER,
                         "Key points:", "- The council approved the new budget for the harbour wall after a long debate.",
                         "- Work starts in May."),
                 [("NL101", 11)], id="sentence-repeated-in-a-list-item"),
    pytest.param(article(LEDE, "Millbrook: Ann Lowe, Ray Dunn, Ivy Marsh, Jo Bell, Sam Ito, Kit Shaw; Lee Park, Max Roy.",
                         FILLER, "Millbrook: Ann Lowe, Ray Dunn, Ivy Marsh, Jo Bell, Sam Ito, Kit Shaw; Lee Park, Max Roy."),
                 [("NL101", 9)], id="team-sheet-printed-twice"),
]


@pytest.mark.parametrize("text, expected", NL101_FLAGGED)
def test_nl101_flagged(text, expected):
    assert codes_and_lines(RepeatedPassage(), text) == expected


@pytest.mark.parametrize("text", NL101_NOT_FLAGGED)
def test_nl101_not_flagged(text):
    assert codes_and_lines(RepeatedPassage(), text) == []


def test_nl101_span_covers_the_whole_run_and_points_at_the_first():
    text = article(LEDE, "The council approved the new budget after a three hour debate on Tuesday night.",
                   FILLER, "Residents said the council approved the new budget after a three hour debate.")
    doc = parse("s.md", text)
    (finding,) = RepeatedPassage().check(doc)
    assert doc.text[finding.start.offset:finding.end.offset] == "the council approved the new budget after a three hour debate"
    assert finding.related[0].start.line == 5
    assert "11 words" in finding.message


def test_nl101_two_runs_a_typo_apart_are_one_passage():
    text = article(LEDE, "The harbour board said the new sea wall would protect the fishing fleet and the homes behind "
                   "it from winter storms for fifty years.", FILLER,
                   "The harbour board said the new sea wall would protect the fishign fleet and the homes behind "
                   "it from winter storms for fifty years.")
    (finding,) = RepeatedPassage().check(parse("s.md", text))
    assert "24 words" in finding.message and finding.severity.value == "warning"


def test_nl101_runs_do_not_cross_a_paragraph_break():
    # the end of one paragraph and the start of the next happen to say what one sentence said
    text = article(LEDE, "She said she would not close the school while she was mayor of this town.", FILLER,
                   "Parents asked again whether she would not close the school",
                   "while she was mayor of this town, and she said yes.")
    assert list(RepeatedPassage().check(parse("s.md", text))) == []


def test_nl101_partial_quotation_in_the_top_given_in_full_later_is_info():
    text = article("The mayor promised \u201cnot one more night without a ferry for the island\u201d as the council "
                   "voted on Monday.", FILLER, "Councillors backed the plan by nine votes to two.",
                   "\u201cI said it before and I will say it again: not one more night without a ferry for the island,"
                   "\u201d she told the meeting.")
    (finding,) = RepeatedPassage({"lede-min-words": 8}).check(parse("s.md", text))
    assert finding.severity.value == "info" and "quotation" in finding.message


def test_nl101_a_short_passage_said_twice_is_info():
    text = article(LEDE, "Crews found the old boat near the harbour wall on Monday.", FILLER,
                   "Divers also searched near the harbour wall on Monday, the coastguard said.")
    (finding,) = RepeatedPassage({"min-words": 5}).check(parse("s.md", text))
    assert finding.severity.value == "info"
    assert RepeatedPassage({"min-words": 5, "warning-words": 5}).check(parse("s.md", text)).__next__().severity.value \
        == "warning"


def test_nl101_options_turn_the_exceptions_off():
    text = NL101_NOT_FLAGGED[3].values[0]
    assert codes_and_lines(RepeatedPassage({"include-lists": True}), text) != []
    short_echo = NL101_NOT_FLAGGED[1].values[0]
    assert codes_and_lines(RepeatedPassage({"lede-min-words": 8}), short_echo) != []


# --- NL102 restated-sentence -----------------------------------------------------------------------

NL102_FLAGGED = [
    pytest.param(article(LEDE, "The mayor blamed the closure of the Eastgate bus depot on the loss of the county transport contract.",
                         FILLER, "Losing the county transport contract led to the closure of the Eastgate bus depot, the mayor said."),
                 [("NL102", 9)], id="clauses-reordered"),
    pytest.param(article(LEDE, "Harbour staff blamed the cut on a shortage of deckhands and the rising price of marine diesel.",
                         FILLER, "A shortage of deckhands and the soaring cost of marine diesel are behind the cut, harbour staff said."),
                 [("NL102", 9)], id="synonyms-swapped"),
    # one clause restated inside longer sentences, and the later one built around a short quotation
    pytest.param(article(LEDE, "Drivers at the depot have complained for months, blaming the closure of the western "
                         "repair yard for the delays to the Harbour Line, now run by interim operator and former "
                         "rail inspector Joan Pike.",
                         FILLER, "The closure \"made every breakdown a crisis\", a driver said, and eventually led to "
                         "the appointment of an interim operator, former rail inspector Joan Pike, to run the "
                         "delayed Harbour Line."),
                 [("NL102", 9)], id="clause-restated-around-a-quotation"),
    pytest.param(article(LEDE, FILLER, "Residents had campaigned for a crossing since the old ferry service stopped running in "
                         "2011, and the parish council kept a petition open in the village shop for most of that time.",
                         "Villagers had pushed for a crossing ever since the ferry service ended in 2011, with a parish "
                         "petition kept in the shop for much of that time."),
                 [("NL102", 9)], id="clauses-dropped-words-swapped"),
]

NL102_NOT_FLAGGED = [
    pytest.param(article(LEDE, "The council approved the new budget after a three hour debate on Tuesday night.",
                         FILLER, "Residents said the council approved the new budget after a three hour debate."),
                 id="word-for-word-is-nl101"),
    pytest.param(article(LEDE, "Ticket sales at the county museum rose by 12% in 2023, the trustees reported.",
                         FILLER, "Ticket sales at the county museum fell by 4% in 2022, the trustees reported."),
                 id="different-numbers-different-facts"),
    pytest.param(article(LEDE, "The trust said the county museum would close its east wing for repairs to the roof.",
                         FILLER, "\"We have no choice but to close the east wing until the roof is fixed,\" the trust said."),
                 id="supporting-quotation"),
    pytest.param(article(LEDE, "Mayor Ana Lopez visited Harbour Primary School on Friday with the education minister.",
                         FILLER, "Mayor Ana Lopez later opened the new sports hall at Harbour Primary School."),
                 id="same-people-different-statement"),
    # the same official and the same place named in full in both: shared names, different statements
    pytest.param(article(LEDE, "Former county treasurer Paul Ridley said the Eastgate bus depot would need a new "
                         "roof before the winter storms.",
                         FILLER, "The Harbour Trust bought the Eastgate bus depot site from former county treasurer "
                         "Paul Ridley in 2019."),
                 id="same-officials-different-statements"),
    # each of these was reported before the way the sentences are said was looked at
    pytest.param(article(LEDE, "Fire destroyed the thatched roofs of two cottages in Millbrook on Sunday evening, "
                         "firefighters said.", FILLER,
                         "On Sunday evening, firefighters said, fire destroyed thatched roofs of two cottages in Ashwell."),
                 id="same-template-different-place"),
    pytest.param(article(LEDE, "The council insists that the old swing bridge is safe for the heaviest lorries and buses.",
                         FILLER, "The old swing bridge is not safe for the heaviest lorries and buses, the council was told."),
                 id="claim-and-its-denial"),
    pytest.param(article(LEDE, "Will the ferry company restore the early crossing to the island this summer?", FILLER,
                         "This summer the ferry company will restore its early crossing to the island."),
                 id="question-and-its-answer"),
    pytest.param(article(LEDE, "Jon Pryce Former chief engineer of the harbour board and the pilot service",
                         "Amira Sahin Former deputy chief engineer of the pilot service and the harbour board",
                         "Both backed the plan."),
                 id="different-people-in-a-list-with-similar-titles"),
    pytest.param(article(LEDE, "Flooded: Volunteers fill sandbags by the swollen river near the old mill in Millbrook",
                         FILLER, "Rescued: Near the old mill in Millbrook, volunteers fill more sandbags by the river"),
                 id="captions-of-different-photos"),
    pytest.param(article(LEDE, "The ferry operator told passengers the early crossing would return in May for the whole "
                         "summer. In a statement it said:",
                         "The early crossing will return in May and run for the whole summer, the ferry operator told "
                         "passengers."),
                 id="lead-in-then-the-statement-it-introduces"),
    pytest.param(article(LEDE, "The harbour board will sell the old pilot station to the sailing club in March. "
                         "So the sailing club must find the money for the old pilot station by March."),
                 id="conclusion-drawn-from-the-sentence-before"),
    pytest.param(article(LEDE, "Long queues at the harbour this morning for the early ferry \u2014 Dana Fox (@danafox) "
                         "May 3, 2024",
                         "Long queues at the harbour for the early ferry again this morning \u2014 Sam Bell (@sambell) "
                         "May 3, 2024"),
                 id="two-embedded-posts"),
]

NL102_LIST_FLAGGED = article(
    LEDE, "The mayor blamed the closure of the Eastgate bus depot on the loss of the county transport contract.",
    FILLER, "What happens next:",
    "- Losing the county transport contract led to the closure of the Eastgate bus depot, the mayor said.",
    "- Drivers will be offered jobs at the Westgate garage.")


@pytest.mark.parametrize("text, expected", NL102_FLAGGED)
def test_nl102_flagged(text, expected):
    assert codes_and_lines(RestatedSentence(), text) == expected


@pytest.mark.parametrize("text", NL102_NOT_FLAGGED)
def test_nl102_not_flagged(text):
    assert codes_and_lines(RestatedSentence(), text) == []


def test_nl102_sentence_restated_in_a_list_item_is_flagged():
    assert codes_and_lines(RestatedSentence(), NL102_LIST_FLAGGED) == [("NL102", 11)]


def test_nl102_message_names_the_earlier_line_in_plain_words():
    doc = parse("s.md", NL102_FLAGGED[0].values[0])
    (finding,) = RestatedSentence().check(doc)
    assert finding.message.startswith("this sentence says again what line 5 says: \u201cThe mayor blamed")
    assert "%" not in finding.message
    assert finding.details.endswith("% similar")  # the score, for --verbose
    assert finding.related[0].start.line == 5


def test_nl102_an_earlier_sentence_of_the_same_line_is_not_the_sentence_itself():
    text = article(LEDE, "The regional rail operator cancelled every evening service on the coastal line this week. "
                   "Every evening service on the coastal line was cancelled this week by the regional rail operator.")
    doc = parse("s.md", text)
    (finding,) = RestatedSentence().check(doc)
    assert "an earlier sentence of line 5" in finding.message
    related = finding.related[0]
    assert related.end.offset <= finding.start.offset  # never the flagged sentence itself


def test_nl102_score_rewards_reordering_and_vetoes_number_conflict():
    doc = parse("s.md", article("The county museum sold 4,000 tickets in March after the new gallery opened.",
                                "After the new gallery opened the county museum sold 4,000 tickets in March.",
                                "The county museum sold 9,000 tickets in March after the new gallery opened."))
    facts = [SentenceFacts(doc, s) for s in doc.sentences()]
    assert restatement_score(facts[0], facts[1]) > 0.9
    assert restatement_score(facts[0], facts[2]) == 0.0


def test_nl102_clause_windows_and_quotations():
    doc = parse("s.md", article('The closure "made every single breakdown a crisis", a driver said, and led to delays '
                                "on the western line."))
    (sentence,) = doc.sentences()
    facts = SentenceFacts(doc, sentence)
    every = facts.clause_windows(2)
    reporter = facts.clause_windows(2, without_quotes=True)
    assert any({"breakdown", "crisi"} <= w for w in every)  # stems
    assert not any("breakdown" in w or "crisi" in w for w in reporter)
    assert max(reporter, key=len) >= {"closur", "driver", "delay", "western", "lin"}


def test_soft_shared_counts_stems_that_begin_alike_once():
    from newslint.rules.repetition.restated_sentence import _soft_shared
    assert _soft_shared({"overseen", "fbi"}, {"overse", "fbi"}) == 2
    assert _soft_shared({"appointment"}, {"appoint", "appointe"}) == 1
    assert _soft_shared({"overseen"}, {"overdue"}) == 0


def test_nl102_large_group_of_restatements_is_a_theme():
    question = "Should the town council sell the old harbour warehouse to private developers?"
    views = ["The town council should never sell the old harbour warehouse to private developers.",
             "Selling the old harbour warehouse to private developers is what the town council should do.",
             "Private developers should not get the old harbour warehouse from the town council.",
             "The old harbour warehouse should be sold to private developers by the town council."]
    text = article(LEDE, question, *views)
    assert codes_and_lines(RestatedSentence(), text) == []
    assert codes_and_lines(RestatedSentence({"max-group": 10}), text) != []


# --- NL103 / NL104: across articles ---------------------------------------------------------------

DEPOT = ("The depot, which opened in 1962, employs 140 drivers and mechanics on two shifts "
         "and serves every village in the valley.")
STORIES = {
    "a.md": article("Bus drivers at the valley depot voted to strike over pay on Monday.", DEPOT,
                    "The union said talks had broken down after six weeks."),
    "b.md": article("A new electric bus will be tested on the valley routes from June.", DEPOT,
                    "The manufacturer is lending the vehicle free of charge for three months."),
    "c.md": article("The library will open late on Thursdays from next month.",
                    "Staff said the change follows a survey of readers who work during the day."),
}


def run_context(tmp_path: Path, archive: list[Path] = (), **kw) -> RunContext:
    settings = Settings(root=tmp_path, archive=list(archive), cache_dir=tmp_path / "cache", **kw)
    return settings


def check_run(rule, docs, settings):
    context = RunContext(settings, docs)
    return list(rule.check_run(docs, context)), context


def test_nl103_shared_passage_in_the_run_is_reported_once(tmp_path):
    docs = [parse(p, t) for p, t in STORIES.items()]
    findings, _ = check_run(RecycledPassage(), docs, run_context(tmp_path))
    assert [(f.path, f.start.line) for f in findings] == [("b.md", 5)]
    (f,) = findings
    assert f.related[0].path == "a.md" and f.related[0].start.line == 5
    assert docs[1].text[f.start.offset:f.end.offset].startswith("The depot, which opened in 1962")


NL103_NOT_FLAGGED = [
    pytest.param("The union said talks had broken down after six weeks of meetings with managers.",
                 id="shorter-than-min-words"),
    pytest.param("The valley depot employs drivers and mechanics, and it opened in 1962 to serve the villages.",
                 id="same-facts-other-words"),
]


@pytest.mark.parametrize("sentence", NL103_NOT_FLAGGED)
def test_nl103_not_flagged(tmp_path, sentence):
    docs = [parse("a.md", article(LEDE, "The union said talks had broken down after six weeks.")),
            parse("b.md", article("A new electric bus will be tested from June.", sentence))]
    findings, _ = check_run(RecycledPassage(), docs, run_context(tmp_path))
    assert findings == []


QUOTE = ("\u201cWe will not let the valley lose its buses while there is a single driver left to fight "
         "for them,\u201d the union leader told reporters.")


def test_nl103_a_quotation_two_stories_carry_is_not_recycling(tmp_path):
    docs = [parse("a.md", article("Bus drivers at the valley depot voted to strike over pay on Monday.", QUOTE)),
            parse("b.md", article("The valley bus strike will go ahead on Friday after talks failed.", QUOTE))]
    findings, _ = check_run(RecycledPassage(), docs, run_context(tmp_path))
    assert findings == []
    # the same words as the reporter's own are recycling
    unquoted = QUOTE.replace("\u201c", "").replace("\u201d", "")
    docs[1] = parse("b.md", article("The valley bus strike will go ahead on Friday after talks failed.", unquoted))
    docs[0] = parse("a.md", article("Bus drivers at the valley depot voted to strike over pay on Monday.", unquoted))
    findings, _ = check_run(RecycledPassage(), docs, run_context(tmp_path))
    assert len(findings) == 1


def test_nl103_a_quotation_given_without_marks_in_one_story_is_still_the_speakers(tmp_path):
    unquoted = QUOTE.replace("\u201c", "").replace("\u201d", "")
    docs = [parse("a.md", article("Bus drivers at the valley depot voted to strike over pay on Monday.", QUOTE)),
            parse("b.md", article("The valley bus strike will go ahead on Friday after talks failed.", unquoted))]
    findings, _ = check_run(RecycledPassage(), docs, run_context(tmp_path))
    assert findings == []


def test_nl103_a_long_name_and_a_reporting_verb_is_not_recycling(tmp_path):
    name = "A spokesman for the Valley Regional Transport Authority and the Eastgate Drivers Union said"
    docs = [parse("a.md", article("Bus drivers at the valley depot voted to strike over pay on Monday.",
                                  f"{name} talks would resume.")),
            parse("b.md", article("The valley bus strike will go ahead on Friday after talks failed.",
                                  f"{name} the strike was regrettable."))]
    findings, _ = check_run(RecycledPassage(), docs, run_context(tmp_path))
    assert findings == []


def test_nl103_message_gives_the_lines_of_a_passage_over_several_paragraphs(tmp_path):
    second = "The depot manager said the timetable for the valley routes would not change before the spring."
    docs = [parse("a.md", article("Bus drivers at the valley depot voted to strike over pay on Monday.", DEPOT, second)),
            parse("b.md", article("A new electric bus will be tested on the valley routes from June.", DEPOT, second))]
    (finding,) = check_run(RecycledPassage(), docs, run_context(tmp_path))[0]
    words = len(docs[1].prose_text(finding.start.offset, finding.end.offset).split())
    assert f"this passage of {words} words, lines 5 to 7, is also in a.md line 5" in finding.message


def test_nl103_boilerplate_in_five_articles_is_left_to_nl302(tmp_path):
    footer = "Send your news and photographs to the newsdesk by email or through the form on our website."
    docs = [parse(f"s{i}.md", article(f"Story number {i} is about the {w} show this weekend.", footer))
            for i, w in enumerate(["flower", "dog", "car", "craft", "horse"])]
    findings, _ = check_run(RecycledPassage(), docs, run_context(tmp_path))
    assert findings == []
    findings, _ = check_run(RecycledPassage(), docs[:4], run_context(tmp_path))
    assert len(findings) == 3  # in four articles it is still recycling: reported in all but the first


def test_nl104_same_text_under_two_names_and_changed_headline(tmp_path):
    body = STORIES["a.md"].split("\n", 2)[2] + "\n" + " ".join(["Drivers say their pay has not kept pace with the cost of living."] * 1)
    body += " " + " ".join(f"Point {n} of the claim concerns overtime, rest breaks and the rota for weekend shifts." for n in range(4))
    docs = [parse("one.md", "# Drivers to strike\n\n" + body), parse("two.md", "# Valley bus strike called\n\n" + body),
            parse("three.md", STORIES["c.md"])]
    findings, _ = check_run(DuplicateArticle(), docs, run_context(tmp_path))
    assert [(f.path, f.related[0].path) for f in findings] == [("two.md", "one.md")]
    assert "same text" in findings[0].message
    # NL103 leaves the pair to NL104
    recycled, _ = check_run(RecycledPassage(), docs, run_context(tmp_path))
    assert recycled == []


def test_nl104_near_duplicate_with_one_changed_figure(tmp_path):
    sentences = [f"Paragraph {w} of the report looks at how the valley bus routes are planned and paid for."
                 for w in ["one", "two", "three", "four", "five", "six"]]
    a = article(*sentences)
    b = a.replace("Paragraph four", "Section four")
    findings, _ = check_run(DuplicateArticle(), [parse("a.md", a), parse("b.md", b)], run_context(tmp_path))
    assert len(findings) == 1 and "almost word for word the same story" in findings[0].message
    assert findings[0].details.endswith("% similar")
    assert findings[0].path == "b.md"


def test_nl104_different_stories_not_flagged(tmp_path):
    docs = [parse(p, t) for p, t in STORIES.items()]
    findings, _ = check_run(DuplicateArticle({"min-words": 10}), docs, run_context(tmp_path))
    assert findings == []


# --- helpers -----------------------------------------------------------------------------------------

def test_find_shared_runs_is_maximal():
    a = "x y the old mill will close in spring z".split()
    b = "q the old mill will close in spring and".split()
    assert find_shared_runs(a, b, 4) == [(2, 1, 7)]
    assert find_shared_runs(a, b, 8) == []


def test_merge_runs_joins_near_runs():
    assert [(f, l, len(r)) for f, l, r in merge_runs([(0, 12, _R("a")), (15, 30, _R("b")), (60, 75, _R("a"))], gap=5)] \
        == [(0, 30, 2), (60, 75, 1)]


class _R:
    def __init__(self, path):
        self.path = path


@pytest.mark.parametrize("words, expected", [
    ("Economic Commission for Latin America and the Caribbean".split(), True),
    ("the council approved the new budget".split(), False),
])
def test_is_proper_name(words, expected):
    assert is_proper_name(words) is expected


# --- golden output and the real CLI ----------------------------------------------------------------

def test_golden_article_through_the_cli(tmp_path, run_cli):
    (tmp_path / "ferry.md").write_bytes((FIXTURES / "ferry.md").read_bytes())
    proc = run_cli("check", "--isolated", "--select", "NL1", "--no-color", "ferry.md")
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == (FIXTURES / "ferry.expected.txt").read_text(encoding="utf-8")


def test_cli_archive_finds_recycled_passage(tmp_path, run_cli):
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "old.md").write_text(STORIES["a.md"], encoding="utf-8")
    (tmp_path / "new.md").write_text(STORIES["b.md"], encoding="utf-8")
    proc = run_cli("check", "--isolated", "--select", "NL103", "--no-color", "--archive", "archive",
                   "--cache-dir", "cache", "new.md")
    assert proc.returncode == 1, proc.stderr
    assert "new.md:5:1: NL103" in proc.stdout
    assert f"archive{'/'}old.md:5:1" in proc.stdout.replace("\\", "/")
    assert (tmp_path / "cache").is_dir()
