"""A page an OCR set out character by character (``本 报 讯 连 日 来 ，``).

Some OCR engines put a space between every two Chinese characters they
read. No paper prints its text so: on a page where most characters stand
apart, the single spaces between two of them go (``本报讯 连日来，``), and a
wider gap stays one space, as the words it parted. Every character is kept;
a page whose characters mostly stand together (a spaced-out masthead, ``河 洛
日 报``, or a headline ``简  讯`` on an ordinary page) is left as it is.
"""

from __future__ import annotations

import re
from itertools import islice

from reader.text.han import HAN

# A hanzi or a Chinese punctuation mark: what an OCR sets apart.
_CJK = rf"(?:{HAN}|[，。、；：！？“”‘’（）《》【】…—·])"
SPACED_RE = re.compile(rf" (?<={_CJK} )(?={_CJK})")  # one space between two (the space first: found in C)
JOINED_RE = re.compile(rf"{_CJK}{_CJK}")  # two together
GAP_RE = re.compile(rf"(?<={_CJK})[ \t]{{2,}}(?={_CJK})")  # a wider gap: where the words parted
SPACED_FROM = 40  # spaced pairs on a page before it is looked at (most pages have none)


def is_spaced_out(text: str) -> bool:
    """Whether most of the page's characters stand one space apart."""
    if len(list(islice(SPACED_RE.finditer(text), SPACED_FROM))) < SPACED_FROM:
        return False
    return len(SPACED_RE.findall(text)) > len(JOINED_RE.findall(text))


def unspaced(text: str) -> str:
    """The page's text with its characters together again, if an OCR set them apart (else as it is)."""
    if not is_spaced_out(text):
        return text
    return GAP_RE.sub(" ", SPACED_RE.sub("", text))
