"""Render issues as JSON, Markdown or plain-text reading copies.

JSON keeps every character. The reading copies are for people: what they
show passes the sanitising boundary (``reader.core.safe_text.clean``: no control
sequence from a file reaches a terminal), and Markdown escapes ``&``, ``<``
and ``>`` in the paper's text, so raw HTML in a file (``<script>``) is shown
as text by a Markdown renderer, never run."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import Any

from rich.cells import cell_len

from reader.core.model import Article, Issue
from reader.core.safe_text import clean
from reader.keywords.extraction import SHOWN, Keyword
from reader.text.grouping import issue_heading

SCHEMA = 1


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


def issues_dict(
    issues: Iterable[Issue], read: Collection[str] = (), keywords: dict[str, list[Keyword]] | None = None
) -> dict[str, Any]:
    """The whole export document (schema 1); ``read`` holds the ids of read
    articles, ``keywords`` each article's keywords by id."""
    keywords = keywords or {}
    return {
        "schema": SCHEMA,
        "issues": [
            {
                "source": issue.source,
                "name": issue.name,
                "date": issue.date,
                "page": issue.page,
                "page_name": issue.page_name,
                "banner": issue.banner,
                "furniture": [{"before": before, "text": text} for before, text in issue.furniture],
                "articles": [article_dict(a, a.id in read, keywords.get(a.id)) for a in issue.articles],
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
    "byline": lambda t: f"— {t}",
}
TEXT_BODY: dict[str, Callable[[str], str]] = {
    "paragraph": lambda t: "\u3000\u3000" + t,
    "heading": lambda t: f"【{t}】",
    "caption": lambda t: f"〔图〕{t}",
    "note": lambda t: t,
    "byline": lambda t: t,
}


def _context(article: Article) -> str:
    return " · ".join(x for x in (article.column, article.kicker) if x)


def to_markdown(issues: Iterable[Issue]) -> str:
    out: list[str] = []
    for issue in issues:
        out += [f"# {md_text(issue_heading(issue))}", ""]
        if issue.banner:
            out += [f"> {md_text(issue.banner)}", ""]
        for article in issue.articles:
            out += ["---", ""]
            if _context(article):
                out += [f"*{md_text(_context(article))}*", ""]
            out += [f"## {md_text(article.display_title)}", ""]
            if article.subtitle:
                out += [f"**{md_text(article.subtitle)}**", ""]
            for kind, text in article.body():
                out += [MARKDOWN_BODY[kind](md_text(text)), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def to_text(issues: Iterable[Issue]) -> str:
    out: list[str] = []
    for issue in issues:
        heading = issue_heading(issue)
        out += [heading, _rule(heading, "="), ""]
        if issue.banner:
            out += [issue.banner, ""]
        for article in issue.articles:
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
