"""One way to open the reader's SQLite databases: the reading state, the
catalog and the keyword cache.

Each is a ``Kind``: how it is recognised (an application id, a schema
version, its own checks) and what is done with a file that is not right (the
reading state is moved aside and kept for the user; a cache is deleted and
made again). ``open_database`` does the rest the same way for all three:

* the directory must be the user's and private (``core.safe_files``), and
  sessions starting together take turns on it while a database is opened,
  checked and made (``locks.holding``);
* the file is checked on a descriptor of our own before SQLite opens it: not
  a link, the user's, not hard-linked, narrowed to 0600, its ``-wal`` and
  ``-shm`` too; a newer version's database is recognised from its header and
  left untouched (``Newer``). This happens only while no connection to the
  file is open in this process: closing any descriptor of a file drops every
  POSIX lock the process holds on it, SQLite's included, and a connection
  that lost its locks was left reading a WAL another session had
  checkpointed away ("database disk image is malformed");
* WAL where it works (the rollback journal where it does not, e.g. NFS),
  retried while another session is setting it; a busy timeout, so sessions
  writing at once wait for each other;
* a foreign or damaged file is put away and a new one made, with what was
  done reported (``Opened.put_away``).
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reader.core.i18n import _
from reader.core.safe_files import (
    SQLITE_COMPANIONS,
    check_companions,
    own_file,
    private_dir,
    sqlite_uri,
    tighten,
)
from reader.storage.locks import holding

SQLITE_CORRUPT = 11
HEADER = 100  # bytes of a database file's header: user_version at 60, application_id at 68


class Damaged(Exception):
    """A database file that is corrupt (``how`` "corrupt") or not ours ("foreign"),
    or that its kind cannot use as it is ("stale")."""

    def __init__(self, why: str, how: str = "corrupt") -> None:
        super().__init__(why)
        self.how = how


class Newer(Exception):
    """A database made by a newer version of the reader: read it, never change it."""


@dataclass(frozen=True)
class Kind:
    """What a database is, and what to do with one that is not right."""

    application_id: int
    make: Callable[[sqlite3.Connection], None]  # create, or bring up to this version (idempotent)
    keep_damaged: bool = False  # True: moved aside for the user; False (a cache): deleted
    schema: int | None = None  # the user_version this code writes: a higher one is ``Newer``
    usable: Callable[[sqlite3.Connection], str | None] | None = None  # why ours but not usable as it is
    busy_timeout: float = 10.0
    page_size: int | None = None  # for a new file (SQLite's default, 4096, when None)


@dataclass
class Opened:
    """An open database, and what was found and done on the way."""

    conn: sqlite3.Connection
    wal: bool
    put_away: tuple[str, Path | None] | None = None  # (why, where it was moved, or None: deleted)


# Connections open in this process, by file: see the module doc.
_OPEN_HERE: Counter[str] = Counter()


def _key(path: Path) -> str:
    return os.path.realpath(path)


def is_corrupt(err: sqlite3.Error) -> bool:
    """Whether SQLite found the database damaged (not busy, full or refused)."""
    return getattr(err, "sqlite_errorcode", 0) & 0xFF == SQLITE_CORRUPT or "malformed" in str(err) or \
        "not a database" in str(err)


def open_database(path: Path, kind: Kind) -> Opened:
    """Our database of ``kind`` at ``path``: checked, made, or put away and
    made afresh (see the module doc). Raises ``OSError`` for a directory or
    file that is not safely the user's, ``Newer``, ``Damaged`` when a new one
    is damaged too, and ``sqlite3.Error``."""
    private_dir(path.parent)
    put_away: tuple[str, Path | None] | None = None
    with holding(path.parent, directory=True, timeout=kind.busy_timeout):
        for attempt in range(2):
            try:
                conn, wal = _connect(path, kind)
                return Opened(conn, wal, put_away)
            except Damaged as err:
                if attempt:
                    raise
                if kind.keep_damaged:
                    put_away = (str(err), _put_away(path, err.how))
                else:
                    delete(path)
                    put_away = (str(err), None)
    raise AssertionError("unreachable")


def _connect(path: Path, kind: Kind) -> tuple[sqlite3.Connection, bool]:
    first = not _OPEN_HERE[_key(path)]
    created = False
    if first:
        with own_file(path) as (fd, created, info):
            check_companions(path)
            if not created:
                _check_header(os.read(fd, HEADER), kind)
            tighten(fd, info)
    conn = sqlite3.connect(path, timeout=kind.busy_timeout, isolation_level=None, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(kind.busy_timeout * 1000)}")
        if first and not created:
            _check(conn, kind)
        if created and kind.page_size:  # before WAL: then the size is fixed
            conn.execute(f"PRAGMA page_size = {int(kind.page_size)}")
        wal = _set_journal_mode(conn, kind.busy_timeout)
        conn.execute("PRAGMA synchronous = NORMAL" if wal else "PRAGMA synchronous = FULL")
        kind.make(conn)
    except (Damaged, Newer):
        conn.close()
        raise
    except sqlite3.DatabaseError as err:
        conn.close()
        if is_corrupt(err):
            raise Damaged(_("corrupt ({reason})").format(reason=err)) from None
        raise
    _OPEN_HERE[_key(path)] += 1
    return conn, wal


def _check_header(header: bytes, kind: Kind) -> None:
    """A newer version's database of this kind, told from its header alone
    (before SQLite opens it, which could change it)."""
    if kind.schema is None or not header.startswith(b"SQLite format 3\x00") or len(header) < 72:
        return
    version = int.from_bytes(header[60:64], "big")
    if version > kind.schema and int.from_bytes(header[68:72], "big") == kind.application_id:
        raise Newer(_("made by a newer luoyang-reader (schema {version})").format(version=version))


def _check(conn: sqlite3.Connection, kind: Kind) -> None:
    """``Damaged`` or ``Newer`` for an existing file this kind cannot use as it is."""
    tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    if not tables:
        return  # empty: made now
    if conn.execute("PRAGMA application_id").fetchone()[0] != kind.application_id:
        raise Damaged(_("not a luoyang-reader database"), "foreign")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if kind.schema is not None and version > kind.schema:
        raise Newer(_("made by a newer luoyang-reader (schema {version})").format(version=version))
    why = kind.usable(conn) if kind.usable is not None else None
    if why is not None:
        raise Damaged(why, "stale")


def _set_journal_mode(conn: sqlite3.Connection, timeout: float) -> bool:
    """WAL where it works (else the rollback journal); returns whether WAL.
    Changing the journal mode takes a lock the busy timeout does not wait
    for, so many first starts at once retry here instead of failing."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
                return True
            if str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower() == "wal":
                return True
            conn.execute("PRAGMA journal_mode = DELETE")
            return False
        except sqlite3.OperationalError as err:
            if ("locked" not in str(err) and "busy" not in str(err)) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _put_away(path: Path, how: str) -> Path:
    """Move a damaged database (and its companions) aside, kept for the user."""
    target = path.with_name(f"{path.name}.{how}-{time.strftime('%Y%m%d-%H%M%S')}")
    os.replace(path, target)
    for suffix in SQLITE_COMPANIONS:
        extra = path.with_name(path.name + suffix)
        if os.path.lexists(extra):
            os.replace(extra, target.with_name(target.name + suffix))
    return target


def delete(path: Path) -> None:
    """Delete a damaged cache (and its companions): it is made again."""
    for extra in (path, *(path.with_name(path.name + s) for s in SQLITE_COMPANIONS)):
        try:
            os.unlink(extra)
        except FileNotFoundError:
            pass


def another(path: Path, timeout: float) -> sqlite3.Connection:
    """Another connection to a database open in this process (for another
    thread): made by SQLite alone, see the module doc."""
    conn = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    _OPEN_HERE[_key(path)] += 1
    return conn


def read_only(path: Path, application_id: int, timeout: float) -> sqlite3.Connection | None:
    """A read-only connection to our database at ``path``, or None: a link, a
    file of another user's or a foreign database counts as none. It never
    creates, changes or migrates the file."""
    import stat

    try:
        check_companions(path)
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
            return None
        conn = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True, timeout=timeout, isolation_level=None,
                               check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        if conn.execute("PRAGMA application_id").fetchone()[0] != application_id:
            conn.close()
            return None
    except (OSError, sqlite3.Error):
        return None
    _OPEN_HERE[_key(path)] += 1
    return conn


def close(path: Path | None, conn: sqlite3.Connection) -> None:
    """Close a connection ``open_database``, ``another`` or ``read_only`` made."""
    if path is not None and _OPEN_HERE[_key(path)] > 0:
        _OPEN_HERE[_key(path)] -= 1
    try:
        conn.close()
    except sqlite3.Error:
        pass
