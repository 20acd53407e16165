"""An archive's export, each article a record of labelled fields, is read article by article."""

from __future__ import annotations

import pytest
from test_no_loss import assert_lossless

from reader.text.parse import parse_file

BRACKETED = """【标题】麦收时节看伊川
【引题】夏粮收购进行时
【副标题】——县粮食部门设点四十六个
【作者】本报记者 钱某
【栏目】田间地头
【报纸名称】伊川日报
【日期】1998-06-15
【版号】第03版：农村
【正文】
六月的伊川大地，金色麦浪翻滚，联合收割机在田间来回穿梭。
记者：今年的收成怎么样？
吴某：亩产比去年高出五十多公斤。

【标题】老城十字街的老味道
【作者】孙某
【报纸名称】伊川日报
【日期】1998-06-15
【版号】第03版：农村
【正文】傍晚时分，十字街上的灯笼次第亮起。
日期：每晚六点到十点，小吃摊位开放。
"""

COLONS = """题名：社区图书室开放
作者：赵某
报纸名：河洛晚报
出版日期：2001年3月2日
版次：5

周末，社区图书室迎来了不少小读者。

题名：春季植树活动启动
作者：周某
报纸名：河洛晚报
出版日期：2001年3月9日
版次：5

市民踊跃参加义务植树。
"""


def test_each_record_is_an_article_with_its_fields() -> None:
    page = parse_file(BRACKETED, source="/archive/export.txt")
    first, second = page.articles
    assert (first.title, first.kicker, first.subtitle, first.byline, first.column) == (
        "麦收时节看伊川", "夏粮收购进行时", "——县粮食部门设点四十六个", "本报记者 钱某", "田间地头")
    assert set(first.unprinted) == {"title", "kicker", "subtitle", "byline", "column"}
    # An interview's 记者： line is the text's, not the next record's author.
    assert [b.text for b in first.blocks][-2:] == ["记者：今年的收成怎么样？", "吴某：亩产比去年高出五十多公斤。"]
    assert second.title == "老城十字街的老味道" and second.byline == "孙某"
    assert [b.text for b in second.blocks] == ["傍晚时分，十字街上的灯笼次第亮起。", "日期：每晚六点到十点，小吃摊位开放。"]
    assert (page.paper, page.date, page.page, page.page_name) == ("伊川日报", "1998-06-15", "3", "农村")
    assert all("【标题】" not in b.text for a in page.articles for b in a.blocks)


def test_records_of_several_days_name_no_day_but_the_paper_they_share() -> None:
    page = parse_file(COLONS, source="/archive/export.txt")
    assert [a.title for a in page.articles] == ["社区图书室开放", "春季植树活动启动"]
    assert [[b.text for b in a.blocks] for a in page.articles] == [["周末，社区图书室迎来了不少小读者。"],
                                                                     ["市民踊跃参加义务植树。"]]
    assert (page.paper, page.date, page.page) == ("河洛晚报", None, "5")  # two days: neither is the file's


def test_a_page_with_a_labelled_line_is_no_export() -> None:
    text = "标题：这是一行说明\n\n春风吹过田野，麦苗返青，农民们忙着浇水施肥。\n"
    page = parse_file(text)
    assert all("title" not in a.unprinted for a in page.articles)
    printed = [a.title for a in page.articles] + [b.text for a in page.articles for b in a.blocks]
    assert any(t.startswith("标题：") for t in printed + [t for _i, t in page.furniture])  # kept as printed


def test_an_export_loses_nothing() -> None:
    """Every character lands in one field, in order: the labels are the page's
    furniture where they stood, the text the articles' (their titles and
    bylines from the fields are copies, as a front matter's are)."""
    for export in (BRACKETED, COLONS, "洛阳日报 1998年6月15日\n\n" + BRACKETED):
        assert len(assert_lossless(export).articles) >= 2


def test_a_record_reads_its_text_and_author_as_a_page_and_a_front_matter_do() -> None:
    """Its text wrapped at a width is joined; an author that names only an
    agency is no byline (as a front matter's)."""
    page = parse_file("【标题】麦收时节看伊川\n【作者】新华社\n【正文】\n"
                      "六月的伊川大地，金色麦浪翻滚，一台台联合收割机在\n"
                      "田间来回穿梭，到处是繁忙的景象。县粮食部门在全县设\n"
                      "立收购网点四十六个，敞开收购农民余粮。\n")
    article = page.articles[0]
    assert article.byline is None
    assert [b.text for b in article.blocks] == [
        "六月的伊川大地，金色麦浪翻滚，一台台联合收割机在田间来回穿梭，到处是繁忙的景象。"
        "县粮食部门在全县设立收购网点四十六个，敞开收购农民余粮。"]


def test_a_field_given_twice_is_one_and_a_record_missing_the_date_shares_it() -> None:
    page = parse_file("【标题】甲\n【作者】张某\n【作者】李某\n【日期】2001-03-02\n【正文】\n正文甲。\n\n"
                      "【标题】乙\n【作者】王某\n【正文】\n正文乙。\n")
    assert [(a.title, a.byline) for a in page.articles] == [("甲", "张某 李某"), ("乙", "王某")]
    assert page.date == "2001-03-02"


def test_a_sites_saved_article_names_its_paper_by_its_source_and_its_day_by_its_publishing_time() -> None:
    """标题： 作者： 来源： 发布时间： over the text, as a site's print view saves
    it: 来源 names the paper when it is a paper's name (新华社 names none)."""
    saved = ("标题：春耕物资储备充足\n作者：周某\n来源：{source}\n发布时间：2010-04-08 09:12\n\n"
             "　　春耕物资储备充足，价格平稳。\n\n　　另据统计，化肥储备同比增加。\n")
    page = parse_file(saved.format(source="伊川日报"))
    assert (page.paper, page.date) == ("伊川日报", "2010-04-08")
    assert [(a.title, a.byline, len(a.blocks)) for a in page.articles] == [("春耕物资储备充足", "周某", 2)]
    agency = parse_file(saved.format(source="新华社"))
    assert (agency.paper, agency.date) == (None, "2010-04-08")


DATABASE = """SrcDatabase-来源库: 某某报纸全文数据库
Title-题名: 伊河湿地迎来越冬候鸟
Author-作者: 赵某;钱某;
Source-报纸中文名: 伊川日报
PubTime-发表时间: 2003-12-08
Keyword-关键词: 湿地;候鸟;
Summary-摘要: 连日来，数千只候鸟飞抵伊河湿地越冬。
Page-版号: 第004版


SrcDatabase-来源库: 某某报纸全文数据库
Title-题名: 县城新增公交线路三条
Author-作者: 孙某;
Source-报纸中文名: 伊川日报
PubTime-发表时间: 2003-12-08
Summary-摘要: 县城今起新增三条公交线路。
Page-版号: 第004版
"""


def test_a_databases_export_of_abstracts_with_labels_in_english_too() -> None:
    """``Title-题名:`` as a database exports a search's results: each record an
    article, its abstract its text (no 正文), its authors set apart; the day,
    page and paper the records agree on. Nothing is lost, in order."""
    page = parse_file(DATABASE, source="export.txt")
    assert [(a.title, a.byline, [b.text for b in a.blocks]) for a in page.articles] == [
        ("伊河湿地迎来越冬候鸟", "赵某  钱某", ["连日来，数千只候鸟飞抵伊河湿地越冬。"]),
        ("县城新增公交线路三条", "孙某", ["县城今起新增三条公交线路。"]),
    ]
    assert (page.paper, page.date, page.page) == ("伊川日报", "2003-12-08", "4")
    assert_lossless(DATABASE)


def test_a_source_field_naming_the_paper_its_day_and_page() -> None:
    """【出处】伊川日报 2003年12月8日 第4版: the paper, and the day and page the record gives no field of."""
    text = BRACKETED.replace("【报纸名称】伊川日报\n【日期】1998-06-15\n【版号】第03版：农村\n",
                             "【出处】伊川日报/2003年12月8日/第4版\n")
    assert text.count("【出处】") == 2
    page = parse_file(text, source="export.txt")
    assert (page.paper, page.date, page.page) == ("伊川日报", "2003-12-08", "4")


def test_a_records_text_may_start_at_its_first_indented_line() -> None:
    """标题：… / 作者：… / 　　本报讯…: no blank line nor 正文 before the text, its
    indent starts it (the title had been ``标题：…`` as printed, over a page)."""
    text = ("人民日报 1985年05月17日 第3版\n标题：乡镇企业产值增长三成\n作者：王某\n　　本报讯 今年一至四月，产值一亿二千万元。\n"
            "　　各县区积极发展多种经营。\n\n标题：孟津县推广小麦良种\n作者：李某\n  本报讯 孟津县今春推广良种十五万亩。\n")
    page = parse_file(text, source="p.txt")
    assert [(a.title, a.byline, len(a.blocks)) for a in page.articles] == [
        ("乡镇企业产值增长三成", "王某", 2), ("孟津县推广小麦良种", "李某", 1)]
    assert (page.paper, page.date, page.page) == ("人民日报", "1985-05-17", "3")
    assert_lossless(text)


# A dataset saved as text: a header row of the fields, an article a row.
TSV = ("标题\t日期\t版次\t作者\t正文\n"
       "老城区改造工程启动\t2011-05-17\t第3版\t王某\t本报讯 老城区改造工程昨日正式启动，涉及居民两千余户。\n"
       "洛河湿地公园开园\t2011-05-17\t第3版\t李某\t本报讯 洛河湿地公园今日开园，面积一千二百亩。\n")
CSV = ('title,date,page,author,content\n'
       '老城区改造工程启动,2011-05-17,3,王某,"本报讯 改造工程昨日启动,涉及居民两千余户。\n\n市住建局负责人表示,改造分三期。"\n'
       '洛河湿地公园开园,2011-05-17,3,李某,本报讯 洛河湿地公园今日开园。\n')


@pytest.mark.parametrize("table", [TSV, CSV], ids=["tabs", "commas"])
def test_a_table_of_articles_is_an_article_a_row(table: str) -> None:
    issue = parse_file(table)
    assert [(a.title, a.byline) for a in issue.articles] == [("老城区改造工程启动", "王某"), ("洛河湿地公园开园", "李某")]
    assert (issue.date, issue.page) == ("2011-05-17", "3")
    assert issue.furniture[0][1].startswith(table.split("\n")[0])  # the header, kept: no article
    if table is CSV:  # a quoted cell's commas and line breaks are its own
        assert [b.text for b in issue.articles[0].blocks] == ["本报讯 改造工程昨日启动,涉及居民两千余户。", "市住建局负责人表示,改造分三期。"]


def test_a_table_loses_nothing_and_a_row_that_does_not_fit_is_kept() -> None:
    issue = assert_lossless(TSV + "一行\t不合表头\n")
    assert issue.furniture[-1] == (2, "一行\t不合表头")  # after the last article, as written
    assert len(issue.articles) == 2


@pytest.mark.parametrize("page", [
    "甲,乙,丙\n本报讯 一行逗号隔开的字，不是表。\n",  # no header of fields
    "标题\t正文\n老城区改造工程启动\t本报讯 两个字段。\n",  # two fields: too few
    "标题,日期,作者\n老城区改造工程启动,2011-05-17,王某\n",  # no text
])
def test_a_page_whose_first_line_has_tabs_or_commas_is_no_table(page: str) -> None:
    assert all(a.byline is None for a in parse_file(page).articles)
    assert not any(text.startswith("老城区改造工程启动") for _, text in parse_file(page).furniture[1:])


def test_a_table_s_cell_longer_than_the_csv_module_s_limit_is_read_whole() -> None:
    """The csv module refuses a cell over 128 KB by default: a long article is one cell."""
    text = "本报讯 " + "字" * 200_000 + "。"
    issue = parse_file(f"标题\t日期\t作者\t正文\n长文\t2011-05-17\t王某\t{text}\n")
    assert [(a.title, [b.text for b in a.blocks]) for a in issue.articles] == [("长文", [text])]
