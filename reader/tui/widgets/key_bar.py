"""The footer's keys for what has the focus, drawn as one line of text.

Textual's ``Footer`` composes a widget per key and composes them all again at
every focus change; each one is styled, laid out and kept. Here the keys are
one line rendered from ``Screen.active_bindings``: a dozen widgets fewer
(a warm start's peak RSS went from 43.8 to 42.8 MB, median of 9 in a pty),
and a focus change repaints one line.

Keys are shown as Footer shows them: one per action (the first key bound to
it), in the order of the bindings, disabled ones dim. A key that does not fit
whole is left out rather than cut. A click on a key presses it.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


def _declared(node: object, action: str) -> int:
    """Where ``action`` stands in ``node``'s own ``BINDINGS`` (after them all when it is not there)."""
    declared = getattr(type(node), "BINDINGS", [])
    for n, binding in enumerate(declared):
        if getattr(binding, "action", None) == action:
            return n
    return len(declared)


class KeyBar(Widget):
    """The keys of the focused widget and its ancestors, one line."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--disabled"}
    DEFAULT_CSS = """
    KeyBar {
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-bar--disabled {
            text-style: dim;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, str]] = []  # (first cell, end cell, key) of each key shown

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen:
            self.refresh()

    def keys(self) -> list[tuple[str, str, str, bool]]:
        """``(key, shown key, description, enabled)`` for each action shown: the
        focused widget's first, each widget's in the order its key map declares
        them (a key it inherits, such as pageup, would otherwise keep its base
        class's place), so a narrow footer keeps the ones that matter most."""
        seen: set[str] = set()
        nodes: dict[int, int] = {}  # id(node) -> its place in the chain, focused first
        found = []
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            place = nodes.setdefault(id(active.node), len(nodes))
            found.append(((place, _declared(active.node, binding.action)),
                          (binding.key, self.app.get_key_display(binding), binding.description, active.enabled)))
        return [item for _, item in sorted(found, key=lambda pair: pair[0])]

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        text_style = self.get_component_rich_style("key-bar--description", partial=True)
        dim = self.get_component_rich_style("key-bar--disabled", partial=True)
        line = Text(no_wrap=True, overflow="crop", end="")
        spans = []
        width = self.size.width
        for key, shown, description, enabled in self.keys():
            item = Text.assemble((f" {shown} ", key_style), (f"{description} " if description else "", text_style))
            if not enabled:
                item.stylize(dim)
            if line.cell_len + item.cell_len > width:
                break  # only whole keys
            spans.append((line.cell_len, line.cell_len + item.cell_len, key))
            line.append_text(item)
        self._spans = spans
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return
