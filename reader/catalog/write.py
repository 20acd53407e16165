"""Writing parsed files into the catalog: their rows, their articles, the index.

A file parsed again keeps its row's id, so issues open on it stay valid; its
articles' rows are written anew, and their entries in the search index with
them.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING

from reader.catalog.codec import article_bytes, article_from_bytes, inflate_limit
from reader.catalog.index_text import body_of, chunks, row_id, words
from reader.catalog.rows import Stamp
from reader.catalog.schema import stored_dictionary
from reader.core.i18n import _
from reader.core.model import SourceFile
from reader.text.sources import InputError

if TYPE_CHECKING:
    from reader.catalog.database import Catalog

DICTIONARY_FROM = 50  # files committed at once: the first such commit makes the catalog's dictionary
# A file to write: (source, its stat, the digest of its text, its issue; None: only its stat changed).
Pending = tuple[str, Stamp, str, SourceFile | None]


def parse_safely(text: str, source: str, name: str) -> SourceFile:
    """``parse_file``, where any failure is the file's: one line, never a traceback."""
    from reader.text.parse import (
        parse_file,  # imported here: a warm start parses nothing, so never loads it
    )

    try:
        return parse_file(text, source=source, name=name)
    except Exception as err:  # noqa: BLE001 - an untrusted file: whatever it does is a warning for it
        raise InputError(_("{path}: cannot be read ({reason})").format(
            path=source, reason=f"{type(err).__name__}: {err}")) from None


def commit(catalog: Catalog, pending: list[Pending]) -> None:
    """Write ``pending`` files in one transaction (their articles compressed
    with the catalog's dictionary, made by the first commit of many files)."""
    zdict = dictionary(catalog, make=len(pending) >= DICTIONARY_FROM)
    rows = []
    for source, info, digest, issue in pending:
        docs = []
        if issue is not None:
            for ordinal, article in enumerate(issue.articles):
                docs.append((ordinal, article.id, article_bytes(article, zdict), body_of(article)))
        rows.append((source, info, digest, issue, docs))
    seen: set[str] = set().union(*(set(body) for *_, docs in rows for *_, body in docs))
    with catalog.transaction() as conn:
        known = conn.execute("SELECT value FROM meta WHERE key = 'characters'").fetchone()
        had = set(known[0]) if known is not None and isinstance(known[0], str) else set()
        if not seen <= had:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('characters', ?)",
                         ("".join(sorted(seen | had)),))
        for source, info, digest, issue, docs in rows:
            if issue is None:  # the same text: only the stat changed
                conn.execute("UPDATE files SET size = ?, mtime_ns = ?, ctime_ns = ? WHERE path = ?",
                             (info.st_size, info.st_mtime_ns, info.st_ctime_ns, os.fsencode(source)))
                continue
            fields = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, digest, os.fsencode(issue.name), issue.banner,
                      len(issue.articles), issue.date, issue.page, issue.page_name, issue.paper,
                      json.dumps(issue.furniture, ensure_ascii=False) if issue.furniture else None,
                      json.dumps(issue.sections, ensure_ascii=False) if issue.sections else None)
            found = conn.execute("SELECT id FROM files WHERE path = ?", (os.fsencode(source),)).fetchone()
            if found is not None:  # parsed again: the file keeps its id, so issues open on it stay valid
                file_id = found[0]
                delete_docs(conn, file_id)
                conn.execute(
                    "UPDATE files SET size = ?, mtime_ns = ?, ctime_ns = ?, digest = ?, name = ?, banner = ?, articles = ?,"
                    " date = ?, page = ?, page_name = ?, paper = ?, furniture = ?, sections = ? WHERE id = ?",
                    (*fields, file_id))
            else:
                file_id = conn.execute(
                    "INSERT INTO files (size, mtime_ns, ctime_ns, digest, name, banner, articles, date, page, page_name,"
                    " paper, furniture, sections, path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (*fields, os.fsencode(source)),
                ).lastrowid
            for ordinal, article_id, data, body in docs:
                doc_id = conn.execute("INSERT INTO docs (file, ordinal, article_id, data) VALUES (?, ?, ?, ?)",
                                      (file_id, ordinal, article_id, data)).lastrowid
                assert doc_id is not None
                if catalog.indexed:
                    index_words(conn, doc_id, body)
        if catalog.indexed:
            tidy_index(catalog, conn)
        count_generation(conn)


def dictionary(catalog: Catalog, make: bool) -> bytes | None:
    """The catalog's preset dictionary (``catalog.dictionary``); made now if
    ``make`` and there is none (two sessions at once: the first one kept)."""
    found = catalog.stored_dictionary()
    if found is not None or not make:
        return found
    from reader.catalog import dictionary as preset

    made = preset.make()
    if made is None:
        return None
    with catalog.transaction() as conn:
        conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('zdict', ?)", (made,))
        return stored_dictionary(conn)


def index_words(conn: sqlite3.Connection, doc_id: int, body: str) -> None:
    """An article's body into the words index, chunk by chunk."""
    conn.executemany("INSERT INTO fts_words (rowid, words) VALUES (?, ?)",
                     [(row_id(doc_id, k), words(text)) for k, text in chunks(body)])


def delete_file(conn: sqlite3.Connection, source: str) -> None:
    """A file's row and its articles'."""
    row = conn.execute("SELECT id FROM files WHERE path = ?", (os.fsencode(source),)).fetchone()
    if row is None:
        return
    delete_docs(conn, row[0])
    conn.execute("DELETE FROM files WHERE id = ?", (row[0],))
    count_generation(conn)


def count_generation(conn: sqlite3.Connection) -> None:
    """Count a write to the files' rows (``seal.generation``): every writer of
    them calls it, in its transaction. (Not a trigger: a statement that fires
    one makes FTS5 flush its pending rows, a segment a file, 40% slower.)"""
    conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")


def delete_docs(conn: sqlite3.Connection, file_id: int) -> None:
    """A file's articles. Their rows in the index stay, naming ids no article
    will have again (the index keeps no text to delete them by), and are
    counted: ``tidy_index`` makes the index again when they are many."""
    gone = conn.execute("DELETE FROM docs WHERE file = ?", (file_id,)).rowcount
    if gone > 0:
        conn.execute("INSERT INTO meta (key, value) VALUES ('stale', ?) "
                     "ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + excluded.value", (gone,))


STALE_FLOOR = 5000  # left-over index rows always tolerated: a few files read again cost no rebuild


def tidy_index(catalog: Catalog, conn: sqlite3.Connection) -> None:
    """Make the index again when the rows deleted articles left in it are as
    many as half the articles: its size stays in proportion to the text."""
    stale = conn.execute("SELECT value FROM meta WHERE key = 'stale'").fetchone()
    count = int(stale[0]) if stale is not None and str(stale[0]).isdigit() else 0
    if count > STALE_FLOOR and count > conn.execute("SELECT count(*) FROM docs").fetchone()[0] // 2:
        remake_index(conn)


def _bodies(conn: sqlite3.Connection, sql: str, params: tuple[object, ...] = ()) -> Iterator[tuple[int, int, str]]:
    """``(doc id, file id, body)`` of the articles ``sql`` selects (``id, file,
    data, size``); a damaged one is passed over (it is read again when met)."""
    zdict = stored_dictionary(conn)
    for doc_id, file_id, data, size in conn.execute(sql, params).fetchall():
        try:
            yield doc_id, file_id, body_of(article_from_bytes(data, inflate_limit(size), zdict))
        except ValueError:
            continue


def remake_index(conn: sqlite3.Connection) -> None:
    """The words index made again from the stored articles, inside the caller's transaction."""
    conn.execute("INSERT INTO fts_words (fts_words) VALUES ('delete-all')")
    conn.execute("DELETE FROM meta WHERE key = 'stale'")
    for doc_id, _file, body in _bodies(conn, "SELECT d.id, d.file, d.data, f.size FROM docs d "
                                       "JOIN files f ON f.id = d.file ORDER BY d.id"):
        index_words(conn, doc_id, body)


def rebuild_index(catalog: Catalog) -> None:
    """The search index made again from the articles' rows."""
    with catalog.transaction() as conn:
        remake_index(conn)
