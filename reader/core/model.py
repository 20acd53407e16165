"""The domain model: what a newspaper is, and where its text came from.

A paper has issues; an ``Issue`` is one day of one paper and holds pages; a
``Page`` (版, with its number and name) holds articles; an ``Article`` holds
blocks. A ``SourceFile`` is where text came from: one file, parsed, which
may hold a whole page (e-paper text), one article of a page (a crawler's), or
a day; files of the same paper and date make one issue (``issues_of``).

Plain frozen dataclasses with no Textual import, so the core can be used
(and tested) without the UI.
"""

from __future__ import annotations

import os
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

# "source": the paper-and-date line (《某某日报》（2025年01月02日第 04 版）) where it was printed
# inside an article: a fact of the issue, kept as printed, never byline or paragraph.
BlockType = Literal["paragraph", "heading", "caption", "note", "source"]
TITLE_CHARS = 24  # an untitled article is named by this much of its text


def shortened(text: str, chars: int) -> str:
    """``text`` cut to ``chars`` characters, with … where it was cut."""
    return text if len(text) <= chars else text[:chars] + "…"


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
                return shortened(block.text, TITLE_CHARS)
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


class Section(NamedTuple):
    """Where one printed page starts in a file that holds several (a whole
    day in one file): the index of its first article, its number and name."""

    start: int
    page: str
    name: str | None


def page_at(sections: Sequence[Section], index: int, page: str | None, name: str | None) -> tuple[str | None, str | None]:
    """The page (number, name) of a file's article at ``index``: its section's,
    else the file's own ``page`` and ``name``."""
    at = bisect_right([s.start for s in sections], index) - 1
    return (sections[at].page, sections[at].name) if at >= 0 else (page, name)


@dataclass(frozen=True)
class SourceFile:
    """One file's text, parsed: its articles, and where they stand.

    ``furniture`` is what the page printed that is no article: navigation
    chrome, the page's own headline list, date and page lines, front matter.
    Each piece is kept with the index of the article it stood before, so the
    page can be read back whole and in order; none is listed as an article.
    ``paper``, ``date`` (ISO), ``page`` ("4", "A3") and ``page_name`` are
    known when the front matter, the page's own lines, a setting or the path
    say so (never by default). A file of a whole day names no page; its
    ``sections`` say where each page it holds starts (``page_of``).
    """

    source: str  # where the text came from: the file's resolved path
    articles: tuple[Article, ...] = ()
    banner: str | None = None
    name: str = field(default="")
    furniture: tuple[tuple[int, str], ...] = ()
    date: str | None = None
    page: str | None = None
    page_name: str | None = None
    paper: str | None = None
    sections: tuple[Section, ...] = ()

    def page_of(self, article_id: str) -> tuple[str | None, str | None]:
        """The page (number, name) that printed this article: the file's, or
        in a file of several pages, that of the section it stands in."""
        if not self.sections:
            return self.page, self.page_name
        return page_at(self.sections, self.index_of(article_id) or 0, self.page, self.page_name)

    def index_of(self, article_id: str) -> int | None:
        """Where the article with this id stands among the file's, if it has it."""
        return next((n for n, known in enumerate(self.article_ids) if known == article_id), None)

    def spans(self) -> list[tuple[int, int, str | None, str | None]]:
        """The file's articles as runs of one page: ``(start, stop, page, name)``;
        one run for a file of one page (or none)."""
        count = self.article_count
        sections = [s for s in self.sections if s.start < count]  # a file read again may hold fewer
        if not sections:
            return [(0, count, self.page, self.page_name)]
        runs = [(0, sections[0].start, self.page, self.page_name)] if sections[0].start > 0 else []
        ends = [s.start for s in sections[1:]] + [count]
        runs += [(s.start, end, s.page, s.name) for s, end in zip(sections, ends, strict=True)]
        return runs

    def article(self, article_id: str) -> Article | None:
        """The article with this id, if the file has it."""
        return next((a for a in self.articles if a.id == article_id), None)

    @property
    def article_count(self) -> int:
        """How many articles (a file read lazily answers without reading them)."""
        return len(self.articles)

    @property
    def article_ids(self) -> tuple[str, ...]:
        """Its articles' ids, in order (a file read lazily answers without reading their headings)."""
        return tuple(a.id for a in self.articles)

    @property
    def loaded(self) -> bool:
        """Whether the articles are in memory (a lazy file's may not be yet)."""
        return True

    @property
    def pending(self) -> bool:
        """Whether the file is still being read (its articles come later)."""
        return False


def page_label(file: SourceFile, article_id: str | None = None) -> str | None:
    """``第4版 经济`` for a file that knows its page (with ``article_id``, the
    page that printed that article: a file of a whole day holds several)."""
    page, name = file.page_of(article_id) if article_id is not None else (file.page, file.page_name)
    return page_name_label(page, name)


def page_name_label(page: str | None, name: str | None) -> str | None:
    """``第4版 经济`` for a page number and name; None without a number."""
    if page is None:
        return None
    return f"第{page}版" + (f" {name}" if name else "")


def page_order(page: str | None) -> tuple[int, str, int]:
    """How a paper numbers its pages: ``1 < 2 < 10``, ``A1 < A2 < B1``; a
    file that names no page comes after those that do."""
    if page is None:
        return (1, "", 0)
    letters = page.rstrip("0123456789")
    digits = page[len(letters) :]
    return (0, letters, int(digits) if digits.isdigit() else 0)


@dataclass(frozen=True)
class Page:
    """One page (版) of an issue: its number and name, and the files its
    articles came from, in the order they were read. ``parts`` says which of
    each file's articles are the page's (``(file, start, stop)``): all, but
    for a file of a whole day, which holds several pages."""

    number: str | None
    name: str | None
    parts: tuple[tuple[SourceFile, int, int], ...]

    @property
    def files(self) -> tuple[SourceFile, ...]:
        return tuple(file for file, _, _ in self.parts)

    @property
    def articles(self) -> tuple[Article, ...]:
        return tuple(a for file, start, stop in self.parts for a in file.articles[start:stop])

    def holds(self, file: SourceFile, index: int) -> bool:
        """Whether this page printed the article at ``index`` of ``file`` (``SourceFile.index_of``)."""
        return any(part is file and start <= index < stop for part, start, stop in self.parts)


@dataclass(frozen=True)
class Issue:
    """One day of one paper, however its files cut it; a file that names no
    date is an issue of its own (``key`` then names the file).

    ``files`` are in page order (as the paper numbers its pages), and in the
    order they were read within a page."""

    key: str  # "paper|date", or "file|source" for an undated file
    paper: str | None
    date: str | None
    files: tuple[SourceFile, ...]

    @property
    def articles(self) -> tuple[Article, ...]:
        """Every article of the day, page by page, in printed order."""
        return tuple(a for f in self.files for a in f.articles)

    @property
    def article_count(self) -> int:
        return sum(f.article_count for f in self.files)

    @property
    def pages(self) -> tuple[Page, ...]:
        """The pages, in the paper's order; files that name no page are each a page of their own."""
        pages: list[Page] = []
        for file in self.files:
            for start, stop, number, name in file.spans():
                last = pages[-1] if pages else None
                if last is not None and number is not None and last.number == number:
                    pages[-1] = Page(last.number, last.name or name, (*last.parts, (file, start, stop)))
                else:
                    pages.append(Page(number, name, ((file, start, stop),)))
        return tuple(pages)

    @property
    def sources(self) -> frozenset[str]:
        return frozenset(f.source for f in self.files)


def issue_key(paper: str | None, date: str | None, source: str) -> str:
    """The key of the issue of a file of ``paper`` and ``date`` at ``source``:
    ``"paper|date"``, or ``"file|source"`` for an undated file (an issue alone)."""
    return f"file|{source}" if date is None else f"{paper or ''}|{date}"


def issues_of(files: Sequence[SourceFile]) -> list[Issue]:
    """``files`` as issues: those of the same paper and date make one, their
    pages in the paper's order; issues in the order their first file came.

    A dated file that names no paper joins an issue of its date whose paper
    other files name (a crawler's pages, of which only some say the paper):
    the one paper named that day, or of several the one whose files lie
    nearest it (in the same folders); else the files that name none make an
    issue of their own. A file that names no date is an issue alone.
    """
    named: dict[str, dict[str, list[str]]] = {}  # date -> paper -> folders of its files
    for file in files:
        if file.date and file.paper:
            named.setdefault(file.date, {}).setdefault(file.paper, []).append(os.path.dirname(file.source))
    by_key: dict[str, tuple[str | None, list[SourceFile]]] = {}
    for file in files:
        paper = file.paper
        if file.date is not None and paper is None and file.date in named:
            paper = _nearest_paper(os.path.dirname(file.source), named[file.date])
        key = issue_key(paper, file.date, file.source)
        by_key.setdefault(key, (paper, []))[1].append(file)
    issues = []
    for key, (paper, members) in by_key.items():
        if len(members) == 1:  # most of an archive of one file a day: nothing to sort
            issues.append(Issue(key, paper, members[0].date, (members[0],)))
            continue
        ordered = sorted(enumerate(members), key=lambda pair: (page_order(pair[1].page), pair[0]))
        issues.append(Issue(key, paper, members[0].date, tuple(file for _, file in ordered)))
    return issues


def _nearest_paper(folder: str, papers: dict[str, list[str]]) -> str | None:
    """The paper whose files lie nearest ``folder`` (most folders in common);
    None when two are as near."""
    if len(papers) == 1:
        return next(iter(papers))
    parts = folder.split(os.sep)

    def shared(other: str) -> int:
        return len(os.path.commonprefix([parts, other.split(os.sep)]))

    nearness = sorted(((max(shared(f) for f in folders), paper) for paper, folders in papers.items()), reverse=True)
    return nearness[0][1] if nearness[0][0] > nearness[1][0] else None


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
