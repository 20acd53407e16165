"""The keyword sidebar: never waits for jieba; marking words; related articles."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import env_without_user_dirs
from rich.cells import cell_len
from ui_helpers import make_app, wait_for

from reader.tui.screens.main import MainScreen
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.keyword_panel import ArticleIdOption, KeywordList, RelatedList, WordOption

RUN = r"""
import asyncio, pathlib, sys, threading
import reader.keywords.engine as kw
from reader.tui.app import ReaderApp
from reader.session.library import load_files
from reader.tui.screens.main import MainScreen
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.keyword_panel import KeywordList, WordOption

mode, base = sys.argv[1], pathlib.Path(sys.argv[2])
gate = threading.Event()
if mode == "cold":
    compute = kw.Keywords.compute_apart
    def gated(self, articles):
        gate.wait(60)  # extraction cannot finish before the test has seen the first frame
        return compute(self, articles)
    kw.Keywords.compute_apart = gated
else:
    gate.set()

def words(app):
    return [o.word for o in app.screen.query_one(KeywordList).options if isinstance(o, WordOption)]

async def main():
    issues, _ = load_files([])
    app = ReaderApp(issues, data_dir=base / "data", cache_dir=base / "cache", config_dir=base / "config")
    async with app.run_test(size=(120, 36)) as pilot:
        while not isinstance(app.screen, MainScreen):
            await pilot.pause(0.01)
        await pilot.pause()
        title = app.screen.query_one(ArticleView).title
        shown = str(app.screen.query_one(KeywordList).get_option_at_index(0).prompt)
        print("FIRST", title, "computing" in shown, "jieba" in sys.modules, len(words(app)))
        gate.set()
        for _ in range(3000):
            if words(app):
                break
            await pilot.pause(0.01)
        print("DONE", words(app)[:3], "jieba" in sys.modules)

asyncio.run(main())
"""


def run(mode: str, base: Path) -> dict[str, list[str]]:
    result = subprocess.run(
        [sys.executable, "-c", RUN, mode, str(base)],
        capture_output=True, text=True, timeout=180, env=env_without_user_dirs(base),
    )
    assert result.returncode == 0, result.stderr
    return {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines() if line[:4] in ("FIRS", "DONE")}


def test_first_frame_before_keywords_and_warm_start_without_jieba(tmp_path: Path) -> None:
    cold = run("cold", tmp_path)
    # First frame: the article is readable, the sidebar says "computing", jieba not even imported.
    assert cold["FIRST"] == ["让脱贫群众生活更上一层楼", "True", "False", "0"]
    # jieba ran in a child process: the reader itself never loads it, even cold.
    assert cold["DONE"][-1] == "False" and cold["DONE"][0].startswith("['") and cold["DONE"][0] != "[]"
    warm = run("warm", tmp_path)
    # Warm start (cache filled): keywords appear and jieba is never imported.
    assert warm["DONE"][-1] == "False"
    assert warm["DONE"][:-1] == cold["DONE"][:-1]


async def ready_with_keywords(pilot) -> None:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, MainScreen))
    await wait_for(pilot, lambda: any(isinstance(o, WordOption) for o in pilot.app.screen.query_one(KeywordList).options),
                   timeout=60)


async def test_marking_a_keyword_highlights_counts_filters_and_walks(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready_with_keywords(pilot)
        screen = app.screen
        await pilot.press("right_square_bracket", "right_square_bracket")  # 以新气象… (北国花城 first)
        keywords = screen.query_one(KeywordList)
        await wait_for(pilot, lambda: keywords.highlighted_word == "北国花城")
        keywords.focus()
        await pilot.press("enter")
        reader = screen.query_one(ArticleView)
        marked = reader.marked()
        assert marked == ["北国花城"] * 3
        ids = [a.id for a in screen.session.files[0].articles]
        assert screen.session.states[ids[2]].matches == 3 and screen.session.states[ids[4]].matches == 2
        assert screen.session.states[ids[0]].matches == 0
        await pilot.press("f")  # the list shows only the articles that use the word
        articles = screen.query_one(ArticleList)
        await wait_for(pilot, lambda: len(articles.article_options) == 2)
        await pilot.press("n", "n", "n", "n")
        await wait_for(pilot, lambda: screen.session.current[1].id == ids[4])
        await pilot.press("f")
        await wait_for(pilot, lambda: len(articles.article_options) == 5)
        await pilot.press("f", "x")  # x clears the marks and the filter with them
        await wait_for(pilot, lambda: len(articles.article_options) == 5 and not screen.session.cursor.hits)
        assert all(screen.session.state(article_id).matches == 0 for article_id in ids)
        assert reader.marked() == []


async def test_issue_terms_and_related_articles(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready_with_keywords(pilot)
        screen = app.screen
        await pilot.press("right_square_bracket", "right_square_bracket")
        related = screen.query_one(RelatedList)
        await wait_for(pilot, lambda: isinstance(related.highlighted_option, ArticleIdOption))
        # The district interview is closest to the optics story (中航光电 in both).
        optics = screen.session.files[0].articles[1]
        assert related.highlighted_option.article_id == optics.id
        related.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.session.current[1] is optics)
        keywords = screen.query_one(KeywordList)
        keywords.focus()
        await pilot.press("i")
        await wait_for(pilot, lambda: "whole issue" in str(keywords.border_title))
        assert any(getattr(o, "word", None) == "北国花城" for o in keywords.options)


async def test_an_unusable_cache_dir_still_gives_keywords_and_a_notice(tmp_path: Path) -> None:
    from reader.session.library import load_files
    from reader.tui.app import ReaderApp
    from reader.tui.screens.main import MainScreen
    from reader.tui.widgets.keyword_panel import KeywordList

    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache dir should be")
    issues, _ = load_files([])
    app = ReaderApp(issues, data_dir=tmp_path / "data", cache_dir=blocker / "cache", config_dir=tmp_path / "config")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await wait_for(pilot, lambda: any("keyword cache not used" in n.message for n in app._notifications))
        keyword_list = app.screen.query_one(KeywordList)
        await wait_for(pilot, lambda: keyword_list.border_title == "Keywords · this article", timeout=90)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert app.is_running
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running)
    assert app.return_code in (None, 0)


def test_a_keyword_row_keeps_count_and_bar_whole_and_cuts_the_word() -> None:
    from rich.console import Console

    from reader.tui.widgets.keyword_panel import KeywordRow

    console = Console(width=80)
    row = KeywordRow("洛阳市城市管理局", "×12", 0.5)
    wide = console.render_lines(row, console.options.update_width(30))
    narrow = console.render_lines(row, console.options.update_width(16))
    texts = ["".join(s.text for s in line) for line in (*wide, *narrow)]
    assert len(wide) == len(narrow) == 1  # one line, whatever the width
    assert texts[0] == "洛阳市城市管理局    ×12 ▰▰▰▱▱▱"
    assert texts[1].endswith(" ×12 ▰▰▰▱▱▱") and "…" in texts[1]
    assert cell_len(texts[1]) <= 16 and cell_len(texts[0]) == 30
