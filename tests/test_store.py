"""The reading-state store: durable, shared safely between sessions, private."""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from reader.storage.store import APPLICATION_ID, DB_NAME, SCHEMA_VERSION, Store, open_read_only


def test_state_survives_reopening(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "data")
    assert store.saving and store.notice is None
    store.set_read("a1", True)
    store.set_position("a2", 3, 17, 0.5, title="乙", source="/x/y.txt")
    mark = store.add_bookmark("a2", "乙", "/x/y.txt", 3, 17, "片段", "看这里")
    store.set_last_article("a2")
    store.close()

    again = Store.open(tmp_path / "data")
    states = again.readings()
    assert states["a1"].read and not states["a2"].read
    assert (states["a2"].block, states["a2"].offset, states["a2"].progress) == (3, 17, 0.5)
    (bookmark,) = again.bookmarks()
    assert (bookmark.id, bookmark.note, bookmark.snippet, bookmark.block) == (mark, "看这里", "片段", 3)
    assert again.last_article() == "a2"
    again.delete_bookmark(bookmark.id)
    again.set_read("a1", False)
    assert again.bookmarks() == [] and not again.readings()["a1"].read


def test_private_modes_wal_and_schema(tmp_path: Path) -> None:
    data = tmp_path / "fresh" / "data"
    store = Store.open(data)
    store.set_read("a", True)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    for name in os.listdir(data):
        assert stat.S_IMODE((data / name).stat().st_mode) & 0o077 == 0, name
    assert stat.S_IMODE((data / DB_NAME).stat().st_mode) == 0o600
    assert store.journal_mode == "wal"
    conn = sqlite3.connect(data / DB_NAME)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_corrupt_database_is_moved_aside(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    (data / DB_NAME).write_bytes(b"this is not sqlite at all" * 100)
    store = Store.open(data)
    assert store.saving
    assert store.notice and "moved it to" in store.notice and "corrupt" in store.notice
    aside = [p for p in data.iterdir() if p.name.startswith(f"{DB_NAME}.corrupt-")]
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not sqlite")
    store.set_read("a", True)
    assert Store.open(data).readings()["a"].read


def test_foreign_database_is_moved_aside(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    other = sqlite3.connect(data / DB_NAME)
    other.execute("CREATE TABLE invoices (id INTEGER)")
    other.commit()
    other.close()
    store = Store.open(data)
    assert store.saving and store.notice and "foreign" in store.notice
    assert any(p.name.startswith(f"{DB_NAME}.foreign-") for p in data.iterdir())


def test_newer_schema_is_left_alone(tmp_path: Path) -> None:
    data = tmp_path / "data"
    Store.open(data).close()
    conn = sqlite3.connect(data / DB_NAME)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    store = Store.open(data)
    assert not store.saving and "newer" in (store.notice or "")
    assert not any(".foreign-" in p.name or ".corrupt-" in p.name for p in data.iterdir())


READ_ONLY_CHECK = """
import json, sys
from pathlib import Path
from reader.storage.store import Store
store = Store.open(Path(sys.argv[1]))
wrote = store.set_read("a", True)
print(json.dumps({"saving": store.saving, "notice": store.notice,
                  "read": wrote and store.readings()["a"].read}))
"""


def _without_permission_override() -> None:
    """In a child of root: drop the capabilities that let root ignore file modes
    (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH) from its bounding set before exec."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) refused")


def test_read_only_directory_gives_a_working_unsaved_store(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o500)
    try:
        run = subprocess.run(
            [sys.executable, "-c", READ_ONLY_CHECK, str(data)],
            capture_output=True,
            text=True,
            preexec_fn=_without_permission_override if os.geteuid() == 0 else None,
        )
    except subprocess.SubprocessError as err:  # prctl refused: no CAP_SETPCAP here
        pytest.skip(f"cannot make root respect file modes here: {err}")
    finally:
        data.chmod(0o700)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert not result["saving"] and "not being saved" in (result["notice"] or "")
    assert result["read"]  # still works for this session, in memory
    assert list(data.iterdir()) == []  # and nothing was created


def test_unwritable_data_path_gives_a_working_unsaved_store(tmp_path: Path) -> None:
    # A regular file where the data directory should be: cannot be created as root either.
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    store = Store.open(blocker / "data")
    assert not store.saving and "not being saved" in (store.notice or "")
    assert store.add_bookmark("a", "t", "s", 0, 0, "", None) is not None
    assert len(store.bookmarks()) == 1


def test_a_write_failure_mid_session_becomes_a_notice(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "data")
    store._conn.execute("PRAGMA query_only = ON")  # as when the disk fills or goes read-only
    assert store.set_read("a", True) is False
    assert store.notice and "not being saved" in store.notice


def _writer(data: str, who: int, count: int) -> None:
    store = Store.open(Path(data))
    for i in range(count):
        store.set_position(f"p{who}-{i}", i, i, 0.1)
        store.set_read(f"shared-{i % 7}", bool(i % 2))
        assert store.add_bookmark(f"a{who}", "t", "s", i, 0, "", f"{who}:{i}") is not None
        store.set_many_read([f"m{who}-{i}", f"m{who}-{i}-b"])
    assert store.notice is None, store.notice
    store.close()


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    Store.open(data).close()
    ctx = multiprocessing.get_context("spawn")
    count = 150
    procs = [ctx.Process(target=_writer, args=(str(data), who, count)) for who in (1, 2)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(120)
        assert proc.exitcode == 0
    store = Store.open(data)
    states = store.readings()
    for who in (1, 2):
        for i in range(count):
            assert states[f"p{who}-{i}"].block == i
            assert states[f"m{who}-{i}"].read and states[f"m{who}-{i}-b"].read
    notes = {b.note for b in store.bookmarks()}
    assert notes == {f"{who}:{i}" for who in (1, 2) for i in range(count)}


def test_where_wal_cannot_work_a_rollback_journal_is_used(tmp_path: Path, monkeypatch) -> None:
    # SQLite's unix-dotfile VFS has no shared memory, as on NFS: WAL is refused there.
    connect = sqlite3.connect

    def without_shared_memory(database, *args, **kwargs):
        if database == ":memory:":
            return connect(database, *args, **kwargs)
        return connect(f"file:{database}?vfs=unix-dotfile", *args, uri=True, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", without_shared_memory)
    data = tmp_path / "data"
    first, second = Store.open(data), Store.open(data)  # two sessions at once
    assert first.saving and first.notice is None
    assert first.journal_mode == second.journal_mode == "delete"
    # Without WAL, every commit is synced in full (2 = FULL).
    assert first._conn.execute("PRAGMA synchronous").fetchone()[0] == 2
    for i in range(20):
        assert first.set_read(f"one-{i}", True)
        assert second.add_bookmark("b", "t", "s", i, 0, "", f"two-{i}") is not None
    first.close()
    second.close()
    assert not (data / f"{DB_NAME}-wal").exists()
    again = Store.open(data)
    assert sum(s.read for s in again.readings().values()) == 20
    assert len(again.bookmarks()) == 20


def test_read_only_view_never_creates_a_database(tmp_path: Path) -> None:
    assert open_read_only(tmp_path / "nothing") is None
    assert not (tmp_path / "nothing").exists()
    store = Store.open(tmp_path / "data")
    store.set_read("a", True)
    view = open_read_only(tmp_path / "data")
    assert view is not None and view.readings()["a"].read


def test_bookmark_times_are_shown_in_local_time(monkeypatch) -> None:
    import time

    from reader.storage.store import Bookmark

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        mark = Bookmark(1, "a", "t", "/x.txt", 0, 0, "s", None, "2026-11-25T13:04:09+00:00")
        assert mark.created_local == "2026-11-25 21:04"  # stored in UTC, read in Luoyang
        assert mark.as_json()["created"] == "2026-11-25T13:04:09+00:00"  # scripts get UTC
    finally:
        monkeypatch.undo()
        time.tzset()
