"""Render issues (days of a paper: pages, files, articles) as JSON, Markdown
or plain-text reading copies.

JSON keeps every character. The reading copies are for people: what they
show passes the sanitising boundary (``reader.core.safe_text.clean``: no control
sequence from a file reaches a terminal), and Markdown escapes ``&``, ``<``
and ``>`` in the paper's text, so raw HTML in a file (``<script>``) is shown
as text by a Markdown renderer, never run."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import Any

from rich.cells import cell_len

from reader.core.model import Article, Issue, Page, SourceFile, page_name_label
from reader.core.safe_text import clean
from reader.keywords.extraction import SHOWN, Keyword
from reader.text.grouping import issue_heading

SCHEMA = 2  # 2: issues are days of a paper, holding pages and files (1: a list of files)


def article_dict(article: Article, read: bool = False, keywords: list[Keyword] | None = None) -> dict[str, Any]:
    """One article in the export schema."""
    return {
        "id": article.id,
        "column": article.column,
        "kicker": article.kicker,
        "title": article.title,
        "subtitle": article.subtitle,
        "byline": article.byline,
        "blocks": [{"type": b.type, "text": b.text} for b in article.blocks],
        "unprinted": list(article.unprinted),
        "paper_keywords": list(article.keywords),
        "read": read,
        "keywords": [{"word": k.word, "weight": k.weight} for k in (keywords or [])[:SHOWN]],
    }


def file_dict(file: SourceFile, read: Collection[str], keywords: dict[str, list[Keyword]],
              start: int = 0, stop: int | None = None) -> dict[str, Any]:
    """One file of an issue in the export schema: where its text came from,
    and its articles (those from ``start`` to ``stop``, a page's of a file
    of a whole day, with the furniture that stood among them)."""
    stop = len(file.articles) if stop is None else stop
    last = stop == len(file.articles)
    return {
        "source": file.source,
        "name": file.name,
        "paper": file.paper,
        "date": file.date,
        "page": file.page,
        "page_name": file.page_name,
        "banner": file.banner,
        "furniture": [{"before": before - start, "text": text} for before, text in file.furniture
                      if start <= before < stop or (last and before == stop)],
        "articles": [article_dict(a, a.id in read, keywords.get(a.id)) for a in file.articles[start:stop]],
    }


def issues_dict(
    issues: Iterable[Issue], read: Collection[str] = (), keywords: dict[str, list[Keyword]] | None = None
) -> dict[str, Any]:
    """The whole export document (schema 2): issues (days of a paper), their
    pages in the paper's order, each page's files with their articles.
    ``read`` holds the ids of read articles, ``keywords`` each article's
    keywords by id."""
    keywords = keywords or {}
    return {
        "schema": SCHEMA,
        "issues": [
            {
                "paper": issue.paper,
                "date": issue.date,
                "articles": issue.article_count,
                "pages": [
                    {"page": page.number, "page_name": page.name,
                     "files": [file_dict(f, read, keywords, start, stop) for f, start, stop in page.parts]}
                    for page in issue.pages
                ],
            }
            for issue in issues
        ],
    }


def _rule(text: str, char: str) -> str:
    return char * max(2, cell_len(text))


def md_text(text: str) -> str:
    """The paper's text for Markdown: made safe to show, HTML's ``& < >`` escaped."""
    return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# How each body kind is written, per format (the text is already escaped).
MARKDOWN_BODY: dict[str, Callable[[str], str]] = {
    "paragraph": lambda t: t,
    "heading": lambda t: f"### {t}",
    "caption": lambda t: f"*〔图〕{t}*",
    "note": lambda t: f"<small>{t}</small>",
    "source": lambda t: f"<small>{t}</small>",
    "byline": lambda t: f"— {t}",
}
TEXT_BODY: dict[str, Callable[[str], str]] = {
    "paragraph": lambda t: "\u3000\u3000" + t,
    "heading": lambda t: f"【{t}】",
    "caption": lambda t: f"〔图〕{t}",
    "note": lambda t: t,
    "source": lambda t: t,
    "byline": lambda t: t,
}


def _context(article: Article) -> str:
    return " · ".join(x for x in (article.column, article.kicker) if x)


def _heading_of(page: Page) -> str | None:
    """``第4版 经济`` for a page that knows its number."""
    return page_name_label(page.number, page.name)


def to_markdown(issues: Iterable[Issue]) -> str:
    """Markdown: ``#`` the issue, ``##`` each page where known, then its articles."""
    out: list[str] = []
    for issue in issues:
        out += [f"# {md_text(issue_heading(issue))}", ""]
        paged = len(issue.pages) > 1 and any(page.number is not None for page in issue.pages)
        title = "###" if paged else "##"  # one page is named by the issue's heading
        for page in issue.pages:
            heading = _heading_of(page)
            if heading and paged:
                out += [f"## {md_text(heading)}", ""]
            for file, start, stop in page.parts:
                if file.banner and start == 0:
                    out += [f"> {md_text(file.banner)}", ""]
                for article in file.articles[start:stop]:
                    out += ["---", ""]
                    if _context(article):
                        out += [f"*{md_text(_context(article))}*", ""]
                    out += [f"{title} {md_text(article.display_title)}", ""]
                    if article.subtitle:
                        out += [f"**{md_text(article.subtitle)}**", ""]
                    for kind, text in article.body():
                        line = MARKDOWN_BODY[kind](md_text(text))
                        out += [f"#{line}" if paged and kind == "heading" else line, ""]
    return "\n".join(out).rstrip("\n") + "\n"


def to_text(issues: Iterable[Issue]) -> str:
    """Plain text: the issue underlined with ``=``, each page where known with ``-``."""
    out: list[str] = []
    for issue in issues:
        heading = issue_heading(issue)
        out += [heading, _rule(heading, "="), ""]
        for page in issue.pages:
            name = _heading_of(page)
            if name and len(issue.pages) > 1:
                out += [name, _rule(name, "-"), ""]
            for file, start, stop in page.parts:
                if file.banner and start == 0:
                    out += [file.banner, ""]
                for article in file.articles[start:stop]:
                    out += _text_lines(article)
                    out.append("")
    return clean("\n".join(out).rstrip("\n") + "\n")


def _text_lines(article: Article) -> list[str]:
    out = [_context(article)] if _context(article) else []
    out += [article.display_title, _rule(article.display_title, "─")]
    if article.subtitle:
        out.append(article.subtitle)
    out.append("")
    for kind, text in article.body():
        out += [TEXT_BODY[kind](text), ""]
    return out


def article_text(article: Article) -> str:
    """One article as a plain reading copy (what ``y`` copies and ``|`` pipes)."""
    return clean("\n".join(_text_lines(article)).rstrip("\n") + "\n")


READING_COPIES: dict[str, Callable[[Iterable[Issue]], str]] = {
    "markdown": to_markdown,
    "text": to_text,
}
