"""Reading state in SQLite: read/unread, reading position, bookmarks.

Durable and shareable between sessions of the same user:

* every change is committed when it happens (autocommit single statements,
  ``BEGIN IMMEDIATE`` where several go together), so SIGHUP or ``kill -9``
  loses nothing that was done;
* WAL journal (rollback journal where WAL cannot work, e.g. NFS) and a busy
  timeout, so two sessions writing at once wait for each other instead of
  failing with "database is locked";
* a schema version (``PRAGMA user_version``) with forward migrations, and an
  application id so a foreign database is recognised;
* directory 0700 and database 0600: other users on a shared host cannot read it;
  a data dir that is not the user's own (or is writable by others), or a
  database, ``-wal`` or ``-shm`` that is a link or not the user's, is never
  written: the session's state is kept in memory, with a notice;
* a database made by a newer version is opened read-only and left untouched;
* a corrupt or foreign file is moved aside and a fresh store started; a
  directory that cannot be written gives an in-memory store and a notice.

State is keyed by the stable article id, so it follows an article whose file moves.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from reader.core.i18n import _
from reader.core.safe_files import reason
from reader.storage import sqlite
from reader.storage.sqlite import Damaged, Kind, Newer

DB_NAME = "state.db"
APPLICATION_ID = 0x4C595244  # "LYRD"
BUSY_TIMEOUT_S = 10.0

MIGRATIONS: list[str] = [
    # 1: the first schema.
    """
    CREATE TABLE articles (
        article_id TEXT PRIMARY KEY,
        read INTEGER NOT NULL DEFAULT 0,
        block INTEGER NOT NULL DEFAULT 0,
        offset INTEGER NOT NULL DEFAULT 0,
        progress REAL NOT NULL DEFAULT 0,
        title TEXT,
        source TEXT,
        updated TEXT NOT NULL
    );
    CREATE TABLE bookmarks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        article_id TEXT NOT NULL,
        title TEXT NOT NULL,
        source TEXT NOT NULL,
        block INTEGER NOT NULL,
        offset INTEGER NOT NULL DEFAULT 0,
        snippet TEXT NOT NULL DEFAULT '',
        note TEXT,
        created TEXT NOT NULL
    );
    CREATE INDEX bookmarks_article ON bookmarks(article_id);
    CREATE TABLE session (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class SavedReading:
    """What the store keeps about one article: read, and where the reader left it."""

    article_id: str
    read: bool = False
    block: int = 0
    offset: int = 0
    progress: float = 0.0


@dataclass(frozen=True)
class Bookmark:
    id: int
    article_id: str
    title: str
    source: str
    block: int
    offset: int
    snippet: str
    note: str | None
    created: str

    @property
    def place(self) -> str:
        """Where in the article: ``§3`` (the third block), or ``标题`` above the first."""
        return f"§{self.block + 1}" if self.block >= 0 else "标题"

    @property
    def created_local(self) -> str:
        """When it was made, in the reader's local time: ``2026-11-25 21:04``."""
        try:
            return datetime.fromisoformat(self.created).astimezone().strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return self.created

    def as_json(self) -> dict[str, object]:
        return {
            "article_id": self.article_id,
            "title": self.title,
            "source": self.source,
            "block": self.block,
            "note": self.note,
            "created": self.created,
        }


def stored_path(text: str) -> str | bytes:
    """A path (or a value that may be one) as stored: text, or where it is no
    UTF-8 (a GBK folder name) the system's own bytes, which SQLite keeps as
    they are; ``read_path`` turns either back into the path."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text)
    return text


def read_path(value: object) -> str:
    """What ``stored_path`` stored, as the path again."""
    return os.fsdecode(value) if isinstance(value, bytes) else str(value)


class Store:
    """The reading state of one user. Open with ``Store.open(data_dir)``."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None, notice: str | None = None,
                 opened_at: Path | None = None) -> None:
        self._conn = conn
        self.path = path  # None: not saving (in memory, or a newer version's file, read only)
        self._opened_at = opened_at or path  # the file the connection is to, if any
        self.notice = notice  # why state is not being saved (or was reset), if so
        self.journal_mode = conn.execute("PRAGMA journal_mode").fetchone()[0]

    # Opening -------------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path) -> Store:
        """Open (creating) the store in ``data_dir``; never raises for a bad file or dir."""
        path = data_dir / DB_NAME
        try:
            opened = sqlite.open_database(path, STATE)
        except Newer as err:
            return cls.read_only(path, _("reading state is not being saved ({reason})").format(reason=f"{path}: {err}"))
        except (OSError, sqlite3.Error, Damaged) as err:
            return cls.in_memory(_("reading state is not being saved ({reason})").format(reason=f"{path}: {reason(err)}"))
        notice = None
        if opened.put_away is not None:  # corrupt or foreign: kept for the user, and started afresh
            why, moved = opened.put_away
            notice = _("{path} was {why}; moved it to {moved} and started afresh").format(
                path=path, why=why, moved=moved.name if moved else "")
        return cls(opened.conn, path, notice)

    @classmethod
    def in_memory(cls, notice: str | None = None) -> Store:
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        _migrate(conn)
        return cls(conn, None, notice)

    @classmethod
    def read_only(cls, path: Path, notice: str) -> Store:
        """Show what a newer version saved, and change nothing (writes fail softly)."""
        conn = sqlite.read_only(path, APPLICATION_ID, BUSY_TIMEOUT_S)
        if conn is None:
            return cls.in_memory(notice)
        return cls(conn, None, notice, opened_at=path)

    def close(self) -> None:
        sqlite.close(self._opened_at, self._conn)

    @property
    def saving(self) -> bool:
        return self.path is not None

    @property
    def connection(self) -> sqlite3.Connection:
        """The database itself, for the storage layer's own modules (``state_transfer``)."""
        return self._conn

    # Writes: each commits at once; failures become a notice, never a crash. ------

    def _write(self, sql: str, params: Iterable[object] = ()) -> bool:
        try:
            self._conn.execute(sql, tuple(params))
            return True
        except (sqlite3.Error, ValueError) as err:  # ValueError: text SQLite cannot take
            self.notice = _("reading state is not being saved ({reason})").format(reason=reason(err))
            return False

    def set_position(self, article_id: str, block: int, offset: int, progress: float, *, title: str = "", source: str = "") -> bool:
        return self._write(
            """INSERT INTO articles (article_id, block, offset, progress, title, source, updated)
               VALUES (?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(article_id) DO UPDATE SET block = excluded.block, offset = excluded.offset,
                   progress = excluded.progress, title = excluded.title, source = excluded.source,
                   updated = excluded.updated""",
            (article_id, block, offset, progress, title, stored_path(source), now_iso()),
        )

    def set_read(self, article_id: str, read: bool) -> bool:
        return self._write(
            """INSERT INTO articles (article_id, read, updated) VALUES (?, ?, ?)
               ON CONFLICT(article_id) DO UPDATE SET read = excluded.read, updated = excluded.updated""",
            (article_id, int(read), now_iso()),
        )

    def set_many_read(self, article_ids: Iterable[str], read: bool = True) -> bool:
        stamp = now_iso()
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._conn.executemany(
                    """INSERT INTO articles (article_id, read, updated) VALUES (?, ?, ?)
                       ON CONFLICT(article_id) DO UPDATE SET read = excluded.read, updated = excluded.updated""",
                    [(a, int(read), stamp) for a in article_ids],
                )
                self._conn.execute("COMMIT")
            except BaseException:
                _rollback(self._conn)
                raise
            return True
        except sqlite3.Error as err:
            self.notice = _("reading state is not being saved ({reason})").format(reason=reason(err))
            return False

    def add_bookmark(
        self, article_id: str, title: str, source: str, block: int, offset: int, snippet: str, note: str | None
    ) -> int | None:
        try:
            cursor = self._conn.execute(
                """INSERT INTO bookmarks (article_id, title, source, block, offset, snippet, note, created)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                (article_id, title, stored_path(source), block, offset, snippet, note or None, now_iso()),
            )
            return cursor.lastrowid
        except sqlite3.Error as err:
            self.notice = _("reading state is not being saved ({reason})").format(reason=reason(err))
            return None

    def delete_bookmark(self, bookmark_id: int) -> bool:
        return self._write("DELETE FROM bookmarks WHERE id = ?", (bookmark_id,))

    def restore_bookmark(self, bookmark: Bookmark) -> bool:
        """Put a deleted bookmark back as it was: same id, note and time (undo of ``d``)."""
        return self._write(
            """INSERT OR IGNORE INTO bookmarks (id, article_id, title, source, block, offset, snippet, note, created)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (bookmark.id, bookmark.article_id, bookmark.title, stored_path(bookmark.source), bookmark.block,
             bookmark.offset,
             bookmark.snippet, bookmark.note, bookmark.created),
        )

    def set_bookmark_note(self, bookmark_id: int, note: str | None) -> bool:
        """Change a bookmark's note; an empty one removes it."""
        return self._write("UPDATE bookmarks SET note = ? WHERE id = ?", (note or None, bookmark_id))

    def set_last_article(self, article_id: str) -> bool:
        return self.set_setting("last_article", article_id)

    def set_setting(self, key: str, value: str) -> bool:
        """Remember a small value across sessions (last article, theme)."""
        return self._write(
            "INSERT INTO session (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, stored_path(value)),
        )

    # Reads ----------------------------------------------------------------------

    def readings(self) -> dict[str, SavedReading]:
        try:
            rows = self._conn.execute("SELECT article_id, read, block, offset, progress FROM articles").fetchall()
        except sqlite3.Error:
            return {}
        return {r[0]: SavedReading(r[0], bool(r[1]), r[2], r[3], r[4]) for r in rows}

    def reading(self, article_id: str) -> SavedReading | None:
        try:
            row = self._conn.execute(
                "SELECT article_id, read, block, offset, progress FROM articles WHERE article_id = ?",
                (article_id,),
            ).fetchone()
        except sqlite3.Error:
            return None
        return SavedReading(row[0], bool(row[1]), row[2], row[3], row[4]) if row else None

    def bookmarks(self) -> list[Bookmark]:
        try:
            rows = self._conn.execute(
                "SELECT id, article_id, title, source, block, offset, snippet, note, created "
                "FROM bookmarks ORDER BY created DESC, id DESC"
            ).fetchall()
        except sqlite3.Error:
            return []
        return [Bookmark(id_, article_id, title, read_path(source), block, offset, snippet, note, created)
                for id_, article_id, title, source, block, offset, snippet, note, created in rows]

    def last_article(self) -> str | None:
        return self.setting("last_article")

    def setting(self, key: str) -> str | None:
        try:
            row = self._conn.execute("SELECT value FROM session WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        return read_path(row[0]) if row else None


def open_read_only(data_dir: Path) -> Store | None:
    """The store for reporting commands (export, bookmarks): never creates or changes it."""
    path = data_dir / DB_NAME
    conn = sqlite.read_only(path, APPLICATION_ID, BUSY_TIMEOUT_S)
    return Store(conn, path) if conn is not None else None


def _migrate(conn: sqlite3.Connection) -> None:
    """Bring the schema up to this version (once, under a write lock: another session may have won)."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise Newer(_("made by a newer luoyang-reader (schema {version})").format(version=version))
    if version == SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]  # another session may have won
        for number in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[number].split(";"):
                if statement.strip():
                    conn.execute(statement)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        _rollback(conn)  # the original error is the one to report
        raise


def _rollback(conn: sqlite3.Connection) -> None:
    """Roll back if a transaction is still open (SQLite ends some failed ones
    itself, e.g. on a full disk, and a second ROLLBACK would hide why)."""
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass


# What the reading state is to ``sqlite.open_database``: precious, so a damaged file is kept.
STATE = Kind(application_id=APPLICATION_ID, make=_migrate, keep_damaged=True, schema=SCHEMA_VERSION,
             busy_timeout=BUSY_TIMEOUT_S)
