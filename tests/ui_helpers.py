"""Helpers for UI tests: build the app on sandboxed dirs; wait for conditions."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from reader.session.library import load_files
from reader.tui.app import ReaderApp
from reader.tui.screens.main import MainScreen
from reader.tui.widgets.article_view import ArticleView


def make_app(tmp_path: Path, paths: list[Path] | None = None, theme: str | None = None) -> ReaderApp:
    issues, warnings = load_files(paths or [])
    return ReaderApp(issues, warnings=warnings, data_dir=tmp_path / "data", theme=theme)


async def wait_for(pilot, condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Let the app run until ``condition()`` holds; fail after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"condition not met within {timeout}s: {condition}")
        await pilot.pause(0.02)


async def ready(pilot) -> MainScreen:
    """The main screen is up (and has had a turn to settle)."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, MainScreen))
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    return screen


def shown(prompt: object, width: int = 60) -> str:
    """What a list row's prompt shows, as plain text (a table's cells too)."""
    import os

    from rich.console import Console

    with open(os.devnull, "w") as sink:
        console = Console(width=width, record=True, file=sink)
        console.print(prompt)
        return console.export_text()


def title(app: ReaderApp) -> str:
    """The title shown in the reading pane."""
    return app.screen.query_one(ArticleView).title
