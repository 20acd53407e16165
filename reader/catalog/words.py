"""What the words index is asked, and what it answers alone.

Each term of a query becomes an FTS5 query on the words index (pairs of
characters, ``index_text``): a character is a prefix, two are one token,
more are all their pairs. Which articles hold a term of one or two
characters that is a whole token is then exact (``index_answers``): a count,
or the files with a hit, need no article read, and come from a covering
index of the articles' ids (``docs_by_id``), not their rows.
"""

from __future__ import annotations

import re
import sqlite3
from typing import TYPE_CHECKING

from reader.catalog.index_text import ID_MASK, SPACE, has_token, is_exact_token
from reader.search.matching import query_terms
from reader.search.pinyin import is_pinyin_query

if TYPE_CHECKING:
    from reader.catalog.database import Catalog
    from reader.search.pinyin import PinyinTable

MAX_PIECES = 24  # pairs of one term asked of the index: enough to narrow, few enough for SQLite
MAX_PAIR_CHOICES = 400  # pairs two syllables in a row can be before they are not worth asking (initials are)
MAX_WINDOWS = 3  # pairs of syllables asked, per way of reading a pinyin query: the choosiest
MAX_PINYIN_PIECES = 4000  # pairs asked in all, over every way of reading it
QUOTED = re.compile(r'"(?:[^"]|"")*"')  # a phrase of an FTS5 query (``phrase``)


def index_answers(catalog: Catalog, terms: list[str], pinyin: bool) -> bool:
    """Whether the words index alone tells which articles hold a hit of
    ``terms``: each is one or two characters that are a whole token (folded,
    spaces removed), and none is read as pinyin."""
    return not pinyin and catalog.indexed and all(
        len(t) <= 2 and is_exact_token(t) for t in (SPACE.sub("", term) for term in terms))


def words_where(terms: list[str]) -> tuple[str, list[object]]:
    """A WHERE clause on ``docs d`` from the words index: every article
    holding each term satisfies it ("1" when the index cannot narrow)."""
    parts: list[str] = []
    params: list[object] = []
    for term in terms:
        match = words_query(SPACE.sub("", term))
        if match is not None:
            parts.append(f"d.id IN (SELECT rowid & {ID_MASK} FROM fts_words WHERE fts_words MATCH ?)")
            params.append(match)
    return " AND ".join(parts) or "1", params


def indexed_count(catalog: Catalog, query: str, within: set[int] | None) -> int | None:
    """How many catalogued articles (of the files ``within``; None: all) hold
    a hit of ``query``, when the index alone can say (``index_answers``: no
    article is read); else None, as when the index cannot be read (a search
    then reads, and mends it)."""
    if within is None:
        found = _ask(catalog, query, "count(*)")
        return None if found is None else int(found[0][0])
    found = _ask(catalog, query, "d.file")
    return None if found is None else sum(1 for (file_id,) in found if file_id in within)


def indexed_files(catalog: Catalog, query: str) -> set[int] | None:
    """The catalogued files holding a hit of ``query``, as ``indexed_count``."""
    found = _ask(catalog, query, "DISTINCT d.file")
    return None if found is None else {file_id for (file_id,) in found}


def _ask(catalog: Catalog, query: str, what: str) -> list[tuple[int, ...]] | None:
    terms = query_terms(query)
    if not terms or not index_answers(catalog, terms, is_pinyin_query(query)):
        return None
    where, params = words_where(terms)
    try:
        return catalog.query(f"SELECT {what} FROM docs d INDEXED BY docs_by_id WHERE {where}", params)
    except sqlite3.DatabaseError:
        return None


def words_query(term: str) -> str | None:
    """An FTS5 query on the words index that every article holding ``term``
    (folded, spaces removed) satisfies; None when the index cannot narrow it
    (nothing in it the tokenizer keeps). A long term is asked as some of its
    pairs, spread over it: the matcher decides anyway."""
    if len(term) == 1:
        return phrase(term) + "*" if has_token(term) else None
    pairs = [term[i : i + 2] for i in range(len(term) - 1)]
    pairs = list(dict.fromkeys(p for p in pairs if has_token(p)))
    if len(pairs) > MAX_PIECES:
        step = (len(pairs) - 1) / (MAX_PIECES - 1)
        pairs = [pairs[round(k * step)] for k in range(MAX_PIECES)]
    return " AND ".join(phrase(p) for p in pairs) if pairs else None


def pinyin_query(table: PinyinTable, query: str) -> str | None:
    """An FTS5 query on the words index that every article with a pinyin hit
    of ``query`` satisfies, or None when it cannot narrow (initials). A hit
    is characters in a row, each one its syllable can stand
    for (``PinyinTable.readings``: per way of reading the query), so each two
    syllables in a row are one of the pairs of their characters: per way,
    the pairs of its three choosiest windows (of at most MAX_PAIR_CHOICES);
    a single syllable, any of its characters."""
    readings = table.readings("".join(query.split()).lower())
    if not readings:
        return phrase("\ue000" * 3)  # no way to read it: matches nothing (every token is one or two characters)
    ways: list[str] = []
    pieces = 0
    for classes in readings:
        if len(classes) == 1:  # one syllable: one of its characters, each of which starts a token
            pieces += len(classes[0])
            if len(classes[0]) > MAX_PAIR_CHOICES or pieces > MAX_PINYIN_PIECES:
                return None
            ways.append(" OR ".join(phrase(ch) + "*" for ch in sorted(classes[0])))
            continue
        windows = sorted((len(classes[i]) * len(classes[i + 1]), i) for i in range(len(classes) - 1))
        chosen = [(size, i) for size, i in windows[:MAX_WINDOWS] if size <= MAX_PAIR_CHOICES]
        if not chosen:
            return None  # this way of reading cannot be narrowed, so neither can the query
        pieces += sum(size for size, _ in chosen)
        if pieces > MAX_PINYIN_PIECES:
            return None
        ways.append(" AND ".join(
            "(" + " OR ".join(phrase(a + b) for a in sorted(classes[i]) for b in sorted(classes[i + 1])) + ")"
            for _, i in sorted(chosen, key=lambda window: window[1])))
    return " OR ".join(f"({way})" for way in dict.fromkeys(ways))


def asks_prefix(match: str) -> bool:
    """Whether ``match`` (a query ``words_query`` or ``pinyin_query`` made)
    asks for a character as a prefix: FTS5 gathers the rows of every pair it
    starts before it gives the first (30 ms for a common one at 40,000
    issues, however few rows are then wanted)."""
    return "*" in QUOTED.sub("", match)


def phrase(text: str) -> str:
    """``text`` as one FTS5 string (any character, quotes doubled)."""
    return '"' + text.replace('"', '""') + '"'
