"""A crawler's inline markup read as the words it stands for: links, pictures,
stress, the HTML a converter left and its entities (``inline_markup.plain``)."""

from __future__ import annotations

import pytest

from reader.text.inline_markup import plain
from reader.text.parse import parse_file


@pytest.mark.parametrize(("marked", "words"), [
    ("据[新华社](http://x.cn/a.htm)报道", "据新华社报道"),
    ('据[新华社](http://x.cn/a.htm "新华网")报道', "据新华社报道"),
    ("![图为夜市一角](http://x.cn/1.jpg)", "图为夜市一角"),
    ("![](http://x.cn/logo.png)", ""),
    ("**昨日**市区*气温*回升", "昨日市区气温回升"),
    ("3*4*5", "3*4*5"),  # stars around ASCII alone: arithmetic, kept
    ("原创 *2023-06-09 08:00* *发表于河南*", "原创 2023-06-09 08:00 发表于河南"),  # ASCII stressed, set apart
    ("x *y*z", "x *y*z"),
    ("`代码`无妨", "代码无妨"),
    ('<p style="text-indent:2em">本报讯</p><br/>', "本报讯"),
    ("&ldquo;好。&rdquo;&amp;&#x4e2d;", "“好。”&中"),
    ("本报讯&nbsp;昨日", "本报讯\u00a0昨日"),
    ("<洛阳>和 a<b", "<洛阳>和 a<b"),  # no tag HTML knows: text
    ("[图]", "[图]"),  # brackets without an address: text
    ("&bogus; AT&T", "&bogus; AT&T"),
    ("[首页](/) | [要闻](/yw/)", "[首页](/) | [要闻](/yw/)"),  # a row of links: navigation, as written
    ("* 中 *", "* 中 *"),
    ("图<img src=x onerror=alert(1)>片", "图片"),  # a converter's tag: markup, dropped
    ("<svg onload=alert(1)>", "<svg onload=alert(1)>"),  # no tag of a page's text: kept (and escaped on output)
])
def test_inline_markup_reads_as_its_words(marked: str, words: str) -> None:
    assert plain(marked) == words


@pytest.mark.parametrize("entity", ["&#27;", "&#x1b;", "&#x202e;", "&#0;", "&#xd800;", "&#x110000;"])
def test_an_entity_for_no_text_stays_as_written(entity: str) -> None:
    """A control, a direction override or no character at all is never made from a file's entity."""
    assert plain(f"开张{entity}。") == f"开张{entity}。"


def test_a_crawlers_markdown_reads_as_the_paper_printed_it() -> None:
    page = parse_file(
        "# 牡丹广场夜市开张\n\n"
        '<p style="text-indent:2em">本报讯&nbsp;据[新华社](http://x.cn/a.htm)报道，**16日晚**夜市开张。</p>\n\n'
        "![图为夜市一角](http://x.cn/1.jpg)\n\n王某 摄\n\n![](http://x.cn/share.png)\n\n"
        "&ldquo;终于又能逛夜市了。&rdquo;市民周女士说。<br/>\n\n[首页](/) | [要闻](/yw/)\n", source="p.md")
    article = page.articles[0]
    assert article.title == "牡丹广场夜市开张"
    assert [(b.type, b.text) for b in article.blocks] == [
        ("paragraph", "本报讯\u00a0据新华社报道，16日晚夜市开张。"),
        ("caption", "图为夜市一角 王某 摄"),
        ("paragraph", "“终于又能逛夜市了。”市民周女士说。"),
    ]
    assert [text for _, text in page.furniture] == ["[首页](/) | [要闻](/yw/)"]


def test_a_heading_reads_without_its_markup() -> None:
    page = parse_file("# [牡丹广场夜市开张](http://x.cn/a.htm)\n\n本报讯 16日晚，夜市开张。\n", source="p.md")
    assert page.articles[0].title == "牡丹广场夜市开张"


def test_a_stressed_word_is_a_few_words_long() -> None:
    """Stars a page's length apart are text, not stress: what keeps a line of
    one star (or of thousands) read in one pass."""
    far = "*" + "中" * 120 + "*"
    assert plain(far) == far
    assert plain("*" + "中" * 100_000) == "*" + "中" * 100_000
    assert plain("*中*，" * 1000) == "中，" * 1000
