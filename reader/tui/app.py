"""The Textual application: themes, screens, signal handling and start-up."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from textual import events
from textual.app import App, SystemCommand
from textual.notifications import SeverityLevel
from textual.reactive import Initialize, Reactive
from textual.screen import Screen
from textual.theme import BUILTIN_THEMES, Theme

from reader.core.i18n import _
from reader.core.model import SourceFile
from reader.core.notices import summarised
from reader.core.safe_text import clean, clean_line
from reader.keywords.engine import Keywords
from reader.session.library import MemoryLibrary
from reader.tui import keymap, startup_gc
from reader.tui.keymap import bindings
from reader.tui.screens.main import MainScreen
from reader.tui.themes import DEFAULT_THEME, THEMES

OUR_THEMES = {theme.name: theme for theme in THEMES}

HANGUP_GRACE_SECONDS = 0.8


# Textual's own system commands (``get_system_commands`` translates them), in the translations too.
TEXTUAL_COMMANDS = (
    _("Theme"), _("Change the current theme"), _("Quit"), _("Quit the application as soon as possible"),
    _("Keys"), _("Hide the keys and widget help panel"),
    _("Show help for the focused widget and a summary of available keys"),
    _("Minimize"), _("Minimize the widget and restore to normal size"), _("Maximize"), _("Maximize the focused widget"),
    _("Screenshot"), _("Save an SVG 'screenshot' of the current screen"),
)



def _starting_theme(app: object) -> str:
    """The theme a ``ReaderApp`` was constructed with (see ``ReaderApp.theme``)."""
    assert isinstance(app, ReaderApp)
    return app.starting_theme


class ReaderApp(App[None]):
    """luoyang-reader's TUI. Takes parsed issues and the user's directories."""

    TITLE = "luoyang-reader"
    CSS_PATH = "reader.tcss"
    # The theme the app starts with, known from its first style: set after the
    # constructor (``self.theme = …``), Textual would parse every stylesheet a
    # second time for the new colours (~2% of a warm start).
    theme: Reactive[str] = Reactive(Initialize(_starting_theme))
    BINDINGS = bindings(keymap.APP[:2])
    _input_at = 0.0  # when the user last pressed a key or used the mouse (monotonic)

    def __init__(
        self,
        issues: list[SourceFile] | MemoryLibrary,
        *,
        warnings: Iterable[str] = (),
        data_dir: Path | None = None,
        cache_dir: Path | None = None,
        config_dir: Path | None = None,
        theme: str | None = None,
        keywords: Keywords | None = None,
        confirm_mark_read: bool = True,
    ) -> None:
        unknown = theme is not None and theme not in OUR_THEMES and theme not in BUILTIN_THEMES
        self.starting_theme = DEFAULT_THEME if theme is None or unknown else theme  # read by App.__init__
        super().__init__()
        self.confirm_mark_read = confirm_mark_read
        self._given_keywords = keywords  # made (and perhaps started) by the CLI
        # No smooth scrolling or fades: over SSH every animation frame is a repaint on the wire.
        self.animation_level = "none"
        self.library = issues if isinstance(issues, MemoryLibrary) else MemoryLibrary(issues)
        self.startup_warnings = list(warnings)
        self.data_dir = data_dir
        self.cache_dir = cache_dir
        self.config_dir = config_dir
        for custom in THEMES:
            self.register_theme(custom)
        if unknown:
            self.startup_warnings.append(
                _("unknown theme '{theme}' in the settings; using {default}").format(theme=theme, default=DEFAULT_THEME))
        self.theme_from_settings = None if theme is None else self.starting_theme

    def on_ready(self) -> None:
        """The first screen is laid out (its updates held until now); once
        the frame is drawn, a refresh later, the main screen is told."""
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.call_after_refresh(screen.first_frame_drawn)

    def on_mount(self) -> None:
        from reader.storage import paths

        if not self.is_headless and self.console.color_system in ("standard", "windows"):
            # 16 colours (TERM=xterm or screen, TEXTUAL_COLOR_SYSTEM=standard): the themes' calm
            # tones would all round to white, so the kinds of text take ANSI colours (reader.tcss).
            # Headless (tests, screenshots) the output is truecolor whatever TERM says.
            self.add_class("-sixteen-colours")
        from reader.session.reading import ReadingSession
        from reader.storage.store import Store

        self.store = Store.open(self.data_dir or paths.data_dir())
        remembered = self.store.setting("theme")
        if self.theme_from_settings is None and remembered in self.available_themes:
            self.theme = remembered  # the theme last chosen with the palette
        self.keywords = self._given_keywords or Keywords(
            self.cache_dir or paths.cache_dir(), self.config_dir or paths.config_dir()
        )
        self.session = ReadingSession(self.library, self.store, self.keywords)
        self.push_screen(MainScreen(self.session, confirm_mark_read=self.confirm_mark_read, width=self.size.width))
        if self.keywords.cache.notice:  # keywords still work, computed again each session
            self.startup_warnings.append(self.keywords.cache.notice)
        for warning in summarised(self.startup_warnings):
            self.notify(warning, severity="warning", timeout=8)
        self.set_interval(startup_gc.REST_S, self._collect_at_rest)
        try:
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self._hangup)
        except (NotImplementedError, RuntimeError, ValueError):
            pass  # not the main thread (tests) or no SIGHUP on this platform

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent) and not event.is_forwarded:
            self._input_at = time.monotonic()  # the user at the keys: no full collection now
        await super().on_event(event)

    def _collect_at_rest(self) -> None:
        """The collector's full collections while the user rests (``startup_gc``)."""
        if time.monotonic() - self._input_at >= startup_gc.REST_S:
            startup_gc.collect_at_rest()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification goes through the sanitiser and is never read as
        markup: its text may hold a title, a file name or a note (``[/]``)."""
        del markup  # ours carry none; a file's text must not be parsed as markup
        super().notify(clean(message), title=clean_line(title), severity=severity, timeout=timeout, markup=False)

    def get_theme(self, theme_name: str) -> Theme | None:
        """Also ours before they are registered: ``App.__init__`` asks for the
        starting theme's colours before this constructor can register them."""
        return super().get_theme(theme_name) or OUR_THEMES.get(theme_name)

    def watch_theme(self, theme: str) -> None:
        store = getattr(self, "store", None)
        if store is not None and store.setting("theme") != theme:
            store.set_setting("theme", theme)  # remembered for the next start

    def on_unmount(self) -> None:
        session = getattr(self, "session", None)
        if session is not None:
            session.close()  # the last position written; quitting never waits for a keyword job
        store = getattr(self, "store", None)
        if store is not None:
            store.close()

    def _hangup(self) -> None:
        """The terminal went away: exit now; never linger writing to a dead tty."""
        timer = threading.Timer(HANGUP_GRACE_SECONDS, os._exit, args=(129,))
        timer.daemon = True
        timer.start()
        self.exit(return_code=129)

    def action_command_palette(self) -> None:
        """Textual's palette, its prompt in the UI's language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not any(isinstance(s, CommandPalette) for s in self.screen_stack):
            self.push_screen(CommandPalette(id="--command-palette", placeholder=_("Search for commands…")))

    def search_themes(self) -> None:
        """The theme switcher ("Change theme"), its prompt in the UI's language."""
        from textual.command import CommandPalette
        from textual.theme import ThemeProvider

        self.push_screen(CommandPalette(providers=[ThemeProvider], placeholder=_("Search for themes…")))

    def action_help(self) -> None:
        from reader.tui.screens.help import HelpScreen  # only when asked for: off the start-up path

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):  # Textual's own, in the UI's language
            yield command._replace(title=_(command.title), help=_(command.help))
        if isinstance(screen, MainScreen):
            for name, what, action in keymap.palette():
                yield SystemCommand(name, what, getattr(screen, f"action_{action}"))
        yield SystemCommand(_("Help: keys"), _("Every key binding (?)"), self.action_help)


def run_app(
    issues: list[SourceFile] | MemoryLibrary,
    *,
    warnings: Iterable[str] = (),
    mouse: bool | None = None,
    data_dir: Path | None = None,
    keywords: Keywords | None = None,
) -> int:
    """Run the reader until the user quits; returns the exit status."""
    from reader.storage import paths
    from reader.storage.settings import user_settings

    settings = user_settings()
    app = ReaderApp(
        issues,
        warnings=[*warnings, *settings.warnings],
        data_dir=data_dir,
        cache_dir=paths.cache_dir(),
        config_dir=paths.config_dir(),
        theme=settings.theme,
        keywords=keywords,
        confirm_mark_read=settings.confirm_mark_read,
    )
    app.run(mouse=settings.mouse if mouse is None else mouse)
    return app.return_code or 0
