"""Front matter: the block a crawler writes above a Markdown article.

    ---
    title: 某某标题
    date: 2025-01-02
    section: "第04版"
    section_name: 要闻
    author: 某某
    keywords: [甲, 乙]
    ---

or, as Hugo and Zola write it, in TOML between ``+++`` lines
(``title = "某某标题"``, ``date = 2025-01-02T08:00:00+08:00``). YAML is read
with PyYAML's base loader, and only when a file opens with ``---``, so pages
without it never import YAML; TOML with the standard library's ``tomllib``.
The file is untrusted:

* every value is read as text, a list or a mapping, whatever its tag or TOML
  type says (a TOML date is read as the text it was written as):
  no objects, and none of YAML's own types (``0x…`` and base-60 integers of
  thousands of digits, ``!!timestamp 20x5``, ``!!bool maybe`` made the typed
  loaders fail or spin); a date is read from its text like any other;
* the block is bounded in size, and anything YAML cannot read, or that is not
  a mapping, is no front matter at all (the block stays text);
* only the fields below are taken, as short text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from reader.text.line_kinds import is_outlet
from reader.text.placement import printed_date, printed_paper

MAX_CHARS = 64 * 1024  # a front matter block larger than this is not one
MAX_FIELD = 200  # characters kept of one field
MAX_KEYWORDS = 50

OPEN_RE = re.compile(r"\A(---|\+\+\+)[ \t]*\n")
CLOSE_RE = {  # what closes the block each opening starts
    "---": re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE),
    "+++": re.compile(r"^\+\+\+[ \t]*$", re.MULTILINE),
}
MAX_DEPTH = 4  # lists and tables nested deeper than this are not read (no field of ours is)


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
    paper: str | None = None  # the paper's name, as a field names it
    outlet: str | None = None  # who published it (来源, source): the paper, when it names one
    source_url: str | None = None  # where a crawler took the page from


# The fields crawlers write the day in, the likeliest first.
DATE_KEYS = ("date", "published", "publish_date", "publishDate", "pubdate", "pubDate", "pub_date", "datePublished",
             "发布时间", "发布日期", "出版日期", "刊发日期", "日期")
NULLS = frozenset({"~", "null", "Null", "NULL"})  # YAML's ways of writing "no value"


def _text(value: object) -> str | None:
    """A scalar as a line of text; lists, mappings and empty values are not text."""
    if not isinstance(value, str) or value in NULLS:
        return None
    return " ".join(value[: 4 * MAX_FIELD].split())[:MAX_FIELD] or None


def _names(value: object) -> str | None:
    """An author field as a byline: text, or a list of names set apart as a printed byline is."""
    if isinstance(value, list):
        names = [name for name in (_text(item) for item in value[:MAX_KEYWORDS]) if name]
        return _text("  ".join(names)) if names else None
    return _text(value)


def _date(value: object) -> str | None:
    text = _text(value)
    if text is None:
        return None
    match = re.match(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})", text)
    if not match:
        return printed_date(text)  # as a page prints it: 二〇一一年五月十七日, 民国一百年五月十七日
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
    opening = OPEN_RE.match(text)
    if not opening:
        return None, text
    close = CLOSE_RE[opening.group(1)].search(text, opening.end(), min(len(text), MAX_CHARS))
    if close is None:
        return None, text
    end = text.find("\n", close.end())
    end = len(text) if end < 0 else end + 1
    try:
        block = text[opening.end() : close.start()]
        doc = _load(block) if opening.group(1) == "---" else _load_toml(block)
        if not isinstance(doc, dict):
            return None, text
        title, site = site_title(_text(doc.get("title")))
        return FrontMatter(
            raw=text[:end],
            title=title,
            author=_names(_first(doc, "author", "authors", "byline", "reporter", "作者", "记者")),
            keywords=_keywords(_first(doc, "keywords", "tags")),
            date=_date(_first(doc, *DATE_KEYS)),
            section=_text(_first(doc, "section", "page", "版次", "版面")),
            section_name=_text(_first(doc, "section_name", "page_name", "版名")),
            paper=_text(_first(doc, "paper", "newspaper", "publication", "报纸", "报名", "刊名")) or site,
            outlet=_text(_first(doc, "source", "来源", "出处", "publisher", "media")),
            source_url=_text(_first(doc, "source_url", "url", "link", "原文链接", "链接")),
        ), text[end:]
    except Exception:  # noqa: BLE001 - whatever an untrusted block does, it is text, not front matter
        return None, text


# A page's title as its site gives it, the site's name after a bar: 某某标题_洛阳网, 某某标题 - 洛阳日报 (never
# after a dash, which sets off a subtitle: 走进基层——记某某报社).
SITE_TITLE_RE = re.compile(r"^(?P<head>.*?\S)\s*(?:_|\||｜|-{1,2}|－)\s*(?P<site>[^\s_|｜\-－]{3,20})$")


def site_title(title: str | None) -> tuple[str | None, str | None]:
    """A crawler's title without the site's name its page's ``<title>`` puts
    after it (``老城区改造工程启动_洛阳网``, ``… - 洛阳日报``, ``…--洛阳日报数字报``,
    ``…_新华网-人民日报``), and the paper that name is, if one (a site such as
    洛阳网 is none). A title whose last part is no outlet's name
    (``中国-东盟博览会开幕``) is kept whole."""
    paper = None
    for _ in range(2):  # 标题_新华网-人民日报: the site and the paper it took the article from
        match = SITE_TITLE_RE.match(title or "")
        printed = printed_paper(match.group("site")) if match is not None else None
        if match is None or (printed is None and not is_outlet(match.group("site"))):
            break
        title = match.group("head")
        paper = paper or (printed[0] if printed is not None else None)
    return title, paper


def _load(block: str) -> object:
    """The block as plain data: text, lists and mappings only (see the module doc)."""
    import yaml  # only files that open with "---" pay for the import

    loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # libyaml where PyYAML has it
    return yaml.load(block, Loader=loader)  # noqa: S506 - the base loader builds no objects


def _load_toml(block: str) -> object:
    """A TOML block as the same plain data: its dates, numbers and booleans as text."""
    import tomllib  # only files that open with "+++" pay for the import

    return _plain(tomllib.loads(block), 0)


def _plain(value: object, depth: int) -> object:
    if isinstance(value, dict):
        return {str(k): _plain(v, depth + 1) for k, v in value.items()} if depth < MAX_DEPTH else {}
    if isinstance(value, list):
        return [_plain(v, depth + 1) for v in value] if depth < MAX_DEPTH else []
    if isinstance(value, (dt.date, dt.time)):  # datetime too: its ISO text, as written
        return value.isoformat()
    return str(value).lower() if isinstance(value, bool) else str(value)
