"""An article continued on another page of its day (转版): ``c`` goes on, and back."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.model import Block, issues_of
from reader.session.jumps import jump
from reader.session.library import MemoryLibrary
from reader.session.reading import ReadingSession
from reader.storage.store import Store
from reader.text.parse import parse_file

FRONT = ("伊川日报 2010年4月8日 星期四 第01版：要闻\n\n植树活动启动\n\n本报记者 赵某\n\n"
         "　　昨日，植树活动在北郊林场启动，千余名干部群众参加。\n\n{out}\n\n"
         "春耕备耕正当时\n\n本报记者 周某\n\n　　眼下正是春耕备耕的关键时期。\n")
INSIDE = ("伊川日报 2010年4月8日 星期四 第03版：综合\n\n社区开展义诊\n\n本报通讯员 孙某\n\n"
          "　　昨日，社区卫生服务中心开展义诊。\n\n{title}\n\n{first}　　活动现场，志愿者们分工协作，栽下树苗三千余株。\n")


def _day(out: str = "（下转第三版）", title: str = "（上接第一版）植树活动启动", first: str = ""):
    front = parse_file(FRONT.format(out=out), "/day/01.txt")
    inside = parse_file(INSIDE.format(title=title, first=first), "/day/03.txt")
    [issue] = issues_of([front, inside])
    return issue, front, inside


@pytest.mark.parametrize(("out", "title", "first"), [
    ("（下转第三版）", "（上接第一版）植树活动启动", ""),  # the title printed again, with its marker
    ("(下转第3版)", "植树活动启动", "（上接第1版）\n\n"),  # the marker opening the text
    ("〔下转第三版〕", "◆◆◆\n\n植树活动启动", ""),  # no marker on page 3: the same title, set apart
    ("（下轉第三版）", "（上接第一版）植樹活動啟動", ""),  # traditional characters
    ("（续见第三版）", "（紧接第一版）植树活动启动", ""),
    ("（續見第三版）", "（緊接第一版）植樹活動啟動", ""),
])
def test_a_story_goes_on_where_its_marker_says_and_comes_back(out: str, title: str, first: str) -> None:
    issue, front, inside = _day(out, title, first)
    story, goes_on = front.articles[0], inside.articles[1]
    assert jump(issue, front, story) == (inside, goes_on)
    assert jump(issue, inside, goes_on) == (front, story)


def test_no_jump_where_none_is_printed_or_nothing_answers() -> None:
    issue, front, inside = _day()
    assert jump(issue, front, front.articles[1]) is None  # 春耕备耕正当时 goes on nowhere
    assert jump(issue, inside, inside.articles[0]) is None
    lost, front, _inside = _day(out="（下转第九版）")  # no page 9 in the day
    assert jump(lost, front, front.articles[0]) is None
    other, front, _inside = _day(title="另一篇文章")  # page 3 has no part that answers
    assert jump(other, front, front.articles[0]) is None


def test_the_session_follows_the_jump_of_the_open_article(tmp_path: Path) -> None:
    issue, front, inside = _day()
    session = ReadingSession(MemoryLibrary([front, inside]), Store.open(tmp_path / "data"))
    session.open_article(front, front.articles[0])
    assert session.continuation() == (inside, inside.articles[1])
    session.open_article(front, front.articles[1])
    assert session.continuation() is None


def test_a_whole_day_in_one_file_jumps_within_it() -> None:
    text = (FRONT.format(out="（下转第三版）") + "\n第03版：综合\n\n"
            + INSIDE.format(title="（上接第一版）植树活动启动", first="").split("\n\n", 1)[1])
    day = parse_file(text, "/day/all.txt")
    [issue] = issues_of([day])
    titles = [a.title for a in day.articles]
    assert jump(issue, day, day.articles[0]) == (day, day.articles[titles.index("（上接第一版）植树活动启动")])


@pytest.mark.parametrize("mark", ["（下转第三版）", "〔下转第三版〕", "(转3版)", "（详见第三版）", "（见第3版）"])
def test_a_jump_line_ends_its_article_and_is_no_headline(mark: str) -> None:
    """（下转第三版） is the article's last line, a note: the headline under it
    starts the next article (it was a heading of the first, or 〔…〕 its kicker)."""
    from test_no_loss import assert_lossless

    page = assert_lossless(f"植树活动启动\n\n本报记者 赵某\n\n　　昨日，植树活动在北郊林场启动。\n\n{mark}\n\n"
                           "春耕备耕正当时\n\n　　眼下正是春耕。\n")
    assert [(a.title, a.kicker) for a in page.articles] == [("植树活动启动", None), ("春耕备耕正当时", None)]
    assert page.articles[0].blocks[-1] == Block("note", mark)


def test_a_continuation_starts_an_article_where_its_marker_stands() -> None:
    from test_no_loss import assert_lossless

    for head in ("（上接第一版）植树活动启动\n\n", "植树活动启动\n\n（上接第1版）\n\n"):
        page = assert_lossless("社区开展义诊\n\n本报通讯员 孙某\n\n　　昨日，社区卫生服务中心开展义诊。\n\n" + head
                               + "　　活动现场，志愿者们分工协作。\n")
        assert [a.title for a in page.articles][0] == "社区开展义诊" and len(page.articles) == 2, head


async def test_c_opens_where_the_article_goes_on_and_back(tmp_path: Path) -> None:
    from ui_helpers import make_app, ready, title, wait_for

    (tmp_path / "01.txt").write_text(FRONT.format(out="（下转第三版）"), encoding="utf-8")
    (tmp_path / "03.txt").write_text(INSIDE.format(title="（上接第一版）植树活动启动", first=""), encoding="utf-8")
    app = make_app(tmp_path, [tmp_path / "01.txt", tmp_path / "03.txt"])
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: title(app) == "植树活动启动")
        await pilot.press("c")
        await wait_for(pilot, lambda: title(app) == "（上接第一版）植树活动启动")
        await pilot.press("c")
        await wait_for(pilot, lambda: title(app) == "植树活动启动")
        await pilot.press("right_square_bracket")  # 春耕备耕正当时 goes on nowhere: it says so, and stays
        await wait_for(pilot, lambda: title(app) == "春耕备耕正当时")
        await pilot.press("c")
        await pilot.pause()
        assert title(app) == "春耕备耕正当时"
