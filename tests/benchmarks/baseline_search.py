"""A bare Textual search to measure the reader's search against.

An ``Input``, a one-line status and an ``OptionList`` of matching lines, with
the list of titles and a text pane beside it: each keystroke filters the
lines on the UI thread and paints the status the benchmark waits for. What it
costs in the pty is Textual's (and the harness's) floor for a keystroke.
"""

from baseline_app import TEXT, TITLES
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Input, OptionList, Static

LINES = [line for line in TEXT.splitlines() if line] + TITLES


class BaselineSearch(App[None]):
    CSS = """
    Vertical { width: 34; height: 1fr; }
    #status { height: 1; }
    VerticalScroll { width: 1fr; }
    """
    BINDINGS = [("ctrl+q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical():
                yield Input(id="query")
                yield Static("", id="status")
                yield OptionList(*TITLES, id="hits")
            with VerticalScroll():
                yield Static(TEXT)
        yield Footer()

    def on_input_changed(self, event: Input.Changed) -> None:
        query = event.value.strip()
        found = [line for line in LINES if query and query in line] if query else []
        self.query_one("#status", Static).update(f"「{query}」 {len(found)} hits", layout=False)
        hits = self.query_one("#hits", OptionList)
        hits.set_options(found[:20])


if __name__ == "__main__":
    BaselineSearch().run()
