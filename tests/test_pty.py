"""End to end in a pseudo-terminal: the installed console script as an SSH user meets it."""

from __future__ import annotations

import os
import re
import shlex
import signal
import time
from pathlib import Path

import pytest
from conftest import SEED, env_without_user_dirs, make_archive
from pty_helpers import Terminal, reader_command
from rich.cells import cell_len

pytestmark = pytest.mark.pty

FIRST = "让脱贫群众生活更上一层楼"
SECOND = "洛阳光电元器件产业集群再添发展动能"
PROGRESS = "luoyang-reader: 正在读入各期".encode()  # the bar's label (the pty's UI is in Chinese)


@pytest.fixture
def term_factory(tmp_path: Path):
    terms: list[Terminal] = []

    def make(*args: str, **kwargs) -> Terminal:
        term = Terminal(tmp_path, args, **kwargs)
        terms.append(term)
        return term

    yield make
    for term in terms:
        term.close()


def test_reads_navigates_and_quits_at_80x24(term_factory) -> None:
    term = term_factory()
    term.wait_for_text("约 4 分钟")  # the first article is open in the reader
    first_frame = term.received + term.settle()
    assert FIRST in term.text()
    # One move in the list repaints the rows of the option left and the option
    # reached (two or three lines each), not the whole list or screen.
    before = len(term.raw)
    moved = term.press("j")
    assert 0 < moved < first_frame / 4, (moved, first_frame)
    rows = set(re.findall(rb"\x1b\[(\d+);\d+H", bytes(term.raw[before:])))
    assert 0 < len(rows) <= 6, sorted(int(r) for r in rows)
    term.press("enter")
    term.wait_for(lambda screen: "约 3 分钟" in screen or "约 2 分钟" in screen)
    assert SECOND in term.text()
    term.press("]")
    term.wait_for_text("一把手访谈")
    term.press("?")
    term.wait_for_text("luoyang-reader — 按键")
    term.press("escape")
    term.wait_for(lambda screen: "luoyang-reader — 按键" not in screen)
    term.press("q")
    assert term.wait_exit() == 0
    # Quitting restored the terminal: alternate screen left, cursor shown.
    assert term.screen.cursor.hidden is False


@pytest.mark.parametrize(
    "env",
    [
        {"TERM": "screen-256color"},
        {"TERM": "xterm"},
        {"TERM": "xterm-256color", "TEXTUAL_COLOR_SYSTEM": "standard"},
        {"TERM": "xterm-256color", "NO_COLOR": "1"},
    ],
    ids=["tmux", "xterm", "16-colours", "no-color"],
)
def test_readable_in_other_terminals(term_factory, env: dict[str, str]) -> None:
    term = term_factory(env=env)
    term.wait_for_text(FIRST)
    term.wait_for_text("大雪飘落")
    term.press("q")
    assert term.wait_exit() == 0


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "xterm"}], ids=["no-color", "16-colours"])
def test_the_focused_pane_has_a_heavier_border_without_colour(term_factory, env: dict[str, str]) -> None:
    term = term_factory(env=env)
    term.wait_for_text("大雪飘落")

    def corners() -> str:
        top = term.text().splitlines()[1]
        return "".join(ch for ch in top if ch in "┏╭")

    term.wait_for(lambda screen: corners() == "┏╭")  # the list has the focus
    term.press("tab")
    term.wait_for(lambda screen: corners() == "╭┏")  # now the reader


def _colour_of(term: Terminal, text: str) -> tuple[str, str]:
    """The colours (foreground, background) of the first cell of ``text`` on the screen."""
    for y, line in enumerate(term.text().splitlines()):
        if text in line:
            row = term.screen.buffer[y]
            x = cell_len(line[: line.index(text)])
            return row[x].fg, row[x].bg
    raise AssertionError(f"{text!r} is not on the screen:\n{term.text()}")


@pytest.mark.parametrize(("env", "theme"), [
    ({"TERM": "xterm"}, "luoyang-ink"),
    ({"TERM": "screen"}, "luoyang-paper"),  # an old tmux's TERM, the light theme
    ({"TEXTUAL_COLOR_SYSTEM": "standard"}, "luoyang-paper"),
], ids=["xterm-ink", "old-tmux-paper", "forced-paper"])
def test_headings_captions_and_bylines_keep_their_colours_in_16_colours(
    term_factory, tmp_path: Path, env: dict[str, str], theme: str
) -> None:
    config = tmp_path / "xdg" / "config" / "luoyang-reader"
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.toml").write_text(f'theme = "{theme}"\n', encoding="utf-8")
    term = term_factory(cols=120, rows=36, env=env)
    term.wait_for_text("大雪飘落")
    term.press("tab", "space", "space")
    term.wait_for_text("和美乡村 运营赋能")
    term.wait_for_text("洛报融媒记者")
    heading = _colour_of(term, "和美乡村 运营赋能")
    caption = _colour_of(term, "家门口就业增收")
    byline = _colour_of(term, "洛报融媒记者")
    body = _colour_of(term, "脱贫摘帽不是终点")
    # Each kind in a colour of its own, the terminal's own ANSI colours (not the body's grey or black).
    assert (heading[0], caption[0], byline[0]) == ("magenta", "cyan", "green"), (heading, caption, byline)
    assert body[0] not in ("magenta", "cyan", "green") and heading[1] == body[1]


def test_narrow_terminal_one_pane(term_factory) -> None:
    term = term_factory(cols=60, rows=20)
    term.wait_for_text(FIRST)
    term.wait_for_text("大雪飘落")
    term.press("h")
    term.wait_for_text("洛阳光电元器件产业集")
    assert "大雪飘落" not in term.text()
    term.press("q")
    assert term.wait_exit() == 0


@pytest.mark.parametrize("cols", [60, 80])
def test_help_and_quit_keys_stay_on_the_footer_when_narrow(term_factory, cols: int) -> None:
    term = term_factory(cols=cols, rows=20)
    term.wait_for_text("大雪飘落")
    for keys in ((), ("h",), ("enter",)):  # the first frame, then the list or reader it moves to, and back
        term.press(*keys)
        term.wait_for(lambda screen: "? 帮助  q 退出" in screen.splitlines()[-1])


def test_no_mouse_option_never_turns_on_mouse_reporting(term_factory) -> None:
    term = term_factory("--no-mouse")
    term.wait_for_text(FIRST)
    term.settle()
    term.press("q")
    term.wait_exit()
    assert b"\x1b[?1000h" not in term.raw and b"\x1b[?1003h" not in term.raw
    assert b"\x1b[?1049h" in term.raw  # the alternate screen is still used


def test_a_big_archive_shows_progress_then_erases_it(term_factory, tmp_path: Path) -> None:
    make_archive(tmp_path / "archive", 60)
    term = term_factory(str(tmp_path / "archive"))
    term.wait_for_text("60 期")  # the title bar counts the issues
    term.press("q")
    assert term.wait_exit() == 0
    raw = bytes(term.raw)
    assert PROGRESS in raw  # rich's bar, on stderr: the pty
    done = raw.rindex(b"60/60")
    erased = raw.index(b"\x1b[2K", done)  # the bar is cleared before the reader starts
    assert erased < raw.index(b"\x1b[?1049h")


def test_a_first_start_on_a_few_files_shows_no_progress_bar(term_factory, tmp_path: Path) -> None:
    """A handful of new files is read in a blink: a bar would only flicker."""
    make_archive(tmp_path / "archive", 3)
    term = term_factory(str(tmp_path / "archive"))
    term.wait_for_text("3 期")
    term.press("q")
    assert term.wait_exit() == 0
    assert PROGRESS not in bytes(term.raw)


def test_a_second_start_reads_nothing_and_shows_no_progress(term_factory, tmp_path: Path) -> None:
    make_archive(tmp_path / "archive", 60)
    for _ in range(2):
        term = term_factory(str(tmp_path / "archive"))
        term.wait_for_text("60 期")
        term.press("q")
        assert term.wait_exit() == 0
    assert PROGRESS not in bytes(term.raw)  # the catalog had every file


def test_a_big_new_archive_opens_at_once_and_is_read_meanwhile(term_factory, tmp_path: Path) -> None:
    """More new files than are read before opening: the reader is up at once,
    counts the files in its top line while it reads them, then lists them all."""
    make_archive(tmp_path / "archive", 320)
    term = term_factory(str(tmp_path / "archive"), cols=120, rows=36)
    term.wait_for_text("320 期")
    term.wait_for(lambda text: "正在读入" not in text and "0000_luoyang" in text, timeout=120)
    term.wait_for(lambda text: re.search(r"320 期 · [1-9]\d+ 篇", text) is not None)
    assert PROGRESS not in bytes(term.raw)  # no bar before the reader
    term.press("q")
    assert term.wait_exit() == 0
    again = term_factory(str(tmp_path / "archive"), cols=120, rows=36)
    again.wait_for(lambda text: re.search(r"320 期 · [1-9]\d+ 篇", text) is not None and "正在读入" not in text)
    again.press("q")
    assert again.wait_exit() == 0


@pytest.mark.slow
def test_a_big_sealed_archive_draws_its_start_issue_then_lists_the_rest(term_factory, tmp_path: Path) -> None:
    """More than 1,000 files, sealed in reading order: the terminal gets the
    article first, then the top line saying the rest is being listed (a frame
    drawn in between), then every issue."""
    from conftest import run_cli

    make_archive(tmp_path / "archive", 1100)
    assert run_cli(["index", str(tmp_path / "archive")], tmp_path).returncode == 0
    first = term_factory(str(tmp_path / "archive"), cols=120, rows=36)  # arranges the days, seals their order
    first.wait_for_text("1100 期", timeout=60)
    first.press("q")
    assert first.wait_exit() == 0
    term = term_factory(str(tmp_path / "archive"), cols=120, rows=36)
    term.wait_for_text("1100 期", timeout=60)
    shown = bytes(term.raw).decode("utf-8", "replace")
    article, listing, listed = shown.find(" 分钟 · "), shown.find("正在列出其余 1099 个文件"), shown.find("1100 期")
    assert 0 <= article < listing < listed, (article, listing, listed)
    term.press("q")
    assert term.wait_exit() == 0


def test_a_new_archive_is_read_meanwhile_even_with_the_catalog_in_memory(term_factory, tmp_path: Path) -> None:
    """No usable cache dir: the catalog lives in memory, and the files read in
    the background land in that same catalog, beside the one read at start."""
    archive = tmp_path / "archive"
    archive.mkdir()
    for n in range(320):
        (archive / f"{n:04d}.txt").write_text(f"# 新闻\n\n## 第{n}号报道\n\n洛阳第{n}条消息,内容如下。\n", encoding="utf-8")
    cache = tmp_path / "xdg" / "cache"
    cache.rmdir()
    cache.write_text("not a directory")
    # The bundled issue is read before the reader opens, the archive after.
    term = term_factory(str(SEED), str(archive), cols=120, rows=36)
    term.wait_for(lambda text: "321 期 · 325 篇" in text and "正在读入" not in text, timeout=120)
    term.press("}")  # the next issue: the archive's first
    term.wait_for_text("第0号报道")
    term.press("q")
    assert term.wait_exit() == 0


def test_sighup_ends_the_app_promptly(term_factory) -> None:
    term = term_factory()
    term.wait_for_text(FIRST)
    term.settle()
    started = time.monotonic()
    term.proc.kill(signal.SIGHUP)
    status = term.wait_exit(timeout=10)
    elapsed = time.monotonic() - started
    assert status == 129, status
    # "ends within a second": the reader exits at once, or its grace timer ends it
    # after HANGUP_GRACE_SECONDS (0.8 s); 2.5 s leaves room for a loaded machine.
    assert elapsed < 2.5, elapsed


def test_closing_the_terminal_ends_the_app(term_factory) -> None:
    """A dropped SSH connection: the pty master goes away, the kernel sends SIGHUP."""
    term = term_factory()
    term.wait_for_text(FIRST)
    term.settle()
    os.close(term.proc.fd)
    term.proc.fd = os.open(os.devnull, os.O_RDONLY)  # so that close() at teardown works
    deadline = time.monotonic() + 10
    while term.proc.isalive():
        if time.monotonic() > deadline:
            raise AssertionError("the app kept running after its terminal went away")
        time.sleep(0.05)


@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGKILL], ids=["sighup", "kill-9"])
def test_state_survives_losing_the_session(term_factory, tmp_path: Path, sig: int) -> None:
    from reader.storage.store import Store

    term = term_factory()
    term.wait_for_text(FIRST)
    term.settle()
    term.press("U")  # mark the issue read, once asked
    term.wait_for_text("篇未读文章都标为已读？")
    term.press("y")
    term.press("tab", "space", "m")
    term.wait_for_text("书签：")
    term.press(*"kept", "enter")
    term.wait_for_text("已加书签")
    term.press("]")
    term.wait_for_text(SECOND)
    term.settle()
    term.proc.kill(sig)
    term.wait_exit(timeout=10)

    store = Store.open(tmp_path / "xdg" / "data" / "luoyang-reader")
    states = store.readings()
    assert len([s for s in states.values() if s.read]) == 5
    assert [b.note for b in store.bookmarks()] == ["kept"]
    last = store.last_article()
    store.close()

    again = term_factory()
    # Reopens on the article being read: its caption is in the reading pane.
    again.wait_for_text("施工人员有序作业")
    assert "大雪飘落" not in again.text()
    assert last is not None


def test_quitting_during_a_cold_start_leaves_no_keyword_job(term_factory, tmp_path: Path) -> None:
    term = term_factory(cols=120, rows=36)
    term.wait_for_text("约 4 分钟")  # first frame; keywords are still being computed
    assert "正在计算关键词" in term.text()
    term.press("q")
    assert term.wait_exit(timeout=10) == 0
    assert keyword_children(tmp_path) == []


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="reads /proc")
def test_the_reader_leaves_openssl_out_and_still_runs(term_factory) -> None:
    """asyncio would import ssl, and ssl OpenSSL's libraries (4 MB of the
    reader's memory): the reader opens no connection, so it goes without."""
    term = term_factory(cols=120, rows=36)
    term.wait_for_text("约 4 分钟")
    term.wait_for(lambda screen: "正在计算关键词" not in screen)  # a worker and a child process came and went
    maps = Path(f"/proc/{term.proc.pid}/maps").read_text()
    assert "libpython" in maps or "python" in maps  # the reader's own process
    assert "libssl" not in maps and "_ssl." not in maps and "libcrypto" not in maps
    term.press("/", *"fazhan")  # a pinyin search: its tables load in a thread
    term.wait_for(lambda screen: re.search(r"\d+ 篇中\d+处", screen) is not None)
    term.press("escape", "q")
    assert term.wait_exit() == 0


def keyword_children(tmp_path: Path) -> list[str]:
    """Live keyword child processes of the reader started with this test's cache dir."""
    cache = str(tmp_path / "xdg" / "cache")
    found = []
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
            state = next(x for x in (proc / "status").read_text().splitlines() if x.startswith("State:"))
        except (OSError, StopIteration):
            continue
        if "reader.keywords.child" in cmdline and cache in cmdline and "zombie" not in state:
            found.append(proc.name)
    return found


def test_paging_fast_through_a_directory_runs_one_keyword_child_at_a_time(term_factory, tmp_path: Path) -> None:
    make_archive(tmp_path / "archive", 40)
    term = term_factory(str(tmp_path / "archive"), cols=120, rows=36)
    term.wait_for_text("40 期")
    most = 0
    for _ in range(30):  # ] through six issues, each asking for its keywords
        term.press("]", answer_within=2.0)
        most = max(most, len(keyword_children(tmp_path)))
    assert most <= 1
    term.press("q")
    assert term.wait_exit(timeout=10) == 0
    deadline = time.monotonic() + 1.0  # none one second after quitting
    while keyword_children(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert keyword_children(tmp_path) == []


def test_resizing_the_terminal_relays_out(term_factory) -> None:
    term = term_factory(cols=120, rows=36)
    term.wait_for_text("×12")  # the keyword sidebar shows at 120 columns
    term.settle()
    term.proc.setwinsize(24, 80)  # the terminal window shrinks: SIGWINCH
    term.screen.resize(24, 80)
    term.wait_for(lambda screen: "×12" not in screen and "约 4 分钟" in screen)
    term.proc.setwinsize(20, 60)
    term.screen.resize(20, 60)
    # One pane: the list had the focus, so the list shows, across the whole
    # width (its border closes in the last column); enter reads.
    def list_alone(screen: str) -> bool:
        top = next((line for line in screen.splitlines() if "文章" in line), "")
        return "大雪飘落" not in screen and cell_len(top.rstrip()) == 60 and top.rstrip().endswith("┓")  # focused: heavy

    term.wait_for(list_alone)
    term.press("enter")
    term.wait_for(lambda screen: "▪" not in screen and "大雪飘落" in screen)
    term.press("q")
    assert term.wait_exit() == 0


@pytest.mark.parametrize(("cols", "rows"), [(120, 36), (80, 24)])
def test_the_end_of_one_article_then_next_leaves_the_next_unread(term_factory, tmp_path: Path, cols: int,
                                                                 rows: int) -> None:
    """As an SSH user meets it: G to the end of article 1, ] to article 2, quit."""
    from reader.session.library import load_files
    from reader.storage.store import Store

    (issue,), _ = load_files([])
    first, second = issue.articles[:2]
    term = term_factory(cols=cols, rows=rows)
    term.wait_for_text(FIRST)
    term.settle()
    term.press("tab", "G")
    term.settle(0.6)  # the position is written after 0.4 s of stillness
    term.press("]")
    term.wait_for_text(SECOND)
    term.settle(0.6)
    term.press("q")
    assert term.wait_exit() == 0
    states = Store.open(tmp_path / "xdg" / "data" / "luoyang-reader").readings()
    assert states[first.id].read
    assert second.id not in states or not states[second.id].read


def test_y_copies_the_article_through_the_terminal_and_pipe_hands_it_to_a_command(term_factory, tmp_path: Path) -> None:
    import base64

    term = term_factory(cols=100, rows=30)
    term.wait_for_text("大雪飘落")
    before = len(term.raw)
    term.press("y")
    term.wait_for(lambda screen: "已复制" in screen)
    sent = bytes(term.raw[before:])
    match = re.search(rb"\x1b\]52;c;([A-Za-z0-9+/=]+)\x07", sent)
    assert match, sent[:200]
    copied = base64.b64decode(match.group(1)).decode("utf-8")
    assert copied.startswith("洛阳坚持富民导向") and "让脱贫群众生活更上一层楼" in copied and "大雪飘落" in copied
    # | asks for a command ($PAGER by default); here one that writes what it is given to a file.
    out = tmp_path / "piped.txt"
    term.press("|")
    term.wait_for(lambda screen: "把文章交给命令：" in screen)
    term.press("\x15")  # ctrl+u clears the default
    term.proc.write(f"cat > {out}".encode())
    term.wait_for(lambda screen: f"cat > {out}"[-20:] in screen)
    term.press("enter")
    term.wait_for(lambda screen: "已交给 cat" in screen)
    assert out.read_text(encoding="utf-8") == copied
    term.wait_for_text("大雪飘落")  # the reader is back on the screen
    term.press("q")
    assert term.wait_exit() == 0


def test_ctrl_z_suspends_to_the_shell_and_fg_resumes(tmp_path: Path) -> None:
    """Under a job-control shell, as a user runs it (a pty's own session leader
    would be an orphaned process group, which the kernel never stops)."""
    import select

    import pyte
    from ptyprocess import PtyProcess

    env = env_without_user_dirs(tmp_path)
    env.update(TERM="xterm-256color", PS1="$ ", LANG="zh_CN.UTF-8")
    shell = PtyProcess.spawn(["bash", "--norc", "--noprofile", "-i"], env=env, dimensions=(24, 80))
    screen = pyte.Screen(80, 24)
    stream = pyte.ByteStream(screen)
    raw = bytearray()

    def wait(predicate, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if select.select([shell.fd], [], [], 0.1)[0]:
                try:
                    data = shell.read(65536)
                except EOFError:
                    break
                raw.extend(data)
                stream.feed(data)
            if predicate("\n".join(screen.display)):
                return
        raise AssertionError("screen never matched:\n" + "\n".join(screen.display))

    try:
        wait(lambda text: "$" in text)
        shell.write((shlex.join(reader_command()) + "\r").encode())
        wait(lambda text: "约 4 分钟" in text)
        shell.write(b"\x1a")  # ctrl+z
        wait(lambda text: "Stopped" in text and screen.display[screen.cursor.y][: screen.cursor.x].endswith("$ "))
        stopped = len(raw)
        shell.write(b"fg\r")
        wait(lambda text: b"\x1b[?1049h" in raw[stopped:])  # the reader takes its screen back
        shell.write(b"u")  # and answers keys again
        wait(lambda text: "已读：" in text)
        resumed = len(raw)
        shell.write(b"q")
        wait(lambda text: b"\x1b[?1049l" in raw[resumed:])  # the reader left its screen: it is quitting
        wait(lambda text: screen.display[screen.cursor.y][: screen.cursor.x].endswith("$ "))  # the shell's prompt
        shell.write(b"echo ended-$((40 + 2))\r")
        wait(lambda text: "ended-42" in text)  # and the shell has the terminal again
    finally:
        shell.terminate(force=True)


KEY_NAMES = {"Enter", "Space", "Tab", "Shift", "Ctrl", "PgDn", "PgUp", "Home", "End", "Esc", "Del", "PAGER"}


@pytest.mark.parametrize("lang", ["zh_CN.UTF-8", "C"])
def test_the_help_screen_is_in_the_locales_language(term_factory, lang: str) -> None:
    term = term_factory(cols=72, rows=40, env={"LANG": lang})  # the help box fills the width
    term.wait_for_text("大雪飘落")
    term.press("?")
    term.wait_for(lambda screen: "luoyang-reader —" in screen)
    lines = term.text().splitlines()
    top = next(n for n, line in enumerate(lines) if "luoyang-reader —" in line) - 1
    bottom = next(n for n in range(top + 1, len(lines)) if lines[n].startswith("╰"))
    pages = ["\n".join(lines[top + 1 : bottom])]  # inside the help box only
    while len(pages) < 10:  # every page of the help, scrolled with space, to the end
        if not term.press("space", answer_within=2):
            break  # at the end: nothing moved
        pages.append("\n".join(term.text().splitlines()[top + 1 : bottom]))
    text = "\n".join(pages)
    words = set(re.findall(r"[A-Za-z]{3,}", text)) - KEY_NAMES - {"luoyang", "reader"}
    if lang.startswith("zh"):
        assert "按键" in text and "下一版" in text and "任何地方" in text and "搜索面板" in text
        assert not words, sorted(words)  # no English left, key names aside
    else:
        assert "the next page" in text and "Anywhere" in text and "Search panel" in text and "按键" not in text


def test_the_reading_pane_s_frame_comes_with_its_first_text(term_factory) -> None:
    """The frame around the text is painted with it, not a frame later."""
    term = term_factory(cols=80, rows=24, env={"TERM": "xterm-256color"})
    term.wait_for_text("约 4 分钟")  # the first time the article's text is on the screen
    lines = term.text().splitlines()
    assert "╭" in lines[1] and "╮" in lines[1], "\n".join(lines)  # the frame's top border, already there
    term.wait_for(lambda screen: "0% ─╯" in screen)  # and its position label


def test_a_two_day_crawler_tree_is_two_issues_and_search_covers_the_day(term_factory, tmp_path: Path) -> None:
    """A crawler's tree (one article a file, only some files naming the paper):
    the top line names the paper and two issues, and "this issue" is the day."""
    from days import EVENING, crawler_tree

    from reader.session.library import arrange, load_files

    paths = crawler_tree(tmp_path / "tree")
    first_day = arrange(load_files(paths)[0])[0]
    counts = [a.title.count("灯会") + a.body_text.count("灯会") for a in first_day.articles]
    assert len(first_day.files) == 3 and sum(c > 0 for c in counts) == 3  # every file of the day has the word
    term = term_factory(str(tmp_path / "tree"), cols=120, rows=36)
    term.wait_for_text(f"{EVENING} · 2 期 · 4 篇 · 2024年1月5日 周五")
    term.press("/", *"灯会")
    term.wait_for_text(f"3 篇中{sum(counts)}处 · 本期")  # the day's three articles, not the one open
    term.press("escape", "q")
    assert term.wait_exit() == 0
