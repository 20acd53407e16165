"""Hostile input, round two: the catalog, YAML, trees and queries that crashed,
hung or ate memory. Each test is named by the case it covers (1 to 13)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED, exported_files
from conftest import run_cli as run


def _no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr


# 1: config.toml that is a FIFO or a directory --------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "directory"])
def test_1_a_config_that_is_a_fifo_or_a_directory_is_one_warning(
    kind: str, tmp_path: Path, sandbox_dirs: dict[str, Path]
) -> None:
    config = sandbox_dirs["config"] / "luoyang-reader"
    config.mkdir()
    if kind == "fifo":
        os.mkfifo(config / "config.toml")
    else:
        (config / "config.toml").mkdir()
    result = run(["export", "--format", "text", str(SEED)], tmp_path)
    _no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert "让脱贫群众生活更上一层楼" in result.stdout
    (line,) = result.stderr.strip().splitlines()
    assert "config.toml: ignored (" in line, line


@pytest.mark.pty
def test_1_the_reader_starts_with_defaults_beside_a_fifo_config(tmp_path: Path, sandbox_dirs: dict[str, Path]) -> None:
    from pty_helpers import Terminal

    config = sandbox_dirs["config"] / "luoyang-reader"
    config.mkdir()
    os.mkfifo(config / "config.toml")
    term = Terminal(tmp_path, cols=120, rows=36)
    try:
        term.wait_for_text("让脱贫群众生活更上一层楼")
        term.wait_for_text("config.toml")  # the warning, in the window
        assert "Traceback" not in term.text()
        term.press("q")
        assert term.wait_exit() == 0
    finally:
        term.close()


# 2 and 3: a damaged catalog row; a zlib bomb in a row ----------------------------


def _catalogued(tmp_path: Path, *paths: Path) -> Path:
    """The catalog of ``paths`` as the command line makes it; returns its file."""
    result = run(["index", *map(str, paths)], tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path / "xdg" / "cache" / "luoyang-reader" / "catalog.db"


def _damage(db: Path, sql: str, *params: object) -> None:
    import sqlite3

    conn = sqlite3.connect(db)
    conn.execute(sql, params)
    conn.commit()
    conn.close()


DAMAGES = {
    "undecodable article": ("UPDATE docs SET data = ? WHERE ordinal = 1", b"\x00not zlib at all"),
    "article of another id": ("UPDATE docs SET article_id = 'aaaaaaaaaaaa' WHERE ordinal = 2",),
    "non-ISO date": ("UPDATE files SET date = '2025-13-45'",),
    "a date that is no text": ("UPDATE files SET date = 20250102",),
    "more articles counted": ("UPDATE files SET articles = articles + 3",),
    "fewer articles counted": ("UPDATE files SET articles = 2",),
    "an ordinal missing": ("DELETE FROM docs WHERE ordinal = 3",),
    "an article id of the wrong type": ("UPDATE docs SET article_id = 7 WHERE ordinal = 0",),
    "furniture no JSON": ("UPDATE files SET furniture = '[[[[['",),
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_2_a_damaged_row_is_read_again_from_its_file_with_one_notice(damage: str, tmp_path: Path) -> None:
    import json

    db = _catalogued(tmp_path, SEED)
    _damage(db, *DAMAGES[damage])
    exported = run(["export", str(SEED)], tmp_path)
    _no_traceback(exported)
    assert exported.returncode == 0, exported.stderr
    (issue,) = exported_files(json.loads(exported.stdout))
    assert len(issue["articles"]) == 5 and issue["date"] is None  # as the page says: none
    assert issue["articles"][1]["blocks"], "the damaged article is read again, whole"
    assert len(exported.stderr.strip().splitlines()) <= 1  # one notice at most (a furniture row needs none)
    searched = run(["search", "北国花城", str(SEED)], tmp_path)
    _no_traceback(searched)
    assert searched.returncode == 0 and "北国花城" in searched.stdout
    again = run(["export", str(SEED)], tmp_path)
    assert again.stdout == exported.stdout and again.stderr == ""  # mended: nothing more to say


@pytest.mark.parametrize("damage", ["undecodable article", "article of another id", "an ordinal missing"])
def test_2_the_readers_library_mends_damage_met_while_reading(damage: str, tmp_path: Path) -> None:
    """What the reader holds (lazy issues and articles) meets the damage after
    it opened: each article still reads, and the user is told once."""
    from reader.catalog.database import Catalog
    from reader.session.archive import archive_library as catalog_library
    from reader.session.library import load_files
    from reader.text.sources import expand_paths

    cache = tmp_path / "cache"
    catalog = Catalog.open(cache)
    report = catalog.scan(expand_paths([SEED]))
    library = catalog_library(catalog, report.entries, report.sources)
    told: list[str] = []
    library.listen(told.append)
    _damage(cache / "catalog.db", *DAMAGES[damage])
    (parsed,), _ = load_files([SEED])
    articles = library.files[0].articles
    assert [a.blocks for a in articles] == [a.blocks for a in parsed.articles]
    assert library.search("北国花城")  # the index still answers
    assert len(told) == 1 and "damaged" in told[0]


def _bomb(size: int) -> bytes:
    import zlib

    squeeze = zlib.compressobj(9)
    chunk = b"[" * (1 << 20)
    out = [squeeze.compress(chunk) for _ in range(size >> 20)]
    return b"".join(out) + squeeze.flush()


@pytest.mark.slow
def test_3_a_zlib_bomb_in_a_row_is_never_inflated_whole(tmp_path: Path) -> None:
    """A row of about a megabyte that inflates to 1 GiB: refused at what its
    file could hold, under an address-space limit a full inflation would break."""
    import resource

    db = _catalogued(tmp_path, SEED)
    _damage(db, "UPDATE docs SET data = ? WHERE ordinal = 1", _bomb(1 << 30))
    limit = 1 << 30  # 1 GiB of address space: the bomb alone would need all of it

    def bounded() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    from conftest import EXE, env_without_user_dirs

    command = [EXE, "export", str(SEED)] if EXE else [sys.executable, "-m", "reader", "export", str(SEED)]
    result = subprocess.run(command, env=env_without_user_dirs(tmp_path), capture_output=True, text=True,
                            preexec_fn=bounded, timeout=120)
    _no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert "MemoryError" not in result.stderr and "damaged" in result.stderr


@pytest.mark.pty
@pytest.mark.parametrize("damage", ["undecodable article", "non-ISO date", "fewer articles counted"])
def test_2_the_reader_starts_on_a_damaged_catalog(damage: str, tmp_path: Path) -> None:
    from pty_helpers import Terminal

    db = _catalogued(tmp_path, SEED)
    _damage(db, *DAMAGES[damage].__class__(x.replace("ordinal = 1", "ordinal = 0") if isinstance(x, str) else x
                                            for x in DAMAGES[damage]))
    # SEED by name: the bundled issue of a wheel install is another path, not the one catalogued
    term = Terminal(tmp_path, args=(str(SEED),), cols=120, rows=36)
    try:
        term.wait_for_text("让脱贫群众生活更上一层楼")
        term.wait_for_text("5 篇")  # every article listed
        term.wait_for_text("已损坏")  # the one notice ("damaged"; the pty speaks Chinese)
        term.press("q")
        assert term.wait_exit() == 0
    finally:
        term.close()


def test_2_a_damaged_search_index_is_made_again(tmp_path: Path) -> None:
    db = _catalogued(tmp_path, SEED)
    _damage(db, "UPDATE fts_words_data SET block = randomblob(length(block)) WHERE id > 10")
    result = run(["search", "北国花城", str(SEED)], tmp_path)
    _no_traceback(result)
    assert result.returncode == 0 and result.stdout.count("北国花城") >= 3
    assert "search index was damaged" in result.stderr
    assert run(["search", "北国花城", str(SEED)], tmp_path).stderr == ""


# 4: one small front-matter file ----------------------------------------------------

FRONT_MATTER = {
    "hex": "0x" + "f" * 5000,
    "binary": "0b" + "1" * 20000,
    "octal": "0" + "7" * 8000,  # YAML 1.1 (PyYAML) octal
    "base 60": ":".join(["59"] * 5000),
    "decimal": "9" * 5000,
    "timestamp": "!!timestamp 20x5",
    "bool": "!!bool maybe",
    "object": "!!python/object/apply:os.system ['echo pwned']",
    "deep": "[" * 3000 + "]" * 3000,
}


def _crawled(directory: Path, name: str, value: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.md"
    path.write_text(f"---\ntitle: 某地举办读书活动\ndate: 2025-01-02\nsection: 04\nauthor: {value}\n---\n\n"
                    "本报讯 近日,某地图书馆举办读书活动,吸引市民参与。\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", list(FRONT_MATTER))
def test_4_one_small_front_matter_file_never_crashes_the_archive(kind: str, tmp_path: Path) -> None:
    import json

    archive = tmp_path / "archive"
    for n in range(3):
        _crawled(archive, f"good{n}", f"value {n}")
    _crawled(archive, "odd", FRONT_MATTER[kind])
    result = run(["export", str(archive)], tmp_path)
    _no_traceback(result)
    assert result.returncode == 0, result.stderr
    issues = exported_files(json.loads(result.stdout))
    assert len(issues) == 4
    odd = next(i for i in issues if i["source"].endswith("odd.md"))
    if kind == "deep":  # deeper than YAML reads: the block is text, as any block YAML cannot read
        assert odd["articles"] and odd["date"] == "2025-01-02"
    else:  # the odd value is only text: the fields around it are read
        assert (odd["date"], odd["page"], odd["articles"][0]["title"]) == ("2025-01-02", "4", "某地举办读书活动")


def test_4_a_file_the_parser_fails_on_is_a_warning_for_that_file(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever goes wrong in reading one file of a directory is a warning for
    that file: the others are read."""
    from reader.catalog.database import Catalog
    from reader.text import parse
    from reader.text.sources import expand_paths

    archive = tmp_path / "archive"
    for n in range(3):
        _crawled(archive, f"good{n}", f"value {n}")
    real = parse.parse_file

    def fails_on_one(text: str, source: str = "", name: str = ""):
        if name == "good1":
            raise KeyError("a bug the file found")
        return real(text, source=source, name=name)

    monkeypatch.setattr(parse, "parse_file", fails_on_one)
    report = Catalog.open(tmp_path / "cache").scan(expand_paths([archive]))
    assert [Path(e.source).name for e in report.entries] == ["good0.md", "good2.md"]
    (warning,) = report.warnings
    assert "good1.md" in warning and "KeyError" in warning and report.as_json()["skipped"] == 1


# 5: a link to /proc inside a tree ---------------------------------------------------


def _page(directory: Path, name: str, title: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(f"# {title}\n\n本报讯 近日,{title}的消息传来。\n", encoding="utf-8")
    return path


def test_5_a_tree_never_walks_out_through_a_link(tmp_path: Path) -> None:
    import json

    tree = tmp_path / "tree"
    _page(tree / "2025-01-02", "01.md", "第一篇")
    _page(tree / "sub", "02.md", "第二篇")
    outside = _page(tmp_path / "elsewhere", "secret.md", "树外的文件")
    (tree / "proc").symlink_to("/proc")
    (tree / "root").symlink_to("/")
    (tree / "elsewhere").symlink_to(outside.parent)
    (tree / "secret.md").symlink_to(outside)
    (tree / "again").symlink_to(tree / "sub")  # inside the tree: read, once
    (tree / "sub" / "loop").symlink_to(tree)
    result = subprocess.run(
        [*(["luoyang-reader"] if shutil.which("luoyang-reader") else [sys.executable, "-m", "reader"]),
         "index", "--json", str(tree)],
        capture_output=True, text=True, timeout=60, env=__import__("conftest").env_without_user_dirs(tmp_path))
    _no_traceback(result)
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout)
    assert (counts["issues"], counts["skipped"]) == (2, 4)
    for name in ("proc", "root", "elsewhere", "secret.md"):
        assert f"{tree / name}: a link out of the folder" in result.stderr
    exported = run(["export", "-f", "text", str(tree)], tmp_path).stdout
    assert "树外的文件" not in exported and "第一篇" in exported and "第二篇" in exported


# 6: a folder name in GBK --------------------------------------------------------------


def _gbk_tree(tmp_path: Path) -> Path:
    tree = tmp_path / "gbk"
    page = os.fsencode(tree / "2025-01-02") + b"/" + "04-要闻".encode("gbk")
    os.makedirs(page)
    for name, title in ((b"a.md", "古城迎来读书月"), ("图片说明".encode("gbk") + b".md", "新春灯会开幕")):
        with open(page + b"/" + name, "w", encoding="utf-8") as out:
            out.write(f"# {title}\n\n本报讯 近日,{title},市民踊跃参与。\n")
    return tree


def test_6_a_folder_named_in_gbk_is_read_and_named_as_printed(tmp_path: Path) -> None:
    import json

    tree = _gbk_tree(tmp_path)
    for command in (["index"], ["search", "市民"], ["export", "-f", "text"], ["keywords"]):
        result = run([*command, str(tree)], tmp_path)
        _no_traceback(result)
        assert result.returncode == 0, (command, result.stderr)
    exported = exported_files(json.loads(run(["export", str(tree)], tmp_path).stdout))
    assert [(i["page"], i["page_name"], i["name"]) for i in exported] == [("4", "要闻", "a"), ("4", "要闻", "图片说明")]
    assert "第4版 要闻" in run(["export", "-f", "text", str(tree)], tmp_path).stdout


def test_6_reading_state_keeps_a_gbk_path(tmp_path: Path) -> None:
    from reader.storage.store import Store

    source = os.fsdecode(os.fsencode(tmp_path) + b"/" + "要闻".encode("gbk") + b"/a.md")
    store = Store.open(tmp_path / "data")
    assert store.set_position("a1", 2, 0, 0.5, title="标题", source=source)
    assert store.add_bookmark("a1", "标题", source, 2, 0, "片段", None) is not None
    assert store.set_setting("last_issue", source)
    again = Store.open(tmp_path / "data")
    assert again.bookmarks()[0].source == source and again.setting("last_issue") == source
    assert store.notice is None


@pytest.mark.pty
def test_6_the_reader_opens_a_gbk_tree(tmp_path: Path) -> None:
    from pty_helpers import Terminal

    term = Terminal(tmp_path, (str(_gbk_tree(tmp_path)),), cols=120, rows=36)
    try:
        term.wait_for_text("古城迎来读书月")
        term.wait_for_text("第4版 要闻")
        term.press("]")
        term.wait_for_text("新春灯会开幕")
        term.press("m", "enter")  # a bookmark keeps the path
        term.press("q")
        assert term.wait_exit() == 0
    finally:
        term.close()
    assert "Traceback" not in term.text()


# 7: unreadable sub-folders --------------------------------------------------------------


def test_7_an_unreadable_sub_folder_is_a_warning_and_counted(tmp_path: Path) -> None:
    import json

    from conftest import EXE, env_without_user_dirs
    from test_store import _without_permission_override

    tree = tmp_path / "tree"
    _page(tree / "open", "01.md", "第一篇")
    _page(tree / "locked", "02.md", "第二篇")
    (tree / "locked").chmod(0)
    try:
        result = subprocess.run(
            [EXE or sys.executable, "index", "--json", str(tree)], capture_output=True, text=True, timeout=60,
            env=env_without_user_dirs(tmp_path), preexec_fn=_without_permission_override if os.geteuid() == 0 else None)
    except subprocess.SubprocessError as err:
        pytest.skip(f"cannot make root respect file modes here: {err}")
    finally:
        (tree / "locked").chmod(0o700)
    _no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert (json.loads(result.stdout)["issues"], json.loads(result.stdout)["skipped"]) == (1, 1)
    (warning,) = result.stderr.strip().splitlines()
    assert f"{tree / 'locked'}: cannot list directory (Permission denied) (skipped)" in warning


# 8: many warnings ----------------------------------------------------------------------


def _many_empty(tmp_path: Path, count: int) -> Path:
    tree = tmp_path / "tree"
    _page(tree, "0000.md", "唯一的一篇")
    for n in range(1, count + 1):
        (tree / f"{n:04d}.md").write_bytes(b"")
    return tree


def test_8_many_warnings_are_one_summary_line(tmp_path: Path) -> None:
    tree = _many_empty(tmp_path, 2000)
    result = run(["export", "-f", "text", str(tree)], tmp_path)
    assert result.returncode == 0 and "唯一的一篇" in result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3 and "0001.md: empty file (skipped)" in lines[0]
    assert "… and 1998 more warnings ('luoyang-reader index PATH' lists them all)" in lines[2]
    listed = run(["index", str(tree)], tmp_path)  # where the summary sends the user
    assert len(listed.stderr.strip().splitlines()) == 2000


@pytest.mark.pty
def test_8_many_warnings_do_not_freeze_the_reader(tmp_path: Path) -> None:
    from pty_helpers import Terminal

    tree = _many_empty(tmp_path, 2000)
    term = Terminal(tmp_path, (str(tree),), cols=120, rows=36)
    try:
        term.wait_for_text("唯一的一篇")
        term.wait_for_text("1998")  # the summary toast (in Chinese: 另有 1998 条)
        term.press("q")
        assert term.wait_exit() == 0
    finally:
        term.close()
    assert term.text().count("(skipped)") + term.text().count("（已跳过）") <= 2


# 9: a thousand search terms ----------------------------------------------------------


def test_9_too_many_terms_are_one_clear_line(tmp_path: Path) -> None:
    for query in (" ".join(["城"] * 1000), " ".join(["洛阳"] * 17), "城" * 201):
        result = run(["search", query, str(SEED)], tmp_path)
        _no_traceback(result)
        assert result.returncode == 2, result.stderr
        (line,) = result.stderr.strip().splitlines()
        assert "a search takes at most 16 terms" in line or "at most 200 characters" in line, line
    within = run(["search", " ".join(["洛阳"] * 16), str(SEED)], tmp_path)
    assert within.returncode == 0, within.stderr


def test_9_a_long_term_is_asked_of_the_index_in_pieces(tmp_path: Path) -> None:
    """A term of many characters is narrowed by some of its pieces (thousands
    made SQLite's query too large), and the matcher still decides."""
    from reader.catalog.database import Catalog
    from reader.session.archive import archive_library as catalog_library
    from reader.text.sources import expand_paths

    long_term = "洛阳坚持把巩固拓展脱贫攻坚成果置于乡村振兴之首,坚持富民导向,压紧压实责任,落实落细工作"
    catalog = Catalog.open(tmp_path / "cache")
    report = catalog.scan(expand_paths([SEED]))
    library = catalog_library(catalog, report.entries, report.sources)
    assert len(long_term) > 24 + 2
    hits = library.search(long_term)
    assert len(hits) == 1 and hits[0].article.title == "让脱贫群众生活更上一层楼"
    assert not library.search(long_term.replace("富民", "富国"))


async def test_9_the_reader_says_so_and_drops_the_last_hits(tmp_path: Path) -> None:
    from ui_helpers import make_app, ready, wait_for

    from reader.tui.widgets.search_panel import SearchInput, SearchPanel

    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"北国花城")
        panel = screen.query_one(SearchPanel)
        await wait_for(pilot, lambda: panel.hit_count > 0)
        screen.query_one(SearchInput).value = " ".join(["城"] * 1000)
        await wait_for(pilot, lambda: panel.hit_count == 0)
        status = str(panel.query_one("#search-status").render())
        assert "at most 200 characters" in status
        assert not screen.session.cursor.hits  # the last query's hits are gone, not kept


# 12: completion quotes, never globs --------------------------------------------------------


def _offered(script: str, words: list[str], cwd: Path) -> list[str]:
    """What the bash function offers for the last of ``words``, in order, repeats kept."""
    quoted = " ".join("'" + w.replace("'", "'\\''") + "'" for w in words)
    program = (f"{script}\nCOMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}\n"
               f'_luoyang_reader luoyang-reader "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"\n'
               'printf "%s\\n" "${COMPREPLY[@]}"\n')
    result = subprocess.run(["bash", "--norc", "--noprofile", "-c", program], cwd=cwd, capture_output=True,
                            text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.split("\n") if line]


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash here")
def test_12_completion_offers_names_as_they_are(tmp_path: Path) -> None:
    script = run(["completion", "bash"], tmp_path).stdout
    work = tmp_path / "work"
    for name in ("要闻[1].md", "要闻1.md", "要闻*.txt", ".hidden.md"):
        _page(work, name, "标题")
    for folder in (".git", ".venv", "要闻?"):
        (work / folder).mkdir()
    assert sorted(_offered(script, ["luoyang-reader", "要闻"], work)) == ["要闻*.txt", "要闻1.md", "要闻?", "要闻[1].md"]
    assert _offered(script, ["luoyang-reader", "要闻["], work) == ["要闻[1].md"]
    assert _offered(script, ["luoyang-reader", "export", "--data-dir", "要"], work) == ["要闻?"]
    assert ".git" not in _offered(script, ["luoyang-reader", "export", ""], work)
    assert ".venv" not in _offered(script, ["luoyang-reader", ""], work)
    assert sorted(_offered(script, ["luoyang-reader", "export", "."], work)) == [".", "..", ".git", ".hidden.md", ".venv"]


# 13: the user's own environment, shown -----------------------------------------------------


def test_13_xdg_paths_in_help_pass_the_sanitiser(tmp_path: Path) -> None:
    odd = tmp_path / "conf\x1b]0;pwned\x07"
    odd.mkdir()
    result = run(["--help"], tmp_path, env={"XDG_CONFIG_HOME": str(odd), "COLUMNS": "100"})
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "conf␛]0;pwned␇" in result.stdout


async def test_13_the_pager_offered_by_pipe_passes_the_sanitiser(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.widgets import Input
    from ui_helpers import make_app, ready, wait_for

    from reader.tui.screens.prompt import LinePrompt

    monkeypatch.setenv("PAGER", "less\x1b[2J\x9b31m")
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("vertical_line")
        await wait_for(pilot, lambda: isinstance(app.screen, LinePrompt))
        value = app.screen.query_one(Input).value
        assert value == "less␛[2J\\x9b31m"
        await pilot.press("escape")


# 11: two sessions at once ---------------------------------------------------------------


@pytest.mark.pty
def test_11_a_reader_takes_the_files_another_session_catalogues(tmp_path: Path) -> None:
    """The reader opens while another session holds the catalog: it defers its
    files, and takes them as the other session catalogues them (the old reader
    stayed at the count it opened with until restarted)."""
    import contextlib
    import fcntl

    from conftest import make_archive
    from pty_helpers import Terminal

    from reader.catalog.database import SCAN_LOCK, Catalog
    from reader.text.sources import expand_paths

    archive = tmp_path / "archive"
    make_archive(archive, 40)
    cache = tmp_path / "xdg" / "cache" / "luoyang-reader"
    Catalog.open(cache).close()
    lock = os.open(cache / SCAN_LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(lock, fcntl.LOCK_EX)  # the other session is reading these files
    term = Terminal(tmp_path, (str(archive),), cols=120, rows=36)
    try:
        term.wait_for_text("正在读入 0/40")  # the reader is up, its files deferred
        other = Catalog.open(cache)
        other.building = lambda wait=True: contextlib.nullcontext(True)  # type: ignore[method-assign]
        articles = sum(entry.articles for entry in other.scan(expand_paths([archive])).entries)
        term.wait_for_text(f"40 期 · {articles} 篇")  # taken while the other session still holds it
        os.close(lock)
        lock = -1
        term.wait_for(lambda screen: "正在读入" not in screen)
        assert f"40 期 · {articles} 篇" in term.text()
        term.press("q")
        assert term.wait_exit() == 0
    finally:
        if lock >= 0:
            os.close(lock)
        term.close()


def test_11_two_connections_in_one_process_keep_their_locks(tmp_path: Path) -> None:
    """The reader keeps two connections to the catalog (the one it reads, and
    the one that catalogues files meanwhile). Opening the second used to open
    and close the file, which drops every lock the process holds on it: after
    another session wrote and closed, the first read a WAL that was gone."""
    from conftest import env_without_user_dirs, make_archive

    from reader.catalog.database import Catalog
    from reader.text.sources import expand_paths

    archive = tmp_path / "archive"
    make_archive(archive, 10)
    cache = tmp_path / "cache"
    first = Catalog.open(cache)
    first.scan(expand_paths([archive / "0000_luoyang.txt"]))
    second = Catalog.open(cache)
    code = ("import sys; from pathlib import Path; from reader.catalog.database import Catalog; "
            "from reader.text.sources import expand_paths; "
            "print(len(Catalog.open(Path(sys.argv[1])).scan(expand_paths([Path(sys.argv[2])])).entries))")
    other = subprocess.run([sys.executable, "-c", code, str(cache), str(archive)], capture_output=True, text=True,
                           env=env_without_user_dirs(tmp_path), timeout=60)
    assert other.stdout.strip() == "10", other.stderr
    sources = [str(path.resolve()) for path in sorted(archive.iterdir())]
    assert len(first.entries(sources)) == len(second.entries(sources)) == 10
