"""Snapshot tests of the main views (pytest-textual-snapshot).

Made with the Textual version pinned in the test extra. After a deliberate UI
change: run ``pytest tests/test_snapshots.py --snapshot-update``, after
reviewing ``snapshot_report.html`` from a failing run.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input
from ui_helpers import make_app, wait_for

from reader.tui.screens.main import MainScreen
from reader.tui.widgets.keyword_panel import KeywordList, WordOption
from reader.tui.widgets.search_panel import SearchPanel


async def _ready(pilot) -> None:
    """The main screen is up and the keywords are in (they arrive from a worker)."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, MainScreen))
    keywords = pilot.app.screen.query_one(KeywordList)
    await wait_for(pilot, lambda: any(isinstance(o, WordOption) for o in keywords.options), timeout=60)
    await pilot.pause()


async def _searched(pilot) -> None:
    """Ready, a search typed, and its hits in (from a worker); the cursor's
    blink frozen, so the picture does not depend on when it is taken."""
    await _ready(pilot)
    await pilot.press("slash", "b", "g", "h", "c")
    panel = pilot.app.screen.query_one(SearchPanel)
    await wait_for(pilot, lambda: panel.hit_count > 0 and "bghc" in str(panel.query_one("#search-status").render()))
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def test_main_view_120x36(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), terminal_size=(120, 36), run_before=_ready)


def test_main_view_80x24(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), run_before=_ready)


def test_reader_after_opening_an_article_80x24(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(
        make_app(tmp_path), terminal_size=(80, 24), run_before=_ready, press=["j", "j", "enter", "space"]
    )


def test_narrow_list_60x20(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), terminal_size=(60, 20), run_before=_ready, press=["h"])


def test_help_screen_80x24(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), run_before=_ready, press=["question_mark"])


def test_search_results_80x24(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), run_before=_searched)
