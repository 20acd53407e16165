"""The keyword sidebar: the article's keywords with counts and weight bars,
the issue's top terms, and related articles."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.core.i18n import _, count_of
from reader.core.safe_text import clean_line
from reader.keywords.extraction import SHOWN, Keyword
from reader.session.sidebar import SidebarView
from reader.tui import keymap
from reader.tui.keymap import bindings
from reader.tui.widgets.cjk_text import Typeset
from reader.tui.widgets.lists import VimList

BAR_CELLS = 6
FULL, EMPTY = "▰", "▱"  # narrow in every terminal (East Asian width N)


def bar(fraction: float, cells: int = BAR_CELLS) -> str:
    filled = max(1, round(fraction * cells)) if fraction > 0 else 0
    return FULL * filled + EMPTY * (cells - filled)


def related_prompt(title: str, shared: list[str]) -> Group:
    """A related article: its title typeset as the list's, then the words it shares."""
    words = Text(clean_line("、".join(shared[:4])), style="dim", no_wrap=True, overflow="ellipsis")
    return Group(Typeset(Text(clean_line(title)), at_spaces=True), words)


class KeywordRow:
    """One sidebar row: the word, cut with … when the row is narrow, then its
    count and weight bar against the right edge. One line of text, where a
    Rich table grid measured three columns for it (15M of a warm start's
    1,550M instructions to the first frame, under callgrind)."""

    def __init__(self, word: str, count_label: str, fraction: float) -> None:
        self.word = Text(clean_line(word), no_wrap=True, overflow="ellipsis")
        self.right = Text(f" {count_label} {bar(fraction)}", style="dim")  # a space from the word, always

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        room = max(0, options.max_width - self.right.cell_len)
        line = self.word.copy()
        line.truncate(room, overflow="ellipsis", pad=True)
        yield line + self.right

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.right.cell_len + 1, options.max_width)



class WordOption(Option):
    """A row of the keywords, carrying its word."""

    def __init__(self, word: str, prompt: RenderableType) -> None:
        super().__init__(prompt)
        self.word = word


class ArticleIdOption(Option):
    """A row of the related articles, carrying the article's id."""

    def __init__(self, article_id: str, prompt: RenderableType) -> None:
        super().__init__(prompt)
        self.article_id = article_id


class KeywordList(VimList):
    """Keywords of the article (or, toggled with ``i``, of the whole issue).
    ``enter`` marks the keyword everywhere."""

    BINDINGS = bindings(keymap.KEYWORDS)

    @dataclass
    class Chosen(Message):
        """A keyword was chosen to be marked."""

        word: str

    @dataclass
    class ScopeToggled(Message):
        """Switch between the article's keywords and the issue's terms."""

    def show(self, view: SidebarView) -> None:
        """Show what the session says the sidebar holds for the current article."""
        if view.status == "computing":
            self.show_computing()
        elif view.status == "unavailable":
            self.show_unavailable()
        elif view.terms is not None:
            self.show_issue(view.terms, view.articles)
        else:
            self.show_article(view.words)

    def show_computing(self) -> None:
        self.border_title = _("Keywords")
        self.set_options([Option(Text(_("computing keywords…"), style="dim italic"), disabled=True)])

    def show_unavailable(self) -> None:
        """Keywords could not be computed this time (asked again when the article is next opened)."""
        self.border_title = _("Keywords")
        self.set_options([Option(Text(_("keywords unavailable (open the article again to retry)"), style="dim italic"),
                                 disabled=True)])

    def show_article(self, keywords: list[Keyword]) -> None:
        self.border_title = _("Keywords · this article")
        top = keywords[0].weight if keywords else 1.0
        options: list[Option] = [
            WordOption(k.word, KeywordRow(k.word, f"×{k.count}", k.weight / top if top else 0))
            for k in keywords[:SHOWN]
        ]
        self._set(options, _("(no keywords)"))

    def show_issue(self, terms: list[tuple[str, int, int]], articles: int) -> None:
        self.border_title = _("Keywords · whole issue")
        options: list[Option] = [
            WordOption(word, KeywordRow(word, count_of("{count} article", "{count} articles", n), n / max(1, articles)))
            for word, n, _count in terms[:20]
        ]
        self._set(options, _("(no keywords)"))

    def _set(self, options: list[Option], empty: str) -> None:
        if not options:
            options = [Option(Text(empty, style="dim"), disabled=True)]
        self.set_options(options)
        self.highlighted = 0 if not options[0].disabled else None

    def action_toggle_scope(self) -> None:
        self.post_message(self.ScopeToggled())

    @property
    def highlighted_word(self) -> str | None:
        """The keyword highlighted, if any."""
        option = self.highlighted_option
        return option.word if isinstance(option, WordOption) else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if isinstance(event.option, WordOption):
            self.post_message(self.Chosen(event.option.word))


class RelatedList(VimList):
    """Articles sharing the most keywords with this one; ``enter`` opens one."""

    BINDINGS = bindings(keymap.RELATED)

    @dataclass
    class Chosen(Message):
        """A related article was chosen to be opened."""

        article_id: str

    def show(self, related: list[tuple[str, str, list[str]]]) -> None:
        """``related``: (article id, title, shared words)."""
        self.border_title = _("Related articles")
        options: list[Option] = []
        for article_id, title, shared in related:
            options.append(ArticleIdOption(article_id, related_prompt(title, shared)))
        if not options:
            options = [Option(Text(_("(none)"), style="dim"), disabled=True)]
        self.set_options(options)
        self.highlighted = 0 if not options[0].disabled else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if isinstance(event.option, ArticleIdOption):
            self.post_message(self.Chosen(event.option.article_id))
