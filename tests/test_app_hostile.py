"""The TUI against hostile text: markup in titles, notes, file names and the
config is shown literally, never parsed (``[/]`` used to crash the app); and,
in a pseudo-terminal, no control sequence from a file reaches the terminal."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEED
from hostile import HOSTILE_ISSUE, assert_no_file_sequences, write_hostile_issue
from pty_helpers import Terminal
from textual.widgets import Static
from ui_helpers import make_app, ready, wait_for

from reader.storage.store import Store
from reader.tui.app import ReaderApp
from reader.tui.screens.bookmarks import BookmarkNoteScreen, BookmarksScreen
from reader.tui.screens.prompt import Confirm


def _messages(app: ReaderApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_markup_in_a_title_and_a_note_is_shown_literally(tmp_path: Path) -> None:
    app = make_app(tmp_path, [write_hostile_issue(tmp_path / "in")])
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        screen = app.screen
        await pilot.press("u")  # says "Read: 标题[/]…" in the status
        await wait_for(pilot, lambda: "标题[/]" in screen.status)
        assert "标题[/]" in str(screen.query_one("#masthead").render())  # drawn as typed, not as markup
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, BookmarkNoteScreen))
        await pilot.press("[", "/", "]", "enter")
        await wait_for(pilot, lambda: screen.status == "Bookmarked: [/]")
        assert "Bookmarked: [/]" in str(screen.query_one("#masthead").render())
        await pilot.press("U")  # one unread article left: marked at once, the issue named as typed
        await wait_for(pilot, lambda: screen.status.startswith("Marked the 1 unread article of hostile"))
        await pilot.pause()
        assert app.is_running and app.return_code is None
        # A title's escapes are drawn as visible pictures, not sent as controls.
        shown = "\n".join(str(line) for line in app.screen._compositor.render_update(full=True).strips)
        assert "\x1b]0;" not in shown


async def test_a_file_named_like_markup_and_its_issue(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "[x=y=z].txt").write_bytes(SEED.read_bytes())
    (archive / "[x=y=z]empty.md").write_bytes(b"")  # skipped: its name goes into a warning
    app = make_app(tmp_path, [archive])
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        await wait_for(pilot, lambda: any("[x=y=z]empty.md: empty file" in m for m in _messages(app)))
        assert "[x=y=z]" in screen._masthead()
        await pilot.press("U")  # the question names the issue as typed, not as markup
        await wait_for(pilot, lambda: isinstance(app.screen, Confirm) and app.screen.query("#question-title"))
        assert "of [x=y=z] read?" in str(app.screen.query_one("#question-title", Static).render())
        await pilot.press("y")
        await wait_for(pilot, lambda: "of [x=y=z] read" in screen.status)
        assert "of [x=y=z] read" in str(screen.query_one("#masthead").render())
        assert app.is_running and app.return_code is None


@pytest.mark.parametrize("theme", ["[/]", "[@click=app.quit]x"])
async def test_a_theme_that_looks_like_markup_is_reported_literally(theme: str, tmp_path: Path) -> None:
    app = make_app(tmp_path, [SEED], theme=theme)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: any(f"unknown theme '{theme}'" in m for m in _messages(app)))
        # Never parsed as markup: no [@click] link, no crash on [/].
        assert all(n.markup is False for n in app._notifications)
        await pilot.pause()
        assert app.is_running and app.return_code is None


async def test_jumping_to_a_bookmark_of_an_issue_not_open(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "data")
    store.add_bookmark("elsewhere", "别处[/]", "/gone/[/]issue.md", 0, 0, "片段", "[b]note")
    store.close()
    app = make_app(tmp_path, [SEED])
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("M")
        await wait_for(pilot, lambda: isinstance(app.screen, BookmarksScreen))
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("/gone/[/]issue.md" in m for m in _messages(app)))
        assert app.is_running and app.return_code is None


@pytest.mark.slow
def test_the_terminal_gets_no_sequence_from_a_hostile_issue(tmp_path: Path) -> None:
    """What an SSH user's terminal receives, byte for byte, while reading,
    searching and listing bookmarks of a hostile issue."""
    issue = write_hostile_issue(tmp_path / "in", "hostile\x1b]0;pwned-title\x07.md")
    term = Terminal(tmp_path, (str(issue),), cols=120, rows=36)
    try:
        term.wait_for_text("方括号")
        term.press("tab")  # into the reader: the whole first article is drawn
        term.press("G", "s", "]", "[")
        term.press("/")
        for key in "正文":
            term.press(key)
        term.press("escape", "m")
        term.press("enter", "M")
        term.wait_for_text("书签：回车跳转")
        term.press("escape", "q")
        term.wait_exit()
    finally:
        term.close()
    assert "红色" in HOSTILE_ISSUE
    assert_no_file_sequences(bytes(term.raw))
    assert "␛]52;c;cGF5bG9hZA==".encode() in term.raw or "␛]52;c;cGF5".encode() in term.raw
