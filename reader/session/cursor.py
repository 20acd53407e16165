"""The active search (or marked keyword): its hits, where ``n``/``N`` stand, the list filter.

Plain Python, owned by the reading session. Searches run off the UI thread:
each request takes a ticket, and only the answer to the latest one is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from reader.core.model import Article, SourceFile
from reader.search.hits import NO_HITS, Hit, HitList, Spans


class Scope(Enum):
    """What a search covers."""

    ISSUE = "issue"  # the issue being read
    ALL = "all"  # every open issue


@dataclass(frozen=True)
class SearchRequest:
    """One search asked for: answered in a worker, kept only if still the latest."""

    ticket: int
    query: str
    scope: Scope
    files: list[int] | None  # the files searched (the issue's), by number (None: all)
    word: str | None = None  # a keyword being marked, not a typed search


@dataclass(frozen=True)
class SearchAnswer:
    """A search's answer: its hits (none, with ``error``, for a query the search will not take)."""

    request: SearchRequest
    hits: HitList
    counts: dict[tuple[str, str], int]
    error: str | None = None
    first: bool = False  # a first screenful: the whole answer follows



class HitCursor:
    """Hits of the active search, the one ``n``/``N`` last went to, and the filter."""

    def __init__(self) -> None:
        self.hits: HitList = NO_HITS
        self.at: int | None = None  # index into hits of the last one gone to
        self.counts: dict[tuple[str, str], int] = {}  # hits per (file source, article id)
        self.filtering = False  # the list shows only articles with hits
        self._ticket = 0

    # Requests -------------------------------------------------------------------

    def ask(self) -> int:
        """A ticket for a new search; answers to older tickets are stale."""
        self._ticket += 1
        return self._ticket

    def is_latest(self, ticket: int) -> bool:
        return ticket == self._ticket

    @staticmethod
    def scope(files: Sequence[SourceFile], current: SourceFile | None, everywhere: bool) -> tuple[list[int] | None, Scope]:
        """Which files a search covers (``None``: all), and what that is."""
        if everywhere or len(files) <= 1:
            return None, Scope.ALL if len(files) > 1 else Scope.ISSUE
        here = current if current is not None and current in files else files[0]
        return [list(files).index(here)], Scope.ISSUE

    # Hits -----------------------------------------------------------------------

    def replace(self, hits: HitList, counts: dict[tuple[str, str], int] | None = None) -> dict[tuple[str, str], int]:
        """Make ``hits`` the active ones; returns the counts they replace."""
        old = self.counts
        self.hits, self.at = hits, None
        self.counts = hits.per_article() if counts is None else counts
        return old

    @property
    def articles(self) -> int:
        """How many articles the active hits are in."""
        return len(self.counts)

    def spans_in(self, file: SourceFile, article: Article) -> Spans:
        """The active hits in one article, by field (and block), for highlighting."""
        spans: Spans = {}
        for hit in self.hits.in_article(file, article):
            key = ("block", hit.block) if hit.field == "block" else (hit.field, None)
            spans.setdefault(key, []).append((hit.offset, hit.offset + hit.length))
        return spans

    def go_to(self, hit: Hit) -> Hit:
        """Go to ``hit``, a row chosen among the hits shown: that hit, whatever
        the active hits are by now (a keyword marked meanwhile replaces them);
        ``n``/``N`` walk on from it if it is one of them."""
        self.at = self.hits.index_of(hit)
        return hit

    def go(self, number: int) -> Hit | None:
        """Go to hit ``number`` (wrapping around); ``None`` if there are no hits."""
        if not self.hits:
            return None
        self.at = number % len(self.hits)
        return self.hits[self.at]

    def at_end(self, delta: int) -> bool:
        """Whether ``n`` (+1) or ``N`` (-1) would go past the last or first hit:
        then the reader stays and says so (it never wraps round)."""
        return bool(self.hits) and self.at is not None and self.at == (len(self.hits) - 1 if delta > 0 else 0)

    def step(self, delta: int) -> Hit | None:
        """``n`` (+1) or ``N`` (-1): the first step goes to the first or last
        hit; at an end (``at_end``) the hit stays the same."""
        if not self.hits:
            return None
        if self.at is None:
            return self.go(0 if delta > 0 else -1)
        if self.at_end(delta):
            return self.hits[self.at]
        return self.go(self.at + delta)

    # Filter ---------------------------------------------------------------------

    @property
    def active(self) -> bool:
        """Something to clear: hits, or a filter still on."""
        return bool(self.hits) or self.filtering

    def only(self) -> set[str] | None:
        """The article ids the list keeps (``None``: no filter)."""
        return {article_id for _, article_id in self.counts} if self.filtering else None
