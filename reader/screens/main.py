"""The main screen: article list, reading pane and sidebar. It owns the reading state."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, OptionList, Static

from reader.keywords import Keyword, issue_terms, related
from reader.model import Article, Issue
from reader.search import NO_HITS, HitList, SearchIndex
from reader.store import Bookmark, Store
from reader.widgets.article_list import ArticleList, ArticleOption, RowState
from reader.widgets.article_view import ArticleView
from reader.widgets.keyword_panel import KeywordList, RelatedList
from reader.widgets.search_panel import SearchPanel
from reader.widgets.sidebar import Outline

WIDE = 100  # at or above: three panes
NARROW = 70  # below: one pane at a time
INDEX_IN_THREAD_ABOVE = 200  # articles
SAVE_DELAY = 0.4  # seconds of stillness before a reading position is written


class MainScreen(Screen[None]):
    """Three panes; widths decide how many show at once."""

    BINDINGS = [
        Binding("left_square_bracket", "previous_article", "Prev"),
        Binding("right_square_bracket", "next_article", "Next"),
        Binding("u", "toggle_read", "Mark read"),
        Binding("U", "mark_issue_read", "Mark issue read", show=False),
        Binding("m", "bookmark", "Bookmark"),
        Binding("M", "bookmarks", "Bookmarks", show=False),
        Binding("s", "toggle_sidebar", "Sidebar", show=False),
        Binding("slash", "search", "Search"),
        Binding("n", "next_hit", "Next hit", show=False),
        Binding("f", "toggle_filter", "Filter list", show=False),
        Binding("N", "previous_hit", "Previous hit", show=False),
        Binding("question_mark", "app.help", "Help"),
        Binding("q", "app.quit", "Quit"),
    ]

    current: var[tuple[Issue, Article] | None] = var(None)
    reading: var[bool] = var(False)  # in one-pane mode: showing the reader, not the list
    sidebar_wanted: var[bool] = var(False)  # the sidebar was toggled on below WIDE

    def __init__(self, issues: list[Issue], store: Store) -> None:
        super().__init__()
        self.issues = issues
        self.store = store
        self.states: dict[str, RowState] = {}
        self._save_timer: Timer | None = None
        self._pending: tuple[Issue, Article, tuple[int, int, float]] | None = None
        self._notice_shown = False
        self._index: SearchIndex | None = None
        self.hits: HitList = NO_HITS  # the active search's hits, for n/N and highlighting
        self.hit_at: int | None = None
        self._focus_before_search = None
        self.keywords: dict[str, list[Keyword]] = {}  # by article id, as they arrive
        self._keywords_asked: set[str] = set()  # issue sources being computed
        self.issue_keywords = False  # the sidebar shows the issue's terms, not the article's
        self.filtering = False  # the list shows only articles with hits
        self._hit_counts: dict[tuple[str, str], int] = {}  # hits per (issue source, article id)

    def compose(self) -> ComposeResult:
        yield Static(self._masthead(), id="masthead", markup=False)
        with Horizontal(id="panes"):
            yield ArticleList(id="articles")
            yield SearchPanel(id="search")
            yield ArticleView(id="reader")
            with Vertical(id="sidebar"):
                yield KeywordList(id="keywords")
                yield RelatedList(id="related")
                yield Outline(id="outline")
        yield Footer()

    def _masthead(self) -> str:
        articles = sum(len(i.articles) for i in self.issues)
        if len(self.issues) == 1:
            issue = self.issues[0]
            text = f"洛阳日报 · {issue.name} · {articles} 篇" + (f" · {issue.banner}" if issue.banner else "")
        else:
            text = f"洛阳日报 · {len(self.issues)} 期 · {articles} 篇"
        return text if self.store.saving else f"[not saving state] {text}"

    async def on_mount(self) -> None:
        article_list = self.query_one(ArticleList)
        article_list.border_title = "文章"
        self.query_one(Outline).border_title = "结构"
        self._load_states()
        article_list.show_issues(self.issues, self.states)
        self._layout_for(self.app.size.width)
        self._show_store_notice()
        start = self._find(self.store.last_article()) or next(
            ((i, a) for i in self.issues for a in i.articles), None
        )
        if start is not None:
            await self.open_article(*start, focus=False)
        if self.one_pane and self.reading:
            self.query_one(ArticleView).focus()
        else:
            article_list.focus()

    def on_unmount(self) -> None:
        self._save_position(show=False)

    # State ----------------------------------------------------------------------

    def _load_states(self) -> None:
        saved = self.store.article_states()
        marks: dict[str, int] = {}
        for bookmark in self.store.bookmarks():
            marks[bookmark.article_id] = marks.get(bookmark.article_id, 0) + 1
        self.states = {
            article.id: RowState(
                read=saved[article.id].read if article.id in saved else False,
                bookmarks=marks.get(article.id, 0),
                progress=saved[article.id].progress if article.id in saved else 0.0,
            )
            for issue in self.issues
            for article in issue.articles
        }

    def _set_state(self, issue: Issue, article: Article, **changes: object) -> None:
        old = self.states.get(article.id, RowState())
        new = RowState(**{**old.__dict__, **changes})  # type: ignore[arg-type]
        if new != old:
            self.states[article.id] = new
            self.query_one(ArticleList).update_row(issue, article, new)
            self._refresh_issue_header(issue)

    def _refresh_issue_header(self, issue: Issue) -> None:
        if len(self.issues) > 1:
            self.query_one(ArticleList).update_issue_header(issue, self.states)

    def _find_in(self, source: str, article_id: str) -> tuple[Issue, Article] | None:
        for issue in self.issues:
            if issue.source == source:
                article = issue.article(article_id)
                return (issue, article) if article is not None else None
        return None

    def _find(self, article_id: str | None) -> tuple[Issue, Article] | None:
        for issue in self.issues:
            for article in issue.articles:
                if article.id == article_id:
                    return issue, article
        return None

    def _save_position(self, show: bool = True) -> None:
        """Write the reading position noted by the last scroll, if not yet written."""
        if self._pending is None:
            return
        issue, article, (block, offset, progress) = self._pending
        self._pending = None
        self.store.set_position(
            article.id, block, offset, progress, title=article.display_title, source=issue.source
        )
        if show:
            self._set_state(issue, article, progress=progress)
            self._show_store_notice()

    def _show_store_notice(self) -> None:
        if self.store.notice and not self._notice_shown:
            self._notice_shown = True
            self.notify(self.store.notice, severity="warning", timeout=12)
            self.query_one("#masthead", Static).update(self._masthead())

    @on(ArticleView.Scrolled)
    def _scrolled(self, event: ArticleView.Scrolled) -> None:
        if self.current is None:
            return
        issue, article = self.current
        self._pending = (issue, article, self.query_one(ArticleView).position())
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self._save_position)
        if event.at_end:
            if not self.states.get(article.id, RowState()).read:
                self.store.set_read(article.id, True)
                self._set_state(issue, article, read=True)

    # Layout -------------------------------------------------------------------

    def _layout_for(self, width: int) -> None:
        if width < NARROW and not self.one_pane:
            # Entering one-pane mode: show the pane that has the focus.
            self.reading = not isinstance(self.focused, ArticleList)
        self.set_class(width >= WIDE, "-wide")
        self.set_class(NARROW <= width < WIDE, "-medium")
        self.set_class(width < NARROW, "-narrow")

    def on_resize(self, event: Resize) -> None:
        self._layout_for(event.size.width)

    def watch_reading(self, reading: bool) -> None:
        self.set_class(reading, "-reading")

    def watch_sidebar_wanted(self, wanted: bool) -> None:
        self.set_class(wanted, "-sidebar")

    @property
    def one_pane(self) -> bool:
        return self.has_class("-narrow")

    # Opening articles ---------------------------------------------------------

    async def open_article(
        self, issue: Issue, article: Article, *, focus: bool = True, at: tuple[int, int] | None = None
    ) -> None:
        """Show ``article`` in the reader and the outline, where the reader left it
        (or at ``(block, offset)``)."""
        self._save_position()
        self.current = (issue, article)
        reader = self.query_one(ArticleView)
        self.query_one(Outline).show(article)
        self.query_one(ArticleList).select_article(issue, article)
        self.store.set_last_article(article.id)
        if at is None:
            saved = self.store.article_states().get(article.id)
            at = (saved.block, saved.offset) if saved and (saved.block or saved.offset) else None
        await reader.show(issue, article, at)
        reader.set_highlights(self._spans_in(issue, article))
        self._refresh_sidebar()
        self.reading = True if self.one_pane or focus else self.reading
        if focus:
            reader.focus()

    @on(OptionList.OptionSelected, "#articles")
    async def _article_chosen(self, event: OptionList.OptionSelected) -> None:
        option = event.option
        if isinstance(option, ArticleOption):
            await self.open_article(option.issue, option.article)

    @on(OptionList.OptionSelected, "#outline")
    def _outline_chosen(self, event: OptionList.OptionSelected) -> None:
        block = Outline.block_of(event.option)
        if block is not None:
            reader = self.query_one(ArticleView)
            reader.scroll_to_block(block)
            if self.one_pane:
                self.reading = True
            reader.focus()

    @on(ArticleView.Back)
    def _back_to_list(self) -> None:
        self.reading = False
        self.query_one(ArticleList).focus()

    async def _step(self, delta: int) -> None:
        """Open the previous/next article, across issues (folded or not)."""
        order = [(i, a) for i in self.issues for a in i.articles]
        if not order:
            return
        if self.current is None:
            target = order[0]
        else:
            issue, article = self.current
            at = next(n for n, (i, a) in enumerate(order) if i is issue and a is article)
            target = order[max(0, min(len(order) - 1, at + delta))]
        focused_reader = isinstance(self.focused, ArticleView) or self.one_pane
        await self.open_article(*target, focus=focused_reader)

    async def action_previous_article(self) -> None:
        await self._step(-1)

    async def action_next_article(self) -> None:
        await self._step(+1)

    def action_toggle_sidebar(self) -> None:
        if self.has_class("-wide"):
            self.toggle_class("-no-sidebar")
        else:
            self.sidebar_wanted = not self.sidebar_wanted

    @on(ArticleList.PageReader)
    def _page_reader(self, event: ArticleList.PageReader) -> None:
        reader = self.query_one(ArticleView)
        if event.down:
            reader.action_page_down()
        else:
            reader.action_page_up()

    # Read state and bookmarks -------------------------------------------------

    def _target(self) -> tuple[Issue, Article] | None:
        """The article an action means: the highlighted row in the list, else the open one."""
        article_list = self.query_one(ArticleList)
        option = article_list.highlighted_option
        if self.focused is article_list and isinstance(option, ArticleOption):
            return option.issue, option.article
        return self.current

    def action_toggle_read(self) -> None:
        target = self._target()
        if target is None:
            return
        issue, article = target
        read = not self.states.get(article.id, RowState()).read
        self.store.set_read(article.id, read)
        self._set_state(issue, article, read=read)
        self._show_store_notice()
        self.notify(f"{'Read' if read else 'Unread'}: {article.display_title}", timeout=2)

    def action_mark_issue_read(self) -> None:
        target = self._target()
        if target is None:
            return
        issue = target[0]
        self.store.set_many_read([a.id for a in issue.articles], True)
        for article in issue.articles:
            self._set_state(issue, article, read=True)
        self._show_store_notice()
        self.notify(f"Marked all {len(issue.articles)} articles of {issue.name} read", timeout=3)

    def action_bookmark(self) -> None:
        from reader.screens.bookmarks import BookmarkNoteScreen

        if self.current is None:
            return
        issue, article = self.current
        block, offset, _ = self.query_one(ArticleView).position()

        def save(note: str | None) -> None:
            if note is None:
                return
            text = article.blocks[block].text if block < len(article.blocks) else ""
            snippet = text[offset : offset + 40]
            self.store.add_bookmark(
                article.id, article.display_title, issue.source, block, offset, snippet, note or None
            )
            self._set_state(issue, article, bookmarks=self.states.get(article.id, RowState()).bookmarks + 1)
            self._show_store_notice()
            self.notify("Bookmarked" + (f": {note}" if note else ""), timeout=3)

        self.app.push_screen(BookmarkNoteScreen(article.display_title), save)

    def action_bookmarks(self) -> None:
        from reader.screens.bookmarks import BookmarksScreen

        async def jump(bookmark: Bookmark | None) -> None:
            self._load_states()
            for issue in self.issues:
                for article in issue.articles:
                    self.query_one(ArticleList).update_row(issue, article, self.states[article.id])
            if bookmark is None:
                return
            found = self._find(bookmark.article_id)
            if found is None:
                self.notify(f"That article is not in the open issues ({bookmark.source})", severity="warning")
                return
            await self.open_article(*found, at=(bookmark.block, bookmark.offset))

        self.app.push_screen(BookmarksScreen(self.store), jump)

    # Search ---------------------------------------------------------------------

    @property
    def _big(self) -> bool:
        """Enough articles that indexing them is worth a thread (a few hundred ms)."""
        return sum(len(i.articles) for i in self.issues) > INDEX_IN_THREAD_ABOVE

    @property
    def index(self) -> SearchIndex:
        """The search index over the open issues (built on first use)."""
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
            self._build_index()  # a big archive: index in a thread, then search
            return
        self._search(panel.query_text, panel.everywhere)
        self.run_worker(self.index.pinyin, thread=True, group="pinyin", exclusive=True)

    @work(thread=True, group="index", exclusive=True)
    def _build_index(self) -> None:
        index = SearchIndex(self.issues)
        index.pinyin()
        self.app.call_from_thread(self._index_ready, index)

    def _index_ready(self, index: SearchIndex) -> None:
        self._index = index
        panel = self.query_one(SearchPanel)
        if self.has_class("-searching"):
            self._search(panel.query_text, panel.everywhere)

    def _scope(self, everywhere: bool) -> tuple[list[int] | None, str]:
        if everywhere or len(self.issues) == 1:
            return None, "all open issues" if len(self.issues) > 1 else "this issue"
        current = self.current[0] if self.current else self.issues[0]
        return [self.issues.index(current)], "this issue"

    def _search(self, query: str, everywhere: bool) -> None:
        if self._index is None and self._big:
            return  # still indexing: _index_ready searches for what was typed
        issues, scope = self._scope(everywhere)
        self._set_hits(self.index.search(query, issues=issues) if query.strip() else NO_HITS)
        self.query_one(SearchPanel).show_hits(self.hits, len(self._hit_counts), scope)

    def _set_hits(self, hits: HitList) -> None:
        """Make ``hits`` the active ones: highlighted, counted in the list, walked by n/N."""
        self.hits, self.hit_at = hits, None
        if self.current is not None:
            self.query_one(ArticleView).set_highlights(self._spans_in(*self.current))
        old, self._hit_counts = self._hit_counts, hits.per_article()
        for source, article_id in old.keys() | self._hit_counts.keys():
            found = self._find_in(source, article_id)
            if found is not None:
                self._set_state(*found, matches=self._hit_counts.get((source, article_id), 0))
        if self.filtering:
            self._apply_filter()

    @on(SearchPanel.QueryChanged)
    def _query_changed(self, event: SearchPanel.QueryChanged) -> None:
        self._search(event.query, event.everywhere)

    def _close_search(self, *, restore_focus: bool) -> None:
        self.set_class(False, "-searching")
        if restore_focus:
            target = self._focus_before_search
            if target is not None and target.is_attached and target.display:
                target.focus()
            else:
                self.query_one(ArticleList).focus()
            if self.one_pane:
                self.reading = isinstance(self.focused, ArticleView)

    @on(SearchPanel.Closed)
    def _search_closed(self) -> None:
        """Esc: close the search, forget its hits, go back to where the focus was."""
        self._set_hits(NO_HITS)
        self._close_search(restore_focus=True)

    @on(SearchPanel.HitChosen)
    async def _hit_chosen(self, event: SearchPanel.HitChosen) -> None:
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
        block = hit.block if hit.field == "block" and hit.block is not None else 0
        if self.current is None or self.current[1] is not hit.article:
            await self.open_article(hit.issue, hit.article, at=(block, hit.offset))
        else:
            reader.set_highlights(self._spans_in(hit.issue, hit.article))
            self.reading = True if self.one_pane else self.reading
        if hit.field == "block":
            self.call_after_refresh(reader.restore, block, hit.offset, 1)  # a line of context
        else:
            self.call_after_refresh(reader.scroll_home, animate=False)
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

    # Keywords -------------------------------------------------------------------

    def _refresh_sidebar(self) -> None:
        if self.current is None:
            return
        issue, article = self.current
        keyword_list = self.query_one(KeywordList)
        if article.id not in self.keywords:
            keyword_list.show_computing()
            self.query_one(RelatedList).show([])
            self._ask_keywords(issue)
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

    @work(thread=True, group="keywords")
    def _compute_keywords(self, issue: Issue) -> None:
        """Keywords for an issue: the cache answers at once; jieba only for the rest."""
        keywords = getattr(self.app, "keywords", None)
        if keywords is None:
            return
        found = keywords.cached(issue.articles)
        if len(found) < len(issue.articles):
            found = keywords.compute_apart(issue.articles)
        self.app.call_from_thread(self._keywords_ready, found)

    def _keywords_ready(self, found: dict[str, list[Keyword]]) -> None:
        self.keywords.update(found)
        self._refresh_sidebar()

    @on(KeywordList.ScopeToggled)
    def _keyword_scope(self) -> None:
        self.issue_keywords = not self.issue_keywords
        self._refresh_sidebar()

    @on(KeywordList.Chosen)
    def _keyword_chosen(self, event: KeywordList.Chosen) -> None:
        """Mark a keyword: highlight it, count it per article, let n/N walk it."""
        issue = self.current[0] if self.current else self.issues[0]
        hits = self.index.search(event.word, issues=[self.issues.index(issue)])
        self._set_hits(hits)
        articles = len(self._hit_counts)
        self.notify(f"「{event.word}」: {len(hits)} times in {articles} articles · n/N walk · f filters the list", timeout=4)

    @on(RelatedList.Chosen)
    async def _related_chosen(self, event: RelatedList.Chosen) -> None:
        found = self._find(event.article_id)
        if found is not None:
            await self.open_article(*found)

    def action_toggle_filter(self) -> None:
        if not self.hits and not self.filtering:
            self.notify("Nothing to filter by: mark a keyword (sidebar) or search (/) first", timeout=3)
            return
        self.filtering = not self.filtering
        self._apply_filter()

    def _apply_filter(self) -> None:
        only = {article_id for _, article_id in self._hit_counts} if self.filtering else None
        self.query_one(ArticleList).show_issues(self.issues, self.states, only=only)
