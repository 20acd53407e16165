"""The day a page prints, however its decade printed it: the Republic's era
(民国三十七年, 民國100年), and days counted as older pages count them (廿一, 卅)."""

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
