"""NL5xx mechanics: an examples table per rule (flagged and not flagged), the shared analyses, the
limit on findings, and adversarial input.

Each flagged example may give the text the rule's fix should leave (``None``: no fix is offered,
because there is more than one reading).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newslint.document import parse
from newslint.engine.fixes import apply_fixes
from newslint.findings import Severity
from newslint.rules.mechanics import RULES
from newslint.rules.mechanics.abbreviations import abbreviation_set, is_abbreviation
from newslint.rules.mechanics.limit import MAX_FINDINGS
from newslint.rules.mechanics.prose import blank_non_words
from newslint.rules.mechanics.quotation import quote_analysis

BY_CODE = {cls.code: cls for cls in RULES}

# code -> (flagged: [(text, fixed text or None)], not flagged: [text])
EXAMPLES: dict[str, tuple[list[tuple[str, str | None]], list[str]]] = {
    "NL501": (
        [
            ("The mayor said her use of the radio. gives her a direct line to voters.",
             "The mayor said her use of the radio gives her a direct line to voters."),
            ("Ticket sales rose sharply. across the region, the promoters said.",
             "Ticket sales rose sharply across the region, the promoters said."),
            ("The council met on Monday. the vote was delayed.", None),  # a stray stop or a missing capital
            ("The committee sat. until midnight on Tuesday.", "The committee sat until midnight on Tuesday."),
        ],
        [
            "The plant will employ approx. 500 people, e.g. the drivers and the cleaners.",
            "U.S. officials met Warner Bros. executives and the Acme Corp. board.",
            "He moved to Portland, Ore. and then to Fresno, Calif. in the spring.",
            "The striker wore No. 10 in the final.",
            "She waited... and waited. Then she left.",
            "Write to news@example.com. or visit example.org. for details.",
            "The price rose 3.5 per cent to 12.75 pounds.",
            "He sold the lamp on eBay. iPhone sales were flat.",
            "The interview was with Mr. de Blasio on Friday.",
            "- Venue: the town hall. free entry for children",
        ],
    ),
    "NL502": (
        [
            ("The council voted to to close the library.", "The council voted to close the library."),
            ("It was the the best result in years.", "It was the best result in years."),
            ("Crews worked through the\nthe night to clear the road.", "Crews worked through the night to clear the road."),
            ("The the council met at noon.", "The council met at noon."),
            ("Police said that that the driver had fled.", "Police said that the driver had fled."),
        ],
        [
            "She had had enough of the delays.",
            "He said that that was the end of it.",
            "What it is is a tax on drivers.",
            "They flew to Walla Walla and then to Baden-Baden.",
            "The crowd chanted no no no until the referee relented.",
            "Rooms 10 10 and 12 were booked.",
            "The lengths they had gone to to find the dog were remarkable.",
            "Bye bye, said the child to the departing train.",
            "The group IS is said to control the town.",
        ],
    ),
    "NL503": (
        [
            ("The bridge closed two years ago.Engineers hope to reopen it.",
             "The bridge closed two years ago. Engineers hope to reopen it."),
            ("Voters chose the new mayor,or so the count suggests.",
             "Voters chose the new mayor, or so the count suggests."),
            ("“The road is safe now.”Officials reopened it at noon.",
             "“The road is safe now.” Officials reopened it at noon."),
        ],
        [
            "The U.S.A. team won, and J.K.Rowling signed books.",
            "The shop opens at 10:30 and the meeting costs 3.5 pounds.",
            "Visit Example.com or read report.pdf for the details.",
            "Shares in ASP.NET vendors rose.",
            "The filing named java.lang.Object in an appendix.",
        ],
    ),
    "NL504": (
        [
            ("“We will reopen the pier by summer, said the harbour master.",
             "“We will reopen the pier by summer,” said the harbour master."),
            ("The minister said: “The budget is balanced and the books are clean.",
             "The minister said: “The budget is balanced and the books are clean.”"),
            ("The figures were “worse than expected” by most analysts.” She left early.", None),
            ("”We will not close the school,” the head teacher said.",
             "“We will not close the school,” the head teacher said."),
            ("The chair said: “We must act now.\n\nThe council then voted.”\n",
             "The chair said: “We must act now.\n\n“The council then voted.”\n"),
            ("He called the plan “a disgrace. “We will fight it,” he said.", None),
        ],
        [
            "The minister said: “The budget is balanced.\n\n“The books are clean,” she added.",
            "“Don’t go,” she said, and the players’ wages were paid.",
            "He bought a 40\" screen and a 12\" pizza.",
            "“It is all very ‘unusual’,” the officer said.",
            "'I won't,' she said. 'Not today.'",
            "Rock 'n' roll was born in the '50s, he said.",
            "The report said “the 9.7\" model sold well” last year.",
        ],
    ),
    "NL505": (
        [
            ("The festival (which began in 1998 drew a record crowd.", None),
            ("The festival, which began in 1998) drew a record crowd.", None),
            ("The festival (which began in 1998)) drew a record crowd.",
             "The festival (which began in 1998) drew a record crowd."),
            ("The report [published on Monday) found no fault.", None),
        ],
        [
            "The festival (which began in 1998) drew a record crowd [reporter's note].",
            "Options: 1) close the pool, 2) raise the fees, b) do nothing.",
            "Great result :) said the coach ;-) after the match.",
            "See the council's page (www.example.org/budget) for the figures.",
        ],
    ),
    "NL506": (
        [
            ("According to the Courier , the school will close .",
             "According to the Courier, the school will close."),
            ("Why did the council wait ?", "Why did the council wait?"),
            ("The result was clear : a landslide.", "The result was clear: a landslide."),
        ],
        [
            "He paused . . . and then went on.",
            "It was a good day :) for the team.",
            "The plan was a success, the council said.",
        ],
    ),
    "NL507": (
        [
            ("The mayor said the plan was,, in her words, unaffordable.",
             "The mayor said the plan was, in her words, unaffordable."),
            ("The plan is unaffordable.. The council will vote again.",
             "The plan is unaffordable. The council will vote again."),
            ("The council said the plan was unaffordable,. Members agreed.",
             "The council said the plan was unaffordable. Members agreed."),
            ("Shares rose,, and then fell.", "Shares rose, and then fell."),
        ],
        [
            "He moved to Portland, Ore., last year and joined Apple Inc., the maker of phones.",
            "She waited... and then she spoke.",
            "Is it true?! Yes, it is.",
            "Numbers 1..10 were drawn, and the file sat in ../archive.",
            "The meeting ends at 5 p.m., the chair said.",
        ],
    ),
    "NL508": (
        [
            ("The council will  meet again on Thursday.", "The council will meet again on Thursday."),
            ("The road was closed for  repairs last week.", "The road was closed for repairs last week."),
        ],
        [
            "The council will meet again.  It will vote on Thursday.",
            "A line that ends in a hard break  \nand goes on.",
            "| name | role |\n|---|---|\n| Ann  Lee | chair |",
            "Video loading      Watch next   Watch again",
            "VOTE  Was the decision right?",
        ],
    ),
    "NL509": (
        [
            ("The airline made an bid for its rival.", "The airline made a bid for its rival."),
            ("It was a annual event.", "It was an annual event."),
            ("They waited for a hour in the rain.", "They waited for an hour in the rain."),
            ("An spokesman declined to comment.", "A spokesman declined to comment."),
            ("It was a unusual decision.", "It was an unusual decision."),
            ("She recruited a engineers for the job.", None),  # a plural: something else went wrong
        ],
        [
            "It was a union decision, a one-off, a European first and an hour late.",
            "An MP asked for a NATO briefing and an x-ray of the budget.",
            "It was an historic day and a hotel opened.",
            "The Class A offices face events A and B.",
            "A is for apple, the teacher said.",
            "It was a year of change, an upper deck opened and a useful report came out.",
        ],
    ),
    "NL510": (
        [
            ("The minister said she didn\u00e2\u20ac\u2122t know.", "The minister said she didn\u2019t know."),
            ("The caf\u00c3\u00a9 opened on Monday.", "The caf\u00e9 opened on Monday."),
            ("He said \u0093no\u0094 and left.", "He said \u201cno\u201d and left."),
            ("The note read \ufffd yes.", None),
        ],
        [
            "The café in São Paulo opened — on time — and sold crème brûlée.",
            "SÃO PAULO and CORAÇÃO are spelled right.",
            "Prices rose 5% to £3.50 and €4.",
        ],
    ),
}


def _findings(code: str, text: str, path: str = "story.md"):
    doc = parse(path, text)
    return doc, list(BY_CODE[code](settings=None).check(doc))


CASES = [pytest.param(code, text, fixed, id=f"{code}-flags-{i}")
         for code, (flagged, _) in EXAMPLES.items() for i, (text, fixed) in enumerate(flagged)]
CLEAN = [pytest.param(code, text, id=f"{code}-passes-{i}")
         for code, (_, clean) in EXAMPLES.items() for i, text in enumerate(clean)]


@pytest.mark.parametrize("code, text, fixed", CASES)
def test_flags(code, text, fixed):
    doc, findings = _findings(code, text)
    assert findings, f"{code} should flag: {text!r}"
    assert all(f.code == code for f in findings)
    with_fix = [f for f in findings if f.fix is not None]
    if fixed is None:
        assert not with_fix, f"{code} should offer no fix for {text!r}: {[f.fix for f in with_fix]}"
    else:
        new_text, applied = apply_fixes(doc.text, findings)
        assert applied and new_text == fixed


@pytest.mark.parametrize("code, text", CLEAN)
def test_passes(code, text):
    _, findings = _findings(code, text)
    assert findings == [], f"{code} should not flag {text!r}: {[f.message for f in findings]}"


def test_every_mechanics_rule_has_examples():
    for cls in RULES:
        flagged, clean = EXAMPLES.get(cls.code, ([], []))
        assert len(flagged) >= 2 and len(clean) >= 2, f"{cls.code} needs examples that it flags and passes"
    assert set(EXAMPLES) == set(BY_CODE)


def test_the_stray_full_stop_across_a_line_break_counts_in_markdown_only():
    text = "The ferry was cancelled because of the storm.\nwhich had closed the port."
    assert _findings("NL501", text, "story.md")[1]
    assert not _findings("NL501", text, "story.txt")[1]


def test_extra_spaces_are_looked_for_in_plain_text_only_when_asked():
    text = "The council will  meet again on Thursday.\n"
    doc = parse("story.txt", text)
    assert list(BY_CODE["NL508"]().check(doc)) == []
    assert len(list(BY_CODE["NL508"]({"plain-text": True}).check(doc))) == 1


def test_a_doubled_word_in_a_quotation_is_information():
    text = "“We will will win,” she said. We will will see."
    _, findings = _findings("NL502", text)
    assert [f.severity for f in findings] == [Severity.INFO, BY_CODE["NL502"].severity]
    outside = list(BY_CODE["NL502"]({"in-quotes": False}).check(parse("s.md", text)))
    assert [f.start.column for f in outside] == [findings[1].start.column]


def test_a_newsroom_adds_abbreviations_to_the_stray_full_stop_rule():
    text = "The firm moved to Regina, Sask. last year."
    rule = BY_CODE["NL501"]
    assert len(list(rule().check(parse("s.md", text)))) == 1
    assert list(rule({"abbreviations": ["Sask"]}).check(parse("s.md", text))) == []


def test_doubled_punctuation_reads_the_abbreviations_configured_for_the_stray_full_stop_rule():
    from newslint.config import RuleIndex, build_settings
    from newslint.plugins import collect_rules, get_plugin_manager

    rules = collect_rules(get_plugin_manager(autoload=False))
    text = "The fee, twenty dollars a yr., rises in May."
    plain = build_settings({}, RuleIndex(rules))
    configured = build_settings({"rules": {"NL501": {"abbreviations": ["yr"]}}}, RuleIndex(rules))
    assert len(list(BY_CODE["NL507"](settings=plain).check(parse("s.md", text)))) == 1
    assert list(BY_CODE["NL507"](settings=configured).check(parse("s.md", text))) == []


def test_abbreviations_with_a_capital_count_only_with_it():
    known = abbreviation_set()
    assert is_abbreviation("Sat", known) and not is_abbreviation("sat", known)
    assert is_abbreviation("approx", known) and is_abbreviation("Approx", known)
    assert is_abbreviation("U.S", known) and is_abbreviation("J", known)
    assert is_abbreviation("sask", abbreviation_set(["sask."])) and not is_abbreviation("Sask", known)


def test_addresses_file_names_handles_and_code_are_not_prose():
    text = ("Mail ann@example.com or see news.example.org/a today. Open report.pdf, follow @desk "
            "and #budget; the page had x=1 in it. Plain words stay.")
    masked = blank_non_words(text)
    assert len(masked) == len(text)
    for gone in ("ann@example.com", "news.example.org/a", "report.pdf", "@desk", "#budget", "x=1"):
        assert gone not in masked
    assert "Plain words stay." in masked and "Mail" in masked and "today." in masked


def test_a_quotation_over_several_paragraphs_opens_each_and_closes_at_the_end():
    text = ("The chair said: “We must act now.\n\n“The money is there.\n\n“The vote is on Friday,” she added.\n")
    analysis = quote_analysis(parse("s.md", text))
    assert analysis.problems == ()
    assert len(analysis.quotations) == 3


def test_a_full_quotation_carries_on_past_a_lost_paragraph_break_but_a_partial_one_does_not():
    full = 'A spokesman said: "The deal is done. "We are pleased with it."'
    partial = 'The minister called it "a disgrace. "We will fight it," she said.'
    assert quote_analysis(parse("s.txt", full)).problems == ()
    assert [p.kind for p in quote_analysis(parse("s.txt", partial)).problems] == ["unclosed"]


def test_a_file_full_of_one_slip_lists_the_first_ones_and_counts_the_rest():
    text = "\n\n".join(f"Story {i} was sent to to the printers." for i in range(MAX_FINDINGS + 30)) + "\n"
    _, findings = _findings("NL502", text)
    assert len(findings) == MAX_FINDINGS + 1
    assert findings[-1].message.startswith("and 30 more")
    assert findings[-1].fix is None


ADVERSARIAL = st.text(
    alphabet=st.sampled_from(list(".,;:!?'\"()[]{}  \n\t-—…“”‘’″`@#=&<>/\\|_aAnNtThe0123456789\u0092\u00e2\u20ac\ufffd")),
    max_size=1500,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ADVERSARIAL, st.sampled_from(["story.md", "story.txt"]))
def test_adversarial_punctuation_never_breaks_a_rule(text, path):
    doc = parse(path, text)
    for cls in RULES:
        for f in cls().check(doc):
            assert 0 <= f.start.offset <= f.end.offset <= len(doc.text)
            if f.fix is not None:
                assert 0 <= f.fix.start.offset <= f.fix.end.offset <= len(doc.text)
    apply_fixes(doc.text, [f for cls in RULES for f in cls().check(doc)])
