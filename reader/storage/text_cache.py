"""A small key-to-text cache in SQLite, in the user's cache dir.

What the keyword cache keeps (``keywords.cache``), opened as every database
of the reader is (``storage.sqlite``). It holds nothing that cannot be
computed again: a damaged file is deleted and made again, and where the
cache cannot be used at all, it is empty and says why (``notice``).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path

from reader.core.i18n import _
from reader.core.safe_files import reason
from reader.storage import sqlite

APPLICATION_ID = 0x4C594B57  # "LYKW"


def _make(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


TEXT_CACHE = sqlite.Kind(application_id=APPLICATION_ID, make=_make, busy_timeout=5.0)


class TextCache:
    """Texts by key; safe to share between threads (one query at a time)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self.notice: str | None = None  # why there is no cache, if so
        self._lock = threading.Lock()
        try:
            self._conn = sqlite.open_database(path, TEXT_CACHE).conn
        except (OSError, sqlite3.Error, sqlite.Damaged, sqlite.Newer) as err:  # not ours, a link, unusable
            self.notice = _("keyword cache not used ({reason})").format(reason=f"{path}: {reason(err)}")

    def get_many(self, keys: Iterable[str]) -> dict[str, object]:
        """The values held for ``keys`` (each as stored: the caller checks it)."""
        keys = list(keys)
        found: dict[str, object] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            with self._lock:  # one chunk at a time: close() never waits long
                if self._conn is None:
                    return found
                try:
                    rows = self._conn.execute(f"SELECT key, value FROM entries WHERE key IN ({marks})", chunk).fetchall()
                except sqlite3.Error:
                    return {}
            found.update(rows)
        return found

    def put_many(self, items: dict[str, str]) -> None:
        with self._lock:
            if self._conn is None or not items:
                return
            try:
                self._conn.executemany("INSERT OR REPLACE INTO entries (key, value) VALUES (?, ?)", items.items())
            except sqlite3.Error:
                pass

    def close(self) -> None:
        """Close the cache; safe while a worker thread is between queries (the
        connection is shared with it: closing it mid-query crashed the process)."""
        with self._lock:
            if self._conn is not None:
                sqlite.close(self.path, self._conn)
                self._conn = None
