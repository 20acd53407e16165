"""A list with vim keys: the base of every list in the app."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class VimList(OptionList):
    """An OptionList that also moves with ``j``/``k``."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]
