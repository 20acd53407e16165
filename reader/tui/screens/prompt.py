"""Small questions: one line (a bookmark's note, the command to pipe an article to), or yes or no."""

from __future__ import annotations

from typing import TypeVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from reader.core.i18n import _
from reader.core.safe_text import clean_line
from reader.tui import keymap
from reader.tui.keymap import bindings

Answer = TypeVar("Answer")


class Question(ModalScreen[Answer]):
    """A small box in the middle of the screen: a question, then how to answer it."""

    DEFAULT_CSS = """
    Question {
        align: center middle;
        #question-box {
            width: 64;
            max-width: 100%;
            height: auto;
            border: round $border;
            background: $surface;
            padding: 0 1;
        }
        #question-title { margin: 0 0 1 0; text-style: bold; }
        #question-keys { color: $text-muted; }
    }
    """


class LinePrompt(Question[str | None]):
    """Asks for one line; Enter answers it (maybe empty), Esc cancels (None)."""

    BINDINGS = bindings(keymap.LINE_PROMPT)

    def __init__(self, title: str, placeholder: str, value: str = "", max_length: int = 200) -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder
        self.value = value
        self.max_length = max_length

    def compose(self) -> ComposeResult:
        with Vertical(id="question-box"):
            yield Static(clean_line(self.title_text), id="question-title", markup=False)
            yield Input(self.value, placeholder=self.placeholder, max_length=self.max_length, id="answer")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class Confirm(Question[bool]):
    """A yes/no question: ``y`` or Enter answers yes; ``n``, Esc or ``q`` no."""

    BINDINGS = bindings(keymap.CONFIRM)

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="question-box"):
            yield Static(clean_line(self.question), id="question-title", markup=False)
            yield Static(_("y or Enter: yes · n or Esc: no"), id="question-keys", markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
