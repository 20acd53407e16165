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


# A page as an OCR of microfilm, or a PDF's text kept in its layout, gives it: no blank lines, each
# line wrapped at the column's width, a paragraph's first line indented and headlines centred deeper.
CENTRED = """\
洛阳日报          1985年5月17日  星期五          第三版
      一至四月全市乡镇企业产值
        比去年同期增长三成
  本报讯 记者王某报道：今年一至四月，
全市乡镇企业完成总产值一亿二千万元，
比去年同期增长百分之三十。其中工业产
值八千万元。
  各县区积极发展多种经营，涌现出一批
专业户和重点户。
        孟津县推广小麦良种
  本报讯 通讯员李某报道：孟津县今春推
广小麦良种十五万亩，占全县小麦面积的
八成以上。
"""


@pytest.mark.parametrize("indent", [" ", "\u3000"])
def test_centred_headlines_over_wrapped_indented_text(indent: str) -> None:
    """Headlines set deeper than the page's paragraph indent are headlines,
    not paragraphs; a wrapped line with no full stop (广小麦良种…，占全县…的)
    goes on with the paragraph above it, not a section heading."""
    text = "\n".join(line.replace("  ", indent * 2 if indent == " " else indent) for line in CENTRED.split("\n"))
    page = parse_file(text, source="p.txt")
    assert [(a.kicker, a.title) for a in page.articles] == [
        ("一至四月全市乡镇企业产值", "比去年同期增长三成"), (None, "孟津县推广小麦良种")]
    assert [[(b.type, b.text) for b in a.blocks] for a in page.articles] == [
        [("paragraph", "本报讯 记者王某报道：今年一至四月，全市乡镇企业完成总产值一亿二千万元，比去年同期增长百分之三十。其中工业产值八千万元。"),
         ("paragraph", "各县区积极发展多种经营，涌现出一批专业户和重点户。")],
        [("paragraph", "本报讯 通讯员李某报道：孟津县今春推广小麦良种十五万亩，占全县小麦面积的八成以上。")],
    ]
    assert (page.date, page.page, page.paper) == ("1985-05-17", "3", "洛阳日报")


def test_a_flush_headline_under_a_line_that_lost_its_stop_stays_a_headline() -> None:
    """Only a line as wide as the one it would carry on goes on with it: a
    headline under a paragraph whose full stop the OCR lost starts the next article."""
    lost = CENTRED.replace("占全县小麦面积的\n八成以上。", "全县小麦面积的八成以上\n伊川县春灌工作进展顺利\n  本报讯 伊川县今春完成春灌二十万亩。")
    page = parse_file(lost, source="p.txt")
    assert [a.title for a in page.articles][-1] == "伊川县春灌工作进展顺利"
    assert page.articles[-2].blocks[-1].text.endswith("全县小麦面积的八成以上")


BRIEFS = """\
              牡丹城里话变迁
          ——记老城区西大街的十年
                本报记者  赵某某
    十年前的西大街，路面坑洼，两旁多是低
矮的平房。如今，一座座新楼拔地而起，街道
拓宽到二十米。
              {label}
    ▲市图书馆新增图书两万册，即日起向读
者开放。
    ▲洛河大桥维修工程本月底完工。
"""


@pytest.mark.parametrize("label", ["简  讯", "本市快讯", "【一句话新闻】", "簡訊"])
def test_a_box_of_briefs_is_an_article_of_its_own(label: str) -> None:
    """简讯 alone over its items starts an article (it had been a section heading
    of the report above it); the items are its paragraphs."""
    page = parse_file(BRIEFS.format(label=label), source="p.txt")
    assert [a.title for a in page.articles] == ["牡丹城里话变迁", label]
    assert [b.text for b in page.articles[1].blocks] == ["▲市图书馆新增图书两万册，即日起向读者开放。", "▲洛河大桥维修工程本月底完工。"]
    assert page.articles[0].blocks[-1].text.endswith("拓宽到二十米。")


@pytest.mark.parametrize("line", ["简讯一则", "快讯：", "本市新闻", "短讯显示"])
def test_only_a_briefs_label_is_one(line: str) -> None:
    page = parse_file(BRIEFS.format(label=line), source="p.txt")
    assert [a.title for a in page.articles] == ["牡丹城里话变迁"]
