"""The main screen: article list, reading pane and sidebar.

A view: what the reader does (read rules, positions, bookmarks, the active
search, keywords) is decided by ``reader.session``, in plain Python. The
screen composes the widgets, routes keys and widget messages to the session,
always naming the article they are about, and shows what the session
answers. Its handlers are grouped by job (``main_base`` and the mixins it
names); this module holds the layout, the focus, and moving between articles.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.events import DescendantFocus
from textual.widgets import OptionList, Static

from reader.core.i18n import _
from reader.core.notices import summarised
from reader.core.safe_text import clean_line
from reader.session.library import Row
from reader.tui import keymap, startup_gc
from reader.tui.keymap import bindings
from reader.tui.screens.jobs import (
    FilesArrived,
    FilesDone,
    FilesProgress,
    Warned,
    pending_files_job,
)
from reader.tui.screens.main_out import TextOutActions
from reader.tui.screens.main_reading import ReadingActions
from reader.tui.screens.main_search import SearchActions
from reader.tui.screens.main_sidebar import SidebarActions
from reader.tui.widgets.article_list import ArticleList, ArticleOption
from reader.tui.widgets.article_view import ArticleView, ReadingPane
from reader.tui.widgets.key_bar import KeyBar
from reader.tui.widgets.lists import VimList
from reader.tui.widgets.search_panel import SearchPanel
from reader.tui.widgets.sidebar import Sidebar

FIRST_FRAME_AT_LATEST_S = 3.0
LIST_AFTER_S = 2 / 60  # two frames at the screen's 60 a second: the masthead saying the rest is being listed is drawn


class MainScreen(ReadingActions, SearchActions, SidebarActions, TextOutActions):
    """Three panes; the width decides how many show at once."""

    AUTO_FOCUS = ""  # on_mount focuses list or reader itself, with no detour via the list
    BINDINGS = bindings(keymap.MAIN)

    def compose(self) -> ComposeResult:
        yield Static(self._masthead(), id="masthead", markup=False)
        with Horizontal(id="panes"):
            yield ArticleList(id="articles")
            yield SearchPanel(id="search")
            with ReadingPane(id="reading-pane"):
                yield ArticleView(id="reader")
            yield Sidebar(id="sidebar")
        with Horizontal(id="footer-bar"):
            yield KeyBar(id="keys")
            # The palette, help and quit never scroll off the footer, however narrow the terminal.
            yield Static(self._always_keys(), id="always-keys")

    @staticmethod
    def _always_keys() -> Text:
        """The keys the footer keeps at its right end: the palette, help, quit."""
        line = Text("▏")
        for key in (k for group in (keymap.APP, keymap.MAIN) for k in group if k.action in keymap.ALWAYS):
            line.append(keymap.footer_label(key.keys), style="bold")
            line.append(f" {key.description}  ")
        line.rstrip()
        line.append(" ")
        return line

    async def on_mount(self) -> None:
        self.session.library.listen(self._warned)
        article_list = self.query_one(ArticleList)
        start = self.session.start()
        if start is not None:  # its file open from the first fill: the list is built once, not twice
            article_list.expanded.add(start[0].source)
        article_list.show_files(self.session.files, self.session.state, grouped=self.session.library.first_groups())
        self._show_store_notice()
        if start is not None:
            await self.open_article(*start, focus=False)
        if self.one_pane and self.reading:
            self.query_one(ArticleView).focus()
        else:
            article_list.focus()
        # Told by the app once the first frame is drawn (its Ready event); should that never come, then.
        self.set_timer(FIRST_FRAME_AT_LATEST_S, self.first_frame_drawn)
        pending = self.session.library.pending_files
        if pending:
            self._reading_files = (0, pending)
            self._show_masthead()
            self.run_worker(lambda: pending_files_job(self.session.library, self.post_message), thread=True,
                            group="pending-files", exit_on_error=False, description="pending files")

    def first_frame_drawn(self) -> None:
        """The app's first frame is on the terminal: a big archive's other
        issues are listed now (its first was enough to draw the frame), then
        the collector runs again. A second call does nothing."""
        unlisted = self.session.library.unlisted
        if self._listing is not None:
            return  # being listed
        if not unlisted:
            startup_gc.resume()
            return
        self._listing = unlisted
        self._show_masthead()  # on the screen before the wait
        # Not call_after_refresh: the screen runs its callbacks when it is idle with nothing dirty, and the
        # masthead tells the screen it is dirty from its own message queue, which may come later; the listing
        # then held the loop until the masthead had changed again, and that frame was never drawn (a CI run
        # saw it). Two frames later the widget has been marked and the screen's update timer has ticked.
        self.set_timer(LIST_AFTER_S, self._list_the_rest)

    def _list_the_rest(self) -> None:
        self._listing = None
        try:
            listed = self.session.library.complete()
        except Exception as err:  # noqa: BLE001 - the archive changed under the reader (its folder gone): what is listed stays
            self.notify(clean_line(str(err)), severity="error", timeout=10)
            listed = False
        if listed:
            current = self.session.current
            self.query_one(ArticleList).show_files(self.session.files, self.session.state, self.session.cursor.only(),
                                                   reveal=None if current is None else current[0])
            self._show_masthead()
        self.call_after_refresh(startup_gc.resume)  # once the list is drawn

    def on_unmount(self) -> None:
        self._save_position(show=False)

    # What happens meanwhile ----------------------------------------------------------

    def _warned(self, text: str) -> None:
        """Said from any thread: comes back to this one as a message."""
        self.post_message(Warned(text))

    def on_warned(self, event: Warned) -> None:
        self.notify(event.text, severity="warning", timeout=8)

    def on_files_progress(self, event: FilesProgress) -> None:
        """Files of the archive read meanwhile: count them."""
        self._reading_files = (event.done, event.total)
        self._show_masthead()

    async def on_files_arrived(self, event: FilesArrived) -> None:
        """A batch of them is read: list the new ones."""
        if self.session.library.take(event.arrival):
            self._apply_filter()  # the list again, with the new issues' rows and counts
            if self.session.current is None:  # nothing was readable at the start
                start = self.session.start()
                if start is not None:
                    await self.open_article(*start, focus=False)

    def on_files_done(self, event: FilesDone) -> None:
        self._reading_files = None
        self._show_masthead()
        for warning in summarised(event.warnings):
            self.notify(clean_line(warning), severity="warning", timeout=8)
        if event.error:
            self.notify(clean_line(event.error), severity="error", timeout=10)

    # Layout and focus ------------------------------------------------------------------

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

    @on(ArticleView.Back)
    def _back_to_list(self) -> None:
        self.reading = False
        self.query_one(ArticleList).focus()

    # Moving between articles -------------------------------------------------------------

    @on(OptionList.OptionSelected, "#articles")
    async def _article_chosen(self, event: OptionList.OptionSelected) -> None:
        option = event.option
        if isinstance(option, ArticleOption):
            await self.open_article(option.file, option.article)

    async def _step(self, delta: int) -> None:
        """Open the previous/next article, across issues (folded or not): from
        the highlighted row when the list has the focus, else from the open one."""
        origin: Row | None = self.session.current
        article_list = self.query_one(ArticleList)
        if self.focused is article_list and isinstance(option := article_list.highlighted_option, ArticleOption):
            origin = (option.file, option.article)
        await self._neighbour(delta, origin)

    def on_vim_list_at_end(self, event: VimList.AtEnd) -> None:
        """j/k past a list's end: it stays; say so."""
        self.say(_("This is the end of the list") if event.last else _("This is the start of the list"))

    async def _neighbour(self, delta: int, origin: Row | None) -> None:
        """Open the article ``delta`` away from ``origin`` (at the first or last: stay, and say so)."""
        target = self.session.neighbour(delta, origin)
        if target is not None and origin is not None and target[0] is origin[0] and target[1] is origin[1]:
            target = None
        await self._go(target, _("This is the last article") if delta > 0 else _("This is the first article"))

    async def _go(self, target: Row | None, none_left: str) -> None:
        if target is None:
            self.say(none_left)
            return
        focused_reader = isinstance(self.focused, ArticleView) or self.one_pane
        await self.open_article(*target, focus=focused_reader)

    async def action_next_unread(self) -> None:
        await self._go(self.session.next_unread(+1), _("No unread article after this one"))

    async def action_previous_unread(self) -> None:
        await self._go(self.session.next_unread(-1), _("No unread article before this one"))

    async def action_next_issue(self) -> None:
        await self._go(self.session.neighbour_issue(+1), _("This is the last issue"))

    async def action_previous_issue(self) -> None:
        await self._go(self.session.neighbour_issue(-1), _("This is the first issue"))

    async def action_next_page(self) -> None:
        await self._go(self.session.neighbour_issue(+1, by="page"), _("This is the last page"))

    async def action_previous_page(self) -> None:
        await self._go(self.session.neighbour_issue(-1, by="page"), _("This is the first page"))

    async def action_follow_jump(self) -> None:
        await self._go(self.session.continuation(), _("This article is not continued on another page"))

    async def action_next_date(self) -> None:
        await self._go(self.session.neighbour_issue(+1, by="date"), _("This is the last date"))

    async def action_previous_date(self) -> None:
        await self._go(self.session.neighbour_issue(-1, by="date"), _("This is the first date"))

    async def action_previous_article(self) -> None:
        await self._step(-1)

    async def action_next_article(self) -> None:
        await self._step(+1)

    @on(ArticleList.PageReader)
    def _page_reader(self, event: ArticleList.PageReader) -> None:
        view = self.query_one(ArticleView)
        if event.down:
            view.action_read_on()
        else:
            view.action_page_up()

    @on(ArticleView.PastEnd)
    async def _read_on(self, event: ArticleView.PastEnd) -> None:
        """``space`` at the end of the open article opens the next one (the
        message is a turn late: only if that article is still the open one)."""
        current = self.session.current
        if current is not None and current[1].id == event.article_id:
            await self._neighbour(+1, current)
