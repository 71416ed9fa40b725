"""The shortcuts that make the entity rules fast find exactly what the plain methods find.

Each shortcut is checked against a plain reference written here: tokens (one pass per article,
shared by the three rules), pack forms found by their leading word instead of one large regular
expression, near spellings compared only between names of near length, packs merged through a
form index.
"""

from __future__ import annotations

import random
import re

import pytest
from rapidfuzz.distance import OSA

from newslint.config import Settings
from newslint.document import parse
from newslint.rules.analysis.entity_tokens import analyse, body_tokens
from newslint.rules.analysis.name_packs import Entity, Pack, PackSet
from newslint.rules.entities import NonStandardName, one_edit_apart
from newslint.rules.analysis.near_spellings import MAX_COMPARISONS, close_pairs
from newslint.rules.entities.entity_spelling import _close_pairs


def article(*paragraphs: str) -> str:
    return "Headline For The Test\n\n" + "\n\n".join(paragraphs) + "\n"


# --- tokens ---------------------------------------------------------------------------------

_POSSESSIVE_RE = re.compile(r"(?:['\u2019]s|(?<=s)['\u2019])$")


def reference_tokens(doc) -> list[tuple]:
    """Body tokens the plain way: word by word, walking back over blanks for an opener."""
    out = []
    sentence_no = 0
    text = doc.text
    for block in doc.paragraphs:
        for sentence in block.sentences:
            sentence_no += 1
            for i, w in enumerate(sentence.words):
                word = text[w.start:w.end]
                m = _POSSESSIVE_RE.search(word)
                end = w.end - (len(m.group(0)) if m else 0)
                if end <= w.start:
                    continue
                j = w.start - 1
                while j >= sentence.start and text[j] in " \t":
                    j -= 1
                initial = i == 0 or (j >= sentence.start and text[j] in "\"\u201c\u2018'(:\u2014-[")
                out.append((text[w.start:end], w.start, end, initial, sentence_no))
    return out


TOKEN_ARTICLES = [
    article("Mr Trump's aides met Ms Jones' lawyers and the Ross\u2019 family on Monday.",
            "He said: \"Nothing was agreed.\" Then he left \u2014 Quickly \u2014 for the airport."),
    article("The minister (Anna Berg) spoke first; the 'Chief Executive' spoke next.",
            "\u201cWe will appeal,\u201d said Ms Berg\u2019s spokesman.  She added:\tNo more.",
            "Prices rose 3.5% in the U.S. - Officials  blamed   energy.", "[Update] Talks resume today."),
    article("Its boss's view: the firms' shares fell.", "The Smiths\u2019 house, the bus' stop and Dickens's novels."),
    article(),
]


@pytest.mark.parametrize("text", TOKEN_ARTICLES)
def test_tokens_match_the_plain_tokeniser(text):
    doc = parse("a.txt", text)
    assert [tuple(t) for t in body_tokens(doc)] == reference_tokens(doc)


TOKENS_TABLE = [
    # (article, [(token text, initial)] of its body)
    # the apostrophe of a plural possessive is read as an opening quotation mark
    (article("Mr Trump's aides met Ms Jones' lawyers."),
     [("Mr", True), ("Trump", False), ("aides", False), ("met", False), ("Ms", False), ("Jones", False),
      ("lawyers", True)]),
    (article("He said: \"Nothing was agreed\" \u2014 Then left."),
     [("He", True), ("said", False), ("Nothing", True), ("was", False), ("agreed", False), ("Then", True),
      ("left", False)]),
    (article("A (Big) deal."), [("A", True), ("Big", True), ("deal", False)]),
]


@pytest.mark.parametrize("text, expected", TOKENS_TABLE)
def test_tokens_table(text, expected):
    doc = parse("a.txt", text)
    assert [(t.text, t.initial) for t in body_tokens(doc)] == expected


def test_analysis_is_built_once_per_document_and_kept_in_that_documents_cache():
    first = parse("a.txt", TOKEN_ARTICLES[0])
    second = parse("b.txt", TOKEN_ARTICLES[1])
    a = analyse(first)
    assert analyse(first) is a
    b = analyse(second)
    assert b is not a and analyse(second) is b and analyse(first) is a
    first.cache.clear()  # what the engine does when a document's rules are done
    assert analyse(first) is not a  # and is analysed afresh when it comes back
    assert [t.text for t in analyse(first).tokens] == [t[0] for t in reference_tokens(first)]


def test_analysis_indexes():
    doc = parse("a.txt", article("Berg met Berg's rival. The rival, berg, left. Berg stayed."))
    a = analyse(doc)
    assert a.lowers == [w.lower() for w in a.texts]
    assert a.cap_positions["Berg"] == [i for i, w in enumerate(a.texts) if w == "Berg"]
    assert len(a.cap_positions["Berg"]) == 3
    assert "berg" in a.lower_words and "rival" in a.lower_words and "the" not in a.lower_words


# --- pack forms by leading word ---------------------------------------------------------------

FORM_SENTENCES = [
    # (body text, forms the rule's scan must find, in order)
    ("The Russian Federation said Nippon Steel would leave.", ["Russian Federation", "Nippon"]),
    ("Trade between the US/Russian Federation sides grew.", ["US", "Russian Federation"]),
    ("The pro-Russian Federation group and the Russian Federations met.", ["Russian Federations"]),
    ("Union of Burma officials met St. Christopher-Nevis envoys.", ["Union of Burma", "St. Christopher-Nevis"]),
    ("He flew to the United States of America. Then the US.", ["United States of America", "US"]),
    ("Nipponese, Nippon_x and Nippon-made goods are not forms; .Nippon neither.", []),
    ("It came from Nippon. Nippon! Nippon's rivals.", ["Nippon", "Nippon", "Nippon"]),
]


def scan(rule, doc):
    index = rule.packs.index()
    starts = [m for m in index.starts.finditer(doc.prose) if m.group() in index.by_word]
    return [m[2:] for m in rule._matches(doc, starts, index.by_word)] if starts else []


@pytest.mark.parametrize("text, forms", FORM_SENTENCES)
def test_forms_by_leading_word_match_the_pack_pattern(text, forms):
    rule = NonStandardName()
    doc = parse("a.txt", article(text))
    by_pattern = [m[2:] for m in rule._matches_by_pattern(doc)]
    assert scan(rule, doc) == by_pattern
    assert [form for _, _, form in by_pattern] == forms


def test_headline_forms_are_found_too():
    rule = NonStandardName()
    doc = parse("a.txt", "Russian Federation Warns Nippon\n\nThe talks ended.\n")
    assert [m[4] for m in rule._matches_by_pattern(doc)] == ["Russian Federation", "Nippon"]
    assert [m[2] for m in scan(rule, doc)] == ["Russian Federation", "Nippon"]


def test_a_form_that_does_not_start_with_a_letter_uses_the_pattern(tmp_path):
    path = tmp_path / "odd.toml"
    path.write_text('[entities."Kyiv"]\nvariants = ["(Kiev)", "Kiev"]\n', encoding="utf-8")
    rule = NonStandardName({"builtin-packs": []}, Settings(packs=[path]))
    assert rule.packs.index().starts is None
    doc = parse("a.txt", article("The mayor of Kiev spoke. Later (Kiev) answered."))
    assert [doc.text[f.start.offset:f.end.offset] for f in rule.check(doc)] == ["Kiev", "(Kiev)"]


def test_no_pack_forms_no_findings(tmp_path):
    path = tmp_path / "empty.toml"
    path.write_text('[pack]\nname = "empty"\n', encoding="utf-8")
    rule = NonStandardName({"builtin-packs": []}, Settings(packs=[path]))
    assert list(rule.check(parse("a.txt", article("The Russian Federation said so.")))) == []


# --- near spellings -----------------------------------------------------------------------------

def reference_pairs(forms: list[str], min_len: int) -> list[tuple[str, str]]:
    return [(a, b) for i, a in enumerate(forms) for b in forms[i + 1:]
            if max(len(a), len(b)) >= min_len and abs(len(a) - len(b)) <= 1 and OSA.distance(a, b) == 1]


PAIRS_TABLE = [
    (["Mueller", "Muller", "Miller", "Hewitt", "Hewit", "Kowalczyk", "Kowalcyzk", "Iran", "Iraq"], 5,
     [("Mueller", "Muller"), ("Muller", "Miller"), ("Hewitt", "Hewit"), ("Kowalczyk", "Kowalcyzk")]),
    (["Iran", "Iraq", "Irak"], 4, [("Iran", "Iraq"), ("Iran", "Irak"), ("Iraq", "Irak")]),
    (["Iran", "Iraq"], 5, []),
    (["Abc", "Abcd"], 4, [("Abc", "Abcd")]),
    (["Abcd", "Abc"], 4, [("Abcd", "Abc")]),
]


@pytest.mark.parametrize("forms, min_len, pairs", PAIRS_TABLE)
def test_close_pairs_table(forms, min_len, pairs):
    assert _close_pairs(forms, min_len) == pairs == reference_pairs(forms, min_len)


@pytest.mark.parametrize("a, b, expected", [
    ("Mueller", "Muller", True), ("Hewitt", "Hewit", True), ("Kowalczyk", "Kowalcyzk", True),
    ("Iran", "Iraq", True), ("Smith", "Smith", False), ("Smith", "Smiths", True), ("Smith", "mSith", True),
    ("Smith", "Simth", True), ("Smith", "Simht", False), ("Smith", "Smit", True), ("Smith", "Smi", False),
    ("", "a", True), ("", "", False), ("ab", "ba", True), ("abc", "cba", False),
])
def test_one_edit_apart_table(a, b, expected):
    assert one_edit_apart(a, b) is expected is one_edit_apart(b, a)


def test_one_edit_apart_is_an_osa_distance_of_one():
    rng = random.Random(11)
    for _ in range(20_000):
        a, b = ("".join(rng.choice("abB\u00e9") for _ in range(rng.randint(0, 6))) for _ in range(2))
        assert one_edit_apart(a, b) == (OSA.distance(a, b) == 1), (a, b)


def test_close_pairs_match_all_pairs_compared():
    rng = random.Random(3)
    for _ in range(300):
        forms = list({"".join(rng.choice("aabn") for _ in range(rng.randint(2, 7))).title() for _ in range(12)})
        min_len = rng.randint(3, 6)
        assert _close_pairs(forms, min_len) == reference_pairs(forms, min_len)


# --- merging packs --------------------------------------------------------------------------------

def reference_merge(packs: list[Pack]) -> dict[str, Entity]:
    """Merge by comparing every new entity with every entity already there."""
    entities: dict[str, Entity] = {}
    for pack in packs:
        for entity in pack.entities:
            forms = {entity.canonical, *entity.variants}
            for name, old in list(entities.items()):
                if name in forms or forms & set(old.variants):
                    kept = tuple(v for v in old.variants if v not in forms)
                    if name in forms or not kept:
                        del entities[name]
                    else:
                        entities[name] = Entity(old.canonical, kept, old.note, old.context, old.the, old.pack)
            entities[entity.canonical] = entity
    return entities


def test_merge_matches_comparing_every_entity():
    rng = random.Random(5)
    names = [f"N{i}" for i in range(12)]
    for _ in range(400):
        packs = []
        for p in range(rng.randint(1, 4)):
            forms, entities = rng.sample(names, rng.randint(2, 10)), []
            while len(forms) >= 2:
                k = rng.randint(2, min(4, len(forms)))
                entities.append(Entity(forms[0], tuple(forms[1:k]), pack=f"p{p}"))
                forms = forms[k:]
            packs.append(Pack(f"p{p}", None, "", tuple(entities)))
        merged = PackSet()
        for pack in packs:
            merged.add(pack)
        expected = reference_merge(packs)
        assert list(merged.entities.items()) == list(expected.items())
        assert merged.variants == {v: e for e in expected.values() for v in e.variants}


# --- bounded work on many names -------------------------------------------------------------------

def _names_article(n: int, seed: int = 2) -> str:
    rng = random.Random(seed)
    names = ["".join([rng.choice("BCDFGKLMNPRST")] + [rng.choice("aeioulnrst") for _ in range(rng.randint(4, 7))])
             for _ in range(n)]
    sentences = [f"Mr {a} met {b} and {c} today." for a, b, c in zip(names[::3], names[1::3], names[2::3])]
    return article(*(" ".join(sentences[i:i + 5]) for i in range(0, len(sentences), 5)))


def test_nl201_work_grows_about_linearly_with_the_names(monkeypatch):
    # 4,000 names used to take seconds: every name was compared with every name of its length.
    # The work is the deletion keys made plus the pairs compared (which are bounded per article).
    from newslint.rules.analysis import near_spellings
    from newslint.rules.entities import EntitySpelling

    calls = [0]
    compare, keys = near_spellings.one_edit_apart, near_spellings._keys

    def counted_compare(a, b):
        calls[0] += 1
        return compare(a, b)

    def counted_keys(word):
        for key in keys(word):
            calls[0] += 1
            yield key

    monkeypatch.setattr(near_spellings, "one_edit_apart", counted_compare)
    monkeypatch.setattr(near_spellings, "_keys", counted_keys)
    counts = []
    for n in (500, 4000):
        calls[0] = 0
        list(EntitySpelling().check(parse("names.txt", _names_article(n))))
        counts.append(calls[0])
    assert counts[0] > 0
    assert counts[1] <= 8 * counts[0] * 1.5, counts


def test_close_pairs_compares_at_most_its_budget():
    forms = [f"Ab{chr(0x4e00 + k)}cd" for k in range(300)]  # 300 names one letter apart: 44,850 pairs
    assert len(close_pairs(forms, 5, max_comparisons=1000)) <= 1000
    assert len(close_pairs(forms, 5)) == min(MAX_COMPARISONS, 300 * 299 // 2)
