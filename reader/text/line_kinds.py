"""What one line of a newspaper page is, told from its shape alone.

Pure functions of a line's text (no file, no neighbours): a byline, a note,
a caption, a label such as ``电话:``, navigation chrome, the line that opens
a news report (``本报讯``), a headline-sized line. ``parse`` and ``unmarked``
combine them with what stands around the line.
"""

from __future__ import annotations

import re

from reader.text.han import HAN, HAN_OR_DIGIT
from reader.text.placement import PAPER_ENDINGS, printed_date
from reader.text.scripts import compile_either, either_words

SUBTITLE_PREFIXES = ("——", "--", "—", "－－")
NUMBERED_RE = compile_either(
    r"^(?:\d{1,2}[\s、.．]|[一二三四五六七八九十]{1,3}[\s、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）])"
)
# A paper's name before 记者 (洛阳晚报记者, 某某日报记者), then the role.
PAPER = rf"(?:{HAN}{{1,8}}(?:{PAPER_ENDINGS}|报)社?)?"
# A news agency before 记者 (新华社记者, 中新社记者).
AGENCY = rf"(?:{HAN}{{1,6}}社)?"
BYLINE_START_RE = compile_either(
    r"^[□■◇◆]?\s*(?:作者[:：]\s*)?(?:洛报融媒记者|洛报融媒|本报记者|本报通讯员|融媒记者|"
    rf"(?:{PAPER}|{AGENCY})(?:驻{HAN}{{1,4}})?(?:特约记者|见习记者|首席记者|记者|特约评论员|评论员)|"
    r"通讯员|实习生|摄影|撰稿|撰文|采写|执笔|口述|整理|作者)[\s:：]"
    # 文/张某 图/李某: who wrote, who took the pictures.
    r"|^[□■◇◆]?\s*(?:文\s*[/／:：]|图\s*[/／]\s*文[\s/／:：])\s*\S"
)
# 【记者王某／台北报导】, 〔记者王某／台北报导〕, 记者王某/综合报道: who reported, and from where (Taiwan, Hong Kong).
REPORTED_FROM_RE = compile_either(
    rf"^[【〔\[(（]?\s*(?:{PAPER}|{AGENCY})(?:特约|实习|见习|驻{HAN}{{1,4}})?记者\s*[^\s／/【】〔〕\[\]()（）]{{1,12}}"
    r"\s*[／/]\s*[^\s／/【】〔〕\[\]()（）]{1,12}?(?:报导|报道|电)\s*[】〕\])）]?$"
)
# 本报评论员, 新华社评论员: an editorial's byline, alone on its line.
COMMENTATOR_RE = compile_either(rf"^(?:{PAPER}|{AGENCY})(?:特约)?评论员$")
# 编辑:某某, 责编:…, 本版编辑 …, 校对 …: who edited the page, not who reported: a note.
EDITOR_RE = compile_either(r"^[(（【\[]?\s*(?:本版|本期)?(?:责任编辑|责编|编辑|美编|校对|审校|审核|制图|设计)\s*[:：\s]")
BYLINE_END_RE = compile_either(r"(?:文/图|文／图|图/文|图／文)$")
# 〔图〕, [图], 图:, 上图: what marks a line as about the picture.
PICTURE_MARK = r"(?:[〔\[【(（]\s*图\s*[〕\]】)）]|[上下左右]?图\s*[:：/／]?)"
# A photo credit: 王某某 摄, 【某某摄】, 本报记者 某某摄, 〔图〕某某摄（视觉中国）, 某某/图, 某某供图.
CREDIT_RE = compile_either(
    rf"^{PICTURE_MARK}?\s*[【\[〔(（]?\s*(?:{PICTURE_MARK}\s*)?[^\s,，。:：；;]{{1,12}}(?:\s+[^\s,，。:：；;]{{1,12}}){{0,3}}"
    r"\s*(?<!拍)(?:摄|摄影|供图|(?<!文)/图|(?<!文)／图)\s*[】\]〕)）]?\s*(?:[(（][^()（）]{1,12}[)）])?$"
)
# 图片来源:视觉中国, 摄影:某某, 图/某某: a credit given as a label.
CREDIT_LABEL_RE = compile_either(r"^[(（]?\s*(?:(?:图片来源|图片|照片|摄影|供图)\s*[:：]|图\s*[:：/／](?!\s*文))\s*[^\s,，。；;]{1,16}(?:\s+[^\s,，。；;]{1,16}){0,3}\s*[)）]?$")
# 〔图〕——编  者: an editor's sign-off under a picture or a piece.
SIGN_OFF_RE = compile_either(rf"^(?:{PICTURE_MARK}\s*)?——\s*(?:编\s*者|编\s*辑|编\s*者\s*按)\s*$")
NOTE_RE = compile_either(r"^(?:\([^()]*\)|（[^（）]*）)$")
# 电话:138…, 地址:…: a label and its value, a line of its own.
LABEL_RE = compile_either(
    r"^(?:电话|热线|联系电话|咨询电话|服务热线|举报电话|监督电话|报名电话|手机|传真|地址|邮箱|邮编|"
    r"网址|联系人|报名方式|开放时间|时间|地点|主办|承办|协办|来源|数据来源|资料来源|图片来源|信息来源)[:：]"
)
# 新华社北京1月2日电, 中新社…电: an agency's dateline.
AGENCY_DATELINE = rf"(?:新华社|{HAN}{{2,6}}社){HAN_OR_DIGIT}{{0,12}}电"
# 洛阳网讯, 人民网北京5月17日电: a news site's (互联网讯息 is no opener: the site's dateline names a day).
SITE_DATELINE = rf"{HAN}{{1,6}}网(?:讯(?!息)|{HAN_OR_DIGIT}{{0,12}}日电)"
# 本报讯, 本报洛阳讯, 本报北京1月2日电, 本报专电, 本埠讯 (older pages), 新华社…电, 洛阳网讯, 明报专讯: what opens a report's
# body, perhaps in brackets (【本报讯】); a byline may follow it inside the paragraph (``INLINE_BYLINE_RE``).
# 明报专讯, 大公报讯: a paper's own, by its name (Hong Kong's papers; 情报讯号 is none).
PAPER_OPENER = rf"{HAN}{{1,6}}报专?讯(?![号息])"
OPENER = rf"(?:(?:本报|本刊){HAN_OR_DIGIT}{{0,10}}(?:讯|电)|(?:本埠|本市)讯|{AGENCY_DATELINE}|{SITE_DATELINE}|{PAPER_OPENER})"
OPENER_RE = compile_either(rf"^[【〔\[(（]?\s*{OPENER}")
INLINE_BYLINE_RE = compile_either(
    rf"^{OPENER}\s*(?:[(（]\s*((?:[^()（）]*?)(?:记者|通讯员|实习生|特约)[^()（）]{{0,50}}?)\s*[)）]"
    # 本报讯 记者某某报道：… (older pages): the reporters, up to 报道.
    rf"|((?:本报|新华社|{HAN}{{2,6}}社)?(?:特约)?(?:记者|通讯员)[^，,。：:()（）]{{1,40}}?)\s*报道\s*[：:，,])"
)
# 专栏:城事漫谈, 栏目:…: a line that names the column the next article runs in (专栏: alone names none).
COLUMN_LABEL_RE = compile_either(r"^(?:专栏|栏目)[:：]")
BRIEFS_RE = compile_either(r"[【\[（(]?(?:本市|本地|市内|省内|国内|国际|县区|各地|新闻|要闻|经济|社会|文化|体育|科技)?"
                           r"(?:简讯|短讯|快讯|简报|简明新闻|一句话新闻|新闻速递|新闻快递|新闻集萃|消息树)[】\]）)]?")
PLACEHOLDER_RE = compile_either(r"^[\[【〔（(]\s*(?:图片|图|照片|组图|视频|音频|动图|image|img|photo|picture|video)\s*"
                                r"(?:[:：][^\[\]【】〔〕（）()]{0,40})?[\]】〕）)]$", re.IGNORECASE)
CAPTION_LABEL_RE = compile_either(r"^(?:图片说明|照片说明|图说|图注)\s*[:：]")
EMPTY_COLUMN_RE = compile_either(r"^(?:专栏|栏目)\s*[:：]\s*$")
# 求助人:市民某某, 市民:某某, 问:…: who speaks or asks, labelled at the top of a body or before a quote.
ROLE_LABEL_RE = compile_either(rf"^(?:{HAN}{{0,4}}[人者民友员]|{HAN}{{2,3}}事[情项由]|问|答|主持人)\s*[:：]\s*\S")
# 某某:短语: a label and its value (a headline may have this shape too: only position tells).
LABEL_SHAPE_RE = compile_either(rf"^{HAN}{{1,6}}\s*[:：]\s*\S")
# 杨某某  林某  何某某: names alone, set apart by wide spaces or 、 (a feature's byline).
NAMES_RE = compile_either(rf"^(?:{HAN}|·){{2,5}}(?:(?:[ \t\u3000]{{2,}}|\s*、\s*)(?:{HAN}|·){{2,5}}){{1,5}}$")
# 第一次:线索断了, 第二步 …: an ordinal section heading.
ORDINAL_RE = compile_either(r"^第[一二三四五六七八九十百\d]{1,3}[次个步条点部章节回幕站天课招件]\s*[:：、\s]")
BULLET_RE = compile_either(r"^[·•●◆◇■□▪▫►▶▸○★☆※◎▲△➤]")
# Boxes printed inside an article: labels, not captions.
BOX_LABELS = either_words(
    "核心阅读 延伸阅读 相关链接 新闻链接 背景链接 链接 记者手记 编后 编后语 短评 小贴士 新闻背景 数读 图说".split()
)
NAV_WORDS = either_words(
    "上一版 下一版 上一篇 下一篇 上一期 下一期 PDF版 PDF 版面导航 标题导航 本版标题导航 返回目录 返回首页 "
    "返回 首页 目录 打印 关闭 关闭窗口 往期回顾 往期 电子版 数字报 放大 缩小 分享 分享到 收藏 检索 "
    "版面 标题 导航 本版 回到顶部 顶部 导读 本版导读 网站首页 登录 注册 搜索 "
    "English ENGLISH EN 中文 简体 繁體 繁体 日本語 한국어 Français Español Русский "
    "打印本页 关闭本页 返回顶部 纠错 我要纠错 更多 字体 字号 大 中 小 "
    "微信 微博 QQ QQ空间 空间 朋友圈 新浪微博 腾讯微博 抖音 客户端 "
    "阅读原文 点赞 在看 转发 举报 反馈 留言 写留言 投诉 赞赏 星标 置顶".split()  # an app's buttons under a post
)
# What a site heads its list of other articles with, under the article (相关链接 is a printed box's label).
SITE_LISTS = either_words(("相关新闻", "相关阅读", "相关文章", "相关报道", "推荐阅读", "热门推荐", "热点推荐", "猜你喜欢",
                           "更多新闻", "热点新闻", "精彩推荐", "热门文章", "热门新闻", "最新新闻", "更多阅读", "热点排行"))
# A list's item as Markdown or a site sets it: - 某某, * 某某, · 某某, 1. 某某.
LIST_ITEM_RE = compile_either(r"^(?:[-*+·•●▪]\s*|\d{1,2}[.、．)]\s*)\S")
# 上一篇：某某标题, 【下一篇】某某标题: the site's pager, naming the article it leads to.
PAGER_TITLE_RE = compile_either(r"^\s*[【\[]?\s*(?:上一篇|下一篇|上一条|下一条|上篇|下篇|前一篇|后一篇)\s*[:：】\]]")
# >>点击查看更多, 点击进入专题: a site's link, by the words it asks a click with.
CLICK_RE = compile_either(r"^[>》»\s]*(?:点击|点此|戳此|戳这里|请点击)(?:查看|阅读|进入|浏览|这里|此处|下载|收听|观看)")
# 当前位置：首页 > 要闻: where the site says you are.
BREADCRUMB_RE = compile_either(r"^(?:当前位置|您的位置|你的位置|您现在的位置|所在位置)\s*[:：]")
# A site's buttons and menus by their endings: 版面导航, PDF下载, 往期回顾, 新闻目录.
NAV_SUFFIXES = tuple(either_words(("导航", "目录", "下载", "回顾", "首页", "检索", "概览", "订阅")))
# Digits and arrows stuck to a pager word: 下一篇4, 3上一期, «上一版.
PAGER_STUCK = "0123456789<>«»‹›←→◀▶◁▷"
# Where a CJK word meets a Latin one (首页English): two tokens.
SCRIPT_BREAK_RE = compile_either(rf"(?<={HAN})(?=[A-Za-z])|(?<=[A-Za-z])(?={HAN})")
COPYRIGHT_RE = compile_either(r"版权所有|版权声明|copyright|©|\(c\)\s*\d{4}|ICP[备证]", re.IGNORECASE)
MENU_SPLIT_RE = compile_either(r"[•●▪|｜]")
# [下一篇](https://…): a crawler's Markdown link, read by its text.
MARKDOWN_LINK_RE = compile_either(r"\[([^\[\]]*)\]\([^()\s]*\)")
MENU_ITEM_MAX = 6
PAPER_NAME_RE = compile_either(rf"{PAPER}|{HAN}{{2,8}}(?:{PAPER_ENDINGS}|报)")
# A link's address after its text, as a browser saves a page as text (首页 <http://…>): read by its text.
ADDRESS_RE = re.compile(r"\s*<(?:https?|ftp|mailto|javascript):[^<>\s]*>")
# A text browser's list of the page's links under it (lynx: References / 1. http://…), or an address alone.
LINK_LIST_RE = re.compile(r"^(?:References|Visible links|Hidden links:?|(?:\d{1,5}\.\s+)?(?:https?|ftp)://\S+)$")
CHROME_SPLIT_RE = compile_either(r"[\s|｜【】\[\]<>〈〉«»·:：/]+")
# A line indented (a full-width space, or two): a paragraph's first, on a page that indents its paragraphs.
INDENT_RE = re.compile(r"^(?:\u3000|[ \t]{2,})")
# Punctuation that makes a line prose rather than a caption.
PROSE_PUNCT = set("，,。．；;：:！!？?、“”‘’\"…")
# A paragraph ending in one of these ends a sentence (closers aside).
SENTENCE_END = set("。！？!?…；;：:.．")
FULL_STOPS = set("。！？!?")
CLAUSE_BREAKS = set("，,；;、")
PROSE_BREAK_RE = re.compile(f"[{re.escape(''.join(sorted(FULL_STOPS | CLAUSE_BREAKS)))}]")  # a sentence's, never a site's facts
CLOSERS = set("”’」』\"'")
BRACKET_CLOSERS = set(")）】]》>")
# Punctuation of speech and sentences, never in a byline (which names people, roles and places).
SPOKEN = set("。？?！!；;…“”")
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
    """A numbered section heading such as "1 精准帮扶 再送一程", "二、…" or "第一次:线索断了"."""
    return bool(NUMBERED_RE.match(text) or ORDINAL_RE.match(text))


def is_column_like(text: str) -> bool:
    """A short label such as 一把手访谈: a column name, not a kicker sentence."""
    return (
        visible_len(text) <= COLUMN_MAX
        and not any(ch in PROSE_PUNCT for ch in text)
        and not is_subtitle(text)
    )


def is_byline(text: str) -> bool:
    """A credit line: 洛报融媒记者 …, 通讯员 …, 记者:…, 某某晚报记者 …, 新华社记者 …,
    作者:…, 本报评论员, … 文/图 (a photo credit, … 摄, is no byline; nor is an editor);
    or a site's line of an article's facts that names who wrote it (``facts_line``)."""
    if len(text) > BYLINE_MAX or any(ch in SPOKEN for ch in text) or is_credit(text):
        return False  # 记者：这次活动有哪些亮点？ is a question, not a byline
    if (BYLINE_START_RE.match(text) or BYLINE_END_RE.search(text) or COMMENTATOR_RE.match(text.strip())
            or REPORTED_FROM_RE.match(text.strip())):
        return True
    facts = facts_line(text)
    return facts is not None and any(label in facts for label in WRITERS)


# 作者：某某  来源：洛阳日报  发布时间：2024-03-05 08:30: a site's line of an article's facts, each labelled.
FACT_LABELS = ("作者", "记者", "通讯员", "来源", "出处", "发布时间", "发布日期", "发表时间", "时间", "日期", "编辑",
               "责任编辑", "责编", "浏览次数", "浏览", "点击数", "点击", "阅读", "原标题")
WRITERS = either_words(("作者", "记者", "通讯员"))
_FACT = "|".join(sorted(FACT_LABELS, key=len, reverse=True))  # compile_either adds the traditional forms
FACT_RE = compile_either(rf"(?:^|(?<=\s))({_FACT})\s*[:：]\s*(\S.*?)(?=\s+(?:{_FACT})\s*[:：]|\s*$)")


def facts_line(text: str) -> dict[str, str] | None:
    """The labelled facts of a line made of two or more of them and nothing
    else (作者：某某  来源：洛阳日报  发布时间：2024-03-05), by label; else None."""
    pairs = FACT_RE.findall(text)
    if len(pairs) < 2 or "".join(label + value for label, value in pairs).translate(_UNSPACED) != text.translate(
            _UNSPACED):
        return None  # something besides the facts
    return dict(pairs)


_UNSPACED = str.maketrans("", "", " \t\u3000:：")  # the facts read off a line, spaces and colons aside


# 人民日报, 新华社, 某某网, 本报: who published, not who reported.
OUTLET_RE = compile_either(rf"^(?:本报|本刊|{HAN}{{1,10}}(?:报|社|网|台|杂志|客户端|新闻|融媒|传媒)(?:[-－—]{HAN}{{1,10}})?)$")


def is_outlet(text: str) -> bool:
    """A paper, agency or site named alone (人民日报, 新华社, 某某网－某某日报): no reporter."""
    return bool(OUTLET_RE.match("".join(text.split())))


def is_editor(text: str) -> bool:
    """An editor's line (编辑:某某, 责编 …, 本版编辑 …): a note, never the byline."""
    return visible_len(text) <= 40 and "。" not in text and bool(EDITOR_RE.match(text))


def parenthesised_byline(text: str) -> str | None:
    """The byline inside a line in parentheses, ``（本报记者 某某）`` → ``本报记者 某某``."""
    if not NOTE_RE.match(text):
        return None
    inner = text[1:-1].strip()
    return inner if is_byline(inner) or is_names(inner) else None


def is_credit(text: str) -> bool:
    """A photo credit (王某某 摄, 【某某摄】, 本报记者 某某摄, 〔图〕某某摄（视觉中国）):
    it belongs to the caption above it, and is never a byline."""
    return visible_len(text) <= 36 and bool(CREDIT_RE.match(text) or CREDIT_LABEL_RE.match(text))


def is_credit_label(text: str) -> bool:
    """A credit given as a label (图片来源:视觉中国): it names a source, describes nothing."""
    return bool(CREDIT_LABEL_RE.match(text))


def is_sign_off(text: str) -> bool:
    """An editor's sign-off such as ——编者 (perhaps under a picture): a note."""
    return bool(SIGN_OFF_RE.match(text))


def is_label_shaped(text: str) -> bool:
    """A short ``某某:短语`` line: a label where position says so."""
    return visible_len(text) <= HEADLINE_MAX and bool(LABEL_SHAPE_RE.match(text)) and not ORDINAL_RE.match(text)


def is_names(text: str) -> bool:
    """Names alone, set apart by wide spaces or 、: a byline where a byline stands."""
    return bool(NAMES_RE.match(text.strip()))


def credits_people(text: str) -> bool:
    """A byline, names alone or a photo credit, however it is set (**本报记者 某某**
    in bold is still the byline, not a section heading)."""
    return is_byline(text) or is_credit(text) or is_names(text)


def is_briefs(text: str) -> bool:
    """A box of short news's own headline (简讯, 简  讯, 本市快讯, 一句话新闻): it starts
    an article of its own, wherever it stands, even alone over its items."""
    return BRIEFS_RE.fullmatch("".join(text.split())) is not None


def is_placeholder(text: str) -> bool:
    """Where a saved page had a picture or a video: ``[图片]``, ``【视频】``, ``（图片：夜市一角）``."""
    return PLACEHOLDER_RE.match(text.strip()) is not None


def is_caption_label(text: str) -> bool:
    """A caption that says so: ``图片说明：…``, ``图说：…``."""
    return CAPTION_LABEL_RE.match(text.strip()) is not None


def is_note(text: str) -> bool:
    """A wholly parenthesised line such as (本文配图均为资料图片)."""
    return len(text) <= NOTE_MAX and bool(NOTE_RE.match(text))


def is_label(text: str) -> bool:
    """A label line such as 电话:15838161288 or 市民:某某: never part of a paragraph."""
    return len(text) <= NOTE_MAX and bool(LABEL_RE.match(text) or ROLE_LABEL_RE.match(text))


def is_opener(text: str) -> bool:
    """The first line of a report's body: 本报讯 …, 新华社…电."""
    return bool(OPENER_RE.match(text))


def inline_byline(text: str) -> str | None:
    """The byline inside a first paragraph: ``本报讯 (记者 王某某)近日…`` → ``记者 王某某``."""
    match = INLINE_BYLINE_RE.match(text)
    return " ".join((match.group(1) or match.group(2)).split()) if match else None


def is_box_label(text: str) -> bool:
    """A box label printed in an article: 核心阅读, 相关链接."""
    return "".join(text.split()) in BOX_LABELS


def _chrome_tokens(text: str) -> list[str]:
    """A line's words as chrome is told: split at separators and where scripts
    meet, digits and arrows stuck to a word dropped (下一篇4 → 下一篇)."""
    tokens = []
    for part in CHROME_SPLIT_RE.split(text):
        for token in SCRIPT_BREAK_RE.split(part):
            stripped = token.strip(PAGER_STUCK)
            if stripped:
                tokens.append(stripped)
    return tokens


def _is_nav(token: str) -> bool:
    return token in NAV_WORDS or (len(token) <= 6 and token.endswith(NAV_SUFFIXES))


def is_nav_word(token: str) -> bool:
    """A word of a site's navigation: 上一版, 下一篇4, 返回, English."""
    return _is_nav(token.strip(PAGER_STUCK))


def is_link_row(text: str) -> bool:
    """Two links or more and nothing but separators between them (``[首页](/) |
    [要闻](/yw/)``): a site's menu, breadcrumb or pager."""
    return ("](" in text and len(MARKDOWN_LINK_RE.findall(text)) >= 2
            and not MARKDOWN_LINK_RE.sub("", text).strip(" \t|｜>»·•/-"))


def is_chrome(text: str) -> bool:
    """Navigation chrome of a saved web page, told by its shape: pager and
    button words (上一版 下一版, 3上一期  下一期4, 【打印】, 返回), a language
    switch (首页English), a menu of short items between bullets or bars
    (• 时政• 国际• 时评), a copyright line (版权声明 … 版权所有), a text
    browser's list of links (References, 1. http://…). Links are read by
    their text (``[下一版](…)``, ``下一版 <http://…>``)."""
    if "](" in text:
        if is_link_row(text):
            return True  # a menu, a breadcrumb, a pager
        text = MARKDOWN_LINK_RE.sub(r"\1 ", text)
    if "<" in text and (bare := ADDRESS_RE.sub(" ", text).strip()) != text.strip():
        if not bare:
            return True  # an address alone
        text = bare
    if LINK_LIST_RE.match(text):
        return True
    if visible_len(text) > 80:
        return False
    if PAGER_TITLE_RE.match(text):
        return True  # 上一篇：某某标题 (whatever the title's punctuation)
    if any(ch in FULL_STOPS for ch in text):
        return False
    if COPYRIGHT_RE.search(text) or BREADCRUMB_RE.match(text) or (CLICK_RE.match(text) and visible_len(text) <= 24):
        return True
    items = [item.strip() for item in MENU_SPLIT_RE.split(text)]
    if len([item for item in items if item]) >= 3 and all(visible_len(item) <= MENU_ITEM_MAX for item in items):
        return True
    if is_rule(text):
        return True
    tokens = _chrome_tokens(text)
    if not tokens or (len(tokens) == 1 and len(tokens[0]) == 1):  # 中 alone is a word, not a font-size button
        return False
    navigation = [t for t in tokens if _is_nav(t)]
    if not navigation:
        return False
    return all(_is_nav(t) or PAPER_NAME_RE.fullmatch(t) for t in tokens)


# What a site says alone under a headline: when it published, where from, how often read, what the article was
# called where it first ran (原标题：…); 时间： alone is a schedule's.
PUBLISHED = either_words(("发布时间", "发布日期", "发表时间", "刊发时间", "来源", "出处", "浏览次数", "点击数", "原标题"))
CLOCK_RE = compile_either(r"(?<![0-9０-９])(?:[01]?[0-9]|2[0-3])[:：][0-5][0-9](?![0-9０-９])")
# A site's tools under an article's headline: 【字体：大 中 小】, 【打印本页】, 分享到：微信 微博.
TOOL_WORDS = either_words(
    "字体 字号 大 中 小 默认 放大 缩小 打印 打印本页 分享 分享到 收藏 纠错 我要纠错 关闭 关闭窗口 关闭本页 "
    "微信 微博 QQ空间 朋友圈 新浪微博 腾讯微博 评论 点赞".split()
)


def is_tools(text: str) -> bool:
    """A site's row of tools for an article (【字体：大 中 小】 【打印本页】,
    分享到：微信 微博): chrome with a tool's word in it."""
    return is_chrome(text) and any(len(token) > 1 and token in TOOL_WORDS for token in _chrome_tokens(text))


def is_site_meta(text: str) -> bool:
    """A line a site prints between an article's headline and its text: its
    tools (【字体：大 中 小】, 分享到：微信 微博) or its facts (发布时间：2011-05-17
    09:12  来源：洛阳网; 2011年05月17日 09:12)."""
    if visible_len(text) > 80 or PROSE_BREAK_RE.search(text) or OPENER_RE.match(text):
        return False  # 本报讯 2011年5月17日9:30，洛阳…: a paragraph's first line, broken off
    if facts_line(text) is not None:
        return True
    fact = FACT_RE.match(text.strip())
    if fact is not None:  # 时间：… 14:30 alone is a schedule's line
        return fact.group(1) in PUBLISHED
    if is_label_shaped(text):  # 分享到：微信 微博 is the site's; 地点：… the article's
        return is_tools(text)
    return (CLOCK_RE.search(text) is not None and printed_date(text) is not None) or is_tools(text)


RULE_CHARS = "-=_*~＝－＿＊～—─━═"  # what a file draws a line between pieces with
RULE_MIN = 4  # characters: —— (two) opens a subtitle; *** may part an article's sections; a rule is longer


ORNAMENTS = "◆◇★☆●○■□▲△▼▽※♦❖✦✧◎❀✿"  # what a page sets between articles or sections: ◆◆◆, ★ ★ ★, ※※※
ORNAMENT_MIN = 3


def is_rule(text: str) -> bool:
    """A line drawn across the page (``=====``, ``------``, ``————``, ``****``),
    or a row of ornaments (``◆◆◆``, ``★ ★ ★``): furniture between articles,
    never a headline (inside an article's text, text)."""
    drawn = "".join(text.split())
    return (len(drawn) >= RULE_MIN and not drawn.strip(RULE_CHARS)) or (
        len(drawn) >= ORNAMENT_MIN and not drawn.strip(ORNAMENTS))


def without_pager(text: str) -> str:
    """A line with the pager words stuck to its end dropped: ``第A4版 记者节
    上一版3  4下一版`` → ``第A4版 记者节`` (a page line that picked up the pager)."""
    words = text.split()
    while words and all(is_nav_word(t) for t in _chrome_tokens(words[-1]) or ["-"]):
        words.pop()
    return " ".join(words) if len(words) < len(text.split()) else text


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
