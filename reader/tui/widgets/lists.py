"""A list with vim keys: the base of every list in the app."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList

from reader.tui import keymap
from reader.tui.keymap import bindings


class VimList(OptionList):
    """An OptionList that also moves with ``j``/``k``, and repaints only the
    rows a move changes (the option left and the option reached), not the
    whole list: over SSH every repainted row is bytes on the wire."""

    BINDINGS = bindings(keymap.LIST_MOVES)

    highlighted: reactive[int | None] = reactive(None, repaint=False)

    @dataclass
    class AtEnd(Message):
        """A move down from the last row (``last``) or up from the first: the
        list stays where it is, as the reader's articles, pages and hits do
        at their ends (the screen says so)."""

        list: VimList
        last: bool

    def action_cursor_down(self) -> None:
        self._step(+1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        """The next enabled row that way; at the end, stay and say so (no wrapping round)."""
        at = self.highlighted
        if at is None:
            super().action_cursor_down() if direction > 0 else super().action_cursor_up()
            return
        index = at + direction
        while 0 <= index < self.option_count and self.get_option_at_index(index).disabled:
            index += direction
        if 0 <= index < self.option_count:
            self.highlighted = index
        else:
            self.post_message(self.AtEnd(self, direction > 0))

    def _watch_highlighted(self, old: int | None, new: int | None) -> None:
        try:
            starts, heights = self._index_to_line, self._heights  # Textual's own line map
            for index in {old, new} - {None}:
                assert index is not None
                self.refresh_lines(starts[index], heights[index])
        except (AttributeError, KeyError):
            self.refresh()  # the map is not there (another Textual, or not laid out yet): all of it
