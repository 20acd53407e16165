"""Reading state as JSON, to carry between hosts: ``state export`` and a merging ``state import``.

State is keyed by article id, which is made from an article's text, so the
same article has the same id on any host. An import merges, and loses
nothing on either side:

* read marks are united (read on either host: read);
* of two positions in one article the newer one wins (``updated``);
* bookmarks are united (one made at the same time, in the same place of the
  same article, is the same bookmark; a note is kept where one side has none);
* settings the store keeps are added where this host has none.

Importing the same file twice changes nothing the second time. A file is
checked whole before anything is written (types, sizes, ids), so a
malformed or hostile one changes nothing; the merge is one transaction.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reader.core.i18n import _
from reader.storage.store import Store, now_iso, read_path, stored_path

KIND = "luoyang-reader state"
SCHEMA = 1
MAX_ID = 64  # an article id is 12 hex digits; what is longer is not one
MAX_TEXT = 10_000  # a title, snippet, note or path
MAX_ENTRIES = 1_000_000


class StateError(ValueError):
    """A state file that cannot be imported; ``str(err)`` says why, in one line."""


@dataclass
class Merged:
    """What an import changed (or, dry, would change)."""

    read: int = 0  # articles newly marked read
    positions: int = 0  # positions taken because they were newer
    bookmarks: int = 0  # bookmarks added
    notes: int = 0  # notes added to bookmarks that had none
    settings: int = 0  # settings added

    def as_json(self) -> dict[str, int]:
        return dict(self.__dict__)


def export_state(store: Store) -> dict[str, object]:
    """Everything the store keeps, as JSON for another host."""
    conn = store.connection
    articles = [
        {"id": a, "read": bool(r), "block": b, "offset": o, "progress": p, "title": t, "updated": u}
        for a, r, b, o, p, t, u in conn.execute(
            "SELECT article_id, read, block, offset, progress, title, updated FROM articles ORDER BY article_id")
    ]
    bookmarks = [b.as_json() | {"offset": b.offset, "snippet": b.snippet} for b in reversed(store.bookmarks())]
    settings = {key: read_path(value) for key, value in conn.execute("SELECT key, value FROM session ORDER BY key")}
    return {"kind": KIND, "schema": SCHEMA, "exported": now_iso(), "articles": articles, "bookmarks": bookmarks,
            "settings": settings}


def parse_state(text: str) -> dict[str, Any]:
    """A state file's JSON, checked whole; ``StateError`` naming the first problem."""
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as err:
        raise StateError(_("not a state file: {reason}").format(reason=f"{type(err).__name__}: {err}")) from None
    if not isinstance(doc, dict) or doc.get("kind") != KIND:
        raise StateError(_("not a state file (made by 'luoyang-reader state export')"))
    if doc.get("schema") != SCHEMA:
        raise StateError(_("a state file of another version (schema {schema!r}; this reader reads {ours})").format(
            schema=doc.get("schema"), ours=SCHEMA))
    articles, bookmarks, settings = doc.get("articles", []), doc.get("bookmarks", []), doc.get("settings", {})
    if not isinstance(articles, list) or not isinstance(bookmarks, list) or not isinstance(settings, dict):
        raise StateError(_("a state file whose articles, bookmarks or settings are not lists and a table"))
    if len(articles) + len(bookmarks) + len(settings) > MAX_ENTRIES:
        raise StateError(_("a state file of more than {count:,} entries").format(count=MAX_ENTRIES))
    for n, article in enumerate(articles):
        _check(article, f"articles[{n}]", {"id": _an_id, "read": _a_bool, "block": _an_int, "offset": _an_int,
                                           "progress": _a_fraction, "title": _text_or_none, "updated": _a_time})
    for n, bookmark in enumerate(bookmarks):
        _check(bookmark, f"bookmarks[{n}]", {"article_id": _an_id, "title": _a_text, "source": _a_text,
                                             "block": _an_int, "offset": _an_int, "snippet": _a_text,
                                             "note": _text_or_none, "created": _a_time})
    for key, value in settings.items():
        if not _a_text(key) or not _a_text(value):
            raise StateError(_("a state file with a setting that is not text ({key!r})").format(key=str(key)[:40]))
    return doc


def _check(entry: object, where: str, fields: Mapping[str, Callable[[object], bool]]) -> None:
    if not isinstance(entry, dict):
        raise StateError(_("{where}: not a table").format(where=where))
    for name, ok in fields.items():
        if name not in entry or not ok(entry[name]):
            raise StateError(_("{where}: {field} is missing or not what it should be").format(where=where, field=name))


def _an_id(value: object) -> bool:
    return isinstance(value, str) and 0 < len(value) <= MAX_ID and value.isprintable()


def _a_bool(value: object) -> bool:
    return isinstance(value, bool)


def _an_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and -1 <= value < 1 << 31


def _a_fraction(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value) and 0 <= value <= 1


def _a_text(value: object) -> bool:
    return isinstance(value, str) and len(value) <= MAX_TEXT and "\x00" not in value


def _text_or_none(value: object) -> bool:
    return value is None or _a_text(value)


def _a_time(value: object) -> bool:
    if not isinstance(value, str) or len(value) > 64:
        return False
    try:
        return datetime.fromisoformat(value).tzinfo is not None  # as the store writes it: UTC, with its offset
    except ValueError:
        return False


def import_state(store: Store, doc: Mapping[str, Any], dry_run: bool = False) -> Merged:
    """Merge a checked state file (``parse_state``) into ``store``, in one
    transaction (rolled back when ``dry_run``); what it changed."""
    conn = store.connection
    merged = Merged()
    conn.execute("BEGIN IMMEDIATE")
    try:
        _merge(conn, doc, merged)
        conn.execute("ROLLBACK" if dry_run else "COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return merged


def _newer(theirs: str, ours: str) -> bool:
    try:
        return datetime.fromisoformat(theirs) > datetime.fromisoformat(ours)
    except ValueError:
        return False


def _merge(conn: sqlite3.Connection, doc: Mapping[str, Any], merged: Merged) -> None:
    for a in doc.get("articles", []):
        row = conn.execute("SELECT read, updated FROM articles WHERE article_id = ?", (a["id"],)).fetchone()
        if row is None:
            conn.execute("INSERT INTO articles (article_id, read, block, offset, progress, title, updated) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)",
                         (a["id"], int(a["read"]), a["block"], a["offset"], a["progress"], a["title"], a["updated"]))
            merged.read += int(a["read"])
            merged.positions += int(a["progress"] > 0 or a["block"] > 0)
            continue
        read, updated = row
        if a["read"] and not read:
            conn.execute("UPDATE articles SET read = 1 WHERE article_id = ?", (a["id"],))
            merged.read += 1
        if _newer(a["updated"], updated):
            conn.execute("UPDATE articles SET block = ?, offset = ?, progress = ?, updated = ? WHERE article_id = ?",
                         (a["block"], a["offset"], a["progress"], a["updated"], a["id"]))
            merged.positions += 1
    for b in doc.get("bookmarks", []):
        same = conn.execute("SELECT id, note FROM bookmarks WHERE article_id = ? AND block = ? AND offset = ? "
                            "AND created = ?", (b["article_id"], b["block"], b["offset"], b["created"])).fetchone()
        if same is None:
            conn.execute("INSERT INTO bookmarks (article_id, title, source, block, offset, snippet, note, created) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         (b["article_id"], b["title"], stored_path(b["source"]), b["block"], b["offset"],
                          b["snippet"], b["note"] or None, b["created"]))
            merged.bookmarks += 1
        elif not same[1] and b["note"]:
            conn.execute("UPDATE bookmarks SET note = ? WHERE id = ?", (b["note"], same[0]))
            merged.notes += 1
    for key, value in doc.get("settings", {}).items():
        if conn.execute("INSERT OR IGNORE INTO session (key, value) VALUES (?, ?)",
                        (key, stored_path(value))).rowcount:
            merged.settings += 1
