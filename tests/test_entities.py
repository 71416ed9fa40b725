"""NL201-NL203: examples tables (flagged / not flagged) and the fixes each rule suggests."""

from __future__ import annotations

from pathlib import Path

import pytest

from newslint.config import Settings
from newslint.document import parse
from newslint.engine import apply_fixes
from newslint.rules.entities import EntitySpelling, InconsistentCapitalisation, NonStandardName

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "entities"


def article(*paragraphs: str) -> str:
    return "Headline For The Test\n\n" + "\n\n".join(paragraphs) + "\n"


def findings(rule, text: str):
    return list(rule.check(parse("a.txt", text)))


def flagged_words(rule, text: str) -> list[str]:
    return [text[f.start.offset:f.end.offset] for f in findings(rule, text)]


def fixed(rule, text: str) -> str:
    return apply_fixes(text, findings(rule, text))[0]


# --- NL201 entity-spelling ------------------------------------------------------------------

SPELLING_FLAGGED = [
    # (article, the misspelling that must be reported)
    (article("The inquiry is led by Robert Mueller, a former prosecutor.",
             "Mr Mueller has asked for the records.",
             "Officials said they would send them to Mr Muller next week."), "Muller"),
    (article("Kellyanne Conway spoke to reporters on Sunday.",
             "Kellyanne Conway said the plan would go ahead.",
             "Later Kellyane Conway said the timetable had slipped."), "Kellyane"),
    (article("Harbour Minister Paolo Hewitt stepped aside.",
             "Mr Hewitt denies wrongdoing and says he will return.",
             "Two contracts were signed while Mr Hewit was abroad."), "Hewit"),
    (article("The rescue was organised by Marta Kowalczyk and her brother.",
             "Ms Kowalcyzk said the boat had been ready for a week."), "Kowalcyzk"),
    (article("Investors welcomed the results from McManus Holdings.",
             "Chief executive Aidan McManus said sales rose.",
             "Mr McMaanus said the group would hire more staff."), "McMaanus"),
    # a word of a two-word name, too short and too common to compare on its own
    (article("Detectives from Harbour Yard were called in on Monday.",
             "Harbour Yard said the inquiry would take weeks.",
             "A spokesman for Harbour Yrad declined to comment."), "Yrad"),
    (article("The case went to the Upper Court in March.", "The Upper Court ruled for the council.",
             "Lawyers said the Upper Cuort would hear an appeal."), "Cuort"),
    # a modifier is not a first name
    (article("The orchestra is led by Dutch-born Pieter Vandermolen.", "Mr Vandermolen took over in May.",
             "Critics said Pieter Vandermoolen had changed the sound."), "Vandermoolen"),
]

# three spellings of one name: both slips are reported against the name
CLUSTER = article("The report was written by Helena Marcovich.", "Ms Marcovich said the data was clear.",
                  "Dr Marcovich will present it in June.", "Ms Marcovitch declined to say more.",
                  "Colleagues said Ms Markovitch was not available.")

SPELLING_NOT_FLAGGED = [
    # two people who share a surname
    article("Bill Clinton campaigned in Ohio.", "Hillary Clinton spoke in Iowa.", "Mr Clinton returned later."),
    # similar first names before different surnames: two people
    article("Alan Fisher chaired the meeting.", "Allan Brody, his deputy, took notes.", "Alan Fisher closed it."),
    # similar surnames after different first names: two people
    article("Scott W. Muller resigned on Friday.", "His successor, Paul D. Miller, starts on Monday."),
    # two countries, not a typo
    article("Talks between Iran and Iraq resumed.", "Iran said Iraq had agreed to the timetable."),
    # a country and its adjective
    article("Libya has raised output.", "Libyan officials said Libya would export more oil."),
    # a first letter changed makes another name
    article("Hollywood studios and Bollywood producers met in Mumbai.", "Hollywood executives were upbeat."),
    # a last letter changed makes another name
    article("David Davis spoke for the government.", "Mr Davis said David Cameron agreed."),
    # a word capitalised only because it opens a sentence
    article("Mr Lamont said the vote was lost.", "Mr Lamont blamed the rain.", "Lament filled the hall."),
    # names the same everywhere
    article("Angela Merkel met Tony Blair.", "Mrs Merkel and Mr Blair agreed."),
    # acronyms and hyphenated forms
    article("The US-based and UK-based funds both fell.", "UK-based investors sold."),
    # two everyday words that open titles of works, not a name and its misspelling
    article("Critics praised the comedy Shake the Tree at the festival.",
            "The jury gave its prize to the documentary Shape the Sky."),
    # straight and curly apostrophes are one spelling
    article("Talks were led by Sean O'Hallan.", "Mr O\u2019Hallan said the talks went well."),
    # a first name before a particle, against a surname: two people
    article("Kasim al-Tayeb led the delegation.", "President Kasem met him.", "Kasim bin Tayeb smiled."),
    # different initials before the two spellings: two people
    article("J. Harrow opened the batting.", "K. Harrov bowled the last over.", "J. Harrow made fifty."),
    # both in one list: a team sheet names different people
    article("The side: Dunmore, Petrak, Petrik, Hollins and Vance.", "Dunmore scored first for the side."),
]


@pytest.mark.parametrize("text, word", SPELLING_FLAGGED)
def test_spelling_flagged(text, word):
    assert flagged_words(EntitySpelling(), text) == [word]


@pytest.mark.parametrize("text", SPELLING_NOT_FLAGGED)
def test_spelling_not_flagged(text):
    assert flagged_words(EntitySpelling(), text) == []


def test_spelling_reports_every_slip_of_a_cluster_against_the_name():
    assert flagged_words(EntitySpelling(), CLUSTER) == ["Marcovitch", "Markovitch"]
    for finding in findings(EntitySpelling(), CLUSTER):
        assert "\u201cMarcovich\u201d" in finding.message


def test_spelling_in_an_article_about_spellings_is_info():
    text = article("The firm misspelled its founder's name on the new sign.", "Mr Gallagher laughed.",
                   "The sign reading Gallaher would stay, he said.", "Mr Gallagher left.")
    (finding,) = findings(EntitySpelling(), text)
    assert finding.severity.value == "info" and finding.confidence < EntitySpelling.confidence


def test_spelling_points_at_the_majority_form_and_fixes_to_it():
    text = SPELLING_FLAGGED[0][0]
    (finding,) = findings(EntitySpelling(), text)
    assert "“Mueller”" in finding.message
    (related,) = finding.related
    assert text[related.start.offset:related.end.offset] == "Mueller"
    assert finding.fix is not None and finding.fix.replacement == "Mueller"
    assert "Mr Mueller next week" in fixed(EntitySpelling(), text)


def test_spelling_tie_reports_the_second_form_without_a_fix():
    text = article("Anna Petrova chairs the board.", "Ms Petrvoa said the board would meet.")
    (finding,) = findings(EntitySpelling(), text)
    assert text[finding.start.offset:finding.end.offset] == "Petrvoa"
    assert finding.fix is None
    # neither spelling is called the wrong one
    assert finding.message.startswith("\u201cPetrvoa\u201d here and \u201cPetrova\u201d on line 3: one name spelled two ways?")
    assert text[finding.related[0].start.offset:finding.related[0].end.offset] == "Petrova"


def test_spelling_min_length_option():
    text = article("Ivo Balek won.", "Mr Balek thanked fans.", "Mr Balak left.")
    assert flagged_words(EntitySpelling(), text) == ["Balak"]
    assert flagged_words(EntitySpelling({"min-length": 6}), text) == []


# --- NL202 non-standard-name ----------------------------------------------------------------

NAME_FLAGGED = [
    (article("Two sources said the Russian Federation investigation had widened."), "Russian Federation"),
    (article("Exports from Nippon rose for a third month."), "Nippon"),
    (article("Troops left Irak in December."), "Irak"),
    (article("Trade with Cathay grew quickly."), "Cathay"),
    (article("China has cut its rates.", "The People's Republic of China said growth would slow."),
     "People's Republic of China"),
    (article("The claim names Russia as a party.", "Lawyers for the Russian Federation declined to comment."),
     "Russian Federation"),
    (article("The Joined Nations agency asked for the records."), "Joined Nations"),
    (article("Officials at the Federal Bureau of Examination declined to comment."), "Federal Bureau of Examination"),
    # an acronym qualifies a name rather than making it part of a longer one
    (article("The US Joined Nations envoy asked for a vote."), "Joined Nations"),
    # a spinner's form is nobody's word, inside a quotation too
    (article("\u201cThe Joined States will not back down,\u201d she said."), "Joined States"),
    # an official name outside a quotation, where the article also uses the common name
    (article("The US delegation left early.", "Critics said the United States of America had walked out."),
     "United States of America"),
]

def test_name_in_a_title_case_headline_does_not_exempt_the_body():
    text = "Nippon Exports Rise Again\n\nExports from Nippon rose for a third month.\n"
    assert flagged_words(NonStandardName(), text) == ["Nippon"]
    assert findings(NonStandardName(), text)[0].start.line == 3


NAME_NOT_FLAGGED = [
    article("Two sources said the Russia investigation had widened."),
    article("The US, the UK, Britain and America signed the accord."),
    article("Elections in Burma and Myanmar's neighbours were discussed."),
    # part of a longer name
    article("Shares in Nippon Steel fell 2%."),
    article("Nippon Steel raised prices.", "Analysts had expected Japan's Nippon to raise them further."),
    article("The Central Bank of the Russian Federation held rates."),
    # the state's formal name, in an article that never says Russia
    article("The company has filed a claim against the Russian Federation and two banks."),
    # the forms of the house pack are not built in
    article("The mayor of Kiev visited Holland."),
    # a form of several words after a capitalised word is part of a longer name
    article("The Texas Criminal Justice Division said it would appeal."),
    # a speaker's official name, inside a direct quotation
    article("The US delegation left early.",
            "\u201cWe are, and always will be, the United States of America,\u201d the envoy said."),
    article("The US delegation left early.",
            '"For the United States of America, the answer is no," the envoy said.'),
]


@pytest.mark.parametrize("text, form", NAME_FLAGGED)
def test_name_flagged(text, form):
    assert flagged_words(NonStandardName(), text) == [form]


@pytest.mark.parametrize("text", NAME_NOT_FLAGGED)
def test_name_not_flagged(text):
    assert flagged_words(NonStandardName(), text) == []


def test_name_message_names_the_preferred_form_and_the_other_mention():
    text = NAME_FLAGGED[4][0]
    (finding,) = findings(NonStandardName(), text)
    assert "write “China”" in finding.message and "line 3" in finding.message
    (related,) = finding.related
    assert text[related.start.offset:related.end.offset] == "China"


@pytest.mark.parametrize("before, after", [
    ("the Russian Federation investigation widened", "the Russia investigation widened"),
    ("sanctions on the Russian Federation were eased", "sanctions on Russia were eased"),
    ("a claim that the Russian Federation's army denied", "a claim that Russia's army denied"),
    ("exports from Nippon rose", "exports from Japan rose"),
    ("a report from the Joined Nations said", "a report from the United Nations said"),
])
def test_name_fix(before, after):
    # "Russia" elsewhere makes even the formal use a second form of one name
    text = article("Russia was mentioned first.", f"Officials said {before} on Monday.")
    assert fixed(NonStandardName(), text) == article("Russia was mentioned first.", f"Officials said {after} on Monday.")


def test_house_pack_adds_forms_and_the():
    settings = Settings(packs=[FIXTURES / "house.toml"])
    rule = NonStandardName(settings=settings)
    text = article("The mayor of Kiev visited Holland.", "Trade with Holland grew.")
    assert flagged_words(rule, text) == ["Kiev", "Holland", "Holland"]
    assert fixed(rule, text) == article("The mayor of Kyiv visited the Netherlands.", "Trade with the Netherlands grew.")


def test_builtin_packs_option():
    text = article("Troops left Irak.", "The Joined Nations agency met.")
    assert flagged_words(NonStandardName({"builtin-packs": ["organisations"]}), text) == ["Joined Nations"]
    assert flagged_words(NonStandardName({"builtin-packs": []}), text) == []


# --- NL203 inconsistent-capitalisation ------------------------------------------------------

CAPS_FLAGGED = [
    (article("The inquiry is led by Special Counsel and former prosecutor Ann Hale.",
             "The appointment of a special counsel was announced on Monday."), "Special Counsel"),
    (article("The Attorney General said the law was clear.",
             "Critics said the attorney general had overstepped."), "Attorney General"),
    (article("Lawyers wrote to the Inspector General last week.",
             "The inspector general has not replied."), "Inspector General"),
    # lower case before a name, where the article capitalises the title before a name
    (article("Attorney General Eliot Spitzer filed the suit.",
             "The suit follows one brought by attorney general Eliot Spitzer last year."), "attorney general"),
    # the head noun of an institution's name, capitalised in one place and not another
    (article("The Labour Party met in Leeds.", "Delegates said the Labour Party would back the plan.",
             "Some Labour party members walked out."), "Labour party"),
]

CAPS_NOT_FLAGGED = [
    # a title after "shadow", "former" or "then" is another office than the title alone
    article("The Shadow Chancellor attacked the plan.", "The chancellor defended it on Monday."),
    article("The Former Chief Executive has left.", "The chief executive said sales rose."),
    # a common noun, not the name of the institution
    article("The Green Party held its conference.", "Delegates met the Green Party leaders.",
            "Members of the local Green party complained."),
    # a formal title inside a quotation is the speaker's
    article("\u201cI told the Chief Executive that it was over,\u201d she said.",
            "The chief executive did not reply."),
    # BBC style: capitalised directly before a name, lower case elsewhere
    article("Prime Minister Tony Blair arrived in Brussels.", "The prime minister said talks went well.",
            "Mr Blair left on Friday."),
    article("Attorney General Jeff Sessions spoke first.", "The attorney general then left."),
    # consistent either way
    article("The Special Counsel met the Special Counsel's staff.", "The Special Counsel left."),
    article("The special counsel met the press.", "The special counsel left."),
    # part of a longer name
    article("The Office of the Special Counsel issued a statement.", "The special counsel declined to comment."),
    article("Deputy Prime Minister John Prescott spoke.", "The prime minister was abroad."),
    # capitalised only because it opens a sentence
    article("Special counsel appointments are rare.", "The special counsel was named on Monday."),
    # the possessive part of a longer name
    article("Prime Minister's Questions ran long.", "The prime minister left early."),
    # lower case before a name throughout: one house style, consistently applied
    article("The suit was filed by attorney general Eliot Spitzer.", "The attorney general said more would follow."),
    # a name's style kept throughout, whichever it is
    article("The Labour party met in Leeds.", "Some Labour party members walked out."),
    # a longer name, or a name capitalised only because it opens a sentence
    article("The Greater London Authority met.", "A London authority said it would follow."),
    article("The Texas Council Fund paid.", "A Texas council paid less."),
    article("The London Court of Appeal sat.", "A London court had ruled."),
    article("Supreme court judges met.", "The Supreme Court sat on Monday."),
]


@pytest.mark.parametrize("text, phrase", CAPS_FLAGGED)
def test_capitalisation_flagged(text, phrase):
    assert flagged_words(InconsistentCapitalisation(), text) == [phrase]


@pytest.mark.parametrize("text", CAPS_NOT_FLAGGED)
def test_capitalisation_not_flagged(text):
    assert flagged_words(InconsistentCapitalisation(), text) == []


def test_capitalisation_fix_capitalises_a_title_before_a_name():
    text = CAPS_FLAGGED[3][0]
    assert "brought by Attorney General Eliot Spitzer" in fixed(InconsistentCapitalisation(), text)


def test_capitalisation_fix_lower_cases_the_title():
    text = CAPS_FLAGGED[0][0]
    assert "led by special counsel and former" in fixed(InconsistentCapitalisation(), text)
    text = CAPS_FLAGGED[1][0]
    assert fixed(InconsistentCapitalisation(), text).startswith(
        article("The attorney general said the law was clear.")[:60])


def test_capitalisation_of_a_name_fixed_to_the_commoner_form_or_left_to_the_writer():
    text = CAPS_FLAGGED[4][0]
    assert "Some Labour Party members" in fixed(InconsistentCapitalisation(), text)
    tie = article("The Democratic Party met.", "Critics said Democratic party unity was tested.")
    (finding,) = findings(InconsistentCapitalisation(), tie)
    assert tie[finding.start.offset:finding.end.offset] == "Democratic party" and finding.fix is None
    assert tie[finding.related[0].start.offset:finding.related[0].end.offset] == "Democratic Party"


def test_family_on_the_fixture_article():
    text = (FIXTURES / "spun_article.txt").read_text(encoding="utf-8")
    got = {(rule.code, w) for rule in (EntitySpelling(), NonStandardName(), InconsistentCapitalisation())
           for w in flagged_words(rule, text)}
    assert got == {("NL201", "Hewit"), ("NL202", "Russian Federation"), ("NL202", "Nippon"),
                   ("NL202", "Joined Nations"), ("NL203", "Special Counsel")}
