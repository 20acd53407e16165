"""A whole day in one file (an archive's text of an issue, every page in
turn): the file is the day, and its articles stand under the pages that
printed them, for the list, the reading pane, ``]``, export and search."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import run_cli

from reader.core.model import Section, SourceFile, issues_of
from reader.session.export import issues_dict, to_markdown, to_text
from reader.session.library import MemoryLibrary
from reader.session.reading import ReadingSession
from reader.storage.store import Store
from reader.text.parse import parse_file

PAPER = "伊川日报"
DAY = (f"{PAPER} 2010年4月8日 星期四\n\n第01版：要闻\n\n植树活动启动\n\n本报记者 赵某\n\n"
       "　　昨日，植树活动在北郊林场启动，千余名干部群众参加。\n\n"
       "春耕备耕正当时\n\n本报记者 周某\n\n　　眼下正是春耕备耕的关键时期，田间地头一片繁忙。\n\n"
       "第02版：经济\n\n外贸稳中有升\n\n本报记者 钱某\n\n　　一季度外贸进出口总值同比增长，春耕物资出口增多。\n\n"
       "第03版：社会\n\n社区开展义诊\n\n本报通讯员 孙某\n\n　　昨日，社区卫生服务中心在小区广场开展义诊。\n")
TITLES = {"1": ["植树活动启动", "春耕备耕正当时"], "2": ["外贸稳中有升"], "3": ["社区开展义诊"]}


def _day(source: str = "/archive/2010-04-08.txt") -> SourceFile:
    return parse_file(DAY, source)


def test_each_article_is_under_the_page_that_printed_it() -> None:
    day = _day()
    assert (day.paper, day.date, day.page) == (PAPER, "2010-04-08", None)  # the day, no one page
    assert day.sections == (Section(0, "1", "要闻"), Section(2, "2", "经济"), Section(3, "3", "社会"))
    assert {a.title: day.page_of(a.id) for a in day.articles} == {
        "植树活动启动": ("1", "要闻"), "春耕备耕正当时": ("1", "要闻"), "外贸稳中有升": ("2", "经济"),
        "社区开展义诊": ("3", "社会")}
    [issue] = issues_of([day])
    assert [(p.number, p.name, [a.title for a in p.articles]) for p in issue.pages] == [
        (number, name, TITLES[number]) for number, name in (("1", "要闻"), ("2", "经济"), ("3", "社会"))]
    assert day.index_of(day.articles[2].id) == 2 and day.index_of("no such id") is None
    assert issue.pages[1].holds(day, 2) and not issue.pages[1].holds(day, 0)


@pytest.mark.parametrize("form", ["【第{cn}版 {name}】", "■第{n}版 {name}", "=== 第{n}版 {name} ===", "版面：第{n}版 {name}",
                                  "—— 第{cn}版 {name} ——", "[第0{n}版：{name}]"])
def test_page_lines_as_archives_set_them_off(form: str) -> None:
    text = DAY
    for n, cn, name in (("1", "一", "要闻"), ("2", "二", "经济"), ("3", "三", "社会")):
        text = text.replace(f"第0{n}版：{name}", form.format(n=n, cn=cn, name=name))
    day = parse_file(text)
    assert day.sections == _day().sections
    assert [a.title for a in day.articles] == [t for titles in TITLES.values() for t in titles]


@pytest.mark.parametrize("line", ["【本报讯】", "■本报记者 赵某", "=== 经济 ===", "【一】", "- 2 -", "——2024年4月8日——",
                                  "【第二版面设计说明】很长的一段话"])
def test_set_off_lines_that_are_no_page_lines(line: str) -> None:
    from reader.text.placement import page_line

    assert page_line(line) is None


def test_a_whole_day_in_markdown_has_its_page_headings_as_pages() -> None:
    """A crawler's day in one Markdown file: ``## 第02版：经济`` headings over
    ``###`` titles are the pages, not the next title's kicker."""
    from test_no_loss import assert_lossless

    markdown = DAY.replace(f"{PAPER} 2010年4月8日 星期四", f"# {PAPER} 2010年4月8日 星期四")
    for page in ("第01版：要闻", "第02版：经济", "第03版：社会"):
        markdown = markdown.replace(page, f"## {page}")
    for titles in TITLES.values():
        for title in titles:
            markdown = markdown.replace(f"\n{title}\n", f"\n### {title}\n")
    day = assert_lossless(markdown)
    assert (day.paper, day.date, day.sections) == (PAPER, "2010-04-08", _day().sections)
    assert [(a.title, a.kicker) for a in day.articles] == [(t, None) for titles in TITLES.values() for t in titles]


def test_a_page_named_again_over_its_next_column_starts_no_page() -> None:
    again = DAY.replace("春耕备耕正当时", "第01版：要闻\n\n春耕备耕正当时")
    assert [s.page for s in parse_file(again).sections] == ["1", "2", "3"]


def test_a_pages_own_list_of_pages_makes_no_sections() -> None:
    page = parse_file("第02版：经济\n\n外贸稳中有升\n\n本报记者 钱某\n\n　　一季度外贸进出口总值同比增长。\n\n"
                      "版面导航\n\n第01版：要闻\n\n第02版：经济\n")
    assert (page.page, page.sections) == ("2", ())


def test_next_page_steps_through_the_pages_of_one_file(tmp_path: Path) -> None:
    day = _day()
    session = ReadingSession(MemoryLibrary([day]), Store.open(tmp_path / "data"))
    session.open_article(day, day.articles[0])
    assert session.neighbour_issue(+1, by="page") == (day, day.articles[2])  # page 1 has two articles
    session.open_article(day, day.articles[2])
    assert session.neighbour_issue(+1, by="page") == (day, day.articles[3])
    assert session.neighbour_issue(-1, by="page") == (day, day.articles[0])
    session.open_article(day, day.articles[3])
    assert session.neighbour_issue(+1, by="page") is None


def test_export_heads_each_page_and_puts_its_articles_under_it() -> None:
    issues = issues_of([_day()])
    text = to_text(issues)
    order = [text.index(x) for x in ("第1版 要闻", "植树活动启动", "春耕备耕正当时", "第2版 经济", "外贸稳中有升",
                                     "第3版 社会", "社区开展义诊")]
    assert order == sorted(order)
    assert "## 第2版 经济" in to_markdown(issues)
    pages = issues_dict(issues)["issues"][0]["pages"]
    assert [(p["page"], [a["title"] for f in p["files"] for a in f["articles"]]) for p in pages] == list(TITLES.items())
    # The page line between two pages stands before the first article of its own page.
    second = pages[1]["files"][0]
    assert {"before": 0, "text": "第02版：经济"} in second["furniture"]
    assert all(0 <= f["before"] <= len(p["files"][0]["articles"]) for p in pages for f in p["files"][0]["furniture"])


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    folder = tmp_path / "tree"
    folder.mkdir()
    (folder / "2010-04-08.txt").write_text(DAY, encoding="utf-8")
    (folder / "2010-04-09.txt").write_text("伊川日报 2010年4月9日 星期五 第01版 要闻\n\n春耕物资充足\n\n"
                                           "　　春耕物资储备充足，价格平稳。\n", encoding="utf-8")
    return folder


def _search(tmp_path: Path, *args: str):
    return run_cli(["search", *args, str(tmp_path / "tree")], tmp_path)


def test_search_names_the_page_of_each_hit_and_page_keeps_to_it(archive: Path, tmp_path: Path) -> None:
    lines = _search(tmp_path, "春耕").stdout.splitlines()
    assert [line.split(" · ")[0] for line in lines] == ["2010-04-08 p. 1", "2010-04-08 p. 1", "2010-04-08 p. 2",
                                                        "2010-04-09 p. 1", "2010-04-09 p. 1"]  # titles and paragraphs
    hits = json.loads(_search(tmp_path, "春耕", "--page", "2", "--json").stdout)["hits"]
    assert [(h["date"], h["page"], h["title"]) for h in hits] == [("2010-04-08", "2", "外贸稳中有升")]
    assert _search(tmp_path, "春耕", "--page", "1", "--count").stdout == "2\n"
    assert _search(tmp_path, "春耕", "--page", "3", "--count").returncode == 1
    assert _search(tmp_path, "义诊", "--page", "3", "-l").stdout == f"{archive / '2010-04-08.txt'}\n"


def test_the_catalog_keeps_the_pages_and_takes_no_damaged_ones(archive: Path, tmp_path: Path) -> None:
    assert run_cli(["index", str(archive)], tmp_path).returncode == 0
    [catalog] = (tmp_path / "xdg").rglob("catalog.db")
    from reader.catalog.database import Catalog
    from reader.catalog.rows import FILE_COLUMNS, entry_of

    opened = Catalog.open(catalog.parent)
    [entry] = opened.entries([str(archive / "2010-04-08.txt")])
    opened.close()
    assert entry.sections == _day().sections
    with sqlite3.connect(catalog) as conn:
        row = list(conn.execute(f"SELECT {FILE_COLUMNS} FROM files WHERE sections IS NOT NULL").fetchone())
    for damaged in ('[[2, "2", null], [0, "1", null]]', '[[0, "第一", null]]', '[[9, "1", null]]', "{", "[]", "[[0]]"):
        assert entry_of([*row[:-1], damaged]) is None, damaged
    assert entry_of(row) is not None


def test_an_export_of_records_of_several_pages_has_them_as_sections() -> None:
    records = "".join(f"【标题】{title}\n【日期】2010-04-08\n【版号】第0{page}版\n【正文】\n　　{title}的正文。\n\n"
                      for page, titles in TITLES.items() for title in titles)
    day = parse_file(records)
    assert day.page is None and [(s.start, s.page) for s in day.sections] == [(0, "1"), (2, "2"), (3, "3")]
    assert [day.page_of(a.id)[0] for a in day.articles] == ["1", "1", "2", "3"]


async def test_the_list_names_each_page_above_its_articles(archive: Path, tmp_path: Path) -> None:
    from ui_helpers import make_app, ready, shown, wait_for

    from reader.tui.widgets.article_list import ArticleList, ArticleOption
    from reader.tui.widgets.article_view import ArticleView

    app = make_app(tmp_path, [archive / "2010-04-08.txt"])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        rows = screen.query_one(ArticleList).options
        labels = [a.article.title if isinstance(a, ArticleOption) else shown(a.prompt).strip() for a in rows]
        assert labels == ["第1版 要闻", *TITLES["1"], "第2版 经济", *TITLES["2"], "第3版 社会", *TITLES["3"]]
        assert all(row.disabled for row in rows if not isinstance(row, ArticleOption))  # the cursor skips them
        for _ in range(2):
            await pilot.press("j")
        await pilot.press("enter")
        view = screen.query_one(ArticleView)
        await wait_for(pilot, lambda: view.title == "外贸稳中有升" and bool(view.lines()))
        assert "第2版 经济" in "".join(view.lines()[:5])  # its meta line names the page


def test_the_apps_hits_name_the_page_of_a_whole_days_file() -> None:
    from ui_helpers import shown

    from reader.search.index import SearchIndex
    from reader.tui.widgets.search_panel import hit_prompt

    hits = list(SearchIndex([_day()]).search("春耕"))
    where = [shown(hit_prompt(hit)).splitlines()[0].strip() for hit in hits]
    assert where == ["第1版 要闻 · 春耕备耕正当时", "第1版 要闻 · 春耕备耕正当时", "第2版 经济 · 外贸稳中有升"]
    assert shown(hit_prompt(hits[-1], with_issue=True)).startswith("2010-04-08 · 第2版 经济 · 外贸稳中有升")


def test_a_converted_pdfs_running_head_starts_its_page() -> None:
    """A day's PDF converted to one text sets each page's running head over it
    (the day, the editors, 第2版 城事): the page starts there. Another day's
    date, or no 第…版, starts none."""
    def day(head: str) -> SourceFile:
        return parse_file("洛阳日报\n2011年5月17日 星期二\n第1版 要闻\n\n老城区改造进入第二阶段\n"
                          "　　本报讯 昨日，老城区改造进入第二阶段，涉及街巷十二条。\n\n"
                          f"{head}\n\n牡丹广场夜市开张\n　　本报讯 16日晚，牡丹广场夜市正式开张。\n", source="day.txt")

    issue = day("2011年5月17日　星期二　责任编辑　张某　校对　李某　　第2版　城事")
    assert [(s.start, s.page, s.name) for s in issue.sections] == [(0, "1", "要闻"), (1, "2", "城事")]
    assert day("2011年5月18日　星期三　责任编辑　张某　　第2版　城事").sections == ()
    assert day("2011年5月17日　星期二　责任编辑　张某").sections == ()


def test_a_file_of_several_days_names_no_day_rather_than_the_first() -> None:
    """A month's archive in one file: each day under its masthead. Its articles are not all the first day's."""
    from reader.text.parse import parse_file

    days = "".join(f"河洛日报\n1985年5月{day}日　星期{weekday}\n\n第1版　要闻\n\n{title}\n　　本报讯 {title}，各方反响热烈。\n\n"
                   for day, weekday, title in ((17, "五", "春播工作全面展开"), (18, "六", "牡丹花会筹备就绪"),
                                               (20, "一", "中小学开展安全教育")))
    issue = parse_file(days, "/archive/1985-05/whole-month.txt")
    assert [a.title for a in issue.articles] == ["春播工作全面展开", "牡丹花会筹备就绪", "中小学开展安全教育"]
    assert (issue.paper, issue.date) == ("河洛日报", None)
    one_day = days.split("河洛日报\n1985年5月18日")[0]
    assert parse_file(one_day + one_day.replace("春播工作全面展开", "老城区改造启动"), "/a/b.txt").date == "1985-05-17"
    # An announcement signed and dated the day before, between two articles: the page's day stands.
    signed = ("河洛日报\n1985年5月17日　星期五\n\n倡议书\n\n　　全市广大市民朋友：让我们行动起来，共建文明城市。\n\n"
              "市文明办\n1985年5月16日\n\n老城区改造工程启动\n\n　　本报讯 老城区改造工程昨日正式启动。\n")
    assert parse_file(signed, "/a/c.txt").date == "1985-05-17"
