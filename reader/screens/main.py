"""The main screen: article list, reading pane and sidebar. It owns the session state."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.events import Resize
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static

from reader.model import Article, Issue
from reader.widgets.article_list import ArticleList, ArticleOption, RowState
from reader.widgets.article_view import ArticleView
from reader.widgets.sidebar import Outline

WIDE = 100  # at or above: three panes
NARROW = 70  # below: one pane at a time


class MainScreen(Screen[None]):
    """Three panes; widths decide how many show at once."""

    BINDINGS = [
        Binding("left_square_bracket", "previous_article", "Prev"),
        Binding("right_square_bracket", "next_article", "Next"),
        Binding("s", "toggle_sidebar", "Sidebar"),
        Binding("question_mark", "app.help", "Help"),
        Binding("q", "app.quit", "Quit"),
    ]

    current: var[tuple[Issue, Article] | None] = var(None)
    reading: var[bool] = var(False)  # in one-pane mode: showing the reader, not the list
    sidebar_wanted: var[bool] = var(False)  # the sidebar was toggled on below WIDE

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__()
        self.issues = issues
        self.states: dict[str, RowState] = {}

    def compose(self) -> ComposeResult:
        yield Static(self._masthead(), id="masthead", markup=False)
        with Horizontal(id="panes"):
            yield ArticleList(id="articles")
            yield ArticleView(id="reader")
            yield Outline(id="outline")
        yield Footer()

    def _masthead(self) -> str:
        articles = sum(len(i.articles) for i in self.issues)
        if len(self.issues) == 1:
            issue = self.issues[0]
            return f"洛阳日报 · {issue.name} · {articles} 篇" + (f" · {issue.banner}" if issue.banner else "")
        return f"洛阳日报 · {len(self.issues)} 期 · {articles} 篇"

    def on_mount(self) -> None:
        article_list = self.query_one(ArticleList)
        article_list.border_title = "文章"
        self.query_one(Outline).border_title = "结构"
        article_list.show_issues(self.issues, self.states)
        self._layout_for(self.app.size.width)
        first = next(iter(article_list.article_options), None)
        if first is not None:
            self.open_article(first.issue, first.article, focus=False)
        if self.one_pane and self.reading:
            self.query_one(ArticleView).focus()
        else:
            article_list.focus()

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

    def open_article(self, issue: Issue, article: Article, *, focus: bool = True) -> None:
        """Show ``article`` in the reader and the outline."""
        self.current = (issue, article)
        self.query_one(ArticleView).show(issue, article)
        self.query_one(Outline).show(article)
        self.query_one(ArticleList).select_article(issue, article)
        self.reading = True if self.one_pane or focus else self.reading
        if focus:
            self.query_one(ArticleView).focus()

    @on(OptionList.OptionSelected, "#articles")
    def _article_chosen(self, event: OptionList.OptionSelected) -> None:
        option = event.option
        if isinstance(option, ArticleOption):
            self.open_article(option.issue, option.article)

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

    def _step(self, delta: int) -> None:
        options = self.query_one(ArticleList).article_options
        if not options:
            return
        if self.current is None:
            target = options[0]
        else:
            issue, article = self.current
            keys = [(o.issue.source, o.article.id) for o in options]
            at = keys.index((issue.source, article.id))
            target = options[max(0, min(len(options) - 1, at + delta))]
        focused_reader = isinstance(self.focused, ArticleView) or self.one_pane
        self.open_article(target.issue, target.article, focus=focused_reader)

    def action_previous_article(self) -> None:
        self._step(-1)

    def action_next_article(self) -> None:
        self._step(+1)

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
