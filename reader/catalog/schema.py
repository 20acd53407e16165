"""The catalog's tables, and how the shared opener (``storage.sqlite``) knows
one: its application id, the code version its rows were written by."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader.core.digest import sha1_hex
from reader.core.i18n import _
from reader.storage.paths import package_dir
from reader.storage.sqlite import Kind

CATALOG_NAME = "catalog.db"
SCHEMA = 4  # 2: text stored once, a bigram index, initials per file; 3: seals, ctime; 4: no initials, no titles, a dictionary
APPLICATION_ID = 0x4C594341  # "LYCA"
BUSY_TIMEOUT_S = 30.0
# What the stored rows depend on: a change to any of these rebuilds the catalog (two minutes at 40,000
# issues). The parser, folding (the index's bodies), the writers, the rows' and the seals' formats; not the
# query side (``search``, ``sieve``, ``words``, ``lazy``, the matcher), which reads the rows as they are. A
# test walks the writers' imports and finds here each module they reach that can shape a row.
FINGERPRINTED = ("text", "search/folding.py", "core/model.py", "core/digest.py",
                 *(f"catalog/{name}.py" for name in ("schema", "database", "scan", "write", "codec", "index_text",
                                                     "rows", "seal", "dictionary")))
# Of those folders, what no row depends on: how the list groups files.
NOT_FINGERPRINTED = ("text/grouping.py",)

TABLES = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
    id INTEGER PRIMARY KEY, path BLOB UNIQUE NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, ctime_ns INTEGER NOT NULL,
    digest TEXT NOT NULL, name BLOB NOT NULL, banner TEXT, articles INTEGER NOT NULL,
    date TEXT, page TEXT, page_name TEXT, paper TEXT, furniture TEXT,  -- furniture: JSON [[before, text], …]
    sections TEXT  -- a whole day's file: JSON [[start, page, name], …] of the pages it holds
);
-- AUTOINCREMENT: an id is never used twice, so an index row left by a deleted article names no other.
CREATE TABLE docs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, file INTEGER NOT NULL, ordinal INTEGER NOT NULL,
    article_id TEXT NOT NULL,
    data BLOB NOT NULL  -- the article, compressed: its only copy (the index keeps no text, nor this table titles)
);
CREATE INDEX docs_file ON docs (file, ordinal);
CREATE INDEX docs_article ON docs (article_id);
CREATE INDEX docs_by_id ON docs (id, file, ordinal);  -- which file an article is in, without reading its row
CREATE INDEX files_date ON files (date);
-- A seal on a scan (``seal``): trusted while the tree is in ``state`` and the files' generation unchanged.
CREATE TABLE seals (
    key TEXT PRIMARY KEY, state TEXT NOT NULL, generation INTEGER NOT NULL,
    ids BLOB NOT NULL, papers TEXT NOT NULL, articles INTEGER NOT NULL, warnings TEXT NOT NULL,
    ordered INTEGER NOT NULL, used INTEGER NOT NULL  -- ordered: 1 once the files are in reading order
);
"""
# Contentless (the text is in ``docs.data``), without positions nor sizes (nothing ranks by FTS5's bm25): the
# matcher decides every hit, the index only narrows (see ``index_text``).
FTS_TABLES = [
    "CREATE VIRTUAL TABLE fts_words USING fts5(words, content='', tokenize='ascii', detail='none', columnsize=0)",
]


def stored_dictionary(conn: sqlite3.Connection) -> bytes | None:
    """The catalog's preset dictionary for its articles (``catalog.dictionary``), once made."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'zdict'").fetchone()
    return row[0] if row is not None and isinstance(row[0], bytes) and row[0] else None


def fingerprint() -> str:
    """Schema and code version of the rows: stored, and compared at every open."""
    parts = [f"schema {SCHEMA}"]
    for name, path in fingerprinted_files():
        try:
            parts.append(path.read_text(encoding="utf-8"))
        except OSError:
            parts.append(name)
    return sha1_hex("\n".join(parts))


def fingerprinted_files() -> list[tuple[str, Path]]:
    """The modules the fingerprint is made of, each with what ``FINGERPRINTED`` names it by."""
    root = package_dir()
    skipped = {root / name for name in NOT_FINGERPRINTED}
    found: list[tuple[str, Path]] = []
    for name in FINGERPRINTED:
        where = root / name
        found += [(name, path) for path in (sorted(where.rglob("*.py")) if where.is_dir() else [where])
                  if path not in skipped]
    return found


def fts5_available() -> bool:
    """Whether this SQLite has FTS5 (with its ``ascii`` tokenizer, which the words index takes)."""
    try:
        probe = sqlite3.connect(":memory:")
        try:
            probe.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='ascii')")
        finally:
            probe.close()
        return True
    except sqlite3.Error:
        return False


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None


def make(conn: sqlite3.Connection) -> None:
    """The tables, where the file has none yet (the index only where this SQLite has it)."""
    if has_table(conn, "files"):
        return
    conn.executescript("BEGIN IMMEDIATE;" + TABLES)
    if fts5_available():
        for table in FTS_TABLES:
            conn.execute(table)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("INSERT INTO meta (key, value) VALUES ('fingerprint', ?)", (fingerprint(),))
    conn.execute("INSERT INTO meta (key, value) VALUES ('generation', 0)")
    conn.execute("COMMIT")


def usable(conn: sqlite3.Connection) -> str | None:
    """Why a catalog file of ours cannot be used as it is (another version of
    the reader wrote it), or None."""
    if not has_table(conn, "meta"):
        return _("not a luoyang-reader catalog")
    row = conn.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
    if row is None or row[0] != fingerprint():
        return _("made by another version")
    conn.execute("SELECT count(*) FROM files").fetchone()  # a damaged file says so here
    return None


def in_memory() -> sqlite3.Connection:
    """A catalog for this session only (the cache dir cannot be used)."""
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    make(conn)
    return conn


# The catalog to ``storage.sqlite.open_database``: a cache, deleted and made again when it is not right.
# Pages of 8 KB: an article's row (about 1 KB compressed) fills them with less left over (7% smaller than 4 KB).
CATALOG = Kind(application_id=APPLICATION_ID, make=make, usable=usable, busy_timeout=BUSY_TIMEOUT_S, page_size=8192)
