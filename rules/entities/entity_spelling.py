"""NL201 entity-spelling: a name spelled two ways in one article."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable

from newslint import Document, Finding, Option, Rule, Severity
from newslint.config import ConfigError

from ..analysis.entity_tokens import HONORIFICS, Token, analyse, is_acronym, is_wordlike
from ..analysis.name_packs import configured_packs
from ..analysis.word_lists import familiar_words
from ..analysis.words import quoted as _quote


#: capitalised words that are not names, or whose near-twins are other words, not typos
_NOT_NAMES = frozenset("""
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    President Minister Secretary Chancellor Director General Senator Governor Judge Chairman
    Chief Officer Executive Prince Princess King Queen Duke Bishop Pope Mayor Speaker
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
    short, long_ = sorted((a, b), key=len)
    if long_.startswith(short) and long_[-1] != short[-1]:  # a doubled last letter is a slip: Hewit, Hewitt
        return True
    if len(a) == len(b) and a[:-1] == b[:-1]:
        return True
    return short.endswith("y") and long_ == short[:-1] + "ies"


class EntitySpelling(Rule):
    """
    ## What it does
    Finds a person, organisation or place whose name is spelled two ways in one article
    ("Mueller" and "Muller", "Hewitt" and "Hewit"). It collects the capitalised words of the body
    (possessives stripped), pairs spellings that differ by one letter (one added, dropped, changed
    or two swapped), and reports each occurrence of the rarer spelling, pointing at the commoner
    one. The fix replaces the rarer spelling with the commoner; when both spellings are used equally
    often, the second spelling is reported, pointing at the first, with no fix: only the writer can
    tell which is right.

    It does not pair different people who share a surname ("Bill Clinton" and "Hillary Clinton"),
    first names followed by different surnames ("Alan Smith", "Allan Jones"), plural, possessive
    or adjective forms, pairs that differ in the first or last letter, names the country pack
    knows (Iran and Iraq are two countries), two everyday words capitalised in titles ("Shake It
    Off", "Shape of Things"), or words that are only capitalised because they open a sentence.

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
    confidence = 0.68
    options = (
        Option("min-length", int, 5, "the shortest name (in letters) whose spellings are compared; "
               "a misspelling may be one letter shorter", minimum=3),
    )

    def __init__(self, options: dict[str, Any] | None = None, settings: Any = None) -> None:
        super().__init__(options, settings)
        self._known: frozenset[str] | None = None

    def check(self, doc: Document) -> Iterable[Finding]:
        analysis = analyse(doc)
        min_len = self.config["min-length"]
        shortest = min_len - 1
        lower_words = analysis.lower_words
        # capitalised words that may be names, each with its tokens
        occurrences: dict[str, list[int]] = {}
        verdicts = _NAME_LIKE
        for word, indices in analysis.cap_positions.items():
            if len(word) < shortest:
                continue
            name_like = verdicts.get(word)
            if name_like is None:
                name_like = _name_like(word)
            if name_like and word.lower() not in lower_words:
                occurrences[word] = indices
        if len(occurrences) < 2:
            return
        forms = sorted(occurrences, key=lambda f: (-len(occurrences[f]), occurrences[f][0]))
        pairs = _close_pairs(forms, min_len)
        if not pairs:
            return
        tokens = analysis.tokens
        if self._known is None:
            self._known = _pack_forms(self.settings)
        known = self._known
        reported: set[str] = set()
        for a, b in pairs:
            if b in reported or a in reported:
                continue
            if _related_words(a, b) or a in known or b in known or a.lower() == b.lower():
                continue
            # two everyday words capitalised in titles ("Shake It Off", "Shape of Things") are far
            # more likely two words than one word and a slip of the keyboard
            if _ordinary(a) and _ordinary(b):
                continue
            verdict = self._majority(tokens, occurrences, a, b)
            if verdict is None:
                continue
            major, minor = verdict
            # a short form is only ever the misspelling of a longer name, never the name
            # ("Liffe" is not a misspelling of "Life")
            if len(major) < min_len or (len(occurrences[a]) == len(occurrences[b]) and len(minor) < min_len):
                continue
            reported.add(minor)
            if len(occurrences[a]) == len(occurrences[b]):
                # as many of one as of the other: report the spelling that comes second, without a
                # fix, and leave the choice to the writer
                first, second = sorted((a, b), key=lambda f: occurrences[f][0])
                reported.add(first)
                yield from self._report(doc, tokens, occurrences, second, first, fix=False)
            else:
                yield from self._report(doc, tokens, occurrences, minor, major, fix=True)

    def _report(self, doc: Document, tokens: list[Token], occ: dict[str, list[int]], minor: str, major: str,
                fix: bool) -> Iterable[Finding]:
        first = tokens[occ[major][0]]
        line = doc.position(first.start).line
        for i in occ[minor]:
            t = tokens[i]
            if fix:
                message = (f"{_quote(minor)} is spelled {_quote(major)} elsewhere in this article "
                           f"(line {line}); use one spelling")
            else:
                message = (f"{_quote(minor)} is spelled {_quote(major)} on line {line}; "
                           f"check which spelling is right and use it throughout")
            yield self.finding(
                doc, t.start, t.end, message,
                related=[self.related(doc, first.start, first.end, f"spelled {_quote(major)} here")],
                fix=(t.start, t.end, major) if fix else None,
                fix_description=f"spell it {major}" if fix else "",
            )

    def _majority(self, tokens: list[Token], occ: dict[str, list[int]], a: str, b: str) -> tuple[str, str] | None:
        """Which of two near-identical spellings is the name (``None`` when they are two entities)."""
        ctx_a, ctx_b = _contexts(tokens, occ[a]), _contexts(tokens, occ[b])
        # different first names before the same surname, or different surnames after the same
        # first name: two people (Bill and Hillary Clinton), not a typo
        if _conflict(ctx_a["before"], ctx_b["before"]) or _conflict(ctx_a["after"], ctx_b["after"]):
            return None
        # one spelling only ever opens a name ("Being Julia"), the other only closes one
        # ("Annette Bening"): two names
        if _role(ctx_a) and _role(ctx_b) and _role(ctx_a) != _role(ctx_b):
            return None
        for form, ctx in ((a, ctx_a), (b, ctx_b)):
            # a spelling seen only at the start of sentences, with no name beside it, may be a word
            if all(tokens[i].initial for i in occ[form]) and not (ctx["before"] or ctx["after"] or ctx["honorific"]):
                return None
        if not any(not tokens[i].initial for i in occ[a] + occ[b]):
            return None
        return (a, b) if len(occ[a]) >= len(occ[b]) else (b, a)


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


def one_edit_apart(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with one letter added, dropped or changed, or two neighbouring letters
    swapped: an optimal string alignment distance of exactly 1.

    Written out here rather than taken from rapidfuzz: importing rapidfuzz takes longer than all the
    comparisons of an article, and NL102 imports it only for an article with sentences to compare.
    """
    if a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    shorter, longer = len(a), len(b)
    if longer - shorter > 1:
        return False
    i = 0  # the first place the two differ
    while i < shorter and a[i] == b[i]:
        i += 1
    if shorter < longer:  # a letter added
        return a[i:] == b[i + 1:]
    if a[i + 1:] == b[i + 1:]:  # a letter changed
        return True
    # this letter and the next swapped
    return i + 1 < shorter and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:]


def _close_pairs(forms: list[str], min_len: int) -> list[tuple[str, str]]:
    """The pairs ``(forms[i], forms[j])``, ``i < j``, one edit apart (a letter added, dropped, changed
    or two swapped), the longer at least ``min_len`` letters; in the order of ``i``, then ``j``."""
    by_length: dict[int, list[int]] = {}
    for i, f in enumerate(forms):
        by_length.setdefault(len(f), []).append(i)
    found: list[tuple[int, int]] = []
    for length, group in by_length.items():
        if length < min_len - 1:
            continue
        # the same length (a letter changed, two swapped), and one letter longer
        same = length >= min_len
        longer = by_length.get(length + 1, ())
        for n, i in enumerate(group):
            a = forms[i]
            if same:
                for j in group[n + 1:]:
                    if one_edit_apart(a, forms[j]):
                        found.append((i, j))
            for j in longer:
                if one_edit_apart(a, forms[j]):
                    found.append((i, j) if i < j else (j, i))
    found.sort()
    return [(forms[i], forms[j]) for i, j in found]


def _contexts(tokens: list[Token], indices: list[int]) -> dict[str, set[str]]:
    """The capitalised names directly before and after each occurrence, and honorifics."""
    before: set[str] = set()
    after: set[str] = set()
    honorific: set[str] = set()
    for i in indices:
        t = tokens[i]
        k = i - 1
        # step over middle initials ("Scott W. Muller") to the first name
        while k > 0 and len(tokens[k].text) == 1 and tokens[k].text.isupper() and tokens[k - 1].sentence == t.sentence:
            k -= 1
        if k >= 0 and k < i and tokens[k].sentence == t.sentence and (k < i - 1 or tokens[k].end + 1 == t.start):
            prev = tokens[k]
            if prev.text in HONORIFICS:
                honorific.add(prev.text)
            elif prev.capitalised and len(prev.text) > 1 and not prev.acronym and is_wordlike(prev.text) \
                    and not (prev.initial and prev.text in _NOT_NAMES):
                before.add(prev.text)
        if i + 1 < len(tokens) and tokens[i + 1].sentence == t.sentence and t.end + 1 == tokens[i + 1].start:
            nxt = tokens[i + 1]
            if nxt.capitalised and not nxt.acronym and is_wordlike(nxt.text):
                after.add(nxt.text)
    return {"before": before, "after": after, "honorific": honorific}


def _role(ctx: dict[str, set[str]]) -> str:
    first, last = bool(ctx["after"]), bool(ctx["before"] or ctx["honorific"])
    return "first" if first and not last else "last" if last and not first else ""


def _conflict(xs: set[str], ys: set[str]) -> bool:
    """Both spellings have neighbours and none is shared, nor a near-spelling of each other."""
    if not xs or not ys or xs & ys:
        return False
    return not any(x[:1] == y[:1] and (x == y or (min(len(x), len(y)) > 3 and one_edit_apart(x, y)))
                   for x in xs for y in ys)


def _pack_forms(settings: Any) -> frozenset[str]:
    """Every word of every form the configured name packs know (Iran and Iraq are two countries)."""
    try:
        packs = configured_packs(settings)
    except ConfigError:
        return frozenset()
    return frozenset(f for e in packs.entities.values() for f in (e.canonical, *e.variants) for f in f.split())
