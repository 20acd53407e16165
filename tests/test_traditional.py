"""A page in traditional characters is read as its simplified twin is.

The parser's rules are written in simplified characters (本报记者, 【本报讯】,
编辑:, 图为); ``text.scripts`` lets them match the traditional forms too.
The traditional page here is made from the simplified one with this test's
own table of the characters it uses (not the code's), and each parse is
compared field by field through that table.
"""

from __future__ import annotations

import re

import pytest

from reader.core.model import SourceFile
from reader.text.parse import parse_file
from reader.text.placement import printed_paper
from reader.text.scripts import either, either_words

SIMPLIFIED = """港岛日报 2003年5月12日 星期一 第3版 本地新闻

社区中心翻新工程下月展开

本报记者 陈大文

　　【本报讯】区议会昨日通过拨款，用于翻新区内三所社区中心。工程预计下月展开，为期约半年。

　　负责工程的建筑师指出，旧有的冷气系统已经使用超过二十年，耗电量高，经常出现故障。

图为即将翻新的社区中心

李小明 摄

相关链接

　　区内另有两所中心将于明年动工。

编辑：王小红

天气转凉 市民注意保暖

本报通讯员 张伟

　　天文台表示，一股东北季候风将于周三抵达华南沿岸，市区最低气温约十八度。
"""

# The characters of the page above that traditional pages print otherwise (this test's own table).
PAIRS = ("岛島 报報 闻聞 区區 议議 会會 过過 拨撥 于於 内內 预預 计計 开開 为為 约約 负負 责責 筑築 师師 旧舊 气氣 "
         "统統 经經 电電 现現 间間 图圖 将將 动動 红紅 编編 辑輯 记記 陈陳 讯訊 关關 链鏈 转轉 凉涼 张張 伟偉 东東 "
         "风風 华華 温溫 两兩 摄攝 员員 压壓")
TO_TRADITIONAL = str.maketrans({pair[0]: pair[1] for pair in PAIRS.split()})
BACK = str.maketrans({pair[1]: pair[0] for pair in PAIRS.split()})


def _shape(page: SourceFile) -> list[tuple[object, ...]]:
    """What the parse made of a page, each text read back into simplified characters."""
    def back(text: str | None) -> str | None:
        return None if text is None else text.translate(BACK)

    return [(back(a.title), back(a.byline), back(a.kicker), back(a.column),
             [(b.type, back(b.text)) for b in a.blocks]) for a in page.articles]


def test_a_traditional_page_parses_as_its_simplified_twin() -> None:
    traditional = SIMPLIFIED.translate(TO_TRADITIONAL)
    assert traditional != SIMPLIFIED and "本報記者" in traditional and "【本報訊】" in traditional
    simplified_page, traditional_page = parse_file(SIMPLIFIED), parse_file(traditional)
    assert _shape(traditional_page) == _shape(simplified_page)
    first = traditional_page.articles[0]
    assert first.title == "社區中心翻新工程下月展開" and first.byline == "本報記者 陳大文"  # as printed
    assert [a.byline for a in traditional_page.articles] == ["本報記者 陳大文", "本報通訊員 張偉"]
    types = [b.type for b in first.blocks]
    assert "caption" in types and "note" in types  # 圖為… 摄 and 編輯：…


def test_a_traditional_masthead_names_its_paper() -> None:
    found = printed_paper("港島日報 2003年5月12日 星期一")
    assert found is not None and found[0] == "港島日報"
    assert found[1].date == "2003-05-12"


@pytest.mark.parametrize(("pattern", "text", "matches"), [
    (r"^本报记者", "本報記者 某某", True),
    (r"^[^报]+$", "本報", False),  # a negated class excludes both forms
    (r"(?<!拍)摄$", "某某 攝", True),
    (r"[一-龥报]", "報", True),  # joined at the class's end: the range is kept
    (r"[一-龥报]", "a", False),
    (r"\[报\]", "[報]", True),  # an escape is left as it is
])
def test_either_makes_a_pattern_match_both_scripts(pattern: str, text: str, matches: bool) -> None:
    assert bool(re.search(either(pattern), text)) is matches
    assert bool(re.search(either(pattern), text.translate(BACK))) is bool(re.search(pattern, text.translate(BACK)))


def test_either_words_spells_each_word_both_ways() -> None:
    assert either_words(["相关链接", "编后"]) >= {"相关链接", "相關鏈接", "编后", "編後"}


def test_a_taiwan_papers_page_its_masthead_and_its_reporters() -> None:
    """聯合報 … A3版 焦點: the page a masthead prints without 第; 【記者王某／臺北報導】: who
    reported and from where, as Taiwan's papers print it, the byline, never a title."""
    page = parse_file("聯合報 中華民國一百年五月十七日 星期二 A3版 焦點\n\n花博延長展期 市府：再開兩週\n【記者王某／臺北報導】\n"
                      "臺北市政府昨日宣佈，花卉博覽會將延長展期兩週，預計再吸引五十萬人次入園。\n\n捷運新線試營運\n"
                      "〔記者李某／新北報導〕\n新北市捷運新線昨起試營運，首日搭乘人次逾三萬。\n", source="p.txt")
    assert (page.paper, page.date, page.page, page.page_name) == ("聯合報", "2011-05-17", "A3", "焦點")
    assert [(a.title, a.byline) for a in page.articles] == [
        ("花博延長展期 市府：再開兩週", "【記者王某／臺北報導】"), ("捷運新線試營運", "〔記者李某／新北報導〕")]


@pytest.mark.parametrize(("masthead", "page"), [
    ("洛阳日报 2024年4月16日 03版", "3"), ("洛阳日报 2024年4月16日 今日8版", None), ("自由時報 2011年5月17日 A5版", "A5"),
])
def test_a_mastheads_page_without_its_di(masthead: str, page: str | None) -> None:
    found = printed_paper(masthead)
    assert found is not None and found[1].page == page
