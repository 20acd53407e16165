"""The key map: every key the reader answers, in one place.

Plain data (no Textual here), so that one source feeds everything that
names a key: each widget's and screen's ``BINDINGS`` (``bindings``), the
footer, the command palette (``palette``), the help screen and the man page's
KEYS section (``sections``). A key written anywhere else would drift.

Keys are Textual's key names (``right_square_bracket``, ``ctrl+d``), several
separated by commas; ``label`` shows them as a person types them (``]``,
``Ctrl+D``). Descriptions are in the UI's language: this module is imported
after the entry point has chosen it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.i18n import _

if TYPE_CHECKING:
    from textual.binding import BindingType


@dataclass(frozen=True)
class Key:
    """One action and the keys that do it."""

    keys: str  # Textual key names, comma-separated; none: the command palette's only
    action: str
    description: str  # short: the footer's, and the help's where there is no ``explain``
    show: bool = False  # in the footer
    palette: str | None = None  # its name in the command palette, where it is there
    explain: str | None = None  # what it does, in a sentence: the palette's and the help's
    priority: bool = False


LABELS = {
    "left_square_bracket": "[", "right_square_bracket": "]", "question_mark": "?", "pagedown": "PgDn",
    "pageup": "PgUp", "escape": "Esc", "enter": "Enter", "space": "Space", "down": "↓", "up": "↑", "left": "←",
    "right": "→", "tab": "Tab", "shift+tab": "Shift+Tab", "home": "Home", "end": "End", "slash": "/",
    "greater_than_sign": ">", "less_than_sign": "<", "right_curly_bracket": "}", "left_curly_bracket": "{",
    "right_parenthesis": ")", "left_parenthesis": "(", "full_stop": ".", "comma": ",", "vertical_line": "|",
    "delete": "Del", "ctrl+pageup": "Ctrl+PgUp", "ctrl+pagedown": "Ctrl+PgDn",
}


def label(keys: str) -> str:
    """Keys as a person types them: ``j,ctrl+e`` → ``j Ctrl+E``."""
    shown = []
    for key in (k.strip() for k in keys.split(",")):
        if key in LABELS:
            shown.append(LABELS[key])
        elif key.startswith("ctrl+") and len(key) == 6:
            shown.append(f"Ctrl+{key[-1].upper()}")
        else:
            shown.append(key)
    return " ".join(shown)


def footer_label(keys: str) -> str:
    """The first key as the footer shows it (``^p``, ``?``, ``q``)."""
    first = keys.split(",")[0].strip()
    return f"^{first[5:]}" if first.startswith("ctrl+") and len(first) == 6 else LABELS.get(first, first)


# The application, and Textual's own keys the reader keeps.
APP = (
    Key("ctrl+c", "quit", _("Quit"), priority=True),
    Key("ctrl+p", "command_palette", _("palette"), priority=True,
        explain=_("command palette (every action, themes)")),
    Key("tab", "focus_next", _("next pane")),
    Key("shift+tab", "focus_previous", _("previous pane")),
)

# The main screen: anywhere in it.
MAIN = (
    Key("left_square_bracket", "previous_article", _("Prev"), show=True, palette=_("Previous article"),
        explain=_("Open the previous article")),
    Key("right_square_bracket", "next_article", _("Next"), show=True, palette=_("Next article"),
        explain=_("Open the next article")),
    Key("greater_than_sign", "next_unread", _("Next unread"), palette=_("Next unread"),
        explain=_("Open the next unread article")),
    Key("less_than_sign", "previous_unread", _("Previous unread"), palette=_("Previous unread"),
        explain=_("Open the previous unread article")),
    Key("right_curly_bracket", "next_issue", _("Next issue"), palette=_("Next issue"),
        explain=_("Open the first article of the next issue: the paper's next day")),
    Key("left_curly_bracket", "previous_issue", _("Previous issue"), palette=_("Previous issue"),
        explain=_("Open the first article of the previous issue: the paper's day before")),
    Key("right_parenthesis", "next_page", _("Next page (版)"), palette=_("Next page"),
        explain=_("Open the first article of the next page, 版")),
    Key("left_parenthesis", "previous_page", _("Previous page (版)"), palette=_("Previous page"),
        explain=_("Open the first article of the previous page, 版")),
    Key("c", "follow_jump", _("Continued"), palette=_("Continued on page"),
        explain=_("Open where the article goes on (下转第N版), or where it began (上接第N版)")),
    Key("full_stop", "next_date", _("Next date"), palette=_("Next date"),
        explain=_("Open the first article of the next date, of any paper")),
    Key("comma", "previous_date", _("Previous date"), palette=_("Previous date"),
        explain=_("Open the first article of the previous date, of any paper")),
    Key("u", "toggle_read", _("Mark read"), show=True, palette=_("Toggle read"),
        explain=_("Mark the article read or unread")),
    Key("U", "mark_issue_read", _("Mark issue read"), palette=_("Mark issue read"),
        explain=_("Mark every article of the issue read: the whole day, every page")),
    Key("m", "bookmark", _("Bookmark"), show=True, palette=_("Bookmark here"),
        explain=_("Bookmark the reading position")),
    Key("M", "bookmarks", _("Bookmarks"), palette=_("Bookmarks"), explain=_("List, open and delete bookmarks")),
    Key("s", "toggle_sidebar", _("Sidebar"), palette=_("Toggle sidebar"),
        explain=_("Show or hide the sidebar: keywords, related articles, outline")),
    Key("slash", "search", _("Search"), show=True, palette=_("Search"),
        explain=_("Search this issue or all open issues")),
    Key("n", "next_hit", _("Next hit"), palette=_("Next hit"),
        explain=_("Go to the next search hit or marked keyword (at the last: stays, and says so)")),
    Key("N", "previous_hit", _("Previous hit"), palette=_("Previous hit"),
        explain=_("Go to the previous search hit or marked keyword (at the first: stays, and says so)")),
    Key("f", "toggle_filter", _("Filter list"), palette=_("Filter list"),
        explain=_("Show only articles with hits, or all again")),
    Key("x", "clear_marks", _("Clear marks"), palette=_("Clear marks"),
        explain=_("Forget the search or marked keyword: highlights, counts, filter")),
    Key("z", "fold_all", _("Fold all"), palette=_("Fold all"), explain=_("Fold every file and group of the list")),
    Key("Z", "unfold_all", _("Unfold all"), palette=_("Unfold all"),
        explain=_("Unfold every file and group of the list")),
    Key("y", "copy_article", _("Copy"), palette=_("Copy article"),
        explain=_("Copy the article as plain text to the terminal's clipboard")),
    Key("Y", "copy_title", _("Copy title"), palette=_("Copy title"), explain=_("Copy the article's title and file")),
    Key("vertical_line", "pipe_article", _("Pipe"), palette=_("Pipe article"),
        explain=_("Give the article as plain text to a command, $PAGER by default")),
    Key("", "mark_keyword", _("Mark keyword"), palette=_("Mark keyword"),
        explain=_("Mark the keyword highlighted in the sidebar (enter there)")),
    Key("ctrl+z", "app.suspend_process", _("Suspend"), explain=_("Suspend to the shell; fg brings the reader back")),
    Key("question_mark", "app.help", _("Help"), explain=_("Every key binding")),
    Key("q", "app.quit", _("Quit")),
)
# Keys the main screen's footer keeps at its right end, at every width.
ALWAYS = ("command_palette", "app.help", "app.quit")

# Every list: vim's keys and the usual ones.
LIST_MOVES = (
    Key("j,down", "cursor_down", _("Down")),
    Key("k,up", "cursor_up", _("Up")),
)
LIST_PAGES = (
    Key("pagedown", "page_down", _("Page Down")),
    Key("pageup", "page_up", _("Page Up")),
    Key("g,home", "first", _("Top")),
    Key("G,end", "last", _("Bottom")),
)
ARTICLE_LIST = (  # the footer shows the keys in this order, as many as fit
    Key("l,enter", "select", _("Open"), show=True,
        explain=_("Open the article; on a file or group row, fold or unfold it")),
    Key("space", "page_reader(True)", _("Scroll"), show=True,
        explain=_("Page the reader down without leaving the list; at the end, the next article")),
    Key("b", "page_reader(False)", _("Read ↑"), explain=_("Page the reader up without leaving the list")),
    *LIST_PAGES,
)
READER = (
    # First of the keys shown: on a narrow terminal the footer keeps only what fits, and the way
    # back to the list is what a one-pane reader needs most.
    Key("h,escape", "back", _("List"), show=True, explain=_("Back to the article list")),
    Key("j,ctrl+e,down", "scroll_down", _("Down")),
    Key("k,ctrl+y,up", "scroll_up", _("Up")),
    Key("space", "read_on", _("Page ↓, at the end the next article")),
    Key("pagedown,ctrl+f", "page_down", _("Page ↓"), show=True),
    Key("b,pageup,ctrl+b", "page_up", _("Page ↑"), show=True),
    Key("ctrl+d", "half_page(1)", _("Half page ↓")),
    Key("ctrl+u", "half_page(-1)", _("Half page ↑")),
    Key("g,home", "scroll_home", _("Top")),
    Key("G,end", "scroll_end", _("Bottom")),
)
KEYWORDS = (
    Key("enter", "select", _("Mark word"), show=True,
        explain=_("Mark the keyword: highlights, counts in the list, n/N walk it")),
    Key("i", "toggle_scope", _("Article/issue"), show=True, explain=_("The article's keywords, or the issue's terms")),
)
RELATED = (Key("enter", "select", _("Open"), show=True, explain=_("Open the related article")),)
OUTLINE = (Key("enter", "select", _("Jump"), show=True, explain=_("Jump to that section or caption")),)
SEARCH = (
    Key("escape", "close", _("Close search"), show=True),
    Key("ctrl+t", "toggle_scope", _("All issues"), show=True,
        explain=_("Widen the search to all open issues, or narrow it to this issue")),
)
SEARCH_INPUT = (Key("down", "to_results", _("Hits"), explain=_("Into the hits; Enter opens one")),)
BOOKMARKS = (
    Key("enter", "select", _("Jump"), show=True, explain=_("jump to the bookmark")),
    Key("escape,q", "close", _("Close"), show=True),
    Key("e", "edit_note", _("Edit note"), show=True),
    Key("d,delete", "delete", _("Delete"), show=True),
    Key("u", "undo_delete", _("Undo delete"), show=True, explain=_("Put the deleted bookmark back as it was")),
)
HELP_BODY = (
    Key("j,ctrl+e,down", "scroll_down", _("Down")),
    Key("k,ctrl+y,up", "scroll_up", _("Up")),
    Key("space,ctrl+f,pagedown", "page_down", _("Page ↓")),
    Key("b,ctrl+b,pageup", "page_up", _("Page ↑")),
    Key("ctrl+d", "half_page(1)", _("Half page ↓")),
    Key("ctrl+u", "half_page(-1)", _("Half page ↑")),
    Key("g,home", "scroll_home", _("Top")),
    Key("G,end", "scroll_end", _("Bottom")),
)
HELP = (Key("escape,q,question_mark", "dismiss", _("Close")),)
LINE_PROMPT = (Key("escape", "cancel", _("Cancel")),)
CONFIRM = (
    Key("y,enter", "answer(True)", _("Yes")),
    Key("n,escape,q", "answer(False)", _("No")),
)


def bindings(*groups: tuple[Key, ...]) -> list[BindingType]:
    """Textual's bindings for ``groups`` (a class's ``BINDINGS``)."""
    from textual.binding import Binding

    return [Binding(key.keys, key.action, key.description, show=key.show, priority=key.priority)
            for group in groups for key in group if key.keys]


def palette() -> list[tuple[str, str, str]]:
    """The main screen's actions in the command palette: ``(name, what it
    does and its key, action)``."""
    return [(key.palette, f"{key.explain or key.description}" + (f" ({label(key.keys)})" if key.keys else ""),
             key.action) for key in MAIN if key.palette]


def rows(*groups: tuple[Key, ...]) -> list[tuple[str, str]]:
    """``(keys, what)`` for each action of ``groups``, as the help lists them."""
    return [(label(key.keys), key.explain or key.description) for group in groups for key in group if key.keys]


def sections() -> list[tuple[str, list[tuple[str, str]]]]:
    """(title, [(keys, what)]) for every part of the reader: the help screen's
    and the man page's KEYS."""
    return [
        (_("Anywhere"), rows(MAIN, APP[1:])),
        (_("Article list"), rows(ARTICLE_LIST, LIST_MOVES)),
        (_("Reader"), rows(READER)),
        (_("Keywords (sidebar)"), rows(KEYWORDS, LIST_MOVES)),
        (_("Related articles (sidebar)"), rows(RELATED, LIST_MOVES)),
        (_("Outline (sidebar)"), rows(OUTLINE, LIST_MOVES)),
        (_("Search panel"), rows(SEARCH, SEARCH_INPUT)),
        (_("Bookmarks (M)"), rows(BOOKMARKS)),
        (_("Help"), rows(HELP_BODY, HELP)),
    ]
