"""The catalog: every issue file the reader has opened, parsed once, indexed for search.

A SQLite database in the user cache dir (``catalog.db``, private like the
other databases, opened as they are: ``storage.sqlite``). For each file it
keeps the path, size, mtime and a hash of its text, the parsed articles, and
each article's text in an FTS5 index (``schema``, ``index_text``). Scanning
is ``scan``, writing ``write``, searching ``search``; this module opens it,
takes turns with other sessions, and reads it back.

It is a cache. A missing, corrupt or foreign file, or one written by another
version of the parser, is deleted and rebuilt, with a notice; reading state
lives elsewhere and is never touched. Its rows are read as untrusted input
(``rows``): a file whose rows do not hold together is read again from the
file. Two sessions scanning at once take turns on a lock file: the second
waits, then finds the work done. Where the cache dir cannot be used, the
catalog lives in memory for the session.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.catalog import schema
from reader.catalog.rows import (
    FILE_COLUMNS,
    MAX_ARTICLES,
    Entry,
    Head,
    Stamp,
    entry_of,
    stored_path,
)
from reader.core.i18n import _
from reader.core.safe_files import reason
from reader.storage import sqlite
from reader.storage.locks import holding
from reader.text.kept import is_iso_date

if TYPE_CHECKING:  # the rest is imported where used: a warm search needs little of it
    from reader.catalog.scan import Progress, ScanReport
    from reader.core.model import Article, SourceFile
    from reader.text.sources import Target

SCAN_LOCK = schema.CATALOG_NAME + ".scan-lock"  # held while a session reads files into it: perhaps long
STOP_EVERY = 20_000  # steps of SQLite's machine between two looks at a query's ``stop`` (about a millisecond)


class Stopped(Exception):
    """A query given up: its ``stop`` said so."""


class Catalog:
    """The catalog database. Open with ``Catalog.open(cache_dir)``; safe to
    share between threads (one statement at a time, under a lock)."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None, notice: str | None) -> None:
        self._conn = conn
        self.path = path  # None: in memory
        self.notice = notice  # what the user should know (rebuilt, not saved, no index)
        self.lock = threading.RLock()
        self.indexed = schema.has_table(conn, "fts_words")  # FTS5 here; else searches read every article
        self.waiting: Callable[[], None] | None = None  # told when another session's scan must end first
        self.meanwhile: Callable[[], None] | None = None  # told now and then while it does
        self._warn: Callable[[str], None] | None = None  # see ``listen``
        self._unheard: list[str] = []  # said before anyone listened
        self._writer = self  # where damaged rows are mended (a reading connection has its writer's)
        self._told_damage = False
        self._dictionary: tuple[int, bytes] | None = None  # (Adler-32, bytes) of ``dictionary``, once read

    # Opening -------------------------------------------------------------------

    @classmethod
    def open(cls, cache_dir: Path) -> Catalog:
        """Open (creating, or rebuilding) the catalog in ``cache_dir``; never raises."""
        path: Path | None = cache_dir / schema.CATALOG_NAME
        assert path is not None
        notice = None
        try:
            opened = sqlite.open_database(path, schema.CATALOG)
            conn = opened.conn
            if opened.put_away is not None:
                notice = _("the catalog was {why}: rebuilding it from the issue files").format(why=opened.put_away[0])
        except (OSError, sqlite3.Error, sqlite.Damaged, sqlite.Newer) as err:
            conn = schema.in_memory()
            notice = _("the catalog is kept in memory ({reason})").format(reason=f"{path}: {reason(err)}")
            path = None
        catalog = cls(conn, path, notice)
        if not catalog.indexed:
            catalog.notice = "; ".join(
                x for x in (notice, _("this SQLite has no FTS5: searches read every article")) if x
            )
        if catalog.notice:
            catalog.say(catalog.notice)
        return catalog

    def close(self) -> None:
        with self.lock:
            sqlite.close(self.path, self._conn)

    def another(self) -> Catalog:
        """A second connection to this catalog, to write from another thread
        (files read while the reader is up); what it has to say is said
        through this one. In memory there is one database: itself."""
        if self.path is None:
            return self
        other = Catalog(sqlite.another(self.path, schema.BUSY_TIMEOUT_S), self.path, None)
        other.indexed = self.indexed
        other.listen(self.say)
        return other

    def for_reading(self) -> Catalog:
        """A read-only connection for long reads in another thread (searches),
        so that the UI thread's short reads never wait behind them (WAL lets
        readers run side by side). In memory there is one database: itself."""
        if self.path is None:
            return self
        conn = sqlite.read_only(self.path, schema.APPLICATION_ID, schema.BUSY_TIMEOUT_S)
        if conn is None:
            return self
        other = Catalog(conn, self.path, None)
        other.indexed = self.indexed
        other._writer = self
        return other

    # Telling the user ----------------------------------------------------------

    def listen(self, warn: Callable[[str], None]) -> None:
        """Tell ``warn`` what the user should know (the catalog was rebuilt, a
        damaged row was read again from its file): what was said before it
        listened first, then each thing as it is said, from any thread."""
        with self.lock:
            self._warn, unheard, self._unheard = warn, self._unheard, []
        for message in unheard:
            warn(message)

    def say(self, message: str) -> None:
        """Tell the listener (see ``listen``), or keep it until there is one."""
        with self.lock:
            warn = self._warn
            if warn is None:
                self._unheard.append(message)
        if warn is not None:
            warn(message)

    # Taking turns and writing ----------------------------------------------------

    @contextmanager
    def building(self, wait: bool = True) -> Iterator[bool]:
        """Held while a scan writes: another session's scan waits for it
        (``waiting`` is told, once, when it has to; ``meanwhile`` now and then).
        With ``wait=False`` a busy lock is not waited for: yields whether it is held."""
        if self.path is None:
            yield True
            return
        with holding(self.path.with_name(SCAN_LOCK), wait=wait, waiting=self.waiting,
                     meanwhile=self.meanwhile) as held:
            yield held

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """The connection, in a write transaction (under this catalog's lock)."""
        with self.lock:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def scan(self, targets: list[Target], progress: Progress | None = None, *,
             defer_above: int | None = None, drop: bool = True,
             written: Callable[[list[Entry]], None] | None = None,
             looked: dict[str, Stamp] | None = None) -> ScanReport:
        """Bring the catalog up to date with ``targets`` and say what changed.

        Files named on the command line that cannot be read raise
        ``InputError``; unreadable files in a directory are skipped with a
        warning (see ``sources.read_targets``). A catalog found damaged on the
        way is made afresh and the scan done again.

        With ``defer_above``, when more files found in directories need reading
        than that, they are not read: they are listed in ``report.deferred``
        for a later ``scan(report.deferred, drop=False)`` (the reader opens at
        once and catalogues them meanwhile). ``drop=False`` keeps files gone
        from the directories (a scan of some files only). ``written`` hears
        the entries of each batch of files as it is committed. ``looked``:
        files' ``stat``s just taken (by the seal's walk), by real path."""
        from reader.catalog import scan

        try:
            return scan.scan(self, targets, progress, defer_above, drop, written, looked=looked)
        except sqlite3.DatabaseError as err:
            if self.path is None:
                raise
            self._rebuild(_("corrupt ({reason})").format(reason=reason(err)))
            return scan.scan(self, targets, progress, defer_above, drop, written, looked=looked)

    def _rebuild(self, why: str) -> None:
        assert self.path is not None
        with self.lock, self.building():
            self.close()
            sqlite.delete(self.path)
            self._conn = sqlite.open_database(self.path, schema.CATALOG).conn
            self.indexed = schema.has_table(self._conn, "fts_words")
        self.notice = _("the catalog was {why}: rebuilding it from the issue files").format(why=why)
        self.say(self.notice)

    def rebuild_index(self) -> None:
        """Make the search index again from the articles' rows (it was found damaged), with a notice."""
        if self._writer is not self:
            self._writer.rebuild_index()
            return
        if self.indexed:
            from reader.catalog import write

            write.rebuild_index(self)
            self.say(_("the catalog's search index was damaged; it was made again"))

    # Reading -------------------------------------------------------------------
    #
    # The rows are read as untrusted input (``rows``): each is checked as it is
    # read, a compressed article is inflated only up to what its file could
    # hold, and a file whose rows do not hold together is read again from the
    # file itself (``_heal``), with one notice a session.

    def query(self, sql: str, params: Sequence[object] = (), stop: Callable[[], bool] | None = None,
              ) -> list[tuple[Any, ...]]:
        """Rows of a read-only query (the catalog's own modules build theirs).
        ``stop``: asked as SQLite works (every ``STOP_EVERY`` steps of its
        machine); once true, the query ends with ``Stopped`` (a search a
        newer keystroke replaced gives way at once, not after thousands of
        rows: the statement holds this connection meanwhile)."""
        with self.lock:
            if stop is None:
                return self._conn.execute(sql, tuple(params)).fetchall()
            self._conn.set_progress_handler(stop, STOP_EVERY)
            try:
                return self._conn.execute(sql, tuple(params)).fetchall()
            except sqlite3.OperationalError:
                if stop():
                    raise Stopped from None
                raise
            finally:
                self._conn.set_progress_handler(None, 0)

    def entries(self, sources: Sequence[str]) -> list[Entry]:
        """The catalogued files at ``sources``, in that order (unknown ones left out)."""
        found: dict[str, Entry] = {}
        damaged: list[str] = []
        wanted = set(sources)
        if len(sources) > 2000:  # most of the catalog, likely: one pass over it beats many lookups
            batches = [self.query(f"SELECT {FILE_COLUMNS} FROM files")]
        else:
            batches = [self.query(f"SELECT {FILE_COLUMNS} FROM files WHERE path IN ({','.join('?' * len(chunk))})",
                                  chunk)
                       for start in range(0, len(sources), 500)
                       for chunk in [[os.fsencode(s) for s in sources[start : start + 500]]]]
        for rows in batches:
            for row in rows:
                path = stored_path(row[1])
                if path is None or path not in wanted:
                    continue
                entry = entry_of(row, path)
                if entry is None:
                    damaged.append(path)
                else:
                    found[entry.source] = entry
        for source in damaged:
            healed = self._heal(source, _("a file's row is damaged"))
            if healed is not None:
                found[source] = healed
        return [found[s] for s in sources if s in found]

    def entries_by_id(self, ids: Sequence[int]) -> list[Entry] | None:
        """The catalogued files of ``ids``, in that order; None when one is gone
        or its row is damaged (then the caller scans, which mends it)."""
        found = self.entries_of(ids)
        return None if found is None else [found[i] for i in ids]

    def entries_of(self, ids: Sequence[int]) -> dict[int, Entry] | None:
        """The catalogued files of ``ids``, by id; None when one is gone or its
        row is damaged, as ``entries_by_id``."""
        found: dict[int, Entry] = {}
        for row in self._rows_of(FILE_COLUMNS, ids):
            entry = entry_of(row)
            if entry is None:
                return None
            found[entry.id] = entry
        return found if len(found) == len(set(ids)) else None

    def dated_between(self, since: str, until: str) -> list[tuple[int, str, int]]:
        """``(id, date, articles)`` of the files dated from ``since`` up to
        ``until`` (ISO text, or its start: ``"2024"``), through the date index."""
        rows = self.query("SELECT id, date, articles FROM files WHERE date >= ? AND date < ?", [since, until])
        return [(id_, date, count) for id_, date, count in rows
                if type(id_) is int and isinstance(date, str) and is_iso_date(date) and type(count) is int
                and 0 <= count <= MAX_ARTICLES]

    def sources_of(self, ids: Sequence[int]) -> dict[int, str]:
        """The path of each of the files ``ids`` (the ones still catalogued)."""
        paths: dict[int, str] = {}
        for id_, raw in self._rows_of("id, path", ids):
            path = stored_path(raw)
            if path is not None:
                paths[id_] = path
        return paths

    def _rows_of(self, columns: str, ids: Sequence[int]) -> Iterator[tuple[Any, ...]]:
        """``columns`` (the id first) of the ``files`` rows of ``ids``: asked for
        by id, or, for most of the catalog, in one pass over it (as ``entries``)."""
        if len(ids) > 2000:
            wanted = set(ids)
            yield from (row for row in self.query(f"SELECT {columns} FROM files") if row[0] in wanted)
            return
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            yield from self.query(f"SELECT {columns} FROM files WHERE id IN ({','.join('?' * len(chunk))})", chunk)

    def dictionary_for(self, data: object) -> bytes | None:
        """The preset dictionary a stored article's header names (``catalog.dictionary``),
        read from the catalog once; None when it needs none (or that one is gone)."""
        from reader.catalog.codec import dictionary_id

        wanted = dictionary_id(data)
        if wanted is None:
            return None
        known = self._dictionary
        if known is None or known[0] != wanted:
            found = self.stored_dictionary()
            known = self._dictionary = (zlib.adler32(found), found) if found is not None else None
        return known[1] if known is not None else None

    def stored_dictionary(self) -> bytes | None:
        with self.lock:
            return schema.stored_dictionary(self._conn)

    def file_count(self) -> int:
        return int(self.query("SELECT count(*) FROM files")[0][0])

    def issue(self, entry: Entry) -> SourceFile:
        """The parsed issue of a catalogued file."""
        from reader.core.model import SourceFile

        stored = self._stored(entry)
        if stored is None:
            return SourceFile(articles=(), **entry.issue_fields())  # the file is gone or unreadable now
        entry, articles = stored
        return SourceFile(articles=tuple(article for _doc, article in articles), furniture=self.furniture(entry),
                          **entry.issue_fields())

    def _stored(self, entry: Entry) -> tuple[Entry, list[tuple[int, Article]]] | None:
        """A catalogued file's articles, each with its row's id; read again from
        the file once when its rows are damaged (then with its new entry); None
        when it is gone or cannot be read now."""
        for attempt in range(2):
            rows = self.query("SELECT ordinal, id, article_id, data FROM docs WHERE file = ? ORDER BY ordinal",
                              (entry.id,))
            try:
                if [row[0] for row in rows] != list(range(entry.articles)):
                    raise ValueError(_("its articles are not those its row counts"))
                limit = self._inflate_limit(entry.id)
                return entry, [(doc, self._decoded(data, article_id, limit)) for _ordinal, doc, article_id, data in rows]
            except ValueError as err:
                healed = self._heal(entry.source, str(err)) if not attempt else None
                if healed is None:
                    break
                entry = healed
        return None

    def furniture(self, entry: Entry) -> tuple[tuple[int, str], ...]:
        """The page furniture of a catalogued file (see ``SourceFile.furniture``)."""
        row = self.query("SELECT furniture FROM files WHERE id = ?", (entry.id,))
        if not row or not isinstance(row[0][0], str):
            return ()
        try:
            pieces = json.loads(row[0][0])
        except (ValueError, RecursionError):
            return ()
        if not isinstance(pieces, list):
            return ()
        return tuple(
            (before, text) for before, text in (p for p in pieces if isinstance(p, list) and len(p) == 2)
            if isinstance(before, int) and isinstance(text, str)
        )

    def article_ids(self, entry: Entry) -> tuple[str, ...] | None:
        """A catalogued file's articles' ids, in order, without reading them;
        None when its rows do not hold together (``heads`` mends them)."""
        rows = self.query("SELECT ordinal, article_id FROM docs WHERE file = ? ORDER BY ordinal", (entry.id,))
        if [row[0] for row in rows] != list(range(entry.articles)) or not all(isinstance(r[1], str) for r in rows):
            return None
        return tuple(row[1] for row in rows)

    def heads(self, entry: Entry) -> tuple[Entry, list[Head]]:
        """Each article's heading fields (see ``Head``) in order: what a list
        shows, from the stored articles (a file's few: no second copy of the
        titles is kept); and the file's entry, read again when its rows were
        damaged (its article count may differ)."""
        stored = self._stored(entry)
        if stored is None:
            return entry, []
        entry, articles = stored
        return entry, [Head(doc, a.id, a.display_title, a.title, a.column, a.kicker, a.subtitle) for doc, a in articles]

    def article(self, doc: int, file_id: int, ordinal: int) -> Article | None:
        """The article of row ``doc``, the ``ordinal``-th of file ``file_id``
        (found by its place if the file was read again meanwhile); None when
        the file no longer has it."""
        for attempt in range(2):
            row = self.query("SELECT data, article_id FROM docs WHERE id = ? AND file = ?", (doc, file_id)) or \
                self.query("SELECT data, article_id FROM docs WHERE file = ? AND ordinal = ?", (file_id, ordinal))
            if not row:
                return None
            try:
                return self._decoded(row[0][0], row[0][1], self._inflate_limit(file_id))
            except ValueError as err:
                source = self.sources_of([file_id]).get(file_id)
                if attempt or source is None or self._heal(source, str(err)) is None:
                    return None
        return None

    def _decoded(self, data: object, article_id: object, limit: int) -> Article:
        """A stored article, if it is the one its row names (``ValueError`` else)."""
        from reader.catalog.codec import article_from_bytes

        article = article_from_bytes(data, limit, self.dictionary_for(data))
        if article.id != article_id:
            raise ValueError(_("an article is stored under another's id"))
        return article

    def places(self, article_id: str) -> list[tuple[int, int]]:
        """``(file id, ordinal)`` of each place an article is catalogued."""
        return [(file_id, ordinal) for file_id, ordinal in
                self.query("SELECT file, ordinal FROM docs WHERE article_id = ?", (article_id,))
                if isinstance(file_id, int) and isinstance(ordinal, int)]

    def characters(self) -> set[str]:
        """Every character of the catalogued text (what the pinyin tables cover)."""
        row = self.query("SELECT value FROM meta WHERE key = 'characters'")
        return set(row[0][0]) if row and isinstance(row[0][0], str) else set()

    def _inflate_limit(self, file_id: int) -> int:
        """The most an article of this file can inflate to (``codec.inflate_limit``)."""
        from reader.catalog.codec import inflate_limit

        row = self.query("SELECT size FROM files WHERE id = ?", (file_id,))
        return inflate_limit(row[0][0] if row else None)

    def _heal(self, source: str, why: str) -> Entry | None:
        """Read the file at ``source`` again into the catalog, its rows being
        damaged (``why``); its new entry, or None when it cannot be read (its
        rows are then forgotten). Said once a session."""
        from reader.catalog import write
        from reader.core.digest import sha1_hex
        from reader.text.sources import InputError, read_issue_file

        if self._writer is not self:
            return self._writer._heal(source, why)
        if not self._told_damage:
            self._told_damage = True
            self.say(_("the catalog's copy of {path} was damaged ({why}); it was read again from the file").format(
                path=source, why=why))
        try:
            text = read_issue_file(Path(source)).text
            info = os.stat(source)
            write.commit(self, [(source, info, sha1_hex(text), write.parse_safely(text, source, Path(source).stem))])
        except (InputError, OSError, sqlite3.Error):
            try:
                with self.transaction() as conn:
                    write.delete_file(conn, source)
            except sqlite3.Error:
                pass
            return None
        row = self.query(f"SELECT {FILE_COLUMNS} FROM files WHERE path = ?", (os.fsencode(source),))
        return entry_of(row[0]) if row else None
