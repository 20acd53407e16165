"""Snapshot tests of the main views (pytest-textual-snapshot).

Made with the Textual version pinned in the test extra. After a deliberate UI
change: run ``pytest tests/test_snapshots.py --snapshot-update``, after
reviewing ``snapshot_report.html`` from a failing run.
"""

from __future__ import annotations

from pathlib import Path

from ui_helpers import make_app, wait_for

from reader.tui.screens.main import MainScreen
from reader.tui.widgets.keyword_panel import KeywordList


async def _ready(pilot) -> None:
    """The main screen is up and the keywords are in (they arrive from a worker)."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, MainScreen))
    keywords = pilot.app.screen.query_one(KeywordList)
    await wait_for(pilot, lambda: any(o.id for o in keywords.options), timeout=60)
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
    assert snap_compare(
        make_app(tmp_path), terminal_size=(80, 24), run_before=_ready, press=["slash", "b", "g", "h", "c"]
    )
