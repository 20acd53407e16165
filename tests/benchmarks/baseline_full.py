"""The heavier baseline: a bare Textual app with the reader's shape.

A ``Header``, a ``ListView`` of the five titles, a ``Static`` of the first
article's text (read from the bundled page, lines 1-57) in a scrolling pane,
and a ``Footer``. Animations are off, as in the reader (a smooth scroll would
send twenty frames per page-down). The benchmark runs it in the same
pseudo-terminal set-up as the reader: what it costs is what any Textual app of
this shape costs here.
"""

from pathlib import Path

from baseline_app import TITLES
from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Label, ListItem, ListView, Static

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_efce2d328bfbc38f.txt"


class BaselineFull(App[None]):
    CSS = "ListView { width: 34; height: 1fr; } VerticalScroll { width: 1fr; }"
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self) -> None:
        super().__init__()
        self.animation_level = "none"

    def compose(self) -> ComposeResult:
        text = "\n".join(SEED.read_text(encoding="utf-8").splitlines()[:57])
        yield Header()
        with Horizontal():
            yield ListView(*(ListItem(Label(title)) for title in TITLES))
            with VerticalScroll():
                yield Static("BASELINE " + text, markup=False)
        yield Footer()


if __name__ == "__main__":
    BaselineFull().run()
