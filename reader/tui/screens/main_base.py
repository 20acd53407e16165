"""What every part of the main screen shares: the session, the top line and
its passing status, redrawing list rows, opening an article.

The main screen is a view (``screens.main``): the reading session decides
what the reader does (``reader.session``), in plain Python. Its handlers are
grouped by job in mixins over this base: reading state and bookmarks
(``main_reading``), search (``main_search``), the sidebar (``main_sidebar``)
and getting text out (``main_out``).
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from reader.core.i18n import _, count_of
from reader.core.model import Article, SourceFile, page_label
from reader.core.safe_text import clean_line
from reader.session.library import Row
from reader.session.reading import ReadingSession
from reader.text.grouping import issue_heading
from reader.tui.widgets.article_list import ArticleList, ArticleOption
from reader.tui.widgets.article_view import ArticleView, Scroll
from reader.tui.widgets.sidebar import Sidebar

WIDE = 100  # at or above: three panes
NARROW = 70  # below: one pane at a time
STATUS_SECONDS = 3.0  # how long a passing status stays on the top line


class MainBase(Screen[None]):
    """The state and the helpers the main screen's parts share."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW, "-medium"), (WIDE, "-wide")]

    reading: var[bool] = var(False)  # in one-pane mode: showing the reader, not the list
    sidebar_wanted: var[bool] = var(False)  # the sidebar was toggled on below WIDE

    def __init__(self, session: ReadingSession, *, confirm_mark_read: bool = True, width: int | None = None) -> None:
        super().__init__()
        self.session = session
        self.confirm_mark_read = confirm_mark_read  # U asks before marking many articles read
        self._reading_files: tuple[int, int] | None = None  # (done, total) while pending files are read
        self._listing: int | None = None  # files being listed after the first frame (a big archive)
        self._notice_shown = False
        self._masthead_day: tuple[str, tuple[str | None, str | None]] | None = None  # the issue and page the top line names
        self._status = ""  # a passing status, shown before the masthead (see ``say``)
        self._status_timer: Timer | None = None
        # Textual applies the breakpoints on the screen's first Resize, after its first
        # layout: given the terminal's ``width``, set them before the first styling, so
        # that layout is the right one and no second pass over every widget's styles is
        # needed (it cost ~30 ms at mount).
        if width is not None:
            self.update_classes(self.width_classes(width), update=False)

    # Layout -------------------------------------------------------------------

    @classmethod
    def width_classes(cls, width: int) -> dict[str, bool]:
        """The breakpoint classes for a terminal ``width`` cells wide."""
        chosen = max((b for b in cls.HORIZONTAL_BREAKPOINTS if b[0] <= width), default=(0, ""))
        return {name: name == chosen[1] for _, name in cls.HORIZONTAL_BREAKPOINTS}

    @property
    def one_pane(self) -> bool:
        return self.has_class("-narrow")

    # The top line and its passing status ---------------------------------------------

    def say(self, status: str, seconds: float = STATUS_SECONDS) -> None:
        """Show a passing status (hit k of n, read, bookmarked) at the start of
        the top line, where it never covers the text; toasts are kept for what
        needs attention."""
        self._status = status
        self._show_masthead()
        if self._status_timer is not None:
            self._status_timer.stop()
        self._status_timer = self.set_timer(seconds, self._clear_status)

    def _clear_status(self) -> None:
        self._status = ""
        self._show_masthead()

    @property
    def status(self) -> str:
        """The passing status shown now, if any."""
        return self._status

    def _show_masthead(self) -> None:
        line = Text(clean_line(self._masthead()))
        if self._status:
            line = Text.assemble((clean_line(self._status), "bold reverse"), "  ", line)
        self.query_one("#masthead", Static).update(line, layout=False)

    def _masthead(self) -> str:
        """The paper, the day being read, and what is open: ``洛阳日报 · 2025年1月2日
        周四 · 5 articles``; with several issues, how many, then the current day."""
        issues = self.session.issues
        articles = count_of("{count} article", "{count} articles", self.session.article_total())
        if len(issues) == 1:
            issue = issues[0]
            file = issue.files[0]
            banner = file.banner if len(issue.files) == 1 else None
            if banner and banner.startswith(file.name.rstrip("…")):
                banner = None  # the file is named by its banner already
            parts = [issue_heading(issue), articles, banner]
        else:
            named = {i.paper for i in issues} - {None}
            one = next(iter(named)) if len(named) == 1 else None
            papers = one or (count_of("{count} paper", "{count} papers", len(named)) if named else None)
            parts = [papers, count_of("{count} issue", "{count} issues", len(issues)), articles, self._where(one)]
        text = " · ".join(p for p in parts if p)
        if self._reading_files is not None:
            done, total = self._reading_files
            text += " · " + _("reading files {done}/{total}").format(done=done, total=total)
        if self._listing is not None:
            text += " · " + _("listing {count} more files…").format(count=self._listing)
        return clean_line(text if self.session.store.saving else _("[not saving state] {text}").format(text=text))

    def _where(self, paper: str | None) -> str | None:
        """The day being read (with its paper, unless it is ``paper``) and its page."""
        current, issue = self.session.current, self.session.issue
        if current is None or issue is None:
            return None
        day = issue_heading(issue, paper=issue.paper != paper)
        page = page_label(current[0], current[1].id) if len(issue.pages) > 1 else None
        return f"{day} · {page}" if page else day

    def _show_store_notice(self) -> None:
        """Why reading state is not being saved, once a session."""
        notice = self.session.notice
        if notice and not self._notice_shown:
            self._notice_shown = True
            self.notify(notice, severity="warning", timeout=12)
            self._show_masthead()

    # The list and the reader ---------------------------------------------------------

    def _redraw(self, rows: list[Row]) -> None:
        """Redraw the list rows (and their issues' unread counts) that changed."""
        if rows:
            self.query_one(ArticleList).update_rows(rows, self.session.state)

    def _apply_filter(self) -> None:
        self.query_one(ArticleList).show_files(self.session.files, self.session.state,
                                                only=self.session.cursor.only())

    def _save_position(self, show: bool = True) -> None:
        """Write the reading position noted by the last scroll, if not yet written."""
        changed = self.session.save_position()
        if show:
            self._redraw(changed)
            self._show_store_notice()

    def _target(self) -> Row | None:
        """The article an action means: the highlighted row in the list, else the open one."""
        article_list = self.query_one(ArticleList)
        option = article_list.highlighted_option
        if self.focused is article_list and isinstance(option, ArticleOption):
            return option.file, option.article
        return self.session.current

    async def open_article(self, file: SourceFile, article: Article, *, focus: bool = True,
                           at: Scroll | None = None, saved_position: bool = True) -> None:
        """Show ``article`` in the reader and the outline: scrolled to ``at`` (a
        position or a hit), else where the reader left it (unless
        ``saved_position`` is false: at the top)."""
        self._save_position()
        saved = self.session.open_article(file, article, to_read=focus)
        view = self.query_one(ArticleView)
        self.query_one(Sidebar).show_article(article)
        self.query_one(ArticleList).select_article(file, article)
        where = (self.session.issue_of(file).key, file.page_of(article.id))
        if where != self._masthead_day:  # another day or page: the top line names it
            self._masthead_day = where
            self._show_masthead()
        if at is None and saved_position and saved is not None:
            at = (saved.block, saved.offset)
        await view.show(file, article, at)
        view.set_highlights(self.session.cursor.spans_in(file, article))
        self._show_keywords()
        self.reading = True if self.one_pane or focus else self.reading
        if focus:
            view.focus()

    def _show_keywords(self) -> None:
        """What the sidebar shows of the open article's keywords (``main_sidebar``)."""
        raise NotImplementedError
