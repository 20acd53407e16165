"""The search panel: a query line, a count, and the hits with their snippets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.core.i18n import _, count_of
from reader.core.model import page_label
from reader.core.safe_text import clean_line
from reader.search.hits import Hit
from reader.session.cursor import Scope
from reader.tui import keymap
from reader.tui.keymap import bindings
from reader.tui.widgets.cjk_text import Typeset
from reader.tui.widgets.lists import VimList

ROWS_AHEAD = 8  # hits drawn beyond those shown as the highlight nears the end of those drawn
FIRST_AHEAD = 2  # hits drawn beyond those the list shows, for a new query


def hit_prompt(hit: Hit, with_issue: bool = False) -> Group:
    """The article title (dim, one line; after its issue's name when several
    are open, and its page in a whole day's file), then the snippet with the
    match marked, typeset as the reading pane is (no line starts with 、 or
    ends with “)."""
    page = page_label(hit.file, hit.article.id) if hit.file.sections else None
    where = " · ".join(x for x in (hit.file.name if with_issue else None, page, hit.article.display_title) if x)
    title = Text(clean_line(where), style="dim", no_wrap=True, overflow="ellipsis")
    at, end = hit.snippet_offset, hit.snippet_offset + hit.length
    snippet = Text(clean_line(hit.snippet[:at]))
    snippet.append(clean_line(hit.snippet[at:end]), style="reverse bold")
    snippet.append(clean_line(hit.snippet[end:]))
    return Group(title, Typeset(snippet))


class HitOption(Option):
    """A row of the hits, carrying its hit."""

    def __init__(self, hit: Hit, with_issue: bool) -> None:
        super().__init__(hit_prompt(hit, with_issue))
        self.hit = hit


class SearchInput(Input):
    """The query line: ↓ moves into the hits."""

    BINDINGS = bindings(keymap.SEARCH_INPUT)

    def action_to_results(self) -> None:
        self.post_message(SearchPanel.ToResults())


class SearchPanel(Vertical):
    """Type to search; ↓ or Tab to the hits; Enter opens; Esc closes."""

    DEFAULT_CSS = """
    SearchPanel {
        #query { border: none; height: 1; padding: 0; background: $boost; }
        #search-status { color: $text-muted; height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
        #results { height: 1fr; border: none; padding: 0; }
    }
    """

    BINDINGS = bindings(keymap.SEARCH)

    @dataclass
    class QueryChanged(Message):
        """The query (or its scope) changed: search again."""

        query: str
        everywhere: bool

    @dataclass
    class HitChosen(Message):
        """A hit was chosen: this one, as shown (the session's hits may have changed since)."""

        hit: Hit

    @dataclass
    class Closed(Message):
        """The user closed the search."""

    @dataclass
    class ToResults(Message):
        """Move from the query line into the hits."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.everywhere = False
        self.hit_count = 0
        self._hits: Sequence[Hit] = ()
        self._with_issue = False  # hits name their issue (several issues in scope)

    def compose(self) -> ComposeResult:
        return iter(())  # the query line, status and hits are made on the first search

    async def show_query(self) -> None:
        """Show the query line, focused and selected (made the first time)."""
        if not self.children:
            await self.mount_all([
                SearchInput(placeholder=_("search: 汉字, pinyin (bghc), several terms"), id="query"),
                Static("", id="search-status", markup=False),
                VimList(id="results"),
            ])
        query = self.query_one(SearchInput)
        query.focus()
        query.select_all()

    @property
    def query_text(self) -> str:
        inputs = self.query(SearchInput)
        return inputs.first().value if inputs else ""

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.QueryChanged(event.value, self.everywhere))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        results = self.query_one("#results", OptionList)
        if self.hit_count:
            self.post_message(self.HitChosen(self._hits[results.highlighted or 0]))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if isinstance(event.option, HitOption):
            self.post_message(self.HitChosen(event.option.hit))

    def _on_search_panel_to_results(self, event: ToResults) -> None:
        event.stop()
        if self.hit_count:
            self.query_one("#results", OptionList).focus()

    def show_status(self, text: str) -> None:
        self.query_one("#search-status", Static).update(text, layout=False)  # one line, always

    def show_hits(self, hits: Sequence[Hit], articles: int, scope: Scope, query: str) -> None:
        """Show the hits for ``query`` (already ranked) and the count, which
        names the query it counts. Only a screenful of hits is drawn; more are
        added as the highlight moves down."""
        self.hit_count = len(hits)
        self._hits = hits
        results = self.query_one("#results", OptionList)
        where_label = _("this issue") if scope is Scope.ISSUE else _("all open issues")
        if not query.strip():
            self.show_status(_("{scope} · ctrl+t widens/narrows").format(scope=where_label))
            results.clear_options()
            return
        more = "+" if getattr(hits, "capped", False) else ""
        count = count_of("{count} hit", "{count} hits", len(hits), f"{len(hits)}{more}")
        where = count_of("{count} article", "{count} articles", articles, f"{articles}{more}")
        found = _("{hits} in {articles}").format(hits=count, articles=where)
        self.show_status(clean_line(f"「{query.strip()}」 {found} · {where_label}"))
        # What the list shows, and a few more: a hit takes two lines or more, and each drawn is typeset now
        # (its height asked), so a screen's worth drawn more is paid on every key.
        first = max(1, (results.size.height or self.app.size.height) // 2) + FIRST_AHEAD
        self._with_issue = len({h.file.source for h in hits[:first]}) > 1 or scope is not Scope.ISSUE
        results.set_options(HitOption(h, self._with_issue) for h in hits[:first])
        results.highlighted = 0 if hits else None

    @on(OptionList.OptionHighlighted, "#results")
    def _draw_more(self, event: OptionList.OptionHighlighted) -> None:
        """Near the last hit drawn: draw the next screenful."""
        results = event.option_list
        drawn = results.option_count
        if event.option_index >= drawn - ROWS_AHEAD // 2 and drawn < len(self._hits):
            results.add_options(HitOption(h, self._with_issue) for h in self._hits[drawn : drawn + 2 * ROWS_AHEAD])

    def action_close(self) -> None:
        self.post_message(self.Closed())

    def action_toggle_scope(self) -> None:
        self.everywhere = not self.everywhere
        self.post_message(self.QueryChanged(self.query_text, self.everywhere))
