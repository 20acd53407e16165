"""Reading state carried between hosts: ``state export`` and a merging ``state import``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXE, env_without_user_dirs

from reader.storage.state_transfer import StateError, export_state, import_state, parse_state
from reader.storage.store import Store


def _host(tmp_path: Path, name: str) -> Store:
    return Store.open(tmp_path / name)


def _snapshot(store: Store) -> tuple[dict[str, tuple[bool, int, int, float]], set[tuple[str, int, str | None]], dict]:
    readings = {a: (r.read, r.block, r.offset, r.progress) for a, r in store.readings().items()}
    marks = {(b.article_id, b.block, b.note) for b in store.bookmarks()}
    return readings, marks, export_state(store)["settings"]


def test_a_round_trip_between_two_data_dirs_gives_the_union_with_the_newer_positions(tmp_path: Path) -> None:
    home, laptop = _host(tmp_path, "home"), _host(tmp_path, "laptop")
    # On the home host: a read, a position and a bookmark with a note.
    home.set_read("aaaaaaaaaaaa", True)
    home.set_position("bbbbbbbbbbbb", 3, 10, 0.4, title="乙")
    home.add_bookmark("cccccccccccc", "丙", "/home/x/丙.md", 2, 0, "一段", "看这里")
    home.set_setting("theme", "paper")
    home.connection.execute("UPDATE articles SET updated = '2026-01-01T08:00:00+00:00'")  # made in the morning
    # On the laptop, later: a newer position in the same article, its own read and bookmark.
    laptop.set_position("bbbbbbbbbbbb", 7, 0, 0.9, title="乙")
    laptop.set_read("dddddddddddd", True)
    laptop.add_bookmark("eeeeeeeeeeee", "戊", "/mnt/y/戊.md", 0, 0, "", None)
    laptop.set_setting("theme", "night")

    sent = parse_state(json.dumps(export_state(home)))
    merged = import_state(laptop, sent)
    readings, marks, settings = _snapshot(laptop)
    assert readings["aaaaaaaaaaaa"][0] and readings["dddddddddddd"][0]  # both read marks
    assert readings["bbbbbbbbbbbb"][1:] == (7, 0, 0.9)  # the laptop's position is newer: it stays
    assert marks == {("cccccccccccc", 2, "看这里"), ("eeeeeeeeeeee", 0, None)}
    assert settings["theme"] == "night"  # this host's own setting is kept
    assert (merged.read, merged.bookmarks, merged.settings) == (1, 1, 0)

    # Back the other way: the home host takes the laptop's newer position.
    import_state(home, parse_state(json.dumps(export_state(laptop))))
    assert _snapshot(home)[0]["bbbbbbbbbbbb"][1:] == (7, 0, 0.9)
    assert {m[0] for m in _snapshot(home)[1]} == {"cccccccccccc", "eeeeeeeeeeee"}

    before = _snapshot(laptop)
    again = import_state(laptop, sent)  # twice: nothing more
    assert _snapshot(laptop) == before and again.as_json() == dict.fromkeys(again.as_json(), 0)


def test_a_dry_run_changes_nothing_and_says_what_it_would(tmp_path: Path) -> None:
    home, laptop = _host(tmp_path, "home"), _host(tmp_path, "laptop")
    home.set_read("aaaaaaaaaaaa", True)
    before = _snapshot(laptop)
    merged = import_state(laptop, parse_state(json.dumps(export_state(home))), dry_run=True)
    assert merged.read == 1 and _snapshot(laptop) == before


def test_a_note_is_kept_where_one_side_has_none(tmp_path: Path) -> None:
    home = _host(tmp_path, "home")
    home.add_bookmark("cccccccccccc", "丙", "/x", 2, 0, "", None)
    laptop_doc = export_state(home)
    laptop_doc["bookmarks"][0]["note"] = "后来写的"  # the same bookmark, noted on the other host
    merged = import_state(home, parse_state(json.dumps(laptop_doc)))
    assert merged.notes == 1 and [b.note for b in home.bookmarks()] == ["后来写的"]


HOSTILE = {
    "not json": "{",
    "deep": "[" * 100_000,
    "another kind": json.dumps({"kind": "something else", "schema": 1}),
    "newer schema": json.dumps({"kind": "luoyang-reader state", "schema": 99}),
    "articles not a list": json.dumps({"kind": "luoyang-reader state", "schema": 1, "articles": {}}),
    "an id too long": json.dumps({"kind": "luoyang-reader state", "schema": 1, "articles": [
        {"id": "a" * 5000, "read": True, "block": 0, "offset": 0, "progress": 0, "title": None,
         "updated": "2026-01-01T00:00:00+00:00"}]}),
    "progress NaN": '{"kind": "luoyang-reader state", "schema": 1, "articles": [{"id": "a", "read": true, '
                    '"block": 0, "offset": 0, "progress": NaN, "title": null, "updated": "2026-01-01T00:00:00+00:00"}]}',
    "a bool for a block": json.dumps({"kind": "luoyang-reader state", "schema": 1, "articles": [
        {"id": "a", "read": True, "block": True, "offset": 0, "progress": 0, "title": None,
         "updated": "2026-01-01T00:00:00+00:00"}]}),
    "a time without a zone": json.dumps({"kind": "luoyang-reader state", "schema": 1, "bookmarks": [
        {"article_id": "a", "title": "t", "source": "s", "block": 0, "offset": 0, "snippet": "", "note": None,
         "created": "2026-01-01T00:00:00"}]}),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_malformed_or_hostile_file_is_refused_whole(case: str, tmp_path: Path) -> None:
    with pytest.raises(StateError) as refused:
        parse_state(HOSTILE[case])
    assert "\n" not in str(refused.value) and len(str(refused.value)) < 300


def test_the_command_line_round_trip_and_its_errors(tmp_path: Path) -> None:
    import subprocess

    def run(*args: str, data: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        import sys

        command = [EXE] if EXE else [sys.executable, "-m", "reader"]
        return subprocess.run([*command, "state", *args, "--data-dir", str(tmp_path / data)], input=stdin,
                              capture_output=True, text=True, env=env_without_user_dirs(tmp_path), timeout=60)

    home = Store.open(tmp_path / "home")
    home.set_read("aaaaaaaaaaaa", True)
    home.close()
    exported = run("export", data="home")
    assert exported.returncode == 0 and json.loads(exported.stdout)["articles"][0]["id"] == "aaaaaaaaaaaa"
    (tmp_path / "state.json").write_text(exported.stdout, encoding="utf-8")
    dry = run("import", str(tmp_path / "state.json"), "--dry-run", data="laptop")
    assert dry.returncode == 0 and "would merge: 1 marked read" in dry.stdout
    done = run("import", "-", "--json", data="laptop", stdin=exported.stdout)
    assert done.returncode == 0 and json.loads(done.stdout)["read"] == 1
    assert json.loads(run("import", "-", "--json", data="laptop", stdin=exported.stdout).stdout)["read"] == 0
    (tmp_path / "bad.json").write_text('{"kind": "luoyang-reader state", "schema": 1, "articles": [1]}')
    for args in (["import", str(tmp_path / "bad.json")], ["import"], ["import", str(tmp_path / "missing.json")],
                 ["import", str(tmp_path)]):
        bad = run(*args, data="laptop")
        assert bad.returncode == 2 and bad.stdout == "" and "Traceback" not in bad.stderr, args
        assert len(bad.stderr.strip().splitlines()) == 1, bad.stderr
