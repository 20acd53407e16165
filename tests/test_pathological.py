"""Pathological pages stay cheap: work bounded by what is shown, not by the file.

Speed itself is measured by hand and in the benchmark; these tests check the
bounds that keep it (rows, blocks and characters shown; linear joins; compact
search maps; a pinyin walk without dead ends)."""

from __future__ import annotations

from array import array
from pathlib import Path

from conftest import SEED
from ui_helpers import wait_for

from reader.core.model import SourceFile
from reader.core.page_layout import MAX_SHOWN_BLOCKS, MAX_SHOWN_CHARS
from reader.search.folding import fold
from reader.search.pinyin import PinyinTable
from reader.text.parse import parse_file
from reader.tui.app import ReaderApp
from reader.tui.screens.main import MainScreen
from reader.tui.widgets.article_list import ArticleList, ArticleOption
from reader.tui.widgets.article_view import ArticleView


def _issue(text: str) -> SourceFile:
    return parse_file(text, source="/x/page.md", name="page")


async def test_thousands_of_articles_are_listed_in_a_window(tmp_path: Path) -> None:
    issue = _issue("".join(f"# 标题{i}\n\n正文第{i}段。\n\n" for i in range(2000)))
    assert len(issue.articles) == 2000
    app = ReaderApp([issue], data_dir=tmp_path / "data", cache_dir=tmp_path / "cache", config_dir=tmp_path / "c")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        article_list = app.screen.query_one(ArticleList)
        rows = article_list.article_options
        assert len(rows) == ArticleList.ROWS_PER_FILE
        assert article_list.option_count == ArticleList.ROWS_PER_FILE + 1  # "… 1600 more articles"
        await app.screen.open_article(issue, issue.articles[1500])
        await pilot.pause()
        shown = {o.article.id for o in article_list.article_options}
        assert issue.articles[1500].id in shown  # the window followed the article
        option = article_list.highlighted_option
        assert isinstance(option, ArticleOption) and option.article is issue.articles[1500]


async def test_an_endless_article_shows_a_bounded_part(tmp_path: Path) -> None:
    long_paragraph = "洛阳日报" * (MAX_SHOWN_CHARS // 2)
    text = "# 题\n\n" + long_paragraph + "。\n\n" + "".join(f"第{i}段。\n\n" for i in range(MAX_SHOWN_BLOCKS * 3))
    issue = _issue(text)
    app = ReaderApp([issue], data_dir=tmp_path / "data", cache_dir=tmp_path / "cache", config_dir=tmp_path / "c")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        reader = app.screen.query_one(ArticleView)
        await wait_for(pilot, lambda: reader.article is issue.articles[0])
        assert len(reader.body_blocks()) == MAX_SHOWN_BLOCKS
        assert len(reader.unit_texts("paragraph")[0]) == MAX_SHOWN_CHARS  # the long paragraph, cut for display
        notes = reader.unit_texts("note")
        assert any("are shown" in n for n in notes) and any("more blocks not shown" in n for n in notes)


def test_a_long_broken_paragraph_is_joined_whole() -> None:
    # A page whose columns broke one paragraph 5,000 times: joined once, not line by line.
    lines = [f"第{i}段没有句号这一段话在分栏之处被截断了" for i in range(5000)]
    issue = _issue("# 题\n\n" + "\n\n".join(lines) + "\n")
    (article,) = issue.articles
    assert [b.text for b in article.blocks] == ["".join(lines)]


def test_search_maps_stay_compact() -> None:
    assert fold("，" * 1000) == ("," * 1000, None)  # one to one: no per-character map at all
    folded, origin = fold("ﬁ，x")  # a ligature folds to two characters
    assert folded == "fi,x" and isinstance(origin, array) and origin.itemsize == 4
    assert list(origin) == [0, 0, 1, 2]


class _CountingDict(dict):
    calls = 0

    def get(self, *args):  # type: ignore[override]
        _CountingDict.calls += 1
        return super().get(*args)


def test_a_crafted_pinyin_query_explores_no_dead_ends() -> None:
    # "zh" may be an initial or "z" + "h"; no syllable starts with "i": 2^19 dead ends.
    table = PinyinTable(set(SEED.read_text(encoding="utf-8")))
    tokens = _CountingDict(table.shorthand)
    _CountingDict.calls = 0
    assert table._segmentations("zh" * 19 + "i", tokens, last_prefix=False) == []
    assert _CountingDict.calls < 5_000  # was 4.5 million look-ups (2 s) before the dead ends were pruned
