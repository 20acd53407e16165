"""The main screen's background work and the messages it answers with.

Every job runs in a thread worker with ``exit_on_error=False`` and reports by
posting a message, never by ``call_from_thread``: a job never blocks on a UI
that may be closing. Each answer names what it is about (a search ticket, the
issues), so the screen can drop one that arrives too late.

* search: one at a time; a newer keystroke cancels the older (``exclusive``).
* pinyin tables: built once, ahead of the first pinyin query.
* keywords: one runner serving the session's keyword queue (see
  ``reader.sidebar_keywords``), so at most one jieba child at a time.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.message import Message

from reader.keywords import Keywords
from reader.library import Library
from reader.search import HitList
from reader.sidebar_keywords import Found, KeywordQueue


class SearchDone(Message):
    """A search's answer: the hits for request ``ticket``."""

    def __init__(self, ticket: int, query: str, scope: str, hits: HitList,
                 counts: dict[tuple[str, str], int], word: str | None) -> None:
        super().__init__()
        self.ticket = ticket
        self.query = query
        self.scope = scope
        self.hits = hits
        self.counts = counts
        self.word = word  # a marked keyword, not a typed search


class KeywordsDone(Message):
    """A keyword job's answer for the issues ``sources`` (``error``: why some are missing)."""

    def __init__(self, sources: list[str], found: Found, error: str | None) -> None:
        super().__init__()
        self.sources = sources
        self.found = found
        self.error = error


def search_job(library: Library, ticket: int, query: str, issues: list[int] | None, scope: str,
               word: str | None, post: Callable[[Message], object]) -> None:
    """Search ``library`` (building its index the first time) and post the answer."""
    hits = library.search(query, issues)
    post(SearchDone(ticket, query, scope, hits, hits.per_article(), word))


def keyword_job(keywords: Keywords, queue: KeywordQueue, post: Callable[[Message], object]) -> None:
    """Serve the keyword queue until it is empty: the cache answers at once,
    one jieba child computes the rest of each batch."""

    def report(sources: list[str], found: Found, error: str | None) -> None:
        post(KeywordsDone(sources, found, error))

    queue.serve(keywords.compute_apart, report)
