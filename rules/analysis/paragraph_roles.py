"""What part a short paragraph plays in the story's layout, read from its shape and its neighbours.

A paragraph that shares no words with the paragraphs around it is not a stray when its place in
the layout ties it in: it carries on a quotation opened in the paragraph before (the open-quote
convention: a quoted paragraph that goes on into the next one has no closing mark), it introduces
the quotation that follows, it is one item of a list, a timeline or a question-and-answer
exchange, or it is a question the next paragraph answers. Web furniture (captions, credits, embed
lines) sits between paragraphs without being one of them.

Every function reads plain, white-space-folded paragraph text; nothing is read from disk.
"""

from __future__ import annotations

import re

_OPEN_CURLY, _CLOSE_CURLY = "\u201c\u00ab\u201e", "\u201d\u00bb"
_QUOTE_START = "\"\u201c\u201e\u00ab'\u2018"


def opens_with_quote(text: str) -> bool:
    return text.lstrip()[:1] in _QUOTE_START


def leaves_quote_open(text: str) -> bool:
    """The paragraph opens a quotation and does not close it: the quotation goes on in the next
    paragraph (the open-quote convention)."""
    opened = sum(map(text.count, _OPEN_CURLY))
    if opened:
        return opened > sum(map(text.count, _CLOSE_CURLY))
    return text.count('"') % 2 == 1


#: speech and writing verbs that introduce what someone said or wrote
_INTRODUCES = (
    r"\b(?:said|says|told|tells|wrote|writes|added|adds|explained|explains|tweeted|posted|posts|read|reads|"
    r"stated|states|continued|commented|replied|responded|announced|declared|insisted|warned|noted|"
    r"statement|message|letter|note|post|tweet|according to|put it|asked|quoted|reported)\b"
)


def introduces_quotation(text: str, following: str) -> bool:
    """A one-line paragraph that introduces the quotation the next paragraph holds ("In a
    statement, the club said it would appeal." before the quoted statement)."""
    return opens_with_quote(following) and bool(re.search(_INTRODUCES, text, re.IGNORECASE))


_FORWARD = (
    r"\b(?:here's|here is|here are|heres|the following|as follows|below|this is how|this is what|"
    r"these are|that's not all|there's more|consider this|take this|for example|for instance|"
    r"in other words|the reason|the answer|the result|the details|the question)\b"
)


def points_forward(text: str) -> bool:
    """A transition that announces the next paragraph ("Here is how it works.")."""
    return bool(re.search(_FORWARD, text, re.IGNORECASE))


def is_question(text: str) -> bool:
    """A paragraph ending in a question: a rhetorical beat, or a question the next one answers."""
    return text.rstrip(" \"'\u201d\u2019)").endswith("?")


_SHAPES = (
    ("numbered", r"^\(?\d{1,3}[.)]\s"),
    ("lettered", r"^\(?[a-hA-H][.)]\s"),
    ("question", r"^(?:q|question)\s*[:.)-]\s"),
    ("answer", r"^(?:a|answer)\s*[:.)-]\s"),
    ("dated", r"^(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\d{1,2}\s+"
              r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|(?:19|20)\d\d\s*[:\u2013\u2014-]|"
              r"\d{1,2}[:.]\d\d\s*(?:am|pm|a\.m\.|p\.m\.)?\s*[:\u2013\u2014-]?)"),
    ("speaker", r"^[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*){0,2}\s*:\s"),
    ("bullet", r"^[-\u2013\u2014\u2022*\u25aa\u25cf>]\s*"),
)


def layout_shape(text: str) -> str | None:
    """The kind of entry a paragraph's opening makes it: a numbered or lettered item, a question or
    an answer, a dated entry of a timeline, a speaker's turn in a transcript, a bullet."""
    head = text.lstrip()[:40]
    for name, pattern in _SHAPES:
        if re.match(pattern, head, re.IGNORECASE if name not in ("speaker",) else 0):
            return name
    return None


def same_sequence(shape: str | None, other: str) -> bool:
    """Whether a paragraph of ``shape`` and ``other`` are entries of one list, timeline or exchange."""
    if shape is None:
        return False
    theirs = layout_shape(other)
    if theirs is None:
        return False
    return theirs == shape or {theirs, shape} == {"question", "answer"}


#: credit and embed markers: a line carrying one is a caption, a credit or an embedded post
_FURNITURE = (
    r"^\(?(?:photo|photograph|picture|image|video|watch|gallery|credit|source|caption|graphic|map|"
    r"illustration|pic|footage)s?\s*(?:[:|(/-]|\d|by\b|credit\b)|\((?:photo|picture|image|video|pictured|"
    r"file|getty|ap|afp|reuters|pa)\b[^)]*\)\s*$|\b(?:getty images|ap photo|afp photo|reuters/|/reuters|"
    r"pa wire|shutterstock|via twitter|via facebook|via instagram|pic\.twitter\.com|@\w+\)?\s+\w+ \d{1,2}, \d{4})"
)


_FURNITURE_OPENERS = ("(", "photo", "picture", "image", "video", "watch", "gallery", "credit", "source", "caption",
                      "graphic", "map", "illustration", "pic", "footage")
_FURNITURE_KEYS = ("getty", "ap photo", "afp photo", "reuters", "pa wire", "shutterstock", "via ", "pic.twitter", "@")

#: the longest caption, credit or embed line, in words
FURNITURE_WORDS = 40


def is_furniture(text: str, ends_like_a_sentence: bool, words: int) -> bool:
    """A caption, credit or embed line: short and not a sentence, or carrying a credit or embed
    marker. It sits between paragraphs of the story without being one of them."""
    if words <= 25 and not ends_like_a_sentence:
        return True
    if words > FURNITURE_WORDS:
        return False
    lower = text.lower()
    # most paragraphs carry none of the markers: a few substring tests rule them out
    if not (lower.startswith(_FURNITURE_OPENERS) or lower.endswith(")") or any(k in lower for k in _FURNITURE_KEYS)):
        return False
    return bool(re.search(_FURNITURE, text, re.IGNORECASE))


#: personal pronouns and possessives that point back to a person, and the words that name one
_PERSONAL = {"he": "male", "his": "male", "him": "male", "she": "female", "her": "female"}
_PERSON = {
    "male": r"\b(?:he|him|his|himself|mr|sir|lord|man|men|boy|father|son|husband|brother|actor|king|prince|"
            r"spokesman|chairman)\b",
    "female": r"\b(?:she|her|hers|herself|mrs|ms|miss|lady|dame|woman|women|girl|mother|daughter|wife|sister|"
              r"actress|queen|princess|spokeswoman|chairwoman)\b",
}
_ANYONE = (
    r"\b(?:dr|spokesperson|president|minister|secretary|chief|leader|officer|director|manager|owner|"
    r"player|star|singer|teacher|doctor|vet|judge|lawyer|resident|victim|suspect|[a-z]+-year-old)\b"
)
_FULL_NAME = r"\b[A-Z][a-z]+ [A-Z][a-z]+(?:,| said| told| says| added)"


def needs_a_person(opener: str) -> bool:
    return opener in _PERSONAL


def mentions_a_person(text: str, opener: str = "he") -> bool:
    """Someone a pronoun can point back to: a pronoun or a word for a person that agrees with
    it, a title, or a full name."""
    kind = _PERSONAL.get(opener, "male")
    return bool(re.search(_PERSON[kind], text, re.IGNORECASE) or re.search(_ANYONE, text, re.IGNORECASE)
                or re.search(_FULL_NAME, text))
