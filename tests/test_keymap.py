"""One key map: every binding, the palette, the help screen and the man page come from it."""

from __future__ import annotations

import ast
from pathlib import Path

import reader
from reader.tui import keymap

TUI = Path(reader.__file__).resolve().parent / "tui"


def test_no_key_is_written_outside_the_key_map() -> None:
    """Every ``BINDINGS`` is made by ``keymap.bindings``, and nothing else makes a ``Binding``."""
    wrong = []
    for path in sorted(TUI.rglob("*.py")):
        if path.name == "keymap.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "Binding":
                wrong.append(f"{path.name}:{node.lineno} makes a Binding")
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "BINDINGS" for t in node.targets):
                call = node.value
                if not (isinstance(call, ast.Call) and getattr(call.func, "id", "") == "bindings"):
                    wrong.append(f"{path.name}:{node.lineno} BINDINGS not from the key map")
    assert wrong == []


def test_the_palette_help_and_man_page_name_the_same_keys() -> None:
    from reader.cli.manpage import manpage
    from reader.cli.parsers import parsers

    help_rows = {keys for _title, rows in keymap.sections() for keys, _what in rows}
    for key in keymap.MAIN:
        if key.keys:
            assert keymap.label(key.keys) in help_rows, key
    palette = {action: what for _name, what, action in keymap.palette()}
    assert palette["next_article"].endswith("(])") and palette["mark_keyword"].endswith("(enter there)")
    page = manpage(parsers(), reader.__version__)
    keys = page[page.index(".SH KEYS"):]
    for key in keymap.MAIN:
        if key.keys:
            assert f"\\fB{keymap.label(key.keys)}" in keys.replace("\\-", "-").replace("\\e", "\\").replace("\\&", ""), key


def test_labels_read_as_typed() -> None:
    assert keymap.label("j,ctrl+e,down") == "j Ctrl+E ↓"
    assert keymap.label("right_square_bracket") == "]"
    assert keymap.footer_label("ctrl+p") == "^p" and keymap.footer_label("question_mark") == "?"
