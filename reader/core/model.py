"""The domain model: an Issue holds Articles, an Article holds Blocks.

Plain frozen dataclasses with no Textual import, so the core can be used
(and tested) without the UI.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

BlockType = Literal["paragraph", "heading", "caption", "note"]


@dataclass(frozen=True)
class Block:
    """One block of an article's body."""

    type: BlockType
    text: str


@dataclass(frozen=True)
class Article:
    """One article: header fields, ordered body blocks and a byline.

    ``byline_at`` is the index in ``blocks`` where the byline stood in the
    source (notes such as "(本文配图均为资料图片)" usually follow it), so the
    article can be read back in its printed order.
    """

    id: str
    title: str
    column: str | None = None
    kicker: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    blocks: tuple[Block, ...] = ()
    byline_at: int | None = None
    unprinted: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()

    @property
    def display_title(self) -> str:
        """The title, or the start of the text for an untitled article."""
        if self.title:
            return self.title
        for block in self.blocks:
            if block.text:
                return block.text[:24] + ("…" if len(block.text) > 24 else "")
        return "(untitled)"

    def fields_in_order(self) -> Iterator[tuple[str, int | None, str]]:
        """Yield ``(field, block_index, text)`` in the order the paper printed them."""
        unprinted = self.unprinted
        for name in ("column", "kicker", "title", "subtitle"):
            value = getattr(self, name)
            if value and name not in unprinted:
                yield name, None, value
        byline = None if "byline" in unprinted or "inline_byline" in unprinted else self.byline
        blocks = self.blocks
        byline_at = len(blocks) if self.byline_at is None else self.byline_at
        for index, block in enumerate(blocks):
            if index == byline_at and byline:
                yield "byline", None, byline
            yield "block", index, block.text
        if byline and byline_at >= len(blocks):
            yield "byline", None, byline

    def searchable_fields(self) -> Iterator[tuple[str, int | None, str]]:
        """``fields_in_order``, and a title or byline taken from front matter:
        what search looks in (a title is found whether printed or not)."""
        if self.title and "title" in self.unprinted:
            yield "title", None, self.title
        yield from self.fields_in_order()
        if self.byline and "byline" in self.unprinted:
            yield "byline", None, self.byline

    def body(self) -> Iterator[tuple[str, str]]:
        """Yield ``(kind, text)`` for the body in printed order: each block by
        its type, and the byline (kind ``"byline"``) where it stood; an author
        the front matter names, at the end (as ``searchable_fields`` has it)."""
        for name, index, text in self.searchable_fields():
            if name == "block" and index is not None:
                yield self.blocks[index].type, text
            elif name == "byline":
                yield "byline", text

    @property
    def body_text(self) -> str:
        """Paragraph and section text only: what keywords and reading time use."""
        return "\n".join(b.text for b in self.blocks if b.type in ("paragraph", "heading"))

    @property
    def char_count(self) -> int:
        """Characters of body text, whitespace aside."""
        return len("".join(self.body_text.split()))


@dataclass(frozen=True)
class Issue:
    """One issue (page) of the paper, as parsed from one file.

    ``furniture`` is what the page printed that is no article: navigation
    chrome, the page's own headline list, date and page lines, front matter.
    Each piece is kept with the index of the article it stood before, so the
    page can be read back whole and in order; none is listed as an article.
    ``date`` (ISO), ``page`` ("4", "A3") and ``page_name`` are known when the
    front matter, the page's own lines or the path say so.
    """

    source: str
    articles: tuple[Article, ...] = ()
    banner: str | None = None
    name: str = field(default="")
    furniture: tuple[tuple[int, str], ...] = ()
    date: str | None = None
    page: str | None = None
    page_name: str | None = None

    def article(self, article_id: str) -> Article | None:
        """The article with this id, if the issue has it."""
        return next((a for a in self.articles if a.id == article_id), None)

    @property
    def article_count(self) -> int:
        """How many articles (an issue read lazily answers without reading them)."""
        return len(self.articles)

    @property
    def loaded(self) -> bool:
        """Whether the articles are in memory (a lazy issue's may not be yet)."""
        return True

    @property
    def pending(self) -> bool:
        """Whether the file is still being read (its articles come later)."""
        return False


def missing_article() -> Article:
    """What stands for an article its file no longer holds (the catalog read
    the file again, after damage or a change, while the article was open)."""
    from reader.core.i18n import _

    return Article(id="", title="", blocks=(Block("note", _("(this article is no longer in its file)")),))


READING_SPEED_CPM = 400
"""Characters a minute: a common figure for reading Chinese newspaper text."""


def reading_minutes(article: Article) -> int:
    """Estimated minutes to read an article (at least one)."""
    return max(1, round(article.char_count / READING_SPEED_CPM))
