"""The main screen: article list, reading pane and sidebar.

What the reader does with read state, positions and bookmarks is decided by
``reader.session`` (plain Python); the screen's parts, kept in their own
modules, route widget events to it and show its answers: reading state
(``reading_state``), search hits (``searching``) and keywords
(``keyword_sidebar``). They share the state declared in ``parts``.
"""

from __future__ import annotations

import threading

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import DescendantFocus, Resize
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, OptionList, Static

from reader.keywords import Keyword
from reader.model import Article, Issue
from reader.safe_text import clean_line
from reader.screens.keyword_sidebar import KeywordSidebar
from reader.screens.reading_state import ReadingState
from reader.screens.searching import Searching
from reader.search import NO_HITS, HitList, SearchIndex
from reader.session import ReadingSession, RowState
from reader.store import Store
from reader.widgets.article_list import ArticleList, ArticleOption
from reader.widgets.article_view import ArticleView
from reader.widgets.keyword_panel import KeywordList, RelatedList
from reader.widgets.search_panel import SearchPanel
from reader.widgets.sidebar import Outline

WIDE = 100  # at or above: three panes
NARROW = 70  # below: one pane at a time


class MainScreen(ReadingState, Searching, KeywordSidebar):
    """Three panes; widths decide how many show at once."""

    AUTO_FOCUS = ""  # on_mount focuses list or reader itself, with no detour via the list

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
        Binding("x", "clear_marks", "Clear marks", show=False),
        Binding("N", "previous_hit", "Previous hit", show=False),
        Binding("question_mark", "app.help", "Help"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, issues: list[Issue], store: Store) -> None:
        super().__init__()
        self.issues = issues
        self._issue_by_source = {issue.source: issue for issue in issues}
        self.store = store
        self.session = ReadingSession(issues, store)
        self._save_timer: Timer | None = None
        self._notice_shown = False
        self._index: SearchIndex | None = None
        self._index_lock = threading.Lock()
        self._search_ticket = 0
        self.hits: HitList = NO_HITS  # the active search's hits, for n/N and highlighting
        self.hit_at: int | None = None
        self._focus_before_search: Widget | None = None
        self.keywords: dict[str, list[Keyword]] = {}  # by article id, as they arrive
        self._keywords_asked: set[str] = set()  # issue sources being computed
        self._keywords_failed: set[str] = set()  # issue sources whose last job left some out
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
        return clean_line(text if self.store.saving else f"[not saving state] {text}")

    async def on_mount(self) -> None:
        article_list = self.query_one(ArticleList)
        article_list.border_title = "文章"
        self.query_one(Outline).border_title = "结构"
        article_list.show_issues(self.issues, self.states)
        self._layout_for(self.app.size.width)
        self._show_store_notice()
        start = self.session.start()
        if start is not None:
            await self.open_article(*start, focus=False)
        if self.one_pane and self.reading:
            self.query_one(ArticleView).focus()
        else:
            article_list.focus()

    def on_unmount(self) -> None:
        self._save_position(show=False)

    # Layout -------------------------------------------------------------------

    def _layout_for(self, width: int) -> None:
        self.set_class(width >= WIDE, "-wide")
        self.set_class(NARROW <= width < WIDE, "-medium")
        self.set_class(width < NARROW, "-narrow")

    def on_resize(self, event: Resize) -> None:
        self._layout_for(event.size.width)

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        """The one pane shown below NARROW is whichever of list and reader last
        had the focus. Kept here, as the focus lands, because a focus request is
        served a turn later and a resize may come in between."""
        if isinstance(event.widget, ArticleList):
            self.reading = False
        elif isinstance(event.widget, ArticleView):
            self.reading = True

    def watch_reading(self, reading: bool) -> None:
        self.set_class(reading, "-reading")

    def watch_sidebar_wanted(self, wanted: bool) -> None:
        self.set_class(wanted, "-sidebar")

    @property
    def states(self) -> dict[str, RowState]:
        """Each article's row state, by article id (the session's)."""
        return self.session.states

    def _find(self, article_id: str | None) -> tuple[Issue, Article] | None:
        return self.session.find(article_id)

    def _find_in(self, source: str, article_id: str) -> tuple[Issue, Article] | None:
        return self.session.find_in(source, article_id)

    @property
    def one_pane(self) -> bool:
        return self.has_class("-narrow")

    # Opening articles ---------------------------------------------------------

    async def open_article(
        self,
        issue: Issue,
        article: Article,
        *,
        focus: bool = True,
        at: tuple[int, int] | None = None,
        saved_position: bool = True,
    ) -> None:
        """Show ``article`` in the reader and the outline: at ``(block, offset)``,
        else where the reader left it (unless ``saved_position`` is false: at the top)."""
        self._save_position()
        saved = self.session.open(issue, article)
        self.current = (issue, article)
        reader = self.query_one(ArticleView)
        self.query_one(Outline).show(article)
        self.query_one(ArticleList).select_article(issue, article)
        if at is None and saved_position and saved is not None:
            at = (saved.block, saved.offset)
        await reader.show(issue, article, at)
        reader.set_highlights(self._spans_in(issue, article))
        self._refresh_sidebar()
        self.reading = True if self.one_pane or focus else self.reading
        if focus:
            reader.focus()
            self.call_after_refresh(self._read_if_all_shown, issue, article)

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
        target = self.session.neighbour(delta)
        if target is None:
            return
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
