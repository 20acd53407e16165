"""The main screen: article list, reading pane and sidebar.

A view: what the reader does (read rules, positions, bookmarks, the active
search, keywords) is decided by ``reader.session.reading``, in plain Python. The
screen composes the widgets, routes keys and widget messages to the session,
always naming the article they are about, and shows what the session
answers. Background work is started here and runs in ``jobs``.
"""

from __future__ import annotations

import os
from functools import partial

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.events import DescendantFocus
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import OptionList, Static

from reader.core.i18n import _, count_of, ngettext
from reader.core.model import Article, Issue
from reader.core.notices import summarised
from reader.core.safe_text import clean_line
from reader.keywords.engine import Keywords
from reader.search.hits import NO_HITS, Hit, HitList
from reader.session.export import article_text
from reader.session.reading import Position, ReadingSession, Row
from reader.storage.store import Bookmark
from reader.text.grouping import issue_heading
from reader.tui import keymap
from reader.tui.keymap import bindings
from reader.tui.screens.jobs import (
    FilesArrived,
    FilesDone,
    FilesProgress,
    KeywordsDone,
    SearchDone,
    Warned,
    keyword_job,
    pending_files_job,
    search_job,
)
from reader.tui.widgets.article_list import ArticleList, ArticleOption
from reader.tui.widgets.article_view import ArticleView, ReadingPane
from reader.tui.widgets.key_bar import KeyBar
from reader.tui.widgets.keyword_panel import KeywordList, RelatedList
from reader.tui.widgets.search_panel import SearchPanel
from reader.tui.widgets.sidebar import Outline, Sidebar

WIDE = 100  # at or above: three panes
NARROW = 70  # below: one pane at a time
SAVE_DELAY = 0.4  # seconds of stillness before a reading position is written
STATUS_SECONDS = 3.0  # how long a passing status stays on the top line
INDEX_NOTICE_ABOVE = 200  # articles: above this, "indexing…" shows while the index is built


def pipe_text(app: App[object], command: str, text: str) -> str:
    """Run ``command`` through the shell with ``text`` on its stdin, the app
    suspended meanwhile (a pager gets the terminal); what to say after."""
    import subprocess

    from textual.app import SuspendNotSupported

    try:
        with app.suspend():
            done = subprocess.run(command, shell=True, input=text.encode("utf-8"), check=False)
    except SuspendNotSupported:
        return _("This terminal cannot hand itself to another program")
    except OSError as err:
        return _("Cannot run {command}: {error}").format(command=command, error=err.strerror or err)
    if done.returncode:
        return _("{command} ended with status {status}").format(command=command, status=done.returncode)
    return _("Piped to {command}").format(command=command)


class MainScreen(Screen[None]):
    """Three panes; the width decides how many show at once."""

    AUTO_FOCUS = ""  # on_mount focuses list or reader itself, with no detour via the list
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW, "-medium"), (WIDE, "-wide")]

    BINDINGS = bindings(keymap.MAIN)

    reading: var[bool] = var(False)  # in one-pane mode: showing the reader, not the list
    sidebar_wanted: var[bool] = var(False)  # the sidebar was toggled on below WIDE

    def __init__(
        self, session: ReadingSession, keywords: Keywords,
        *, confirm_mark_read: bool = True, width: int | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.confirm_mark_read = confirm_mark_read  # U asks before marking many articles read
        self._reading_files: tuple[int, int] | None = None  # (done, total) while pending files are read
        self.store = session.store
        self.keywords = keywords
        self._save_timer: Timer | None = None
        self._notice_shown = False
        self._focus_before_search: Widget | None = None
        self._status = ""  # a passing status, shown before the masthead (see ``say``)
        self._status_timer: Timer | None = None
        # Textual applies the breakpoints on the screen's first Resize, after its first
        # layout: given the terminal's ``width``, set them before the first styling, so
        # that layout is the right one and no second pass over every widget's styles is
        # needed (it cost ~30 ms at mount).
        if width is not None:
            self.update_classes(self.width_classes(width), update=False)

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

    def say(self, status: str, seconds: float = STATUS_SECONDS) -> None:
        """Show a passing status (hit k of n, read, bookmarked) at
        the start of the top line, where it never covers the text; toasts are
        kept for what needs attention."""
        self._status = status
        self._show_masthead()
        if self._status_timer is not None:
            self._status_timer.stop()
        self._status_timer = self.set_timer(seconds, self._clear_status)

    def _clear_status(self) -> None:
        self._status = ""
        self._show_masthead()

    def _show_masthead(self) -> None:
        line = Text(clean_line(self._masthead()))
        if self._status:
            line = Text.assemble((clean_line(self._status), "bold reverse"), "  ", line)
        self.query_one("#masthead", Static).update(line, layout=False)

    @property
    def status(self) -> str:
        """The passing status shown now, if any."""
        return self._status

    def _masthead(self) -> str:
        issues = self.session.issues
        articles = sum(i.article_count for i in issues)
        count = count_of("{count} article", "{count} articles", articles)
        if len(issues) == 1:
            issue = issues[0]
            text = f"洛阳日报 · {issue_heading(issue)} · {count}" + (f" · {issue.banner}" if issue.banner else "")
        else:
            text = "洛阳日报 · " + count_of("{count} issue", "{count} issues", len(issues))
            text += f" · {count}"
        if self._reading_files is not None:
            done, total = self._reading_files
            text += " · " + _("reading files {done}/{total}").format(done=done, total=total)
        return clean_line(text if self.store.saving else _("[not saving state] {text}").format(text=text))

    async def on_mount(self) -> None:
        self.session.library.listen(self._warned)
        article_list = self.query_one(ArticleList)
        article_list.border_title = "文章"
        article_list.show_issues(self.session.issues, self.session.states)
        self._show_store_notice()
        start = self.session.start()
        if start is not None:
            await self.open_article(*start, focus=False)
        if self.one_pane and self.reading:
            self.query_one(ArticleView).focus()
        else:
            article_list.focus()
        pending = self.session.library.pending_files
        if pending:
            self._reading_files = (0, pending)
            self._show_masthead()
            self.run_worker(partial(pending_files_job, self.session.library, self.post_message), thread=True,
                            group="pending-files", exit_on_error=False, description="pending files")

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
            await self._files_arrived()

    async def on_files_done(self, event: FilesDone) -> None:
        self._reading_files = None
        self._show_masthead()
        for warning in summarised(event.warnings):
            self.notify(clean_line(warning), severity="warning", timeout=8)
        if event.error:
            self.notify(clean_line(event.error), severity="error", timeout=10)

    async def _files_arrived(self) -> None:
        self._apply_filter()  # the list again, with the new issues' rows and counts
        if self.session.current is None:  # nothing was readable at the start
            start = self.session.start()
            if start is not None:
                await self.open_article(*start, focus=False)

    def on_unmount(self) -> None:
        self._save_position(show=False)

    # Layout -------------------------------------------------------------------

    @classmethod
    def width_classes(cls, width: int) -> dict[str, bool]:
        """The breakpoint classes for a terminal ``width`` cells wide."""
        chosen = max((b for b in cls.HORIZONTAL_BREAKPOINTS if b[0] <= width), default=(0, ""))
        return {name: name == chosen[1] for _, name in cls.HORIZONTAL_BREAKPOINTS}

    @property
    def one_pane(self) -> bool:
        return self.has_class("-narrow")

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

    def _keep_focus_shown(self) -> None:
        """When the pane with the focus was hidden (the sidebar took the list's
        place), the reader takes it: Textual would leave the focus nowhere."""
        focused = self.focused
        if focused is None or not focused.region.width:
            reader = self.query_one(ArticleView)
            (reader if reader.region.width else self.query_one(ArticleList)).focus()

    def action_toggle_sidebar(self) -> None:
        if self.has_class("-wide"):
            self.toggle_class("-no-sidebar")
        else:
            self.sidebar_wanted = not self.sidebar_wanted
            self.call_after_refresh(self._keep_focus_shown)

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
        saved = self.session.open_article(issue, article)
        reader = self.query_one(ArticleView)
        self.query_one(Sidebar).show_article(article)
        self.query_one(ArticleList).select_article(issue, article)
        if at is None and saved_position and saved is not None:
            at = (saved.block, saved.offset)
        await reader.show(issue, article, at)
        reader.set_highlights(self.session.cursor.spans_in(issue, article))
        self._show_keywords()
        self.reading = True if self.one_pane or focus else self.reading
        if focus:
            reader.focus()
            self.call_after_refresh(self._read_if_all_shown, article.id)

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
        """Open the previous/next article, across issues (folded or not): from
        the highlighted row when the list has the focus, else from the open one."""
        origin: Row | None = self.session.current
        article_list = self.query_one(ArticleList)
        if self.focused is article_list and isinstance(option := article_list.highlighted_option, ArticleOption):
            origin = (option.issue, option.article)
        await self._neighbour(delta, origin)

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
        reader = self.query_one(ArticleView)
        if event.down:
            reader.action_read_on()
        else:
            reader.action_page_up()

    @on(ArticleView.PastEnd)
    async def _read_on(self, event: ArticleView.PastEnd) -> None:
        """``space`` at the end of the open article opens the next one (the
        message is a turn late: only if that article is still the open one)."""
        current = self.session.current
        if current is not None and current[1].id == event.article_id:
            await self._neighbour(+1, current)

    # Read state, positions, bookmarks -------------------------------------------

    def _redraw(self, rows: list[Row]) -> None:
        """Redraw the list rows (and their issues' unread counts) that changed."""
        if rows:
            self.query_one(ArticleList).update_rows(rows, self.session.states)

    def _save_position(self, show: bool = True) -> None:
        """Write the reading position noted by the last scroll, if not yet written."""
        changed = self.session.save_position()
        if show:
            self._redraw(changed)
            self._show_store_notice()

    def _show_store_notice(self) -> None:
        if self.store.notice and not self._notice_shown:
            self._notice_shown = True
            self.notify(self.store.notice, severity="warning", timeout=12)
            self._show_masthead()

    def on_article_view_scrolled(self, event: ArticleView.Scrolled) -> None:
        reader = self.query_one(ArticleView)
        if not reader.showing(event.article_id):
            return  # the view shows another article by now
        block, offset, progress = reader.position()
        self._redraw(self.session.scrolled(event.article_id, Position(block, offset, progress), event.at_end))
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self._save_position)

    def _read_if_all_shown(self, article_id: str, tries: int = 5) -> None:
        """An article that fits in the view was read to its end once opened
        (asked again until its layout is done: the reader settles a turn later)."""
        reader = self.query_one(ArticleView)
        if not reader.showing(article_id):
            return
        if not reader.settled:
            if tries:
                self.call_after_refresh(self._read_if_all_shown, article_id, tries - 1)
            return
        if reader.max_scroll_y <= 0:
            self._redraw(self.session.shown_whole(article_id))

    def _target(self) -> Row | None:
        """The article an action means: the highlighted row in the list, else the open one."""
        article_list = self.query_one(ArticleList)
        option = article_list.highlighted_option
        if self.focused is article_list and isinstance(option, ArticleOption):
            return option.issue, option.article
        return self.session.current

    def action_toggle_read(self) -> None:
        target = self._target()
        if target is None:
            return
        article = target[1]
        read, changed = self.session.toggle_read(article.id)
        self._redraw(changed)
        self._show_store_notice()
        self.say((_("Read: {title}") if read else _("Unread: {title}")).format(title=article.display_title))

    def action_mark_issue_read(self) -> None:
        """Mark every article of the issue read; asked first when it would mark
        more than one unread article (``confirm_mark_read = false`` skips it)."""
        from reader.tui.screens.prompt import Confirm

        target = self._target()
        if target is None:
            return
        issue = target[0]
        unread = sum(not self.session.state(a.id).read for a in issue.articles)
        if unread == 0:
            self.say(_("Every article of {issue} is read already").format(issue=issue.name))
            return

        def mark(yes: bool | None) -> None:
            if not yes:
                return
            self._redraw(self.session.mark_read(issue.articles))
            self._show_store_notice()
            self.say(ngettext("Marked the {count} unread article of {issue} read",
                              "Marked the {count} unread articles of {issue} read",
                              unread).format(count=unread, issue=issue.name))

        if unread > 1 and self.confirm_mark_read:
            question = ngettext("Mark the {count} unread article of {issue} read?",
                                "Mark the {count} unread articles of {issue} read?", unread)
            self.app.push_screen(Confirm(question.format(count=unread, issue=issue.name)), mark)
        else:
            mark(True)

    def action_bookmark(self) -> None:
        from reader.tui.screens.bookmarks import BookmarkNoteScreen

        if self.session.current is None:
            return
        issue, article = self.session.current
        block, offset, progress = self.query_one(ArticleView).position()

        def save(note: str | None) -> None:
            if note is None:
                return
            self._redraw(self.session.add_bookmark(issue, article, Position(block, offset, progress), note))
            self._show_store_notice()
            self.say(_("Bookmarked: {note}").format(note=note) if note else _("Bookmarked"))

        self.app.push_screen(BookmarkNoteScreen(article.display_title), save)

    def action_fold_all(self) -> None:
        """Fold every issue and group of the list."""
        self.query_one(ArticleList).fold_all()
        self.say(_("Folded every issue"))

    def action_unfold_all(self) -> None:
        """Unfold every issue and group (in a big archive, the open groups' issues)."""
        if self.query_one(ArticleList).unfold_all():
            self.say(_("Unfolded every issue"))
        else:
            self.say(_("Unfolded the issues of the open groups (more than {count:,} articles)").format(
                count=ArticleList.UNFOLD_ALL_UP_TO))

    # Getting text out ------------------------------------------------------------

    def action_copy_article(self) -> None:
        """Copy the article as plain text to the terminal's clipboard (OSC 52:
        works over SSH, and in tmux with ``set-clipboard on``)."""
        if self.session.current is not None:
            article = self.session.current[1]
            self.app.copy_to_clipboard(article_text(article))
            self.say(_("Copied: {title} (to the terminal's clipboard)").format(title=article.display_title))

    def action_copy_title(self) -> None:
        """Copy the article's title and its issue's file."""
        if self.session.current is not None:
            issue, article = self.session.current
            self.app.copy_to_clipboard(clean_line(f"{article.display_title}\t{issue.source}"))
            self.say(_("Copied the title and source of: {title}").format(title=article.display_title))

    def action_pipe_article(self) -> None:
        """Ask for a command (default ``$PAGER``, else ``less``) and give it the article as plain text."""
        from reader.tui.screens.prompt import LinePrompt

        if self.session.current is None:
            return
        article = self.session.current[1]

        def run(command: str | None) -> None:
            if command:
                self.say(pipe_text(self.app, command, article_text(article)))

        default = clean_line(os.environ.get("PAGER") or "less")  # shown to be run: through the sanitiser
        self.app.push_screen(LinePrompt(_("Pipe the article to:"), _("a shell command; Enter runs it, Esc cancels"),
                                        default, max_length=1000), run)

    def action_bookmarks(self) -> None:
        from reader.tui.screens.bookmarks import BookmarksScreen

        async def jump(bookmark: Bookmark | None) -> None:
            self._redraw(self.session.bookmarks_changed())
            if bookmark is None:
                return
            found = self.session.bookmark_target(bookmark)
            if found is None:
                self.notify(_("That article is not in the open issues ({source})").format(source=bookmark.source),
                            severity="warning")
                return
            await self.open_article(*found, at=(bookmark.block, bookmark.offset))

        self.app.push_screen(BookmarksScreen(self.store), jump)

    # Search -------------------------------------------------------------------

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
            panel.show_status(f"indexing {len(library.issues)} issues…")
        self._search(panel.query_text, panel.everywhere)
        self.run_worker(library.warm_pinyin, thread=True, group="pinyin", exclusive=True,
                        exit_on_error=False, description="pinyin tables")

    def _search(self, query: str, everywhere: bool, word: str | None = None) -> None:
        """Ask a worker for the hits of ``query`` (``word``: a keyword being marked)."""
        issues, scope = self.session.search_scope(everywhere)
        ticket = self.session.cursor.ask()
        if not query.strip():
            self._set_hits(NO_HITS)
            self.query_one(SearchPanel).show_hits(NO_HITS, 0, scope, query)
            return
        job = partial(search_job, self.session.library, ticket, query, issues, scope, word, self.post_message)
        self.run_worker(job, thread=True, group="search", exclusive=True, exit_on_error=False,
                        description="search")

    def on_search_done(self, event: SearchDone) -> None:
        if not self.session.cursor.is_latest(event.ticket):
            return  # a newer keystroke asked since
        self._set_hits(event.hits, event.counts)
        articles = self.session.cursor.articles
        if event.error is not None:
            panel = self.query_one(SearchPanel)
            panel.show_hits(NO_HITS, 0, event.scope, "")
            panel.show_status(event.error)
        elif event.word is not None:
            self.say(_("「{word}」: {times} in {articles} · n/N walk · f filters the list").format(
                word=event.word, times=count_of("{count} time", "{count} times", len(event.hits)),
                articles=count_of("{count} article", "{count} articles", articles)),
                     seconds=5)
        else:
            self.query_one(SearchPanel).show_hits(event.hits, articles, event.scope, event.query)

    def _set_hits(self, hits: HitList, counts: dict[tuple[str, str], int] | None = None) -> None:
        """Make ``hits`` the active ones: highlighted, counted in the list, walked by n/N."""
        self._show_hits(self.session.set_hits(hits, counts))

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
        await self._go_to_hit(self.session.cursor.go(event.index))

    async def _go_to_hit(self, hit: Hit | None) -> None:
        if hit is None:
            return
        reader = self.query_one(ArticleView)
        if self.session.hit_needs_open(hit):
            await self.open_article(hit.issue, hit.article, saved_position=False)
        else:
            reader.set_highlights(self.session.cursor.spans_in(hit.issue, hit.article))
            self.reading = True if self.one_pane else self.reading
        self.call_after_refresh(reader.hit_in, hit.article.id, hit.field, hit.block, hit.offset)
        reader.focus()
        cursor = self.session.cursor
        self.say(_("hit {at} of {count}").format(at=(cursor.at or 0) + 1, count=len(cursor.hits)))

    async def action_next_hit(self) -> None:
        await self._step_hit(+1)

    async def action_previous_hit(self) -> None:
        await self._step_hit(-1)

    async def _step_hit(self, delta: int) -> None:
        hit = self.session.cursor.step(delta)
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

    def _apply_filter(self) -> None:
        self.query_one(ArticleList).show_issues(self.session.issues, self.session.states,
                                                only=self.session.cursor.only())

    # Keywords -----------------------------------------------------------------

    def _show_keywords(self) -> None:
        view, start = self.session.sidebar()
        if view is None:
            return
        self.query_one(Sidebar).show_keywords(view)
        if start:
            job = partial(keyword_job, self.keywords, self.session.keywords.queue, self.post_message)
            self.run_worker(job, thread=True, group="keywords", exit_on_error=False, description="keywords")

    def on_keywords_done(self, event: KeywordsDone) -> None:
        error = self.session.keywords_arrived(event.sources, event.found, event.error)
        if error:
            self.notify(_("keywords could not be computed: {error}").format(error=error), severity="warning", timeout=6)
        current = self.session.current
        if current is not None and current[0].source in event.sources:
            self._show_keywords()

    def on_keyword_list_scope_toggled(self) -> None:
        self.session.keywords.issue_scope = not self.session.keywords.issue_scope
        self._show_keywords()

    def action_mark_keyword(self) -> None:
        """Mark the keyword highlighted in the sidebar (from the command palette)."""
        option = self.query_one(KeywordList).highlighted_option
        if option is None or not (option.id or "").startswith("kw-"):
            self.say(_("No keyword to mark: the sidebar has none highlighted"))
            return
        word = (option.id or "").removeprefix("kw-")
        self._search(word, False, word=word)

    def on_keyword_list_chosen(self, event: KeywordList.Chosen) -> None:
        """Mark a keyword: highlight it, count it per article, let n/N walk it
        (in the search worker: the index may not be built yet)."""
        self._search(event.word, False, word=event.word)

    async def on_related_list_chosen(self, event: RelatedList.Chosen) -> None:
        found = self.session.find(event.article_id)
        if found is not None:
            await self.open_article(*found)
