"""Where luoyang-reader keeps things. Functions, called at run time and passed in.

Nothing here is evaluated at import time, so tests can point every location at
``tmp_path`` (through ``XDG_*_HOME`` or explicit arguments).
"""

from __future__ import annotations

from pathlib import Path

APP_NAME = "luoyang-reader"
BUNDLED_ISSUE = "000_efce2d328bfbc38f.txt"


def data_dir() -> Path:
    """The user data dir (reading state, bookmarks): honours ``XDG_DATA_HOME``."""
    import platformdirs

    return platformdirs.user_data_path(APP_NAME)


def cache_dir() -> Path:
    """The user cache dir (the keyword cache): honours ``XDG_CACHE_HOME``."""
    import platformdirs

    return platformdirs.user_cache_path(APP_NAME)


def config_dir() -> Path:
    """The user config dir (settings, user dictionary): honours ``XDG_CONFIG_HOME``."""
    import platformdirs

    return platformdirs.user_config_path(APP_NAME)


def package_dir() -> Path:
    """The installed package's own folder. The package is installed as files
    (pip unpacks wheels), so a plain path: no ``importlib.resources`` and its
    zipfile support to load at start."""
    return Path(__file__).resolve().parent.parent


def package_data(name: str) -> Path:
    """A file shipped in the package's ``data`` folder (dictionaries, stop words)."""
    return package_dir() / "data" / name


def bundled_issue() -> Path:
    """The issue shipped with the package (in the wheel: ``reader/seeds``)."""
    packaged = package_dir() / "seeds" / BUNDLED_ISSUE
    if packaged.is_file():
        return packaged
    # Running from a source checkout or an editable install: the top-level seeds/.
    return package_dir().parent / "seeds" / BUNDLED_ISSUE
