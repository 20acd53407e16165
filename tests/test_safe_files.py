"""Files the reader owns: never through a link, never another user's, never a
wait on a FIFO; and state that every one of many first starts saves."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED

from reader.core.safe_files import UnsafePathError, private_dir, private_file
from reader.keywords.cache import KeywordCache
from reader.keywords.engine import Keywords
from reader.storage.settings import load_settings
from reader.storage.store import DB_NAME, SCHEMA_VERSION, Store

OTHER_UID = 65534  # nobody


def _victim(tmp_path: Path) -> tuple[Path, bytes, int]:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"the victim's own words\n")
    victim.chmod(0o644)
    return victim, victim.read_bytes(), stat.S_IMODE(victim.stat().st_mode)


def _unchanged(victim: Path, content: bytes, mode: int) -> None:
    assert victim.read_bytes() == content
    assert stat.S_IMODE(victim.stat().st_mode) == mode


def test_a_planted_state_db_link_is_not_followed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    victim, content, mode = _victim(tmp_path)
    (data / DB_NAME).symlink_to(victim)
    store = Store.open(data)
    assert not store.saving and "symbolic link" in (store.notice or "")
    store.set_read("a", True)  # works for the session, in memory
    _unchanged(victim, content, mode)


def test_a_dangling_link_does_not_create_its_target(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    target = tmp_path / "made-by-the-reader"
    (data / DB_NAME).symlink_to(target)
    assert not Store.open(data).saving
    assert not target.exists()


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_a_planted_companion_link_is_not_followed(suffix: str, tmp_path: Path) -> None:
    data = tmp_path / "data"
    Store.open(data).close()
    victim, content, mode = _victim(tmp_path)
    (data / f"{DB_NAME}{suffix}").symlink_to(victim)
    store = Store.open(data)
    assert not store.saving
    store.set_read("a", True)
    _unchanged(victim, content, mode)


def _as_other_user(path: Path) -> None:
    try:
        os.chown(path, OTHER_UID, OTHER_UID)
    except PermissionError:
        pytest.skip("needs root to make a directory of another user's")


def test_a_shared_data_dir_of_another_user_is_not_written(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    _as_other_user(shared)
    victim, content, mode = _victim(tmp_path)
    (shared / DB_NAME).symlink_to(victim)
    store = Store.open(shared)
    assert not store.saving and "another user" in (store.notice or "")
    _unchanged(victim, content, mode)


def test_a_world_writable_sticky_dir_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    shared = tmp_path / "tmpish"
    shared.mkdir()
    shared.chmod(0o1777)
    store = Store.open(shared)
    assert not store.saving and "writable by other users" in (store.notice or "")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777  # the sticky bit is not dropped
    assert list(shared.iterdir()) == []


def test_the_app_shows_not_saving_for_an_unsafe_data_dir(tmp_path: Path) -> None:
    from reader.keywords.engine import Keywords
    from reader.session.library import MemoryLibrary
    from reader.session.reading import ReadingSession
    from reader.tui.screens.main import MainScreen

    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    store = Store.open(shared)
    screen = MainScreen(ReadingSession(MemoryLibrary([]), store, Keywords(tmp_path / "cache", tmp_path / "config")))
    assert screen._masthead().startswith("[not saving state]")


def test_an_existing_private_dir_is_used_as_it_is(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir(mode=0o755)
    mine.chmod(0o755)
    assert Store.open(mine).saving
    assert stat.S_IMODE(mine.stat().st_mode) == 0o755  # not the reader's to change
    made = tmp_path / "new" / "deeper"
    private_dir(made)
    assert stat.S_IMODE(made.stat().st_mode) == 0o700


def test_private_file_refuses_links_and_hard_links(tmp_path: Path) -> None:
    victim, content, mode = _victim(tmp_path)
    link = tmp_path / "link"
    link.symlink_to(victim)
    with pytest.raises(UnsafePathError, match="symbolic link"):
        private_file(link)
    hard = tmp_path / "hard"
    os.link(victim, hard)
    with pytest.raises(UnsafePathError, match="hard links"):
        private_file(hard)
    _unchanged(victim, content, mode)
    fresh = tmp_path / "fresh"
    assert private_file(fresh) is True and stat.S_IMODE(fresh.stat().st_mode) == 0o600


def test_a_keyword_cache_link_leaves_the_other_database_alone(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    other = tmp_path / "another.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE mine (x)")
    conn.commit()
    conn.close()
    other.chmod(0o644)
    before = other.read_bytes()
    (cache / "keywords.db").symlink_to(other)
    keyword_cache = KeywordCache(cache)
    assert "symbolic link" in (keyword_cache.notice or "")
    keyword_cache.put_many({})
    keyword_cache.close()
    assert other.read_bytes() == before and stat.S_IMODE(other.stat().st_mode) == 0o644
    tables = [r[0] for r in sqlite3.connect(other).execute("SELECT name FROM sqlite_master")]
    assert tables == ["mine"]
    assert sqlite3.connect(other).execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_a_newer_schema_database_is_opened_read_only_and_left_untouched(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = Store.open(data)
    store.set_read("a1", True)
    store.close()
    db = data / DB_NAME
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    db.chmod(0o644)
    before = db.read_bytes()
    store = Store.open(data)
    assert not store.saving and "newer" in (store.notice or "")
    assert store.readings()["a1"].read  # what it saved is still shown
    store.set_read("a2", True)
    store.close()
    assert db.read_bytes() == before
    assert stat.S_IMODE(db.stat().st_mode) == 0o644
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "delete"


FIRST_START = """
import json, sys
from pathlib import Path
from reader.storage.store import Store
sys.stdin.readline()  # all imported: start together
store = Store.open(Path(sys.argv[1]))
wrote = store.set_read(sys.argv[2], True)
print(json.dumps({"saving": store.saving, "wrote": wrote, "notice": store.notice}))
"""


def test_many_first_starts_at_once_all_save(tmp_path: Path) -> None:
    data = tmp_path / "data"
    children = [
        subprocess.Popen([sys.executable, "-c", FIRST_START, str(data), f"a{n}"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, text=True)
        for n in range(30)
    ]
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    results = [json.loads(child.communicate(timeout=120)[0]) for child in children]
    unsaved = [r for r in results if not (r["saving"] and r["wrote"])]
    assert unsaved == []
    assert len(Store.open(data).readings()) == 30


@pytest.fixture
def tiny_disk(tmp_path: Path):
    """A 64 KiB file system of our own (tmpfs; needs root), unmounted after."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {made.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


@pytest.mark.parametrize("free_kib", [36, 40, 44])
def test_a_full_disk_at_first_start_says_why(free_kib: int, tiny_disk: Path) -> None:
    (tiny_disk / "fill").write_bytes(b"\0" * (64 - free_kib) * 1024)
    store = Store.open(tiny_disk / "data")
    assert not store.saving
    assert "cannot rollback" not in (store.notice or "")  # SQLite ended it; the real reason shows
    assert "full" in (store.notice or "") or "disk I/O" in (store.notice or ""), store.notice
    assert store.set_read("a", True)  # the session still works, in memory


def test_a_fifo_config_or_user_dictionary_never_hangs(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    os.mkfifo(config / "config.toml")
    os.mkfifo(config / "userdict.txt")
    settings = load_settings(config)
    assert settings.warnings and "not a regular file (a FIFO)" in settings.warnings[0]
    engine = Keywords(tmp_path / "cache", config)
    engine.extractor.fingerprint()
    assert "not a regular file (a FIFO)" in (engine.extractor.user_dict_note or "")


STALLED_CHILD = """
import json, subprocess, sys, time
from pathlib import Path
from reader.keywords import engine as kw
from reader.session.library import load_files
started = []
real_popen = subprocess.Popen
def popen(*args, **kwargs):
    child = real_popen(*args, **kwargs)
    started.append(child)
    return child
subprocess.Popen = popen
engine = kw.Keywords(Path(sys.argv[1]), Path(sys.argv[2]))
engine.child_command = lambda: [sys.executable, "-c", "import time; time.sleep(120)"]
engine.child_timeout = 0.5
(issue,), _ = load_files([Path(sys.argv[3])])
t = time.monotonic()
found = engine.compute_apart(issue.articles)
print(json.dumps({"seconds": time.monotonic() - t, "found": len(found),
                  "reaped": [c.returncode for c in started], "jieba": "jieba" in sys.modules}))
"""


def test_a_stalled_keyword_child_is_killed_and_reaped(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-c", STALLED_CHILD, str(tmp_path / "cache"), str(tmp_path / "config"), str(SEED)],
        capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert len(result["reaped"]) == 1 and result["reaped"][0] is not None  # waited for: no zombie
    assert result["reaped"][0] != 0  # killed
    assert not result["jieba"]  # no fallback into the reader's own process
    assert result["found"] == 0
