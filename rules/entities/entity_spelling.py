"""NL201 entity-spelling: a name spelled two ways in one article."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import Any, Iterable

from newslint import Document, Finding, Option, Rule, Severity
from newslint.config import ConfigError

from ..analysis.entity_tokens import HONORIFICS, Token, analyse, in_quotation, is_acronym, is_wordlike
from ..analysis.name_packs import configured_packs
from ..analysis.near_spellings import close_pairs, one_edit_apart
from ..analysis.word_lists import familiar_words
from ..analysis.words import quoted as _quote


#: titles before a name: "President Bush" and "President Rush" are two people, not two spellings
_TITLES = frozenset("""
    President Minister Secretary Chancellor Director General Senator Governor Judge Chairman
    Chief Officer Executive Prince Princess King Queen Duke Bishop Pope Mayor Speaker
""".split()) | HONORIFICS

#: capitalised words that are not names, or whose near-twins are other words, not typos
_NOT_NAMES = _TITLES | frozenset("""
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    North South East West Northern Southern Eastern Western Central New Old Great Saint
    Street Road Avenue House Court Hall Park Square Bridge Station Airport Hotel Centre Center
    Company Group Bank Fund Party Council Committee Commission Department Ministry Office
    Awards Award Prize Festival Show Series Cup League Games Championship Open Club
""".split()) | HONORIFICS


@lru_cache(maxsize=1)
def _ordinary_words() -> frozenset[str]:
    """Everyday English words: the Dale-Chall list of familiar words that ships in ``packs/``
    (read once per process for this rule and the readability rules)."""
    try:
        return familiar_words()
    except OSError:
        return frozenset()


def _ordinary(word: str) -> bool:
    """An everyday word, or its plural ("Shape", "Shakes")."""
    w = word.lower()
    words = _ordinary_words()
    return w in words or (w.endswith("s") and (w[:-1] in words or (w.endswith("es") and w[:-2] in words)))


def _related_words(a: str, b: str) -> bool:
    """Pairs that are two words, not one word and its typo.

    A changed first letter (Hollywood, Bollywood) or a changed or added last letter (David, Davis;
    Libya, Libyan; Chocolat, Chocolate) makes a different name far more often than a slip of the
    keyboard does. A doubled or undoubled last letter (Hewit, Hewitt) is a slip.
    """
    if a[0] != b[0]:
        return True
    # the same letters with an apostrophe or a hyphen: a matter of style ("Xmas", "X'mas")
    if a.replace("'", "").replace("-", "") == b.replace("'", "").replace("-", ""):
        return True
    short, long_ = sorted((a, b), key=len)
    if long_.startswith(short) and long_[-1] != short[-1]:  # a doubled last letter is a slip: Hewit, Hewitt
        return True
    if len(a) == len(b) and a[:-1] == b[:-1]:
        return True
    # a country and its people ("Koreas", "Koreans")
    if short.endswith("s") and long_ == short[:-1] + "ns":
        return True
    return short.endswith("y") and long_ == short[:-1] + "ies"


class EntitySpelling(Rule):
    """
    ## What it does
    Finds a person, organisation or place whose name is spelled two ways in one article
    ("Mueller" and "Muller", "Hewitt" and "Hewit"). It collects the capitalised words of the body
    (possessives stripped; a straight and a curly apostrophe are one spelling), pairs spellings
    that differ by one letter (one added, dropped, changed or two swapped), and reports each
    occurrence of the rarer spelling, pointing at the commoner one. Three spellings of one name
    are one cluster: every slip is reported against the spelling used most. The fix replaces the
    rarer spelling with the commoner; when both spellings are used equally often, the second is
    reported, pointing at the first, with no fix and without calling either one wrong: only the
    writer can tell which is right.

    A word of a two-word name is also compared with the same word of the same name ("Scotland
    Yrad" beside "Scotland Yard", "High Cuort" beside "High Court"): the shared word vouches
    for the pair even where the word alone is too short or too common to compare.

    It does not pair different people who share a surname ("Bill Clinton" and "Hillary Clinton"),
    first names followed by different surnames ("Alan Smith", "Allan Jones"), different initials
    ("J. Harrow", "K. Harrov"), a first name against a surname ("Osama bin Laden", "Barack Obama";
    a title such as "President" marks a surname), two spellings in one sentence (a team sheet or
    a cast lists different people), plural, possessive, demonym or adjective forms ("Koreas",
    "Koreans"), pairs that differ in the first or last letter or only by an apostrophe or hyphen,
    two names the country pack knows (Iran and Iraq are two countries), two everyday words
    capitalised in titles ("Shake It Off", "Shape of Things"), or words that are only capitalised
    because they open a sentence. A modifier before a name ("Dutch-born") is not a first name.

    A slip inside a direct quotation, an embedded social-media post or a hashtag is the quoted
    writer's, which a newsroom keeps; and in an article that talks about spelling
    ("misspelled", "typo", "[sic]") odd spellings are often quoted on purpose. Those findings
    are info, not warnings.

    **Cost.** Only spellings that share a deletion key (the word with one letter left out) are
    compared, so an article costs time in proportion to its names; at most 20,000 pairs are
    compared in one article (a list of thousands of names is not checked to the end).

    ## Why it matters
    A name spelled two ways tells the reader that nobody checked either spelling. It is the
    commonest correction newspapers print.

    ## Example
    ```text
    Inquiry asks for records

    The inquiry is led by Robert Mueller. Mr Mueller has asked for the records, and the
    White House says it will hand them to Mr Muller next week.
    ```

    ## Instead
    ```text
    Inquiry asks for records

    The inquiry is led by Robert Mueller. Mr Mueller has asked for the records, and the
    White House says it will hand them to Mr Mueller next week.
    ```
    Check the spelling against a primary source and use it throughout. If two spellings really are
    two people, give each a first name at first mention.
    """

    code = "NL201"
    name = "entity-spelling"
    severity = Severity.WARNING
    summary = "A name spelled two ways in one article."
    #: judged precision of its findings on the corpus halves it was not tuned on (benchmarks/precision.py)
    confidence = 0.86
    options = (
        Option("min-length", int, 5, "the shortest name (in letters) whose spellings are compared; "
               "a misspelling may be one letter shorter", minimum=3, maximum=50),
    )

    def __init__(self, options: dict[str, Any] | None = None, settings: Any = None) -> None:
        super().__init__(options, settings)
        self._known: frozenset[str] | None = None

    def check(self, doc: Document) -> Iterable[Finding]:
        analysis = analyse(doc)
        min_len = self.config["min-length"]
        shortest = min_len - 1
        lower_words = analysis.lower_words
        # capitalised words that may be names, each with its tokens; straight and curly
        # apostrophes are one spelling ("O'Neal", "O’Neal")
        occurrences: dict[str, list[int]] = {}
        verdicts = _NAME_LIKE
        for word, indices in analysis.cap_positions.items():
            if len(word) < shortest:
                continue
            name_like = verdicts.get(word)
            if name_like is None:
                name_like = _name_like(word)
            if name_like and word.lower() not in lower_words:
                occurrences.setdefault(_fold_apostrophes(word), []).extend(indices)
        for indices in occurrences.values():
            indices.sort()
        forms = sorted(occurrences, key=lambda f: (-len(occurrences[f]), occurrences[f][0]))
        pairs = close_pairs(forms, min_len) if len(forms) >= 2 else []
        # A word of a longer name one letter away from the same word of the same name ("Scotland
        # Yrad", "Scotland Yard"): the shared word vouches for the pair even where the words alone
        # are too short or too common to compare ("Yard", "Court", "League").
        in_names = _pairs_in_names(analysis, lower_words)
        if not pairs and not in_names:
            return
        tokens = analysis.tokens
        if self._known is None:
            self._known = _pack_forms(self.settings)
        known = self._known
        contexts = _ContextCache(tokens, occurrences)
        edges: list[tuple[str, str, dict[str, list[int]]]] = []
        judged: set[frozenset] = set()  # pairs whose words were compared on their own
        for a, b in pairs:
            na, nb = len(occurrences[a]), len(occurrences[b])
            major, minor = (a, b) if (na, -occurrences[b][0]) >= (nb, -occurrences[a][0]) else (b, a)
            # a short form is only ever the misspelling of a longer name, never the name ("Liffe"
            # is not a misspelling of "Life"); a longer name may still vouch for it (below)
            if len(major) < min_len or (na == nb and len(minor) < min_len):
                continue
            if a in known or b in known:
                # two names the packs know are two places (Iran and Iraq); a place and a name one
                # letter away are often two names too ("Chia", "China"), unless a longer name
                # vouches for the pair ("France Telecom", "Frace Telecom": below)
                if a in known and b in known:
                    judged.add(frozenset((a, b)))
                continue
            judged.add(frozenset((a, b)))
            if _related_words(a, b) or a.lower() == b.lower():
                continue
            # two everyday words capitalised in titles ("Shake It Off", "Shape of Things") are far
            # more likely two words than one word and a slip of the keyboard
            if _ordinary(a) and _ordinary(b):
                continue
            if self._two_entities(doc.text, tokens, occurrences, contexts, a, b):
                continue
            edges.append((a, b, occurrences))
        for a, b, name_occ in in_names:
            if frozenset((a, b)) in judged:
                continue  # the words were compared on their own, and that verdict stands
            if _related_words(a, b) or (_ordinary(a) and _ordinary(b)) or a.lower() == b.lower():
                continue
            if _same_sentence(tokens, name_occ[a], name_occ[b], doc.text):
                continue
            edges.append((a, b, name_occ))
        if not edges:
            return
        reported: set[int] = set()
        severity, confidence = None, None
        if _discusses_spelling(doc):
            # a story about a misspelling quotes it on purpose: the pairs are shown, not failed
            severity, confidence = Severity.INFO, DISCUSSED_CONFIDENCE
        for cluster, occ in _clusters(edges):
            # the spelling used most is the name; the first used breaks a tie
            ranked = sorted(cluster, key=lambda f: (-len(occ[f]), occ[f][0]))
            major = ranked[0]
            for minor in ranked[1:]:
                tie = len(occ[minor]) == len(occ[major])
                if tie:
                    # report the spelling written second
                    major, minor = sorted((major, minor), key=lambda f: occ[f][0])
                fresh = [i for i in occ[minor] if i not in reported]
                reported.update(fresh)
                yield from self._report(doc, tokens, {**occ, minor: fresh}, minor, major, tie, severity, confidence)
                if tie:
                    major = ranked[0]

    def _report(self, doc: Document, tokens: list[Token], occ: dict[str, list[int]], minor: str, major: str,
                tie: bool, severity: Severity | None, confidence: float | None) -> Iterable[Finding]:
        first = tokens[occ[major][0]]
        line = doc.position(first.start).line
        spelled = doc.text[first.start:first.end]
        for i in occ[minor]:
            t = tokens[i]
            here = doc.text[t.start:t.end]
            level, sure = severity, confidence
            if level is None and _quoted_text(doc, t.start):
                # a quotation, an embedded post or a hashtag keeps its writer's spelling: the
                # slip is shown, not failed
                level, sure = Severity.INFO, QUOTED_CONFIDENCE
            if tie:
                # as many of one as of the other: either may be the slip, and only the writer can
                # tell; the one written second is reported, without a fix
                message = (f"{_quote(here)} here and {_quote(spelled)} on line {line}: one name spelled two ways? "
                           f"Check which spelling is right and use it throughout")
            else:
                message = (f"{_quote(here)} is spelled {_quote(spelled)} elsewhere in this article "
                           f"(line {line}); use one spelling")
            yield self.finding(
                doc, t.start, t.end, message,
                related=[self.related(doc, first.start, first.end, f"spelled {_quote(spelled)} here")],
                fix=None if tie else (t.start, t.end, spelled),
                fix_description="" if tie else f"spell it {spelled}",
                severity=level, confidence=sure,
            )

    def _two_entities(self, text: str, tokens: list[Token], occ: dict[str, list[int]], contexts: "_ContextCache",
                      a: str, b: str) -> bool:
        """Whether two near-identical spellings are two entities, not one name and its slip."""
        ctx_a, ctx_b = contexts[a], contexts[b]
        # different first names before the same surname, or different surnames after the same
        # first name, or different initials: two people (Bill and Hillary Clinton), not a typo
        if _conflict(ctx_a["before"], ctx_b["before"]) or _conflict(ctx_a["after"], ctx_b["after"]) \
                or _conflict(ctx_a["initials"], ctx_b["initials"], near=False):
            return True
        # one spelling only ever opens a name ("Being Julia", "Osama bin Laden"), the other only
        # closes one ("Annette Bening", "Barack Obama"): two names
        if _role(ctx_a) and _role(ctx_b) and _role(ctx_a) != _role(ctx_b):
            return True
        for form, ctx in ((a, ctx_a), (b, ctx_b)):
            # a spelling seen only at the start of sentences, with no name beside it, may be a word
            if all(tokens[i].initial for i in occ[form]) and not (ctx["before"] or ctx["after"] or ctx["honorific"]):
                return True
        if not any(not tokens[i].initial for i in occ[a] + occ[b]):
            return True
        # side by side in one list: a team sheet or a cast names different people
        return _same_sentence(tokens, occ[a], occ[b], text)


#: the confidence of a finding in an article that discusses spellings
DISCUSSED_CONFIDENCE = 0.3
_SPELLING_TALK = r"\b(?:mis-?spel\w*|typos?|spelled|spelt|spelling|sic)\b"


#: the confidence of a finding inside a quotation, an embedded post or a hashtag
QUOTED_CONFIDENCE = 0.4
_EMBED = r"pic\.twitter\.com|\(@\w+\)|^\s*(?:RT )?@\w+|^\s*[\u2014\u2013-]\s*\S.*\(@\w+\)"


def _quoted_text(doc: Document, offset: int) -> bool:
    """``offset`` is inside a quotation, a hashtag or an embedded social-media post."""
    blocks = doc.blocks
    starts = doc.cache.get("NL201 block starts", lambda: [b.start for b in blocks])
    k = bisect_right(starts, offset) - 1
    if k < 0 or offset >= blocks[k].end:
        return False
    block = blocks[k]
    if doc.text[offset - 1:offset] == "#" or block.kind == "blockquote":
        return True
    if in_quotation(doc.prose, block.start, offset):
        return True
    # once a paragraph, not once a name in it
    return doc.cache.get(("NL201 embedded post", k),
                         lambda: re.search(_EMBED, doc.text[block.start:block.end]) is not None)


def _discusses_spelling(doc: Document) -> bool:
    """The article talks about spellings ("misspelled", "[sic]"): its odd spellings are quoted."""
    return re.search(_SPELLING_TALK, doc.prose, re.IGNORECASE) is not None


def _fold_apostrophes(word: str) -> str:
    return word.replace("\u2019", "'") if "\u2019" in word else word


_LIST_GAP = r"^(?:\s*(?:,|;|&|\band\b|\bor\b|[A-Z][\w'\u2019.-]*)\s*)*$"


def _same_sentence(tokens: list[Token], xs: list[int], ys: list[int], text: str = "") -> bool:
    """The two spellings stand side by side in one list ("Petrak, Petrik and Vance"): a team
    sheet or a cast names different people. Without ``text``, any one sentence counts."""
    by_sentence: dict[int, list[int]] = {}
    for i in xs:
        by_sentence.setdefault(tokens[i].sentence, []).append(i)
    for j in ys:
        for i in by_sentence.get(tokens[j].sentence, ()):
            if not text:
                return True
            lo, hi = sorted((i, j))
            gap = text[tokens[lo].end:tokens[hi].start]
            if len(gap) <= 60 and re.match(_LIST_GAP, gap):
                return True
    return False


def _clusters(edges: list[tuple[str, str, dict]]) -> list[tuple[list[str], dict]]:
    """Spellings joined by near pairs, as clusters ("Mueller", "Muller", "Muler"), in the order of
    their first pair; each with the occurrences its pairs were found in."""
    parent: dict[tuple[int, str], tuple[int, str]] = {}
    books: list[dict] = []

    def book(occ: dict) -> int:
        for k, b in enumerate(books):
            if b is occ:
                return k
        books.append(occ)
        return len(books) - 1

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, occ in edges:
        k = book(occ)
        ra, rb = find((k, a)), find((k, b))
        if ra != rb:
            parent[rb] = ra
    groups: dict[tuple[int, str], list[str]] = {}
    for a, b, occ in edges:
        k = book(occ)
        for f in (a, b):
            members = groups.setdefault(find((k, f)), [])
            if f not in members:
                members.append(f)
    return [(members, books[root[0]]) for root, members in groups.items()]


def _pairs_in_names(analysis: Any, lower_words: set[str]) -> list[tuple[str, str, dict[str, list[int]]]]:
    """Words one edit apart at the same place of a two-word name whose other word is the same
    ("Scotland Yard" and "Scotland Yrad", "Premier League" and "Premier Leage"), with the
    occurrences of each inside those names."""
    texts, caps, sentence, starts, ends = analysis.texts, analysis.capitalised, analysis.sentence, \
        analysis.starts, analysis.ends
    # (the other word, which side it is on) -> this word -> its token indices
    by_partner: dict[tuple[str, int], dict[str, list[int]]] = {}
    for j in [j for j in range(1, len(texts)) if caps[j] and caps[j - 1]]:
        i = j - 1
        if sentence[i] != sentence[j] or ends[i] + 1 != starts[j]:
            continue
        a, b = texts[i], texts[j]
        if not (a.isalpha() and b.isalpha()) or a.isupper() or b.isupper():
            continue
        by_partner.setdefault((_fold_apostrophes(a), 0), {}).setdefault(b, []).append(j)
        by_partner.setdefault((_fold_apostrophes(b), 1), {}).setdefault(a, []).append(i)
    out = []
    seen: set[tuple[str, str]] = set()
    for (partner, _), words in by_partner.items():
        if len(words) < 2:
            continue
        forms = sorted(words, key=lambda w: (-len(words[w]), words[w][0]))
        for a, b in close_pairs(forms, NAME_WORD_MIN_LENGTH):
            key = (a, b) if a < b else (b, a)
            if key in seen or partner in (a, b) or partner in _TITLES:
                continue
            rarer = a if len(words[a]) < len(words[b]) else b
            if rarer.lower() in lower_words or rarer in HONORIFICS:
                continue
            seen.add(key)
            out.append((a, b, {a: words[a], b: words[b]}))
    return out


#: the shortest word of a two-word name whose spellings are compared
NAME_WORD_MIN_LENGTH = 4


class _ContextCache(dict):
    """The neighbours of each spelling's occurrences, found once per spelling."""

    def __init__(self, tokens: list[Token], occurrences: dict[str, list[int]]) -> None:
        super().__init__()
        self.tokens, self.occurrences = tokens, occurrences

    def __missing__(self, form: str) -> dict[str, set[str]]:
        ctx = self[form] = _contexts(self.tokens, self.occurrences[form])
        return ctx


#: capitalised words seen in this process, and whether they may be names (bounded: cleared when full)
_NAME_LIKE: dict[str, bool] = {}


def _name_like(word: str) -> bool:
    """A capitalised word that may be a name: not a title, month or street word, not an acronym
    ("BBC", "GMs"), no part in capitals ("Anti-EU"), letters only."""
    verdict = word not in _NOT_NAMES and is_wordlike(word) \
        and (word[1:].islower() or not is_acronym(word)) \
        and ("-" not in word or not any(len(part) > 1 and part.isupper() for part in word.split("-")))
    if len(_NAME_LIKE) >= 50_000:
        _NAME_LIKE.clear()
    _NAME_LIKE[word] = verdict
    return verdict


def _close_pairs(forms: list[str], min_len: int) -> list[tuple[str, str]]:
    return close_pairs(forms, min_len)


#: small words inside a name, between a first name and the rest ("Osama bin Laden")
_PARTICLES = frozenset("bin bint ibn al el van von de da di du le la der den ben".split())


def _contexts(tokens: list[Token], indices: list[int]) -> dict[str, set[str]]:
    """The capitalised names directly before and after each occurrence, initials and honorifics."""
    before: set[str] = set()
    after: set[str] = set()
    honorific: set[str] = set()
    initials: set[str] = set()
    n = len(tokens)
    for i in indices:
        t = tokens[i]
        k = i - 1
        # step over middle initials ("Scott W. Muller") to the first name
        while k >= 0 and len(tokens[k].text) == 1 and tokens[k].text.isupper() and tokens[k].sentence == t.sentence:
            initials.add(tokens[k].text)
            if k == 0 or tokens[k - 1].sentence != t.sentence:
                break
            k -= 1
        if k >= 0 and k < i and tokens[k].sentence == t.sentence and (k < i - 1 or tokens[k].end + 1 == t.start):
            prev = tokens[k]
            if prev.text in _TITLES:
                # "Mr Obama", "President Obama": a surname
                honorific.add(prev.text)
            elif prev.capitalised and len(prev.text) > 1 and not prev.acronym and is_wordlike(prev.text) \
                    and not (prev.initial and prev.text in _NOT_NAMES) and not _modifier(prev.text):
                before.add(prev.text)
        k = i + 1
        # step over the particles of a name ("Osama bin Laden")
        while k < n and k < i + 3 and tokens[k].text in _PARTICLES and tokens[k].sentence == t.sentence:
            k += 1
        if k < n and tokens[k].sentence == t.sentence and (k > i + 1 or t.end + 1 == tokens[k].start):
            nxt = tokens[k]
            if (nxt.capitalised or _particle_name(nxt.text)) and not nxt.acronym and is_wordlike(nxt.text):
                after.add(nxt.text)
    return {"before": before, "after": after, "honorific": honorific, "initials": initials}


def _particle_name(word: str) -> bool:
    """A surname joined to its particle ("al-Nujeifi", "el-Sisi")."""
    head, _, rest = word.partition("-")
    return head in _PARTICLES and rest[:1].isupper()


def _modifier(word: str) -> bool:
    """A capitalised modifier, not a first name ("German-born", "Paris-based")."""
    return "-" in word and any(part[:1].islower() for part in word.split("-"))


def _role(ctx: dict[str, set[str]]) -> str:
    first, last = bool(ctx["after"]), bool(ctx["before"] or ctx["honorific"])
    return "first" if first and not last else "last" if last and not first else ""


def _conflict(xs: set[str], ys: set[str], near: bool = True) -> bool:
    """Both spellings have neighbours and none is shared, nor (with ``near``) a near-spelling of
    each other."""
    if not xs or not ys or xs & ys:
        return False
    return not near or not any(x[:1] == y[:1] and (x == y or (min(len(x), len(y)) > 3 and one_edit_apart(x, y)))
                   for x in xs for y in ys)


def _pack_forms(settings: Any) -> frozenset[str]:
    """Every word of every form the configured name packs know (Iran and Iraq are two countries)."""
    try:
        packs = configured_packs(settings)
    except ConfigError:
        return frozenset()
    return frozenset(f for e in packs.entities.values() for f in (e.canonical, *e.variants) for f in f.split())
