"""Pages as their decade printed them: the day in the Republic's era (民国三十七年,
民國100年), days counted as older pages count them (廿一, 卅), and reports that
open as each decade opened them (本埠讯, （中央社…电）, 洛阳网讯)."""

from __future__ import annotations

import pytest

from reader.text.parse import parse_file
from reader.text.placement import chinese_number, printed_date


@pytest.mark.parametrize(("line", "date"), [
    ("中华民国三十七年五月十七日 星期一", "1948-05-17"),
    ("民國100年5月17日", "2011-05-17"),
    ("中華民國一百年五月十七日 星期二", "2011-05-17"),
    ("中華民國一百零五年三月一日", "2016-03-01"),
    ("民国元年一月一日", "1912-01-01"),
    ("民国卅七年五月廿一日", "1948-05-21"),
    ("民國１００年５月１７日", "2011-05-17"),
    ("一九四八年五月廿一日", "1948-05-21"),
    ("二〇一一年五月十七日", "2011-05-17"), ("１９９８年６月１５日", "1998-06-15"), ("2011.05.17", "2011-05-17"),
    ("民国三十七年", None),  # no day
    ("民国0年1月1日", None),
    ("民国三十七年二月卅日", None),  # no such day
    ("民国一百百年1月1日", None),
])
def test_a_printed_day_of_any_era(line: str, date: str | None) -> None:
    assert printed_date(line) == date


@pytest.mark.parametrize(("text", "number"), [
    ("廿一", 21), ("卅", 30), ("一百", 100), ("一百零五", 105), ("一百五", 150), ("一百一十二", 112), ("十二", 12),
    ("一九四八", 1948), ("百百", 0), ("一百甲", 0),
])
def test_numbers_as_pages_count_them(text: str, number: int) -> None:
    assert chinese_number(text) == number


@pytest.mark.parametrize(("masthead", "paper", "date", "page"), [
    ("申报 中华民国二十五年三月十日 星期二", "申报", "1936-03-10", None),
    ("大公报 民国卅七年五月廿一日 第三版", "大公报", "1948-05-21", "3"),
    ("聯合報 中華民國一百年五月十七日 星期二", "聯合報", "2011-05-17", None),
])
def test_an_old_papers_masthead_names_its_day(masthead: str, paper: str, date: str, page: str | None) -> None:
    issue = parse_file(f"{masthead}\n\n市面渐复旧观\n\n　　本埠讯 连日以来，各业商号次第开市，市面渐复旧观。\n", source="p.txt")
    assert (issue.paper, issue.date, issue.page) == (paper, date, page)
    assert issue.articles[0].title == "市面渐复旧观"


@pytest.mark.parametrize("opener", [
    "本埠讯 ", "（中央社南京二十日电）", "【本报讯】", "洛阳网讯 ", "人民网北京5月20日电 ", "本报北京5月20日电 ", "本报专电 ",
    "【明報專訊】", "大公报讯 ",  # Hong Kong's papers open by their name
])
def test_each_report_opens_as_its_decade_opened_it(opener: str) -> None:
    """A headline over a report that opens 本埠讯, （中央社…电）, 洛阳网讯 … starts an article, as over 本报讯."""
    issue = parse_file("大公报 民国三十七年五月二十一日 第三版\n市面渐复旧观\n（中央社南京二十日电）各业商号次第开市，市面渐复旧观。\n"
                       f"米价回落\n{opener}连日米价回落，市民称便。\n", source="p.txt")
    assert [a.title for a in issue.articles] == ["市面渐复旧观", "米价回落"]
