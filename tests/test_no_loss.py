"""Nothing is lost: every character of text lands in exactly one field, in order."""

from __future__ import annotations

import re
from dataclasses import dataclass

from conftest import SEED, fixture_pages
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader.core.model import SourceFile
from reader.text.inline_markup import plain
from reader.text.line_kinds import is_rule
from reader.text.parse import parse_file, underline_level
from reader.text.sources import line_ends
from reader.text.spacing import unspaced
from reader.text.tables import row_text, table_rows

MARKUP = re.compile(r"^[ \t]{0,3}#{1,6}(?=[ \t]|$)")
QUOTE = re.compile(r"^[ \t]{0,3}>")  # a Markdown quote marker ("> 本报记者 …")
BOLD = re.compile(r"^\*\*(?=\S)(.+?)(?<=\S)\*\*$")  # a whole line in bold: "**北上,北上**"
RULE = re.compile(r"[-=_*~＝－＿＊～—─━═]{4,}")  # a line drawn across the page (spaces aside): no bold text


def _significant(text: str) -> str:
    return "".join(text.split())


def _unmarked(line: str) -> str:
    """A line without its Markdown markup: heading hashes, quote markers, bold
    stars, and the inline markup ``plain`` reads (its own tests say how)."""
    if MARKUP.match(line):
        return plain(MARKUP.sub("", line).strip())
    line = line.strip()
    while QUOTE.match(line) and QUOTE.sub("", line, count=1).strip():
        line = QUOTE.sub("", line, count=1).strip()
    if RULE.fullmatch("".join(line.split())):
        return line
    bold = BOLD.match(line)
    return plain(bold.group(1) if bold else line)


def expected_text(source: str) -> str:
    """The input's characters, markup and whitespace aside (front matter kept whole)."""
    source = line_ends(source.removeprefix("\ufeff"))  # what ends a line is the parser's rule (a form feed a blank line)
    front = re.match(r"(?:---[ \t]*\n.*?\n(?:---|\.\.\.)|\+\+\+[ \t]*\n.*?\n\+\+\+)[ \t]*(?:\n|$)", source, re.DOTALL)
    kept = ""
    if front and parse_file(source).furniture[:1] == ((0, front.group(0).rstrip("\n")),):
        kept, source = front.group(0), source[front.end() :]
    source = unspaced(source)  # an OCR's characters set apart come together (the parser's rule), before lines are read
    return _significant(kept) + "".join(_significant(line) for line in _without_underlines(source.split("\n")))


@dataclass
class _Seen:
    """A line as ``underline_level`` asks about the line above: its text and markup."""

    text: str
    level: int
    quote: bool
    bold: bool


def _without_underlines(lines: list[str]) -> list[str]:
    """Each line unmarked, and the line under a heading that underlines it
    (``标题`` / ``=====``) dropped: markup, as ``#`` is; a table's row its
    cells, its delimiter row dropped. Whether a drawn line underlines, and
    which lines are a table's, are the parser's rules (``underline_level``:
    after a blank line, a drawn line or the start; ``table_rows``); what the
    output keeps is this test's."""
    out: list[str] = []
    rows = table_rows(lines)
    above: _Seen | None = None
    above_opens = last_rule = False
    gap = 0
    for at, line in enumerate(lines):
        if at in rows and line.strip():
            row = rows[at]
            text = row_text([plain(cell) for cell in row]) if row is not None else ""
            if text:
                out.append(text)
                above, last_rule, gap = None, False, 0  # a row is underlined by nothing
            continue
        text = _unmarked(line) if line.strip() else ""
        if not text.strip():
            gap = 0 if line.strip() and MARKUP.match(line) else gap + 1  # an empty heading is no blank line
            continue
        if above is not None and gap == 0 and underline_level(above, line, above_opens):
            above.level = 1  # a heading now: a second drawn line under it is a rule
            continue
        above_opens = gap > 0 or not out or last_rule
        out.append(text)
        stripped = line.strip()
        quote = bool(QUOTE.match(stripped)) and bool(QUOTE.sub("", stripped, count=1).strip())
        above = _Seen(text, int(bool(MARKUP.match(line))), quote, bool(BOLD.match(stripped)))
        last_rule, gap = is_rule(text), 0
    return out


def output_text(issue: SourceFile) -> str:
    """Every field of the output, in printed order: the page's furniture where
    it stood, and each article's printed fields (not those read elsewhere)."""
    parts = [text for before, text in issue.furniture if before == 0]
    parts.append(issue.banner or "")  # a marked page's banner: after its front matter, if any
    for number, article in enumerate(issue.articles):
        parts += [text for before, text in issue.furniture if before == number and number]
        parts += [text for _, _, text in article.fields_in_order()]
    parts += [text for before, text in issue.furniture if before >= len(issue.articles) and before]
    return _significant("".join(parts))


def assert_lossless(source: str) -> SourceFile:
    issue = parse_file(source)
    assert output_text(issue) == expected_text(source)
    ids = [a.id for a in issue.articles]
    assert len(ids) == len(set(ids))
    for article in issue.articles:
        for block in article.blocks:
            assert block.text and block.text == block.text.strip()
    return issue


def test_seed_is_lossless(seed_text: str) -> None:
    assert_lossless(seed_text)


def test_fixture_pages_are_lossless() -> None:
    for page in fixture_pages():
        assert_lossless(page.read_text(encoding="utf-8"))


# Generated pages ---------------------------------------------------------------

WORD_CHARS = "洛阳市区县乡村发展建设项目推进新年文化牡丹花城北国龙门石窟中航光电伊滨"
PUNCT = ",，。、;；:：!！?？“”‘’()（）《》——…%+/·"
ALPHABET = WORD_CHARS + PUNCT + "abcXYZ0123456789 \t\u3000#"

fragments = st.text(alphabet=ALPHABET, min_size=0, max_size=40)
heading_line = st.builds(
    lambda level, pre, text: "#" * level + pre + text,
    st.integers(1, 7),
    st.sampled_from([" ", "  ", "\t", ""]),
    st.one_of(fragments, fragments.map(lambda t: "——" + t), fragments.map(lambda t: "1 " + t),
              st.sampled_from(["洛阳日报", "伊川日报 2010年4月8日", "河 洛 日 报"])),  # a masthead as a heading
)
byline_line = st.builds(
    lambda who, name, tail: f"{who} {name}{tail}",
    st.sampled_from(["洛报融媒记者", "通讯员", "实习生", "记者", "本报记者"]),
    st.text(alphabet=WORD_CHARS, min_size=1, max_size=4),
    st.sampled_from(["", " 文/图", " 摄", "  "]),
)
note_line = fragments.map(lambda t: f"({t.replace('(', '').replace(')', '')})")
caption_line = st.text(alphabet=WORD_CHARS + " ", min_size=1, max_size=16)
paragraph_line = st.builds(
    lambda body, end: body + end,
    fragments,
    st.sampled_from(["", "。", "!", "”", "。”", "建", "……", ":"]),
)
# The shapes of real pages: e-paper chrome, page and date lines, openers,
# labels, indented paragraphs, Markdown quotes and bold lines.
real_line = st.one_of(
    st.sampled_from([
        "上一版  下一版", "| 洛阳日报 | 洛阳晚报 | 版面导航 | 标题导航 |", "【打印】  下一篇", "PDF版",
        "2008 年 12 月 3 日 星期三", "002版:要闻·综合", "第3版()", "专栏:", "专栏:城市笔记", "记者:张某某",
        "作者:本报记者 某某", "洛阳晚报记者 李某 见习记者 赵某", "王某某 摄", "核心阅读", "——副题在此",
        # Round two's shapes (#27): pagers, menus, credits, labels, names, source lines, editors.
        "下一篇4", "3上一期  下一期4", "首页English", "• 时政• 国际• 时评", "版权声明 @ 某某网 网站版权所有",
        "第A4版 记者节 上一版3  4下一版", "【某某摄】", "〔图〕某某摄（视觉中国）", "本报记者  某某摄", "〔图〕——编  者",
        "图片来源：视觉中国", "求助人:市民某某", "市民:某某", "第一次:线索断了", "杨某某  林某  何某某",
        "本报记者  某某《某某日报》（2025年01月02日第 04 版）", "《 某某日报 》（ 2024年03月16日 05 版）",
        "（本报记者 某某）", "责任编辑：某某", "本报评论员", "**本报记者 某某**", "某某网载文:", "PDF下载  往期回顾",
        # A site's tools and facts under a headline.
        "【字体：大 中 小】 【打印本页】", "分享到：微信 微博", "2011-05-17 09:12  来源：某某日报", "浏览次数：12",
        "发布时间：2011年05月17日  来源：某某网  作者：某某", "时间：2011年5月20日 14:30",
        # A crawler's inline markup: links, pictures, stress, HTML and its entities.
        "据[新华社](http://x.cn/a.htm)报道，**昨日**市区*气温*回升。", "![图为夜市一角](http://x.cn/1.jpg)",
        "![](http://x.cn/logo.png)", "<p style=\"text-indent:2em\">本报讯&nbsp;昨日</p>", "&ldquo;好。&rdquo;<br/>",
        "[首页](/) | [要闻](/yw/)", "[下一篇](../3.html)", "&#27;&#x202e;",
    ]),
    fragments.map(lambda t: "新华社北京1月1日电（记者 某某、某某）" + t),
    fragments.map(lambda t: "本报讯 记者某某报道：" + t),
    fragments.map(lambda t: "本报讯 (记者 王某 通讯员 刘某)" + t),
    fragments.map(lambda t: "电话:" + t),
    fragments.map(lambda t: "· " + t),
    st.builds(lambda pre, t: pre + t, st.sampled_from(["\u3000\u3000", "    ", "  ", "          ", "\u3000\u3000\u3000\u3000", "> ", ">> ", "> > "]), fragments),
    fragments.map(lambda t: f"**{t}**"),
)
any_line = st.one_of(
    heading_line, paragraph_line, paragraph_line, byline_line, note_line, caption_line, real_line,
    st.just(""), st.just(""), st.just("   "),
    st.sampled_from(["=====", "---", "--", "  ========", "-", "====  "]),  # a heading's underline, or a rule
    st.sampled_from(["　　甲说。　　乙说：“好。”　　", "丙。　　　　丁", "# 戊。　　己"]),  # paragraphs run into one line
    st.sampled_from(["[图片]", "【视频】", "> [图片]", "图片说明：夜市一角，很长很长很长很长很长的说明 记者 王某 摄", "【责任编辑：孙某】",
                     "点击查看更多精彩内容"]),  # a saved page's placeholders, captions, editor and links
    st.sampled_from(["| 指标 | 数值 |", "| --- | --- |", "|---|:---:|", "| 甲 | 1.5% |", "a | b", "| |  |", "| x \\| y |"]),
    # Page breaks and separators (pdftotext's form feed), a masthead over its date, a text browser's margin and links.
    st.sampled_from(["\f", "\f洛阳日报", "乙。\f丙", "甲\u2028乙", "丁\u2029# 戊", "洛阳日报", "2011年5月17日 星期二",
                     "References", "   1. http://lyrb.example.cn/1.html", "http://a.cn/x", "上一版 <http://a.cn/2.html>",
                     "  * 甲乙丙 <http://a.cn/a/1.html>", "<http://a.cn/>", "* 丁"]),
    fragments.map(lambda t: "   " + t),
    fragments.map(" ".join), fragments.map(" ".join),  # an OCR's characters set apart
    # A narrow column taken line by line (a PDF's text): eleven characters a line.
    st.text(alphabet=WORD_CHARS + "，。", min_size=30, max_size=120).map(
        lambda t: "\n".join(["\u3000\u3000" + t[:9], *(t[at : at + 11] for at in range(9, len(t), 11))])),
    st.lists(st.builds(lambda t, stop: t + stop, st.text(alphabet=WORD_CHARS, min_size=4, max_size=8),  # a poem's lines
                       st.sampled_from(["，", "。", "！", ""])), min_size=4, max_size=8).map("\n".join),
    st.text(alphabet=WORD_CHARS + "，。", min_size=30, max_size=120).map(  # its indents dropped
        lambda t: "\n".join(t[at : at + 11] for at in range(0, len(t), 11))),
)
front_matter = st.one_of(
    st.just(""),
    st.builds(
        lambda title, author, words, close: f"---\ntitle: {title}\nauthor: {author}\nkeywords: [{words}]\n{close}\n",
        fragments, fragments, fragments, st.sampled_from(["---", "...", "--- "]),
    ),
    st.builds(lambda title, words: f'+++\ntitle = "{title}"\ndate = 2025-01-02T08:00:00+08:00\ntags = ["{words}"]\n+++\n',
              fragments, fragments),
    st.just("---\n[unclosed: yaml\n---\n"),
    st.just("---\n- a list, not a mapping\n---\n"),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front_matter, st.lists(any_line, max_size=40), st.sampled_from(["\n", "\r\n", "\r"]), st.booleans())
# Found by a CI run: a source line after the site's furniture that ended the article (中: a font-size button).
@example("", ["# 0", "中", "《 某某日报 》（ 2024年03月16日 05 版）"], "\n", False)
# A site's tools and facts under a heading and a headline: kept at the article's head, in order.
@example("", ["# 0", "【字体：大 中 小】", "2011-05-17 09:12  来源：某某日报", "本报讯 0"], "\n", False)
@example("", ["标题", "分享到：微信 微博", "浏览次数：12", "本报讯 0。", "标题二", "【打印本页】", "本报记者 某某"], "\n", False)
# Found by the property (stop 42): a placeholder after a loose headline, or after the site's furniture, kept in order.
@example("", ["甲", "[图片]"], "\n", False)
@example("", ["# 0", "上一版  下一版", "[图片]"], "\n", False)
# Found by the property (stop 42): a page line as a heading after a banner begun stands in it, in order.
@example("", ["甲", "", "# 002版:要闻·综合"], "\n", False)
@example("", ["", "002版:要闻·综合", "====="], "\n", False)
# Found in review: a bold dash reads as a rule (stars and a dash, four or more), kept whole.
@example("", ["# ", "# ", "# ", "# ", "**—**"], "\n", False)
# An OCR's page, its characters set apart: together again, every one kept (an underline measured after).
@example("", [" ".join("春播工作全面展开"), "========", " ".join("本报讯 连日来，全市各地抓住有利天气，组织农民抢墒播种。截至昨天，全市已播种"),
              " ".join("本报记者 王明"), " ".join("玉米三十万亩，比去年增加两成。")], "\n", False)
def test_generated_pages_are_lossless(front: str, lines: list[str], newline: str, bom: bool) -> None:
    assert_lossless(("\ufeff" if bom else "") + front.replace("\n", newline) + newline.join(lines))


# Mutated seed ------------------------------------------------------------------

SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")


@st.composite
def mutated_seed(draw: st.DrawFn) -> str:
    lines = list(SEED_LINES)
    for _ in range(draw(st.integers(1, 12))):
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "relevel", "insert", "cut"]))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        elif op == "relevel":
            bare = MARKUP.sub("", lines[i]).strip()
            lines[i] = "#" * draw(st.integers(0, 4)) + " " + bare
        elif op == "insert":
            lines.insert(i, draw(any_line))
        elif op == "cut" and len(lines[i]) > 2:
            at = draw(st.integers(1, len(lines[i]) - 1))
            lines[i : i + 1] = [lines[i][:at], "", lines[i][at:]]
    return "\n".join(lines)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_seed())
def test_mutated_seed_is_lossless(source: str) -> None:
    assert_lossless(source)
