"""The reading pane: one article laid out as a newspaper reader expects it."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from reader.model import Article, Issue, reading_minutes
from reader.safe_text import OffsetMap
from reader.typeset import line_starts, wrap

# A page that is one endless paragraph, or thousands of them (a broken
# conversion, a hostile file), is shown in part, with a note, so the first
# frame never waits on it; search, export and the store still see everything.
MAX_SHOWN_BLOCKS = 400
MAX_SHOWN_CHARS = 30_000


class BlockText(Widget):
    """One printed unit of the article, typeset for CJK (see ``reader.typeset``).

    ``highlights`` are ``(start, end)`` spans of ``text`` to mark (search hits).
    ``text`` is kept as printed; what is drawn is its sanitised form
    (``reader.safe_text``), and offsets are mapped between the two.
    """

    highlights: reactive[tuple[tuple[int, int], ...]] = reactive((), layout=False)

    def __init__(self, text: str, kind: str, index: int | None = None) -> None:
        super().__init__(classes=kind)
        self.text = text
        self.kind = kind
        self.block_index = index
        self._offsets = OffsetMap(text)
        self.shown = self._offsets.shown

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(wrap(self.shown, width))

    def line_offsets(self, width: int) -> list[int]:
        """Where each drawn line starts, as offsets into ``text``."""
        shown = self.shown
        return [self._offsets.to_text(start) for start in line_starts(shown, wrap(shown, width))]

    def render(self) -> Content:
        width = self.content_size.width or self.size.width
        shown = self.shown
        lines = wrap(shown, width)
        content = Content("\n".join(lines))
        if self.highlights:
            starts = line_starts(shown, lines)
            to_shown = self._offsets.to_shown
            for start, end in ((to_shown(s), to_shown(e)) for s, e in self.highlights):
                for number, (line, line_start) in enumerate(zip(lines, starts, strict=True)):
                    lo, hi = max(start, line_start), min(end, line_start + len(line))
                    if lo < hi:
                        offset = sum(len(x) + 1 for x in lines[:number]) - line_start
                        content = content.stylize("reverse bold", lo + offset, hi + offset)
        return content


class ArticleView(VerticalScroll):
    """Shows one article at a readable measure; scrolls with vim and pager keys."""

    DEFAULT_CSS = """
    #page {
        width: 100%;
        max-width: 72;
        height: auto;
        padding: 0 2;
    }
    BlockText { width: 100%; height: auto; }
    BlockText.column { color: $accent; text-style: bold; }
    BlockText.kicker { color: $text-muted; }
    BlockText.title { text-style: bold; color: $text-primary; margin: 1 0 0 0; }
    BlockText.subtitle { color: $text-muted; text-style: italic; }
    BlockText.facts { color: $text-disabled; margin: 0 0 1 0; }
    BlockText.paragraph { margin: 0 0 1 0; }
    BlockText.heading { text-style: bold; color: $text-accent; margin: 0 0 1 0; }
    BlockText.caption {
        color: $text-muted;
        text-style: italic;
        border-left: outer $accent;
        padding: 0 1;
        margin: 0 0 1 2;
    }
    BlockText.note { color: $text-disabled; margin: 0 0 1 0; }
    BlockText.byline { color: $text-secondary; text-align: right; margin: 0 0 1 0; }
    """

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("space,pagedown", "page_down", "Page ↓"),
        Binding("b,pageup", "page_up", "Page ↑"),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
        Binding("h,escape", "back", "List"),
    ]

    class Back(Message):
        """The reader asked to go back to the article list."""

    class Scrolled(Message):
        """The reading position of article ``article_id`` moved. Handled a turn
        later: by then another article may be shown, so check the id."""

        def __init__(self, article_id: str, at_end: bool) -> None:
            super().__init__()
            self.article_id = article_id
            self.at_end = at_end

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, can_focus=True)
        self.article: Article | None = None
        self._settled: str | None = None  # id of the article whose layout is done

    def compose(self):
        yield Vertical(id="page")

    async def show(self, issue: Issue, article: Article, at: tuple[int, int] | None = None) -> None:
        """Lay out ``article``; scroll to its top, or to ``at`` = ``(block, offset)``."""
        self.article = article
        self._settled = None  # scrolls while the old blocks go and the new come are not reading
        page = self.query_one("#page", Vertical)
        widgets: list[BlockText] = []
        if article.column or article.kicker:
            for kind in ("column", "kicker"):
                value = getattr(article, kind)
                if value:
                    widgets.append(BlockText(value, kind))
        widgets.append(BlockText(article.display_title, "title"))
        if article.subtitle:
            widgets.append(BlockText(article.subtitle, "subtitle"))
        facts = f"约 {reading_minutes(article)} 分钟 · {article.char_count:,} 字 · {issue.name}"
        widgets.append(BlockText(facts, "facts"))
        index = 0
        for kind, text in article.body():
            if index >= MAX_SHOWN_BLOCKS:
                hidden = len(article.blocks) - index
                widgets.append(BlockText(f"…… 以下 {hidden:,} 段未显示 ({hidden:,} more blocks not shown; "
                                         "'luoyang-reader export' has the whole article)", "note"))
                break
            if kind == "byline":
                widgets.append(BlockText(text, "byline"))
                continue
            widgets.append(BlockText(text[:MAX_SHOWN_CHARS], kind, index))
            if len(text) > MAX_SHOWN_CHARS:
                widgets.append(BlockText(f"…… 本段共 {len(text):,} 字,仅显示前 {MAX_SHOWN_CHARS:,} 字 "
                                         f"(cut for display; 'luoyang-reader export' has it all)", "note"))
            index += 1
        with self.app.batch_update():
            await page.remove_children()
            await page.mount_all(widgets)
            self.scroll_home(animate=False)
        self.call_after_refresh(self._settle, article.id)
        if at is not None:
            self.call_after_refresh(self.restore_in, article.id, *at)

    def showing(self, article_id: str) -> bool:
        """Whether article ``article_id`` is the one shown now (a message or a
        refresh callback about it may arrive after another was opened)."""
        return self.article is not None and self.article.id == article_id

    def _settle(self, article_id: str) -> None:
        if self.showing(article_id):
            self._settled = article_id

    @property
    def settled(self) -> bool:
        """Whether the shown article is laid out (its scroll position means something)."""
        return self.article is not None and self._settled == self.article.id

    def set_highlights(self, spans: dict[tuple[str, int | None], list[tuple[int, int]]]) -> None:
        """Mark spans: keys are ``("block", index)`` or ``(field, None)`` for header
        fields (title, kicker …, byline); values are ``(start, end)`` offsets."""
        for widget in self.query(BlockText):
            key = ("block", widget.block_index) if widget.block_index is not None else (widget.kind, None)
            widget.highlights = tuple(spans.get(key, ()))

    def block_widgets(self) -> list[BlockText]:
        return [w for w in self.query(BlockText) if w.block_index is not None]

    def top_block(self) -> int | None:
        """The index of the first block whose end is below the top of the view."""
        top = self.scroll_offset.y
        for widget in self.block_widgets():
            region = widget.virtual_region
            if region.y + region.height > top:
                return widget.block_index
        return None

    def position(self) -> tuple[int, int, float]:
        """``(block, offset, progress)``: the block at the top of the view, the
        character in it where the top line starts, and how far through (0..1).
        Independent of the terminal size, unlike a scroll offset."""
        top = round(self.scroll_offset.y)
        progress = 1.0 if self.max_scroll_y <= 0 else min(1.0, top / self.max_scroll_y)
        for widget in self.block_widgets():
            region = widget.virtual_region
            if region.y + region.height > top:
                line = max(0, top - region.y)
                starts = widget.line_offsets(widget.content_size.width or region.width)
                offset = starts[min(line, len(starts) - 1)] if line else 0
                return widget.block_index or 0, offset, progress
        return 0, 0, progress

    def restore_in(self, article_id: str, block: int, offset: int, context: int = 0) -> None:
        """``restore``, if article ``article_id`` is still the one shown (a
        refresh callback runs a turn later, perhaps after another was opened)."""
        if self.showing(article_id):
            self.restore(block, offset, context)

    def hit_in(self, article_id: str, field: str, block: int | None, offset: int) -> None:
        """``scroll_to_hit``, if article ``article_id`` is still the one shown."""
        if self.showing(article_id):
            self.scroll_to_hit(field, block, offset)

    def restore(self, block: int, offset: int, context: int = 0) -> None:
        """Scroll back to a saved ``position()`` at the current width
        (``context`` lines above it stay in view)."""
        for widget in self.block_widgets():
            if widget.block_index == block:
                starts = widget.line_offsets(widget.content_size.width or widget.size.width)
                line = max((i for i, start in enumerate(starts) if start <= offset), default=0)
                self.scroll_to(y=max(0, widget.virtual_region.y + line - context), animate=False)
                return

    def scroll_to_hit(self, field: str, block: int | None, offset: int) -> None:
        """Bring a search hit into view: a body hit with a line of context above
        it, a byline hit at the article's end, a header hit at the top."""
        if field == "block" and block is not None:
            self.restore(block, offset, context=1)
        elif field == "byline":
            for byline in self.query("BlockText.byline"):
                self.scroll_to_widget(byline, animate=False)
        else:
            self.scroll_home(animate=False)

    @property
    def at_end(self) -> bool:
        return self.scroll_offset.y >= self.max_scroll_y

    def scroll_to_block(self, block: int, *, animate: bool = False) -> None:
        """Scroll so that body block ``block`` is at the top."""
        for widget in self.block_widgets():
            if widget.block_index == block:
                self.scroll_to_widget(widget, top=True, animate=animate)
                return

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if self.article is not None and self.settled:
            self.post_message(self.Scrolled(self.article.id, self.at_end))

    def action_back(self) -> None:
        self.post_message(self.Back())
