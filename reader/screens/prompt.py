"""A one-line question: a bookmark's note, the command to pipe an article to."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from reader.i18n import _
from reader.safe_text import clean_line


class LinePrompt(ModalScreen[str | None]):
    """Asks for one line; Enter answers it (maybe empty), Esc cancels (None)."""

    DEFAULT_CSS = """
    LinePrompt {
        align: center middle;
        #prompt-box {
            width: 64;
            max-width: 100%;
            height: auto;
            border: round $border;
            background: $surface;
            padding: 0 1;
        }
        #prompt-title { margin: 0 0 1 0; text-style: bold; }
    }
    """

    BINDINGS = [Binding("escape", "cancel", _("Cancel"))]

    def __init__(self, title: str, placeholder: str, value: str = "", max_length: int = 200) -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder
        self.value = value
        self.max_length = max_length

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Static(clean_line(self.title_text), id="prompt-title", markup=False)
            yield Input(self.value, placeholder=self.placeholder, max_length=self.max_length, id="answer")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
