"""Tokens of an article's prose as the entity-name rules see them.

A token is one word of a body paragraph with its possessive stripped ("Trump's" → "Trump"), and
whether it opens a sentence (or a quotation, or follows a colon), where a capital letter says
nothing about whether the word is a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from newslint import Document

_POSSESSIVE_RE = re.compile(r"(?:['\u2019]s|(?<=s)['\u2019])$")
#: characters after which a capital letter is expected whatever the word
_OPENERS = set("\"\u201c\u2018'(:\u2014-[")

#: small words that sit inside names ("Bank of England", "Ludwig van Beethoven")
CONNECTORS = frozenset("of the de van von der den da di du le la al bin ibn del y and for on".split())

#: honorifics and courtesy titles that precede a surname
HONORIFICS = frozenset("Mr Mrs Ms Miss Mx Dr Sir Dame Lord Lady Prof Professor Rev Fr Sr Jr".split())


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    #: the first word of a sentence, a quotation or a clause after a colon
    initial: bool
    #: index of the sentence in the document
    sentence: int

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def acronym(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        # "BBC", "GMs" and "WiFi" are not names to spell-check; "McManus" and "DeLay" are
        return len(letters) > 1 and sum(c.isupper() for c in letters) * 2 > len(letters)


def body_tokens(doc: Document, kinds: Iterable[str] | None = None) -> list[Token]:
    """Tokens of the body paragraphs (or of the blocks of ``kinds``), in order."""
    blocks = doc.paragraphs if kinds is None else [b for b in doc.blocks if b.kind in set(kinds)]
    out: list[Token] = []
    sentence_no = 0
    text = doc.text
    for block in blocks:
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
                initial = i == 0 or (j >= sentence.start and text[j] in _OPENERS)
                out.append(Token(text[w.start:end], w.start, end, initial, sentence_no))
    return out


def is_wordlike(word: str) -> bool:
    return word.replace("-", "").replace("'", "").replace("\u2019", "").isalpha()
