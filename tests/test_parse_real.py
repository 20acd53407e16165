"""Pages in the shapes people actually have: an e-paper page saved as text,
archive text, a crawler's Markdown day tree (all fixtures written for these
tests, in those shapes)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES

from reader.core.model import Block, SourceFile
from reader.text.line_kinds import is_byline, is_chrome, is_credit, is_label, is_opener
from reader.text.parse import parse_file
from reader.text.unmarked import Header, header_of

EPAPER = FIXTURES / "epaper" / "lyrb20081203_002.txt"
ARCHIVE = FIXTURES / "archive" / "1998-06-15_03.txt"
CRAWLER = FIXTURES / "crawler"
DAY = CRAWLER / "2025" / "01" / "2025-01-02"


def _parse(path: Path) -> SourceFile:
    return parse_file(path.read_text(encoding="utf-8"), str(path.resolve()))


def _heads(issue: SourceFile) -> list[tuple[str | None, ...]]:
    return [(a.column, a.kicker, a.title, a.subtitle, a.byline) for a in issue.articles]


def test_epaper_page_articles_headers_and_bylines_in_every_form() -> None:
    issue = _parse(EPAPER)
    assert _heads(issue) == [
        ("民生实事", None, "老城区启动背街小巷改造工程", "——首批十二条街巷年底前完工", "记者 王某某 通讯员 刘某"),
        (None, None, "伊河湿地迎来首批越冬候鸟", None, "记者:张某某"),
        (None, None, "冬季供暖热线今起开通", None, "洛阳晚报记者 李某 见习记者 赵某"),
        (None, None, "社区食堂让老人吃上热乎饭", None, "作者:本报记者 周某某"),
    ]
    first, second, third, fourth = issue.articles
    # The inline byline fills the field; the paragraph keeps its text as printed.
    assert first.blocks[0].text.startswith("本报讯 (记者 王某某 通讯员 刘某)近日,")
    assert first.unprinted == ("inline_byline",)
    assert "byline" not in [kind for kind, _ in first.body()]  # shown once: in its paragraph
    assert [f for f, _, _ in first.fields_in_order()].count("byline") == 0
    # A byline above the body stands before it; one after the body, after it.
    assert second.byline_at == 0 and third.byline_at == 0
    assert fourth.byline_at == len(fourth.blocks)
    # A caption and its credit are one caption; the credit is not the byline.
    assert ("caption", "白鹭在浅滩觅食 李某某 摄") in [(b.type, b.text) for b in second.blocks]


def test_epaper_chrome_and_headline_list_are_kept_but_never_articles() -> None:
    issue = _parse(EPAPER)
    furniture = [text for _, text in issue.furniture]
    for chrome in ("上一版  下一版", "PDF版", "| 洛阳日报 | 洛阳晚报 | 版面导航 | 标题导航 |", "本版标题导航",
                   "· 冬季供暖热线今起开通", "【打印】  【关闭窗口】  下一篇"):
        assert chrome in furniture
    assert issue.furniture[-1] == (4, "【打印】  【关闭窗口】  下一篇")  # after the last article
    titles = {a.display_title for a in issue.articles}
    assert not titles & {"PDF版", "洛阳日报", "本版标题导航", "上一版  下一版"}
    assert (issue.date, issue.page, issue.page_name) == ("2008-12-03", "2", "要闻·综合")


def test_no_false_joins_phone_numbers_labels_and_short_headings() -> None:
    issue = _parse(EPAPER)
    texts = [b.text for a in issue.articles for b in a.blocks]
    assert "电话:15838161288" in texts and "热线电话:12345" in texts
    assert any(t.startswith("5日,记者在东南隅街区") for t in texts)
    # On a page whose columns broke paragraphs, repairs still happen, but never
    # across two numbers, a label or a short heading.
    broken = (
        "# 甲\n\n这一段很长很长的正文在排版时被分栏截断了所以没有写\n\n完。\n\n"
        "监督电话:15838161288\n\n5日,施工队进场。\n\n"
        "北上,北上\n\n1956年夏,一批建设者来到洛阳。\n\n"
        "截至目前已经完成的项目数量达到了令人瞩目的12\n\n3个,超过预期。\n"
    )
    blocks = [(b.type, b.text) for b in parse_file(broken).articles[0].blocks]
    assert blocks == [
        ("paragraph", "这一段很长很长的正文在排版时被分栏截断了所以没有写完。"),
        ("paragraph", "监督电话:15838161288"),
        ("paragraph", "5日,施工队进场。"),
        ("heading", "北上,北上"),
        ("paragraph", "1956年夏,一批建设者来到洛阳。"),
        ("paragraph", "截至目前已经完成的项目数量达到了令人瞩目的12"),
        ("paragraph", "3个,超过预期。"),
    ]


def test_whole_line_paragraphs_are_never_joined() -> None:
    # No paragraph anywhere stops mid-sentence before a blank line: nothing is a column break.
    whole = "# 甲\n\n第一段说到这里就换行了,没有句号\n第二段另起一行。\n\n第三段。\n"
    blocks = [b.text for b in parse_file(whole).articles[0].blocks]
    assert blocks == ["第一段说到这里就换行了,没有句号", "第二段另起一行。", "第三段。"]


def test_archive_text_kicker_title_subtitle_two_line_headline_and_columns() -> None:
    issue = _parse(ARCHIVE)
    assert _heads(issue) == [
        (None, "夏粮收购进行时", "麦收时节看伊川", "颗粒归仓人心安", "本报记者 钱某 通讯员 孙某"),
        ("专栏:城市笔记", None, "老城十字街,烟火气里的老味道", None, None),
    ]
    first, second = issue.articles
    # Headline lines never merge into the first paragraph, and whole-line paragraphs stay whole.
    assert first.blocks[0].text.startswith("六月的伊川大地")
    assert len([b for b in first.blocks if b.type == "paragraph"]) == 4
    assert second.blocks[-1] == second.blocks[-1].__class__("note", "（文中王师傅为化名）")
    assert issue.furniture == ((0, "第3版()"), (0, "专栏:"))  # an empty column label names no column
    assert (issue.date, issue.page) == ("1998-06-15", "3")


def test_crawler_front_matter_quotes_bold_sections_captions_and_boxes() -> None:
    issue = _parse(DAY / "01-要闻" / "古都新春文化活动启幕.md")
    (article,) = issue.articles
    assert (article.kicker, article.title) == ("欢欢喜喜过大年——", "古都新春文化活动启幕")
    # The source line glued to the byline is a fact of the issue, kept where it stood.
    assert article.byline == "本报记者  陈某某"
    assert article.blocks[article.byline_at] == Block("source", "《洛阳日报》(2025年01月02日第 01 版)")
    assert issue.paper == "洛阳日报"
    assert article.keywords == ("新春", "文化活动", "洛阳")
    blocks = [(b.type, b.text) for b in article.blocks]
    assert blocks[:4] == [("note", "新春走基层"), ("source", "《洛阳日报》(2025年01月02日第 01 版)"), ("heading", "核心阅读"),
                          ("paragraph", "全市将举办各类新春文化活动三百余场,持续至元宵节。")]
    assert ("heading", "北上,北上") in blocks
    assert ("caption", "应天门广场上的舞龙表演 王某某 摄") in blocks
    assert ("paragraph", "电话:15838161288") in blocks
    assert issue.furniture[0][1].startswith("---\ntitle: 古都新春文化活动启幕")
    assert (issue.date, issue.page, issue.page_name) == ("2025-01-02", "1", "要闻")


def test_front_matter_fills_what_the_body_does_not_print() -> None:
    issue = _parse(CRAWLER / "2025" / "01" / "2025-01-03" / "01-要闻" / "冬日伊河风光.md")
    (article,) = issue.articles
    assert (article.title, article.byline, article.unprinted) == ("冬日伊河风光", "何某", ("title", "byline"))
    assert [f for f, _, _ in article.fields_in_order()] == ["block", "block"]
    assert list(article.body())[-1] == ("byline", "何某")  # the author is shown, after the text


@pytest.mark.parametrize("front", [
    "---\ntitle: [unclosed\n---\n",  # not YAML
    "---\n- a list\n---\n",  # not a mapping
    "---\ntitle: 甲\n",  # never closed
    "---\ntitle: &a [*a]\n---\n",  # a recursive alias
])
def test_front_matter_that_is_not_readable_is_text(front: str) -> None:
    issue = parse_file(front + "\n正文第一段。\n")
    assert all(not text.startswith("---\ntitle: 甲") or "正文" not in text for _, text in issue.furniture)
    assert issue.articles[-1].blocks[-1].text == "正文第一段。"


HUGO = """+++
title = "老城区十字街夜市开市"
date = 2023-06-09T07:30:00+08:00
author = ["张某某", "刘某"]
tags = ["夜市", "老城"]
source = "洛阳日报"
page = "第05版"
[params]
draft = false
+++

6月8日晚，老城区十字街夜市正式开市，百余家摊位沿街排开。
"""


def test_toml_front_matter_as_hugo_writes_it() -> None:
    """``+++`` … ``+++``: the same fields as YAML's; a TOML date read as written."""
    issue = parse_file(HUGO)
    (article,) = issue.articles
    assert (article.title, article.byline, article.keywords) == ("老城区十字街夜市开市", "张某某 刘某", ("夜市", "老城"))
    assert (issue.date, issue.page, issue.paper) == ("2023-06-09", "5", "洛阳日报")
    assert [b.text for b in article.blocks] == ["6月8日晚，老城区十字街夜市正式开市，百余家摊位沿街排开。"]
    assert issue.furniture == ((0, HUGO.split("\n\n")[0]),)  # the block kept whole, where it stood


@pytest.mark.parametrize("front", [
    '+++\ntitle = "甲\n+++\n',  # not TOML: an unclosed string
    '+++\ntitle = "甲"\n---\n',  # "---" does not close a "+++" block
    '+++\ntitle = "甲"\ntitle = "乙"\n+++\n',  # a key given twice
    "+++\n" + "a = " + "[" * 3000 + "]" * 3000 + '\ntitle = "甲"\n+++\n',  # nested deeper than TOML reads
])
def test_toml_front_matter_that_is_not_readable_is_text(front: str) -> None:
    issue = parse_file(front + "\n正文第一段。\n")
    assert all(a.title not in ("甲", "乙") for a in issue.articles)
    assert issue.articles[-1].blocks[-1].text == "正文第一段。"


def test_date_and_page_from_the_path_when_the_text_says_nothing() -> None:
    issue = parse_file("# 甲\n\n正文。\n", "/archive/2025/01/2025-01-02/04-经济/甲.md")
    assert (issue.date, issue.page, issue.page_name) == ("2025-01-02", "4", "经济")
    issue = parse_file("# 甲\n\n正文。\n", "/archive/lyrb20081203_002.txt")
    assert (issue.date, issue.page, issue.page_name) == ("2008-12-03", "2", None)
    assert parse_file("# 甲\n\n正文。\n", "/archive/notes.txt").date is None


def test_header_lines_take_their_roles_by_count_and_shape() -> None:
    assert header_of(["麦收时节看伊川"]) == Header(None, None, "麦收时节看伊川", None)
    # Two lines: kicker and title, or title and subtitle when the first is the shorter.
    assert header_of(["全市夏粮收购工作全面展开", "颗粒归仓"]) == Header(None, "全市夏粮收购工作全面展开", "颗粒归仓", None)
    assert header_of(["夏粮颗粒归仓人心安定了", "全市夏粮收购工作全面展开进度过半"]) == Header(
        None, None, "夏粮颗粒归仓人心安定了", "全市夏粮收购工作全面展开进度过半")
    # ... unless the first is a short column name.
    assert header_of(["民生实事", "老城区启动背街小巷改造工程"]) == Header("民生实事", None, "老城区启动背街小巷改造工程", None)
    assert header_of(["稳字当头,", "进中求好"]) == Header(None, None, "稳字当头,进中求好", None)
    assert header_of(["城市笔记", "夏粮收购进行时", "麦收时节看伊川", "颗粒归仓人心安"]) == Header(
        "城市笔记", "夏粮收购进行时", "麦收时节看伊川", "颗粒归仓人心安")
    assert header_of(["甲乙丙", "——丁戊己"]) == Header(None, None, "甲乙丙", "——丁戊己")


def test_line_classifiers_for_real_pages() -> None:
    assert is_opener("新华社北京1月2日电 记者从…") and is_opener("本报洛阳讯 近日…")
    assert not is_opener("本报记者 王某")
    assert is_chrome("| 洛阳日报 | 洛阳晚报 | 版面导航 | 标题导航 |") and is_chrome("【打印】  下一篇")
    assert not is_chrome("洛阳日报") and not is_chrome("下一篇文章讲什么")
    assert is_credit("李某某 摄") and is_credit("记者 孙丽 摄") and not is_byline("记者 孙丽 摄")
    assert not is_credit("这张照片是他拍摄") and not is_credit("记者 王某 文/图") and is_byline("记者 王某 文/图")
    assert is_label("电话:15838161288") and not is_label("电话号码变了。")
    for byline in ("记者:张某某", "洛阳晚报记者 李某 见习记者 赵某", "作者:本报记者 周某某"):
        assert is_byline(byline), byline


def test_a_front_matter_block_over_64_kb_is_not_read() -> None:
    big = "---\ntitle: 甲\nnote: " + "长" * (64 * 1024) + "\n---\n\n正文第一段。\n"
    issue = parse_file(big)
    assert all(a.title != "甲" for a in issue.articles) and "title" not in issue.articles[0].unprinted


@pytest.mark.parametrize(("author", "byline"), [
    ("author: 人民日报", None),  # who published, not who reported
    ("author: 某某网－某某日报", None),
    ("authors: [张某, 李某某]", "张某 李某某"),
    ("author: 本报记者 张某《 某某日报 》（ 2024年03月16日 05 版）", "本报记者 张某"),
    ("author: 来源：本报记者 张某", "本报记者 张某"),
])
def test_a_front_matter_author_names_reporters_or_nothing(author: str, byline: str | None) -> None:
    (article,) = parse_file(f"---\ntitle: 甲\n{author}\n---\n# 甲\n\n正文。\n").articles
    assert article.byline == byline


def test_a_byline_in_bold_or_inside_an_older_opener_is_the_byline() -> None:
    (article,) = parse_file("# 甲\n\n**本报记者 张某**\n\n正文。\n").articles
    assert (article.byline, [b.type for b in article.blocks]) == ("本报记者 张某", ["paragraph"])
    (article,) = parse_file("# 甲\n\n本报讯 记者王某某报道：近日，老城区启动改造。\n").articles
    assert (article.byline, article.unprinted) == ("记者王某某", ("inline_byline",))


def test_round_two_line_shapes() -> None:
    """Chrome by shape, bylines by role, credits by their ending or label (#27)."""
    for chrome in ("下一篇4", "3上一期  下一期4", "首页English", "• 时政• 国际• 时评• 理论", "当前位置：首页 > 要闻",
                   "版权声明 @ 某某网 网站版权所有", "返回  打印  关闭", "【字体：大 中 小】", "分享到： 微信 微博 QQ空间",
                   "版面概览  PDF下载", "[上一篇](../1.html)  [下一篇](https://example.invalid/3.html)",
                   "[首页](/) > [要闻](/yw/)", "[返回首页](/index.html)"):
        assert is_chrome(chrome), chrome
    for text in ("第A4版 记者节 上一版3  4下一版", "洛阳·偃师·伊川", "要闻·综合", "下一篇文章讲什么", "大中小学生",
                 "[老城新貌](../2.html)"):
        assert not is_chrome(text), text
    for byline in ("□记者 张三 通讯员 李四", "文/本报记者 张三 图/李四", "图/文 张三", "撰文：张三 摄影：李四",
                   "新华社记者 严某 卢某", "本报评论员", "本报驻京记者 某某"):
        assert is_byline(byline) and not is_credit(byline), byline
    for text in ("文化是城市的灵魂", "文章标题", "图文并茂", "编辑:某某", "记者 孙丽 摄"):
        assert not is_byline(text), text
    for credit in ("【刘某某摄】", "〔图〕吕某摄（视觉中国）", "本报记者  郭某摄", "冯某摄", "图片来源：视觉中国", "图/李四"):
        assert is_credit(credit) and not is_byline(credit), credit


@pytest.mark.parametrize(("line", "paper"), [
    ("洛阳日报数字报", "洛阳日报"), ("洛阳日报电子版", "洛阳日报"), ("洛阳晚报数字报刊平台", "洛阳晚报"),
    ("中国青年报", "中国青年报"), ("数字报", None), ("本报", None),
])
def test_a_masthead_names_the_paper_not_the_sites_edition(line: str, paper: str | None) -> None:
    from reader.text.placement import printed_paper

    found = printed_paper(line)
    assert (found[0] if found else None) == paper


UNDERLINED = """老城区十字街夜市开市
----------------------------------------
本报记者 张某某
6月8日晚，老城区十字街夜市正式开市，百余家摊位沿街排开。
========================================
伊滨区新建三所学校
----------------------------------------
本报讯 伊滨区今年新建的三所学校将于9月投用。
（记者 王某）
========================================
"""


def test_headlines_underlined_as_plain_text_and_markdownify_write_them() -> None:
    """``标题`` over ``-----`` or ``=====`` is a heading (Markdown's setext
    headings; pandoc's plain text; markdownify's default): the second
    article's title had been its first paragraph, the first's furniture."""
    page = parse_file(UNDERLINED, source="p.txt")
    assert [(a.title, a.byline) for a in page.articles] == [("老城区十字街夜市开市", "本报记者 张某某"),
                                                            ("伊滨区新建三所学校", "记者 王某")]
    assert [b.text for b in page.articles[1].blocks] == ["本报讯 伊滨区今年新建的三所学校将于9月投用。", "（记者 王某）"]
    assert [text for _, text in page.furniture] == ["=" * 40, "=" * 40]  # the rules between articles, kept
    markdown = parse_file("老城区十字街夜市开市\n==========\n\n6月8日晚，夜市正式开市。\n", source="a.md")
    assert [(a.title, [b.text for b in a.blocks]) for a in markdown.articles] == [("老城区十字街夜市开市", ["6月8日晚，夜市正式开市。"])]


@pytest.mark.parametrize("above", ["6月8日晚，夜市正式开市。", "（记者 王某）", "本报记者 张某某", "欢迎市民前来品尝"])
def test_a_rule_under_a_sentence_or_a_byline_underlines_nothing(above: str) -> None:
    """A drawn line under an article's last line (a sentence, a byline, a
    short line going on from the one above) is the rule between articles."""
    page = parse_file(f"夜市开市\n\n本报讯 夜市昨日开张，\n{above}\n==========\n\n伊滨区新建三所学校\n\n本报讯 学校将于9月投用。\n",
                      source="p.txt")
    assert all(a.title != above for a in page.articles)
    assert ("=" * 10) in [text for _, text in page.furniture]


@pytest.mark.parametrize("under", ["2023年6月9日 星期五 第05版：城事\n\n", ""])
def test_a_masthead_as_the_first_heading_is_the_banner(under: str) -> None:
    """``# 洛阳日报`` over the page's date line, or over the first headline,
    names the paper: it had been an article titled 洛阳日报 (or the first
    article's column)."""
    page = parse_file(f"# 洛阳日报\n\n{under}## 老城区十字街夜市开市\n\n本报讯 夜市开张。\n\n## 伊滨区新建三所学校\n\n"
                      "本报讯 学校将于9月投用。\n", source="a.md")
    assert [(a.column, a.kicker, a.title) for a in page.articles] == [
        (None, None, "老城区十字街夜市开市"), (None, None, "伊滨区新建三所学校")]
    assert page.paper == "洛阳日报" and page.banner == f"洛阳日报\n{under.strip()}".strip()
    assert (page.date, page.page) == (("2023-06-09", "5") if under else (None, None))


TABLE = """# 一季度全市经济运行情况

本报讯 一季度，全市经济运行稳中有进。主要指标如下：

| 指标 | 数值 | 增长 |
| --- | ---: | :---: |
| 地区生产总值 | 1200亿元 | 5.2% |
| [规上工业](http://x.cn/a) \\| 增加值 | 300亿元 | |

数据来源：市统计局

# 伊滨区新建三所学校

本报讯 伊滨区今年新建的三所学校将于9月投用。
"""


@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_a_table_is_its_rows_in_the_articles_text(suffix: str) -> None:
    """A crawler's Markdown table (markdownify writes an HTML table so): each
    row a line of its own, its cells set apart, the delimiter row markup. Its
    rows had been the site's menu, and the article cut in two at them."""
    page = parse_file(TABLE if suffix == ".md" else TABLE.replace("# ", ""), source=f"a{suffix}")
    assert [a.title for a in page.articles] == ["一季度全市经济运行情况", "伊滨区新建三所学校"]
    assert [b.text for b in page.articles[0].blocks] == [
        "本报讯 一季度，全市经济运行稳中有进。主要指标如下：", "指标\u3000数值\u3000增长",
        "地区生产总值\u30001200亿元\u30005.2%", "规上工业 | 增加值\u3000300亿元", "数据来源：市统计局"]
    assert not page.furniture


def test_pipes_without_a_delimiter_row_are_no_table() -> None:
    page = parse_file("| 洛阳日报 | 洛阳晚报 | 版面导航 |\n\n# 甲\n\n正文。\n", source="a.md")
    assert page.furniture == ((0, "| 洛阳日报 | 洛阳晚报 | 版面导航 |"),)


def test_paragraphs_a_crawler_ran_into_one_line_are_paragraphs() -> None:
    """``　　甲。　　乙。``: where a sentence ends before a paragraph's indent a
    new paragraph starts (a crawler that drops the page's line breaks keeps
    its indents); an indent inside a sentence, or a heading, is left whole."""
    page = parse_file("伊滨区新建三所学校\n\n　　本报讯 三所学校将于9月投用。　　据介绍，学校按省级标准建设。"
                      "　　　　“孩子上学更近了。”家长说，　　很满意。\n", source="a.txt")
    assert [b.text for b in page.articles[0].blocks] == [
        "本报讯 三所学校将于9月投用。", "据介绍，学校按省级标准建设。", "“孩子上学更近了。”家长说，　　很满意。"]


@pytest.mark.parametrize("note", ["编者按：夜经济是城市活力的体现。", "【编者的话】本报今起推出系列报道。", "编者：本报今起推出系列报道。"])
def test_an_inline_byline_after_the_editors_note(note: str) -> None:
    """本报讯（记者 …） opening the paragraph after the editor's note is the byline,
    as it is in the first paragraph; after the report's own text it is not."""
    (article,) = parse_file(f"# 夜市开市\n\n{note}\n\n本报讯（记者 张某）6月8日晚，夜市开市。\n", source="a.md").articles
    assert article.byline == "记者 张某"
    (article,) = parse_file("# 夜市开市\n\n编者认为夜市很好。\n\n本报讯（记者 张某）6月8日晚，夜市开市。\n",
                            source="a.md").articles
    assert article.byline is None


POEM = ["牡丹花开满洛城，", "游人如织踏歌行。", "古都春色何处好，", "龙门山下伊水清。"]
STANZA = ["晚风轻拂白马寺，", "钟声悠扬入画屏。", "明年此时重相会，", "再赏国色与天香。"]


@pytest.mark.parametrize("between", ["\n", "\n\n"])
def test_a_poem_keeps_its_lines(between: str) -> None:
    """A literary page's poem (our own verse): each line as printed, never joined, never a headline."""
    page = "春日游园\n\n文/王某\n\n" + "\n".join(POEM) + between + "\n".join(STANZA) + "\n"
    issue = parse_file(page)
    assert [(a.title, a.byline) for a in issue.articles] == [("春日游园", "文/王某")]
    assert [(b.type, b.text) for b in issue.articles[0].blocks] == [("paragraph", line) for line in POEM + STANZA]


def test_a_poem_in_a_page_of_prose_keeps_its_lines_and_the_prose_its_paragraphs() -> None:
    """On a page whose prose is wrapped (its lines joined), a poem's lines still stand alone."""
    prose = ("　　傍晚的洛河边，风里带着麦苗的气息，老人们坐在堤上说着今年的\n收成，孩子们在草地上追逐着"
             "风筝，笑声一阵接着一阵传得很远\n很远。\n")
    page = "河畔随笔\n\n文/李某\n\n" + prose + "\n春日游园\n\n文/王某\n\n" + "\n".join(POEM) + "\n"
    issue = parse_file(page)
    assert [a.title for a in issue.articles] == ["河畔随笔", "春日游园"]
    assert [b.text for b in issue.articles[0].blocks] == [prose.replace("\n", "").strip()]
    assert [b.text for b in issue.articles[1].blocks] == POEM
