"""Pilot tests: read state, reading position and bookmarks, across restarts."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from textual.color import Color
from textual.widgets import Input
from ui_helpers import make_app, ready, title, wait_for

from reader.storage.store import Store, open_read_only
from reader.tui.screens.bookmarks import BookmarkNoteScreen, BookmarksScreen
from reader.tui.screens.main import MainScreen
from reader.tui.screens.prompt import Confirm, LinePrompt
from reader.tui.widgets.article_list import BOOKMARK, UNREAD, ArticleList
from reader.tui.widgets.article_view import ArticleView

FIRST = "让脱贫群众生活更上一层楼"
SECOND = "洛阳光电元器件产业集群再添发展动能"


def states(tmp_path: Path):
    return Store.open(tmp_path / "data").readings()


async def read_first_to_its_end(pilot) -> tuple[MainScreen, str]:
    """Open the reader on the first article and go to its end, which reads it."""
    screen = await ready(pilot)
    first_id = screen.session.files[0].articles[0].id
    assert not screen.session.states[first_id].read
    await pilot.press("tab", "G")
    await wait_for(pilot, lambda: screen.session.states[first_id].read)
    return screen, first_id


async def test_reaching_the_end_marks_read_and_u_toggles(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen, first_id = await read_first_to_its_end(pilot)
        assert states(tmp_path)[first_id].read  # committed at once, not on quit
        await pilot.press("u")
        await wait_for(pilot, lambda: not screen.session.states[first_id].read)
        assert not states(tmp_path)[first_id].read
        # u on a list row toggles that row's article.
        await pilot.press("h", "j", "u")
        second_id = screen.session.files[0].articles[1].id
        await wait_for(pilot, lambda: screen.session.states[second_id].read)
        # U asks first (more than one unread article): n leaves them unread, y marks them.
        articles = screen.session.files[0].articles
        await pilot.press("U")
        await wait_for(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        assert sum(screen.session.state(a.id).read for a in articles) == 1
        await pilot.press("U")
        await wait_for(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        await wait_for(pilot, lambda: all(screen.session.state(a.id).read for a in articles))
        await pilot.press("U")  # nothing left to mark: no question, a fact in the status
        await wait_for(pilot, lambda: "read already" in screen._status)
        assert isinstance(app.screen, MainScreen)
    assert all(s.read for s in states(tmp_path).values())


async def test_mark_issue_read_without_the_question(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    app.confirm_mark_read = False  # confirm_mark_read = false in config.toml
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        articles = screen.session.files[0].articles
        await pilot.press("U")
        await wait_for(pilot, lambda: all(screen.session.state(a.id).read for a in articles))
        assert isinstance(app.screen, MainScreen)


async def test_position_and_last_article_are_restored_after_restart(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("j", "enter", "space")
        reader = app.screen.query_one(ArticleView)
        await wait_for(pilot, lambda: reader.scroll_y > 0)
        saved = reader.position()
        second_id = app.screen.session.files[0].articles[1].id

        def written() -> bool:  # the position is saved while reading, not on quit
            view = open_read_only(tmp_path / "data")
            state = view.readings().get(second_id) if view else None
            if view:
                view.close()
            return state is not None and (state.block, state.offset) == saved[:2]

        await wait_for(pilot, written)
    stored = Store.open(tmp_path / "data")
    assert stored.last_article() is not None
    position = stored.readings()[stored.last_article()]
    assert (position.block, position.offset) == saved[:2] and saved[0] > 0

    # A new session, at another size: same article, same place in the text.
    again = make_app(tmp_path)
    async with again.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert title(again) == SECOND
        reader = again.screen.query_one(ArticleView)
        await wait_for(pilot, lambda: reader.position()[0] == saved[0])
        block, offset, _ = reader.position()
        assert block == saved[0] and offset <= saved[1]


async def test_bookmark_with_note_then_jump_and_delete(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("tab", "space")
        reader = app.screen.query_one(ArticleView)
        await wait_for(pilot, lambda: reader.scroll_y > 0)
        spot = reader.position()
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, BookmarkNoteScreen))
        await pilot.press(*"see this", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        (bookmark,) = Store.open(tmp_path / "data").bookmarks()
        assert (bookmark.block, bookmark.offset, bookmark.note, bookmark.title) == (spot[0], spot[1], "see this", FIRST)
        first_id = app.screen.session.files[0].articles[0].id
        assert app.screen.session.states[first_id].bookmarks == 1

        # Esc cancels a bookmark: nothing is saved.
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, BookmarkNoteScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        assert len(Store.open(tmp_path / "data").bookmarks()) == 1

        # Go elsewhere, then jump back through the bookmarks screen.
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: title(app) == SECOND)
        await pilot.press("M")
        await wait_for(pilot, lambda: isinstance(app.screen, BookmarksScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and title(app) == FIRST)
        reader = app.screen.query_one(ArticleView)
        await wait_for(pilot, lambda: reader.position()[0] == spot[0])

        await pilot.press("M")
        await wait_for(pilot, lambda: isinstance(app.screen, BookmarksScreen))
        # e edits the note; an empty note removes it.
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, LinePrompt))
        assert app.screen.query_one(Input).value == "see this"
        await pilot.press("ctrl+u", *"read again", "enter")
        await wait_for(pilot, lambda: Store.open(tmp_path / "data").bookmarks()[0].note == "read again")
        assert isinstance(app.screen, BookmarksScreen)
        # d deletes, u puts it back as it was (same id, note and time), d again deletes.
        await pilot.press("d")
        await wait_for(pilot, lambda: Store.open(tmp_path / "data").bookmarks() == [])
        await pilot.press("u")
        await wait_for(pilot, lambda: len(Store.open(tmp_path / "data").bookmarks()) == 1)
        (back,) = Store.open(tmp_path / "data").bookmarks()
        assert back == dataclasses.replace(bookmark, note="read again")
        await pilot.press("d")
        await wait_for(pilot, lambda: Store.open(tmp_path / "data").bookmarks() == [])
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        assert app.screen.session.states[first_id].bookmarks == 0


async def test_unsaved_state_is_visible(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("not a directory")
    app = make_app(tmp_path)
    app.data_dir = blocker / "data"
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        masthead = app.screen.query_one("#masthead").render()
        assert "not saving state" in str(masthead)
        await pilot.press("u")  # still works in the session
        first_id = app.screen.session.files[0].articles[0].id
        await wait_for(pilot, lambda: app.screen.session.states[first_id].read)
        assert any("not being saved" in n.message for n in app._notifications)


async def test_list_shows_markers_for_state(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        articles = app.screen.query_one(ArticleList)
        first_id = app.screen.session.files[0].articles[0].id
        assert row_text(articles, 0).startswith(UNREAD) and row_text(articles, 1).startswith(UNREAD)
        await pilot.press("u")
        await wait_for(pilot, lambda: app.screen.session.states[first_id].read)
        assert articles.highlighted == 0
        await wait_for(pilot, lambda: not row_text(articles, 0).startswith(UNREAD))
        assert "read" in row_text(articles, 0)  # the read row says so
        assert row_text(articles, 1).startswith(UNREAD)  # the others still carry the marker
        await pilot.press("m", "enter")
        await wait_for(pilot, lambda: BOOKMARK in row_text(articles, 0)[:3])


def row_text(article_list: ArticleList, index: int) -> str:
    """What a list row shows, as plain text."""
    from ui_helpers import shown

    return shown(article_list.get_option_at_index(index).prompt)


async def test_an_article_that_fits_on_screen_is_read_once_opened(tmp_path: Path) -> None:
    from conftest import FIXTURES

    app = make_app(tmp_path, [FIXTURES / "culture_page.md"])
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = app.screen
        briefs = screen.session.files[0].articles[2]  # 简讯: three short blocks
        assert not screen.session.states[briefs.id].read  # shown at start-up does not count
        await pilot.press("j", "j", "enter")
        await wait_for(pilot, lambda: screen.session.states[briefs.id].read)
        assert Store.open(tmp_path / "data").reading(briefs.id).read


async def test_the_chosen_theme_is_remembered(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    assert app.theme == "luoyang-ink"
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.theme = "luoyang-paper"  # as the palette's theme switcher does
        await pilot.pause()
    again = make_app(tmp_path)
    async with again.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert again.theme == "luoyang-paper"
    # A theme in the settings file wins over the remembered one.
    from reader.tui.app import ReaderApp

    pinned = ReaderApp(again.library, data_dir=tmp_path / "data", theme="textual-dark")
    async with pinned.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert pinned.theme == "textual-dark"


@pytest.mark.parametrize("theme", ["luoyang-paper", "textual-light", None])
async def test_the_starting_theme_is_styled_once(theme: str | None, tmp_path: Path, monkeypatch) -> None:
    """The theme from the settings is the app's from its construction: its
    colours are on screen and no stylesheet was parsed again for them."""
    from textual.css.stylesheet import Stylesheet

    from reader.tui.app import ReaderApp

    reparsed = []
    original = Stylesheet.reparse
    monkeypatch.setattr(Stylesheet, "reparse", lambda self: (reparsed.append(1), original(self))[1])
    app = ReaderApp(make_app(tmp_path).library, data_dir=tmp_path / "data", theme=theme)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        expected = app.get_theme(theme or "luoyang-ink")
        assert expected is not None and app.current_theme is expected
        assert screen.styles.background == Color.parse(expected.background or "")
        assert app.has_class("-light-mode") == (not expected.dark)
        assert reparsed == []
        app.theme = "luoyang-ink" if theme else "luoyang-paper"  # a change still restyles everything
        await pilot.pause()
        assert reparsed


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
async def test_reaching_the_end_then_next_leaves_the_next_article_unread(size: tuple[int, int], tmp_path: Path) -> None:
    """A late Scrolled message of the article being left must not mark the new one read."""
    app = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        screen = app.screen
        first, second = (a.id for a in screen.session.files[0].articles[:2])
        await pilot.press("tab", "G")
        await wait_for(pilot, lambda: screen.session.states[first].read)
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: title(app) == SECOND)
        for _ in range(5):
            await pilot.pause()
        assert not screen.session.states[second].read
    saved = states(tmp_path)
    assert saved[first].read and not (second in saved and saved[second].read)


async def test_unread_at_the_very_end_sticks_while_the_article_stays_open(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen, first_id = await read_first_to_its_end(pilot)
        await pilot.press("u", "k", "j")  # off the end and back to it
        reader = screen.query_one(ArticleView)
        await wait_for(pilot, lambda: reader.at_end)
        await pilot.pause(0.2)
        assert not screen.session.states[first_id].read and not states(tmp_path)[first_id].read
        await pilot.press("right_square_bracket", "left_square_bracket", "G")  # left and came back
        await wait_for(pilot, lambda: screen.session.states[first_id].read)


async def test_a_position_in_the_first_lines_is_kept_across_a_restart(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        reader = app.screen.query_one(ArticleView)
        await pilot.press("tab", "g", "j", "j", "j")  # the title at the top, above the first paragraph
        await wait_for(pilot, lambda: reader.scroll_y == 3)
        first_id = app.screen.session.current[1].id
        # Written after a moment's stillness, while the reader is still open (not only when it closes).
        await wait_for(pilot, lambda: (saved := states(tmp_path).get(first_id)) is not None and saved.offset > 0)
    again = make_app(tmp_path)
    async with again.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        reader = again.screen.query_one(ArticleView)
        await wait_for(pilot, lambda: reader.settled and reader.scroll_y == 3)


async def test_the_collector_paused_at_the_start_runs_again_after_the_first_frame(tmp_path: Path) -> None:
    """``startup_gc``: paused by the command that opens the reader, the
    collector is back once the first frame is drawn (what lived then is
    frozen); an app made without the pause (tests, embedding) is left alone."""
    import gc

    from reader.tui import startup_gc

    assert gc.isenabled()
    threshold = gc.get_threshold()
    startup_gc.pause()
    try:
        assert not gc.isenabled()
        app = make_app(tmp_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            await wait_for(pilot, gc.isenabled)
            assert gc.get_freeze_count() > 0
            assert gc.get_threshold() == (*threshold[:2], startup_gc.FULL_AT_MOST)  # full ones left to rest
        gc.unfreeze()
        gc.set_threshold(*threshold)
        app = make_app(tmp_path)  # no pause: nothing frozen, the collector untouched
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            await pilot.pause()
            assert gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        gc.enable()
        gc.unfreeze()
        gc.set_threshold(*threshold)


def test_a_full_collection_runs_at_rest_once_enough_young_ones_came() -> None:
    import gc

    from reader.tui import startup_gc

    gc.collect()
    assert not startup_gc.collect_at_rest()  # none due
    for _ in range(startup_gc.FULL_AT_REST):
        gc.collect(1)  # each young collection counts towards a full one
    assert startup_gc.collect_at_rest()
    assert gc.get_count()[2] == 0


async def test_the_app_collects_in_full_only_when_no_key_came_for_a_while(tmp_path: Path, monkeypatch) -> None:
    """A key (or the mouse) puts off the full collections (``startup_gc``):
    they run when the user rests, not while a keystroke waits."""
    import time

    from reader.tui import startup_gc

    asked: list[float] = []
    monkeypatch.setattr(startup_gc, "collect_at_rest", lambda: asked.append(time.monotonic()) or True)
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        before = time.monotonic()
        await pilot.press("j")
        assert app._input_at >= before  # the key was seen
        asked.clear()
        app._collect_at_rest()
        assert not asked  # a key a moment ago: not now
        app._input_at = time.monotonic() - startup_gc.REST_S
        app._collect_at_rest()
        assert asked


def test_a_reader_that_cannot_start_leaves_the_collector_running() -> None:
    """The open command pauses the collector for the first frame; stopped
    before one (no terminal here: a one-line error), it lets it run again."""
    import gc

    from reader.cli.open_reader import cmd_open
    from reader.text.sources import InputError

    assert gc.isenabled()
    with pytest.raises(InputError, match="needs a terminal"):
        cmd_open([])  # pytest's stdin is not a terminal
    assert gc.isenabled() and gc.get_freeze_count() == 0
