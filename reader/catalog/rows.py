"""The catalog's rows as the reader takes them: checked as they are read.

A cache file may be damaged, or written by a bug: a row whose fields are not
of the kind and shape the catalog writes is not taken (``None``), and the
catalog reads that file again from the file itself.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any, NamedTuple, Protocol

from reader.core.model import Section
from reader.text.kept import is_iso_date, is_page_number

FILE_COLUMNS = "id, path, name, banner, articles, date, page, page_name, paper, sections"  # what ``entry_of`` takes
MAX_ARTICLES = 1_000_000  # a file's row that counts more holds no real count


class Stamp(Protocol):
    """What the catalog keeps of a file's ``stat`` to know it again (an
    ``os.stat_result`` is one)."""

    @property
    def st_size(self) -> int: ...
    @property
    def st_mtime_ns(self) -> int: ...
    @property
    def st_ctime_ns(self) -> int: ...


class Stamped(NamedTuple):
    """A ``Stamp`` alone, as the seal's child process sends it back."""

    st_size: int
    st_mtime_ns: int
    st_ctime_ns: int


class Entry(NamedTuple):
    """One catalogued issue file (a tuple: an archive's start makes one per file)."""

    id: int
    source: str  # the resolved path, as ``SourceFile.source``
    name: str
    banner: str | None
    articles: int
    date: str | None = None
    page: str | None = None
    page_name: str | None = None
    paper: str | None = None
    sections: tuple[Section, ...] = ()

    def issue_fields(self) -> dict[str, Any]:
        """What an ``SourceFile`` of this file holds besides its articles and furniture."""
        return {"source": self.source, "name": self.name, "banner": self.banner, "date": self.date,
                "page": self.page, "page_name": self.page_name, "paper": self.paper, "sections": self.sections}


class Head(NamedTuple):
    """What a list shows of an article, read without its text."""

    doc: int  # the article's row
    article_id: str
    display: str  # the title, or the start of the text
    title: str
    column: str | None
    kicker: str | None
    subtitle: str | None


FS_ENCODING, FS_ERRORS = sys.getfilesystemencoding(), sys.getfilesystemencodeerrors()


def stored_path(raw: object) -> str | None:
    """A path as stored (bytes: the system's own, in any encoding), decoded as
    ``os.fsdecode`` does (inline: a warm start decodes every file's path)."""
    if isinstance(raw, bytes):
        return raw.decode(FS_ENCODING, FS_ERRORS)
    return raw if isinstance(raw, str) else None


def _optional_text(value: object) -> bool:
    return value is None or isinstance(value, str)


def entry_of(row: Sequence[Any], path: str | None = None) -> Entry | None:
    """A ``files`` row (``FILE_COLUMNS``) as an ``Entry`` (``path``: its path,
    already decoded), or None when it does not hold together."""
    id_, raw, name, banner, count, date, page, page_name, paper, stored_sections = row
    path, shown = path if path is not None else stored_path(raw), stored_path(name)
    if path is None or shown is None or type(id_) is not int:  # exactly int: a bool is no id
        return None
    if not (type(count) is int and 0 <= count <= MAX_ARTICLES):
        return None
    if not (_optional_text(banner) and _optional_text(page_name) and _optional_text(paper)):
        return None
    if date is not None and not (isinstance(date, str) and is_iso_date(date)):
        return None
    if page is not None and not (isinstance(page, str) and is_page_number(page)):
        return None
    sections = _sections(stored_sections, count)
    if sections is None:
        return None
    return Entry(id_, path, shown, banner, count, date, page, page_name, paper, sections)


def _sections(stored: object, count: int) -> tuple[Section, ...] | None:
    """A file's stored sections (JSON ``[[start, page, name], …]``, or NULL
    for none), or None when they do not hold together: starts rising within
    the file's articles, pages as a page is numbered."""
    if stored is None:
        return ()
    try:
        doc = json.loads(stored) if isinstance(stored, str) else None
    except (ValueError, RecursionError):  # damaged, or nested past what a parser takes
        return None
    if not isinstance(doc, list) or not doc:
        return None
    sections: list[Section] = []
    for item in doc:
        if not (isinstance(item, list) and len(item) == 3):
            return None
        start, page, name = item
        if not (type(start) is int and 0 <= start < max(count, 1) and isinstance(page, str) and is_page_number(page)
                and _optional_text(name)) or (sections and start <= sections[-1].start):
            return None
        sections.append(Section(start, page, name))
    return tuple(sections)
