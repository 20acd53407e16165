"""An issue is one day of one paper, however the files cut it: what names a
paper and a day, how files become issues and pages, and what works on the day."""

from __future__ import annotations

from pathlib import Path

import pytest
from days import COUNTY, EVENING, crawler_tree, epaper_day, everything, undated

from reader.core.model import Article, SourceFile, issues_of
from reader.session.library import MemoryLibrary, arrange, load_files
from reader.session.papers import Papers
from reader.session.reading import ReadingSession
from reader.storage.settings import load_settings
from reader.storage.store import Store
from reader.text.parse import parse_file
from reader.text.placement import machine_name, page_line, printed_paper


def _file(source: str, date: str | None = None, page: str | None = None, paper: str | None = None) -> SourceFile:
    return SourceFile(source=source, date=date, page=page, paper=paper,
                      articles=(Article(id=source, title=source),))


@pytest.mark.parametrize(("line", "paper", "date", "page"), [
    ("河洛晚报", "河洛晚报", None, None),  # a masthead on its own line
    ("伊川日报  2024年1月5日 星期五 第3版", "伊川日报", "2024-01-05", "3"),
    ("《光明日报》（2023年05月06日 第 07 版）", "光明日报", "2023-05-06", "7"),  # a source line
    ("本报记者 陈某《河洛晚报》(2025年01月02日第 01 版)", "河洛晚报", "2025-01-02", "1"),
    ("伊川日报 2024年1月5日 第3版 要闻", "伊川日报", "2024-01-05", "3"),  # the page's name ends the masthead
    ("伊川日报 2024年1月5日 星期五 第03版：要闻", "伊川日报", "2024-01-05", "3"),  # after a colon, as e-papers set it
    # Older pages count in Chinese numerals: the year digit by digit, month, day and page counted.
    ("河洛日报 一九七八年十二月二十三日 星期六 第一版", "河洛日报", "1978-12-23", "1"),
    ("河洛日报 二〇〇三年五月十二日 第十二版 要闻", "河洛日报", "2003-05-12", "12"),
    ("港島日報　2003年五月三十一日　星期六　第三版　本地新聞", "港島日報", "2003-05-31", "3"),
    # An archive's heading: the name in brackets, or between slashes or bars.
    ("【河洛日报】1956年05月17日 第1版", "河洛日报", "1956-05-17", "1"),
    ("河洛日报/1956-05-17/第1版", "河洛日报", "1956-05-17", "1"),
    ("河洛日报 | 1956-05-17 | 第1版", "河洛日报", "1956-05-17", "1"),
    ("《河洛日报》1956年5月17日", "河洛日报", "1956-05-17", None),
    # The Republic's year without its name, as Taiwan's papers print it: beside the weekday.
    ("寶島日報　100年5月17日　星期二　A3版", "寶島日報", "2011-05-17", "A3"),
    ("寶島日報　74年5月17日（五）", "寶島日報", "1985-05-17", None),
    # What else mastheads print: the lunar date, today's pages, the serial number, the registration, a Latin name.
    ("伊川日报 2024年3月5日 星期二 农历甲辰年正月廿五", "伊川日报", "2024-03-05", None),
    ("伊川日报 2024年3月5日 星期二 农历二月初五 今日12版 总第12345期", "伊川日报", "2024-03-05", None),
    ("伊川日报 国内统一连续出版物号 CN41-0011 2024年3月5日", "伊川日报", "2024-03-05", None),
    ("YICHUAN DAILY 伊川日报 2024年3月5日", "伊川日报", "2024-03-05", None),
    ("伊川日报　２０２４年３月５日　星期二　第０２版", "伊川日报", "2024-03-05", "2"),  # full-width digits
    ("伊川日报 数字报", "伊川日报", None, None),  # the site's copy of it, set apart
])
def test_a_paper_is_named_by_its_own_masthead_or_source_line(line: str, paper: str, date: str | None,
                                                              page: str | None) -> None:
    found = printed_paper(line)
    assert found is not None and found[0] == paper and (found[1].date, found[1].page) == (date, page)


@pytest.mark.parametrize("line", [
    "本报讯 近日,全市开展冬季安全检查。",  # "this paper" names none
    "| 洛阳日报 | 洛阳晚报 | 版面导航 |",  # sister papers' links: no page's own name
    "据《人民日报》报道,今年粮食再获丰收,各地秋收秋种进展顺利,农民脸上洋溢着笑容,丰收的喜悦溢于言表。",
    "读报有感",  # a title ending in 报 is no masthead... unless it names a date or page: it does not
    "河洛日报 一九七八年十三月一日",  # no such month: no date, and so no masthead
    "关于会议的情况通报 第2版 要闻 今天",  # words after the page's name: no masthead
    "关于会议的情况通报 今日8版",  # today's pages are no date nor page of its own
    "【河洛日报",  # a bracket left open
    "河洛日报/社论",  # a heading's path, no day nor page
    "寶島日報 100年5月17日",  # the Republic's year unnamed, no weekday beside it: no date (100年 may count years)
])
def test_lines_that_name_no_paper(line: str) -> None:
    assert printed_paper(line) is None


@pytest.mark.parametrize(("line", "page"), [
    ("第三版", ("3", None)), ("第十二版 要闻", ("12", "要闻")), ("第 四 版（国际）", ("4", "国际")),
    ("第二十版", ("20", None)), ("三版", None), ("第十十版", None),  # 第 and 版 both printed; a count
])
def test_a_page_line_in_chinese_numerals(line: str, page: tuple[str, str | None] | None) -> None:
    assert page_line(line) == page


def test_front_matter_names_a_paper_and_a_site_does_not() -> None:
    named = parse_file("---\ntitle: 甲\npaper: 河洛晚报\ndate: 2024-01-05\n---\n\n正文。\n", source="/t/a.md")
    sited = parse_file("---\ntitle: 乙\nsource_url: https://paper.example.cn/a.html\n---\n\n正文。\n",
                       source="/t/b.md")
    coded = parse_file("---\ntitle: 丙\nurl: http://paper.example.cn/rmrbhwb/html/2024-01/05/c1.htm\n---\n\n正文。\n",
                       source="/t/c.md")
    assert (named.paper, named.date) == ("河洛晚报", "2024-01-05")
    assert sited.paper is None  # one site serves several papers: no guess
    assert coded.paper == "人民日报海外版"  # a paper's code in the address names it


@pytest.mark.parametrize(("fields", "paper", "date"), [
    ("source: 河洛晚报\npublished: 2024-01-05T08:30:00+08:00", "河洛晚报", "2024-01-05"),
    ("来源: 河洛晚报\n发布时间: 2024年1月5日 08:30", "河洛晚报", "2024-01-05"),
    ("source: 新华社\npubDate: 二〇二四年一月五日", None, "2024-01-05"),  # an agency is no paper
    ("datePublished: 2024-01-05", None, "2024-01-05"),
    ("paper: 伊川日报\nsource: 河洛晚报\ndate: 民国一百一十三年一月五日", "伊川日报", "2024-01-05"),
])
def test_a_crawlers_other_names_for_the_paper_and_the_day(fields: str, paper: str | None, date: str) -> None:
    page = parse_file(f"---\ntitle: 甲\n{fields}\n---\n\n正文。\n", source="/t/a.md")
    assert (page.paper, page.date) == (paper, date)


def test_a_machine_name_gives_way_to_the_pages_headline() -> None:
    assert machine_name("000_efce2d328bfbc38f") and machine_name("550e8400-e29b-41d4-a716-446655440000")
    assert not any(machine_name(n) for n in ("lyrb20081203_002", "2024-01-05", "notes", "04-要闻", "20240105"))
    hashed = parse_file("# 冬季书市人气旺\n\n正文。\n", source="/t/9f86d081884c7d65.txt")
    kept = parse_file("# 冬季书市人气旺\n\n正文。\n", source="/t/notes.txt")
    assert (hashed.name, kept.name) == ("冬季书市人气旺", "notes")


def test_files_of_one_paper_and_day_make_one_issue_with_pages_in_the_papers_order() -> None:
    files = [_file("/p/a10", "2024-01-05", "10", "甲报"), _file("/p/a2", "2024-01-05", "2", "甲报"),
             _file("/p/b1", "2024-01-05", "B1", "甲报"), _file("/p/a1", "2024-01-05", "A1", "甲报"),
             _file("/p/x", "2024-01-05", None, "甲报"), _file("/p/c", "2024-01-06", "1", "甲报")]
    first, second = issues_of(files)
    assert [f.source for f in first.files] == ["/p/a2", "/p/a10", "/p/a1", "/p/b1", "/p/x"]  # 2 < 10, A1 < B1, unpaged last
    assert [p.number for p in first.pages] == ["2", "10", "A1", "B1", None]
    assert (first.paper, first.date, first.article_count, second.date) == ("甲报", "2024-01-05", 5, "2024-01-06")


def test_a_file_naming_no_paper_joins_the_day_of_the_paper_whose_files_lie_nearest() -> None:
    files = [_file("/e/2024-01-05/1/a", "2024-01-05", "1", "甲报"), _file("/e/2024-01-05/2/b", "2024-01-05", "2"),
             _file("/c/x_001", "2024-01-05", "1", "乙报"), _file("/c/x_002", "2024-01-05", "2"),
             _file("/elsewhere/z", "2024-01-05", "3"),  # as near to both: a day of no named paper
             _file("/u/notes"), _file("/u/more")]  # no day: each an issue alone
    issues = issues_of(files)
    assert [(i.paper, [f.source for f in i.files]) for i in issues] == [
        ("甲报", ["/e/2024-01-05/1/a", "/e/2024-01-05/2/b"]),
        ("乙报", ["/c/x_001", "/c/x_002"]),
        (None, ["/elsewhere/z"]),
        (None, ["/u/notes"]),
        (None, ["/u/more"]),
    ]
    # With one paper named that day, every file of the day that names none is its.
    (alone,) = issues_of([_file("/a/1", "2024-01-05", "1", "甲报"), _file("/b/2", "2024-01-05", "2")])
    assert alone.paper == "甲报" and len(alone.files) == 2


def test_settings_name_the_paper_of_a_folder_and_a_file_naming_its_own_wins(tmp_path: Path) -> None:
    scans = tmp_path / "scans"
    (tmp_path / "config.toml").write_text(f'[papers]\n"{scans}" = "甲报"\n"{tmp_path / "x"}" = 3\n', encoding="utf-8")
    settings = load_settings(tmp_path)
    assert settings.papers == ((str(scans.resolve()), "甲报"),)
    assert len(settings.warnings) == 1 and "must be a name" in settings.warnings[0]
    papers = Papers(settings.papers)
    files = [_file(str(scans / "old" / "p1.txt"), "1998-06-15"), _file(str(scans / "own.txt"), "1998-06-15", paper="乙报"),
             _file(str(tmp_path / "other.txt"), "1998-06-15")]
    assert [(i.paper, len(i.files)) for i in arrange(files, papers)] == [("甲报", 1), ("乙报", 1), (None, 1)]


def test_reading_order_is_by_paper_then_day_and_undated_files_come_last(tmp_path: Path) -> None:
    files, _ = load_files([tmp_path] if everything(tmp_path) else [])
    issues = arrange(files)
    assert [(i.paper, i.date, i.article_count, len(i.pages)) for i in issues] == [
        (EVENING, "2024-01-05", 3, 2),  # three files, two pages: one issue
        (EVENING, "2024-01-06", 1, 1),
        (COUNTY, "2024-01-05", 5, 3),  # three page files: one issue, pages 1, 2, 10
        (None, None, 1, 1),
    ]
    assert [p.number for p in issues[2].pages] == ["1", "2", "10"]


def _day_session(tmp_path: Path) -> ReadingSession:
    files, _ = load_files([*epaper_day(tmp_path / "epaper"), *crawler_tree(tmp_path / "crawler"),
                           undated(tmp_path / "misc")])
    return ReadingSession(MemoryLibrary(files), Store.open(tmp_path / "data"))


def test_search_in_this_issue_covers_every_page_of_the_day_and_no_other_day(tmp_path: Path) -> None:
    session = _day_session(tmp_path)
    county = next(i for i in session.issues if i.paper == COUNTY)
    session.open_article(county.files[0], county.articles[0])
    request = session.search_request("灯会", everywhere=False)
    hits = session.answer(request).hits
    assert {h.file.source for h in hits} == {f.source for f in county.files}  # all three pages, no other paper
    everywhere = session.answer(session.search_request("灯会", everywhere=True)).hits
    holding = {i.key for i in session.issues if any("灯会" in a.body_text for a in i.articles)}
    assert len(holding) == 3 and {session.issue_of(h.file).key for h in everywhere} == holding


def test_next_issue_is_the_papers_next_day_and_next_page_stays_in_the_day(tmp_path: Path) -> None:
    session = _day_session(tmp_path)
    evening = [i for i in session.issues if i.paper == EVENING]
    first = evening[0]
    session.open_article(first.files[0], first.articles[0])
    assert session.neighbour_issue(+1) == (evening[1].files[0], evening[1].articles[0])
    page3 = first.pages[1]
    assert session.neighbour_issue(+1, by="page") == (page3.files[0], page3.files[0].articles[0])
    session.open_article(page3.files[0], page3.files[0].articles[0])
    assert session.neighbour_issue(+1, by="page") is None
    session.open_article(evening[1].files[0], evening[1].articles[0])
    county = next(i for i in session.issues if i.paper == COUNTY)
    assert [i.paper for i in session.issues] == [COUNTY, EVENING, EVENING, None]  # papers as the files came
    after = session.issues[3]
    assert session.neighbour_issue(+1) == (after.files[0], after.articles[0])  # the paper's last day: what comes next
    assert session.neighbour_issue(+1, by="date") is None  # no later date, of any paper
    assert session.neighbour_issue(-1, by="date") in {(first.files[0], first.articles[0]),
                                                      (county.files[0], county.articles[0])}  # the 5th


def test_export_writes_days_pages_and_files_and_chooses_by_paper_and_day(tmp_path: Path) -> None:
    import json

    from conftest import run_cli

    everything(tmp_path / "tree")
    result = run_cli(["export", str(tmp_path / "tree")], tmp_path)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["schema"] == 2
    assert [(i["paper"], i["date"], i["articles"], [p["page"] for p in i["pages"]]) for i in doc["issues"]] == [
        (EVENING, "2024-01-05", 3, ["1", "3"]), (EVENING, "2024-01-06", 1, ["1"]),
        (COUNTY, "2024-01-05", 5, ["1", "2", "10"]), (None, None, 1, [None])]
    page1 = doc["issues"][0]["pages"][0]
    assert page1["page_name"] == "要闻" and len(page1["files"]) == 2  # a crawler's page: a file an article
    assert {f["paper"] for p in doc["issues"][0]["pages"] for f in p["files"]} == {EVENING, None}  # as each file says

    chosen = run_cli(["export", "--paper", COUNTY, "--issue", "20240105", str(tmp_path / "tree")], tmp_path)
    (day,) = json.loads(chosen.stdout)["issues"]
    assert (day["paper"], day["date"]) == (COUNTY, "2024-01-05")
    text = run_cli(["export", "-f", "markdown", "-d", "2024年1月6日", str(tmp_path / "tree")], tmp_path).stdout
    assert text.startswith(f"# {EVENING} · 2024年1月6日 周六 · 第1版 要闻\n") and "\n## 一场小雪润古城\n" in text
    paged = run_cli(["export", "-f", "markdown", "-p", COUNTY, str(tmp_path / "tree")], tmp_path).stdout
    assert [line for line in paged.splitlines() if line.startswith(("# ", "## "))] == [
        f"# {COUNTY} · 2024年1月5日 周五", "## 第1版 要闻", "## 第2版 经济", "## 第10版 副刊"]

    words = json.loads(run_cli(["keywords", "--json", "--issue", "2024-01-06", str(tmp_path / "tree")], tmp_path).stdout)
    assert [(i["paper"], i["date"], [a["title"] for a in i["articles"]]) for i in words["issues"]] == [
        (EVENING, "2024-01-06", ["一场小雪润古城"])]
    for wrong in (["--issue", "2024-13-45"], ["--paper", "不存在报"], ["--issue", "2023-01-01"]):
        failed = run_cli(["export", *wrong, str(tmp_path / "tree")], tmp_path)
        assert failed.returncode == 2 and len(failed.stderr.strip().splitlines()) == 1, failed.stderr
        assert "Traceback" not in failed.stderr
    assert f"{COUNTY}, {EVENING}" in failed.stderr  # what there is to choose from


def test_search_chooses_by_paper_and_day(tmp_path: Path) -> None:
    from conftest import run_cli

    everything(tmp_path / "tree")
    every = run_cli(["search", "灯会", str(tmp_path / "tree")], tmp_path).stdout.splitlines()
    county = run_cli(["search", "灯会", "-p", COUNTY, str(tmp_path / "tree")], tmp_path).stdout.splitlines()
    assert len(every) > len(county) == 5 and all(line.startswith("2024-01-05 p. ") for line in county)
    # over several papers each line names its paper first
    assert any(line.startswith(f"{COUNTY} 2024-01-05 p. 10 · ") for line in every)


async def test_in_the_reader_the_top_line_names_the_day_and_search_and_U_work_on_it(tmp_path: Path) -> None:
    from ui_helpers import make_app, ready, wait_for

    from reader.tui.screens.prompt import Confirm
    from reader.tui.widgets.search_panel import SearchPanel

    everything(tmp_path / "tree")
    app = make_app(tmp_path, [tmp_path / "tree"])
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        masthead = screen.query_one("#masthead")
        # Two papers: counted; then the day being read, with its paper.
        assert str(masthead.render()) == f"2 papers · 4 issues · 10 articles · {EVENING} · 2024年1月5日 周五 · 第1版 要闻"
        day = screen.session.issue
        assert day is not None and len(day.files) == 3 and screen.session.current[0] is day.files[0]
        await pilot.press("slash", *"灯会")  # this issue: every page of the day
        panel = screen.query_one(SearchPanel)
        await wait_for(pilot, lambda: panel.hit_count > 0)
        assert {h.file.source for h in screen.session.cursor.hits} == {f.source for f in day.files}
        await pilot.press("escape")
        await pilot.press("U")
        await wait_for(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        await wait_for(pilot, lambda: all(screen.session.state(a.id).read for a in day.articles))
        assert f"3 unread articles of {EVENING} · 2024年1月5日 周五" in screen.status
        others = [a for issue in screen.session.issues if issue is not day for a in issue.articles]
        assert not any(screen.session.state(a.id).read for a in others)


def test_state_made_when_files_were_issues_is_all_there_when_days_are(tmp_path: Path) -> None:
    """Read marks, positions and bookmarks are keyed by article id (and name
    the file they were made in); the last file read was kept as
    ``last_issue``. Written here as the version before days wrote them."""
    import sqlite3

    from reader.storage.store import DB_NAME

    files, _ = load_files(crawler_tree(tmp_path / "tree"))
    day = arrange(files)[0]
    page3 = day.pages[1].files[0]  # 书市, on page 3 of the 5th
    read, placed = day.files[0].articles[0], page3.articles[0]
    Store.open(tmp_path / "data").close()  # the schema, as both versions make it
    with sqlite3.connect(tmp_path / "data" / DB_NAME) as old:
        stamp = "2024-12-01T08:00:00+00:00"
        old.execute("INSERT INTO articles (article_id, read, updated) VALUES (?, 1, ?)", (read.id, stamp))
        old.execute("INSERT INTO articles (article_id, block, offset, progress, title, source, updated) "
                    "VALUES (?, 0, 3, 0.5, ?, ?, ?)", (placed.id, placed.title, page3.source, stamp))
        old.execute("INSERT INTO bookmarks (article_id, title, source, block, offset, snippet, note, created) "
                    "VALUES (?, ?, ?, 0, 3, '书市', '看这里', ?)", (placed.id, placed.title, page3.source, stamp))
        old.execute("INSERT INTO session (key, value) VALUES ('last_article', ?), ('last_issue', ?)",
                    (placed.id, page3.source))
    session = ReadingSession(MemoryLibrary(files), Store.open(tmp_path / "data"))
    assert session.state(read.id).read and not session.state(placed.id).read
    assert session.state(placed.id).progress == 0.5
    (bookmark,) = session.bookmarks()
    assert bookmark.note == "看这里" and session.bookmark_target(bookmark) == (page3, placed)
    start = session.start()
    assert start == (page3, placed) and session.open_article(*start) is not None  # where it was left
    assert session.issue is not None and session.issue.key == day.key  # in its day, now one issue


async def test_a_day_row_keeps_its_whole_date_in_english_at_80_columns(tmp_path: Path) -> None:
    """The count gives way to the date: `(3)`, not `3 articles`, so the day is never cut."""
    from rich.console import Console
    from ui_helpers import make_app, wait_for

    from reader.tui.screens.main import MainScreen
    from reader.tui.widgets.article_list import ArticleList, GroupOption

    crawler_tree(tmp_path / "tree")
    app = make_app(tmp_path, [tmp_path / "tree"])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.session.current is not None)
        articles = app.screen.query_one(ArticleList)
        width = articles.scrollable_content_region.width
        rows = [o for o in articles.options if isinstance(o, GroupOption) and len(o.path) == 1]
        console = Console(width=width, color_system=None)
        with console.capture() as shown:
            for row in rows:
                console.print(row.prompt)
        assert "2024年1月5日 周五" in shown.get() and "2024年1月6日 周六" in shown.get() and "…" not in shown.get()


@pytest.mark.parametrize(("source", "page", "name"), [
    ("/archive/1998-06-15/第03版.txt", "3", None),  # a file named as its page prints it
    ("/archive/1998年6月15日/第3版 要闻.txt", "3", "要闻"),
    ("/archive/2003/05/12/第三版.txt", "3", None),
    ("/archive/1998-06-15/第3版/01.txt", "3", None),  # a folder named so
    ("/archive/2025/01/03/04-经济/a.md", "4", "经济"),
    ("/archive/2025/01/03/01-让脱贫群众生活更上一层楼.md", None, None),  # a numbered article: no page
    ("/archive/1998/06/15/03.txt", None, None),  # a number alone may count articles
    ("/archive/2011/05-17/a.txt", None, None),  # a day split over folders names no page 5
    ("/archive/2011/5/17/第03版_要闻.md", "3", "要闻"),
    ("/archive/2011/05/17/A03.txt", "A3", None),  # a page's letter and number, in a dated folder
    ("/archive/2011/0517/a3.txt", "A3", None),
    ("/archive/2011-05-17/page3.txt", "3", None),
    ("/archive/2011-05-17/page_03_要闻.md", "3", "要闻"),
    ("/archive/洛阳日报/2011/05/17/A03-要闻.txt", "A3", "要闻"),
    ("/archive/lyrb-20110517-A03-001.txt", "A3", None),  # page A3, its first article
    ("/archive/notes/A3.txt", None, None),  # no day: no page either
    ("/archive/2011-05-17/pages.txt", None, None),
    ("/archive/1985年/05月/17日/第3版.txt", "3", None),  # the day in a folder each: year, month, day
    ("/archive/85-05-17/a.txt", None, None),  # a day of a two-digit year is no page 85
    ("/archive/2011-05-17_第03版_城市.txt", "3", "城市"),  # the page and its name after the day
    ("/archive/20110517-03-城市.txt", "3", "城市"),
    ("/archive/20110517-03-老城区改造工程启动.txt", None, None),  # an article's number and title
    ("/archive/洛阳日报2011年05月17日第3版.txt", "3", None),
])
def test_a_page_named_by_the_path(source: str, page: str | None, name: str | None) -> None:
    from reader.text.placement import path_placement

    placed = path_placement(source)
    assert (placed.page, placed.page_name) == (page, name)


@pytest.mark.parametrize(("source", "paper"), [
    ("/archive/人民日报/1985/05/17/01.txt", "人民日报"),  # a folder of the paper's name
    ("/archive/大河报/2011-05-17/A03.txt", "大河报"),
    ("/archive/rmrb/19850517_01.txt", "人民日报"),  # a folder of its code
    ("/archive/gmrb_19850517_01.txt", "光明日报"),  # its code in the name
    ("/archive/lyrb20081203_002.txt", "洛阳日报"),
    ("/archive/洛阳晚报_19850517_01.txt", "洛阳晚报"),
    ("/archive/洛阳日报2011年05月17日第3版.txt", "洛阳日报"),  # glued to the day
    ("/archive/洛阳日报/lywb/2019-11-08_07.txt", "洛阳晚报"),  # the nearest wins
    ("/archive/剪报/1985-05-17.txt", None),  # clippings, no paper
    ("/archive/日报/1985-05-17.txt", None),
    ("/archive/2025/01/03/04-经济/明日天气预报.md", None),  # a title ending in 报
    ("/archive/年度工作汇报/1985-05-17.txt", None),
    ("/archive/news/1985-05-17.txt", None),
])
def test_a_paper_named_by_the_path(source: str, paper: str | None) -> None:
    from reader.text.placement import path_placement

    assert path_placement(source).paper == paper


@pytest.mark.parametrize(("source", "date"), [
    ("/archive/1985年/05月/17日/第3版.txt", "1985-05-17"),  # a folder each
    ("/archive/1985/05/17/03.txt", "1985-05-17"),
    ("/archive/85-05-17/a.txt", None),  # a two-digit year names no day
])
def test_a_day_named_by_the_path(source: str, date: str | None) -> None:
    from reader.text.placement import path_placement

    assert path_placement(source).date == date


def test_two_papers_of_one_day_are_two_issues_when_only_their_folders_name_them(tmp_path: Path) -> None:
    """Pages that print no masthead (an inner page's text, a crawler's article) in a folder per paper."""
    for folder in ("人民日报", "gmrb"):
        day = tmp_path / folder / "1985-05-17"
        day.mkdir(parents=True)
        (day / "01.txt").write_text(f"{folder}一版标题\n\n　　本报讯 正文一。\n", encoding="utf-8")
        (day / "02.txt").write_text(f"{folder}二版标题\n\n　　本报讯 正文二。\n", encoding="utf-8")
    (tmp_path / "人民日报" / "1985-05-17" / "03.txt").write_text("光明日报\n\n三版标题\n\n　　本报讯 正文三。\n",
                                                                  encoding="utf-8")  # its own masthead wins
    files, _ = load_files([tmp_path])
    issues = arrange(files)
    assert sorted((i.paper, i.date, len(i.files)) for i in issues) == [
        ("人民日报", "1985-05-17", 2), ("光明日报", "1985-05-17", 3)]


def test_a_whole_day_in_one_file_names_no_one_page() -> None:
    """Page lines between its articles (第02版：经济 before page 2's): the file is
    the day, not its first page. A page's own list of pages, below its last
    article, leaves the page its header names."""
    day = parse_file("伊川日报 2010年4月8日 星期四\n\n第01版：要闻\n\n植树活动启动\n\n本报记者 赵某\n\n"
                     "　　昨日，植树活动在北郊林场启动。\n\n第02版：经济\n\n外贸稳中有升\n\n本报记者 钱某\n\n"
                     "　　一季度外贸进出口总值同比增长。\n")
    assert (day.paper, day.date, day.page, len(day.articles)) == ("伊川日报", "2010-04-08", None, 2)
    page = parse_file("第02版：经济\n\n外贸稳中有升\n\n本报记者 钱某\n\n　　一季度外贸进出口总值同比增长。\n\n"
                      "版面导航\n\n第01版：要闻\n\n第02版：经济\n")
    assert (page.page, page.page_name) == ("2", "经济")


@pytest.mark.parametrize(("facts", "byline", "paper", "date"), [
    ("作者：王某  来源：伊川日报  发布时间：2024-03-05 08:30", True, "伊川日报", "2024-03-05"),
    ("来源：伊川日报　　作者：王某　　编辑：李某", True, "伊川日报", None),
    ("来源：新华社  发布时间：2024-03-05", False, None, "2024-03-05"),  # an agency is no paper; no writer, no byline
])
def test_a_sites_line_of_facts_names_the_paper_and_day(facts: str, byline: bool, paper: str | None,
                                                        date: str | None) -> None:
    """作者：… 来源：… 发布时间：… under a site's article: who wrote it (the
    byline, as printed), and the paper and day it came from."""
    page = parse_file(f"春耕备耕忙\n\n{facts}\n\n　　眼下正是春耕备耕的关键时期，田间地头一片繁忙。\n")
    assert (page.articles[0].byline == facts) is byline
    assert (page.paper, page.date) == (paper, date)


def test_a_page_lines_name_ends_where_its_date_begins() -> None:
    from reader.text.placement import page_line

    assert page_line("第A2版：要闻　　2024年03月05日") == ("A2", "要闻")
    assert page_line("第A2版：要闻 2024年03月05日") == ("A2", "要闻")
    assert page_line("第3版 城市 · 民生") == ("3", "城市 · 民生")


@pytest.mark.parametrize(("current", "page"), [
    ("当前版：第03版：城事\n", ("3", "城事")), ("本版：第3版\n", ("3", None)), ("", (None, None)),
])
def test_a_sites_list_of_its_pages_names_no_page_but_the_one_marked_shown(current: str, page: tuple[str | None, ...]) -> None:
    """第01版：要闻 / 第02版：综合 / … over a saved page: the site's list of every
    page, not this page's (it was page 1); 当前版：第03版 names the page shown."""
    issue = parse_file("洛阳日报\n2011年05月17日 星期二\n版面导航\n第01版：要闻\n第02版：综合\n第03版：城事\n第04版：专版\n"
                       f"{current}老城区改造进入第二阶段\n本报讯 昨日，记者从老城区获悉，老城区改造进入第二阶段。\n")
    assert (issue.page, issue.page_name) == page
    assert [(a.kicker, a.title) for a in issue.articles] == [(None, "老城区改造进入第二阶段")]
