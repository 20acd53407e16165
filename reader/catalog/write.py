"""Writing parsed files into the catalog: their rows, their articles, the index.

A file parsed again keeps its row's id, so issues open on it stay valid; its
articles' rows are written anew, and their entries in the search index with
them.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from typing import TYPE_CHECKING

from reader.catalog.codec import article_bytes
from reader.catalog.index_text import Initials, body_of
from reader.core.i18n import _
from reader.core.model import SourceFile
from reader.text.sources import InputError

if TYPE_CHECKING:
    from reader.catalog.database import Catalog

INITIALS_NOW_FROM = 50  # files written at once: from here their pinyin initials are worked out as they go
# A file to write: (source, its stat, the digest of its text, its issue; None: only its stat changed).
Pending = tuple[str, os.stat_result, str, SourceFile | None]


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


def pinyin_loaded() -> bool:
    return "pypinyin" in sys.modules


def commit(catalog: Catalog, pending: list[Pending], initials: Initials) -> None:
    """Write ``pending`` files in one transaction."""
    # pypinyin takes half a second to load: a few files leave their initials to the first pinyin search.
    letters_now = len(pending) >= INITIALS_NOW_FROM or pinyin_loaded()
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
    with catalog.transaction() as conn:
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
                      len(issue.articles), issue.date, issue.page, issue.page_name, issue.paper,
                      json.dumps(issue.furniture, ensure_ascii=False) if issue.furniture else None)
            found = conn.execute("SELECT id FROM files WHERE path = ?", (os.fsencode(source),)).fetchone()
            if found is not None:  # parsed again: the file keeps its id, so issues open on it stay valid
                file_id = found[0]
                delete_docs(catalog, conn, file_id)
                conn.execute(
                    "UPDATE files SET size = ?, mtime_ns = ?, digest = ?, name = ?, banner = ?, articles = ?,"
                    " date = ?, page = ?, page_name = ?, paper = ?, furniture = ? WHERE id = ?", (*fields, file_id))
            else:
                file_id = conn.execute(
                    "INSERT INTO files (size, mtime_ns, digest, name, banner, articles, date, page, page_name,"
                    " paper, furniture, path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (*fields, os.fsencode(source)),
                ).lastrowid
            for ordinal, article_id, head, data, body, letters in docs:
                doc_id = conn.execute(
                    "INSERT INTO docs (file, ordinal, article_id, display, title, col, kicker, subtitle, data, body, "
                    "initials) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (file_id, ordinal, article_id, *head, data, body, letters),
                ).lastrowid
                if catalog.indexed:
                    conn.execute("INSERT INTO fts_body (rowid, body) VALUES (?, ?)", (doc_id, body))
                    if letters is not None:
                        conn.execute("INSERT INTO fts_initials (rowid, initials) VALUES (?, ?)", (doc_id, letters))


def delete_file(catalog: Catalog, conn: sqlite3.Connection, source: str) -> None:
    """A file's row and its articles'."""
    row = conn.execute("SELECT id FROM files WHERE path = ?", (os.fsencode(source),)).fetchone()
    if row is None:
        return
    delete_docs(catalog, conn, row[0])
    conn.execute("DELETE FROM files WHERE id = ?", (row[0],))


def delete_docs(catalog: Catalog, conn: sqlite3.Connection, file_id: int) -> None:
    """A file's articles, and their entries in the index."""
    if catalog.indexed:
        for column in ("body", "initials"):  # only what was indexed: initials may not be yet
            conn.execute(
                f"INSERT INTO fts_{column} (fts_{column}, rowid, {column}) "
                f"SELECT 'delete', id, {column} FROM docs WHERE file = ? AND typeof({column}) = 'text'",
                (file_id,),
            )
    conn.execute("DELETE FROM docs WHERE file = ?", (file_id,))


def fill_initials(catalog: Catalog) -> int:
    """Work out the initials column where a small scan left it (see
    ``commit``); returns how many articles it did. Before the first pinyin
    search."""
    rows = catalog.query("SELECT id, body FROM docs WHERE initials IS NULL")
    if not rows:
        return 0
    initials = Initials()
    initials.learn(set().union(*(set(body) for _, body in rows)))
    with catalog.transaction() as conn:
        for doc_id, body in rows:
            letters = initials.of(body)
            # Another session may have done it meanwhile: only rows still without.
            if conn.execute("UPDATE docs SET initials = ? WHERE id = ? AND initials IS NULL",
                            (letters, doc_id)).rowcount and catalog.indexed:
                conn.execute("INSERT INTO fts_initials (rowid, initials) VALUES (?, ?)", (doc_id, letters))
    return len(rows)


def rebuild_index(catalog: Catalog) -> None:
    """The search index made again from the articles' rows."""
    with catalog.transaction() as conn:
        for column in ("body", "initials"):
            conn.execute(f"INSERT INTO fts_{column} (fts_{column}) VALUES ('rebuild')")
