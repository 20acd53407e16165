"""The main screen's keyword sidebar: keywords from a worker, related articles.

A mixin of ``MainScreen``. Keywords come from the cache at once, or from a
child process (see ``reader.keywords``) in a thread: the UI never waits.
"""

from __future__ import annotations

from textual import work
from textual.message import Message

from reader.keywords import Keyword, issue_terms, related
from reader.model import Issue
from reader.screens.parts import MainScreenParts
from reader.widgets.keyword_panel import KeywordList, RelatedList


class KeywordsDone(Message):
    """A keyword job's answer for the issue ``source`` (``error``: why some are missing)."""

    def __init__(self, source: str, found: dict[str, list[Keyword]], error: str | None) -> None:
        super().__init__()
        self.source = source
        self.found = found
        self.error = error


class KeywordSidebar(MainScreenParts):
    """The keyword sidebar of ``MainScreen``."""

    def _refresh_sidebar(self) -> None:
        if self.current is None:
            return
        issue, article = self.current
        keyword_list = self.query_one(KeywordList)
        if article.id not in self.keywords:
            if issue.source in self._keywords_failed:
                keyword_list.show_unavailable()
                self._keywords_failed.discard(issue.source)  # the next open asks again
            else:
                keyword_list.show_computing()
                self._ask_keywords(issue)
            self.query_one(RelatedList).show([])
            return
        in_issue = {a.id: self.keywords.get(a.id, []) for a in issue.articles}
        if self.issue_keywords:
            keyword_list.show_issue(issue_terms(in_issue), len(issue.articles))
        else:
            keyword_list.show_article(self.keywords[article.id])
        titles = {a.id: a.display_title for a in issue.articles}
        self.query_one(RelatedList).show(
            [(other, titles[other], shared) for other, shared in related(article.id, in_issue)]
        )

    def _ask_keywords(self, issue: Issue) -> None:
        if issue.source not in self._keywords_asked:
            self._keywords_asked.add(issue.source)
            self._compute_keywords(issue)

    # description: not repr(issue), which is huge; a failure is reported, never fatal.
    @work(thread=True, group="keywords", description="keywords", exit_on_error=False)
    def _compute_keywords(self, issue: Issue) -> None:
        """Keywords for an issue: the cache answers at once; jieba only for the rest."""
        keywords = getattr(self.app, "keywords", None)
        if keywords is None:
            return
        try:
            found = keywords.cached(issue.articles)
            if len(found) < len(issue.articles):
                found = keywords.compute_apart(issue.articles)
        except Exception as err:  # noqa: BLE001 - whatever jieba or the disk did, the reader goes on
            self.post_message(KeywordsDone(issue.source, {}, str(err)))
            return
        # A message, not call_from_thread: a worker never blocks on a UI that may be closing.
        self.post_message(KeywordsDone(issue.source, found, None))

    def on_keywords_done(self, event: KeywordsDone) -> None:
        self.keywords.update(event.found)
        self._keywords_asked.discard(event.source)
        issue = self._issue_by_source.get(event.source)
        if issue is not None and any(a.id not in self.keywords for a in issue.articles):
            self._keywords_failed.add(event.source)  # shown as unavailable, asked again on the next open
            if event.error:
                self.notify(f"keywords could not be computed: {event.error}", severity="warning", timeout=6)
        self._refresh_sidebar()

    def on_keyword_list_scope_toggled(self) -> None:
        self.issue_keywords = not self.issue_keywords
        self._refresh_sidebar()

    def on_keyword_list_chosen(self, event: KeywordList.Chosen) -> None:
        """Mark a keyword: highlight it, count it per article, let n/N walk it."""
        # In the search worker: the index may not be built yet, and never on the UI thread.
        self._search(event.word, False, word=event.word)

    async def on_related_list_chosen(self, event: RelatedList.Chosen) -> None:
        found = self._find(event.article_id)
        if found is not None:
            await self.open_article(*found)
