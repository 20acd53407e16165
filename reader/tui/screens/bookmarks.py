"""Bookmark screens: a note for a new bookmark; the list of all bookmarks."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.core.i18n import _
from reader.core.safe_text import clean_line
from reader.storage.store import Bookmark
from reader.tui import keymap
from reader.tui.keymap import bindings
from reader.tui.screens.prompt import LinePrompt
from reader.tui.widgets.cjk_text import Typeset
from reader.tui.widgets.lists import VimList


class BookmarkNoteScreen(LinePrompt):
    """Asks for an optional short note; Enter saves (note may be empty), Esc cancels."""

    def __init__(self, title: str) -> None:
        super().__init__(_("Bookmark: {title}").format(title=title), _("note (optional) — Enter saves, Esc cancels"))
        self.article_title = title


def bookmark_prompt(bookmark: Bookmark) -> Table:
    grid = Table.grid(expand=True)
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row(Typeset(Text(clean_line(bookmark.title), style="bold"), at_spaces=True))
    grid.add_row(Text(clean_line(f"{bookmark.created_local} · {Path(bookmark.source).name} {bookmark.place}"), style="dim"))
    grid.add_row(Text(clean_line(bookmark.snippet), style="dim", no_wrap=True, overflow="ellipsis"))
    if bookmark.note:
        grid.add_row(Text(clean_line(f"✎ {bookmark.note}"), style="italic"))
    return grid


class Bookmarking(Protocol):
    """What the bookmarks list asks of the reading session."""

    @property
    def notice(self) -> str | None: ...

    def bookmarks(self) -> list[Bookmark]: ...

    def delete_bookmark(self, bookmark: Bookmark) -> bool: ...

    def restore_bookmark(self, bookmark: Bookmark) -> bool: ...

    def set_bookmark_note(self, bookmark: Bookmark, note: str) -> bool: ...


class BookmarksScreen(ModalScreen[Bookmark | None]):
    """All bookmarks, newest first: Enter jumps, e edits the note, d deletes
    (u puts the last deleted back), Esc closes."""

    DEFAULT_CSS = """
    BookmarksScreen {
        align: center middle;
        #bookmarks-box {
            width: 80;
            max-width: 100%;
            height: 80%;
            border: round $border;
            background: $surface;
        }
        #bookmarks-title { padding: 0 1; text-style: bold; color: $text-primary; }
        #bookmarks-status { padding: 0 1; color: $text-muted; height: 1; }
        #bookmarks { height: 1fr; border: none; }
    }
    """

    BINDINGS = bindings(keymap.BOOKMARKS)

    def __init__(self, session: Bookmarking) -> None:
        super().__init__()
        self.session = session
        self.bookmarks: list[Bookmark] = []  # read by ``_fill``, when the list is shown
        self.deleted: list[Bookmark] = []  # newest last: what u puts back

    def compose(self) -> ComposeResult:
        with Vertical(id="bookmarks-box"):
            yield Static(_("Bookmarks — Enter jumps · e note · d deletes · u undoes · Esc closes"),
                         id="bookmarks-title", markup=False)
            yield Static("", id="bookmarks-status", markup=False)
            yield VimList(id="bookmarks")

    def on_mount(self) -> None:
        self._fill()

    def _fill(self, keep: int | None = None) -> None:
        """List the bookmarks again; the highlight stays on bookmark ``keep``, else on its row."""
        self.bookmarks = self.session.bookmarks()
        options = self.query_one("#bookmarks", OptionList)
        highlighted = options.highlighted
        if self.bookmarks:
            options.set_options(Option(bookmark_prompt(b), id=str(b.id)) for b in self.bookmarks)
            ids = [b.id for b in self.bookmarks]
            row = ids.index(keep) if keep in ids else (highlighted or 0)
            options.highlighted = min(row, len(self.bookmarks) - 1)
        else:
            options.set_options([Option(Text(_("No bookmarks yet: press m while reading."), style="dim"), disabled=True)])
        options.focus()

    def _say(self, text: str) -> None:
        self.query_one("#bookmarks-status", Static).update(clean_line(text))

    def _selected(self) -> Bookmark | None:
        options = self.query_one("#bookmarks", OptionList)
        if options.highlighted is None or not self.bookmarks:
            return None
        return self.bookmarks[options.highlighted]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_select()

    def action_select(self) -> None:
        """Jump to the highlighted bookmark."""
        self.dismiss(self._selected())

    def action_delete(self) -> None:
        bookmark = self._selected()
        if bookmark is None:
            return
        if self.session.delete_bookmark(bookmark):
            self.deleted.append(bookmark)
            self._say(_("Deleted: {title} — u puts it back").format(title=bookmark.title))
        else:
            self._say(self.session.notice or "")
        self._fill()

    def action_undo_delete(self) -> None:
        if not self.deleted:
            self._say(_("Nothing to undo"))
            return
        bookmark = self.deleted.pop()
        if self.session.restore_bookmark(bookmark):
            self._say(_("Put back: {title}").format(title=bookmark.title))
        else:
            self.deleted.append(bookmark)
            self._say(self.session.notice or "")
        self._fill(keep=bookmark.id)

    def action_edit_note(self) -> None:
        bookmark = self._selected()
        if bookmark is None:
            return

        def save(note: str | None) -> None:
            if note is None:
                return
            if self.session.set_bookmark_note(bookmark, note):
                self._say(_("Note saved") if note else _("Note removed"))
            else:
                self._say(self.session.notice or "")
            self._fill(keep=bookmark.id)

        self.app.push_screen(LinePrompt(_("Note for: {title}").format(title=bookmark.title),
                                        _("Enter saves (empty removes the note), Esc cancels"),
                                        bookmark.note or ""), save)

    def action_close(self) -> None:
        self.dismiss(None)
