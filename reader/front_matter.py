"""YAML front matter: the block a crawler writes above a Markdown article.

    ---
    title: 某某标题
    date: 2025-01-02
    section: "第04版"
    section_name: 要闻
    author: 某某
    keywords: [甲, 乙]
    ---

The block is read with PyYAML's safe loader (plain data only, never objects),
and only when a file opens with ``---``, so pages without it never import
YAML. The file is untrusted: the block is bounded in size, anything YAML
cannot read or that is not a mapping is no front matter at all, and only the
fields below are taken, as short text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MAX_CHARS = 64 * 1024  # a front matter block larger than this is not one
MAX_FIELD = 200  # characters kept of one field
MAX_KEYWORDS = 50

OPEN_RE = re.compile(r"\A---[ \t]*\n")
CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class FrontMatter:
    """The fields of a front matter block the reader uses, and the block as written."""

    raw: str
    title: str | None = None
    author: str | None = None
    keywords: tuple[str, ...] = ()
    date: str | None = None  # ISO, 2025-01-02
    section: str | None = None  # as written: 第04版, 04, A3
    section_name: str | None = None


def _text(value: object) -> str | None:
    """A scalar as a line of text; lists, mappings and empty values are not text."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (str, int, float)):
        text = " ".join(str(value).split())[:MAX_FIELD]
        return text or None
    return None


def _date(value: object) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = _text(value)
    if text is None:
        return None
    match = re.match(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})", text)
    if not match:
        return None
    try:
        return dt.date(*(int(x) for x in match.groups())).isoformat()
    except ValueError:
        return None


def _keywords(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        items: list[object] = re.split(r"[,，、;；\s]+", value)
    elif isinstance(value, list):
        items = value
    else:
        return ()
    words = (_text(item) for item in items[:MAX_KEYWORDS])
    return tuple(dict.fromkeys(w for w in words if w))


def _first(doc: dict[object, object], *keys: str) -> object:
    for key in keys:
        if doc.get(key) is not None:
            return doc[key]
    return None


def split_front_matter(text: str) -> tuple[FrontMatter | None, str]:
    """``(front matter, the rest of the text)``; ``(None, text)`` when the
    text does not open with a readable front matter block."""
    if not OPEN_RE.match(text):
        return None, text
    close = CLOSE_RE.search(text, 4, min(len(text), MAX_CHARS))
    if close is None:
        return None, text
    end = text.find("\n", close.end())
    end = len(text) if end < 0 else end + 1
    import yaml  # only files that open with "---" pay for the import

    try:
        doc = yaml.safe_load(text[4 : close.start()])
    except (yaml.YAMLError, RecursionError, ValueError, TypeError, OverflowError):
        return None, text
    if not isinstance(doc, dict):
        return None, text
    section = _text(_first(doc, "section", "page", "版次", "版面"))
    return FrontMatter(
        raw=text[:end],
        title=_text(doc.get("title")),
        author=_text(_first(doc, "author", "authors", "byline")),
        keywords=_keywords(_first(doc, "keywords", "tags")),
        date=_date(doc.get("date")),
        section=section,
        section_name=_text(_first(doc, "section_name", "page_name", "版名")),
    ), text[end:]
