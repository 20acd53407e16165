"""How an article is written into the archive's search index, and read back.

An article's *body* in the index is each of its searchable fields folded as
search folds them (``search.fold``), with all whitespace removed, the fields
joined by ``FIELD_MARK``. Matching a term with spaces allowed between its
characters (what the scan does) is then the same as finding it as a plain
substring: that is what the trigram index can answer. ``locate`` maps a match
in a body back to the field and the characters as printed.

The *initials* column holds, for each character of the body, the first letter
of its first (most common) pinyin reading (行 is ``x``, though it is also
hang; other characters are kept), so a pinyin query can be narrowed by the
same index before the real matcher runs. The query side asks, for each
syllable, the letters that column holds for *every* character the syllable
can stand for (``hang`` asks ``h`` and ``x``, because of 行), so no reading
is ever missed.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable
from functools import lru_cache

from reader.core.model import Article
from reader.search.folding import fold

FIELD_MARK = "\x1f"  # whitespace to ``\\s``, so never left inside a stripped field
SPACE = re.compile(r"\s+")


def is_hanzi(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def body_of(article: Article) -> str:
    """The article's searchable text as the index holds it."""
    return FIELD_MARK.join(SPACE.sub("", fold(text)[0]) for _, _, text in article.searchable_fields())


def locate(article: Article, body: str, start: int, end: int) -> tuple[str, int | None, int, int] | None:
    """A match at ``start:end`` of ``body`` (``body_of(article)``) as ``(field,
    block, offset, length)`` in the field's text as printed, or None. Only the
    field holding the match is folded again."""
    field = body.count(FIELD_MARK, 0, start)
    field_start = body.rfind(FIELD_MARK, 0, start) + 1
    lo, hi = start - field_start, end - field_start
    if hi <= lo or FIELD_MARK in body[start:end]:
        return None
    for number, (name, block, text) in enumerate(article.searchable_fields()):
        if number != field:
            continue
        folded, origin = _folded(text)
        first, last = _unstripped(folded, lo), _unstripped(folded, hi - 1)
        if last >= len(folded):
            return None
        if origin is not None:
            first, last = origin[first], origin[last]
        return name, block, first, last + 1 - first
    return None


@lru_cache(maxsize=64)
def _folded(text: str) -> tuple[str, array[int] | None]:
    return fold(text)  # hits come field by field: one field's several hits fold it once


def _unstripped(folded: str, k: int) -> int:
    """Where the ``k``-th non-space character of ``folded`` is (walking the
    runs of spaces, which are few, not the characters)."""
    skipped = 0
    for run in SPACE.finditer(folded):
        if run.start() - skipped > k:
            break
        skipped += run.end() - run.start()
    return k + skipped


class Initials:
    """First letters of pinyin, per character, computed once per character."""

    def __init__(self) -> None:
        self._table: dict[int, str] = {}

    def learn(self, characters: Iterable[str]) -> None:
        new = [ch for ch in characters if is_hanzi(ch) and ord(ch) not in self._table]
        if not new:
            return
        from pypinyin import Style, pinyin  # lazy: only when an archive is indexed

        for ch in new:
            readings = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
            first = next((r[0].lower() for r in (readings[0] if readings else []) if r and r[0].isascii()
                          and r[0].isalpha()), "?")
            self._table[ord(ch)] = first

    def of(self, body: str) -> str:
        """The initials column for a body (``learn`` its characters first)."""
        return body.translate(self._table)

    def letter(self, ch: str) -> str:
        """What the initials column holds for ``ch``."""
        return self._table.get(ord(ch), ch)
