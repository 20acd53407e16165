"""What one line of a newspaper page is, told from its shape alone.

Pure functions of a line's text (no file, no neighbours): a byline, a note,
a caption, a label such as ``电话:``, navigation chrome, the line that opens
a news report (``本报讯``), a headline-sized line. ``parse`` and ``unmarked``
combine them with what stands around the line.
"""

from __future__ import annotations

import re

SUBTITLE_PREFIXES = ("——", "--", "—", "－－")
NUMBERED_RE = re.compile(
    r"^(?:\d{1,2}[\s、.．]|[一二三四五六七八九十]{1,3}[\s、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）])"
)
# A paper's name before 记者 (洛阳晚报记者, 某某日报记者), then the role.
PAPER = r"(?:[\u4e00-\u9fff]{1,8}(?:日报|晚报|晨报|早报|商报|都市报|时报|报)社?)?"
BYLINE_START_RE = re.compile(
    r"^(?:作者[:：]\s*)?(?:洛报融媒记者|洛报融媒|本报记者|本报通讯员|融媒记者|"
    rf"{PAPER}(?:特约记者|见习记者|首席记者|记者)|"
    r"通讯员|实习生|摄影|撰稿|编辑|作者)[\s:：]"
)
BYLINE_END_RE = re.compile(r"(?:文/图|文／图|图/文|图／文|摄|/摄|／摄)$")
CREDIT_RE = re.compile(r"^[^\s,，。:：]{1,12}(?:\s+[^\s,，。:：]{1,12}){0,3}\s*(?:摄|摄影|供图|/图|／图)$")
NOTE_RE = re.compile(r"^(?:\([^()]*\)|（[^（）]*）)$")
# 电话:138…, 地址:…: a label and its value, a line of its own.
LABEL_RE = re.compile(
    r"^(?:电话|热线|联系电话|咨询电话|服务热线|举报电话|监督电话|报名电话|手机|传真|地址|邮箱|邮编|"
    r"网址|联系人|报名方式|开放时间|时间|地点|主办|承办|协办|来源)[:：]"
)
# 本报讯, 本报洛阳讯, 新华社北京1月2日电: the line that opens a report's body.
OPENER_RE = re.compile(r"^(?:本报|本刊)[\u4e00-\u9fff\d月日]{0,10}讯|^新华社[\u4e00-\u9fff\d]{0,12}电|^[\u4e00-\u9fff]{2,6}社[\u4e00-\u9fff\d]{0,12}电")
# 本报讯 (记者 王某某 通讯员 刘某)近日…: the byline printed inside the first paragraph.
INLINE_BYLINE_RE = re.compile(
    r"^(?:本报|本刊)[\u4e00-\u9fff\d月日]{0,10}讯\s*[(（]\s*((?:[^()（）]*?)(?:记者|通讯员|实习生|特约)[^()（）]{0,50}?)\s*[)）]"
)
# 专栏:, 栏目:城事漫谈: a line that names the column the next article runs in.
COLUMN_LABEL_RE = re.compile(r"^(?:专栏|栏目)[:：]")
BULLET_RE = re.compile(r"^[·•●◆◇■□▪▫►▶▸○★☆※]")
# Boxes printed inside an article: labels, not captions.
BOX_LABELS = frozenset(
    "核心阅读 延伸阅读 相关链接 新闻链接 背景链接 链接 记者手记 编后 编后语 短评 小贴士 新闻背景 数读 图说".split()
)
NAV_WORDS = frozenset(
    "上一版 下一版 上一篇 下一篇 上一期 下一期 PDF版 PDF 版面导航 标题导航 本版标题导航 返回目录 返回首页 "
    "返回 首页 目录 打印 关闭 关闭窗口 往期回顾 往期 电子版 数字报 放大 缩小 分享 分享到 收藏 检索 "
    "版面 标题 导航 本版 回到顶部 顶部".split()
)
PAPER_NAME_RE = re.compile(rf"{PAPER}|[\u4e00-\u9fff]{{2,8}}(?:日报|晚报|晨报|早报|商报|都市报|时报|报)")
CHROME_SPLIT_RE = re.compile(r"[\s|｜【】\[\]<>〈〉«»·:：/]+")
# Punctuation that makes a line prose rather than a caption.
PROSE_PUNCT = set("，,。．；;：:！!？?、“”‘’\"…")
# A paragraph ending in one of these ends a sentence (closers aside).
SENTENCE_END = set("。！？!?…；;：:.．")
FULL_STOPS = set("。！？!?")
CLAUSE_BREAKS = set("，,；;、")
CLOSERS = set("”’」』\"'")
BRACKET_CLOSERS = set(")）】]》>")
CAPTION_MAX = 16
COLUMN_MAX = 10
BYLINE_MAX = 60
NOTE_MAX = 80
HEADLINE_MAX = 40  # visible characters: a longer line is body text


def visible_len(text: str) -> int:
    """Characters other than whitespace (counted in C: paragraphs are long)."""
    return len("".join(text.split()))


def is_subtitle(text: str) -> bool:
    """A heading such as "——访洛龙区委书记韩建军"."""
    return text.startswith(SUBTITLE_PREFIXES)


def is_numbered(text: str) -> bool:
    """A numbered section heading such as "1 精准帮扶 再送一程" or "二、…"."""
    return bool(NUMBERED_RE.match(text))


def is_column_like(text: str) -> bool:
    """A short label such as 一把手访谈: a column name, not a kicker sentence."""
    return (
        visible_len(text) <= COLUMN_MAX
        and not any(ch in PROSE_PUNCT for ch in text)
        and not is_subtitle(text)
    )


def is_byline(text: str) -> bool:
    """A credit line: 洛报融媒记者 …, 通讯员 …, 记者:…, 某某晚报记者 …, 作者:…, … 文/图."""
    if len(text) > BYLINE_MAX or "。" in text:
        return False
    return bool(BYLINE_START_RE.match(text) or BYLINE_END_RE.search(text))


def is_credit(text: str) -> bool:
    """A photo credit such as 王某某 摄: it belongs to the caption above it."""
    return visible_len(text) <= 24 and bool(CREDIT_RE.match(text)) and not BYLINE_START_RE.match(text)


def is_note(text: str) -> bool:
    """A wholly parenthesised line such as (本文配图均为资料图片)."""
    return len(text) <= NOTE_MAX and bool(NOTE_RE.match(text))


def is_label(text: str) -> bool:
    """A label line such as 电话:15838161288: never part of a paragraph."""
    return len(text) <= NOTE_MAX and bool(LABEL_RE.match(text))


def is_opener(text: str) -> bool:
    """The first line of a report's body: 本报讯 …, 新华社…电."""
    return bool(OPENER_RE.match(text))


def inline_byline(text: str) -> str | None:
    """The byline inside a first paragraph: ``本报讯 (记者 王某某)近日…`` → ``记者 王某某``."""
    match = INLINE_BYLINE_RE.match(text)
    return " ".join(match.group(1).split()) if match else None


def is_box_label(text: str) -> bool:
    """A box label printed in an article: 核心阅读, 相关链接."""
    return "".join(text.split()) in BOX_LABELS


def is_chrome(text: str) -> bool:
    """Navigation chrome of a saved web page: 上一版 下一版, | 洛阳日报 | 版面导航 |, 【打印】."""
    if visible_len(text) > 80:
        return False
    tokens = [t for t in CHROME_SPLIT_RE.split(text) if t]
    if not tokens:
        return not text.strip("-=_*~ \t")  # separators alone: a rule, kept as text
    navigation = [t for t in tokens if t in NAV_WORDS]
    if not navigation:
        return False
    return all(t in NAV_WORDS or PAPER_NAME_RE.fullmatch(t) for t in tokens)


def is_caption_like(text: str) -> bool:
    """A short unpunctuated line: a photo caption when it stands alone."""
    if len(text) > 3 * CAPTION_MAX:
        return False
    return (
        0 < visible_len(text) <= CAPTION_MAX
        and not any(ch in PROSE_PUNCT for ch in text)
        and not is_byline(text)
        and not is_note(text)
    )


def is_headline_sized(text: str) -> bool:
    """A line that could be a kicker, title or subtitle: short, no full stop,
    at most one comma, and ending in one only when very short (the first line
    of a headline set on two: 老城十字街,)."""
    size = visible_len(text)
    if not 0 < size <= HEADLINE_MAX or any(ch in FULL_STOPS for ch in text):
        return False
    if sum(1 for ch in text if ch in CLAUSE_BREAKS) > 1:
        return False
    return not (text.rstrip()[-1] in CLAUSE_BREAKS and size > CAPTION_MAX)


def is_page_line(text: str) -> bool:
    """A short line of page furniture (name, date, page number), not prose."""
    return visible_len(text) <= 40 and not any(ch in "。！？!?" for ch in text)


def ends_sentence(text: str) -> bool:
    """Whether a paragraph ends a sentence (so it does not run into the next)."""
    stripped = text.rstrip()
    if not stripped:
        return True
    if stripped[-1] in BRACKET_CLOSERS:
        return True
    core = stripped.rstrip("".join(CLOSERS))
    if not core:
        return True
    return core[-1] in SENTENCE_END
