"""The main screen's search: the panel, the hits, ``n``/``N``, the filter, and
marking a keyword (a search for it).

The session makes each request (with its scope and a ticket) and takes the
answer only if it is still the latest; the search itself runs in a worker.
A hit chosen in the panel comes with the message: that hit is opened, whatever
the session's hits are by then.
"""

from __future__ import annotations

from textual.widget import Widget

from reader.core.i18n import _, count_of
from reader.search.hits import NO_HITS, Hit
from reader.session.cursor import SearchRequest
from reader.session.library import Row
from reader.tui.screens.jobs import SearchDone, search_job
from reader.tui.screens.main_base import MainBase
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.keyword_panel import KeywordList
from reader.tui.widgets.search_panel import SearchPanel

INDEX_NOTICE_ABOVE = 200  # articles: above this, "indexing…" shows while the index is built


class SearchActions(MainBase):
    """Searching, and walking the hits."""

    _focus_before_search: Widget | None = None
    _pinyin_warming = False  # the pinyin tables are loading (or loaded): only once a session

    async def action_search(self) -> None:
        self._focus_before_search = self.focused
        self.set_class(True, "-searching")
        if self.one_pane:
            self.reading = False
        panel = self.query_one(SearchPanel)
        await panel.show_query()
        library = self.session.library
        articles = sum(i.article_count for i in library.issues)
        if not library.index_ready and articles > INDEX_NOTICE_ABOVE:
            panel.show_status(_("indexing {count} issues…").format(count=len(library.issues)))
        self._search(panel.query_text, panel.everywhere)

    def _search(self, query: str, everywhere: bool, word: str | None = None) -> None:
        """Ask a worker for the hits of ``query`` (``word``: a keyword being marked)."""
        request = self.session.search_request(query, everywhere, word)
        if not query.strip():
            self.workers.cancel_group(self, "search")  # the count of the query erased: no longer wanted
            self._show_hits(self.session.set_hits(NO_HITS))
            self.query_one(SearchPanel).show_hits(NO_HITS, 0, request.scope, query)
            return
        self.run_worker(lambda: search_job(self.session, request, self.post_message), thread=True, group="search",
                        exclusive=True, exit_on_error=False, description="search")

    def on_search_done(self, event: SearchDone) -> None:
        answer = event.answer
        changed = self.session.take_answer(answer)
        if changed is None:
            return  # a newer keystroke asked since
        self._show_hits(changed)
        request: SearchRequest = answer.request
        panel = self.query_one(SearchPanel)
        articles = self.session.cursor.articles
        if answer.error is not None:
            panel.show_hits(NO_HITS, 0, request.scope, "")
            panel.show_status(answer.error)
        elif request.word is not None and answer.first:
            pass  # the whole answer follows: it is counted then
        elif request.word is not None:
            self.say(_("「{word}」: {times} in {articles} · n/N walk · f filters the list").format(
                word=request.word, times=count_of("{count} time", "{count} times", len(answer.hits)),
                articles=count_of("{count} article", "{count} articles", articles)), seconds=5)
        else:
            panel.show_hits(answer.hits, articles, request.scope, request.query)
            self.call_after_refresh(self._warm_pinyin, request.query)

    def _warm_pinyin(self, query: str) -> None:
        """A letter typed, its hits shown: pinyin, maybe, next. Its tables (15
        MB) load now, in a thread: not at the first "/", nor while that
        letter's hits were searched and drawn (they would share the
        interpreter: traced in the pty at 40,000 issues, that key's hits
        came 120 ms after it, beside 10-30 ms for a key of hanzi)."""
        if self._pinyin_warming or not (query[:1].isascii() and query[:1].isalpha()):
            return
        self._pinyin_warming = True
        self.run_worker(self.session.library.warm_pinyin, thread=True, group="pinyin",
                        exit_on_error=False, description="pinyin tables")

    def _show_hits(self, changed: list[Row]) -> None:
        """Show the active hits: highlights in the open article, counts in the list, the filter."""
        current = self.session.current
        if current is not None:
            self.query_one(ArticleView).set_highlights(self.session.cursor.spans_in(*current))
        self._redraw(changed)
        if self.session.cursor.filtering:
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
        self._show_hits(self.session.set_hits(NO_HITS))
        self._close_search(restore_focus=True)

    async def on_search_panel_hit_chosen(self, event: SearchPanel.HitChosen) -> None:
        self._close_search(restore_focus=False)
        await self._go_to_hit(self.session.go_to_hit(event.hit))

    async def _go_to_hit(self, hit: Hit | None) -> None:
        if hit is None:
            return
        view = self.query_one(ArticleView)
        if self.session.hit_needs_open(hit):
            await self.open_article(hit.file, hit.article, saved_position=False, at=hit)
        else:
            view.set_highlights(self.session.cursor.spans_in(hit.file, hit.article))
            view.go_to(hit)
            self.reading = True if self.one_pane else self.reading
        view.focus()
        cursor = self.session.cursor
        if cursor.at is not None:
            self.say(_("hit {at} of {count}").format(at=cursor.at + 1, count=len(cursor.hits)))

    async def action_next_hit(self) -> None:
        await self._step_hit(+1)

    async def action_previous_hit(self) -> None:
        await self._step_hit(-1)

    async def _step_hit(self, delta: int) -> None:
        cursor = self.session.cursor
        if cursor.at_end(delta):  # stay, and say so, as articles, pages and lists do
            assert cursor.at is not None
            self.say((_("This is the last hit ({at} of {count})") if delta > 0 else
                      _("This is the first hit ({at} of {count})")).format(at=cursor.at + 1, count=len(cursor.hits)))
            return
        hit = cursor.step(delta)
        if hit is None:
            self.say(_("No search: press / to search"))
            return
        await self._go_to_hit(hit)

    def action_clear_marks(self) -> None:
        """Forget the active search or marked keyword: no highlights, counts or filter."""
        if not self.session.cursor.active:
            return
        self._show_hits(self.session.clear_search())
        self._apply_filter()

    def action_toggle_filter(self) -> None:
        if self.session.toggle_filter() is None:
            self.say(_("Nothing to filter by: mark a keyword (sidebar) or search (/) first"))
            return
        self._apply_filter()

    # Marking a keyword: a search for it -----------------------------------------------

    def action_mark_keyword(self) -> None:
        """Mark the keyword highlighted in the sidebar (from the command palette)."""
        word = self.query_one(KeywordList).highlighted_word
        if word is None:
            self.say(_("No keyword to mark: the sidebar has none highlighted"))
            return
        self._search(word, False, word=word)

    def on_keyword_list_chosen(self, event: KeywordList.Chosen) -> None:
        """Mark a keyword: highlight it, count it per article, let n/N walk it
        (in the search worker: the index may not be built yet)."""
        self._search(event.word, False, word=event.word)
