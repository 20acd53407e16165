"""Other pages of the same paper: the parser follows the format, not one file."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from reader.core.model import Block
from reader.text.parse import ends_sentence, is_byline, is_caption_like, parse_file


def _parse(name: str):
    return parse_file((FIXTURES / name).read_text(encoding="utf-8"))


def test_culture_page_column_title_subtitle_and_sections() -> None:
    issue = _parse("culture_page.md")
    first, second, briefs = issue.articles
    assert (first.column, first.title, first.subtitle) == (
        "文化洛阳",
        "龙门石窟数字化保护再上新台阶",
        "——访龙门石窟研究院院长李文华",
    )
    assert [b.text for b in first.blocks if b.type == "heading"] == [
        "科技赋能 让文物“活”起来",
        "文旅融合 擦亮城市名片",
    ]
    assert any(b.text.endswith("同比增长186%。") for b in first.blocks)
    assert [b.text for b in first.blocks if b.type == "caption"] == ["游客在龙门石窟景区参观"]
    assert first.byline == "洛报融媒记者 王晓 实习生 陈思远 文/图"
    assert second.kicker == "第四十一届中国洛阳牡丹文化节筹备工作启动"
    assert second.title == "花开洛阳 邀约天下"
    assert any("隋唐洛阳城国家遗址公园、王城公园" in b.text for b in second.blocks)
    assert second.blocks[-1].type == "note" and second.blocks[-1].text == "(下转第三版)"
    # Briefs without bylines: the second brief is a section of the 简讯 column.
    assert briefs.column == "简讯" and briefs.title == "洛阳博物馆推出新春特展"
    assert [b.type for b in briefs.blocks] == ["paragraph", "heading", "paragraph"]
    assert briefs.byline is None


def test_economy_page_dateline_sections_and_lone_heading_articles() -> None:
    issue = _parse("economy_page.txt")
    assert issue.banner == "洛阳日报 2024年4月16日 第2版 经济新闻"
    titles = [a.title for a in issue.articles]
    assert titles == [
        "一季度我市工业经济实现“开门红”",
        "伊滨区:项目建设跑出“加速度”",
        "小浪底水利枢纽迎来春灌供水高峰",
    ]
    first, second, third = issue.articles
    assert [b.text for b in first.blocks if b.type == "heading"] == ["一、龙头企业挑大梁", "二、新兴产业添动能"]
    assert first.blocks[-1].text.endswith("总投资超100亿元。")
    assert first.byline == "洛阳日报记者 赵刚"
    # A photo credit is never the byline: it stands as a caption of its own.
    assert second.byline is None and second.blocks[-1] == Block("caption", "记者 孙丽 摄")
    assert third.subtitle == "——日均供水量超过2000万立方米"
    assert [b.type for b in third.blocks] == ["paragraph", "caption", "paragraph"]


def test_society_page_four_heading_header_with_a_section() -> None:
    issue = _parse("society_page.md")
    first, second = issue.articles
    assert first.column == "民生"
    assert first.kicker == "为民办实事"
    assert first.title == "我市今年将新建改建城市书房50座"
    assert first.subtitle == "——让“15分钟阅读圈”覆盖更多社区"
    assert first.blocks[0] == first.blocks[0].__class__("heading", "1 书房建在家门口")
    # A byline split over two lines is one byline; the full-width note follows it.
    assert first.byline == "洛报融媒记者 周婷 通讯员 马超"
    assert first.blocks[-1].type == "note"
    assert second.title == "涧西区老旧小区改造惠及万余户"


def test_lone_minor_heading_after_a_byline_starts_an_article() -> None:
    text = "# 甲\n\n正文一。\n\n记者 张三\n\n### 乙\n\n正文二。\n"
    titles = [a.title for a in parse_file(text).articles]
    assert titles == ["甲", "乙"]


def test_lone_minor_heading_inside_an_article_is_a_section() -> None:
    text = "# 甲\n\n正文一。\n\n### 小标题\n\n正文二。\n"
    (article,) = parse_file(text).articles
    assert [b.type for b in article.blocks] == ["paragraph", "heading", "paragraph"]


def test_no_join_across_heading_caption_or_byline() -> None:
    text = (
        "# 甲\n\n第一段写到这里,还没有结束\n\n### 小节\n\n第二段写到这里,也没有结束\n\n\n\n图片说明文字\n\n"
        "第三段写到这里,同样没有结束\n\n记者 张三\n"
    )
    (article,) = parse_file(text).articles
    assert [(b.type, b.text) for b in article.blocks] == [
        ("paragraph", "第一段写到这里,还没有结束"),
        ("heading", "小节"),
        ("paragraph", "第二段写到这里,也没有结束"),
        ("caption", "图片说明文字"),
        ("paragraph", "第三段写到这里,同样没有结束"),
    ]
    assert article.byline == "记者 张三"


def test_short_unpunctuated_fragment_after_a_break_is_continuation_not_caption() -> None:
    text = "# 甲\n\n引导广大市民积极参与“北国花城”建\n\n设口袋公园\n\n### 小节\n"
    (article,) = parse_file(text).articles
    assert [(b.type, b.text) for b in article.blocks] == [
        ("paragraph", "引导广大市民积极参与“北国花城”建设口袋公园"),
        ("heading", "小节"),
    ]


def test_untitled_text_before_any_heading_is_kept() -> None:
    text = "这是一段放在任何标题之前的较长正文,它说明了本版的内容,应当被保留下来而不是丢掉。\n\n# 甲\n\n正文。\n"
    issue = parse_file(text)
    assert issue.articles[0].title == ""
    assert issue.articles[0].display_title.startswith("这是一段")
    assert issue.articles[1].title == "甲"


def test_classifiers() -> None:
    assert is_byline("洛报融媒记者 郭学锋 文/图")
    assert is_byline("实习生 陈思远")
    assert not is_byline("记者近日走访了多个社区,看到了新变化。")
    assert is_caption_like("施工人员有序作业")
    assert not is_caption_like("上新台阶。")
    assert ends_sentence("好。”") and ends_sentence("怎么办?") and ends_sentence("如下:")
    assert not ends_sentence("参与“北国花城”建") and not ends_sentence("水平再")


def test_a_rule_between_articles_is_furniture_and_inside_one_is_text() -> None:
    """Archive text draws lines between articles (=====, ****); a line of
    stars is no headline in bold, nor any rule a title or kicker."""
    page = parse_file(
        "河洛日报 2010年4月8日 第5版 社会\n\n" + "=" * 30 + "\n\n小巷里的修鞋摊\n\n本报记者 赵某\n\n"
        "　　老街拐角的修鞋摊已经摆了三十年。\n\n" + "=" * 30 + "\n\n社区开展义诊活动\n\n本报通讯员 钱某\n\n"
        "　　昨日，社区卫生服务中心开展义诊。\n\n" + "*" * 30 + "\n\n便民信息\n\n　　本周六上午，图书馆举办讲座。\n"
    )
    assert [(a.title, a.kicker, a.subtitle) for a in page.articles] == [
        ("小巷里的修鞋摊", None, None), ("社区开展义诊活动", None, None), ("便民信息", None, None)]
    assert [text for _at, text in page.furniture][1:] == ["=" * 30, "=" * 30, "*" * 30]
    feature = parse_file("小城故事\n\n本报记者 赵某\n\n　　小城的清晨。\n\n————————\n\n　　小城的夜晚。\n")
    assert [b.text for b in feature.articles[0].blocks] == ["小城的清晨。", "————————", "小城的夜晚。"]


@pytest.mark.parametrize("ornament", ["◆◆◆", "★ ★ ★", "※※※", "◇◆◇", "●●●●●"])
def test_a_row_of_ornaments_parts_articles_and_an_articles_sections(ornament: str) -> None:
    """◆◆◆ between two articles was a caption, and the next article's title a
    heading of the first: it is furniture there, and a break inside one."""
    from test_no_loss import assert_lossless

    page = assert_lossless(f"春耕物资充足\n\n本报记者 周某\n\n　　春耕物资储备充足，价格平稳。\n\n{ornament}\n\n"
                           f"　　另据统计，化肥储备同比增加。\n\n{ornament}\n\n外贸稳中有升\n\n"
                           "　　一季度外贸进出口总值同比增长。\n")
    assert [a.title for a in page.articles] == ["春耕物资充足", "外贸稳中有升"]
    assert [(b.type, b.text) for b in page.articles[0].blocks] == [
        ("paragraph", "春耕物资储备充足，价格平稳。"), ("note", ornament), ("paragraph", "另据统计，化肥储备同比增加。")]
    assert [text for _at, text in page.furniture] == [ornament]


WRAPPED = """河 洛 日 报
1998年6月15日 星期一 第3版

麦收时节看伊川

本报记者 钱某

　　六月的伊川大地，金色麦浪翻滚，一台台联合收割机在
田间来回穿梭，到处是繁忙的景象。县粮食部门在全县设
立收购网点四十六个，敞开收购农民余粮，
　　彭婆镇种粮大户吴某算了一笔账：今年他种的三百亩小麦，
亩产比去年高出五十多公斤。
"""


def test_text_wrapped_at_a_width_is_read_as_its_paragraphs() -> None:
    """An old archive's text, wrapped line by line with no blank line between:
    a line that runs on joins the next; an indented line starts a paragraph
    (even after one that ends mid-sentence, as a slip of the pen or the OCR
    leaves it); a spaced-out masthead names its paper."""
    page = parse_file(WRAPPED)
    assert [b.text for b in page.articles[0].blocks] == [
        "六月的伊川大地，金色麦浪翻滚，一台台联合收割机在田间来回穿梭，到处是繁忙的景象。"
        "县粮食部门在全县设立收购网点四十六个，敞开收购农民余粮，",
        "彭婆镇种粮大户吴某算了一笔账：今年他种的三百亩小麦，亩产比去年高出五十多公斤。",
    ]
    assert (page.paper, page.date, page.page) == ("河洛日报", "1998-06-15", "3")


@pytest.mark.parametrize("bullet", ["■", "◆", "★", "· "])
def test_a_headline_set_off_by_a_bullet_over_its_text(bullet: str) -> None:
    """■老城区改造 right over 本报讯…: the article's headline, as printed; the same
    line in the page's list of headlines above stays the list's."""
    page = parse_file(f"洛阳日报 2011年5月17日 第3版\n\n{bullet}老城区改造进入第二阶段\n本报讯 昨日，老城区改造进入第二阶段。\n"
                      f"据介绍，改造将在年底前完成。\n\n{bullet}牡丹广场夜市开张\n本报讯 16日晚，牡丹广场夜市正式开张。\n")
    assert [a.title for a in page.articles] == [f"{bullet}老城区改造进入第二阶段", f"{bullet}牡丹广场夜市开张"]
    listed = parse_file(f"本版导读\n{bullet}老城区改造进入第二阶段\n{bullet}牡丹广场夜市开张\n\n老城区改造进入第二阶段\n"
                        "本报讯 昨日，老城区改造进入第二阶段。\n\n牡丹广场夜市开张\n本报讯 16日晚，牡丹广场夜市正式开张。\n")
    assert [a.title for a in listed.articles] == ["老城区改造进入第二阶段", "牡丹广场夜市开张"]
