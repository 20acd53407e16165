"""Pages as tools turn them into text (written for these tests, in those
shapes): ``pdftotext`` of a day's PDF (a form feed between pages, the
masthead again on each), and a text browser's dump of an e-paper page
(``lynx -dump``: every line of text set in three columns and wrapped at the
width, headlines flush or centred, the page's links listed under it)."""

from __future__ import annotations

import pytest

from reader.core.model import SourceFile
from reader.text.html_page import html_text
from reader.text.parse import parse_file
from reader.text.sources import line_ends

FIRST = ("本报讯 老城区改造工程昨日正式启动，涉及居民两千余户。据介绍，改造将分三期进行，预计两年内完成，"
         "首期工程主要包括道路拓宽、管网更新和立面整治，总投资约三亿元。")
SECOND = "市住建局负责人表示，改造中将保留街区原有的历史风貌，对有价值的老建筑实行挂牌保护，同时引入社区服务设施。"
THIRD = "本报讯 洛河湿地公园今日开园，面积一千二百亩，园内种植各类树木三万余株，修建步道十二公里，设置观鸟平台五处。"


def _pdf_pages(between: str) -> str:
    """A day's PDF as ``pdftotext`` gives it: each page under the masthead, ``between`` them."""
    one = "洛阳日报\n2011年5月17日 星期二\n第1版 要闻\n\n春播工作全面展开\n　　本报讯 连日来，全市各地抓住有利天气抢墒播种。\n"
    two = "洛阳日报\n2011年5月17日 星期二\n第2版 经济\n\n轴承厂产值创新高\n　　本报讯 今年前四个月轴承厂产值增长两成。\n"
    return one + between + two + between


def _texts(issue: SourceFile) -> list[list[str]]:
    return [[b.text for b in a.blocks] for a in issue.articles]


@pytest.mark.parametrize("between", ["\f", "\n\f", "\u2029"])
def test_a_page_break_ends_the_page_and_the_next_masthead_is_no_text(between: str) -> None:
    issue = parse_file(_pdf_pages(between))
    assert [a.title for a in issue.articles] == ["春播工作全面展开", "轴承厂产值创新高"]
    assert _texts(issue) == [["本报讯 连日来，全市各地抓住有利天气抢墒播种。"], ["本报讯 今年前四个月轴承厂产值增长两成。"]]
    assert [text for _, text in issue.furniture].count("洛阳日报") == 2  # kept, in its place: before the page's text
    assert (1, "洛阳日报") in issue.furniture
    assert [(s.start, s.page) for s in issue.sections] == [(0, "1"), (1, "2")]


def test_a_masthead_over_its_date_line_between_articles_is_the_next_page_s() -> None:
    """No form feed (a PDF's text copied out): the paper's name alone over the date line."""
    issue = parse_file(_pdf_pages(""))
    assert _texts(issue)[0] == ["本报讯 连日来，全市各地抓住有利天气抢墒播种。"]
    assert (1, "洛阳日报") in issue.furniture


def test_a_form_feed_inside_a_line_parts_the_pages_and_is_no_text() -> None:
    """A converter that puts the page break right after the page's last character."""
    page = ("春播工作全面展开\n\n本报讯 连日来，全市各地抓住有利天气抢墒播种。\f图片新闻\n\n"
            "本报讯 今年前四个月轴承厂产值增长两成。\n")
    assert _texts(parse_file(page)) == [["本报讯 连日来，全市各地抓住有利天气抢墒播种。"], ["本报讯 今年前四个月轴承厂产值增长两成。"]]


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_a_paper_s_name_alone_at_the_top_is_its_masthead_not_a_column(gap: str) -> None:
    """An e-paper page saved as text, its date in the file's name: the masthead alone over the first headline."""
    issue = parse_file(f"洛阳晚报{gap}老城区改造工程启动{gap}　　{FIRST}\n", name="lywb_20110517_03")
    assert [(a.column, a.kicker, a.title) for a in issue.articles] == [(None, None, "老城区改造工程启动")]
    assert (issue.paper, issue.furniture) == ("洛阳晚报", ((0, "洛阳晚报"),))


def test_a_paper_s_name_under_the_page_s_text_stays_text() -> None:
    """Not at the top, over no date: the article's own line (a paper it quotes)."""
    page = f"老城区改造工程启动\n\n　　{FIRST}\n\n洛阳日报\n\n　　{SECOND}\n"
    issue = parse_file(page)
    assert [(b.type, b.text) for b in issue.articles[0].blocks] == [("paragraph", FIRST), ("heading", "洛阳日报"),
                                                                    ("paragraph", SECOND)]
    assert issue.furniture == ()


def test_a_line_separator_ends_a_line_and_nothing_else_changes() -> None:
    assert line_ends("甲\u2028乙\r\n丙\r丁\f戊") == "甲\n乙\n丙\n丁\n\n戊"
    assert line_ends("没有分隔的文字") == "没有分隔的文字"


def _wrapped(text: str, first: str, width: int = 36) -> list[str]:
    pieces = [text[at : at + width] for at in range(0, len(text), width)]
    return [first + pieces[0], *("   " + piece for piece in pieces[1:])]


def _lynx(headline: str, first_line: str) -> str:
    """An e-paper page as ``lynx -dump`` prints it: text three columns in,
    each paragraph's first line at ``first_line``, headlines at ``headline``."""
    lines = ["                              洛阳日报数字报", "", "   [1]首页 | [2]往期回顾 | [3]版面导航", "",
             "   2011年05月17日 星期二", "   第03版：城市", "", headline + "老城区改造工程启动", "", "   本报记者 王明", ""]
    for paragraph in (FIRST, SECOND):
        lines += [*_wrapped(paragraph, first_line), ""]
    lines += [headline + "洛河湿地公园开园", "", *_wrapped(THIRD, first_line), "", "   [4]上一版  [5]下一版", "",
              "References", "", *(f"   {n}. http://lyrb.example.cn/{n}.html" for n in range(1, 6))]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("headline", "first_line"), [
    ("", "   "),  # headlines flush, paragraphs' first lines no deeper: lynx's own
    (" " * 29, "     "),  # headlines centred, paragraphs set in two more
    (" " * 29, "   \u3000\u3000"),  # the page's own full-width indent, inside the margin
])
def test_a_text_browser_s_wrapped_lines_go_on_with_their_paragraph(headline: str, first_line: str) -> None:
    issue = parse_file(_lynx(headline, first_line), name="lyrb_20110517")
    assert [(a.title, a.byline) for a in issue.articles] == [("老城区改造工程启动", "本报记者 王明"), ("洛河湿地公园开园", None)]
    assert _texts(issue) == [[FIRST, SECOND], [THIRD]]
    assert (issue.date, issue.page) == ("2011-05-17", "3")


def test_a_text_browser_s_list_of_links_is_the_page_s_furniture() -> None:
    issue = parse_file(_lynx("", "   "))
    furniture = [text for _, text in issue.furniture]
    assert furniture[-6:] == ["References", *(f"{n}. http://lyrb.example.cn/{n}.html" for n in range(1, 6))]
    assert all("http" not in text for texts in _texts(issue) for text in texts)


def test_lines_at_the_margin_that_do_not_run_on_stay_paragraphs() -> None:
    """Each paragraph a line of its own, three columns in: nothing is joined."""
    page = "老城区改造工程启动\n\n" + "".join(f"   {p}\n" for p in (FIRST, SECOND, THIRD))
    assert _texts(parse_file(page)) == [[FIRST, SECOND, THIRD]]


BODY = "\n\n老城区改造工程启动\n　　本报讯 老城区改造工程昨日正式启动，涉及居民两千余户。\n"


@pytest.mark.parametrize(("head", "placed"), [
    ("3　城市　2011年5月17日　星期二　责任编辑：张某", ("3", "城市", None)),
    ("2011年5月17日　星期二　责任编辑：张某　城市　03", ("3", "城市", None)),
    ("A3　洛阳日报　2011年5月17日　星期二", ("A3", None, "洛阳日报")),
    ("2011年5月17日 星期二 | 12", ("12", None, None)),
])
def test_a_running_head_s_folio_names_the_page(head: str, placed: tuple[str, str | None, str | None]) -> None:
    """A printed page's head sets its number alone, without 第 or 版, at one end of the dated line."""
    issue = parse_file(head + BODY)
    assert (issue.date, issue.page, issue.page_name, issue.paper) == ("2011-05-17", *placed)
    assert [a.title for a in issue.articles] == ["老城区改造工程启动"]


@pytest.mark.parametrize("head", [
    "城市　3",  # no date: a heading and a number
    "1985. 5. 17",  # the day's own digits
    "2011年5月17日　星期二　编辑 张某 3 城市",  # a number inside the line
    "2011年5月17日　星期二　0",
    "2011年5月17日　星期二　123",
])
def test_a_number_that_is_no_folio_names_no_page(head: str) -> None:
    assert parse_file(head + BODY).page is None


def test_a_day_s_pdf_with_running_heads_has_its_pages() -> None:
    day = ("洛阳日报\n2011年5月17日　星期二\n\n春播工作全面展开\n　　本报讯 连日来，全市各地抓住有利天气抢墒播种。\n"
           "\f2　经济　2011年5月17日　星期二　责任编辑：王某\n\n轴承厂产值创新高\n　　本报讯 今年前四个月轴承厂产值增长两成。\n"
           "\f2011年5月17日　星期二　城市　3\n" + BODY)
    issue = parse_file(day)
    assert [(s.start, s.page, s.name) for s in issue.sections] == [(1, "2", "经济"), (2, "3", "城市")]
    assert [a.title for a in issue.articles] == ["春播工作全面展开", "轴承厂产值创新高", "老城区改造工程启动"]
    assert (issue.paper, issue.date) == ("洛阳日报", "2011-05-17")


def _spaced(text: str) -> str:
    """As some OCR engines give Chinese: a space between every two characters (a word gap wider)."""
    return " ".join(text)


def test_an_ocr_s_characters_set_apart_come_together_again() -> None:
    page = "\n".join(["洛 阳 日 报", "1985年5月17日 星期五", "", _spaced("我市春播工作全面展开"), "",
                      _spaced("本报讯 连日来，全市各地抓住有利天气，组织农民抢墒播种。截至昨天，全市已播种玉米三十万亩。"), "",
                      _spaced("本报记者 王明"), "", _spaced("新建自来水厂开始供水"), "",
                      _spaced("本报讯 城西新建的自来水厂昨日正式供水，日供水能力五万吨。")]) + "\n"
    issue = parse_file(page)
    assert [(a.title, a.byline) for a in issue.articles] == [("我市春播工作全面展开", "本报记者 王明"), ("新建自来水厂开始供水", None)]
    assert _texts(issue) == [["本报讯 连日来，全市各地抓住有利天气，组织农民抢墒播种。截至昨天，全市已播种玉米三十万亩。"],
                             ["本报讯 城西新建的自来水厂昨日正式供水，日供水能力五万吨。"]]
    assert (issue.paper, issue.date) == ("洛阳日报", "1985-05-17")


def test_a_page_whose_characters_stand_together_keeps_its_spaced_type() -> None:
    """A masthead or a box's label set in spaced type is printed so: kept."""
    page = "河 洛 日 报\n\n简  讯\n\n" + "".join(f"　　{p}\n" for p in (FIRST, SECOND, THIRD)) + "洛 阳 市 区 县 乡\n"
    issue = parse_file(page)
    assert [(a.column, a.title) for a in issue.articles] == [(None, "简  讯")]
    assert issue.furniture == ((0, "河 洛 日 报"),)
    assert [b.text for b in issue.articles[0].blocks] == [FIRST, SECOND, THIRD, "洛 阳 市 区 县 乡"]


def _saved_by_browser() -> str:
    """An e-paper page as a browser saves it as text: each link's address after its text, list items as ``*``."""
    site = "http://lyrb.example.cn"
    return "\n".join([
        "洛阳日报数字报", "", f"首页 <{site}/> | 往期回顾 <{site}/past.html> | 版面导航 <{site}/nav.html>", "",
        "2011年05月17日 星期二", "", "第03版：城市", "", f"上一版 <{site}/page02.html>  下一版 <{site}/page04.html>", "",
        f"  * 老城区改造工程启动 <{site}/a/1.html>", f"  * 洛河湿地公园开园 <{site}/a/2.html>", "",
        "老城区改造工程启动", "", "本报记者 王明", "", f"　　{FIRST}", "", f"　　{SECOND}", "",
        "洛河湿地公园开园", "", f"　　{THIRD}", "", "【打印本页 <javascript:window.print()>】 【关闭窗口 <javascript:window.close()>】",
    ]) + "\n"


def test_a_page_a_browser_saved_as_text_reads_its_links_by_their_text() -> None:
    issue = parse_file(_saved_by_browser())
    assert [(a.title, a.byline) for a in issue.articles] == [("老城区改造工程启动", "本报记者 王明"), ("洛河湿地公园开园", None)]
    assert _texts(issue) == [[FIRST, SECOND], [THIRD]]
    furniture = [text for _, text in issue.furniture]
    assert furniture[5:7] == ["* 老城区改造工程启动 <http://lyrb.example.cn/a/1.html>",
                              "* 洛河湿地公园开园 <http://lyrb.example.cn/a/2.html>"]  # the page's headline list, kept
    assert furniture[1].startswith("首页 <") and furniture[4].startswith("上一版 <") and furniture[-1].startswith("【打印本页")
    assert (issue.date, issue.page, issue.page_name) == ("2011-05-17", "3", "城市")


def _html_page(head: str = "<!DOCTYPE html>\n<html>") -> str:
    """An e-paper page's HTML kept as text (the site's own markup; the words are this test's)."""
    return head + f"""<head><meta charset="utf-8"><title>老城区改造工程启动--洛阳日报数字报</title>
<style>body {{ font-size: 14px }} .x::before {{ content: "样式里的字" }}</style>
<script>var note = "脚本里的字"; if (a < b) {{ go(); }}</script></head>
<body><!-- 注释里的字 -->
<div class="nav"><a href="/">首页</a> | <a href="/past.html">往期回顾</a></div>
<div class="date">2011年05月17日 星期二</div><div class="page">第03版：城市</div>
<h1>老城区改造工程启动</h1>
<p class="author">本报记者 王明</p>
<p>&nbsp;&nbsp;&nbsp;&nbsp;{FIRST[:30]}
{FIRST[30:]}</p>
<p>&nbsp;&nbsp;&nbsp;&nbsp;{SECOND}</p>
<h1>洛河湿地公园开园</h1>
<p>　　{THIRD[:20]}<br/>{THIRD[20:]}</p>
<div class="foot">版权所有 洛阳日报社</div>
</body></html>
"""


@pytest.mark.parametrize("head", ["<!DOCTYPE html>\n<html>", "<html lang=\"zh\">", "\n<!-- saved -->\n<HTML>"])
def test_a_page_kept_as_its_html_reads_as_the_browser_shows_it(head: str) -> None:
    issue = parse_file(_html_page(head), name="lyrb_20110517_03")
    assert [(a.title, a.byline) for a in issue.articles] == [("老城区改造工程启动", "本报记者 王明"), ("洛河湿地公园开园", None)]
    assert _texts(issue) == [[FIRST, SECOND], [THIRD]]  # a line break mid-sentence goes on (as a column's does)
    furniture = [text for _, text in issue.furniture]
    assert furniture == ["老城区改造工程启动--洛阳日报数字报", "首页 | 往期回顾", "2011年05月17日 星期二", "第03版：城市", "版权所有 洛阳日报社"]
    assert (issue.date, issue.page, issue.page_name) == ("2011-05-17", "3", "城市")
    shown = str(issue)
    assert "样式里的字" not in shown and "脚本里的字" not in shown and "注释里的字" not in shown and "<" not in shown


def test_tags_inside_a_page_s_lines_are_no_html_document() -> None:
    """A crawler's page with a converter's tags left in its lines is read line by line, as before."""
    issue = parse_file(f"老城区改造工程启动\n\n<p>　　{FIRST}</p>\n<p>　　{SECOND}</p>\n")
    assert _texts(issue) == [[FIRST, SECOND]]


@pytest.mark.parametrize("body", ["<!--" * 250_000, '<a b="' * 200_000, "</" * 500_000, "<script>x</script>" * 60_000,
                                  "</title><title>" * 70_000, "<" * 1_000_000],
                         ids=["comments", "attributes", "end-tags", "scripts", "titles", "brackets"])
def test_a_megabyte_of_unclosed_markup_is_read_in_one_pass(body: str) -> None:
    """What makes a rescanning reader quadratic (html.parser: minutes for the first): read once, nothing shown twice."""
    text = html_text("<html>" + body)
    assert len(text) <= len(body) + 1


def test_a_hostile_html_page_is_read_whole_and_quickly() -> None:
    nested = "<html><body>" + "<div>" * 50_000 + "深处的字" + "</div>" * 50_000 + "<p>未闭合的段落<script>不显示" + "\n"
    issue = parse_file(nested)
    assert "深处的字" in str(issue) and "未闭合的段落" in str(issue) and "不显示" not in str(issue)


def _crawled(title: str) -> str:
    """A crawler's Markdown whose title is the page's ``<title>``, the site's name after it."""
    return f"---\ntitle: \"{title}\"\ndate: 2011-05-17\n---\n\n　　{FIRST}\n"


@pytest.mark.parametrize(("title", "paper"), [
    ("老城区改造工程启动_洛阳网", None),  # a site: no paper
    ("老城区改造工程启动 - 洛阳日报", "洛阳日报"),
    ("老城区改造工程启动--洛阳日报数字报", "洛阳日报"),
    ("老城区改造工程启动 | 洛阳日报电子版", "洛阳日报"),
    ("老城区改造工程启动_新华网-人民日报", "人民日报"),
])
def test_a_crawled_title_loses_the_site_s_name_which_names_the_paper(title: str, paper: str | None) -> None:
    issue = parse_file(_crawled(title))
    assert [a.title for a in issue.articles] == ["老城区改造工程启动"]
    assert issue.paper == paper
    assert title in issue.furniture[0][1]  # the front matter, as written


@pytest.mark.parametrize("title", ["中国-东盟博览会开幕", "2011-2015年规划出台", "走进基层——记洛阳日报社", "读者来信-晚报"])
def test_a_title_whose_last_part_is_no_site_is_kept_whole(title: str) -> None:
    assert [a.title for a in parse_file(_crawled(title)).articles] == [title]


def _column(paragraphs: list[str], width: int, indent: str) -> list[str]:
    """Paragraphs as a PDF's text gives a narrow column of them: line by line, ``width`` characters each."""
    lines = []
    for paragraph in paragraphs:
        text = indent + paragraph
        lines += [text[at : at + width] for at in range(0, len(text), width)]
    return lines


@pytest.mark.parametrize("width", [11, 13, 15])
@pytest.mark.parametrize("indent", ["\u3000\u3000", "  ", ""])  # a tool may drop the indents
def test_a_narrow_column_taken_line_by_line_reads_as_its_paragraphs(width: int, indent: str) -> None:
    page = "\n".join(["老城区改造工程启动", "本报记者 王明", *_column([FIRST, SECOND], width, indent),
                      "洛河湿地公园开园", *_column([THIRD], width, indent)]) + "\n"
    issue = parse_file(page)
    assert [(a.title, a.byline) for a in issue.articles] == [("老城区改造工程启动", "本报记者 王明"), ("洛河湿地公园开园", None)]
    assert _texts(issue) == [[FIRST, SECOND], [THIRD]]


def test_a_list_of_headlines_as_long_as_each_other_stays_a_list() -> None:
    """Lines of one length that are no column's text: the page's headline list, then its articles."""
    titles = ["老城区改造工程启动仪式举行", "洛河湿地公园今日开园迎客", "全市中小学开展安全教育周", "轴承厂产值创下历史新高度",
              "牡丹花会筹备工作全部就绪", "城西新建自来水厂开始供水", "春播工作在全市全面展开了"]
    page = "\n".join([*titles, "", titles[0], "", f"　　{FIRST}", "", titles[1], "", f"　　{THIRD}"]) + "\n"
    issue = parse_file(page)
    assert _texts(issue) == [[FIRST], [THIRD]]  # nothing joined into the text, nor the text into a headline
    shown = [text for _, text in issue.furniture] + [line for a in issue.articles
                                                      for field in (a.kicker, a.title) if field for line in field.split("\n")]
    assert all(title in shown for title in titles)  # each line whole, none glued to the next


def test_a_page_with_few_lines_alike_is_read_line_by_line() -> None:
    """Short lines of one length now and then (a box's labels) are no narrow column: nothing is joined."""
    from conftest import FIXTURES

    issue = parse_file((FIXTURES / "shapes" / "msrx_2003-07-08_06.txt").read_text(encoding="utf-8"))
    assert _texts(issue)[0][:2] == ["反映问题:涧西区某小区三栋楼前的路灯不亮", "办理进度:已转交物业维修"]


def test_a_headline_set_upright_reads_as_one_line() -> None:
    """A PDF's text gives a vertical headline a character a line."""
    page = "\n".join([*"老城区改造工程启动", *_column([FIRST, SECOND], 13, "\u3000\u3000"), "", "简", "讯", "",
                      "洛河湿地公园开园", *_column([THIRD], 13, "\u3000\u3000")]) + "\n"
    issue = parse_file(page)
    assert [a.title for a in issue.articles][:1] == ["老城区改造工程启动"]
    assert _texts(issue)[0] == [FIRST, SECOND]
    shown = [text for _, text in issue.furniture] + [b.text for a in issue.articles for b in a.blocks] + \
        [a.title for a in issue.articles] + [a.kicker or "" for a in issue.articles]
    assert "简讯" not in shown  # two characters are no vertical headline: left as they are


def test_a_folder_of_pages_saved_as_html_is_read(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A browser's 'save page' or a mirror of an e-paper site: *.html and *.htm, in GBK as such sites often are."""
    from reader.session.library import load_files

    (tmp_path / "2011-05-17").mkdir()
    (tmp_path / "2011-05-17" / "lyrb_20110517_03.html").write_bytes(
        _html_page('<?xml version="1.0" encoding="gb2312"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN">\n<html>')
        .encode("gbk"))
    (tmp_path / "2011-05-17" / "lyrb_20110517_04.htm").write_text(
        f"<html><body><h1>洛河湿地公园开园</h1><p>　　{THIRD}</p></body></html>", encoding="utf-8")
    (tmp_path / "2011-05-17" / "style.css").write_text("h1 { color: red }", encoding="utf-8")
    files, warnings = load_files([tmp_path])
    assert warnings == []
    assert [(f.paper, f.date, f.page, [a.title for a in f.articles]) for f in files] == [
        ("洛阳日报", "2011-05-17", "3", ["老城区改造工程启动", "洛河湿地公园开园"]),
        ("洛阳日报", "2011-05-17", "4", ["洛河湿地公园开园"]),
    ]


def test_an_html_page_s_entities_read_as_a_page_s_lines_read_them() -> None:
    """A character's entity is the character; one naming a control character stays as written (as ``plain`` keeps it)."""
    assert html_text("<html><p>甲&#27;乙&amp;丙&ldquo;好&rdquo;&#x202e;</p>") == "甲&#27;乙&丙“好”&#x202e;\n"
