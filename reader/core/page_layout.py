"""An article typeset for one width: the lines the reading pane draws.

Plain Python (no Textual): the reading pane asks for a ``Page`` once per
article and width, then draws its lines as they scroll into view. Each line
knows the printed unit it comes from (kicker, title … body blocks, byline)
and where it starts in that unit's text, so a position is kept as
``(block, offset)`` and found again at any width, and search hits are marked
on the lines they cross.

Text is kept as printed in the units; lines hold its sanitised form
(``reader.core.safe_text``), with offsets mapped between the two.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.cells import cell_len

from reader.core.i18n import _
from reader.core.model import Article, SourceFile, page_label, reading_minutes
from reader.core.safe_text import OffsetMap
from reader.core.typeset import line_starts, wrap

# A page that is one endless paragraph, or thousands of them (a broken
# conversion, a hostile file), is shown in part, with a note, so the first
# frame never waits on it; search, export and the store still see everything.
MAX_SHOWN_BLOCKS = 400
MAX_SHOWN_CHARS = 30_000

MEASURE = 72  # the page's widest, padding included: a comfortable line of CJK
PADDING = 2  # cells each side of the text
CAPTION_INDENT = 2  # a caption stands in from the text, behind a bar
BAR = "▌ "
HEADER = -1  # the "block" of a position inside the header, above the first paragraph

# Blank lines above and below each kind of unit.
MARGINS = {"title": (1, 0), "meta": (0, 1), "paragraph": (0, 1), "heading": (0, 1),
           "caption": (0, 1), "note": (0, 1), "source": (0, 1), "byline": (0, 1)}


@dataclass
class Unit:
    """One printed unit of the article: a header field or a body block."""

    kind: str  # column, kicker, title, subtitle, meta, paragraph, heading, caption, note, source, byline
    text: str  # as printed
    block: int | None = None  # index into the article's blocks, for body blocks
    first_line: int = 0
    line_count: int = 0
    offsets: OffsetMap = field(init=False)

    def __post_init__(self) -> None:
        self.offsets = OffsetMap(self.text)

    @property
    def key(self) -> tuple[str, int | None]:
        """How highlights name this unit: ``("block", i)`` or ``(field, None)``."""
        return ("block", self.block) if self.block is not None else (self.kind, None)


@dataclass(frozen=True)
class Line:
    """One drawn line: ``text`` (sanitised) from unit ``unit``, starting at
    ``start`` in the unit's sanitised text; a blank line has ``unit`` -1."""

    unit: int
    text: str = ""
    start: int = 0
    indent: int = 0  # cells before the text, within the page
    bar: bool = False  # a caption's bar stands in the indent


BLANK = Line(-1)


def units_of(file: SourceFile, article: Article) -> list[Unit]:
    """What the reading pane shows of an article, in order."""
    units: list[Unit] = []
    for kind in ("column", "kicker"):
        value = getattr(article, kind)
        if value:
            units.append(Unit(kind, value))
    units.append(Unit("title", article.display_title))
    if article.subtitle:
        units.append(Unit("subtitle", article.subtitle))
    meta = _("about {minutes} min · {characters:,} characters").format(
        minutes=reading_minutes(article), characters=article.char_count)
    # Where it stands: its page, else its file, unless the file is named by this article (a crawler's
    # one article a file): the title just above says it.
    where = page_label(file, article.id) or (file.name if file.name not in (article.title, article.display_title) else None)
    units.append(Unit("meta", f"{meta} · {where}" if where else meta))
    index = 0
    for kind, text in article.body():
        if index >= MAX_SHOWN_BLOCKS:
            hidden = len(article.blocks) - index
            units.append(Unit("note", _("…… {count:,} more blocks not shown ('luoyang-reader export' has the "
                                        "whole article)").format(count=hidden)))
            break
        if kind == "byline":
            units.append(Unit("byline", text))
            continue
        units.append(Unit(kind, text[:MAX_SHOWN_CHARS], index))
        if len(text) > MAX_SHOWN_CHARS:
            units.append(Unit("note", _("…… this paragraph has {count:,} characters; the first {shown:,} are "
                                        "shown ('luoyang-reader export' has it all)").format(
                                            count=len(text), shown=MAX_SHOWN_CHARS)))
        index += 1
    return units


class Page:
    """An article's units laid out in lines for a pane ``width`` cells wide."""

    def __init__(self, units: list[Unit], width: int) -> None:
        self.units = units
        self.width = width
        self.measure = max(8, min(MEASURE, width))
        self.left = max(0, (width - self.measure) // 2)  # the page is centred in the pane
        self.text_width = max(2, self.measure - 2 * PADDING)
        self.lines: list[Line] = []
        pending = 0  # blank lines owed below the unit before (margins collapse, as in CSS)
        for number, unit in enumerate(units):
            above, below = MARGINS.get(unit.kind, (0, 0))
            self.lines.extend([BLANK] * max(above, pending))
            unit.first_line = len(self.lines)
            indent = CAPTION_INDENT + len(BAR) if unit.kind == "caption" else 0
            shown = unit.offsets.shown
            wrapped = wrap(shown, self.text_width - indent)
            for text, start in zip(wrapped, line_starts(shown, wrapped), strict=True):
                if unit.kind == "byline":  # set flush right
                    indent = max(0, self.text_width - cell_len(text))
                self.lines.append(Line(number, text, start, indent, unit.kind == "caption"))
            unit.line_count = len(wrapped)
            pending = below
        self.lines.extend([BLANK] * pending)

    # Positions --------------------------------------------------------------------

    def body_units(self) -> list[Unit]:
        return [u for u in self.units if u.block is not None]

    def unit_of_block(self, block: int) -> Unit | None:
        return next((u for u in self.units if u.block == block), None)

    def position_at(self, top: int) -> tuple[int, int]:
        """``(block, offset)`` for a view whose top line is ``top``: the first
        body block not yet scrolled past, and where in it the top line starts
        (0 while the block is still below the top). A top inside the header
        (kicker, title, meta line) is ``(HEADER, lines from the top)``."""
        body = self.body_units()
        if body and 0 < top < body[0].first_line:
            return HEADER, top
        for unit in body:
            if unit.first_line + unit.line_count > top:
                line = top - unit.first_line
                if line <= 0:
                    return unit.block or 0, 0
                return unit.block or 0, unit.offsets.to_text(self.lines[unit.first_line + line].start)
        return 0, 0

    def line_of(self, block: int, offset: int) -> int | None:
        """The line where ``offset`` (printed) of body block ``block`` is drawn
        (for ``HEADER``, ``offset`` lines from the top, within the header)."""
        if block == HEADER:
            body = self.body_units()
            return min(offset, body[0].first_line if body else len(self.lines) - 1)
        unit = self.unit_of_block(block)
        if unit is None:
            return None
        shown = unit.offsets.to_shown(offset)
        line = 0
        for number in range(unit.line_count):
            if self.lines[unit.first_line + number].start <= shown:
                line = number
        return unit.first_line + line

    def first_line_of(self, kind: str) -> int | None:
        unit = next((u for u in self.units if u.kind == kind), None)
        return unit.first_line if unit is not None else None

    # Highlights -------------------------------------------------------------------

    def marks(self, spans: dict[tuple[str, int | None], list[tuple[int, int]]]) -> dict[int, list[tuple[int, int]]]:
        """Spans to mark, by line number, as ``(start, end)`` offsets into each
        line's text; ``spans`` are printed offsets, per unit key."""
        marks: dict[int, list[tuple[int, int]]] = {}
        for unit in self.units:
            for start, end in spans.get(unit.key, ()):
                lo, hi = unit.offsets.to_shown(start), unit.offsets.to_shown(end)
                for number in range(unit.first_line, unit.first_line + unit.line_count):
                    line = self.lines[number]
                    a, b = max(lo, line.start), min(hi, line.start + len(line.text))
                    if a < b:
                        marks.setdefault(number, []).append((a - line.start, b - line.start))
        return marks
