"""Rich text wrapped by the reader's own rules for Chinese (``reader.core.typeset``).

Rich wraps CJK text anywhere, so a line may start with ``、`` or end with
``“``. ``Typeset`` wraps at the width it is given with the same kinsoku rules
as the reading pane, keeping the text's styles (a marked search hit).
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from reader.core.typeset import line_starts, wrap, wrap_at_spaces


class Typeset:
    """``text`` broken into lines by ``reader.core.typeset.wrap`` at the render
    width (``at_spaces``: a part after a space that does not fit starts the
    next line whole, as a title's subtitle should)."""

    def __init__(self, text: Text, at_spaces: bool = False) -> None:
        self.text = text
        self.at_spaces = at_spaces

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        plain = self.text.plain
        lines = (wrap_at_spaces if self.at_spaces else wrap)(plain, options.max_width)
        for line, start in zip(lines, line_starts(plain, lines), strict=True):
            piece = self.text[start : start + len(line)]
            piece.no_wrap = True
            yield piece

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(2, options.max_width)
