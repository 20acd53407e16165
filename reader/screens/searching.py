"""The main screen's search: the search panel, hits, highlights and n/N.

A part of ``MainScreen``. Marked keywords (see ``keyword_sidebar``) use the
same hits, so highlighting, counts in the list, the filter and n/N work alike.

Searching runs in a worker thread, never on the UI thread: each request gets
a ticket, a newer keystroke supersedes an older one, and a result whose
ticket is not the latest is dropped when it arrives. The index over the open
issues is built once, by the first search that needs it, in that worker.
"""

from __future__ import annotations

from textual import work
from textual.message import Message

from reader.model import Article, Issue
from reader.screens.parts import MainScreenParts
from reader.search import NO_HITS, HitList, SearchIndex
from reader.widgets.article_list import ArticleList
from reader.widgets.article_view import ArticleView
from reader.widgets.search_panel import SearchPanel

INDEX_IN_THREAD_ABOVE = 200  # articles: above this, "indexing…" shows while the index is built


class SearchDone(Message):
    """A search worker's answer: the hits for request ``ticket``."""

    def __init__(self, ticket: int, query: str, scope: str, hits: HitList,
                 counts: dict[tuple[str, str], int], word: str | None) -> None:
        super().__init__()
        self.ticket = ticket
        self.query = query
        self.scope = scope
        self.hits = hits
        self.counts = counts
        self.word = word  # a marked keyword, not a typed search


class Searching(MainScreenParts):
    """Search and the active hits of ``MainScreen``."""

    @property
    def _big(self) -> bool:
        """Enough articles that indexing them is worth a thread (a few hundred ms)."""
        return sum(len(i.articles) for i in self.issues) > INDEX_IN_THREAD_ABOVE

    @property
    def index(self) -> SearchIndex:
        """The search index over the open issues (built on first use, once)."""
        with self._index_lock:
            if self._index is None:
                self._index = SearchIndex(self.issues)
            return self._index

    def action_search(self) -> None:
        self._focus_before_search = self.focused
        self.set_class(True, "-searching")
        if self.one_pane:
            self.reading = False
        panel = self.query_one(SearchPanel)
        panel.open()
        if self._index is None and self._big:
            panel.show_status(f"indexing {len(self.issues)} issues…")
        self._search(panel.query_text, panel.everywhere)
        self._warm_pinyin()

    @work(thread=True, group="pinyin", exclusive=True, exit_on_error=False, description="pinyin tables")
    def _warm_pinyin(self) -> None:
        self.index.pinyin()  # the index first (once, under its lock), then its pinyin tables

    def _scope(self, everywhere: bool) -> tuple[list[int] | None, str]:
        if everywhere or len(self.issues) == 1:
            return None, "all open issues" if len(self.issues) > 1 else "this issue"
        current = self.current[0] if self.current else self.issues[0]
        return [self.issues.index(current)], "this issue"

    def _search(self, query: str, everywhere: bool, word: str | None = None) -> None:
        """Ask a worker for the hits of ``query`` (``word``: a keyword being marked)."""
        issues, scope = self._scope(everywhere)
        self._search_ticket += 1
        if not query.strip():
            self._set_hits(NO_HITS)
            self.query_one(SearchPanel).show_hits(self.hits, 0, scope, query)
            return
        self._search_apart(self._search_ticket, query, issues, scope, word)

    @work(thread=True, group="search", exclusive=True, exit_on_error=False, description="search")
    def _search_apart(self, ticket: int, query: str, issues: list[int] | None, scope: str, word: str | None) -> None:
        hits = self.index.search(query, issues=issues)
        self.post_message(SearchDone(ticket, query, scope, hits, hits.per_article(), word))

    def on_search_done(self, event: SearchDone) -> None:
        if event.ticket != self._search_ticket:
            return  # a newer keystroke asked since
        self._set_hits(event.hits, event.counts)
        if event.word is not None:
            articles = len(self._hit_counts)
            self.notify(f"「{event.word}」: {len(event.hits)} times in {articles} articles · n/N walk · f filters the list",
                        timeout=4)
        else:
            self.query_one(SearchPanel).show_hits(self.hits, len(self._hit_counts), event.scope, event.query)

    def _set_hits(self, hits: HitList, counts: dict[tuple[str, str], int] | None = None) -> None:
        """Make ``hits`` the active ones: highlighted, counted in the list, walked by n/N."""
        self.hits, self.hit_at = hits, None
        if self.current is not None:
            self.query_one(ArticleView).set_highlights(self._spans_in(*self.current))
        old, self._hit_counts = self._hit_counts, (hits.per_article() if counts is None else counts)
        with self.app.batch_update():  # one repaint for all the rows whose counts changed
            self._redraw(self.session.set_matches(self._hit_counts, old))
        if self.filtering:
            self._apply_filter()

    def on_search_panel_query_changed(self, event: SearchPanel.QueryChanged) -> None:
        self._search(event.query, event.everywhere)

    def _close_search(self, *, restore_focus: bool) -> None:
        self.set_class(False, "-searching")
        if restore_focus:
            target = self._focus_before_search
            if target is not None and target.is_attached and target.display:
                target.focus()
            else:
                self.query_one(ArticleList).focus()

    def on_search_panel_closed(self) -> None:
        """Esc: close the search, forget its hits, go back to where the focus was."""
        self._set_hits(NO_HITS)
        self._close_search(restore_focus=True)

    async def on_search_panel_hit_chosen(self, event: SearchPanel.HitChosen) -> None:
        self._close_search(restore_focus=False)
        await self._go_to_hit(event.index)

    def _spans_in(self, issue: Issue, article: Article) -> dict[tuple[str, int | None], list[tuple[int, int]]]:
        spans: dict[tuple[str, int | None], list[tuple[int, int]]] = {}
        for hit in self.hits.in_article(issue, article):
            key = ("block", hit.block) if hit.field == "block" else (hit.field, None)
            spans.setdefault(key, []).append((hit.offset, hit.offset + hit.length))
        return spans

    async def _go_to_hit(self, number: int) -> None:
        if not self.hits:
            return
        self.hit_at = number % len(self.hits)
        hit = self.hits[self.hit_at]
        reader = self.query_one(ArticleView)
        if self.current is None or self.current[1] is not hit.article:
            await self.open_article(hit.issue, hit.article, saved_position=False)
        else:
            reader.set_highlights(self._spans_in(hit.issue, hit.article))
            self.reading = True if self.one_pane else self.reading
        self.call_after_refresh(reader.hit_in, hit.article.id, hit.field, hit.block, hit.offset)
        reader.focus()
        self.notify(f"hit {self.hit_at + 1} of {len(self.hits)}", timeout=1.5)

    async def action_next_hit(self) -> None:
        await self._step_hit(+1)

    async def action_previous_hit(self) -> None:
        await self._step_hit(-1)

    async def _step_hit(self, delta: int) -> None:
        if not self.hits:
            self.notify("No search: press / to search", timeout=2)
            return
        if self.hit_at is None:
            self.hit_at = -1 if delta > 0 else 0
        await self._go_to_hit(self.hit_at + delta)

    def action_clear_marks(self) -> None:
        """Forget the active search or marked keyword: no highlights, counts or filter."""
        if not self.hits and not self.filtering:
            return
        self.filtering = False
        self._set_hits(NO_HITS)
        self._apply_filter()

    def action_toggle_filter(self) -> None:
        if not self.hits and not self.filtering:
            self.notify("Nothing to filter by: mark a keyword (sidebar) or search (/) first", timeout=3)
            return
        self.filtering = not self.filtering
        self._apply_filter()

    def _apply_filter(self) -> None:
        only = {article_id for _, article_id in self._hit_counts} if self.filtering else None
        self.query_one(ArticleList).show_issues(self.issues, self.states, only=only)
