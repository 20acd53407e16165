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
from reader.typeset import line_starts, wrap


class BlockText(Widget):
    """One printed unit of the article, typeset for CJK (see ``reader.typeset``).

    ``highlights`` are ``(start, end)`` spans of ``text`` to mark (search hits).
    """

    highlights: reactive[tuple[tuple[int, int], ...]] = reactive((), layout=False)

    def __init__(self, text: str, kind: str, index: int | None = None) -> None:
        super().__init__(classes=kind)
        self.text = text
        self.kind = kind
        self.block_index = index

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(wrap(self.text, width))

    def render(self) -> Content:
        width = self.content_size.width or self.size.width
        lines = wrap(self.text, width)
        content = Content("\n".join(lines))
        if self.highlights:
            starts = line_starts(self.text, lines)
            for start, end in self.highlights:
                for number, (line, line_start) in enumerate(zip(lines, starts)):
                    lo, hi = max(start, line_start), min(end, line_start + len(line))
                    if lo < hi:
                        offset = sum(len(x) + 1 for x in lines[:number]) - line_start
                        content = content.stylize("reverse bold", lo + offset, hi + offset)
        return content


class ArticleView(VerticalScroll):
    """Shows one article at a readable measure; scrolls with vim and pager keys."""

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
        """The reading position moved; ``block`` is the block at the top."""

        def __init__(self, block: int | None, at_end: bool) -> None:
            super().__init__()
            self.block = block
            self.at_end = at_end

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, can_focus=True)
        self.article: Article | None = None

    def compose(self):
        yield Vertical(id="page")

    def show(self, issue: Issue, article: Article) -> None:
        """Lay out ``article`` and scroll to its top."""
        self.article = article
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
            if kind == "byline":
                widgets.append(BlockText(text, "byline"))
            else:
                widgets.append(BlockText(text, kind, index))
                index += 1
        with self.app.batch_update():
            page.remove_children()
            page.mount_all(widgets)
        self.scroll_home(animate=False)

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
        if self.article is not None:
            self.post_message(self.Scrolled(self.top_block(), self.at_end))

    def action_back(self) -> None:
        self.post_message(self.Back())
