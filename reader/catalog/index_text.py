"""How an article is written into the archive's search index, and read back.

An article's *body* is each of its searchable fields folded as search folds
them (``search.fold``), with all whitespace removed, the fields joined by
``FIELD_MARK``. Matching a term with spaces allowed between its characters
(what the matcher does) is then finding it as a plain substring. The body is
never stored: it is made again from the article when a search reads it.

The *words* index holds each body as overlapping pairs of characters
(bigrams, as Lucene's CJK analyzer cuts Chinese): "北国花城" is 北国 国花 花城,
and the last character of a body stands alone. Every character starts a
token, so a term of one character is a prefix query, a term of two one token,
and a longer term all of its pairs (the matcher then checks their order). The
pairs go to FTS5's ``ascii`` tokenizer, which keeps every non-ASCII character
in a token and cuts at ASCII punctuation, the same way for the text and the
query: what a pair becomes there, it becomes here.

A long body is indexed in overlapping chunks (``chunks``), so one huge line
never makes one huge index row; a term is always whole in some chunk.

A pinyin query is narrowed on the same pairs: each two syllables in a row
can only be a pair of the characters they stand for (``words.pinyin_query``).
"""

from __future__ import annotations

import operator
import re
from array import array
from functools import lru_cache
from typing import TYPE_CHECKING

from reader.search.folding import fold, fold_text

if TYPE_CHECKING:
    from reader.core.model import Article

CHUNK_CHARS = 1 << 16  # a body's characters per index row
CHUNK_OVERLAP = 256  # more than a query can hold (``search.MAX_QUERY_CHARS``): a term is whole in some chunk
ID_BITS = 40  # an index row's id: the article's id, its chunk number above
ID_MASK = (1 << ID_BITS) - 1
FIELD_MARK = "\x1f"  # whitespace to ``\\s``, so never left inside a stripped field
SPACE = re.compile(r"\s+")


def body_of(article: Article) -> str:
    """The article's searchable text as the index holds it."""
    return FIELD_MARK.join(SPACE.sub("", fold_text(text)) for _, _, text in article.searchable_fields())


def chunks(body: str) -> list[tuple[int, str]]:
    """``(number, text)`` of each index row of a body: a short body is one."""
    count = max(1, -(-(len(body) - CHUNK_OVERLAP) // CHUNK_CHARS))
    return [(k, body[k * CHUNK_CHARS : (k + 1) * CHUNK_CHARS + CHUNK_OVERLAP]) for k in range(count)]


def row_id(doc: int, chunk: int) -> int:
    """An index row's id: ``doc`` (``rowid & ID_MASK`` gives it back), the chunk above it."""
    return doc | (chunk << ID_BITS)


def words(text: str) -> str:
    """``text`` as the words index holds it: each character with the next, the last alone."""
    if not text:
        return ""
    return " ".join([*map(operator.add, text, text[1:]), text[-1]])


def is_exact_token(text: str) -> bool:
    """Whether ``text`` is one token of the ``ascii`` tokenizer as it stands
    (non-ASCII, or ASCII letters and digits): then the index's answer for it
    is exact, not only a narrowing."""
    return bool(text) and all(not ch.isascii() or ch.isalnum() for ch in text)


def has_token(text: str) -> bool:
    """Whether the ``ascii`` tokenizer finds any token in ``text``."""
    return any(not ch.isascii() or ch.isalnum() for ch in text)


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
