"""Keywords for the sidebar: what has arrived, what is asked, and one queue of jobs.

Plain Python, owned by the reading session. Keywords come from the cache or a
jieba child (``reader.keywords.engine``), computed by one runner at a time that
serves a queue: the issue (the day) asked last goes first, a few small issues
share one child, and issues the reader has paged past are dropped (asked
again when opened again).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from reader.core.model import Article, Issue
from reader.keywords.analysis import issue_terms, related
from reader.keywords.extraction import Keyword
from reader.search.folding import fold_text
from reader.search.matching import match_spans

BATCH_ARTICLES = 60  # older waiting issues join the newest one's child up to this many articles
RELATED_IN_ISSUE = 5  # related articles of the same day
RELATED_ELSEWHERE = 3  # and of other days whose keywords are known
Found = dict[str, list[Keyword]]  # keywords by article id


@dataclass(frozen=True)
class SidebarView:
    """What the keyword sidebar shows for the current article."""

    status: str  # "ready", "computing" or "unavailable"
    words: list[Keyword] = field(default_factory=list)  # the article's keywords
    terms: list[tuple[str, int, int]] | None = None  # the issue's terms, when the issue scope is on
    articles: int = 0  # articles in the issue
    related: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (id, title, shared words)
    # related articles: the issue's first, then others' (titled with their day)


class KeywordQueue:
    """Issues waiting for keywords, served by at most one runner at a time (thread-safe)."""

    def __init__(self, batch_articles: int = BATCH_ARTICLES) -> None:
        self._lock = threading.Lock()
        self._waiting: dict[str, Issue] = {}  # by key, oldest first
        self._serving: set[str] = set()
        self._running = False
        self.batch_articles = batch_articles

    def put(self, issue: Issue) -> bool:
        """Ask for ``issue`` (again: it moves to the front). True: no runner is
        serving the queue, so the caller starts one."""
        with self._lock:
            if issue.key in self._serving:
                return False
            self._waiting.pop(issue.key, None)
            self._waiting[issue.key] = issue
            start, self._running = not self._running, True
            return start

    def take(self) -> list[Issue]:
        """The runner's next batch: the newest issue, then older ones while they
        fit in ``batch_articles``; the rest are dropped. An empty batch means
        the runner stops (the next ``put`` starts another)."""
        with self._lock:
            self._serving.clear()
            newest_first = list(reversed(self._waiting.values()))
            self._waiting.clear()
            if not newest_first:
                self._running = False
                return []
            batch, size = [newest_first[0]], len(newest_first[0].articles)
            for issue in newest_first[1:]:
                if size + len(issue.articles) > self.batch_articles:
                    break
                batch.append(issue)
                size += len(issue.articles)
            self._serving = {issue.key for issue in batch}
            return batch

    def serve(
        self,
        compute: Callable[[list[Article]], Found],
        report: Callable[[list[str], Found, str | None], None],
    ) -> None:
        """The runner's loop (on its own thread): compute each batch in one go
        and ``report(issue keys, found, error)``, until the queue is empty."""
        try:
            while batch := self.take():
                try:
                    found, error = compute([a for issue in batch for a in issue.articles]), None
                except Exception as err:  # noqa: BLE001 - whatever jieba or the disk did, the reader goes on
                    found, error = {}, str(err) or type(err).__name__
                report([issue.key for issue in batch], found, error)
        except BaseException:
            with self._lock:  # the runner died (cancelled): the next put starts another
                self._running = False
                self._serving.clear()
            raise


def as_marked(article: Article, words: list[Keyword]) -> list[Keyword]:
    """The keywords, each counted as marking it counts (the search's matcher
    over the article's fields: its title too, spaces allowed between
    characters, widths folded), so the sidebar's ×6 is the marking's 6 — jieba's
    own count is of its words in the body text only."""
    text = "\x00".join(fold_text(field) for _, _, field in article.searchable_fields())
    return [replace(k, count=len(match_spans(text, k.word, [(0, len(text))], [0], None)[0])) for k in words]


class SidebarKeywords:
    """Keywords by article as they arrive, and what the sidebar shows."""

    def __init__(self) -> None:
        self.found: Found = {}
        self.queue = KeywordQueue()
        self.issue_scope = False  # show the issue's terms, not the article's keywords
        self._failed: set[str] = set()  # issues whose last job left some out

    def view(self, issue: Issue, article: Article,
             title_elsewhere: Callable[[str], str | None]) -> tuple[SidebarView, bool]:
        """The sidebar for ``article`` of ``issue``, and whether a keyword runner
        must be started (this asks for the issue's keywords when they are
        missing). Related articles are the issue's, then those of other days
        whose keywords are known, titled by ``title_elsewhere`` (None: not open)."""
        if article.id not in self.found:
            if issue.key in self._failed:
                self._failed.discard(issue.key)  # the next open asks again
                return SidebarView("unavailable"), False
            return SidebarView("computing"), self.queue.put(issue)
        articles = issue.articles
        in_issue = {a.id: self.found.get(a.id, []) for a in articles}
        titles = {a.id: a.display_title for a in articles}
        near = [(other, titles[other], shared)
                for other, shared in related(article.id, in_issue, RELATED_IN_ISSUE)]
        return SidebarView(
            "ready",
            words=as_marked(article, self.found[article.id]),
            terms=issue_terms(in_issue) if self.issue_scope else None,
            articles=len(articles),
            related=near + self._elsewhere(article.id, in_issue.keys(), title_elsewhere),
        ), False

    def _elsewhere(self, article_id: str, in_issue: Iterable[str],
                   title_of: Callable[[str], str | None]) -> list[tuple[str, str, list[str]]]:
        """Articles of other days closest to this one, among those with keywords."""
        skip = set(in_issue)
        others = {other: words for other, words in self.found.items() if other not in skip}
        if not others:
            return []
        others[article_id] = self.found[article_id]
        found = []
        for other, shared in related(article_id, others, RELATED_ELSEWHERE * 2):
            title = title_of(other)
            if title is not None:
                found.append((other, title, shared))
        return found[:RELATED_ELSEWHERE]

    def arrived(self, issues: list[Issue], found: Found, error: str | None) -> str | None:
        """A job's answer for ``issues``; returns the error to show if some are still missing."""
        self.found.update(found)
        incomplete = [i for i in issues if any(a.id not in self.found for a in i.articles)]
        self._failed.update(i.key for i in incomplete)
        return error if incomplete else None
