"""The reading pane: one article laid out as a newspaper reader expects it.

One widget, drawn line by line (Textual's Line API): the article is typeset
once per width (``reader.core.page_layout``) and only the lines in view are drawn,
each cached until the width, the theme or the marks change. The position is
kept as ``(block, offset)``, so a resize or a sidebar toggle keeps the line
being read at the top.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.containers import Container
from textual.events import Resize
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.core.i18n import _
from reader.core.model import Article, SourceFile
from reader.core.page_layout import BAR, CAPTION_INDENT, PADDING, Page, Unit, units_of
from reader.search.hits import Hit, Spans
from reader.tui import keymap
from reader.tui.keymap import bindings

Scroll = tuple[int, int] | Hit  # where to show an article: (block, offset), or a search hit
STRIPS_KEPT = 1024  # drawn lines kept for scrolling back
KINDS = ("column", "kicker", "title", "subtitle", "meta", "paragraph", "heading", "caption", "note", "source", "byline")


class ArticleView(ScrollView, can_focus=True):
    """Shows one article at a readable measure; scrolls with vim and pager keys."""

    COMPONENT_CLASSES = {f"article-view--{kind}" for kind in KINDS} | {"article-view--mark", "article-view--bar"}

    DEFAULT_CSS = """
    ArticleView {
        & > .article-view--column { color: $accent; text-style: bold; }
        & > .article-view--kicker { color: $text-muted; }
        & > .article-view--title { text-style: bold; color: $text-primary; }
        & > .article-view--subtitle { color: $text-muted; text-style: italic; }
        & > .article-view--meta { color: $text-disabled; }
        & > .article-view--heading { text-style: bold; color: $text-accent; }
        & > .article-view--caption { color: $text-muted; text-style: italic; }
        & > .article-view--bar { color: $accent; }
        & > .article-view--note { color: $text-disabled; }
        & > .article-view--source { color: $text-disabled; }
        & > .article-view--byline { color: $text-secondary; }
        & > .article-view--mark { text-style: reverse bold; }
    }
    """

    BINDINGS = bindings(keymap.READER)

    @dataclass
    class Back(Message):
        """The reader asked to go back to the article list."""

    @dataclass
    class Scrolled(Message):
        """The reading position of article ``article_id`` moved, to ``block``
        and the character ``offset`` in it, ``progress`` (0..1) of the way.
        Handled a turn later: by then another article may be shown."""

        article_id: str
        block: int
        offset: int
        progress: float
        at_end: bool

    @dataclass
    class Settled(Message):
        """Article ``article_id`` is laid out for the view's width (opened, or
        laid out again): ``whole`` when it fits without scrolling."""

        article_id: str
        whole: bool

    @dataclass
    class Progress(Message):
        """How far through the article the view is (``37%``, ``all``): for the
        frame to show; handled before the frame is painted."""

        label: str

    @dataclass
    class PastEnd(Message):
        """``space`` at the end of article ``article_id``: the reader reads on
        into the next one, as in mutt and newsboat."""

        article_id: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self._units: list[Unit] = []
        self.page: Page | None = None  # the article typeset for the current width
        self._spans: Spans = {}
        self._marks: dict[int, list[tuple[int, int]]] = {}
        self._strips: LRUCache[int, Strip] = LRUCache(STRIPS_KEPT)  # drawn lines, by line number
        self._pending: Scroll | None = None  # where to go once laid out: a position, or a hit
        # Where the reader is, as restored last, and the top line it was at: while
        # the view has not moved since, a resize goes back to this, not to the
        # start of the top line (which would creep back a line at every resize).
        self._anchor: tuple[int, int, int] | None = None
        self.progress = ""  # how far through, as its frame shows it: "37%", "all"

    # Showing an article -------------------------------------------------------------

    async def show(self, file: SourceFile, article: Article, at: Scroll | None = None) -> None:
        """Show ``article``: at its top, or at ``at``: ``(block, offset)`` or a hit in it."""
        self.article = article
        self._units = units_of(file, article)
        self._spans = {}
        self.page = None
        self._pending = at
        self._lay_out()

    def go_to(self, at: Scroll) -> None:
        """Scroll to ``at`` (``(block, offset)``, or a hit) once the article is laid out."""
        if self.page is None:
            self._pending = at
        elif isinstance(at, Hit):
            self._scroll_to_hit(at)
        else:
            self.restore(*at)

    def _width(self) -> int:
        return self.scrollable_content_region.width

    def _lay_out(self) -> None:
        """Typeset for the current width (nothing yet while the pane has none)
        and go to the pending position, or the top."""
        width = self._width()
        if self.article is None or width <= 0:
            return
        self.page = Page(self._units, width)
        self._marks = self.page.marks(self._spans)
        self._strips.clear()
        self.virtual_size = Size(width, len(self.page.lines))
        pending, self._pending = self._pending, None
        if pending is None:
            self.scroll_to(y=0, animate=False, force=True)
        else:
            self.go_to(pending)
        self._show_progress()
        self.refresh()
        self.post_message(self.Settled(self.article.id, len(self.page.lines) <= self.scrollable_content_region.height))

    def on_resize(self, event: Resize) -> None:
        """A new width: typeset again and keep the line being read at the top
        (a pane hidden to zero width keeps its page until it is shown again)."""
        width = self._width()
        if width <= 0 or (self.page is not None and self.page.width == width):
            return
        if self.page is not None and self._pending is None:
            if self._anchor is not None and self._anchor[2] == round(self.scroll_y):
                block, offset = self._anchor[:2]
            else:
                block, offset, _ = self.position()
            self._pending = (block, offset) if self.scroll_y > 0 else None
        self._lay_out()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()  # a new theme: every line is drawn again

    def showing(self, article_id: str) -> bool:
        """Whether article ``article_id`` is the one shown now (a message or a
        refresh callback about it may arrive after another was opened)."""
        return self.article is not None and self.article.id == article_id

    @property
    def settled(self) -> bool:
        """Whether the shown article is laid out (its scroll position means something)."""
        return self.article is not None and self.page is not None and self._pending is None

    def set_highlights(self, spans: Spans) -> None:
        """Mark spans: keys are ``("block", index)`` or ``(field, None)`` for header
        fields (title, kicker …, byline); values are ``(start, end)`` offsets."""
        self._spans = {key: list(value) for key, value in spans.items() if value}
        if self.page is None:
            return
        old, self._marks = self._marks, self.page.marks(self._spans)
        for number in old.keys() | self._marks.keys():
            if old.get(number) != self._marks.get(number):
                self._strips.discard(number)
                self.refresh_line(number)

    # What is shown, for callers and tests --------------------------------------------

    def unit_texts(self, kind: str) -> list[str]:
        """The printed text of each unit of ``kind`` shown (``title``, ``note`` …)."""
        return [u.text for u in self._units if u.kind == kind]

    @property
    def title(self) -> str:
        return next(iter(self.unit_texts("title")), "")

    def body_blocks(self) -> list[int]:
        """The body blocks shown (a page of thousands shows the first few hundred)."""
        return [u.block for u in self._units if u.block is not None]

    def marked(self) -> list[str]:
        """The printed text of every marked span, in reading order."""
        return [u.text[a:b] for u in self._units for a, b in self._spans.get(u.key, ())]

    def lines(self) -> list[str]:
        """Every line as drawn (without the page's margins), for tests of the layout."""
        if self.page is None:
            return []
        return [(BAR if line.bar else "") + line.text for line in self.page.lines]

    # Drawing --------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        number = round(self.scroll_offset.y) + y
        strip = self._strips.get(number)
        if strip is None:
            strip = self._draw(number)
            self._strips.set(number, strip)
        return strip

    def _draw(self, number: int) -> Strip:
        base = self.rich_style
        width = self._width()
        page = self.page
        if page is None or number >= len(page.lines):
            return Strip.blank(width, base)
        line = page.lines[number]
        if line.unit < 0:
            return Strip.blank(width, base)
        kind = page.units[line.unit].kind
        style = base + self.get_component_rich_style(f"article-view--{kind}", partial=True)
        left = page.left + PADDING + line.indent
        segments = []
        if line.bar:
            left -= len(BAR)
            bar = base + self.get_component_rich_style("article-view--bar", partial=True)
            segments += [Segment(" " * (page.left + PADDING + CAPTION_INDENT), base), Segment(BAR[0], bar),
                         Segment(" ", base)]
        else:
            segments.append(Segment(" " * left, base))
        segments += self._text_segments(line.text, self._marks.get(number, ()), style)
        # One segment where margin, text and fill share a style: each segment costs
        # a style and a reset on the wire.
        return Strip(segments).crop_extend(0, width, base).simplify()

    def _text_segments(self, text: str, marks: list[tuple[int, int]] | tuple[()], style: Style) -> list[Segment]:
        if not marks:
            return [Segment(text, style)]
        mark = style + self.get_component_rich_style("article-view--mark", partial=True)
        out, at = [], 0
        for start, end in sorted(marks):
            if start > at:
                out.append(Segment(text[at:start], style))
            out.append(Segment(text[max(at, start):end], mark))
            at = max(at, end)
        if at < len(text):
            out.append(Segment(text[at:], style))
        return out

    # Positions ------------------------------------------------------------------------

    def top_block(self) -> int | None:
        """The index of the first block not yet scrolled past."""
        return self.position()[0] if self.page is not None and self.page.body_units() else None

    def position(self) -> tuple[int, int, float]:
        """``(block, offset, progress)``: the block at the top of the view, the
        character in it where the top line starts, and how far through (0..1).
        Independent of the terminal size, unlike a scroll offset."""
        top = round(self.scroll_offset.y)
        progress = 1.0 if self.max_scroll_y <= 0 else min(1.0, top / self.max_scroll_y)
        if self.page is None:
            return 0, 0, progress
        block, offset = self.page.position_at(top)
        return block, offset, progress

    def restore(self, block: int, offset: int, context: int = 0) -> None:
        """Scroll back to a saved ``position()`` at the current width
        (``context`` lines above it stay in view); kept until laid out."""
        if self.page is None:
            self._pending = (block, offset)
            return
        line = self.page.line_of(block, offset)
        if line is not None:
            self.scroll_to(y=max(0, line - context), animate=False, force=True)
            self._anchor = (block, offset, round(self.scroll_y)) if not context else None

    def _scroll_to_hit(self, hit: Hit) -> None:
        """Bring a search hit into view: a body hit with a line of context above
        it, a byline hit at the article's end, a header hit at the top."""
        if hit.field == "block" and hit.block is not None:
            self.restore(hit.block, hit.offset, context=1)
        elif hit.field == "byline" and self.page is not None:
            line = self.page.first_line_of("byline")
            if line is not None:
                self.scroll_to(y=max(0, line - self.scrollable_content_region.height + 2), animate=False,
                               force=True)
        else:
            self.scroll_home(animate=False, force=True)

    @property
    def at_end(self) -> bool:
        return self.scroll_offset.y >= self.max_scroll_y

    def _show_progress(self) -> None:
        """How far through the article the view is, on the pane's bottom border (as less shows it)."""
        if self.page is None or self.max_scroll_y <= 0:
            shown = _("all") if self.page is not None else ""
        else:
            shown = f"{round(100 * min(1.0, self.scroll_y / self.max_scroll_y))}%"
        if shown != self.progress:
            self.progress = shown
            self.post_message(self.Progress(shown))

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._show_progress()
        if self.article is not None and self.settled:
            block, offset, progress = self.position()
            self.post_message(self.Scrolled(self.article.id, block, offset, progress, self.at_end))

    def action_read_on(self) -> None:
        """Page down; at the end of the article, ask for the next one."""
        if self.article is not None and self.settled and self.at_end:
            self.post_message(self.PastEnd(self.article.id))
        else:
            self.action_page_down()

    def action_half_page(self, direction: int) -> None:
        """``ctrl+d`` / ``ctrl+u``, as in less and vim."""
        self.scroll_relative(y=direction * max(1, self.scrollable_content_region.height // 2), animate=False)

    def action_back(self) -> None:
        self.post_message(self.Back())


class ReadingPane(Container):
    """The reading pane's frame: its border (heavy while the reader has the
    focus) and the position label on it. The text scrolls inside without
    repainting the frame: the terminal gets the lines, not the border beside each."""

    DEFAULT_CSS = """
    ReadingPane {
        width: 1fr;
        height: 1fr;
        border: round $primary 40%;
        &:focus-within { border: heavy $border; }  /* heavier, not only brighter: NO_COLOR and 16 colours */
    }
    """

    _label_only = False  # True while the position label changes (see ``refresh``)

    def on_article_view_progress(self, event: ArticleView.Progress) -> None:
        """Put the reader's position on the bottom border, repainting that row only."""
        event.stop()
        # The first label comes with the frame's first paint: that one paints it all
        # (restricted to the bottom row, the top and sides would come a frame late).
        self._label_only = bool(self.border_subtitle)
        try:
            self.border_subtitle = event.label  # Textual repaints the whole widget for it ...
        finally:
            self._label_only = False

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False,
                recompose: bool = False) -> Self:
        """... which here is the bottom border row, where the label is."""
        if self._label_only and not regions and repaint and not layout and not recompose:
            inset, outer = self.content_offset, self.outer_size
            regions = (Region(-inset.x, outer.height - 1 - inset.y, outer.width, 1),)
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
