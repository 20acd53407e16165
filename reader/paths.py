"""Where luoyang-reader keeps things. Functions, called at run time and passed in.

Nothing here is evaluated at import time, so tests can point every location at
``tmp_path`` (through ``XDG_*_HOME`` or explicit arguments).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

APP_NAME = "luoyang-reader"
BUNDLED_ISSUE = "000_efce2d328bfbc38f.txt"


def data_dir() -> Path:
    """The user data dir (reading state, bookmarks): honours ``XDG_DATA_HOME``."""
    import platformdirs

    return platformdirs.user_data_path(APP_NAME)


def cache_dir() -> Path:
    """The user cache dir (keyword and parse caches): honours ``XDG_CACHE_HOME``."""
    import platformdirs

    return platformdirs.user_cache_path(APP_NAME)


def config_dir() -> Path:
    """The user config dir (settings, user dictionary): honours ``XDG_CONFIG_HOME``."""
    import platformdirs

    return platformdirs.user_config_path(APP_NAME)


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) readable by the owner only (0700)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        if path.stat().st_mode & 0o077:
            os.chmod(path, 0o700)
    except OSError:
        pass
    return path


def ensure_private_file(path: Path) -> Path:
    """Create ``path`` readable by the owner only (0600), or tighten an existing
    file's mode. Safe when two sessions do it at once (no exists-then-create)."""
    os.close(os.open(path, os.O_RDONLY | os.O_CREAT, 0o600))
    if path.stat().st_mode & 0o077:
        os.chmod(path, 0o600)
    return path


def bundled_issue() -> Path:
    """The issue shipped with the package (in the wheel: ``reader/seeds``)."""
    packaged = resources.files("reader") / "seeds" / BUNDLED_ISSUE
    if packaged.is_file():
        return Path(str(packaged))
    # Running from a source checkout or an editable install: the top-level seeds/.
    return Path(__file__).resolve().parent.parent / "seeds" / BUNDLED_ISSUE
