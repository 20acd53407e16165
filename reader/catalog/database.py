"""The catalog: every issue file the reader has opened, parsed once, indexed for search.

A SQLite database in the user cache dir (``catalog.db``, private like the
other databases). For each file it keeps the path, size, mtime and a hash of
its text, the parsed articles, and each article's text in an FTS5 trigram
index (see ``archive_text`` and ``archive_search``). A start only ``stat``s
the files: those whose size or mtime changed are read again, and parsed again
only when their text changed; files gone from a directory (or its
sub-directories) are dropped.

It is a cache. A missing, corrupt or foreign file, or one written by another
version of the parser, is deleted and rebuilt, with a notice; reading state
lives elsewhere and is never touched. Two sessions scanning at once take
turns on a lock file: the second waits, then finds the work done. Where the
cache dir cannot be used, the catalog lives in memory for the session.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from reader.catalog.codec import article_bytes, article_from_bytes
from reader.catalog.index_text import Initials, body_of
from reader.core.digest import sha1_hex
from reader.core.i18n import _
from reader.core.model import Article, Issue
from reader.core.safe_files import (
    SQLITE_COMPANIONS,
    check_companions,
    private_dir,
    private_file,
    reason,
    sqlite_uri,
)
from reader.storage.paths import package_dir
from reader.text.page_facts import is_iso_date, is_page_number
from reader.text.sources import MAX_BYTES, InputError, Target, read_issue_file, read_targets

CATALOG_NAME = "catalog.db"
OPEN_LOCK = CATALOG_NAME + ".lock"  # held while a session opens (checks, makes) the database: briefly
SCAN_LOCK = CATALOG_NAME + ".scan-lock"  # held while a session reads files into it: perhaps long
SCHEMA = 1
APPLICATION_ID = 0x4C594341  # "LYCA"
BUSY_TIMEOUT_S = 30.0
INITIALS_NOW_FROM = 50  # files written at once: from here their pinyin initials are worked out as they go
BATCH_FILES = 200  # files written per transaction: other sessions read between batches
# The modules whose behaviour the stored rows depend on: a change to any rebuilds the catalog.
# What the stored rows depend on: a change to any of these rebuilds the catalog.
FINGERPRINTED = ("text", "search", "catalog", "core/model.py", "core/digest.py")

TABLES = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
    id INTEGER PRIMARY KEY, path BLOB UNIQUE NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    digest TEXT NOT NULL, name BLOB NOT NULL, banner TEXT, articles INTEGER NOT NULL,
    date TEXT, page TEXT, page_name TEXT, furniture TEXT  -- furniture: JSON [[before, text], …]
);
CREATE TABLE docs (
    id INTEGER PRIMARY KEY, file INTEGER NOT NULL, ordinal INTEGER NOT NULL,
    article_id TEXT NOT NULL, display TEXT NOT NULL, title TEXT NOT NULL, col TEXT, kicker TEXT, subtitle TEXT,
    data BLOB NOT NULL, body TEXT NOT NULL, initials TEXT  -- NULL: not worked out yet (fill_initials)
);
CREATE INDEX docs_file ON docs (file, ordinal);
CREATE INDEX docs_article ON docs (article_id);
CREATE INDEX docs_without_initials ON docs (id) WHERE initials IS NULL;
"""
# One trigram index per column: without positions (detail=none) FTS5 cannot filter by column.
FTS_TABLES = [
    f"CREATE VIRTUAL TABLE fts_{column} USING fts5({column}, content='docs', content_rowid='id', "
    "tokenize='trigram', detail='none')"
    for column in ("body", "initials")
]


def fingerprint() -> str:
    """Schema and code version of the rows: stored, and compared at every open."""
    parts = [f"schema {SCHEMA}"]
    for name in FINGERPRINTED:
        where = package_dir() / name
        for path in sorted(where.rglob("*.py")) if where.is_dir() else [where]:
            try:
                parts.append(path.read_text(encoding="utf-8"))
            except OSError:
                parts.append(name)
    return sha1_hex("\n".join(parts))


def trigram_available() -> bool:
    """Whether this SQLite has FTS5 with the trigram tokenizer (3.34 and later)."""
    try:
        probe = sqlite3.connect(":memory:")
        try:
            probe.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram')")
        finally:
            probe.close()
        return True
    except sqlite3.Error:
        return False


@dataclass(frozen=True)
class Entry:
    """One catalogued issue file."""

    id: int
    source: str  # the resolved path, as ``Issue.source``
    name: str
    banner: str | None
    articles: int
    date: str | None = None
    page: str | None = None
    page_name: str | None = None

    def issue_fields(self) -> dict[str, Any]:
        """What an ``Issue`` of this file holds besides its articles and furniture."""
        return {"source": self.source, "name": self.name, "banner": self.banner, "date": self.date,
                "page": self.page, "page_name": self.page_name}


class Head(NamedTuple):
    """What a list shows of an article, read without its text."""

    doc: int  # the article's row
    article_id: str
    display: str  # the title, or the start of the text
    title: str
    column: str | None
    kicker: str | None
    subtitle: str | None


MAX_ARTICLES = 1_000_000  # a file's row that counts more holds no real count


def _path(raw: object) -> str | None:
    """A path as stored (bytes: the system's own, in any encoding)."""
    if isinstance(raw, bytes):
        return os.fsdecode(raw)
    return raw if isinstance(raw, str) else None


def _optional_text(value: object) -> bool:
    return value is None or isinstance(value, str)


def entry_of(row: Sequence[Any]) -> Entry | None:
    """A ``files`` row ``(id, path, name, banner, articles, date, page,
    page_name)`` as an ``Entry``, or None when it does not hold together."""
    id_, raw, name, banner, count, date, page, page_name = row
    path, shown = _path(raw), _path(name)
    if path is None or shown is None or not isinstance(id_, int) or isinstance(id_, bool):
        return None
    if not (isinstance(count, int) and not isinstance(count, bool) and 0 <= count <= MAX_ARTICLES):
        return None
    if not (_optional_text(banner) and _optional_text(page_name)):
        return None
    if date is not None and not (isinstance(date, str) and is_iso_date(date)):
        return None
    if page is not None and not (isinstance(page, str) and is_page_number(page)):
        return None
    return Entry(id_, path, shown, banner, count, date, page, page_name)


def head_of(row: Sequence[Any]) -> Head | None:
    """A ``docs`` row's heading fields as a ``Head``, or None when they do not hold together."""
    doc, article_id, display, title, column, kicker, subtitle = row
    if not (isinstance(doc, int) and isinstance(article_id, str) and isinstance(display, str)
            and isinstance(title, str) and _optional_text(column) and _optional_text(kicker)
            and _optional_text(subtitle)):
        return None
    return Head(doc, article_id, display, title, column, kicker, subtitle)


def _parse(text: str, source: str, name: str) -> Issue:
    """``parse_issue``, where any failure is the file's: one line, never a traceback."""
    from reader.text.parse import (
        parse_issue,  # imported here: a warm start parses nothing, so never loads it
    )

    try:
        return parse_issue(text, source=source, name=name)
    except Exception as err:  # noqa: BLE001 - an untrusted file: whatever it does is a warning for it
        raise InputError(_("{path}: cannot be read ({reason})").format(
            path=source, reason=f"{type(err).__name__}: {err}")) from None


@dataclass
class ScanReport:
    """What a scan found and did."""

    entries: list[Entry] = field(default_factory=list)  # in the order the paths named them
    sources: list[str] = field(default_factory=list)  # every issue's source, in order, deferred ones too
    deferred: list[Target] = field(default_factory=list)  # left to be read later (``scan(defer_above=…)``)
    warnings: list[str] = field(default_factory=list)
    added: int = 0
    changed: int = 0  # read again and parsed again: the text changed
    touched: int = 0  # size or mtime changed, the text did not
    unchanged: int = 0
    removed: int = 0
    seconds: float = 0.0

    def as_json(self) -> dict[str, object]:
        return {
            "issues": len(self.entries), "articles": sum(e.articles for e in self.entries),
            "added": self.added, "changed": self.changed, "touched": self.touched,
            "unchanged": self.unchanged, "removed": self.removed, "skipped": len(self.warnings),
            "seconds": round(self.seconds, 3),
        }


Known = dict[str, tuple[int, int, int, str]]  # source -> (file id, size, mtime_ns, digest)
Progress = Callable[[int, int], None]  # (files looked at, files in all), called as files are read


class Catalog:
    """The catalog database. Open with ``Catalog.open(cache_dir)``; safe to
    share between threads (one statement at a time, under a lock)."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None, notice: str | None) -> None:
        self._conn = conn
        self.path = path  # None: in memory
        self.notice = notice  # what the user should know (rebuilt, not saved, no index)
        self.lock = threading.RLock()
        self.indexed = _has_table(conn, "fts_body")  # FTS5 trigram here; else searches scan
        self.waiting: Callable[[], None] | None = None  # told when another session's scan must end first
        self.meanwhile: Callable[[], None] | None = None  # told now and then while it does
        self._warn: Callable[[str], None] | None = None  # see ``listen``
        self._unheard: list[str] = []  # said before anyone listened
        self._writer = self  # where damaged rows are mended (a reading connection has its writer's)
        self._told_damage = False
        self._counted = None if path is None else os.path.abspath(path)  # in ``_OPEN_HERE`` until closed
        if self._counted is not None:
            _OPEN_HERE[self._counted] += 1

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

    # Opening -------------------------------------------------------------------

    @classmethod
    def open(cls, cache_dir: Path) -> Catalog:
        """Open (creating, or rebuilding) the catalog in ``cache_dir``; never raises."""
        path: Path | None = cache_dir / CATALOG_NAME
        assert path is not None
        try:
            private_dir(cache_dir)
            with _file_lock(cache_dir / OPEN_LOCK):
                conn, notice = _connect(path)
        except (OSError, sqlite3.Error) as err:
            conn, notice = _new_connection(":memory:"), _("the catalog is kept in memory ({reason})").format(reason=f"{path}: {reason(err)}")
            path = None
        catalog = cls(conn, path, notice)
        if not catalog.indexed:
            catalog.notice = "; ".join(
                x for x in (notice, _("this SQLite has no FTS5 trigram index: searches scan every issue")) if x
            )
        if catalog.notice:
            catalog.say(catalog.notice)
        return catalog

    def close(self) -> None:
        with self.lock:
            if self._counted is not None:
                _OPEN_HERE[self._counted] -= 1
                self._counted = None
            try:
                self._conn.close()
            except sqlite3.Error:
                pass

    @contextmanager
    def building(self, wait: bool = True) -> Iterator[bool]:
        """Held while a scan writes: another session's scan waits for it
        (``waiting`` is told, once, when it has to). With ``wait=False`` a
        busy lock is not waited for: yields whether it is held."""
        if self.path is None:
            yield True
            return
        with _file_lock(self.path.with_name(SCAN_LOCK), self.waiting, wait, self.meanwhile) as held:
            yield held

    # Scanning ------------------------------------------------------------------

    def scan(self, targets: list[Target], progress: Progress | None = None, *,
             defer_above: int | None = None, drop: bool = True,
             written: Callable[[list[Entry]], None] | None = None) -> ScanReport:
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
        the entries of each batch of files as it is committed."""
        try:
            return self._scan(targets, progress, defer_above, drop, written)
        except sqlite3.DatabaseError as err:
            if self.path is None:
                raise
            self._rebuild(_("corrupt ({reason})").format(reason=reason(err)))
            return self._scan(targets, progress, defer_above, drop, written)

    def _rebuild(self, why: str) -> None:
        assert self.path is not None
        with self.lock, self.building():
            self.close()
            _delete(self.path)
            self._conn, _notice = _connect(self.path)
            self._counted = os.path.abspath(self.path)
            _OPEN_HERE[self._counted] += 1
            self.indexed = _has_table(self._conn, "fts_body")
        self.notice = _("the catalog was {why}: rebuilding it from the issue files").format(why=why)
        self.say(self.notice)

    def _scan(self, targets: list[Target], progress: Progress | None, defer_above: int | None,
              drop: bool, written: Callable[[list[Entry]], None] | None, wait: bool = False) -> ScanReport:
        began = time.perf_counter()
        report = ScanReport()
        # A scan that may defer does not wait for another session's: it defers what it would have read.
        with self.building(wait=wait or defer_above is None) as held:
            known = self._known_files()
            initials = Initials()
            pending: list[tuple[str, os.stat_result, str, Issue | None]] = []
            total = len(targets)
            done = 0
            stats: dict[str, os.stat_result] = {}  # taken while deciding what to defer: not taken twice
            if held:
                deferred = self._to_defer(targets, known, defer_above, stats)
            else:
                if any(_needs_reading(t, known, stats) is not False for t in targets if t.directory is None):
                    # A file named on the command line is read now: wait for the other session after all.
                    return self._scan(targets, progress, defer_above, drop, written, wait=True)
                deferred = self._to_defer(targets, known, 0, stats)
                drop = False

            def look(target: Target) -> str:
                nonlocal done
                source = _source(target)
                if source in deferred:
                    report.deferred.append(target)
                    return source
                try:
                    info = stats.pop(source, None) or os.stat(target.path)
                except OSError as err:
                    raise InputError(_("{path}: cannot read ({reason})").format(path=target.path, reason=reason(err))) from None
                row = known.get(source)
                done += 1
                if _same_stat(row, info):
                    report.unchanged += 1
                else:
                    text = read_issue_file(target.path).text
                    digest = sha1_hex(text)
                    if row is not None and row[3] == digest:
                        report.touched += 1
                        pending.append((source, info, digest, None))
                    else:
                        if row is None:
                            report.added += 1
                        else:
                            report.changed += 1
                        issue = _parse(text, source, target.path.stem)
                        pending.append((source, info, digest, issue))
                    if len(pending) >= BATCH_FILES:
                        self._write(pending, initials, written)
                        pending.clear()
                    if progress is not None:  # only files read: a warm start reports nothing
                        progress(done, total)
                return source

            sources, report.warnings = read_targets(targets, look)
            self._write(pending, initials, written)
            if drop:
                report.removed = self._drop_missing(targets, set(sources))
        report.sources = sources
        report.entries = self.entries([s for s in sources if s not in deferred])
        report.seconds = time.perf_counter() - began
        return report

    @staticmethod
    def _to_defer(targets: list[Target], known: Known, above: int | None, stats: dict[str, os.stat_result]) -> set[str]:
        """The directory members that need reading, if more than ``above`` do.
        A file named on the command line is read now (its errors are the
        user's to see), and so is one that cannot be looked at (reading it
        says what is wrong)."""
        if above is None:
            return set()
        stale = {_source(t) for t in targets if t.directory is not None and _needs_reading(t, known, stats)}
        return stale if len(stale) > above else set()

    def _known_files(self) -> Known:
        with self.lock:
            rows = self._conn.execute("SELECT path, id, size, mtime_ns, digest FROM files").fetchall()
        # A row whose fields are not what was written is not known: its file is read again.
        return {path: (id_, size, mtime, digest) for raw, id_, size, mtime, digest in rows
                if (path := _path(raw)) is not None and isinstance(size, int) and isinstance(mtime, int)
                and isinstance(digest, str)}

    def _write(self, pending: list[tuple[str, os.stat_result, str, Issue | None]], initials: Initials,
               written: Callable[[list[Entry]], None] | None = None) -> None:
        if not pending:
            return
        self._commit(pending, initials)
        if written is not None:
            written(self.entries([source for source, *_ in pending]))

    def _commit(self, pending: list[tuple[str, os.stat_result, str, Issue | None]], initials: Initials) -> None:
        # pypinyin takes half a second to load: a few files leave their initials to the first pinyin search.
        letters_now = len(pending) >= INITIALS_NOW_FROM or _pinyin_loaded()
        rows = []
        for source, info, digest, issue in pending:
            docs = []
            if issue is not None:
                for ordinal, article in enumerate(issue.articles):
                    body = body_of(article)
                    letters = None
                    if letters_now:
                        initials.learn(set(body))
                        letters = initials.of(body)
                    head = (article.display_title, article.title, article.column, article.kicker, article.subtitle)
                    docs.append((ordinal, article.id, head, article_bytes(article), body, letters))
            rows.append((source, info, digest, issue, docs))
        seen: set[str] = set().union(*(set(body) for *_, docs in rows for *_, body, _ in docs))
        with self.lock, self._transaction() as conn:
            known = conn.execute("SELECT value FROM meta WHERE key = 'characters'").fetchone()
            had = set(known[0]) if known is not None and isinstance(known[0], str) else set()
            if not seen <= had:
                conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('characters', ?)",
                             ("".join(sorted(seen | had)),))
            for source, info, digest, issue, docs in rows:
                if issue is None:  # the same text: only the stat changed
                    conn.execute("UPDATE files SET size = ?, mtime_ns = ? WHERE path = ?",
                                 (info.st_size, info.st_mtime_ns, os.fsencode(source)))
                    continue
                fields = (info.st_size, info.st_mtime_ns, digest, os.fsencode(issue.name), issue.banner,
                          len(issue.articles), issue.date, issue.page, issue.page_name,
                          json.dumps(issue.furniture, ensure_ascii=False) if issue.furniture else None)
                found = conn.execute("SELECT id FROM files WHERE path = ?", (os.fsencode(source),)).fetchone()
                if found is not None:  # parsed again: the file keeps its id, so issues open on it stay valid
                    file_id = found[0]
                    self._delete_docs(conn, file_id)
                    conn.execute(
                        "UPDATE files SET size = ?, mtime_ns = ?, digest = ?, name = ?, banner = ?, articles = ?,"
                        " date = ?, page = ?, page_name = ?, furniture = ? WHERE id = ?", (*fields, file_id))
                else:
                    file_id = conn.execute(
                        "INSERT INTO files (size, mtime_ns, digest, name, banner, articles, date, page, page_name,"
                        " furniture, path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (*fields, os.fsencode(source)),
                    ).lastrowid
                for ordinal, article_id, head, data, body, letters in docs:
                    doc_id = conn.execute(
                        "INSERT INTO docs (file, ordinal, article_id, display, title, col, kicker, subtitle, data, body, "
                        "initials) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (file_id, ordinal, article_id, *head, data, body, letters),
                    ).lastrowid
                    if self.indexed:
                        conn.execute("INSERT INTO fts_body (rowid, body) VALUES (?, ?)", (doc_id, body))
                        if letters is not None:
                            conn.execute("INSERT INTO fts_initials (rowid, initials) VALUES (?, ?)", (doc_id, letters))

    def _delete_file(self, conn: sqlite3.Connection, source: str) -> None:
        row = conn.execute("SELECT id FROM files WHERE path = ?", (os.fsencode(source),)).fetchone()
        if row is None:
            return
        self._delete_docs(conn, row[0])
        conn.execute("DELETE FROM files WHERE id = ?", (row[0],))

    def _delete_docs(self, conn: sqlite3.Connection, file_id: int) -> None:
        """A file's articles, and their entries in the index."""
        if self.indexed:
            for column in ("body", "initials"):  # only what was indexed: initials may not be yet
                conn.execute(
                    f"INSERT INTO fts_{column} (fts_{column}, rowid, {column}) "
                    f"SELECT 'delete', id, {column} FROM docs WHERE file = ? AND typeof({column}) = 'text'",
                    (file_id,),
                )
        conn.execute("DELETE FROM docs WHERE file = ?", (file_id,))

    def _drop_missing(self, targets: list[Target], present: set[str]) -> int:
        """Forget the files of the scanned directories that are gone from them."""
        directories = {os.path.realpath(d) for d in {t.directory for t in targets} if d is not None}
        if not directories:
            return 0
        with self.lock:
            paths = [p for (raw,) in self._conn.execute("SELECT path FROM files") if (p := _path(raw)) is not None]
        prefixes = tuple(os.path.join(d, "") for d in directories)  # directories are read with their sub-directories
        gone = [p for p in paths if p.startswith(prefixes) and p not in present]
        if gone:
            with self.lock, self._transaction() as conn:
                for source in gone:
                    self._delete_file(conn, source)
        return len(gone)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    # Reading -------------------------------------------------------------------
    #
    # The rows are read as untrusted input (a cache file may be damaged, or
    # written by a bug): each is checked as it is read, a compressed article is
    # inflated only up to what its file could hold, and a file whose rows do
    # not hold together is read again from the file itself (``_heal``), with
    # one notice a session.

    def entries(self, sources: Sequence[str]) -> list[Entry]:
        """The catalogued files at ``sources``, in that order (unknown ones left out)."""
        found: dict[str, Entry] = {}
        damaged: list[str] = []
        with self.lock:
            for start in range(0, len(sources), 500):
                chunk = [os.fsencode(s) for s in sources[start : start + 500]]
                marks = ",".join("?" * len(chunk))
                for row in self._conn.execute(
                    "SELECT id, path, name, banner, articles, date, page, page_name FROM files"
                    f" WHERE path IN ({marks})", chunk
                ):
                    entry = entry_of(row)
                    if entry is None:
                        damaged.append(os.fsdecode(row[1]))
                    else:
                        found[entry.source] = entry
        for source in damaged:
            healed = self._heal(source, _("a file's row is damaged"))
            if healed is not None:
                found[source] = healed
        return [found[s] for s in sources if s in found]

    def issue(self, entry: Entry) -> Issue:
        """The parsed issue of a catalogued file."""
        for attempt in range(2):
            with self.lock:
                rows = self._conn.execute("SELECT ordinal, data FROM docs WHERE file = ? ORDER BY ordinal",
                                          (entry.id,)).fetchall()
            try:
                if [ordinal for ordinal, _data in rows] != list(range(entry.articles)):
                    raise ValueError(_("its articles are not those its row counts"))
                limit = self._inflate_limit(entry.id)
                articles = tuple(article_from_bytes(data, limit) for _ordinal, data in rows)
                return Issue(articles=articles, furniture=self.furniture(entry), **entry.issue_fields())
            except ValueError as err:
                healed = self._heal(entry.source, str(err)) if not attempt else None
                if healed is None:
                    break
                entry = healed
        return Issue(articles=(), **entry.issue_fields())  # the file is gone or unreadable now

    def furniture(self, entry: Entry) -> tuple[tuple[int, str], ...]:
        """The page furniture of a catalogued file (see ``Issue.furniture``)."""
        with self.lock:
            row = self._conn.execute("SELECT furniture FROM files WHERE id = ?", (entry.id,)).fetchone()
        if row is None or not isinstance(row[0], str):
            return ()
        try:
            pieces = json.loads(row[0])
        except (ValueError, RecursionError):
            return ()
        if not isinstance(pieces, list):
            return ()
        return tuple(
            (before, text) for before, text in (p for p in pieces if isinstance(p, list) and len(p) == 2)
            if isinstance(before, int) and isinstance(text, str)
        )

    def heads(self, entry: Entry) -> tuple[Entry, list[Head]]:
        """Each article's heading fields (see ``Head``) in order: what a list
        shows, without reading any article's text; and the file's entry, read
        again when its rows were damaged (its article count may differ)."""
        for attempt in range(2):
            with self.lock:
                rows = self._conn.execute(
                    "SELECT ordinal, id, article_id, display, title, col, kicker, subtitle FROM docs "
                    "WHERE file = ? ORDER BY ordinal", (entry.id,)
                ).fetchall()
            heads = [head for head in (head_of(row[1:]) for row in rows) if head is not None]
            if len(heads) == len(rows) and [row[0] for row in rows] == list(range(entry.articles)):
                return entry, heads
            healed = self._heal(entry.source, _("its articles are not those its row counts")) if not attempt else None
            if healed is None:
                break
            entry = healed
        return entry, []

    def article(self, doc: int, file_id: int, ordinal: int) -> Article | None:
        """The article of row ``doc``, the ``ordinal``-th of file ``file_id``
        (found by its place if the file was read again meanwhile); None when
        the file no longer has it."""
        for attempt in range(2):
            with self.lock:
                row = self._conn.execute("SELECT data, article_id FROM docs WHERE id = ? AND file = ?",
                                         (doc, file_id)).fetchone()
                if row is None:
                    row = self._conn.execute("SELECT data, article_id FROM docs WHERE file = ? AND ordinal = ?",
                                             (file_id, ordinal)).fetchone()
            if row is None:
                return None
            try:
                article = article_from_bytes(row[0], self._inflate_limit(file_id))
                if article.id != row[1]:
                    raise ValueError(_("an article is stored under another's id"))
                return article
            except ValueError as err:
                source = self._source_of(file_id)
                if attempt or source is None or self._heal(source, str(err)) is None:
                    return None
        return None

    def _inflate_limit(self, file_id: int) -> int:
        """The most an article of this file can take as JSON: a few times its
        text (escapes and structure), never more than the largest file read."""
        with self.lock:
            row = self._conn.execute("SELECT size FROM files WHERE id = ?", (file_id,)).fetchone()
        size = row[0] if row is not None and isinstance(row[0], int) and row[0] > 0 else MAX_BYTES
        return 3 * min(size, MAX_BYTES) + 65536

    def _source_of(self, file_id: int) -> str | None:
        with self.lock:
            row = self._conn.execute("SELECT path FROM files WHERE id = ?", (file_id,)).fetchone()
        return _path(row[0]) if row is not None else None

    def _heal(self, source: str, why: str) -> Entry | None:
        """Read the file at ``source`` again into the catalog, its rows being
        damaged (``why``); its new entry, or None when it cannot be read (its
        rows are then forgotten). Said once a session (``warn``)."""
        writer = self._writer
        if writer is not self:
            return writer._heal(source, why)
        if not self._told_damage:
            self._told_damage = True
            self.say(_("the catalog's copy of {path} was damaged ({why}); it was read again from the file").format(
                path=source, why=why))
        try:
            text = read_issue_file(Path(source)).text
            info = os.stat(source)
            issue = _parse(text, source, Path(source).stem)
            with self.lock:
                self._commit([(source, info, sha1_hex(text), issue)], Initials())
        except (InputError, OSError, sqlite3.Error):
            try:
                with self.lock, self._transaction() as conn:
                    self._delete_file(conn, source)
            except sqlite3.Error:
                pass
            return None
        with self.lock:
            row = self._conn.execute(
                "SELECT id, path, name, banner, articles, date, page, page_name FROM files WHERE path = ?",
                (os.fsencode(source),)).fetchone()
        return entry_of(row) if row is not None else None

    def query(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Rows of a read-only query (the archive search builds its own)."""
        with self.lock:
            return self._conn.execute(sql, tuple(params)).fetchall()

    def fill_initials(self) -> int:
        """Work out the initials column where a small scan left it (see
        ``_commit``); returns how many articles it did. Before the first
        pinyin search."""
        rows = self.query("SELECT id, body FROM docs WHERE initials IS NULL")
        if not rows:
            return 0
        initials = Initials()
        initials.learn(set().union(*(set(body) for _, body in rows)))
        with self.lock, self._transaction() as conn:
            for doc_id, body in rows:
                letters = initials.of(body)
                # Another session may have done it meanwhile: only rows still without.
                if conn.execute("UPDATE docs SET initials = ? WHERE id = ? AND initials IS NULL",
                                (letters, doc_id)).rowcount and self.indexed:
                    conn.execute("INSERT INTO fts_initials (rowid, initials) VALUES (?, ?)", (doc_id, letters))
        return len(rows)

    def another(self) -> Catalog:
        """A second connection to this catalog, to write from another thread
        (files read while the reader is up); what it has to say is said
        through this one. In memory there is one database: itself."""
        if self.path is None:
            return self
        other = Catalog(_new_connection(self.path), self.path, None)
        other.indexed = self.indexed
        other.listen(self.say)
        return other

    def rebuild_index(self) -> None:
        """Make the search index again from the articles' rows (it was found damaged), with a notice."""
        writer = self._writer
        if writer is not self:
            writer.rebuild_index()
            return
        if not self.indexed:
            return
        with self.lock, self._transaction() as conn:
            for column in ("body", "initials"):
                conn.execute(f"INSERT INTO fts_{column} (fts_{column}) VALUES ('rebuild')")
        self.say(_("the catalog's search index was damaged; it was made again"))

    def reader(self) -> Catalog:
        """A second connection for long reads in another thread (searches), so
        that the UI thread's short reads never wait behind them (WAL lets
        readers run side by side). In memory there is one database: itself."""
        if self.path is None:
            return self
        try:
            conn = sqlite3.connect(sqlite_uri(self.path, mode="ro"), uri=True, timeout=BUSY_TIMEOUT_S,
                                   isolation_level=None, check_same_thread=False)
        except sqlite3.Error:
            return self
        other = Catalog(conn, self.path, None)
        other.indexed = self.indexed
        other._writer = self
        return other

    def characters(self) -> set[str]:
        """Every character of the catalogued text (what the pinyin tables cover)."""
        row = self.query("SELECT value FROM meta WHERE key = 'characters'")
        return set(row[0][0]) if row and isinstance(row[0][0], str) else set()


def _source(target: Target) -> str:
    """The path a target is catalogued under (``Issue.source``)."""
    return target.source or str(target.path.resolve())


def _same_stat(row: tuple[int, int, int, str] | None, info: os.stat_result) -> bool:
    """Whether a file is as the catalog last saw it (size and mtime)."""
    return row is not None and row[1:3] == (info.st_size, info.st_mtime_ns)


def _needs_reading(target: Target, known: Known, stats: dict[str, os.stat_result]) -> bool | None:
    """Whether the catalog's copy of a file is stale (None: it cannot be
    looked at); the stat is kept in ``stats`` for the scan to use."""
    if target.duplicate or target.problem is not None:
        return False
    source = _source(target)
    try:
        info = stats[source] = os.stat(target.path)
    except OSError:
        return None
    return not _same_stat(known.get(source), info)


SQLITE_CORRUPT = 11


def is_corrupt(err: sqlite3.Error) -> bool:
    """Whether SQLite found the database damaged (not busy, full or refused)."""
    return getattr(err, "sqlite_errorcode", 0) & 0xFF == SQLITE_CORRUPT or "malformed" in str(err)


def _pinyin_loaded() -> bool:
    return "pypinyin" in sys.modules


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None


def _new_connection(where: str | Path) -> sqlite3.Connection:
    conn = sqlite3.connect(where, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    if not _has_table(conn, "files"):
        conn.executescript("BEGIN IMMEDIATE;" + TABLES)
        if trigram_available():
            for table in FTS_TABLES:
                conn.execute(table)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("INSERT INTO meta (key, value) VALUES ('fingerprint', ?)", (fingerprint(),))
        conn.execute("COMMIT")
    return conn


# Catalog connections open in this process, by file. The file is checked (and
# made) through a descriptor of our own only when none is: closing any
# descriptor of a file drops every POSIX lock this process holds on it,
# SQLite's included, and a connection that lost its locks was left reading a
# WAL another session had checkpointed away ("database disk image is
# malformed"). SQLite's own opens share the locks and are safe.
_OPEN_HERE: Counter[str] = Counter()


def _connect(path: Path) -> tuple[sqlite3.Connection, str | None]:
    """Our catalog at ``path``: checked, or deleted and made afresh (with the reason)."""
    if _OPEN_HERE[os.path.abspath(path)]:
        return _new_connection(path), None  # checked by the connection open already
    notice = None
    for attempt in range(2):
        created = private_file(path)
        check_companions(path)
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        try:
            why = None if created else _unusable(conn)
            if why is None:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
                conn.close()
                return _new_connection(path), notice
        except sqlite3.DatabaseError as err:
            why = _("corrupt ({reason})").format(reason=err)
        conn.close()
        if attempt:
            raise sqlite3.DatabaseError(why)
        _delete(path)
        notice = _("the catalog was {why}: rebuilding it from the issue files").format(why=why)
    raise AssertionError("unreachable")


def _unusable(conn: sqlite3.Connection) -> str | None:
    """Why an existing catalog file cannot be used as it is, or None."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables:
        return None  # empty: made now
    if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID or "meta" not in tables:
        return _("not a luoyang-reader catalog")
    row = conn.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
    if row is None or row[0] != fingerprint():
        return _("made by another version")
    conn.execute("SELECT count(*) FROM files").fetchone()
    return None


def _delete(path: Path) -> None:
    for extra in (path, *(path.with_name(path.name + s) for s in SQLITE_COMPANIONS)):
        try:
            os.unlink(extra)
        except FileNotFoundError:
            pass


LOCK_POLL_S = 0.25  # while another session holds a lock: how often ``meanwhile`` is told


@contextmanager
def _file_lock(path: Path, waiting: Callable[[], None] | None = None, wait: bool = True,
               meanwhile: Callable[[], None] | None = None) -> Iterator[bool]:
    """An exclusive ``flock`` on a private lock file, waited for (a scan of
    another session can take a while: ``waiting`` is called first, then
    ``meanwhile`` every ``LOCK_POLL_S``, which may raise to stop waiting), or
    with ``wait=False`` not: yields whether it is held. Without locks we go on."""
    try:
        private_file(path)
        fd = os.open(path, os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        yield True
        return
    held = True
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                held = False
            else:
                if waiting is not None:
                    waiting()
                _wait_for_lock(fd, meanwhile)
        except OSError:
            pass
        yield held
    finally:
        os.close(fd)


def _wait_for_lock(fd: int, meanwhile: Callable[[], None] | None) -> None:
    if meanwhile is None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            pass
        return
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            meanwhile()
            time.sleep(LOCK_POLL_S)
        except OSError:
            return
