"""The issues a reading session works over: loading them, and one small interface.

``load_issues`` parses the files a session opens. ``Library`` is what the session asks of the open issues: list them, find an
article, step to a neighbour, search. ``MemoryLibrary`` keeps a few parsed
issues in memory; a persistent catalog of an archive can take its place
without the session or the UI changing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

from reader.model import Article, Issue
from reader.parse import parse_issue
from reader.paths import bundled_issue
from reader.search import HitList, SearchIndex
from reader.sources import read_sources

Row = tuple[Issue, Article]  # an article as it appears in one issue


def load_issues(
    paths: list[Path] | None = None, progress: Callable[[int, int], None] | None = None
) -> tuple[list[Issue], list[str]]:
    """Parse the issues named by ``paths`` (the bundled issue when empty);
    ``progress(done, total)`` is called as files are parsed.

    Returns ``(issues, warnings)``; raises ``InputError`` for unusable input.
    """
    targets = list(paths) if paths else [bundled_issue()]
    sources, warnings = read_sources(targets)
    issues = []
    for number, source in enumerate(sources, 1):
        issues.append(parse_issue(source.text, source=str(source.path.resolve()), name=source.path.stem))
        if progress is not None:
            progress(number, len(sources))
    return issues, warnings


class Library(Protocol):
    """The open issues, as the reading session sees them."""

    @property
    def issues(self) -> Sequence[Issue]: ...

    def rows_of(self, article_id: str) -> list[Row]:
        """Every place an article appears (the same article may be in several issues)."""
        ...

    def find_in(self, source: str, article_id: str) -> Row | None: ...

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


class MemoryLibrary:
    """A few parsed issues, kept in memory; the search index is built on first use."""

    def __init__(self, issues: Sequence[Issue]) -> None:
        self._issues = list(issues)
        self._by_source = {issue.source: issue for issue in self._issues}
        self._rows_of: dict[str, list[Row]] = {}
        self._order: list[Row] = []
        for issue in self._issues:
            for article in issue.articles:
                self._rows_of.setdefault(article.id, []).append((issue, article))
                self._order.append((issue, article))
        self._index: SearchIndex | None = None
        self._index_lock = threading.Lock()  # built once, by whichever thread asks first

    @property
    def issues(self) -> Sequence[Issue]:
        return self._issues

    def rows_of(self, article_id: str) -> list[Row]:
        return list(self._rows_of.get(article_id, []))

    def find_in(self, source: str, article_id: str) -> Row | None:
        issue = self._by_source.get(source)
        article = issue.article(article_id) if issue is not None else None
        return (issue, article) if issue is not None and article is not None else None

    def _place(self, origin: Row) -> int | None:
        """Where ``origin`` stands in the reading order (the very objects, not equal ones)."""
        return next((n for n, (i, a) in enumerate(self._order) if i is origin[0] and a is origin[1]), None)

    def neighbour(self, origin: Row | None, delta: int) -> Row | None:
        if not self._order:
            return None
        if origin is None:
            return self._order[0]
        at = self._place(origin) or 0
        return self._order[max(0, min(len(self._order) - 1, at + delta))]

    def walk(self, origin: Row | None, delta: int) -> Iterator[Row]:
        at = None if origin is None else self._place(origin)
        if origin is not None and at is None:
            return
        if delta > 0:
            yield from self._order[0 if at is None else at + 1 :]
        else:
            yield from reversed(self._order[: len(self._order) if at is None else at])

    @property
    def index_ready(self) -> bool:
        return self._index is not None

    def _search_index(self) -> SearchIndex:
        with self._index_lock:
            if self._index is None:
                self._index = SearchIndex(self._issues)
            return self._index

    def search(self, query: str, issues: list[int] | None = None) -> HitList:
        return self._search_index().search(query, issues=issues)

    def warm_pinyin(self) -> None:
        self._search_index().pinyin()  # the index first (once, under its lock), then its tables
