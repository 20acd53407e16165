"""Search over the catalog: the bigram index narrows, the scan's matcher decides.

1. Each term becomes an FTS5 query on the words index (``index_text``): a
   character is a prefix, two are one token, more are all their pairs. Only
   the articles holding every term are read.
2. A pinyin query is narrowed on the same index: each way of reading it
   gives, for two syllables in a row, the pairs of characters they can be; an
   article must hold one such pair for each of the choosiest windows
   (``words.pinyin_query``). Initials stand for too many characters to narrow.
3. The articles found are read in reading order, their bodies made again
   from the stored text, and handed to ``search.match_spans``, the same
   matcher the in-memory search runs, so the hits are the same: width
   folding, case, spaces, AND, pinyin, heteronyms. A search asked for a
   screenful stops reading there. Hits are made into ``Hit``s (with offsets
   as printed and a snippet) only when shown; a command that prints every
   hit makes them as each batch of articles is read (``stream``), none held
   after, none read twice.
4. Which articles match, for a count or a list of files, comes from the
   index alone when its answer is exact (terms of one or two characters that
   are whole tokens, no pinyin): nothing is read. Otherwise the matcher
   decides, as for hits.

Without FTS5 every article is read (today's scan, from the catalog instead of
the files).
"""

from __future__ import annotations

import itertools
import sqlite3
import threading
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from reader.catalog.codec import article_from_text, inflate_rows, printed_texts
from reader.catalog.database import Catalog, Stopped
from reader.catalog.halves import in_two
from reader.catalog.index_text import FIELD_MARK, ID_MASK, SPACE, body_of, locate
from reader.catalog.rows import Entry
from reader.catalog.sieve import Sieve
from reader.catalog.words import asks_prefix, index_answers, pinyin_query, words_where
from reader.core.model import Article, SourceFile
from reader.search.hits import Hit, HitList, snippet_of
from reader.search.matching import MAX_HITS, match_spans, query_terms
from reader.search.pinyin import PinyinTable, is_hanzi, is_pinyin_query
from reader.storage.sqlite import is_corrupt

FIRST_PAGE = 128  # candidates asked first for a screenful, in reading order (then 4x as many, ...)
PREFIX_PAGE = 4096  # candidates of a prefix asked at once, once the articles walked first did not suffice
FIRST_BATCH = 16  # articles read first when a screenful of hits is asked: the batches then double
WALK_FIRST = FIRST_BATCH  # articles a screenful reads in order before it asks the index (``_pages``)...
WALK_MOST = 512  # ...and at most this many, where the hits met so far would fill it within that many
DENSE_FROM = 2000  # candidates of a term beyond which a screenful walks the articles in order (``_pages``)
SHARE_FROM = 4000  # candidates of a count from which half are read in a forked child (``halves.in_two``)
MAX_BATCH = 128  # articles read at a time (tens of ms): memory stays bounded, a replaced search gives way soon,
# and the hit cap (MAX_HITS) is never reached inside one batch when only which articles match is asked

Resolve = Callable[[Entry, int, int], tuple[SourceFile, Article]]  # (entry, doc id, ordinal) -> row
Row = tuple[int, int, int]  # doc id, file id, ordinal (the article's id is in its text, read later)


@dataclass(frozen=True)
class _Doc:
    id: int
    entry: Entry
    ordinal: int
    article_id: str
    body: str  # kept while the hits are: a hit is located in it without folding the article again


Fetch = Callable[[Sequence[int]], dict[int, Entry]]  # file ids -> their entries (each with its issue's paper)


class _Scope:
    """The files searched, by id in reading order, and their entries: all
    given, or fetched as the hits need them (a screenful over an archive reads
    the entries of the files it shows, not of every file)."""

    def __init__(self, ids: list[int], known: dict[int, Entry], fetch: Fetch | None = None) -> None:
        self.ids = ids
        self.rank = {file_id: n for n, file_id in enumerate(ids)}  # file id -> reading order
        self.ids_in_order = bool(ids) and all(a < b for a, b in itertools.pairwise(ids))  # as a scan catalogues
        self._known = known
        self._fetch = fetch
        self._by_source: dict[str, Entry] | None = None

    def want(self, file_ids: Iterable[int]) -> None:
        """Fetch, in one go, the entries of these files not known yet."""
        missing = [i for i in dict.fromkeys(file_ids) if i not in self._known]
        if missing and self._fetch is not None:
            self._known.update(self._fetch(missing))

    def entry(self, file_id: int) -> Entry | None:
        """A file's entry (None: it left the catalog since the scope was taken)."""
        if file_id not in self._known:
            self.want([file_id])
        return self._known.get(file_id)

    @property
    def entries(self) -> list[Entry]:
        self.want(self.ids)
        return [self._known[i] for i in self.ids if i in self._known]

    @property
    def by_source(self) -> dict[str, Entry]:
        if self._by_source is None:
            self._by_source = {e.source: e for e in self.entries}
        return self._by_source


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
        return hit_in(issue, article, doc.body, start - self.article_starts[n], end - self.article_starts[n])

    def article_range(self, file: SourceFile, article: Article) -> tuple[int, int]:
        n = self._number.get((file.source, article.id))
        if n is None:
            return (0, 0)
        end = self.article_starts[n + 1] if n + 1 < len(self.article_starts) else 1 << 62
        return self.article_starts[n], end


def hit_in(issue: SourceFile, article: Article, body: str, start: int, end: int) -> Hit:
    """The hit at ``start``-``end`` of an article's ``body`` (``body_of``), as printed."""
    found = locate(article, body, start, end)
    if found is None:  # the article was read again from its file meanwhile: the hit names it only
        return Hit(issue, article, "title", None, 0, 0, article.display_title, 0)
    field, block, offset, length = found
    text = article.blocks[block].text if field == "block" and block is not None else getattr(article, field) or ""
    snippet, at = snippet_of(text, offset, length)
    return Hit(issue, article, field, block, offset, length, snippet, at)


class ArchiveSearch:
    """Searches over some catalogued issues (``entries``, in reading order)."""

    def __init__(self, catalog: Catalog, entries: Sequence[Entry], resolve: Resolve,
                 issue_of: Callable[[Entry, int], SourceFile] | None = None) -> None:
        """``resolve`` makes a hit's file and article; ``issue_of(entry, ordinal)``
        its file alone, for ``stream`` (which has the article in hand)."""
        self.catalog = catalog
        self._resolve = resolve
        self._issue_of = issue_of or (lambda entry, ordinal: resolve(entry, -1, ordinal)[0])
        self._pinyin: PinyinTable | None = None
        self._lock = threading.Lock()
        self.use(entries)

    def use(self, entries: Sequence[Entry]) -> None:
        """Search these entries from now on (files catalogued meanwhile join)."""
        self._take(_Scope([e.id for e in entries], {e.id: e for e in entries}))

    def use_files(self, ids: list[int], fetch: Fetch) -> None:
        """Search the files ``ids`` (in reading order) from now on, their
        entries fetched only for the files that hold hits."""
        self._take(_Scope(list(ids), {}, fetch))

    def _take(self, scope: _Scope) -> None:
        # One assignment: a search running in a worker sees the old scope or the new, never half.
        self._scope = scope
        with self._lock:
            self._pinyin = None  # new files may bring characters the tables lack: built again when asked

    @property
    def entries(self) -> list[Entry]:
        return self._scope.entries

    @property
    def ranks(self) -> dict[int, int]:
        """Each file's place in reading order, by id."""
        return self._scope.rank

    def pinyin(self) -> PinyinTable:
        """The pinyin table of the catalogued characters: built on first use."""
        with self._lock:
            if self._pinyin is None:
                self._pinyin = PinyinTable(self.catalog.characters())
            return self._pinyin

    def places(self, article_id: str, first: int | None = None) -> list[tuple[str, int]]:
        """``(source, ordinal)`` of each place the article is among the entries,
        in reading order (the ``first`` few only: their entries alone are read)."""
        rows = self.catalog.places(article_id)
        scope = self._scope
        found = sorted((scope.rank[f], n) for f, n in rows if f in scope.rank)[:first]
        return [(entry.source, n) for rank, n in found for entry in [scope.entry(scope.ids[rank])] if entry is not None]

    def search(self, query: str, sources: Sequence[str] | None = None, limit: int | None = None,
               stop: Callable[[], bool] | None = None) -> HitList:
        """Hits of ``query`` in all the entries, or in the issues at ``sources``,
        in reading order; the first ``limit`` of them (then ``capped``) when
        given; what it has (``capped``) once ``stop()`` is true, checked
        between batches: a search a newer keystroke replaced gives way."""
        terms = query_terms(query)
        if not terms:
            return HitList(None, [])
        tables = self.pinyin() if is_pinyin_query(query) else None
        sieve: Sieve | None = None  # made once a batch has been read: a screenful's first need not pay for it
        sieved = False
        now = self._scope
        where, params = self._narrowing(terms, query, tables)
        docs: list[_Doc] = []
        starts: list[int] = []
        spans: list[tuple[int, int, bool]] = []
        cap = min(MAX_HITS, limit) if limit else MAX_HITS
        base = 0
        at = 0  # articles read

        def walk_on(walked: int) -> bool:
            """Whether a screenful goes on reading articles in order: the hits
            read so far, at their rate, would fill it within ``WALK_MOST``."""
            return walked < WALK_MOST and len(spans) * WALK_MOST >= cap * max(1, at)

        # A screenful's candidates a page at a time where reading order is file id order.
        paged = limit and sources is None and now.ids_in_order
        try:
            pages = (self._pages(where, params, now, tables is None, walk_on) if paged
                     else iter([self._candidates(where, params, sources, now, stop)]))
            rows: list[Row] = next(pages)
        except Stopped:
            return HitList(None, [], True)  # replaced meanwhile: nothing found yet
        more = True  # pages may follow
        batch = FIRST_BATCH if limit else MAX_BATCH // 4  # a screenful asked: read a few articles first
        # Where the index's answer is exact, each article it gives holds a hit: a screenful reads no more than it lacks.
        exact = bool(limit) and index_answers(self.catalog, terms, tables is not None)
        cut = False  # the matcher stopped at MAX_HITS in a batch
        gave_way = False  # ``stop()`` said so: what was found so far
        while len(spans) < cap:
            if exact:
                batch = min(batch, max(1, cap - len(spans)))
            while more and at + batch > len(rows):
                page = next(pages, None)
                more = page is not None
                rows += page or []
            if at >= len(rows):
                break
            if stop is not None and stop():
                gave_way = True
                break
            if at and not sieved:
                sieve, sieved = Sieve.of(terms, tables, query), True  # a pattern or two compiled: 1-15 ms for pinyin
            chunk = self._read(rows[at : at + batch], now, sieve)
            at += batch
            batch = min(2 * batch, MAX_BATCH)
            corpus, local_starts = _corpus([doc.body for doc in chunk])
            found, stopped = match_spans(corpus, query, [(0, len(corpus))], local_starts, tables)
            for doc, start in zip(chunk, local_starts, strict=True):
                docs.append(doc)
                starts.append(base + start)
            spans.extend((s + base, e + base, p) for s, e, p in found)
            base += len(corpus) + 1
            cut = cut or stopped
        capped = gave_way or len(spans) > cap or (len(spans) == cap and (at < len(rows) or more or cut))
        return HitList(ArchiveHits(docs, starts, self._resolve), spans[:cap], capped)

    def stream(self, query: str) -> Iterator[Hit]:
        """Every hit of ``query`` (up to ``MAX_HITS``) in reading order, made
        as its batch of articles is read and let go after: what a command that
        prints them all needs, without holding every article with a hit, nor
        reading each again to show it."""
        terms = query_terms(query)
        if not terms:
            return
        tables = self.pinyin() if is_pinyin_query(query) else None
        now = self._scope
        rows = self._candidates(*self._narrowing(terms, query, tables), None, now)
        sieve = Sieve.of(terms, tables, query) if len(rows) > FIRST_BATCH else None
        made = 0
        for at in range(0, len(rows), MAX_BATCH):
            read = self._articles(rows[at : at + MAX_BATCH], now, sieve=sieve)
            now.want(row[1] for row, _article in read)
            docs = [(entry, row[2], article, body_of(article))
                    for row, article in read for entry in [now.entry(row[1])] if entry is not None]
            corpus, starts = _corpus([body for *_, body in docs])
            found, _cut = match_spans(corpus, query, [(0, len(corpus))], starts, tables)
            for start, end, _pinyin in found:
                n = bisect_right(starts, start) - 1
                entry, ordinal, article, body = docs[n]
                yield hit_in(self._issue_of(entry, ordinal), article, body, start - starts[n], end - starts[n])
                made += 1
                if made >= MAX_HITS:
                    return

    def files(self, file_ids: Sequence[int]) -> list[Entry]:
        """The entries of these files searched (read from the catalog, in one go, when first asked)."""
        now = self._scope
        now.want(file_ids)
        return [entry for entry in map(now.entry, file_ids) if entry is not None]

    def articles_matching(self, query: str, sources: Sequence[str] | None = None,
                          share: bool = False) -> list[tuple[int, int]]:
        """``(file id, ordinal)`` of every article with a hit of ``query`` (a
        count needs no file's entry: ``files`` gives them), in
        reading order: from the index alone where it is exact; else each
        candidate is read, and an article whose fields hold every term as it
        stands (terms of hanzi, which fold to themselves), or the hanzi its
        pinyin spells, is taken without folding it; the others are matched
        (no hit cap applies). With ``share`` (a command, one thread), many
        candidates are read in two halves, the second in a forked child
        (``halves.in_two``)."""
        terms = query_terms(query)
        if not terms:
            return []
        tables = self.pinyin() if is_pinyin_query(query) else None
        now = self._scope
        stripped = [SPACE.sub("", term) for term in terms]
        rows = self._candidates(*self._narrowing(terms, query, tables), sources, now)
        if index_answers(self.catalog, terms, tables is not None):
            return [(row[1], row[2]) for row in rows]
        # Hanzi fold to themselves and compose with nothing: found as they stand, they are found
        # folded. So are the hanzi a pinyin pattern spells (classes of hanzi, spaces allowed between).
        literal = stripped if tables is None and all(is_hanzi(ch) for t in stripped for ch in t) else []
        spelled = tables.pattern_for("".join(query.split()).lower()) if tables is not None else None

        def plainly(text: str) -> bool:
            """Whether an article's JSON holds the query as it stands in one of its
            searched fields (looked for in the whole text first: most are not read further)."""
            if literal and not all(t in text for t in literal):
                return False
            try:
                fields = printed_texts(text)
            except ValueError:
                return False  # read as an article, which mends it
            if literal:
                return all(any(t in field for field in fields) for t in literal)
            return spelled is not None and any(spelled.search(field) for field in fields)

        sieve = Sieve.of(terms, tables, query)
        needles = [term.encode("utf-8") for term in literal]

        def confirmed(some: Sequence[Row], mend: bool) -> list[tuple[int, int]] | None:
            """The rows of ``some`` with a hit; None where one would need mending and ``mend`` is false."""
            matched: list[tuple[int, int]] = []
            for at in range(0, len(some), MAX_BATCH):
                batch = list(some[at : at + MAX_BATCH])
                stored = self._inflated(batch)
                # An article with no keywords holds every hanzi of it in a searched field (the rest of its
                # JSON is ASCII): one holding a term of hanzi as it stands, found in its UTF-8 bytes, is a hit
                # without being decoded; so is one holding the hanzi a pinyin query spells, in its JSON text.
                hit = {doc_id for doc_id, data in stored.items() if needles and data.startswith(b'["')
                       and data.endswith(b",[]]") and all(n in data for n in needles)}
                rest = [row for row in batch if row[0] not in hit]
                texts = _decoded({row[0]: stored[row[0]] for row in rest if row[0] in stored})
                # The articles sure to hold no hit left out first (most, where many are read): the sieve's own
                # look for the spelled hanzi in each text is the one look most of them get.
                rest = _sieved(rest, texts, sieve)
                if spelled is not None:
                    hit.update(row[0] for row in rest if (text := texts.get(row[0])) is not None
                               and text.startswith('["') and text.endswith(",[]]") and spelled.search(text))
                    rest = [row for row in rest if row[0] not in hit]
                found_plainly = {n for n, row in enumerate(rest) if row[0] in texts and plainly(texts[row[0]])}
                try:
                    plain = self._articles([row for n, row in enumerate(rest) if n not in found_plainly], now, texts,
                                           mend=mend)
                except _Unmended:
                    return None
                corpus, local_starts = _corpus([body_of(article) for _row, article in plain])
                found, _capped = match_spans(corpus, query, [(0, len(corpus))], local_starts, tables)
                hit.update(plain[bisect_right(local_starts, start) - 1][0][0] for start, _end, _p in found)
                hit.update(rest[n][0] for n in found_plainly)
                matched.extend((row[1], row[2]) for row in batch if row[0] in hit)
            return matched

        if share and len(rows) >= SHARE_FROM:
            return in_two(rows, confirmed, self._reopened)
        return confirmed(rows, True) or []

    def _reopened(self) -> bool:
        """In a child forked for half a search: this search on a connection of
        its own (the parent's is never touched); False where none opens."""
        other = self.catalog.for_reading()
        if other is self.catalog:
            return False
        self.catalog = other
        return True

    def _candidates(self, where: str, params: list[object], sources: Sequence[str] | None, now: _Scope,
                    stop: Callable[[], bool] | None = None) -> list[Row]:
        """The articles the index leaves (``where``, ``params``: the query's
        ``_narrowing``; every article holding a hit is among them) as ``(doc
        id, file id, ordinal)``, within the scope, in reading order, read from
        the covering index of the articles' ids, not their rows (2-3× faster
        for thousands: the first screenful of a keystroke waits for them).
        Their text is read later, a batch at a time. ``Stopped`` once ``stop()``
        (thousands of rows: a common word's at 40,000 issues take 0.1-0.2 s)."""
        scope = None if sources is None else {now.by_source[s].id for s in sources if s in now.by_source}
        if scope is not None and len(scope) <= 500:
            where = f"({where}) AND d.file IN ({','.join('?' * len(scope))})"
            params = [*params, *sorted(scope)]
        sql = f"SELECT d.id, d.file, d.ordinal FROM docs d INDEXED BY docs_by_id WHERE {where}"
        rows = self._query_index(sql, params, stop)
        kept: list[Row] = [r for r in rows if r[1] in now.rank and (scope is None or r[1] in scope)]
        kept.sort(key=lambda r: (now.rank[r[1]], r[2]))
        return kept

    def _pages(self, where: str, params: list[object], now: _Scope, probe: bool,
               walk_on: Callable[[int], bool]) -> Iterator[list[Row]]:
        """``_candidates`` over all the entries, a page at a time (pages grow
        fourfold), SQLite ordering and cutting them: where reading order is file
        id order, the first screenful of a keystroke reads a page, not all of
        the thousands a common word leaves (nor sorts them here).

        The first ``WALK_FIRST`` articles are taken in order, the index not
        asked, and more while ``walk_on(articles walked)``: where hits are
        dense, a screenful is among them, and asking costs more than reading
        (a prefix, as a query of one character or one syllable asks, costs
        FTS5 all its rows: 30-200 ms for a common one at 40,000 issues; a rare
        one's, asked next, is cheap). Then ``probe`` asks whether the
        candidates are many (``_common``: not for a prefix, whose probe costs
        as much): those are walked file by file until a page is found, rather
        than every one sorted (a common word at 40,000 issues: 80,000 of them,
        0.05 s for a page, 0.01 s walked)."""
        low, high = now.ids[0], now.ids[-1]  # files of other archives mostly fall outside
        after = (low - 1, -1)
        walking, walked = where != "1", 0
        size = WALK_FIRST if walking else FIRST_PAGE
        index = "docs_file"  # both it and docs_by_id cover (id, file, ordinal)
        while True:
            asked, asked_params = ("1", []) if walking else (where, params)
            sql = (f"SELECT d.id, d.file, d.ordinal FROM docs d INDEXED BY {index} WHERE ({asked})"
                   " AND d.file BETWEEN ? AND ? AND (d.file, d.ordinal) > (?, ?) ORDER BY d.file, d.ordinal LIMIT ?")
            rows = self._query_index(sql, [*asked_params, low, high, *after, size])
            yield [r for r in rows if r[1] in now.rank]
            if len(rows) < size:
                return
            after = (rows[-1][1], rows[-1][2])
            if walking:
                walked += len(rows)
                walking = walk_on(walked)
                if walking:
                    size = min(2 * size, WALK_MOST - walked)
                    continue
                # A prefix costs all its rows at each page: asked once for many (ids alone, a few ms).
                prefix = any(isinstance(m, str) and asks_prefix(m) for m in params)
                size = PREFIX_PAGE if prefix else FIRST_PAGE
                dense = probe and not prefix and self._common(params)  # (walked: the index narrows)
                index = "docs_file" if dense else "docs_by_id"
                continue
            size *= 4

    def _common(self, matches: list[object]) -> bool:
        """Whether each of these queries of the words index (a term's, all
        of which an article holds) finds at least ``DENSE_FROM`` rows: a probe
        that stops there."""
        sql = "SELECT count(*) FROM (SELECT rowid FROM fts_words WHERE fts_words MATCH ? LIMIT ?)"
        return bool(matches) and all(self._query_index(sql, [match, DENSE_FROM])[0][0] >= DENSE_FROM
                                     for match in matches)

    def _query_index(self, sql: str, params: list[object], stop: Callable[[], bool] | None = None,
                     ) -> list[tuple[int, int, int]]:
        """Rows of a query on the index (a damaged index is made again from the
        rows, once); ``Stopped`` once ``stop()`` (``Catalog.query``)."""
        try:
            return self.catalog.query(sql, params, stop)
        except sqlite3.DatabaseError as err:
            if not is_corrupt(err):
                raise
            self.catalog.rebuild_index()
            return self.catalog.query(sql, params, stop)

    def _texts(self, rows: list[Row]) -> dict[int, str]:
        """The stored JSON text of each of ``rows``' articles, by doc id, read in
        one query (a row that does not decode is left out: ``_articles`` mends it)."""
        return _decoded(self._inflated(rows))

    def _inflated(self, rows: list[Row]) -> dict[int, bytes]:
        """``_texts`` as UTF-8 bytes, not decoded yet (a row that does not inflate is left out)."""
        marks = ",".join("?" * len(rows))
        return inflate_rows(self.catalog.query(
            f"SELECT d.id, d.data, f.size FROM docs d JOIN files f ON f.id = d.file WHERE d.id IN ({marks})",
            [row[0] for row in rows]), self.catalog.dictionary_for)

    def _articles(self, rows: list[Row], now: _Scope, texts: dict[int, str] | None = None,
                  sieve: Sieve | None = None, mend: bool = True) -> list[tuple[Row, Article]]:
        """The stored articles of ``rows``, in their order (their texts read in one
        query, unless given), but those ``sieve`` rules out. A row that does not
        decode (or is gone) is read through ``resolve``, which mends it (not
        ``mend``: ``_Unmended``)."""
        if texts is None:
            texts = self._texts(rows) if rows else {}
        rows = _sieved(rows, texts, sieve)
        out = []
        for row in rows:
            doc_id, file_id, ordinal = row
            try:
                article = article_from_text(texts[doc_id])
            except (KeyError, ValueError):
                if not mend:
                    raise _Unmended from None
                entry = now.entry(file_id)
                if entry is None:
                    continue  # the file left the catalog meanwhile
                article = self._resolve(entry, doc_id, ordinal)[1]
            out.append((row, article))
        return out

    def _read(self, rows: list[Row], now: _Scope, sieve: Sieve | None) -> list[_Doc]:
        """The articles of ``rows`` with their bodies made again, but those ``sieve`` rules out."""
        read = self._articles(rows, now, sieve=sieve)
        now.want(row[1] for row, _article in read)
        return [_Doc(row[0], entry, row[2], article.id, body_of(article))
                for row, article in read for entry in [now.entry(row[1])] if entry is not None]

    def _narrowing(self, terms: list[str], query: str, tables: PinyinTable | None) -> tuple[str, list[object]]:
        """A WHERE clause on ``docs d`` that every article with a hit satisfies."""
        if not self.catalog.indexed:
            return "1", []
        where, params = words_where(terms)
        if tables is None:
            return where, params
        spelled = pinyin_query(tables, query)
        if spelled is None:
            return "1", []  # pinyin that cannot be narrowed (initials): every article is read
        return (f"({where}) OR d.id IN (SELECT rowid & {ID_MASK} FROM fts_words WHERE fts_words MATCH ?)",
                [*params, spelled])


class _Unmended(Exception):
    """A row to mend, met where it may not be (a child forked for half a search)."""


def _sieved(rows: list[Row], texts: dict[int, str], sieve: Sieve | None) -> list[Row]:
    """``rows`` but those whose stored text ``sieve`` rules out (a row whose
    text did not inflate is kept: reading it mends it)."""
    if sieve is None:
        return rows
    return [row for row in rows if row[0] not in texts or sieve.may_hold(texts[row[0]])]


def _decoded(stored: dict[int, bytes]) -> dict[int, str]:
    """``stored`` (``_inflated``) decoded, but the rows that are not UTF-8."""
    texts: dict[int, str] = {}
    for doc_id, data in stored.items():
        try:
            texts[doc_id] = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
    return texts


def _corpus(bodies: list[str]) -> tuple[str, list[int]]:
    """``bodies`` as one text for the matcher, and where each starts."""
    starts, position = [], 0
    for body in bodies:
        starts.append(position)
        position += len(body) + 1
    return "\x00".join(body.replace(FIELD_MARK, "\x00") for body in bodies), starts
