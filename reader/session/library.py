"""The issues a reading session works over: loading them, and one small interface.

``load_issues`` parses files directly (tests, and the in-memory path).
``Library`` is what the session asks of the open issues: list them, find an
article, step to a neighbour, search. ``MemoryLibrary`` holds issues in
memory, whole or lazy: the reader gives it the catalog's lazy issues and
their search index (``session.archive``), without the session
or the UI changing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

from reader.core.model import Article, Issue, missing_article
from reader.search.hits import HitList
from reader.search.index import SearchIndex
from reader.storage.paths import bundled_issue
from reader.text.sources import read_sources

Row = tuple[Issue, Article]  # an article as it appears in one issue


def load_issues(paths: list[Path] | None = None) -> tuple[list[Issue], list[str]]:
    """Parse the issues named by ``paths`` (the bundled issue when empty),
    without the catalog. Returns ``(issues, warnings)``; raises
    ``InputError`` for unusable input."""
    from reader.text.parse import parse_issue

    sources, warnings = read_sources(list(paths) if paths else [bundled_issue()])
    issues = [parse_issue(s.text, source=str(s.path.resolve()), name=s.path.stem) for s in sources]
    return issues, warnings


class Library(Protocol):
    """The open issues, as the reading session sees them."""

    @property
    def issues(self) -> Sequence[Issue]: ...

    def rows_of(self, article_id: str) -> list[Row]:
        """Every place an article appears (the same article may be in several issues)."""
        ...

    def find_in(self, source: str, article_id: str) -> Row | None: ...

    def loaded(self, source: str) -> bool:
        """Whether that issue's articles are in memory (if not, none of its rows are on screen)."""
        ...

    def neighbour(self, origin: Row | None, delta: int) -> Row | None:
        """The article ``delta`` steps from ``origin`` in reading order, across
        issues; stays at the first or last (``None``: the library is empty)."""
        ...

    def walk(self, origin: Row | None, delta: int) -> Iterator[Row]:
        """The articles after (``delta`` > 0) or before ``origin`` in reading
        order, nearest first (from the first or last when ``origin`` is None)."""
        ...

    @property
    def index_ready(self) -> bool:
        """Whether a search answers without building its index first."""
        ...

    def search(self, query: str, issues: list[int] | None = None) -> HitList:
        """Hits of ``query`` in all issues, or in those at ``issues``. Safe to
        call from any thread; may take a while the first time."""
        ...

    def warm_pinyin(self) -> None:
        """Build what a pinyin query needs, ahead of the first one (any thread)."""
        ...

    @property
    def pending_files(self) -> int:
        """Files still to read (a big archive opened for the first time): their
        issues are listed, their articles come with ``take``."""
        ...

    def read_pending(self, progress: Callable[[int, int], None], arrived: Callable[[object], None]) -> list[str]:
        """Read the pending files, in the calling thread (a worker's), handing
        each batch to ``arrived`` (for ``take``, on the thread that reads the
        library); returns the warnings of files skipped. ``progress(done,
        total)`` may raise to stop."""
        ...

    def take(self, arrival: object) -> list[Issue]:
        """A batch ``read_pending`` handed over: returns the issues it completes."""
        ...

    def listen(self, warn: Callable[[str], None]) -> None:
        """Tell ``warn`` (from any thread) what the user should know from now
        on, such as a damaged catalog row read again from its file."""
        ...


class ArchiveSearcher(Protocol):
    """A persistent index over the same issues (``archive_search``): answers
    searches, and says where an article is without reading every issue."""

    def search(self, query: str, sources: Sequence[str] | None = None) -> HitList: ...

    def pinyin(self) -> object: ...

    def places(self, article_id: str) -> list[tuple[str, int]]:
        """``(issue source, ordinal)`` of each place the article is."""
        ...


class MemoryLibrary:
    """Issues in memory (their articles perhaps read lazily: ``catalog.lazy``).

    Nothing here walks every article up front: stepping goes issue by issue,
    and finding an article by id asks the archive index where there is one
    (else an index of ids is built on first use)."""

    def __init__(self, issues: Sequence[Issue], archive: ArchiveSearcher | None = None) -> None:
        self._archive = archive  # the catalog's index answers searches, where given
        self._issues = list(issues)
        self._by_source = {issue.source: issue for issue in self._issues}
        self._number = {issue.source: n for n, issue in enumerate(self._issues)}
        self._rows_of: dict[str, list[Row]] | None = None  # built on first use, without an archive
        self._index: SearchIndex | None = None
        self._index_lock = threading.Lock()  # built once, by whichever thread asks first

    @property
    def issues(self) -> Sequence[Issue]:
        return self._issues

    def loaded(self, source: str) -> bool:
        issue = self._by_source.get(source)
        return issue is not None and issue.loaded

    def rows_of(self, article_id: str) -> list[Row]:
        if self._archive is not None:
            rows = []
            for source, ordinal in self._archive.places(article_id):
                issue = self._by_source.get(source)
                articles = issue.articles if issue is not None else ()
                if issue is not None and ordinal < len(articles) and articles[ordinal].id == article_id:
                    rows.append((issue, articles[ordinal]))
            return rows
        if self._rows_of is None:
            index: dict[str, list[Row]] = {}
            for issue in self._issues:
                for article in issue.articles:
                    index.setdefault(article.id, []).append((issue, article))
            self._rows_of = index
        return list(self._rows_of.get(article_id, []))

    def find_in(self, source: str, article_id: str) -> Row | None:
        issue = self._by_source.get(source)
        article = issue.article(article_id) if issue is not None else None
        return (issue, article) if issue is not None and article is not None else None

    def _place(self, origin: Row) -> tuple[int, int] | None:
        """Where ``origin`` stands: (issue number, article number), by identity."""
        number = self._number.get(origin[0].source)
        if number is None or self._issues[number] is not origin[0]:
            return None
        at = next((n for n, a in enumerate(origin[0].articles) if a is origin[1]), None)
        return None if at is None else (number, at)

    def neighbour(self, origin: Row | None, delta: int) -> Row | None:
        first = next(self.walk(None, 1), None)
        if first is None or origin is None:
            return first
        if self._place(origin) is None:
            origin = first  # not one of ours: count from the first
        found = origin
        for step, row in enumerate(self.walk(origin, delta) if delta else (), 1):
            found = row
            if step >= abs(delta):
                break
        return found

    def walk(self, origin: Row | None, delta: int) -> Iterator[Row]:
        place = None if origin is None else self._place(origin)
        if origin is not None and place is None:
            return
        issues = self._issues
        if delta > 0:
            number, start = place if place is not None else (0, -1)
            for n in range(number, len(issues)):
                articles = issues[n].articles
                for article in articles[start + 1 if n == number else 0 :]:
                    yield issues[n], article
        else:
            number, start = place if place is not None else (len(issues) - 1, None)  # type: ignore[assignment]
            for n in range(number, -1, -1):
                articles = issues[n].articles
                end = start if n == number and start is not None else len(articles)
                for article in reversed(articles[:end]):
                    yield issues[n], article

    @property
    def index_ready(self) -> bool:
        return self._archive is not None or self._index is not None

    def _search_index(self) -> SearchIndex:
        with self._index_lock:
            if self._index is None:
                self._index = SearchIndex(self._issues)
            return self._index

    def search(self, query: str, issues: list[int] | None = None) -> HitList:
        if self._archive is not None:
            return self._archive.search(query, None if issues is None else [self._issues[i].source for i in issues])
        return self._search_index().search(query, issues=issues)

    def warm_pinyin(self) -> None:
        if self._archive is not None:
            self._archive.pinyin()
            return
        self._search_index().pinyin()  # the index first (once, under its lock), then its tables

    @property
    def pending_files(self) -> int:
        return 0  # every issue is whole from the start

    def read_pending(self, progress: Callable[[int, int], None], arrived: Callable[[object], None]) -> list[str]:
        return []

    def take(self, arrival: object) -> list[Issue]:
        return []

    def listen(self, warn: Callable[[str], None]) -> None:
        pass  # issues in memory have nothing to say

    def resolve(self, source: str, ordinal: int) -> Row:
        """The row of the ``ordinal``-th article of the issue at ``source``
        (how the archive index names a hit's article)."""
        issue = self._by_source[source]
        articles = issue.articles
        return issue, articles[ordinal] if ordinal < len(articles) else missing_article()
