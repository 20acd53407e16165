"""A site's article page saved as text: the tools and facts it prints between
a headline and the text (【字体：大 中 小】, 分享到：…, 发布时间：… 来源：…)
leave the headline its article. Kept as printed, in order, at the head of the
article: facts as its source line (where and when it was printed), tools as a
note; never a paragraph."""

from __future__ import annotations

import re

import pytest

from reader.core.model import Block
from reader.text.parse import parse_file

BODY = "本报讯 昨日，老城区改造进入第二阶段，涉及街巷十二条。"
NEXT = "\n\n夜市开张迎客\n\n本报讯 16日晚，牡丹广场夜市正式开张，近百个摊位迎来首批市民。\n"


@pytest.mark.parametrize("tools", [
    "【字体：大 中 小】 【打印本页】 【关闭窗口】",
    "分享到：微信 微博 QQ空间",
    "2011-05-17 09:12  来源：伊川日报",
    "发布时间：2011年05月17日 09:12",
    "浏览次数：1024",
    "原标题：街巷换新颜",  # what it was called where it first ran: no title of its own
    "【字体：大 中 小】\n2011-05-17 09:12",
])
@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_a_sites_tools_under_a_headline_leave_it_the_title(tools: str, gap: str) -> None:
    page = parse_file(gap.join(["老城区改造进入第二阶段", tools, "本报记者 钱某", BODY]) + NEXT, source="p.txt")
    assert [a.title for a in page.articles] == ["老城区改造进入第二阶段", "夜市开张迎客"]
    assert page.articles[0].byline == "本报记者 钱某"
    head = [("note" if "【" in line or "分享" in line else "source", line) for line in tools.split("\n")]
    assert [(b.type, b.text) for b in page.articles[0].blocks] == [*head, ("paragraph", BODY)]
    assert page.furniture == ()


def test_tools_under_a_later_headline_part_it_from_the_article_above() -> None:
    page = parse_file(f"老城区改造进入第二阶段\n{BODY}\n新区公园免费开放\n分享到：微信 微博\n"
                      "本报讯 新区公园昨起免费开放，市民可凭身份证入园。\n", source="p.txt")
    assert [a.title for a in page.articles] == ["老城区改造进入第二阶段", "新区公园免费开放"]
    assert [b.type for b in page.articles[1].blocks] == ["note", "paragraph"]


def test_the_sites_facts_name_the_day_and_the_paper() -> None:
    page = parse_file(f"老城区改造进入第二阶段\n2011-05-17 09:12  来源：伊川日报\n{BODY}\n", source="p.txt")
    assert (page.paper, page.date, page.articles[0].title) == ("伊川日报", "2011-05-17", "老城区改造进入第二阶段")
    agency = parse_file(f"老城区改造进入第二阶段\n2011-05-17 09:12  来源：新华社\n{BODY}\n", source="p.txt")
    assert (agency.paper, agency.date) == (None, "2011-05-17")  # an agency is no paper


def test_facts_naming_the_writer_are_the_byline() -> None:
    facts = "发布时间：2011年05月17日  来源：伊川日报  作者：张某"
    page = parse_file(f"夜市开张迎客\n{facts}\n本报讯 16日晚，牡丹广场夜市正式开张。\n", source="p.txt")
    assert (page.articles[0].title, page.articles[0].byline, page.paper) == ("夜市开张迎客", facts, "伊川日报")


def test_a_heading_with_the_sites_tools_under_it_in_markdown() -> None:
    page = parse_file(f"# 老城区改造进入第二阶段\n\n2011-05-17 09:12  来源：伊川日报\n\n【字体：大 中 小】\n\n{BODY}\n"
                      "\n# 夜市开张迎客\n\n分享到：微信 微博\n\n本报讯 16日晚，牡丹广场夜市正式开张。\n", source="p.md")
    assert [a.title for a in page.articles] == ["老城区改造进入第二阶段", "夜市开张迎客"]
    assert [[(b.type, b.text) for b in a.blocks] for a in page.articles] == [
        [("source", "2011-05-17 09:12  来源：伊川日报"), ("note", "【字体：大 中 小】"), ("paragraph", BODY)],
        [("note", "分享到：微信 微博"), ("paragraph", "本报讯 16日晚，牡丹广场夜市正式开张。")]]
    assert page.furniture == ()
    assert (page.paper, page.date) == ("伊川日报", "2011-05-17")


@pytest.mark.parametrize("indent", ["", "　　"])
def test_a_schedule_in_an_article_stays_its_text(indent: str) -> None:
    """时间：… 14:30 under a box's label is the article's, not a site's facts."""
    lines = ["本报讯 市图书馆将举办系列讲座，欢迎市民参加。", "讲座预告", "时间：2011年5月20日 14:30", "地点：市图书馆报告厅"]
    page = parse_file("讲座开讲\n\n" + "\n".join(indent + line for line in lines) + "\n", source="p.txt")
    assert [a.title for a in page.articles] == ["讲座开讲"]
    assert "时间：2011年5月20日 14:30" in [b.text for b in page.articles[0].blocks]
    assert page.furniture == ()


def test_a_papers_name_over_a_dated_line_is_its_masthead_not_a_title() -> None:
    page = parse_file(f"伊川日报\n2011年05月17日 09:00\n{BODY}\n", source="p.txt")
    assert (page.paper, page.date, page.articles[0].title) == ("伊川日报", "2011-05-17", "")


def test_a_tools_word_alone_is_text() -> None:
    """中 alone is a word of the page (read by the page's rules), not a font-size button."""
    page = parse_file("# 标题\n\n中\n\n本报讯 昨日，老城区改造进入第二阶段。\n", source="p.md")
    assert len(page.articles) == 1 and page.furniture == ()
    assert [b.text for b in page.articles[0].blocks if b.type not in ("note", "source")][0] == "中"


def test_the_sites_pager_and_list_of_other_articles_are_not_the_articles_text() -> None:
    """上一篇：某某 / 下一篇：某某？ / 相关新闻 / · … under a saved article: the site's, kept as
    furniture after the article, never its paragraphs."""
    site = ["上一篇：老城区改造进入第二阶段", "下一篇：新区公园为何免费开放？", "相关新闻", "· 夜市经济激活城市消费", "· 洛阳夜游线路上新"]
    page = parse_file("牡丹广场夜市开张迎客\n本报讯 16日晚，牡丹广场夜市正式开张，近百个摊位迎来首批市民。\n（责任编辑：李某）\n"
                      + "\n".join(site) + "\n", source="p.txt")
    assert [b.text for b in page.articles[0].blocks] == ["本报讯 16日晚，牡丹广场夜市正式开张，近百个摊位迎来首批市民。", "（责任编辑：李某）"]
    assert [text for _, text in page.furniture] == site
    # A page's own box of links inside the article stays its text.
    boxed = parse_file("牡丹广场夜市开张迎客\n本报讯 16日晚，牡丹广场夜市正式开张。\n相关链接\n夜市营业至每晚十一时，周一休市。\n",
                       source="p.txt")
    assert "相关链接" in [b.text for b in boxed.articles[0].blocks] and boxed.furniture == ()


def test_a_crawlers_list_of_other_articles_is_no_article() -> None:
    """## 相关新闻 over a list of links, under the crawled article: the site's, not an article of the day."""
    page = parse_file("# 牡丹广场夜市开张迎客\n\n本报讯 16日晚，牡丹广场夜市正式开张。\n\n[上一篇：老城区改造](../1.html)\n\n"
                      "## 相关新闻\n\n- [夜市经济激活城市消费](http://x.cn/2.html)\n- [洛阳夜游线路上新](http://x.cn/3.html)\n",
                      source="p.md")
    assert [a.title for a in page.articles] == ["牡丹广场夜市开张迎客"]
    assert [text for _, text in page.furniture] == ["上一篇：老城区改造", "相关新闻", "- 夜市经济激活城市消费", "- 洛阳夜游线路上新"]
    # An article of that name, with text, is an article.
    titled = parse_file("# 牡丹广场夜市开张迎客\n\n本报讯 夜市开张。\n\n## 相关新闻\n\n夜市营业至每晚十一时，周一休市。\n", source="p.md")
    assert [a.title for a in titled.articles] == ["牡丹广场夜市开张迎客", "相关新闻"]


@pytest.mark.parametrize("first", ["本报讯 2011年5月17日9:30，洛阳", "2011年5月17日9:30，市区", "浏览次数：12，点击量：30"])
def test_a_paragraphs_first_line_under_a_headline_is_text_though_it_names_a_time(first: str) -> None:
    """A clause (a comma) or an opener is a paragraph's, not a site's facts line."""
    page = parse_file(f"# 夜市开张\n\n{first}\n\n牡丹广场夜市正式开张，近百个摊位迎来首批市民。\n", source="p.md")
    assert page.articles[0].blocks[0].type == "paragraph"


WECHAT = """# 老城区十字街夜市开市啦！

原创 洛阳日报 洛阳日报 *2023-06-09 08:00* *发表于河南*

6月8日晚，老城区十字街夜市正式开市，百余家摊位沿街排开。

来源：洛阳日报

编辑：李某

阅读原文

分享 收藏 点赞 在看
"""
FEED = """伊滨区新建三所学校9月投用
洛阳日报 2023-06-09 08:00 河南
伊滨区今年新建的三所学校将于9月投用，新增学位四千余个。
责任编辑：王某
举报/反馈
"""


@pytest.mark.parametrize(("text", "source", "head"), [
    (WECHAT, "a.md", "原创 洛阳日报 洛阳日报 2023-06-09 08:00 发表于河南"),
    (FEED, "a.txt", "洛阳日报 2023-06-09 08:00 河南"),
])
def test_an_apps_copy_of_an_article_names_its_paper_and_day(text: str, source: str, head: str) -> None:
    """A post as an app shows it (an account's name and the time under the
    headline; its buttons under the text): the account's paper and the day
    are the file's, the buttons furniture after the article."""
    page = parse_file(text, source=source)
    (article,) = page.articles
    assert (page.paper, page.date) == ("洛阳日报", "2023-06-09")
    assert article.blocks[0] == Block("source", head)
    assert all(b.text not in ("阅读原文", "分享 收藏 点赞 在看", "举报/反馈") for b in article.blocks)
    assert {text for _, text in page.furniture} <= {"阅读原文", "分享 收藏 点赞 在看", "举报/反馈"} and page.furniture


@pytest.mark.parametrize("head", ["新华社 2023-06-09 08:00", "洛阳日报 河南日报 2023-06-09 08:00"])
def test_an_apps_facts_naming_no_one_paper_name_none(head: str) -> None:
    page = parse_file(FEED.replace("洛阳日报 2023-06-09 08:00 河南", head), source="a.txt")
    assert page.paper is None


def test_a_lone_source_line_names_the_paper_of_one_article_only() -> None:
    one = "# 甲\n\n正文第一段。\n\n来源：洛阳日报\n"
    assert parse_file(one, source="a.md").paper == "洛阳日报"
    assert parse_file(one.replace("洛阳日报", "新华社"), source="a.md").paper is None
    two = one + "\n# 乙\n\n正文第二段。\n"
    assert parse_file(two, source="a.md").paper is None  # a page's 来源： is its article's


@pytest.mark.parametrize("quote", ["> ", ""])
def test_a_source_line_naming_the_paper_its_day_and_page_under_the_headline(quote: str) -> None:
    """``> 来源：洛阳日报 2023-06-09 第05版`` (a crawler sets it as a quote): the
    article's source line, naming the paper, the day and the page."""
    page = parse_file(f"## 伊滨区新建三所学校\n\n{quote}来源：洛阳日报 2023-06-09 第05版\n\n伊滨区新建的三所学校将于9月投用。\n",
                      source="a.md")
    (article,) = page.articles
    assert article.blocks[0] == Block("source", "来源：洛阳日报 2023-06-09 第05版")
    assert (page.paper, page.date, page.page) == ("洛阳日报", "2023-06-09", "5")


PLACEHOLDERS = """老城区十字街夜市开市

[图片]

图片说明：夜市开市首夜，市民在十字街品尝小吃。 记者 王某 摄

本报讯 6月8日晚，老城区十字街夜市正式开市。

【视频】

伊滨区新建三所学校

本报讯 伊滨区今年新建的三所学校将于9月投用。
"""


@pytest.mark.parametrize("markdown", [False, True])
def test_a_saved_pages_picture_placeholders_and_labelled_captions(markdown: bool) -> None:
    """``[图片]`` where the site had a picture is a note in its article, or
    furniture between articles, never a headline (it had been the title, the
    real one its column); ``图片说明：…`` is a caption however long, never a
    paragraph the next one runs into."""
    text = re.sub(r"^(?=老城区|伊滨区新建)", "# ", PLACEHOLDERS, flags=re.MULTILINE) if markdown else PLACEHOLDERS
    page = parse_file(text, source="a.md" if markdown else "a.txt")
    assert [(a.column, a.title) for a in page.articles] == [(None, "老城区十字街夜市开市"), (None, "伊滨区新建三所学校")]
    assert [(b.type, b.text) for b in page.articles[0].blocks][:3] == [
        ("note", "[图片]"), ("caption", "图片说明：夜市开市首夜，市民在十字街品尝小吃。 记者 王某 摄"),
        ("paragraph", "本报讯 6月8日晚，老城区十字街夜市正式开市。")]
    assert "【视频】" in [text for _, text in page.furniture] + [b.text for b in page.articles[0].blocks]


@pytest.mark.parametrize("line", ["[图片说明文字很长很长]", "【图片新闻】", "（图为夜市）", "[图](http://x.cn/1.jpg)"])
def test_only_a_placeholder_is_one(line: str) -> None:
    from reader.text.line_kinds import is_placeholder

    assert not is_placeholder(line)


def test_a_bracketed_editor_and_a_click_here_line_close_the_article() -> None:
    """【责任编辑：孙某】 is a note (it had been a section heading); 点击查看更多精彩内容 the
    site's link, furniture before the next article."""
    page = parse_file("老城区十字街夜市开市\n\n本报讯 6月8日晚，夜市正式开市。\n\n【责任编辑：孙某】\n\n点击查看更多精彩内容\n\n"
                      "伊滨区新建三所学校\n\n本报讯 三所学校将于9月投用。\n", source="a.txt")
    first, second = page.articles
    assert first.blocks[-1] == Block("note", "【责任编辑：孙某】") and second.title == "伊滨区新建三所学校"
    assert page.furniture == ((1, "点击查看更多精彩内容"),)
