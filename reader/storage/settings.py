"""User settings from ``config.toml`` in the user config dir.

The file is optional. A setting it gets wrong is reported in one line and the
default is used; the reader never fails to start because of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from reader.core.i18n import LANGUAGES, N_
from reader.core.safe_files import read_regular_text, reason

CONFIG_FILE = "config.toml"
CONFIG_MAX_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Settings:
    """What a user may set: mouse reporting, the theme, the UI's language,
    whether ``U`` asks, and the papers of folders whose files do not name it."""

    mouse: bool = True
    theme: str | None = None  # None: the last theme chosen in the app (or the default)
    language: str | None = None  # "zh" or "en"; None: from the locale (see ``i18n``)
    confirm_mark_read: bool = True  # U asks before marking many articles read
    # The paper of the files in a folder that do not name it themselves: (folder, paper).
    papers: tuple[tuple[str, str], ...] = ()
    # What was wrong, as (message, its fields): the UI's language depends on these
    # settings, so the messages are translated when shown (``warnings``).
    notes: tuple[tuple[str, dict[str, str]], ...] = field(default=(), compare=False)

    @property
    def warnings(self) -> tuple[str, ...]:
        """What was wrong with the file, one line each, in the UI's language."""
        from reader.core.i18n import _

        return tuple(_(message).format(**fields) for message, fields in self.notes)


def _ignored(path: Path, why: str) -> Settings:
    return Settings(notes=((N_("{path}: ignored ({reason})"), {"path": str(path), "reason": why}),))


def load_settings(config_dir: Path) -> Settings:
    """Read ``config_dir/config.toml``; defaults for anything missing or wrong."""
    path = config_dir / CONFIG_FILE
    try:
        text = read_regular_text(path, CONFIG_MAX_BYTES)
    except FileNotFoundError:
        return Settings()  # the usual case: nothing more to import
    except OSError as err:  # a FIFO, a device, too large, unreadable: never waited on
        return _ignored(path, reason(err))
    except UnicodeDecodeError as err:
        return _ignored(path, str(err))
    import difflib
    import tomllib

    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        return _ignored(path, str(err))
    notes: list[tuple[str, dict[str, str]]] = []
    where = str(path)
    values: dict[str, object] = {}
    known: dict[str, type] = {"mouse": bool, "theme": str, "language": str, "confirm_mark_read": bool, "papers": dict}
    for key in raw:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            if close:
                notes.append((N_("{path}: unknown setting '{key}' ignored (did you mean '{close}'?)"),
                              {"path": where, "key": key, "close": close[0]}))
            else:
                notes.append((N_("{path}: unknown setting '{key}' ignored (known: {known})"),
                              {"path": where, "key": key, "known": ", ".join(known)}))
    for key, kind in known.items():
        if key in raw:
            if isinstance(raw[key], kind):
                values[key] = raw[key]
            else:
                message = {bool: N_("{path}: '{key}' must be true or false; using the default"),
                           str: N_("{path}: '{key}' must be a string; using the default"),
                           dict: N_("{path}: '{key}' must be a table of folders and paper names")}[kind]
                notes.append((message, {"path": where, "key": key}))
    if "papers" in values:
        values["papers"] = _papers(values["papers"], where, notes)  # type: ignore[arg-type]
    if values.get("language") not in (None, *LANGUAGES):
        notes.append((N_("{path}: 'language' must be \"zh\" or \"en\"; using the locale's"), {"path": where}))
        del values["language"]
    return Settings(**values, notes=tuple(notes))  # type: ignore[arg-type]


def _papers(table: dict[str, object], where: str, notes: list[tuple[str, dict[str, str]]]) -> tuple[tuple[str, str], ...]:
    """``[papers]``: folder = "paper name", folders as absolute paths (``~`` is home)."""
    import os

    papers = []
    for folder, name in table.items():
        if isinstance(name, str) and name.strip():
            papers.append((os.path.realpath(os.path.expanduser(folder)), name.strip()))
        else:
            notes.append((N_("{path}: the paper of '{folder}' must be a name; ignored"), {"path": where, "folder": folder}))
    return tuple(papers)


@cache
def user_settings() -> Settings:
    """The user's own settings (the user config dir), read once a process: the
    UI's language and the app both ask for them at start."""
    from reader.storage.paths import config_dir

    return load_settings(config_dir())
