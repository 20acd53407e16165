"""The command line against hostile files and odd paths: one line, exit 2, no
control sequence from a file on the terminal, no hang."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXE, SEED, env_without_user_dirs, exported_files
from conftest import run_cli as run
from hostile import HOSTILE_ISSUE, assert_no_file_sequences, write_hostile_issue

from reader.core.safe_text import BIDI


def _one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_search_prints_no_control_sequence(tmp_path: Path) -> None:
    issue = write_hostile_issue(tmp_path / "in")
    result = run(["search", "正文", str(issue)], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "正文开头␛]52;c;cGF5bG9" in result.stdout  # shown, visibly
    assert "\x1b" not in result.stdout and "\x9b" not in result.stdout
    assert_no_file_sequences(result.stdout)


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_reading_copies_print_no_control_sequence(fmt: str, tmp_path: Path) -> None:
    issue = write_hostile_issue(tmp_path / "in")
    result = run(["export", "--format", fmt, str(issue)], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x9b" not in result.stdout
    assert_no_file_sequences(result.stdout)
    assert "红色" in result.stdout  # the text around the controls is all there


def test_markdown_escapes_raw_html(tmp_path: Path) -> None:
    issue = write_hostile_issue(tmp_path / "in")
    result = run(["export", "--format", "markdown", str(issue)], tmp_path)
    assert "<script>" not in result.stdout and "<svg" not in result.stdout
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in result.stdout
    assert "&lt;svg onload=alert(1)&gt;" in result.stdout  # (an <img …> a converter left is dropped as markup)


def test_json_keeps_every_character_and_escapes_c1_and_bidi(tmp_path: Path) -> None:
    issue = write_hostile_issue(tmp_path / "in")
    result = run(["export", "--format", "json", str(issue)], tmp_path)
    assert result.returncode == 0, result.stderr
    for ch in "\x9b" + BIDI + "\x1b":
        assert ch not in result.stdout
    (issue_doc,) = exported_files(json.loads(result.stdout))
    first = issue_doc["articles"][0]
    assert first["kicker"] == "要闻\x1b]0;pwned-title\x1b\\"  # nothing lost
    assert "\u202e" in first["title"]
    assert "\x1b]52;c;cGF5bG9hZA==\x1b\\" in first["blocks"][0]["text"]
    assert "\x9b31m" in first["blocks"][0]["text"]


def test_keywords_print_no_control_sequence(tmp_path: Path) -> None:
    issue = write_hostile_issue(tmp_path / "in")
    result = run(["keywords", str(issue)], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x9b" not in result.stdout
    assert_no_file_sequences(result.stdout)


def test_bookmarks_print_no_control_sequence(tmp_path: Path) -> None:
    from reader.storage.store import Store

    data = tmp_path / "xdg" / "data" / "luoyang-reader"
    store = Store.open(data)
    store.add_bookmark("a1", "标题\x1b]0;pwned-title\x1b\\", "/x/\x1b]52;c;cGF5bG9hZA==\x1b\\.md", 0, 0,
                       "片段\x9b31m", "笔记\u202e[/]")
    store.close()
    result = run(["bookmarks"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x9b" not in result.stdout
    assert_no_file_sequences(result.stdout)
    as_json = run(["bookmarks", "--json"], tmp_path)
    assert "\x9b" not in as_json.stdout and "\u202e" not in as_json.stdout
    assert json.loads(as_json.stdout)["bookmarks"][0]["note"] == "笔记\u202e[/]"


def test_file_names_with_escapes_reach_stderr_visibly(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "good.md").write_text(HOSTILE_ISSUE, encoding="utf-8")
    (archive / "bad\x1b]0;pwned-title\x07.md").write_bytes(b"")  # empty: skipped with a warning
    result = run(["search", "正文", str(archive)], tmp_path)
    assert result.returncode == 0
    assert "empty file (skipped)" in result.stderr
    assert "\x1b" not in result.stderr and "␛]0;pwned-title␇" in result.stderr


def test_non_utf8_file_name(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    name = os.fsdecode(b"\xff\xfe\xb2\xe2.md")  # GBK bytes of a name, not UTF-8
    (archive / name).write_text(HOSTILE_ISSUE, encoding="utf-8")
    env = {**env_without_user_dirs(tmp_path), "LANG": "en_US.UTF-8", "LC_ALL": "C.UTF-8"}
    for args in (["search", "北国花城", str(archive)], ["keywords", str(archive)], ["export", "-f", "text", str(archive)]):
        result = subprocess.run([EXE or sys.executable, *args], capture_output=True, env=env, timeout=120)
        assert result.returncode == 0, result.stderr
        assert b"Traceback" not in result.stderr
    listed = subprocess.run([EXE or sys.executable, "search", "北国花城", str(archive)], capture_output=True, env=env)
    assert b"\\xff\\xfe\\xb2\\xe2.md \xc2\xb7 " in listed.stdout  # the name, shown with its bytes


def test_same_issue_twice_and_through_a_link_is_opened_once(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "a.txt").write_bytes(SEED.read_bytes())
    (archive / "b.txt").symlink_to(archive / "a.txt")
    result = run(["export", str(archive / "a.txt"), str(archive), str(archive / "a.txt")], tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(exported_files(json.loads(result.stdout))) == 1


@pytest.mark.parametrize("command", [["search", "洛阳"], ["export"], ["keywords"]])
def test_fifo_as_path_is_refused_without_waiting(command: list[str], tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = run([*command, str(fifo)], tmp_path)  # run() times out after 120 s if it hangs
    _one_line_error(result, str(fifo), "not a regular file (a FIFO)")


def test_fifo_inside_a_directory_is_skipped(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "a.txt").write_bytes(SEED.read_bytes())
    os.mkfifo(archive / "b.txt")
    result = run(["search", "北国花城", str(archive)], tmp_path)
    assert result.returncode == 0
    assert "b.txt: not a regular file (a FIFO) (skipped)" in result.stderr


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_refused(device: str, tmp_path: Path) -> None:
    result = run(["search", "x", device], tmp_path)
    _one_line_error(result, device, "not a regular file (a character device)")


def test_reads_stop_at_the_limit_whatever_st_size_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.text import sources
    from reader.text.sources import InputError, read_issue_file

    monkeypatch.setattr(sources, "MAX_BYTES", 1000)
    big = tmp_path / "big.txt"
    big.write_text("洛" * 2000, encoding="utf-8")
    with pytest.raises(InputError, match="too large"):
        read_issue_file(big)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("long", "File name too long"), ("unsearchable", "Permission denied")],
)
def test_odd_paths_get_one_line(kind: str, expected: str, tmp_path: Path) -> None:
    if kind == "long":
        path = tmp_path / ("长" * 300 + ".txt")
        result = run(["search", "x", str(path)], tmp_path)
        _one_line_error(result, expected)
        return
    if os.geteuid() == 0:
        pytest.skip("covered by test_odd_paths_as_a_user (root ignores directory modes)")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_bytes(SEED.read_bytes())
    locked.chmod(0o600)  # readable, not searchable
    try:
        result = run(["search", "x", str(locked / "a.txt")], tmp_path)
    finally:
        locked.chmod(0o700)
    _one_line_error(result, expected)


def test_odd_paths_as_a_user(tmp_path: Path) -> None:
    """A directory that can be listed but not searched, as a user would meet it
    (root with the permission-overriding capabilities dropped)."""
    from test_store import _without_permission_override

    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_bytes(SEED.read_bytes())
    locked.chmod(0o600)
    try:
        for target, words in ((locked / "a.txt", ("Permission denied",)), (locked, ("no readable issue files",))):
            try:
                result = subprocess.run(
                    [EXE or sys.executable, "search", "x", str(target)],
                    capture_output=True, text=True, env=env_without_user_dirs(tmp_path), timeout=120,
                    preexec_fn=_without_permission_override if os.geteuid() == 0 else None,
                )
            except subprocess.SubprocessError as err:
                pytest.skip(f"cannot make root respect file modes here: {err}")
            _one_line_error(result, *words)
    finally:
        locked.chmod(0o700)


def test_full_output_device_is_one_line(tmp_path: Path) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [EXE or sys.executable, "export", str(SEED)], stdout=full, stderr=subprocess.PIPE,
            text=True, env=env_without_user_dirs(tmp_path), timeout=120,
        )
    _one_line_error(result, "No space left on device")


def test_closed_stdout_is_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        ["sh", "-c", f'"{EXE}" export "{SEED}" >&-'], stderr=subprocess.PIPE, text=True,
        env=env_without_user_dirs(tmp_path), timeout=120,
    )
    _one_line_error(result, "standard output is closed")


def test_broken_pipe_stays_quiet(tmp_path: Path) -> None:
    result = subprocess.run(
        ["sh", "-c", f'"{EXE}" export -f text "{SEED}" | head -c 10 >/dev/null'], stderr=subprocess.PIPE,
        text=True, env=env_without_user_dirs(tmp_path), timeout=120,
    )
    assert result.returncode == 0 and result.stderr == ""


def test_unusable_cache_dir_is_not_a_traceback(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    env = {**env_without_user_dirs(tmp_path), "XDG_CACHE_HOME": str(blocker / "cache")}
    result = subprocess.run([EXE or sys.executable, "keywords", str(SEED)], capture_output=True, text=True,
                            env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "中航光电" in result.stdout
    assert "keyword cache not used" in result.stderr


def test_keyword_cache_rows_of_the_wrong_type_are_recomputed(tmp_path: Path) -> None:
    from reader.keywords.engine import Keywords

    cache = tmp_path / "xdg" / "cache" / "luoyang-reader"
    config = tmp_path / "xdg" / "config" / "luoyang-reader"
    engine = Keywords(cache, config)
    from reader.session.library import load_files

    (issue,), _ = load_files([SEED])
    keys = [engine._key(a.body_text) for a in issue.articles]
    engine.cache.close()
    conn = sqlite3.connect(cache / "keywords.db")
    bad = ['[[1, "x", 2]]', "[[\"词\", \"重\", 1]]", "5", '{"a": 1}', '[["词", 0.5]]']
    for key, value in zip(keys, bad, strict=True):
        conn.execute("INSERT OR REPLACE INTO entries VALUES (?, ?)", (key, value))
    conn.commit()
    conn.close()
    result = run(["keywords", "--json", str(SEED)], tmp_path)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    for article in doc["issues"][0]["articles"]:
        assert article["keywords"] and all(isinstance(k["word"], str) for k in article["keywords"])


def test_report_commands_read_a_data_dir_with_hash_and_percent(tmp_path: Path) -> None:
    from reader.storage.store import Store

    data = tmp_path / "we#ird%20dir?x"
    store = Store.open(data)
    store.add_bookmark("a1", "标题", "/x/y.md", 0, 0, "片段", "笔记")
    store.close()
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run(["bookmarks", "--json", "--data-dir", str(data)], tmp_path)
    assert result.returncode == 0, result.stderr
    assert [b["note"] for b in json.loads(result.stdout)["bookmarks"]] == ["笔记"]
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no stray file made
