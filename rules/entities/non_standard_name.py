"""NL202 non-standard-name: a name in a form newsrooms do not use."""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any, Iterable

from newslint import Document, Finding, Option, Rule, Severity
from newslint.config import ConfigError

from ..analysis.entity_tokens import CAPITALISED_FUNCTION_WORDS, in_quotation, is_acronym
from ..analysis.name_packs import BUILTIN_PACKS, PackSet, active_pack_paths, is_builtin, load_packs
from ..analysis.words import quoted as _quote


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
    #: judged precision of its findings on the corpus halves it was not tuned on (benchmarks/precision.py)
    confidence = 0.9
    options = (
        Option("builtin-packs", list, list(BUILTIN_PACKS),
               "the built-in packs to use, before the packs named in `packs`"),
    )

    def __init__(self, options: dict[str, Any] | None = None, settings: Any = None) -> None:
        super().__init__(options, settings)
        # Load now, in the main process, so a broken pack stops the run with one clear line.
        self.packs = self._load(self.settings, self.config["builtin-packs"])

    @staticmethod
    def _load(settings: Any, builtin: Iterable[str]) -> PackSet:
        names = list(builtin)
        if not all(isinstance(n, str) for n in names):
            raise ConfigError(f"[rules.NL202] builtin-packs: expected a list of pack names, got {names!r}")
        return load_packs(active_pack_paths(settings, names))

    @classmethod
    def explain_settings(cls, settings: Any) -> str:
        builtin = settings.options_for(cls.code)["builtin-packs"]
        lines = ["## Active packs", "", "In the order they apply (a later pack overrides an earlier one):", ""]
        try:
            packs = cls._load(settings, builtin)
        except ConfigError as exc:
            return "\n".join(lines + [f"Error: {exc}"])
        for pack in packs.packs:
            origin = "built-in" if is_builtin(pack.path) else str(pack.path)
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
            if formal and form in entity.official and in_quotation(prose, block.start, start):
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
        return "of" if len(before) > 1 or prev not in CAPITALISED_FUNCTION_WORDS else ""
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
