"""Issues read from the catalog, whose articles' text is read only when needed.

An archive of 10,000 issues holds some 40,000 articles. The reader needs
their ids, titles and headings at once (for the list, the read counts and the
search hits) but the text of only the few a reader opens. A ``LazyArticle``
is an ``Article`` that carries its heading fields and fetches the rest (the
blocks and the byline) from the catalog on first use, through a bounded
cache: memory stays the same whatever the archive's size. Everything that
takes an ``Article`` takes one of these unchanged.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Sequence

from reader.catalog.database import Catalog
from reader.catalog.rows import Entry, Head
from reader.core.model import Article, Block, SourceFile, missing_article
from reader.text.placement import path_placement

KEPT_ARTICLES = 256  # articles whose text is kept in memory, most recently used


class ArticleTexts:
    """Articles' full text by catalog row, most recently used kept."""

    def __init__(self, catalog: Catalog, kept: int = KEPT_ARTICLES) -> None:
        self.catalog = catalog
        self.kept = kept
        self._cache: OrderedDict[int, Article] = OrderedDict()
        self._lock = threading.Lock()  # the keyword and search workers read too

    def get(self, doc: int, file_id: int, ordinal: int) -> Article:
        """The article of row ``doc`` (the ``ordinal``-th of file ``file_id``)."""
        with self._lock:
            article = self._cache.get(doc)
            if article is not None:
                self._cache.move_to_end(doc)
                return article
        article = self.catalog.article(doc, file_id, ordinal) or missing_article()
        with self._lock:
            self._cache[doc] = article
            while len(self._cache) > self.kept:
                self._cache.popitem(last=False)
        return article

    def __len__(self) -> int:
        return len(self._cache)


class LazyArticle(Article):
    """An article whose byline and blocks come from the catalog when first read."""

    _doc: int
    _file: int
    _ordinal: int
    _texts: ArticleTexts
    _display: str

    def __init__(self) -> None:  # made by ``lazy_article`` only
        raise TypeError("use lazy_article()")

    def _text(self) -> Article:
        return self._texts.get(self._doc, self._file, self._ordinal)

    # Properties on the subclass come before the dataclass's defaults on Article.
    @property
    def blocks(self) -> tuple[Block, ...]:
        return self._text().blocks

    @property
    def byline(self) -> str | None:
        return self._text().byline

    @property
    def byline_at(self) -> int | None:
        return self._text().byline_at

    @property
    def unprinted(self) -> tuple[str, ...]:
        return self._text().unprinted

    @property
    def keywords(self) -> tuple[str, ...]:
        return self._text().keywords

    @property
    def display_title(self) -> str:
        return self._display

    def __repr__(self) -> str:
        return f"LazyArticle(id={self.id!r}, title={self._display!r})"


def lazy_article(texts: ArticleTexts, file_id: int, ordinal: int, head: Head) -> LazyArticle:
    """The ``ordinal``-th article of catalogued file ``file_id``, its text not yet read."""
    article = object.__new__(LazyArticle)
    for name, value in (("id", head.article_id), ("title", head.title), ("column", head.column),
                        ("kicker", head.kicker), ("subtitle", head.subtitle), ("_doc", head.doc),
                        ("_file", file_id), ("_ordinal", ordinal), ("_texts", texts), ("_display", head.display)):
        object.__setattr__(article, name, value)
    return article


class LazyFile(SourceFile):
    """An issue whose articles (their headings; see ``LazyArticle``) are read
    from the catalog when first asked for: opening an archive reads none. A
    file not catalogued yet is *pending*: no articles until ``fill``."""

    _entry: Entry | None
    _texts: ArticleTexts
    _articles: tuple[Article, ...] | None
    _ids: tuple[str, ...] | None  # the articles' ids, read alone (a folded file's header counts the unread)

    def __init__(self) -> None:  # made by ``lazy_file`` only
        raise TypeError("use lazy_file()")

    @property
    def articles(self) -> tuple[Article, ...]:
        articles = self._articles
        if articles is None:
            if self._entry is None:
                return ()
            entry, heads = self._texts.catalog.heads(self._entry)
            articles = tuple(lazy_article(self._texts, entry.id, n, head) for n, head in enumerate(heads))
            object.__setattr__(self, "_entry", entry)  # read again if its rows were damaged
            object.__setattr__(self, "_articles", articles)
        return articles

    @property
    def article_ids(self) -> tuple[str, ...]:
        if self._articles is None and self._entry is not None:
            if self._ids is None:
                object.__setattr__(self, "_ids", self._texts.catalog.article_ids(self._entry))
            if self._ids is not None:
                return self._ids
        return tuple(a.id for a in self.articles)  # read, or damaged rows: the articles mend them

    @property
    def furniture(self) -> tuple[tuple[int, str], ...]:
        """The page furniture, read from the catalog (nothing shows it but export)."""
        return () if self._entry is None else self._texts.catalog.furniture(self._entry)

    @property
    def article_count(self) -> int:
        """How many articles, without reading them (once read, those read)."""
        if self._articles is not None:
            return len(self._articles)
        return 0 if self._entry is None else self._entry.articles

    @property
    def loaded(self) -> bool:
        return self._articles is not None

    @property
    def pending(self) -> bool:
        return self._entry is None

    @property
    def entry(self) -> Entry | None:
        """The catalog's record of the file (None while it is pending)."""
        return self._entry

    def fill(self, entry: Entry) -> None:
        """The file is in the catalog now: its articles can be read."""
        object.__setattr__(self, "_entry", entry)
        for key, value in entry.issue_fields().items():
            object.__setattr__(self, key, value)
        object.__setattr__(self, "_articles", None)
        object.__setattr__(self, "_ids", None)

    def __repr__(self) -> str:
        return f"LazyFile(source={self.source!r})"


def lazy_file(texts: ArticleTexts, entry: Entry | None, source: str = "") -> LazyFile:
    """The issue of a catalogued file, or (``entry`` None) a pending one at ``source``."""
    issue = object.__new__(LazyFile)
    if entry is not None:
        fields = entry.issue_fields()
    else:  # what the path says, until the file is read
        placed = path_placement(source)
        fields = {"source": source, "name": os.path.splitext(os.path.basename(source))[0], "banner": None,
                  "date": placed.date, "page": placed.page, "page_name": placed.page_name,
                  "paper": None, "sections": ()}
    fields.update(_entry=entry, _texts=texts, _articles=None, _ids=None)
    issue.__dict__.update(fields)  # a frozen dataclass's fields, set once, as its __init__ would (one call a file)
    return issue


def catalog_files(catalog: Catalog, entries: Sequence[Entry], texts: ArticleTexts | None = None,
                   sources: Sequence[str] | None = None) -> list[LazyFile]:
    """The issues of ``entries``, in order (or of ``sources``: those not among
    the entries are pending); nothing of them is read until used."""
    texts = ArticleTexts(catalog) if texts is None else texts
    by_source = {entry.source: entry for entry in entries}
    return [lazy_file(texts, by_source.get(source), source) for source in (sources or list(by_source))]
