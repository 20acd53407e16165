"""Where a file's text stands: its paper, date and page (版), from what the
file says or where it lies.

Three witnesses, in order of trust: the front matter (``date``, ``section:
"第04版"``, ``section_name``, a ``paper`` field, else a paper's code in its
``source_url``), the page's own masthead, source and page lines (``洛阳日报``,
``《人民日报》（2025年01月02日第 04 版）``, ``2008 年 12 月 3 日 星期三``,
``002版:要闻·综合``), and the path (``2025/01/2025-01-02/04-要闻/…``,
``lyrb20081203_002.txt``; never the paper). Pages are kept as text without
leading zeros ("4", "A3"); dates as ISO text. A paper is named only by the
file itself: a line listing sister papers (``| 洛阳日报 | 洛阳晚报 |``) names
none, nor does the site a crawler took a page from (one site serves several
papers: only a paper's code in the address does); nothing names a paper by
default.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass

from reader.text.han import HAN
from reader.text.scripts import compile_either, either

CN_DIGITS = {ch: n for n, chars in enumerate(("〇○零", "一", "二", "三", "四", "五", "六", "七", "八", "九")) for ch in chars}
CN_DIGIT = "[〇○零一二三四五六七八九]"
# 1 to 39: a month, a day, a page (廿一, 卅: twenty-one, thirty, as older pages count)
CN_COUNT = "(?:[一二三]?十[一二三四五六七八九]?|[廿卅][一二三四五六七八九]?|[一二三四五六七八九])"
# A year of the Republic's era (民国三十七年, 民國100年, 民国元年: 1948, 2011, 1912).
ERA_YEAR = r"(?:\d{1,3}|[〇○零一二三四五六七八九十百廿卅]{1,6}|元)"
ERA_START = 1911

DATE_RE = re.compile(
    r"(?<!\d)((?:19|20)\d\d)\s*(?:年/?|[-_./])?\s*(1[0-2]|0?[1-9])\s*(?:月/?|[-_./])?\s*(3[01]|[12]\d|0?[1-9])(?!\d)"
)
# 第04版, 第 3 版, 002版, A3版, 第A03版, 第三版: the page, then its name after a separator.
PAGE_LINE_RE = re.compile(
    rf"^\s*(?:第?\s*([A-Za-z]?\s*\d{{1,3}})|第\s*({CN_COUNT}))\s*版(?:\s*[:：·\-—_]?\s*(?P<name>[^()（）\s][^()（）]{{0,19}}?))?\s*(?:[(（](?P<paren>[^()（）]{{0,12}})[)）])?\s*$"
)
# How a page line starts (``PAGE_LINE_RE``'s opening): 第04版, 002版, A3版, 第三版.
PAGE_START_RE = re.compile(rf"^\s*(?:第?\s*[A-Za-z]?\s*\d{{1,3}}|第\s*{CN_COUNT})\s*版")
# 当前版：第03版：城事, 本版：第3版: the page a site shows, among its list of every page.
CURRENT_PAGE_RE = compile_either(r"^\s*(?:当前版面|当前版次|当前版|当前页|本版|您正在浏览)\s*[:：]\s*(\S.*)$")
# The page a masthead prints: as a line does (第3版 要闻), or without 第 after a space (A3版 焦点, 03版).
_PAGE_NAME = rf"(?:(?:\s+|\s*[:：]\s*)(?P<name>(?:{HAN}|·){{2,12}}))?"  # 第3版 要闻, 第3版：要闻
MASTHEAD_PAGE_RE = compile_either(rf"(?:第\s*([A-Za-z]?\s*\d{{1,3}}|{CN_COUNT})|(?<!\S)([A-Za-z]?\d{{1,3}}))\s*版{_PAGE_NAME}")
PAGE_IN_LINE_RE = compile_either(rf"第\s*([A-Za-z]?\s*\d{{1,3}}|{CN_COUNT})\s*版{_PAGE_NAME}")
PAGE_NUMBER_RE = re.compile(rf"\s*第?\s*(?:([A-Za-z]?)\s*(\d{{1,3}})|({CN_COUNT}))\s*版?\s*")  # ``page_number``'s
# An article continued on another page (转版): （下转第三版） where it breaks off, （上接第一版） where it goes on.
_JUMP_PAGE = rf"(第?\s*(?:[A-Za-z]?\s*\d{{1,3}}|{CN_COUNT})\s*版)"
CONTINUED_ON_RE = compile_either(rf"[（(〔\[【]\s*(?:下转|转至|转到|转见|续见|详见|见|转){_JUMP_PAGE}\s*[）)〕\]】]")
CONTINUED_FROM_RE = compile_either(rf"[（(〔\[【]\s*(?:上接|紧接|续接|承接|接|承){_JUMP_PAGE}\s*[）)〕\]】]")
# A path part such as "04-要闻", "04版-要闻", "A03_经济": the page and its name.
PAGE_DIR_RE = re.compile(r"^([A-Za-z]?\d{1,3})\s*版?\s*[-_ ]\s*(?![\d\-_./ ]+$)(\S.{0,19})$")  # 04-经济 (05-17, 85-05-17: a day)
# What follows the date in a file stem naming a page: lyrb20081203_002, 2024-01-05-03, …-A03-001 (and its
# article), …_第03版_城市 and …-03-城市 (and the page's name: a short one, not an article's title).
PAGE_AFTER_DATE_RE = re.compile(r"[日号]?[-_ ]?(?:第|p|P)?([A-Za-z]?\d{1,3})版?(?:[-_]\d{1,4}|[-_ ]+(?P<name>(?!\d)[^\s\-_]{1,6}))?$")
# A file named as its page alone, in a dated folder: A3, A03, page3, p03, page_03_要闻, A03-要闻 (a number
# alone, 03, may count articles: no page).
PAGE_STEM_RE = re.compile(r"(?:(?:page|p)[-_ ]?(\d{1,3})|([A-Za-z]\d{1,3}))(?:[-_ ]+(?!\d+$)(\S.{0,19}))?",
                          re.IGNORECASE)


@dataclass(frozen=True)
class Placement:
    """What is known of where a file's text stands: date, page number, page name, paper."""

    date: str | None = None
    page: str | None = None
    page_name: str | None = None
    paper: str | None = None

    def merged(self, other: Placement) -> Placement:
        """This placement, each unknown part taken from ``other``."""
        return Placement(
            self.date or other.date,
            self.page or other.page,
            self.page_name or other.page_name if (self.page is None or self.page == other.page) else self.page_name,
            self.paper or other.paper,
        )


# How papers' names end (洛阳日报, 洛阳晚报, 都市报 …): one list for a line's paper and a path's.
PAPER_ENDINGS = "日报|晚报|晨报|早报|商报|都市报|时报"
# A paper's name as it prints it: 人民日报, 洛阳晚报, 大河报, 解放军报 (本报 is "this paper").
PAPER_NAME = either(rf"(?!本){HAN}{{1,10}}报")
# 《人民日报》（2025年01月02日第 04 版）, 《 人民日报 》（ 2025年01月02日 04 版）: the paper, its date and page.
SOURCE_LINE_RE = compile_either(rf"《\s*(?P<paper>{PAPER_NAME})\s*》\s*[（(](?P<rest>[^()（）]{{4,40}})[)）]")
# A masthead: the paper's name on a line of its own, perhaps with its date, page or the weekday.
# A site's name for its copy of the paper, after the paper's: 洛阳日报数字报, 洛阳日报电子版.
EDITION = r"(?:数字报刊平台|数字报刊|数字报|电子报|电子版|数字版|网络版)"
EDITION_RE = compile_either(EDITION)
# Its name in Latin letters may come first (LUOYANG DAILY 洛阳日报).
# An archive's heading may set it in brackets or between slashes: 【人民日报】1956年05月17日, 人民日报/1956-05-17/第1版.
MASTHEAD_RE = compile_either(rf"^\s*(?:[A-Z][A-Z .'&-]{{2,40}}\s+)?(?P<open>[【《\[〔]\s*)?"
                             rf"(?P<paper>(?!本|{EDITION}){HAN}{{1,10}}?报)(?:\s*{EDITION})?(?(open)\s*[】》\]〕])"
                             r"(?:(?:\s+|\s*[/|｜]\s*|(?<=[】》\]〕]))(?P<rest>\S.*?))?\s*$")
MASTHEAD_REST_RE = compile_either(r"^[\s\d年月日号第版星期周一二三四五六七八九十百廿卅元〇○零日天中华民国A-Za-z:：·\-—./|｜()（）]*$")
# A name set in spaced-out type, as a converted masthead often comes (河 洛 日 报): its characters one by one.
SPACED_OUT_RE = re.compile(rf"^[ \t\u3000]*(?:{HAN}[ \t\u3000]+){{2,}}{HAN}(?=\s|$)")
# What else a masthead prints beside its date, weekday and page: the lunar date (农历甲辰年正月廿五), the
# pages today (今日12版), the serial number (总第12345期) and the paper's registration (CN41-0011).
MASTHEAD_EXTRA_RE = compile_either(
    rf"(?:农历|夏历|阴历){HAN}{{2,10}}|(?:今日|本期|今天)\s*(?:\d{{1,3}}|{CN_COUNT})\s*版|总?第\s*\d{{1,6}}\s*[期号]"
    r"|(?:国内统一(?:连续出版物号|刊号)|刊号)?\s*[:：]?\s*CN\s*\d{2}\s*[-－]\s*\d{4}(?:\s*/\s*[A-Z]{1,3})?"
)
WIDE_GAP_RE = re.compile(r"\s*\u3000\s*|\s{2,}")  # a full-width space, or two: what sets a line's parts apart
# Full-width digits as the digits they stand for (２０２４年３月５日), for the patterns that name 19 and 20.
ASCII_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

def printed_paper(line: str) -> tuple[str, Placement] | None:
    """The paper a page's own line names, with what else it says (date,
    page): a source line (``《人民日报》（2025年01月02日第 04 版）``) or a
    masthead (``洛阳日报``, ``洛阳日报 2024年4月16日 第2版``). A line naming
    more than one paper is no page's own."""
    line = SPACED_OUT_RE.sub(lambda spaced: "".join(spaced.group(0).split()), line, count=1)  # 河 洛 日 报
    if len(line) > 60 or len({name for name in re.findall(PAPER_NAME, line) if not EDITION_RE.fullmatch(name)}) > 1:
        return None  # (洛阳日报 数字报 names one: the site's copy of it; so does 洛阳日报 洛阳日报, an account's)
    source = SOURCE_LINE_RE.search(line)
    if source is not None:
        rest = source.group("rest")
        placed = printed_placement([rest])
        if placed.date is not None or placed.page is not None:
            return source.group("paper"), placed
        return None
    masthead = MASTHEAD_RE.match(line)
    if masthead is not None:
        rest = masthead.group("rest") or ""
        bare = MASTHEAD_EXTRA_RE.sub(" ", rest)  # 今日8版 is no page
        page = MASTHEAD_PAGE_RE.search(bare)
        # The page's name may end the line (洛阳日报 2024年4月16日 第2版 要闻): the rest is then date and page.
        plain = bare[: page.start("name")] if page is not None and page.group("name") and not bare[page.end() :].strip() \
            else bare
        if not rest or (MASTHEAD_REST_RE.match(plain) and (printed_date(rest) or page or page_line(rest))):
            placed = printed_placement([rest]) if rest else Placement()
            if placed.page is None and page is not None:  # A3版 焦点: a masthead may leave out 第
                placed = Placement(placed.date, page_number(page.group(1) or page.group(2)), page.group("name"))
            return masthead.group("paper"), placed
    return None


def source_start(text: str) -> int | None:
    """Where a paper-and-date line that ends ``text`` starts (``本报记者  某某《某某日报》
    （2025年01月02日第 04 版）`` → the index of 《), when it names a date or a page."""
    match = SOURCE_LINE_RE.search(text)
    while match is not None:
        if not text[match.end() :].strip():
            placed = printed_placement([match.group("rest")])
            return match.start() if placed.date is not None or placed.page is not None else None
        match = SOURCE_LINE_RE.search(text, match.end())
    return None


def page_number(text: str) -> str | None:
    """A page as kept: "04" → "4", "第A03版" → "A3", "三" and "第十二版" → "3" and "12"; None for anything else."""
    match = PAGE_NUMBER_RE.fullmatch(text)
    if not match:
        return None
    if match.group(3):
        return str(chinese_number(match.group(3)))
    return match.group(1).upper() + str(int(match.group(2)))


def find_date(text: str) -> str | None:
    """The last date ``text`` names (2024-01-05, 20240105, 2024年1月5日), as ISO text."""
    found: str | None = None
    for match in DATE_RE.finditer(text):
        separated = not match.group(0).isdigit()  # 2024-1-5, 2024年1月5日; 202415 is no date
        if separated or len(match.group(2)) == len(match.group(3)) == 2:
            try:
                found = dt.date(*(int(x) for x in match.groups())).isoformat()
            except ValueError:
                continue
    return found


# How a page line is set off in an archive's text: 【第二版】, ■第2版, === 第2版 经济 ===, 版面：第2版.
DECORATED_PAGE_RE = re.compile(
    r"^\s*(?:[【〖［\[]\s*(?P<bracketed>[^【】〖〗［］\[\]]+?)\s*[】〗］\]]"
    r"|[=＝\-—─_*~■□●◆◇★☆▲▼※\s]*(?:版面|版次|版号|版别)?\s*[:：]?\s*(?P<plain>第?\s*[A-Za-z]?\s*[\d一二三四五六七八九十〇零]+.*?)"
    r"\s*[=＝\-—─_*~■□●◆◇★☆▲▼※]*)\s*$"
)


def page_line(text: str) -> tuple[str, str | None] | None:
    """``(page, name)`` when the line is a page line: 002版:要闻·综合, 第3版(), 第04版 要闻, 第1版(要闻);
    set off as archives set it off: 【第二版 经济】, ■第2版, === 第2版 ===, 版面：第2版; marked as
    the page a site shows: 当前版：第03版：城事."""
    marked = CURRENT_PAGE_RE.match(text)
    if marked is not None:
        text = marked.group(1)
    found = _page_line(text)
    if found is None and (decorated := DECORATED_PAGE_RE.match(text)) is not None:
        inner = decorated.group("bracketed") or decorated.group("plain")
        if inner is not None and inner.strip() != text.strip():
            found = _page_line(inner)
    return found


def _page_line(text: str) -> tuple[str, str | None] | None:
    """``page_line`` of a line as it stands."""
    if PAGE_START_RE.match(text):
        # Perhaps a page line that picked up the pager. line_kinds holds the parser's
        # patterns: only a line that starts as a page line needs them, not every line.
        from reader.text.line_kinds import without_pager

        text = without_pager(text)
    match = PAGE_LINE_RE.match(text)
    if not match:
        return None
    page = page_number(match.group(1) or match.group(2))
    if page is None:
        return None
    name = (match.group("name") or "").strip() or (match.group("paren") or "").strip()
    # 第A2版：要闻　　2024年03月05日: the page's name ends at a wide gap or where a date begins.
    name = WIDE_GAP_RE.split(name, maxsplit=1)[0]
    dated = PRINTED_DATE_RE.search(name.translate(ASCII_DIGITS))
    name = name[: dated.start()].strip() if dated else name
    return page, name or None


# A date as a page prints it: 2008 年 12 月 3 日, 2025-01-02, 2025.1.2; and in Chinese numerals, as older
# pages print it: 一九七八年十二月二十三日, 2003年五月十二日.
PRINTED_DATE_RE = re.compile(
    r"(?<!\d)((?:19|20)\d\d)\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|([-./])(\d{1,2})\4(\d{1,2})(?!\d))"
    rf"|((?<!\d)(?:19|20)\d\d(?!\d)|{CN_DIGIT}{{4}})\s*年\s*({CN_COUNT}|\d{{1,2}})\s*月\s*({CN_COUNT}|\d{{1,2}})\s*日"
    rf"|(?:中[华華])?民[国國]\s*({ERA_YEAR})\s*年\s*({CN_COUNT}|\d{{1,2}})\s*月\s*({CN_COUNT}|\d{{1,2}})\s*日"
)


def printed_date(text: str) -> str | None:
    """The first whole date a line prints, as ISO text (no guessing at run-together digits)."""
    for match in PRINTED_DATE_RE.finditer(text.translate(ASCII_DIGITS)):
        if match.group(10) is not None:  # the Republic's era
            era = 1 if match.group(10) == "元" else chinese_number(match.group(10))
            year, month, day = (ERA_START + era if era else 0), chinese_number(match.group(11)), chinese_number(match.group(12))
        elif match.group(7) is not None:  # in Chinese numerals, the year at least
            year, month, day = (chinese_number(match.group(n)) for n in (7, 8, 9))
        else:
            year, month, day = (int(x) for x in (match.group(1), match.group(2) or match.group(5),
                                                  match.group(3) or match.group(6)))
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            continue
    return _bare_era_date(text) if "年" in text else None


# A date of the Republic's era without its name, as Taiwan's papers print it over the page (100年5月17日 星期二):
# read only beside the day of the week, where a count of years (100年5月) is no date.
BARE_ERA_RE = re.compile(r"(?<!\d)(\d{2,3})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
WEEKDAY_RE = compile_either(r"(?:星期|礼拜|周|週)[一二三四五六日天]|[(（][一二三四五六日][)）]")


def _bare_era_date(text: str) -> str | None:
    """``printed_date``'s last resort: ``100年5月17日 星期二`` is 2011-05-17."""
    text = text.translate(ASCII_DIGITS)
    match = BARE_ERA_RE.search(text)
    if match is None or WEEKDAY_RE.search(text) is None or not 1 <= int(match.group(1)) <= 150:
        return None
    try:
        return dt.date(ERA_START + int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
    except ValueError:
        return None


def chinese_number(text: str) -> int:
    """A number as a page prints it: digits (1978, 12), digit by digit in
    Chinese (一九七八), or counted (十二, 二十三, 廿三, 三十一, 一百零五); 0 for none of these."""
    if text.isdigit():
        return int(text)
    text = text.replace("廿", "二十").replace("卅", "三十")
    if "百" in text:
        hundreds, _hundred, rest = text.partition("百")
        by_ten = len(rest) == 1 and rest in CN_DIGITS  # 一百五: a hundred and fifty (一百零五: and five)
        rest = rest.removeprefix("零").removeprefix("〇")
        counted = chinese_number(rest) * (10 if by_ten else 1) if rest else 0
        if (hundreds and hundreds not in CN_DIGITS) or (rest and not counted) or counted >= 100:
            return 0
        return (CN_DIGITS[hundreds] if hundreds else 1) * 100 + counted
    if "十" not in text:
        digits = [CN_DIGITS.get(ch) for ch in text]
        return 0 if None in digits else int("".join(map(str, digits)))
    tens, _ten, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or (tens and tens not in CN_DIGITS) or (ones and ones not in CN_DIGITS):
        return 0
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)


def printed_placement(lines: Iterable[str]) -> Placement:
    """Paper, date and page from a page's masthead, source and page lines (the
    first of each). A line marking the page shown (当前版：第03版) names it; page
    lines of several pages, none marked, are the site's list of its pages,
    and name none."""
    date = page = name = paper = None
    current: tuple[str, str | None] | None = None
    listed: set[str] = set()  # the pages named by page lines of their own
    from_list = False  # the page is the first of those
    for line in lines:
        if len(line) > 60:
            continue
        head = folio(line) if paper is None or page is None else None  # a running head's page number, looked for once
        if paper is None:
            printed = printed_paper(line)
            if printed is None and head is not None:
                printed = printed_paper(head[2])  # A3　洛阳日报　2011年5月17日: the masthead after its folio
            if printed is not None:
                paper = printed[0]
                date, page, name = date or printed[1].date, page or printed[1].page, name or printed[1].page_name
        if date is None:
            date = printed_date(line)
        whole = page_line(line)
        if current is None and whole is not None and CURRENT_PAGE_RE.match(line):
            current = whole
        if whole is not None:
            listed.add(whole[0])
        if page is None:
            if whole is not None:
                page, name = whole
                from_list = True
            else:
                page, name = page_in_line(line) or (head[:2] if head is not None else (None, None))
    if current is not None:
        page, name = current
    elif from_list and len(listed) > 1:
        page = name = None
    return Placement(date, page, name, paper)


def running_head(line: str, date: str | None) -> tuple[str, str | None] | None:
    """``(page, name)`` of a converted PDF's running head over a page
    (``2011年5月17日　星期二　责任编辑　张某　第2版　城事``): the day's date and a
    page, 第 and 版 printed or a folio (``folio``); None for any other line."""
    if date is None or len(line) > 80 or printed_date(line) != date:
        return None
    return page_in_line(line) or folio_page(line)


# A folio: the page's number alone at either end of a running head (3　城市　2011年5月17日, … 星期二　A3).
FOLIO_RE = re.compile(r"^(?P<lead>[A-Da-d]?\d{1,2})[\s|｜]+(?P<after>\S.*)$|^(?P<before>.*\S)[\s|｜]+(?P<tail>[A-Da-d]?\d{1,2})$")
# What stands beside a folio that is no page's name: the day, an editor's credit, the paper.
NOT_A_PAGE_NAME_RE = compile_either(rf"星期|周[一二三四五六日天]|编|校|审|美|设计|{PAPER_NAME}")
FOLIO_LINE_MAX = 60


def folio(line: str) -> tuple[str, str | None, str] | None:
    """A running head's folio: ``(page, name, the rest of the line)`` where a
    dated line of a page (at most ``FOLIO_LINE_MAX`` characters) has a number
    alone at one end (``3　城市　2011年5月17日　星期二``, ``洛阳日报　2011年5月17日　A3``,
    as a printed page's head sets it, with no 第 nor 版), and the rest names the
    same day; the name is the word beside it (城市), if one of two to eight
    characters that is no weekday, credit or paper's name. None for any other line."""
    line = line.strip()
    if len(line) > FOLIO_LINE_MAX or (not line[-1:].isdigit() and not line[:1].isalnum()):
        return None
    match = FOLIO_RE.match(line)
    if match is None:
        return None
    number, rest = (match.group("lead"), match.group("after")) if match.group("lead") else (match.group("tail"), match.group("before"))
    page = page_number(number)
    if page is None or page in ("0", "A0", "B0", "C0", "D0") or (date := printed_date(rest)) is None or printed_date(line) != date:
        return None
    words = rest.split()
    beside = words[0] if match.group("lead") else words[-1]
    named = 2 <= len(beside) <= 8 and re.fullmatch(rf"{HAN}+", beside) and not NOT_A_PAGE_NAME_RE.search(beside)
    return page, beside if named else None, rest


def folio_page(line: str) -> tuple[str, str | None] | None:
    """``(page, name)`` of a running head's folio (``folio``), else None."""
    found = folio(line)
    return (found[0], found[1]) if found is not None else None


def page_in_line(line: str) -> tuple[str, str | None] | None:
    """``(page, name)`` of a page printed inside a line (… 第2版 城事), else None."""
    match = PAGE_IN_LINE_RE.search(line)
    page = page_number(match.group(1)) if match else None
    return (page, match.group("name")) if match and page else None


def readable_name(part: str) -> str:
    """A file or folder name as a person reads it. A name that is not UTF-8
    (kept by the system as bytes: ``surrogateescape``) is most often a Windows
    tool's GBK (``04-要闻``): read as GB18030 where it reads, else with its
    bytes shown (``\\xd2``). Never a lone surrogate, which no database or
    terminal takes."""
    if part.isascii() or not any("\udc80" <= ch <= "\udcff" for ch in part):
        return part
    raw = os.fsencode(part)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


# A name a machine gave: a hash or uuid, perhaps after a number (000_efce2d328bfbc38f).
MACHINE_NAME_RE = re.compile(r"(?:\d{1,6}[-_.])?(?=[0-9a-fA-F-]*[a-fA-F])(?=[0-9a-fA-F-]*\d)[0-9a-fA-F]{8,}(?:-[0-9a-fA-F]{4,})*")


def machine_name(name: str) -> bool:
    """Whether a file's name is a machine's (a hash, a uuid): nothing a reader can use."""
    return MACHINE_NAME_RE.fullmatch(name) is not None


def path_placement(source: str) -> Placement:
    """Date and page from a file's path: its folders and its name."""
    if not source:
        return Placement()
    source = "/".join(readable_name(part) for part in source.split("/"))
    date = find_date(source)
    page = name = None
    parts = source.replace("\\", "/").split("/")
    for part in parts[:-1]:
        if find_date(part) is not None:
            continue
        match = PAGE_DIR_RE.match(part)
        if match:
            page, name = page_number(match.group(1)), match.group(2).strip()
        elif (whole := page_line(part)) is not None:  # 第03版, 第3版 要闻, 第三版
            page, name = whole
    if page is None:
        stem = os.path.splitext(parts[-1])[0]
        dates = list(DATE_RE.finditer(stem))
        if dates:
            match = PAGE_AFTER_DATE_RE.fullmatch(stem[dates[-1].end() :])
            page, name = (page_number(match.group(1)), match.group("name")) if match else (None, None)
        elif (whole := page_line(stem)) is not None:  # a file named as its page prints it: 第03版.txt
            page, name = whole
        elif date is not None and (named := PAGE_STEM_RE.fullmatch(stem)) is not None:
            page, name = page_number(named.group(1) or named.group(2)), named.group(3)
    return Placement(date, page, name, path_paper(parts))


# A folder or a name's part that is a paper's: its name (人民日报/, 洛阳晚报_19850517_01, 大河报/) or its code
# (rmrb/, lyrb20081203_002, gmrb-19850517-01). Named as papers name themselves, so that a title or a folder
# ending in 报 that is no paper (天气预报, 工作汇报, 剪报/, 日报/) names none.
PATH_PAPER_RE = compile_either(rf"(?!本)(?:{HAN}{{2,8}}(?:{PAPER_ENDINGS}|军报)|{HAN}{{2}}报)")
CODE_RE = re.compile(r"^[A-Za-z]{2,8}(?=$|[\d_\-.\s])")
NAME_BEFORE_DATE_RE = re.compile(r"^(?P<name>\D+?)(?=(?:19|20)\d\d)")  # 洛阳日报2011年05月17日第3版
PATH_TOKEN_RE = re.compile(r"[_\-.\s]+")


def path_paper(parts: list[str]) -> str | None:
    """The paper a file's path names, nearest the file first: its name's
    parts, then its folders', each a paper's whole name or code alone."""
    stem = os.path.splitext(parts[-1])[0]
    for part in [*PATH_TOKEN_RE.split(stem), *reversed(parts[:-1])]:
        glued = NAME_BEFORE_DATE_RE.match(part)  # the name run into the day that follows it
        named = next((name for name in (part, glued.group("name") if glued else "") if PATH_PAPER_RE.fullmatch(name)), None)
        if named is not None:
            return named
        code = CODE_RE.match(part)
        if code is not None and code.group(0).lower() in PAPER_CODES:
            return PAPER_CODES[code.group(0).lower()]
    return None


def front_matter_placement(date: str | None, section: str | None, section_name: str | None,
                           paper: str | None = None, source_url: str | None = None) -> Placement:
    """Date, page and paper from a front matter's fields (the paper: named,
    else by the code its ``source_url`` gives it)."""
    return Placement(date, page_number(section) if section else None, section_name,
                     paper or (paper_of_url(source_url) if source_url else None))


# Papers' codes, as e-paper sites put them in their addresses: the pinyin
# initials of the name (paper.people.com.cn/rmrb/…, lyrb.lyd.com.cn/…).
PAPER_CODES = {
    "rmrb": "人民日报", "rmrbhwb": "人民日报海外版", "gmrb": "光明日报", "jjrb": "经济日报", "jfjb": "解放军报",
    "zgqnb": "中国青年报", "grrb": "工人日报", "nmrb": "农民日报", "kjrb": "科技日报", "fzrb": "法治日报",
    "hnrb": "河南日报", "dhb": "大河报", "lyrb": "洛阳日报", "lywb": "洛阳晚报", "zzrb": "郑州日报",
    "bjrb": "北京日报", "jfrb": "解放日报", "whb": "文汇报", "xmwb": "新民晚报", "nfrb": "南方日报",
}
URL_RE = re.compile(r"^[a-z][a-z0-9+.-]*://(?:[^/@]*@)?(?P<host>[^/:?#]+)[^/?#]*(?P<path>/[^?#]*)?", re.IGNORECASE)


def paper_of_url(url: str) -> str | None:
    """The paper a page's address names by its code, as a label of the host
    or a folder of the path (``paper.people.com.cn/rmrb/html/…``); the site
    alone names none (one site serves several papers)."""
    match = URL_RE.match(url.strip())
    if match is None:
        return None
    parts = [*match.group("host").lower().split("."), *(match.group("path") or "").lower().split("/")[:-1]]
    return next((PAPER_CODES[part] for part in parts if part in PAPER_CODES), None)
