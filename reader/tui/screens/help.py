"""The help screen: every key binding, generated from the bindings themselves."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static

from reader.core.i18n import _
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.keyword_panel import KeywordList, RelatedList
from reader.tui.widgets.lists import VimList
from reader.tui.widgets.search_panel import SearchInput, SearchPanel
from reader.tui.widgets.sidebar import Outline

KEY_NAMES = {
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "question_mark": "?",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "escape": "Esc",
    "enter": "Enter",
    "space": "Space",
    "down": "↓",
    "up": "↑",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
    "ctrl+p": "Ctrl+P",
    "home": "Home",
    "end": "End",
    "left": "←",
    "right": "→",
    "ctrl+home": "Ctrl+Home",
    "ctrl+t": "Ctrl+T",
    "slash": "/",
    "greater_than_sign": ">",
    "less_than_sign": "<",
    "right_curly_bracket": "}",
    "left_curly_bracket": "{",
    "right_parenthesis": ")",
    "left_parenthesis": "(",
    "full_stop": ".",
    "comma": ",",
    "vertical_line": "|",
    "delete": "Del",
    "ctrl+end": "Ctrl+End",
    "ctrl+pageup": "Ctrl+PgUp",
    "ctrl+pagedown": "Ctrl+PgDn",
    **{f"ctrl+{c}": f"Ctrl+{c.upper()}" for c in "bdefuyz"},
}

# What Textual's own bindings (inherited by the lists and the reader) say, in
# the catalogue too: ``binding_rows`` translates every description it shows.
TEXTUAL_DESCRIPTIONS = (_("Page Down"), _("Page Up"), _("Scroll Left"), _("Scroll Right"), _("Page Left"),
                        _("Page Right"))

GENERAL = [
    ("tab", _("next pane")),
    ("shift+tab", _("previous pane")),
    ("ctrl+p", _("command palette (every action, themes)")),
]


def key_label(keys: str) -> str:
    return " ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(","))


def binding_rows(*groups: list[BindingType]) -> list[tuple[str, str]]:
    """One row per action: all its keys, and what it does (first description wins)."""
    keys: dict[str, list[str]] = {}
    described: dict[str, str] = {}
    bound: set[str] = set()  # a key bound nearer the widget hides the same key further up
    for bindings in groups:
        for binding in bindings:
            if not isinstance(binding, Binding):
                continue
            fresh = [k.strip() for k in binding.key.split(",") if k.strip() not in bound]
            if not fresh:
                continue
            bound.update(fresh)
            for key in fresh:
                label = key_label(key)
                if label not in keys.setdefault(binding.action, []):
                    keys[binding.action].append(label)
            if binding.description and binding.action not in described:
                described[binding.action] = _(binding.description)  # Textual's own are English
    return [(" ".join(k), described.get(a, a.replace("_", " "))) for a, k in keys.items()]


def inherited(cls: type, stop: type | None = None) -> list[list[BindingType]]:
    """A widget class's bindings and its ancestors' (up to ``stop``), its own first."""
    groups: list[list[BindingType]] = []
    for ancestor in cls.__mro__:
        groups.append(list(ancestor.__dict__.get("BINDINGS", [])))
        if ancestor is stop:
            break
    return groups


def sections() -> list[tuple[str, list[tuple[str, str]]]]:
    """(title, [(keys, what)]) for every part of the app."""
    from reader.tui.screens.bookmarks import BookmarksScreen
    from reader.tui.screens.main import MainScreen

    return [
        (_("Anywhere"), binding_rows(MainScreen.BINDINGS) + [(key_label(k), d) for k, d in GENERAL]),
        (_("Article list"), binding_rows(*inherited(ArticleList, OptionList))),
        (_("Reader"), binding_rows(*inherited(ArticleView))),
        (_("Keywords (sidebar)"), binding_rows(*inherited(KeywordList, VimList))),
        (_("Related articles (sidebar)"), binding_rows(*inherited(RelatedList, VimList))),
        (_("Outline (sidebar)"), binding_rows(*inherited(Outline, VimList))),
        (_("Search panel"), binding_rows(SearchPanel.BINDINGS, SearchInput.BINDINGS)),
        (_("Bookmarks (M)"), [(key_label("enter"), _("jump to the bookmark"))] + binding_rows(BookmarksScreen.BINDINGS)),
    ]


class HelpBody(VerticalScroll):
    """The list of keys, scrolled with the reader's keys."""

    BINDINGS = [
        Binding("j,ctrl+e", "scroll_down", _("Down"), show=False),
        Binding("k,ctrl+y", "scroll_up", _("Up"), show=False),
        Binding("space,ctrl+f", "page_down", _("Page ↓"), show=False),
        Binding("b,ctrl+b", "page_up", _("Page ↑"), show=False),
        Binding("ctrl+d", "half_page(1)", _("Half page ↓"), show=False),
        Binding("ctrl+u", "half_page(-1)", _("Half page ↑"), show=False),
        Binding("g", "scroll_home", _("Top"), show=False),
        Binding("G", "scroll_end", _("Bottom"), show=False),
    ]

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

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", _("Close"))]

    def on_mount(self) -> None:
        self.query_one(HelpBody).focus()

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for title, rows in sections():
            table.add_row(Text(title, style="bold underline"), "")
            for keys, what in rows:
                table.add_row(keys, what)
            table.add_row("", "")
        with HelpBody(id="help-body"):
            yield Static(_("luoyang-reader — keys"), id="help-title")
            yield Static(table)
            yield Static(_("Esc, q or ? closes this help."), id="help-footer")
