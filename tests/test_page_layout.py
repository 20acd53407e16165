"""The article typeset for a width: lines, margins, positions and marks (no Textual)."""

from __future__ import annotations

import pytest
from conftest import SEED
from rich.cells import cell_len

from reader.core.page_layout import BLANK, Page, units_of
from reader.text.parse import parse_file


@pytest.fixture(scope="module")
def issue():
    return parse_file(SEED.read_text(encoding="utf-8"), source="/x/seed.txt", name="seed")


@pytest.mark.parametrize("width", [20, 47, 53, 90])
def test_every_line_fits_and_no_text_is_lost(issue, width: int) -> None:
    for article in issue.articles:
        units = units_of(issue, article)
        page = Page(units, width)
        for line in page.lines:
            assert page.left + 2 + line.indent + cell_len(line.text) <= max(width, page.measure)
        for number, unit in enumerate(units):
            drawn = "".join(line.text for line in page.lines if line.unit == number)
            assert drawn.replace(" ", "") == unit.offsets.shown.replace(" ", "")  # spaces at breaks may go


def test_margins_collapse_and_bylines_sit_flush_right(issue) -> None:
    article = issue.articles[4]
    page = Page(units_of(issue, article), 60)
    assert not any(a is BLANK and b is BLANK for a, b in zip(page.lines, page.lines[1:], strict=False))
    bylines = [line for line in page.lines if line.unit >= 0 and page.units[line.unit].kind == "byline"]
    assert bylines and all(line.indent + cell_len(line.text) == page.text_width for line in bylines)


def test_a_position_is_found_again_at_any_width(issue) -> None:
    article = issue.articles[0]
    units = units_of(issue, article)
    wide = Page(units, 90)
    for top in range(len(wide.lines)):
        block, offset = wide.position_at(top)
        for width in (30, 53, 120):
            other = Page(units, width)
            line = other.line_of(block, offset)
            assert line is not None
            back_block, back_offset = other.position_at(line)
            unit = other.unit_of_block(block)
            assert back_block == block and back_offset <= offset  # the line holding it, at most a line early
            if unit is not None and line + 1 < unit.first_line + unit.line_count:
                assert unit.offsets.to_text(other.lines[line + 1].start) > offset


def test_a_mark_across_a_line_break_is_split_over_both_lines(issue) -> None:
    article = issue.articles[0]
    page = Page(units_of(issue, article), 30)
    unit = next(u for u in page.units if u.block == 0)
    first, second = page.lines[unit.first_line], page.lines[unit.first_line + 1]
    start, end = second.start - 2, second.start + 3  # two characters before the break, three after
    marks = page.marks({("block", 0): [(start, end)]})
    assert marks == {unit.first_line: [(len(first.text) - 2, len(first.text))], unit.first_line + 1: [(0, 3)]}


@pytest.mark.parametrize("width", range(14, 40))
def test_a_list_title_breaks_by_the_reading_panes_rules(width: int) -> None:
    """Rich breaks CJK anywhere; a list row breaks as the reading pane does:
    no line of a title starts with 、，。》 or ends with 《“."""
    from rich.console import Console

    from reader.core.model import Article, Block
    from reader.session.row_state import RowState
    from reader.tui.widgets.article_list import row_prompt

    title = "《实施弹性退休制度暂行办法》发布，世界看到一个奋进、开放、勇于担当的中国"
    article = Article(id="a", title=title, column=None, kicker=None, subtitle=None, byline=None,
                      blocks=(Block("paragraph", "正文。"),))
    console = Console(width=width, color_system=None)
    with console.capture() as shown:
        console.print(row_prompt(article, RowState()))
    lines = [line[3:].rstrip() for line in shown.get().splitlines() if line[3:].strip()]
    assert "".join(lines) == title
    assert not any(line[0] in "、，。》" or line[-1] in "《“" for line in lines), lines


MARKS_HEADING = "▸ "  # the outline marks a heading


@pytest.mark.parametrize("row", ["bookmark", "related", "outline"])
@pytest.mark.parametrize("width", [15, 19, 23, 31])
def test_every_list_of_titles_breaks_by_the_same_rules(row: str, width: int) -> None:
    """Bookmarks, related articles and the outline wrap as the article list does."""
    from rich.console import Console

    from reader.core.model import Block
    from reader.storage.store import Bookmark
    from reader.tui.screens.bookmarks import bookmark_prompt
    from reader.tui.widgets.keyword_panel import related_prompt
    from reader.tui.widgets.sidebar import outline_prompt

    title = "《实施弹性退休制度暂行办法》发布，世界看到一个奋进、开放、勇于担当的中国"
    if row == "bookmark":
        shown_row: object = bookmark_prompt(Bookmark(1, "a", title, "/p/a.txt", 0, 0, "", None, "2025-01-02T08:00:00"))
    elif row == "related":
        shown_row = related_prompt(title, [])
    else:
        shown_row = outline_prompt(Block("heading", title))
    console = Console(width=width, color_system=None)
    with console.capture() as shown:
        console.print(shown_row)
    lines = [line.rstrip() for line in shown.get().splitlines()]
    lines[0] = lines[0].removeprefix(MARKS_HEADING)
    lines = lines[: next(i for i in range(len(lines)) if len("".join(lines[: i + 1])) >= len(title)) + 1]
    assert "".join(lines) == title
    assert not any(line[0] in "、，。》" or line[-1] in "《“" for line in lines), lines


def test_a_list_title_breaks_between_title_and_subtitle() -> None:
    from reader.core.typeset import wrap_at_spaces

    assert wrap_at_spaces("提升统战工作质效 凝聚同心奋进力量", 24) == ("提升统战工作质效", "凝聚同心奋进力量")
    assert wrap_at_spaces("踔厉奋发向未来 精“绣”洛城新画卷", 40) == ("踔厉奋发向未来 精“绣”洛城新画卷",)
    assert wrap_at_spaces("一二三四五六七八九十一二三", 10) == ("一二三四五", "六七八九十", "一二三")


def test_a_read_article_says_read_whatever_its_position() -> None:
    """After a resize the saved position of a read article is 87% of the new
    layout: the row still says read."""
    from rich.console import Console

    from reader.core.model import Article, Block
    from reader.session.row_state import RowState
    from reader.tui.widgets.article_list import row_prompt

    article = Article(id="a", title="标题", column=None, kicker=None, subtitle=None, byline=None,
                      blocks=(Block("paragraph", "正文。"),))
    console = Console(width=40, color_system=None)
    with console.capture() as shown:
        console.print(row_prompt(article, RowState(read=True, progress=0.87)))
        console.print(row_prompt(article, RowState(read=False, progress=0.87)))
    read, reading = shown.get().split("标题")[1:]
    assert "read" in read and "87%" not in read and "87%" in reading


def test_the_meta_line_names_the_page_or_a_file_named_otherwise_never_the_title_again(tmp_path) -> None:
    """A crawler's file is named by its one article: the meta line does not
    repeat the title shown just above it; a page file says its page."""
    one = parse_file("---\ntitle: 飞鸟翔集致富路\n---\n\n# 飞鸟翔集致富路\n\n正文一段。\n",
                     source=str(tmp_path / "飞鸟翔集致富路.md"), name="飞鸟翔集致富路")
    (meta,) = [u.text for u in units_of(one, one.articles[0]) if u.kind == "meta"]
    assert "飞鸟翔集致富路" not in meta and meta.endswith("characters")
    paged = parse_file("洛阳日报\n2024年1月5日 星期五\n第4版：经济\n\n# 标题\n\n正文。\n", source=str(tmp_path / "p.txt"), name="p")
    (meta,) = [u.text for u in units_of(paged, paged.articles[0]) if u.kind == "meta"]
    assert meta.endswith("· 第4版 经济")
