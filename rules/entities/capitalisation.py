"""NL203 inconsistent-capitalisation: one title or name capitalised two ways."""

from __future__ import annotations

from bisect import bisect_right
from typing import Any, Iterable

from newslint import Document, Finding, Rule, Severity

from ..analysis.entity_tokens import CAPITALISED_FUNCTION_WORDS, CONNECTORS, Token, analyse, in_quotation, is_acronym
from ..analysis.words import quoted as _quote


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


#: words before a title that make it another office ("shadow chancellor", "former president")
TITLE_MODIFIERS = frozenset("""
    shadow former ex then acting deputy vice interim outgoing incoming late future assistant
    junior senior honorary caretaker
""".split())

#: words before "Conservative association" that make it a common noun, not a name
_GENERIC_BEFORE = frozenset("""
    a an every each any another its his her their our my your local regional county district
    constituency branch rival sister parent whose
""".split())


def _modifier_before(lowers: list[str], sentence: list[int], i: int) -> str:
    """The modifier directly before a title ("shadow", "former"), or ""."""
    if i > 0 and sentence[i - 1] == sentence[i]:
        word = lowers[i - 1].rstrip("-")
        if word in TITLE_MODIFIERS:
            return word
    return ""


def _block_start(doc: Document, offset: int) -> int:
    """Where the block holding ``offset`` starts."""
    blocks = doc.blocks
    k = bisect_right([b.start for b in blocks], offset) - 1
    return blocks[k].start if k >= 0 and offset < blocks[k].end else offset


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
    "Prime Minister's Questions") is left alone, and so is a title after a word that makes it
    another office ("Shadow Chancellor", "former Chief Executive", "then Economic Adviser": compared
    only with the same modified title), and a capitalised title inside a direct quotation (the
    speaker's way of naming the office).

    It also finds a two-word name of an institution whose head noun is capitalised in one place
    and not in another ("the Labour Party", "Labour party members"; likewise court, council,
    committee, department and the like). The rarer form is reported, with a fix to the
    commoner; when both are used equally often, the second is reported, without a fix. A
    lower-case head noun after a determiner or a word such as "local" ("the local Conservative
    association", "its Labour party") is a common noun, not the name, and is left alone.

    ## Why it matters
    Capitalisation that changes from paragraph to paragraph is a sign of copy stitched together
    from several sources, or rewritten by a machine, and it looks careless.

    ## Example
    ```text
    Counsel named in harbour inquiry

    The inquiry is now led by Special Counsel and former prosecutor Ann Hale.

    The appointment of a special counsel was announced on Monday.
    ```

    ## Instead
    ```text
    Counsel named in harbour inquiry

    The inquiry is now led by special counsel and former prosecutor Ann Hale.

    The appointment of a special counsel was announced on Monday.
    ```
    """

    code = "NL203"
    name = "inconsistent-capitalisation"
    severity = Severity.WARNING
    summary = "A title capitalised in one place and lower-cased in another, against news convention."
    #: judged precision of its findings on the corpus halves it was not tuned on (benchmarks/precision.py)
    confidence = 0.8

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
            # "the local Conservative association": a common noun, not the association's name
            if not caps[j] and i > 0 and sentence[i - 1] == sentence[i] and lowers[i - 1] in _GENERIC_BEFORE:
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
            # "shadow chancellor", "former prime minister": another office than the title alone
            modifier = _modifier_before(lowers, sentence, i)
            key = " ".join(lowers[i:j + 1])
            occurrences.setdefault(f"{modifier} {key}" if modifier else key, []).append((i, j))
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
                if in_quotation(doc.prose, _block_start(doc, tokens[i].start), tokens[i].start):
                    continue  # a speaker's own way of naming the office
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
        model = next(((i, j) for i, j in capitalised if self._before_name(doc.text, tokens, j)
                      and not in_quotation(doc.prose, _block_start(doc, tokens[i].start), tokens[i].start)), None)
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
            return not (tokens[k].initial and tokens[k].text in CAPITALISED_FUNCTION_WORDS)
        return False
