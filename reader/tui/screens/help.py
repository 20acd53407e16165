"""The help screen: every key, from the key map (``reader.tui.keymap``)."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.core.i18n import _
from reader.tui import keymap
from reader.tui.keymap import bindings


class HelpBody(VerticalScroll):
    """The list of keys, scrolled with the reader's keys."""

    BINDINGS = bindings(keymap.HELP_BODY)

    def action_half_page(self, direction: int) -> None:
        self.scroll_relative(y=direction * max(1, self.scrollable_content_region.height // 2), animate=False)


class HelpScreen(ModalScreen[None]):
    """Lists every key; any of Esc, q, ? closes it."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        #help-body {
            width: 72;
            max-width: 100%;
            height: auto;
            max-height: 90%;
            border: round $border;
            background: $surface;
            padding: 0 1;
        }
        #help-title { text-style: bold; color: $text-primary; margin: 0 0 1 0; }
        #help-footer { color: $text-muted; }
    }
    """

    BINDINGS = bindings(keymap.HELP)

    def on_mount(self) -> None:
        self.query_one(HelpBody).focus()

    def compose(self) -> ComposeResult:
        sections = keymap.sections()
        # One width for the keys of every section, so their explanations line up.
        width = max(cell_len(keys) for _title, rows in sections for keys, _what in rows)
        parts: list[RenderableType] = []
        for title, rows in sections:
            table = Table.grid(padding=(0, 2))
            table.add_column(style="bold", no_wrap=True, min_width=width)
            table.add_column()
            for keys, what in rows:
                table.add_row(keys, what)
            parts += [Text(title, style="bold underline"), table, Text("")]
        with HelpBody(id="help-body"):
            yield Static(_("luoyang-reader — keys"), id="help-title")
            yield Static(Group(*parts))
            yield Static(_("Esc, q or ? closes this help."), id="help-footer")
