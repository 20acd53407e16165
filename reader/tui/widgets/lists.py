"""A list with vim keys: the base of every list in the app."""

from __future__ import annotations

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

    def _watch_highlighted(self, old: int | None, new: int | None) -> None:
        try:
            starts, heights = self._index_to_line, self._heights  # Textual's own line map
            for index in {old, new} - {None}:
                assert index is not None
                self.refresh_lines(starts[index], heights[index])
        except (AttributeError, KeyError):
            self.refresh()  # the map is not there (another Textual, or not laid out yet): all of it
