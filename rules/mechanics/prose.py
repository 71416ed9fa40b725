"""The prose the mechanics rules read, shared by all of them.

The document's prose mask already blanks markup, code and (in plain text) web addresses. The
mechanics rules look at single characters around punctuation, so they also need e-mail
addresses, domain and file names, social-media handles and stray code blanked: "example.com"
is not a missing space and "report.pdf" is not a stray full stop. Quoted social-media posts are
left out altogether: a copy editor does not correct the spelling of a tweet.

Every pattern here is anchored at the start of a token (a look-behind that fails at once
anywhere else), so each token is scanned a bounded number of times and the work is linear in
the length of the article.
"""

from __future__ import annotations

import bisect
import functools
import re
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:  # pragma: no cover
    from newslint.document import Block, Document

_GENERIC_DOMAINS = "com|org|net|gov|edu|info|biz|news|online|mil|int"
# country codes only in lower case: "Kuwait.He" is a missing space, not a domain in Haiti
_COUNTRY_DOMAINS = "uk|us|ca|au|nz|ie|de|fr|es|it|nl|be|ch|ru|cn|jp|in|eu|io|co|ly|me|tv|fm|ai|gl"
_FILE_SUFFIXES = "pdf|docx?|xlsx?|pptx?|txt|csv|jpe?g|png|gif|svg|mp[34]|mov|zip|html?|php|aspx?|exe|json|xml|md"

# a web address, with the brackets around it left out (but those inside it kept)
_WEB_ADDRESS = (r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"\u201c\u201d()\[\]]+"
                r"(?:\([^\s()]*\)[^\s<>\"\u201c\u201d()\[\]]*)*")
#: what may follow an address and is not part of it
_TRAILING = ")]}.,;:!?'\"\u201d\u2019"
_NOT_LINE_BREAK = re.compile(r"[^\r\n]")

_NOT_WORDS = "|".join([
    _WEB_ADDRESS,
    r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+",                           # e-mail addresses
    rf"(?<![\w.-])[\w-]+(?:\.[\w-]+)*\.(?i:{_GENERIC_DOMAINS})\b(?:/[^\s()\[\]]*)?",  # domain names
    rf"(?<![\w.-])[\w-]+(?:\.[\w-]+)*\.(?:{_COUNTRY_DOMAINS})\b(?:/[^\s()\[\]]*)?",
    rf"(?<![\w.-])[\w-]+(?:\.[\w-]+)*\.(?i:{_FILE_SUFFIXES})\b",           # file names
    r"(?<![\w@#])[@#]\w+",                                                 # handles and hashtags
    r"(?<!\S)[^\s()\[\]]*(?:[={}<>\\|_]|::|&[A-Za-z]+;|&#\d+;)[^\s()\[\]]*",   # code, markup, entities
])

_SOCIAL_POST = r"pic\.twitter\.com/|\((?:@\w{1,15}\)|\);)|^A (?:photo|video) posted by"
# script and markup left in scraped copy: braces, "();" (above), "function(" and HTML comments
# never occur in news prose
_CODE = r"[{}]|\bfunction\s*\(|<!--"
#: a post or code needs one of these, looked for before the patterns are
_CLUES = ("pic.twitter.com/", "(@", "();", "posted by", "{", "}", "function", "<!--")
# the signature under an embedded post, when it is a paragraph of its own: "— Ann Lee (@annlee) May 2"
_SIGNATURE = r"[\u2014\u2013-]"
_BULLET = r"[\u2022\u00b7\u25aa\u2023\u25e6*+\u2013\u2014-]\s|\d{1,3}[.)]\s"


# a character that every non-word above contains: tokens without one are never looked at again
# (one character class first, then what must follow a full stop or a colon: the fastest search)
_SUSPECT = r"[@#=&{}<>\\|_.:](?:(?<=\.)[^\W\d_]|(?<=:)(?::|//)|(?<=[^.:]))"
#: the longest stretch either side of a suspect character that is read as its token; longer
#: tokens are read in pieces, which keeps the work linear however long a "word" is
_TOKEN_REACH = 200
_TOKEN_END = r"[^\s()\[\]]*"
_TOKEN_BOUNDS = " \n\r\t()[]"


@functools.cache
def _patterns() -> tuple[re.Pattern, ...]:
    """Compiled on first use: a run that selects no mechanics rule never pays for them."""
    return (re.compile(_NOT_WORDS), re.compile(f"{_SOCIAL_POST}|{_CODE}", re.M), re.compile(_BULLET),
            re.compile(_SIGNATURE), re.compile(_WEB_ADDRESS), re.compile(_SUSPECT), re.compile(_TOKEN_END))


def blank_non_words(prose: str) -> str:
    """``prose`` with addresses, file names, handles and code-like tokens blanked (same length).

    The patterns are tried only on the tokens around a suspect character (an "@", a full stop
    followed by a letter, "="…), found by one fast scan: most words of an article have none.
    """
    not_words, suspect, token_end = _patterns()[0], _patterns()[5], _patterns()[6]
    pieces = []
    last = 0  # the end of the text already copied (or blanked)
    done = 0  # the end of the last token read
    for hit in suspect.finditer(prose):
        pos = hit.start()
        if pos < done:
            continue
        floor = max(done, pos - _TOKEN_REACH)
        start = max(floor, *(prose.rfind(ch, floor, pos) + 1 for ch in _TOKEN_BOUNDS))
        end = token_end.match(prose, pos, min(len(prose), pos + _TOKEN_REACH)).end()
        for m in not_words.finditer(prose, start, end):
            if m.start() < last:
                continue
            pieces.append(prose[last:m.start()])
            pieces.append(_NOT_LINE_BREAK.sub(" ", m.group()))
            last = m.end()
        done = max(end, pos + 1)
    if not pieces:
        return prose
    pieces.append(prose[last:])
    return "".join(pieces)


def _restore_after_addresses(text: str, prose: str) -> str:
    """Give back the punctuation that the document's mask took with a web address.

    The mask blanks "http://…" up to the next space, so in "(see http://example.com)." the
    bracket and the full stop go too. They are prose; the address is not.
    """
    if "://" not in text and "www." not in text:
        return prose
    chars = None
    for m in _patterns()[4].finditer(text):
        start, j = m.start(), m.end()
        if start > 0 and prose[start - 1] != text[start - 1]:
            continue  # the address sits in markup (a link, code): leave it blanked
        while j < len(text) and text[j] in _TRAILING and prose[j] != text[j]:
            if chars is None:
                chars = list(prose)
            chars[j] = text[j]
            j += 1
    return prose if chars is None else "".join(chars)


def mechanics_prose(doc: "Document") -> str:
    """The document's prose with non-words blanked, worked out once per document."""
    return doc.cache.get(("newslint.mechanics", "prose"),
                         lambda: blank_non_words(_restore_after_addresses(doc.text, doc.prose)))


def checked_blocks(doc: "Document") -> tuple["Block", ...]:
    """The body paragraphs, list items and block quotes, without quoted social-media posts or code."""
    def build() -> tuple["Block", ...]:
        _, social, _, signature = _patterns()[:4]
        blocks = doc.paragraphs
        starts = [b.start for b in blocks]
        posts = [False] * len(blocks)
        text = doc.text
        if not any(clue in text for clue in _CLUES):
            return blocks  # nothing that could be a post or code: the common case, found at C speed
        for m in social.finditer(text, starts[0] if starts else 0):  # one pass, not one per block
            i = bisect.bisect_right(starts, m.start()) - 1
            if i >= 0 and m.start() < blocks[i].end:
                posts[i] = True
        signed = [posts[i + 1] and bool(signature.match(doc.text, blocks[i + 1].start))
                  for i in range(len(posts) - 1)] + [False]
        return tuple(b for b, post, sign in zip(blocks, posts, signed) if not (post or sign))

    return doc.cache.get(("newslint.mechanics", "blocks"), build)


def block_matches(doc: "Document", pattern: re.Pattern, text: str,
                  lead: int = 0) -> Iterator[tuple["Block", re.Match]]:
    """The matches of ``pattern`` in ``text`` (the document's text or a mask of it) that lie inside
    one checked block, with that block. A pattern that starts with the ``lead`` characters before
    what it reads (a space before a word) may start that far before the block.

    One scan from the first block to the last, not one per block: starting a scan costs more
    than most paragraphs take to read.
    """
    blocks = checked_blocks(doc)
    if not blocks:
        return
    starts = [b.start for b in blocks]
    for m in pattern.finditer(text, max(0, blocks[0].start - lead), blocks[-1].end):
        i = bisect.bisect_right(starts, m.start() + lead) - 1
        if i >= 0 and m.end() <= blocks[i].end:
            yield blocks[i], m


def is_bullet(doc: "Document", block: "Block") -> bool:
    """A list item, or a plain-text line that starts with a bullet or a number."""
    return block.kind == "list_item" or bool(_patterns()[2].match(doc.text, block.start))


def shown(text: str, limit: int = 60) -> str:
    """Text quoted for a message: white space folded, long text cut, in curly quotation marks."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "\u2026"
    return f"\u201c{text}\u201d"


#: no word is longer: the scans below stop there, so a "word" of a million letters costs no more
WORD_REACH = 40


def token_before(text: str, end: int, start: int) -> str:
    """The run of letters, apostrophes, hyphens and full stops that ends at ``end`` (at most
    ``WORD_REACH`` characters)."""
    i = end
    floor = max(start, end - WORD_REACH)
    while i > floor and (text[i - 1].isalpha() or text[i - 1] in "'\u2019.-"):
        i -= 1
    return text[i:end]


def word_after(text: str, pos: int, end: int) -> str:
    """The run of letters, digits, apostrophes and hyphens that starts at ``pos`` (at most
    ``WORD_REACH`` characters)."""
    j = pos
    ceiling = min(end, pos + WORD_REACH)
    while j < ceiling and (text[j].isalnum() or text[j] in "'\u2019-"):
        j += 1
    return text[pos:j]
