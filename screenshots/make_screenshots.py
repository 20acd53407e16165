"""Make the README's screenshots from the real app on the bundled issue.

Run from anywhere:  python screenshots/make_screenshots.py
User directories are pointed at a temporary folder, so your reading state is
neither used nor touched.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

FIXTURES = HERE.parent / "tests" / "fixtures"
SHOTS: list[tuple[str, tuple[int, int], list[str]] | tuple[str, tuple[int, int], list[str], list[Path]]] = [
    # (file, size, keys pressed after the first frame[, paths opened instead of the bundled issue])
    ("main-120x36.svg", (120, 36), []),
    ("narrow-80x24.svg", (80, 24), ["j", "enter", "space"]),
    ("one-pane-60x20.svg", (60, 20), []),
    ("help-80x24.svg", (80, 24), ["question_mark"]),
    ("search-100x30.svg", (100, 30), ["slash", *"bghc", "enter"]),
    # Two bookmarks (one with a note), then the bookmarks screen, made at a
    # fixed time (see main) so that reruns give the same picture.
    ("bookmarks-80x24.svg", (80, 24),
     ["tab", "space", "m", *"回头细读", "enter", "right_square_bracket", "m", "enter", "M"]),
    # A dated archive (the test fixtures: a crawler's day tree and an e-paper
    # page): day, then page, then article; "." has gone on to the next date,
    # ")" to its next page.
    ("dated-archive-120x36.svg", (120, 36), ["full_stop", "right_parenthesis"],
     [FIXTURES / "crawler", FIXTURES / "epaper"]),
]


def app_parts() -> tuple[Any, ...]:
    """What a shot needs of the app (a test imports them: a move breaks it there)."""
    from reader.session.library import load_files
    from reader.tui.app import ReaderApp
    from reader.tui.screens.main import MainScreen
    from reader.tui.screens.main_reading import SAVE_DELAY
    from reader.tui.widgets.keyword_panel import KeywordList, WordOption

    return load_files, ReaderApp, MainScreen, SAVE_DELAY, KeywordList, WordOption


async def shoot(name: str, size: tuple[int, int], keys: list[str], data: Path, paths: list[Path] | None = None) -> None:
    load_files, ReaderApp, MainScreen, SAVE_DELAY, KeywordList, WordOption = app_parts()  # noqa: N806

    def words_shown() -> bool:
        return any(isinstance(o, WordOption) for o in app.screen.query_one(KeywordList).options)

    issues, warnings = load_files(paths or [])
    app = ReaderApp(issues, warnings=warnings, data_dir=data)
    async with app.run_test(size=size) as pilot:
        while not isinstance(app.screen, MainScreen):
            await pilot.pause(0.02)
        while not words_shown():
            await pilot.pause(0.02)  # keywords arrive from a worker
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        while isinstance(app.screen, MainScreen) and not words_shown():
            await pilot.pause(0.02)  # a key that opened another article: its keywords too
        # The position is saved after a moment's stillness, and the list row then
        # shows it: shoot after that, so every run draws the same picture.
        await pilot.pause(SAVE_DELAY + 0.2)
        app.save_screenshot(filename=name, path=str(HERE))
    print(f"wrote {HERE / name}")


def main() -> None:
    import time

    import reader.storage.store

    # Bookmarks are stamped at a fixed moment, shown in Luoyang's time zone.
    reader.storage.store.now_iso = lambda: "2026-11-25T01:30:00+00:00"
    os.environ["TZ"] = "Asia/Shanghai"
    # The UI in Chinese, as the paper's readers have it (see reader/i18n.py).
    os.environ["LANG"] = "zh_CN.UTF-8"
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        os.environ.pop(name, None)
    time.tzset()
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("DATA", "CACHE", "CONFIG"):
            os.environ[f"XDG_{kind}_HOME"] = str(Path(tmp) / kind.lower())
        for name, size, keys, *paths in SHOTS:
            asyncio.run(shoot(name, size, keys, Path(tmp) / "data", *paths))


if __name__ == "__main__":
    sys.exit(main())
