"""Shared test set-up: every test runs with its own data, cache and config dirs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

# The UI's language comes from the locale: the tests run in English (in
# process), and the pty tests in Chinese (see pty_helpers.Terminal), whatever
# the machine's locale is.
os.environ["LANG"] = "C.UTF-8"
for _name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_name, None)

# Directories the tests make must not be group-writable, or the reader (rightly)
# refuses to keep state in them; a umask of 002 would make them so.
os.umask(0o022)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = ROOT / "seeds" / "000_efce2d328bfbc38f.txt"


@pytest.fixture(autouse=True)
def sandbox_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Point XDG data/cache/config (and HOME) at tmp_path: no test touches the real home."""
    dirs = {name: tmp_path / "xdg" / name for name in ("data", "cache", "config", "home")}
    for path in dirs.values():
        path.mkdir(parents=True)
    monkeypatch.setenv("XDG_DATA_HOME", str(dirs["data"]))
    monkeypatch.setenv("XDG_CACHE_HOME", str(dirs["cache"]))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(dirs["config"]))
    monkeypatch.setenv("HOME", str(dirs["home"]))
    return dirs


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def fixture_pages() -> list[Path]:
    """Every page under tests/fixtures: pages like the bundled one, and real
    shapes (an e-paper page, archive text, a crawler's day tree)."""
    return sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".md", ".txt"))


def exported_files(doc: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The files of an export document (schema 2: issues › pages › files), in order."""
    return [file for issue in doc["issues"] for page in issue["pages"] for file in page["files"]]


def make_archive(directory: Path, count: int) -> list[Path]:
    """A generated archive of ``count`` issues (see ``benchmarks/make_archive.py``)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent / "benchmarks"))
    from make_archive import make

    return make(directory, count)


def env_without_user_dirs(tmp_path: Path) -> dict[str, str]:
    """An environment for subprocesses with sandboxed XDG dirs."""
    env = dict(os.environ)
    for name in ("DATA", "CACHE", "CONFIG"):
        env[f"XDG_{name}_HOME"] = str(tmp_path / "xdg" / name.lower())
    env["HOME"] = str(tmp_path / "xdg" / "home")
    env.pop("NO_COLOR", None)
    return env


EXE = shutil.which("luoyang-reader")  # the installed console script, if on PATH


def run_cli(
    args: list[str], tmp_path: Path, cwd: Path | None = None, env: Mapping[str, str | None] | None = None
) -> subprocess.CompletedProcess[str]:
    """The installed ``luoyang-reader`` (else ``python -m reader``) with sandboxed
    user dirs; ``env`` sets variables, or removes those given None."""
    command = [EXE, *args] if EXE else [sys.executable, "-m", "reader", *args]
    full_env = env_without_user_dirs(tmp_path)
    for name, value in (env or {}).items():
        if value is None:
            full_env.pop(name, None)
        else:
            full_env[name] = value
    return subprocess.run(command, cwd=cwd or tmp_path, env=full_env, capture_output=True, text=True, timeout=120)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every async test drives the app in Textual's pilot, every ``snap_compare``
    test is a snapshot: marked so, so that the fast run (README) leaves them out."""
    import inspect

    for item in items:
        function = getattr(item, "function", None)
        if function is not None and inspect.iscoroutinefunction(function):
            item.add_marker(pytest.mark.pilot)
        if "snap_compare" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.snapshot)
