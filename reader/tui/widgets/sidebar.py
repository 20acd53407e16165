"""The sidebar: the article's keywords, related articles, and its outline
(sections and captions) to jump to."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets.option_list import Option

from reader.core.i18n import _
from reader.core.model import Article, Block
from reader.core.safe_text import clean_line
from reader.session.sidebar import SidebarView
from reader.tui import keymap
from reader.tui.keymap import bindings
from reader.tui.widgets.cjk_text import Typeset
from reader.tui.widgets.keyword_panel import KeywordList, RelatedList
from reader.tui.widgets.lists import VimList

MARKS = {"heading": "▸ ", "caption": _("Photo") + " "}
MAX_ROWS = 300  # an outline longer than this is a broken page, not a guide


def outline_prompt(block: Block) -> Typeset:
    """A section or caption of the outline, marked by its kind, typeset as the list's titles."""
    return Typeset(Text(MARKS[block.type], style="dim") + Text(clean_line(block.text)))


class BlockOption(Option):
    """A row of the outline, carrying the body block it points at."""

    def __init__(self, block: int, prompt: Typeset) -> None:
        super().__init__(prompt)
        self.block = block


class Outline(VimList):
    """Sections and captions of the current article; ``enter`` jumps to one."""

    BINDINGS = bindings(keymap.OUTLINE)

    def show(self, article: Article) -> None:
        options: list[Option] = []
        for index, block in enumerate(article.blocks):
            if len(options) >= MAX_ROWS:
                options.append(Option(Text("…", style="dim"), disabled=True))
                break
            if block.type in MARKS:
                options.append(BlockOption(index, outline_prompt(block)))
        if not options:
            options.append(Option(Text(_("(no sections or captions)"), style="dim"), disabled=True))
        self.set_options(options)
        self.highlighted = 0 if not options[0].disabled else None

    @staticmethod
    def block_of(option: Option) -> int | None:
        """The body block an outline row points at."""
        return option.block if isinstance(option, BlockOption) else None


class Sidebar(Vertical):
    """Keywords, related articles and the outline, one above the other."""

    DEFAULT_CSS = """
    Sidebar > KeywordList, Sidebar > RelatedList, Sidebar > Outline {
        width: 100%;
        border: round $primary 40%;
        padding: 0;
        &:focus { border: heavy $border; }
    }
    Sidebar > KeywordList { height: 2fr; }
    Sidebar > RelatedList { height: 1fr; }
    Sidebar > Outline { height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield KeywordList(id="keywords")
        yield RelatedList(id="related")
        yield Outline(id="outline")

    def on_mount(self) -> None:
        self.query_one(Outline).border_title = _("Outline")

    def show_article(self, article: Article) -> None:
        self.query_one(Outline).show(article)

    def show_keywords(self, view: SidebarView) -> None:
        self.query_one(KeywordList).show(view)
        self.query_one(RelatedList).show(view.related)
