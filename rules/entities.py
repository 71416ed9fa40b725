"""NL2xx: entity names spelled, named or capitalised two ways in one article."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from newslint import Document, Finding, Option, Rule, Severity
from newslint.config import ConfigError

from ._names import CONNECTORS, HONORIFICS, Token, analyse, is_acronym, is_wordlike
from ._packs import BUILTIN_PACKS, PackSet, builtin_paths, load_packs
from .readability import familiar_words


def active_pack_paths(settings: Any, builtin: Iterable[str] = BUILTIN_PACKS) -> list[Path]:
    """Built-in packs first, then the configured ones in order (a later pack overrides)."""
    configured: list[Path] = []
    for p in getattr(settings, "packs", None) or []:
        p = Path(p)
        # a folder in the list stands for the packs in it, in name order
        configured.extend(sorted(p.glob("*.toml")) if p.is_dir() else [p])
    return builtin_paths(tuple(builtin)) + configured


def _quote(text: str) -> str:
    return f"\u201c{text}\u201d"


# --- NL201 ----------------------------------------------------------------------------------

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
    The inquiry is led by Robert Mueller. Mr Mueller has asked for the records, and the
    White House says it will hand them to Mr Muller next week.
    ```

    ## Instead
    Check the spelling against a primary source and use it throughout. If two spellings really are
    two people, give each a first name at first mention.
    """

    code = "NL201"
    name = "entity-spelling"
    severity = Severity.WARNING
    summary = "A name spelled two ways in one article."
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
    try:
        packs = load_packs(active_pack_paths(settings))
    except ConfigError:
        return frozenset()
    return frozenset(f for e in packs.entities.values() for f in (e.canonical, *e.variants) for f in f.split())


# --- NL202 ----------------------------------------------------------------------------------

#: words after a name that show it is the subject of a verb or the end of a phrase, where
#: "the Russian Federation" becomes "Russia" rather than "the Russia"
_NOT_ATTRIBUTIVE = frozenset("""
    is was has had have will would said says could can may might should must did does are were
    and or but to in on at with from by as that which who whose where when than also itself
    the a an this its
    grew fell rose won lost made took gave went came saw told sent paid sold bought left met led
    set cut put became began agreed wants plans remains faces""".split())


class NonStandardName(Rule):
    """
    ## What it does
    Finds names in a form that news copy does not use in running text: the synonym swaps of
    article-spinning tools ("Russian Federation investigation", "Nippon", "Irak", "Cathay",
    "Joined Nations"), official long forms ("Kingdom of Spain") and the newsroom's own house
    style ("Kiev" where the house writes "Kyiv"). When the article also uses the preferred form,
    the message says so and points at it. The fix writes the preferred form.

    The forms come from house-style packs: the built-in country pack (generated from pycountry
    and WordNet with curated corrections), the built-in international organisations pack, then
    the newsroom's own packs, set with `packs = ["style/house.toml"]` in the configuration. A
    later pack overrides an earlier one; the pack format is described in `docs/packs.md`.
    A form that is part of a longer name ("Nippon Steel", "Bank of the Russian Federation",
    "Criminal Justice Division") is not flagged. A one-word form that is a word of a name
    ("Nippon Steel") is then not flagged anywhere in that article, where it is likely a short
    reference to the name ("Japan's Nippon").
    An official long form used as a noun after "the" ("a claim against the Russian Federation")
    is the state's formal name and is flagged only when the article also uses the common name;
    inside a direct quotation ("we are the United States of America") it is the speaker's word
    and is not flagged (the pack's `official` list says which forms are official names).

    ## Why it matters
    "Russian Federation investigation" is how a spinner rewrites "Russia investigation": a reader
    who notices stops trusting the story. A house style applied in one paragraph and not the next
    looks careless.

    ## Example
    ```text
    The senator said the Russian Federation investigation would continue.
    ```

    ## Instead
    ```text
    The senator said the Russia investigation would continue.
    ```
    """

    code = "NL202"
    name = "non-standard-name"
    severity = Severity.WARNING
    summary = "A name in a form newsrooms do not use (spinner swaps, official long forms, house style)."
    options = (
        Option("builtin-packs", list, list(BUILTIN_PACKS),
               "the built-in packs to use, before the packs named in `packs`"),
    )

    def __init__(self, options: dict[str, Any] | None = None, settings: Any = None) -> None:
        super().__init__(options, settings)
        # Load now, in the main process, so a broken pack stops the run with one clear line.
        self.packs = self._load(settings, self.config["builtin-packs"])

    @staticmethod
    def _load(settings: Any, builtin: Iterable[str]) -> PackSet:
        names = list(builtin)
        if not all(isinstance(n, str) for n in names):
            raise ConfigError(f"[rules.NL202] builtin-packs: expected a list of pack names, got {names!r}")
        return load_packs(active_pack_paths(settings, names))

    @classmethod
    def explain_settings(cls, settings: Any) -> str:
        options = (getattr(settings, "rule_options", None) or {}).get(cls.code, {})
        builtin = options.get("builtin-packs", list(BUILTIN_PACKS))
        lines = ["## Active packs", "", "In the order they apply (a later pack overrides an earlier one):", ""]
        try:
            packs = cls._load(settings, builtin)
        except ConfigError as exc:
            return "\n".join(lines + [f"Error: {exc}"])
        for pack in packs.packs:
            origin = "built-in" if pack.path.parent == Path(__file__).resolve().parent / "packs" else str(pack.path)
            desc = f": {pack.description}" if pack.description else ""
            lines.append(f"- `{pack.name}` ({origin}, {len(pack.entities)} entities){desc}")
        lines += ["", f"{len(packs.entities)} entities and {len(packs.variants)} non-standard forms in all."]
        return "\n".join(lines)

    def check(self, doc: Document) -> Iterable[Finding]:
        index = self.packs.index()
        text, prose = doc.text, doc.prose
        if index.starts is None:
            if self.packs.pattern() is None:  # no forms at all
                return
            matches = self._matches_by_pattern(doc)
        else:
            by_word = index.by_word
            # where a form may start: a word that begins some form (one pass over the article)
            starts = [m for m in index.starts.finditer(prose) if m.group() in by_word]
            if not starts:
                return
            matches = self._matches(doc, starts, by_word)
        metadata = [(s.start, s.end) for s in doc.metadata_spans]
        mentions = []  # (start, end, form, entity, is_variant, sentence start, formal use)
        in_names: set[str] = set()
        words_of: dict[int, set[str]] = {}
        for block, sentence, start, end, form in matches:
            if any(s <= start < e for s, e in metadata):
                continue
            hit = self.packs.entity_of(form)
            if hit is None:
                continue
            entity, is_variant = hit
            inside = _inside_longer_name(prose, start, end, sentence.start) if is_variant else ""
            if inside:
                # in a headline every word is capitalised: adjacency proves nothing there
                if inside == "joined" and block.kind not in ("headline", "heading"):
                    in_names.add(form)
                continue
            if is_variant and entity.context:
                words = words_of.get(sentence.start)
                if words is None:
                    words = {w.lower() for w in _LETTERS_RE.findall(prose, sentence.start, sentence.end)}
                    words_of[sentence.start] = words
                if not any(c.lower() in words for c in entity.context):
                    continue
            # "the Russian Federation" as a noun of its own is the state's formal name (a party
            # to a lawsuit, a treaty); a spinner swapping "Russia" does not add "the"
            formal = is_variant and " " in form and _after_the(text, start, sentence.start) \
                and not _attributive(text, end)
            if formal and form in entity.official and _in_quotation(prose, block.start, start):
                # a speaker's use of the official name ("we are, and forever will be, the United
                # States of America"): a direct quotation is not the writer's to restyle
                continue
            formal = formal and not entity.the
            mentions.append((start, end, form, entity, is_variant, sentence.start, formal))
        # a form that is part of a longer name somewhere in the article ("Nippon Steel") is that
        # name's short form everywhere else ("Japan's Nippon")
        mentions = [m for m in mentions if m[2] not in in_names]
        canonical_at: dict[str, tuple[int, int]] = {}
        for start, end, _, entity, is_variant, _, _ in mentions:
            if not is_variant:
                canonical_at.setdefault(entity.canonical, (start, end))
        for start, end, form, entity, is_variant, sent_start, formal in mentions:
            also = canonical_at.get(entity.canonical)
            if not is_variant or (formal and also is None):
                continue
            related = []
            message = f"non-standard name {_quote(form)}: write {_quote(entity.canonical)}"
            if also is not None:
                line = doc.position(also[0]).line
                message += f", as this article does on line {line}"
                related.append(self.related(doc, also[0], also[1], f"{_quote(entity.canonical)} here"))
            if entity.note:
                message += f" ({entity.note.rstrip('.')})"
            fix = _name_fix(text, start, end, entity.canonical, entity.the, sent_start)
            yield self.finding(doc, start, end, message, related=related, fix=fix,
                               fix_description=f"write {entity.canonical}")

    def _matches_by_pattern(self, doc: Document) -> list[tuple[Any, Any, int, int, str]]:
        """Every form in the sentences of the prose blocks, found with the pack's one pattern."""
        pattern = self.packs.pattern()
        out = []
        for block in doc.blocks:
            if block.kind == "table":
                continue
            for sentence in block.sentences:
                for m in pattern.finditer(doc.prose, sentence.start, sentence.end):
                    out.append((block, sentence, m.start(), m.end(), m.group(0)))
        return out

    @staticmethod
    def _matches(doc: Document, starts: list[re.Match], by_word: dict[str, tuple[str, ...]]
                 ) -> list[tuple[Any, Any, int, int, str]]:
        """What ``_matches_by_pattern`` finds, from the places a form may start: in each sentence,
        the longest form at each place, left to right, matches not overlapping."""
        prose = doc.prose
        positions = [m.start() for m in starts]
        out = []
        for block in doc.blocks:
            if block.kind == "table" or block.end <= positions[0] or block.start > positions[-1]:
                continue
            for sentence in block.sentences:
                s_start, s_end = sentence.start, sentence.end
                k = bisect_left(positions, s_start)
                last = s_start
                while k < len(positions) and positions[k] < s_end:
                    m = starts[k]
                    k += 1
                    start = m.start()
                    if start < last:
                        continue
                    word = m.group()
                    if m.end() > s_end:  # the sentence ends inside the word
                        word = word[:s_end - start]
                        forms = by_word.get(word, ())
                    else:
                        forms = by_word[word]
                    for form in forms:
                        end = start + len(form)
                        if end > s_end or not prose.startswith(form, start):
                            continue
                        if end < s_end:
                            c = prose[end]
                            if c.isalnum() or c == "_" or c == "-":
                                continue
                        out.append((block, sentence, start, end, form))
                        last = end
                        break
        return out


_LETTERS_RE = re.compile(r"[^\W_]+")

_FUNCTION_WORDS = frozenset("In At On For From To By With And But As Of The A An If When While After Before Since".split())


def _inside_longer_name(prose: str, start: int, end: int, sentence_start: int) -> str:
    """How the form is part of a longer capitalised name, or "" when it is not.

    "joined": a one-word form next to another capitalised word ("Nippon Steel", "Air Nippon"),
    where the form is a word of the name rather than the place; "of": a form joined to a name by
    "of" ("Bank of the Russian Federation"), which still names the place, or a form of several
    words after a capitalised word that is not an acronym ("Criminal Justice Division"), which is
    not how the longer name is shortened elsewhere. A form of several words before a capitalised
    word is not taken as part of a name ("Russian Federation President").
    """
    single = " " not in prose[start:end].strip()
    after = prose[end:end + 40]
    nxt = after.split(maxsplit=1)[0] if after[:1] == " " and after.strip() else ""
    if single and nxt[:1].isupper() and nxt[:1].isalpha():
        return "joined"
    before = prose[sentence_start:start].split()
    popped: list[str] = []
    while before and before[-1] in ("of", "the", "de"):
        popped.append(before.pop())
    # "of" or "de" joins two parts of a name ("Bank of the ..."); "the" alone does not
    connected = "of" in popped or "de" in popped
    if (popped and not connected) or not before:
        return ""
    prev = before[-1]
    if not prev[:1].isupper() or not prev[-1:].isalpha():
        return ""
    if connected:
        # "Central Bank of the ...", but not "In the ..." at the start of a sentence
        return "of" if len(before) > 1 or prev not in _FUNCTION_WORDS else ""
    if len(before) > 1 and "-" not in prev and not prev.endswith(("'s", "\u2019s")):
        if single:
            return "joined"  # "Air Nippon"
        # "Criminal Justice Division"; but a form of several words after an acronym is qualified
        # by it, not part of a longer name ("the US Joined Nations envoy")
        if not is_acronym(prev):
            return "of"
    return ""


_DETERMINERS = frozenset("a an the this that these those its their our his her my your whose".split())


def _attributive(text: str, end: int) -> bool:
    """The name is followed by a lower-case noun it qualifies ("the Russia investigation")."""
    rest = text[end:end + 30]
    nxt = rest.split(maxsplit=1)[0] if rest[:1] == " " and rest.strip() else ""
    word = nxt.strip(".,;:!?\"'\u201d").lower()
    return bool(word) and word.isalpha() and nxt[:1].islower() and word not in _NOT_ATTRIBUTIVE \
        and not word.endswith("ed")


_OPEN_QUOTES, _CLOSE_QUOTES = "\u201c\u00ab", "\u201d\u00bb"


def _in_quotation(prose: str, block_start: int, pos: int) -> bool:
    """``pos`` is inside a direct quotation of its paragraph (a quotation may run on to the end
    of the paragraph, as a quotation carried into the next paragraph does)."""
    before = prose[block_start:pos]
    opened = sum(map(before.count, _OPEN_QUOTES))
    if opened:
        return opened > sum(map(before.count, _CLOSE_QUOTES))
    return before.count('"') % 2 == 1


def _after_the(text: str, start: int, sent_start: int) -> bool:
    return text[max(sent_start, start - 4):start] in ("the ", "The ")


def _name_fix(text: str, start: int, end: int, canonical: str, takes_the: bool, sent_start: int) -> tuple[int, int, str]:
    """Replace the form with the canonical name, adding or dropping "the" as the name needs."""
    has_the = _after_the(text, start, sent_start)
    if takes_the and not has_the:
        prev = text[sent_start:start].split()[-1:]
        if prev and prev[0].lower().strip("\"'\u201c(") in _DETERMINERS:
            return start, end, canonical  # "a Holland team" -> "a Netherlands team"
        return start, end, ("The " if start == sent_start else "the ") + canonical
    if has_the and not takes_the:
        possessive = text[end:end + 2] in ("'s", "\u2019s")
        if possessive or not _attributive(text, end):
            # "the Russian Federation's army" -> "Russia's army"; "the Russian Federation said" -> "Russia said"
            article = text[start - 4:start - 1]
            name = canonical if article == "the" else canonical[:1].upper() + canonical[1:]
            return start - 4, end, name
    return start, end, canonical


# --- NL203 ----------------------------------------------------------------------------------

#: nouns that make a phrase a title ("special counsel", "attorney general", "prime minister")
TITLE_NOUNS = frozenset("""
    counsel general minister secretary president director chairman chairwoman chair chief
    executive officer governor senator judge commissioner chancellor ambassador attorney
    spokesman spokeswoman spokesperson adviser advisor mayor speaker leader treasurer prosecutor
    inspector superintendent commander admiral editor vice deputy
""".split())


#: head nouns of institutional names ("Labour Party", "Supreme Court"), whose capital letter is
#: part of the name
NAME_HEADS = frozenset("""
    party council court department committee commission agency ministry union association
    federation authority board exchange institute foundation
""".split())


#: connectors after a head noun that carry the name on ("Bank for International Settlements")
_NAME_GOES_ON = CONNECTORS - {"the", "and", "on"}


class InconsistentCapitalisation(Rule):
    """
    ## What it does
    Finds a title capitalised in one place and lower-cased in another in the same article
    ("Special Counsel" and "special counsel"). It follows the news convention that a formal
    title is capitalised directly before a name ("Prime Minister Tony Blair") and lower-cased
    elsewhere ("the prime minister said"), so it reports only the differences the convention
    does not explain: a capitalised title that is not followed by a name, in an article that
    elsewhere writes the same title in lower case (the fix lower-cases it), and a title in lower
    case directly before a name, in an article that elsewhere capitalises it before a name (the
    fix capitalises it). A title that is part of a longer name ("Office of the Special Counsel",
    "Prime Minister's Questions") is left alone.

    It also finds a two-word name of an institution whose head noun is capitalised in one place
    and not in another ("the Labour Party", "Labour party members"; likewise court, council,
    committee, department and the like). The rarer form is reported, with a fix to the
    commoner; when both are used equally often, the second is reported, without a fix.

    ## Why it matters
    Capitalisation that changes from paragraph to paragraph is a sign of copy stitched together
    from several sources, or rewritten by a machine, and it looks careless.

    ## Example
    ```text
    The inquiry is now led by Special Counsel and former prosecutor Ann Hale.

    The appointment of a special counsel was announced on Monday.
    ```

    ## Instead
    ```text
    The inquiry is now led by special counsel and former prosecutor Ann Hale.
    ```
    """

    code = "NL203"
    name = "inconsistent-capitalisation"
    severity = Severity.WARNING
    summary = "A title capitalised in one place and lower-cased in another, against news convention."

    def check(self, doc: Document) -> Iterable[Finding]:
        analysis = analyse(doc)
        yield from self._titles(doc, analysis)
        if not NAME_HEADS.isdisjoint(analysis.lowers):
            yield from self._names(doc, analysis)

    def _names(self, doc: Document, analysis: Any) -> Iterable[Finding]:
        """A two-word name whose head noun is capitalised in one place and not in another
        ("the Democratic Party", "Democratic party unity"): the rarer form is reported, with a fix
        to the commoner; as many of each, the second form, without a fix."""
        texts, lowers, caps, initial = analysis.texts, analysis.lowers, analysis.capitalised, analysis.initial
        sentence, starts, ends = analysis.sentence, analysis.starts, analysis.ends
        n = len(texts)
        forms: dict[tuple[str, str], dict[bool, list[int]]] = {}
        for j in range(1, n):
            if lowers[j] not in NAME_HEADS:
                continue
            i = j - 1
            if not caps[i] or initial[i] or sentence[i] != sentence[j] or ends[i] + 1 != starts[j] \
                    or not texts[i].isalpha() or not texts[j].isalpha() or is_acronym(texts[i]):
                continue
            # the modifier opens the name: no capitalised word before it ("Royal Bank of ...")
            if i > 0 and sentence[i - 1] == sentence[i] and caps[i - 1] and not initial[i - 1]:
                continue
            # nor does the name go on ("Japanese Bank for International Cooperation", "Party Chair")
            if j + 1 < n and sentence[j + 1] == sentence[j] and (caps[j + 1] or lowers[j + 1] in _NAME_GOES_ON):
                continue
            forms.setdefault((texts[i], lowers[j]), {}).setdefault(caps[j], []).append(i)
        for by_case in forms.values():
            if len(by_case) < 2:
                continue
            upper, lower = by_case[True], by_case[False]
            if len(upper) == len(lower):
                first, second = sorted((upper, lower), key=lambda idx: idx[0])
                minor, major, fix = second, first, False
            else:
                minor, major = sorted((upper, lower), key=len)
                fix = True
            m_start, m_end = starts[major[0]], ends[major[0] + 1]
            model = doc.text[m_start:m_end]
            for i in minor:
                start, end = starts[i], ends[i + 1]
                phrase = doc.text[start:end]
                yield self.finding(
                    doc, start, end,
                    f"{_quote(phrase)} is written {_quote(model)} on line {doc.position(m_start).line}; "
                    + ("capitalise the name one way throughout" if fix
                       else "check which is the name's style and use it throughout"),
                    related=[self.related(doc, m_start, m_end, f"{_quote(model)} here")],
                    fix=(start, end, model) if fix else None,
                    fix_description="write the name as elsewhere" if fix else "",
                )

    def _titles(self, doc: Document, analysis: Any) -> Iterable[Finding]:
        lowers = analysis.lowers
        if TITLE_NOUNS.isdisjoint(lowers):
            return
        texts, sentence, starts, ends = analysis.texts, analysis.sentence, analysis.starts, analysis.ends
        # phrases of two or three words that end in a title noun, keyed by their lower-case form,
        # in the order they start
        found: list[tuple[int, int]] = []
        for j in [j for j, w in enumerate(lowers) if w in TITLE_NOUNS]:
            if not texts[j].isalpha():
                continue
            for i in (j - 1, j - 2):
                if i < 0:
                    break
                # one sentence, words only, one character apart, no connector ("of the")
                if sentence[i] != sentence[j] or not texts[i].isalpha() or ends[i] + 1 != starts[i + 1] \
                        or lowers[i] in CONNECTORS:
                    break
                found.append((i, j))
        if not found:
            return
        found.sort()
        occurrences: dict[str, list[tuple[int, int]]] = {}
        for i, j in found:
            occurrences.setdefault(" ".join(lowers[i:j + 1]), []).append((i, j))
        caps, initial = analysis.capitalised, analysis.initial
        tokens = None
        reported: set[int] = set()
        for key, spans in occurrences.items():
            capitalised = [(i, j) for i, j in spans if all(caps[i:j + 1])]
            lowered = [(i, j) for i, j in spans if not any(caps[i + 1:j + 1]) and (not caps[i] or initial[i])]
            if not capitalised or not lowered:
                continue
            if tokens is None:
                tokens = analysis.tokens
            yield from self._lower_before_name(doc, tokens, capitalised, lowered, reported)
            low_i, low_j = lowered[0]
            low_start, low_end = tokens[low_i].start, tokens[low_j].end
            for i, j in capitalised:
                if i in reported or self._before_name(doc.text, tokens, j) or self._inside_name(tokens, i):
                    continue
                reported.add(i)
                start, end = tokens[i].start, tokens[j].end
                phrase = doc.text[start:end]
                lower = phrase.lower()
                if tokens[i].initial:
                    lower = lower[:1].upper() + lower[1:]
                yield self.finding(
                    doc, start, end,
                    f"{_quote(phrase)} is capitalised here but written {_quote(doc.text[low_start:low_end])} "
                    f"on line {doc.position(low_start).line}; a title is capitalised only directly before a name",
                    related=[self.related(doc, low_start, low_end, "lower case here")],
                    fix=(start, end, lower),
                    fix_description="lower-case the title",
                )

    def _lower_before_name(self, doc: Document, tokens: list[Token], capitalised: list[tuple[int, int]],
                           lowered: list[tuple[int, int]], reported: set[int]) -> Iterable[Finding]:
        """A title lower-cased directly before a name where the article capitalises it there too."""
        model = next(((i, j) for i, j in capitalised if self._before_name(doc.text, tokens, j)), None)
        if model is None:
            return
        cap_start, cap_end = tokens[model[0]].start, tokens[model[1]].end
        for i, j in lowered:
            if i in reported or tokens[i].initial or not self._before_name(doc.text, tokens, j):
                continue
            reported.add(i)
            start, end = tokens[i].start, tokens[j].end
            yield self.finding(
                doc, start, end,
                f"{_quote(doc.text[start:end])} is lower case before a name here but written "
                f"{_quote(doc.text[cap_start:cap_end])} before a name on line {doc.position(cap_start).line}; "
                "a title directly before a name is capitalised",
                related=[self.related(doc, cap_start, cap_end, "capitalised here")],
                fix=(start, end, doc.text[cap_start:cap_end]),
                fix_description="capitalise the title",
            )

    @staticmethod
    def _before_name(text: str, tokens: list[Token], j: int) -> bool:
        """The title runs straight into a capitalised name ("Special Counsel Robert Mueller"), or is
        the possessive part of one ("Prime Minister's Questions")."""
        if j + 1 >= len(tokens):
            return False
        nxt = tokens[j + 1]
        if nxt.sentence != tokens[j].sentence or not nxt.capitalised:
            return False
        gap = text[tokens[j].end:nxt.start]
        return gap == " " or gap in ("'s ", "\u2019s ")

    @staticmethod
    def _inside_name(tokens: list[Token], i: int) -> bool:
        """Part of a longer capitalised name ("Office of the Special Counsel", "Deputy Prime Minister Smith")."""
        if i == 0:
            return False
        prev = tokens[i - 1]
        if prev.sentence != tokens[i].sentence:
            return False
        if prev.capitalised and not prev.initial and prev.end + 1 == tokens[i].start:
            return True
        k = i - 1
        while k >= 0 and tokens[k].sentence == tokens[i].sentence and tokens[k].text in ("of", "the", "for"):
            k -= 1
        if k < i - 1 and k >= 0 and tokens[k].sentence == tokens[i].sentence and tokens[k].capitalised:
            return not (tokens[k].initial and tokens[k].text in _FUNCTION_WORDS)
        return False


RULES = [EntitySpelling, NonStandardName, InconsistentCapitalisation]
