"""Search over the catalog: the FTS5 trigram index narrows, the scan's matcher decides.

1. Each term of three or more characters becomes an FTS5 phrase on the
   articles' bodies (folded, spaces removed: ``archive_text``), so only the
   articles holding every term are read. A shorter term is found with
   SQLite's ``instr`` over the bodies, in C.
2. A pinyin query is narrowed on the *initials* column: each way of reading
   it (syllables, initials) gives, per three syllables in a row, the first
   letters those characters can have; an article must hold one of them.
3. The articles found are read in reading order and handed to
   ``search.match_spans``, the same matcher the in-memory search runs, so the
   hits are the same: width folding, case, spaces, AND, pinyin, heteronyms.
   Hits are made into ``Hit``s (with offsets as printed and a snippet) only
   when shown.

Without FTS5's trigram tokenizer every article is read (today's scan, from
the catalog instead of the files).
"""

from __future__ import annotations

import itertools
import sqlite3
import threading
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reader.catalog.database import Catalog
from reader.catalog.index_text import FIELD_MARK, SPACE, Initials, locate
from reader.catalog.rows import Entry
from reader.core.model import Article, SourceFile
from reader.search.hits import Hit, HitList, snippet_of
from reader.search.matching import MAX_HITS, match_spans, query_terms
from reader.search.pinyin import PinyinTable, is_pinyin_query
from reader.storage.sqlite import is_corrupt

CHUNK_CHARS = 1_000_000  # articles matched at a time: memory stays bounded, a broad query stops early
MIN_TRIGRAM = 3
MAX_LETTER_CHOICES = 216  # first-letter combinations per window (6 letters a syllable) before it is not worth asking
MAX_WINDOWS = 3

Resolve = Callable[[Entry, int, int], tuple[SourceFile, Article]]  # (entry, doc id, ordinal) -> row


@dataclass(frozen=True)
class _Doc:
    id: int
    entry: Entry
    ordinal: int
    article_id: str
    body: str  # kept while the hits are: a hit is located in it without folding the article again


@dataclass(frozen=True)
class _Scope:
    """The entries searched, and how to find them."""

    entries: list[Entry]
    rank: dict[int, int]  # file id -> reading order
    by_id: dict[int, Entry]
    by_source: dict[str, Entry]


class ArchiveHits:
    """The articles one archive search read, as a ``HitSource`` for ``HitList``."""

    def __init__(self, docs: list[_Doc], starts: list[int], resolve: Resolve) -> None:
        self.docs = docs
        self.article_starts = starts
        self.article_keys = [(d.entry.source, d.article_id) for d in docs]
        self._number = {key: n for n, key in enumerate(self.article_keys)}
        self._resolve = resolve

    def hit_at(self, start: int, end: int) -> Hit | None:
        n = bisect_right(self.article_starts, start) - 1
        if n < 0:
            return None
        doc = self.docs[n]
        issue, article = self._resolve(doc.entry, doc.id, doc.ordinal)
        found = locate(article, doc.body, start - self.article_starts[n], end - self.article_starts[n])
        if found is None:  # the article was read again from its file meanwhile: the hit names it only
            return Hit(issue, article, "title", None, 0, 0, article.display_title, 0)
        field, block, offset, length = found
        text = article.blocks[block].text if field == "block" and block is not None else getattr(article, field) or ""
        snippet, at = snippet_of(text, offset, length)
        return Hit(issue, article, field, block, offset, length, snippet, at)

    def article_range(self, file: SourceFile, article: Article) -> tuple[int, int]:
        n = self._number.get((file.source, article.id))
        if n is None:
            return (0, 0)
        end = self.article_starts[n + 1] if n + 1 < len(self.article_starts) else 1 << 62
        return self.article_starts[n], end


class ArchiveSearch:
    """Searches over some catalogued issues (``entries``, in reading order)."""

    def __init__(self, catalog: Catalog, entries: Sequence[Entry], resolve: Resolve,
                 writer: Catalog | None = None) -> None:
        self.catalog = catalog
        self._writer = writer or catalog  # where initials left for later are filled in
        self._resolve = resolve
        self._pinyin: tuple[PinyinTable, Initials] | None = None
        self._lock = threading.Lock()
        self.use(entries)

    def use(self, entries: Sequence[Entry]) -> None:
        """Search these entries from now on (files catalogued meanwhile join)."""
        entries = list(entries)
        # One assignment: a search running in a worker sees the old scope or the new, never half.
        self._scope = _Scope(entries, {e.id: n for n, e in enumerate(entries)}, {e.id: e for e in entries},
                             {e.source: e for e in entries})
        with self._lock:
            self._pinyin = None  # new files may bring characters the tables lack: built again when asked

    @property
    def entries(self) -> list[Entry]:
        return self._scope.entries

    def pinyin(self) -> tuple[PinyinTable, Initials]:
        """The pinyin tables of the catalogued characters: built on first use."""
        with self._lock:
            if self._pinyin is None:
                try:
                    self._writer.fill_initials()
                except sqlite3.Error:
                    pass  # read-only, or busy: the initials narrow less, the matcher still decides
                characters = self.catalog.characters()
                initials = Initials()
                initials.learn(characters)
                self._pinyin = PinyinTable(characters), initials
            return self._pinyin

    def places(self, article_id: str) -> list[tuple[str, int]]:
        """``(source, ordinal)`` of each place the article is among the entries, in reading order."""
        rows = self.catalog.places(article_id)
        scope = self._scope
        found = sorted((scope.rank[f], n) for f, n in rows if f in scope.rank)
        return [(scope.entries[rank].source, n) for rank, n in found]

    def search(self, query: str, sources: Sequence[str] | None = None) -> HitList:
        """Hits of ``query`` in all the entries, or in the issues at ``sources``."""
        terms = query_terms(query)
        if not terms:
            return HitList(None, [])
        tables = self.pinyin() if is_pinyin_query(query) else None
        where, params = self._narrowing(terms, query, tables)
        now = self._scope
        scope = None if sources is None else {now.by_source[s].id for s in sources if s in now.by_source}
        if scope is not None and len(scope) <= 500:
            where = f"({where}) AND file IN ({','.join('?' * len(scope))})"
            params += sorted(scope)
        sql = f"SELECT id, file, ordinal, article_id, body FROM docs WHERE {where}"
        try:
            rows = self.catalog.query(sql, params)
        except sqlite3.DatabaseError as err:
            if not is_corrupt(err):
                raise
            self.catalog.rebuild_index()  # a damaged index: made again from the rows, once
            rows = self.catalog.query(sql, params)
        rows = [r for r in rows if r[1] in now.rank and (scope is None or r[1] in scope)]
        rows.sort(key=lambda r: (now.rank[r[1]], r[2]))
        docs: list[_Doc] = []
        starts: list[int] = []
        spans: list[tuple[int, int, bool]] = []
        capped = False
        base = 0
        at = 0
        while at < len(rows) and not capped:
            chunk: list[tuple[Any, ...]] = []
            size = 0
            while at < len(rows) and (not chunk or size < CHUNK_CHARS):
                chunk.append(rows[at])
                size += len(rows[at][4]) + 1
                at += 1
            corpus_parts, local_starts, position = [], [], 0
            for doc_id, file_id, ordinal, article_id, body in chunk:
                docs.append(_Doc(doc_id, now.by_id[file_id], ordinal, article_id, body))
                starts.append(base + position)
                local_starts.append(position)
                corpus_parts.append(body.replace(FIELD_MARK, "\x00"))
                position += len(body) + 1
            corpus = "\x00".join(corpus_parts)
            found, capped = match_spans(corpus, query, [(0, len(corpus))], local_starts, tables[0] if tables else None)
            spans.extend((s + base, e + base, p) for s, e, p in found)
            base += position
            if len(spans) >= MAX_HITS:
                capped = True
        if len(spans) > MAX_HITS:
            spans = spans[:MAX_HITS]
        return HitList(ArchiveHits(docs, starts, self._resolve), spans, capped)

    def _narrowing(self, terms: list[str], query: str, tables: tuple[PinyinTable, Initials] | None) -> tuple[str, list[object]]:
        """A WHERE clause on ``docs`` that every article with a hit satisfies."""
        parts: list[str] = []
        params: list[object] = []
        for term in terms:
            term = SPACE.sub("", term)
            if self.catalog.indexed and len(term) >= MIN_TRIGRAM:
                parts.append("id IN (SELECT rowid FROM fts_body WHERE fts_body MATCH ?)")
                params.append(" AND ".join(dict.fromkeys(_trigrams(term))))
            else:
                parts.append("instr(body, ?) > 0")
                params.append(term)
        where = " AND ".join(parts)
        if tables is not None:
            letters = self._initials_match(query, *tables)
            if letters is None:
                return "1", []  # a pinyin query too short to narrow: every article is read
            # Articles whose initials are not worked out yet are read whatever they hold.
            where = (f"({where}) OR id IN (SELECT rowid FROM fts_initials WHERE fts_initials MATCH ?) "
                     "OR initials IS NULL")
            params.append(letters)
        return where, params

    def _initials_match(self, query: str, table: PinyinTable, initials: Initials) -> str | None:
        """An FTS5 query on the initials column that every pinyin hit satisfies,
        or None when the query is too short (or too open) to narrow."""
        if not self.catalog.indexed:
            return None
        readings = table.readings("".join(query.split()).lower())
        if not readings:
            return _phrase("\x01\x01\x01")  # no way to read it: matches nothing
        ways = []
        for classes in readings:
            letters = [sorted({initials.letter(ch) for ch in chars}) for chars in classes]
            windows = []
            for i in range(len(letters) - MIN_TRIGRAM + 1):
                window = letters[i : i + MIN_TRIGRAM]
                choices = list(itertools.product(*window))
                if len(choices) <= MAX_LETTER_CHOICES:
                    windows.append("(" + " OR ".join(_phrase("".join(c)) for c in choices) + ")")
            if not windows:
                return None  # this reading cannot be narrowed, so neither can the query
            ways.append("(" + " AND ".join(windows[:MAX_WINDOWS]) + ")")
        return " OR ".join(dict.fromkeys(ways))


MAX_PIECES = 24  # pieces of one term asked of the index: enough to narrow, few enough for SQLite


def _trigrams(term: str) -> list[str]:
    """A term as the FTS5 strings of its three-character pieces: the index
    keeps no positions (``detail=none``, a third of the size), so a term is
    asked as its pieces and the matcher checks their order. A long term is
    asked as some of them, spread over it: the matcher decides anyway."""
    starts = range(len(term) - MIN_TRIGRAM + 1)
    if len(starts) > MAX_PIECES:
        step = (len(starts) - 1) / (MAX_PIECES - 1)
        starts = sorted({round(k * step) for k in range(MAX_PIECES)})  # type: ignore[assignment]
    return [_phrase(term[i : i + MIN_TRIGRAM]) for i in starts]


def _phrase(text: str) -> str:
    """``text`` as one FTS5 string (any character, quotes doubled)."""
    return '"' + text.replace('"', '""') + '"'
