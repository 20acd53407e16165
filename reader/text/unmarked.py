"""Articles on a page without heading markup: told from the shape of the text.

E-paper pages saved as text and archive text carry no ``#``. What a page of
that kind does carry:

* headline-sized lines (short, no full stop) standing before body text: the
  kicker, title and subtitle of an article;
* body text: a line opening a report (``本报讯``), an indented paragraph (when
  the page indents its paragraphs; a line set much deeper is centred, a
  headline), a long or fully stopped line, a byline above the body
  (``记者:张某某``), and, on text wrapped at a width, a short line carrying on
  the line above;
* page furniture: navigation chrome, date and page lines, and, before the
  first article, the page's own headline list (each entry is the title of an
  article printed further down, or a bulleted line);
* ``第3版()``, ``专栏:``: a line that says the next article starts.

``plan`` turns the lines into steps the parser follows; it decides nothing
about paragraphs, bylines or captions inside an article (the parser's rules
for every page).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from reader.text.line_kinds import (
    ADDRESS_RE,
    BULLET_RE,
    CAPTION_MAX,
    COLUMN_LABEL_RE,
    EMPTY_COLUMN_RE,
    SITE_LISTS,
    credits_people,
    ends_sentence,
    is_briefs,
    is_byline,
    is_caption_label,
    is_caption_like,
    is_chrome,
    is_column_like,
    is_credit,
    is_editor,
    is_headline_sized,
    is_label,
    is_label_shaped,
    is_names,
    is_note,
    is_numbered,
    is_opener,
    is_outlet,
    is_placeholder,
    is_sign_off,
    is_site_meta,
    is_subtitle,
    visible_len,
)
from reader.text.placement import (
    CONTINUED_FROM_RE,
    CONTINUED_ON_RE,
    page_line,
    printed_date,
    source_start,
)

Kind = Literal["chrome", "page", "date", "tools", "column", "bullet", "byline", "credit", "body", "candidate"]
HEADER_MAX = 3  # kicker, title, subtitle (a fourth line when the first is a column name)
TOOLS_MAX = 3  # lines of a site's tools and facts between a headline and its text
# Characters after which a headline's first line runs on into its second (a
# colon ends a kicker instead: 某某网载文: over its title).
RUNS_ON = set("，,、；;")
# Columns deeper than the page's paragraph indent: a line set this far in is centred (a headline, as an
# OCR or a PDF's layout gives it), not a paragraph's first line.
CENTRED_BEYOND = 4
RAGGED = 4  # columns a line wrapped at a width may fall short of the one above (a digit is one, a hanzi two)


class SourceLine(Protocol):
    """A line as the parser scanned it."""

    text: str
    gap: int  # blank lines before it
    indent: bool
    depth: int
    quote: bool
    bold: bool
    row: bool  # a table's row


@dataclass(frozen=True)
class Header:
    column: str | None
    kicker: str | None
    title: str
    subtitle: str | None


Step = (
    tuple[Literal["furniture", "section", "column"], str]
    | tuple[Literal["header"], Header]
    | tuple[Literal["text", "caption", "verse"], int]
)


def _kind(line: SourceLine, indents: bool) -> Kind:
    text = line.text
    if line.row or is_caption_label(text):
        return "body"  # a table's row, a caption that says so: the article's text
    if is_placeholder(text):
        return "tools"  # [图片]: where the site had a picture, kept in the article, never its headline
    if line.bold and not credits_people(text):
        return "candidate"
    if line.quote:
        return "body"
    if is_chrome(text):
        return "chrome"
    if is_jump(text):
        return "body"  # （下转第三版）: the article's own line, never a headline
    at = source_start(text)
    if at and (is_byline(text[:at].strip()) or is_names(text[:at].strip())):
        return "byline"  # 本报记者  某某《某某日报》（…第 04 版）: a byline, its source line glued on
    if page_line(text) is not None or at == 0 or EMPTY_COLUMN_RE.match(text):
        return "page"  # 专栏: alone names no column: furniture between articles, like a page line
    if COLUMN_LABEL_RE.match(text) and visible_len(text) <= 20:
        return "column"
    if (visible_len(text) <= 30 and printed_date(text) is not None and not any(ch in "，,。" for ch in text)
            and not is_byline(text)):  # 发布时间：… 作者：某某: who wrote it, dated
        return "date"
    if is_credit(text):
        return "credit"
    if is_byline(text):
        return "byline"
    if (
        is_opener(text) or is_label(text) or is_note(text) or is_sign_off(text) or is_editor(text)
    ):
        return "body"
    if text.startswith("* ") and is_headline_sized(title_key(text)):
        return "bullet"  # a list's item as a browser saves it (* 标题 <http://…>): the page's headline list
    if indents and line.indent:
        return "body"
    if BULLET_RE.match(text) and is_headline_sized(text[1:]):
        return "bullet"
    if is_headline_sized(text):
        return "candidate"
    return "body"


def header_of(lines: Sequence[str], listed: Collection[str] = ()) -> Header:
    """Column, kicker, title and subtitle of a run of headline lines.

    A line the page's own headline list names is the title: the lines before
    it are column and kicker, those after it the subtitle, by position.
    Otherwise "——" lines after the title are its subtitle; a line ending
    "——" or "：" leads into the title (a kicker); a headline line ending in
    "，" runs on into the next. One line is the title; two are kicker and title (title
    and subtitle when the first is the shorter); three are kicker, title,
    subtitle; a fourth, first, is the column."""
    texts = list(lines)
    named = [k for k, text in enumerate(texts) if title_key(text) in listed and not is_subtitle(text)]
    if named:
        return _around_title(texts, named[-1])
    post: list[str] = []
    while len(texts) > 1 and is_subtitle(texts[-1]):
        post.insert(0, texts.pop())
    # A headline broken over two lines: 稳字当头, / 进中求好.
    merged: list[str] = []
    for text in texts:
        if merged and merged[-1][-1] in RUNS_ON and not merged[-1].endswith("——"):
            merged[-1] += text
        else:
            merged.append(text)
    texts = merged
    column = kicker = None
    if len(texts) >= 4:
        column, kicker, title, rest = texts[0], "\n".join(texts[1:-2]), texts[-2], texts[-1:]
        post = rest + post
    elif len(texts) == 3:
        kicker, title = texts[0], texts[1]
        post = texts[2:] + post
    elif len(texts) == 2:
        first, second = texts
        if first.endswith(("——", ":", "：")):
            kicker, title = first, second
        elif is_column_like(first):
            column, title = first, second
        elif not post and visible_len(first) < visible_len(second):
            title, post = first, [second]
        else:
            kicker, title = first, second
    else:
        title = texts[0]
    return Header(column, kicker, title, "\n".join(post) or None)


def _around_title(texts: Sequence[str], at: int) -> Header:
    """The header whose title is ``texts[at]``: column and kicker before it, subtitle after."""
    pre, title, post = list(texts[:at]), texts[at], texts[at + 1 :]
    column = None
    if pre and is_column_like(pre[0]) and (len(pre) >= 2 or not pre[0].endswith("——")):
        column = pre.pop(0)
    return Header(column, "\n".join(pre) or None, title, "\n".join(post) or None)


def title_key(text: str) -> str:
    """A headline as lists and front matter name it: spaces, a bullet and a link's address aside."""
    if "<" in text:
        text = ADDRESS_RE.sub("", text)
    return "".join(text.split()).lstrip("·•●◆◇■□▪▫►▶▸○★☆※◎▲△➤*")



def _header_size(texts: Sequence[str]) -> int:
    """How many of a run's last lines make the header: three, or four when the
    first of four is a column name."""
    if len(texts) > HEADER_MAX and is_column_like(texts[-HEADER_MAX - 1]):
        return HEADER_MAX + 1
    return min(len(texts), HEADER_MAX)


def _labels_at_end(lines: Sequence[SourceLine], i: int, j: int, listed: Collection[str]) -> int:
    """Where a run of headline-shaped lines ``i:j`` ends its header: two or
    more ``某某:短语`` lines after a headline (求助人:…, 求助事情:…) are labels
    at the top of the body, not the title and subtitle."""
    k = j
    while k - 1 > i and is_label_shaped(lines[k - 1].text) and title_key(lines[k - 1].text) not in listed:
        k -= 1
    return k if j - k >= 2 else j


def _looks_like_header(lines: Sequence[SourceLine], i: int, end: int) -> bool:
    """Whether headline lines ``i:end`` inside a page stand as a header by
    themselves: two or more, none a numbered section heading (第一次:…), the
    last no clause broken off a paragraph (…去向，)."""
    texts = [lines[k].text for k in range(i, end)]
    return (
        len(texts) >= 2 and not any(is_numbered(text) for text in texts)
        and texts[-1].rstrip()[-1] not in RUNS_ON
    )


def is_jump(text: str) -> bool:
    """A line that only says where the article goes on or came from: （下转第三版）, （上接第一版）."""
    stripped = text.strip()
    return CONTINUED_ON_RE.fullmatch(stripped) is not None or CONTINUED_FROM_RE.fullmatch(stripped) is not None


def _goes_on_from(lines: Sequence[SourceLine], i: int, j: int) -> bool:
    """Whether headline lines ``i:j`` begin the part of an article printed on
    from another page: a line of them, or the line under them, opens with
    （上接第一版）."""
    return any(CONTINUED_FROM_RE.match(lines[k].text.lstrip()) for k in range(i, min(j + 1, len(lines))))


def _run_ons(lines: Sequence[SourceLine], kinds: list[Kind], measure: int | None, indented: bool) -> None:
    """On a page wrapped at a width: a short line with no full stop (孟津县今春推 /
    广小麦良种十五万亩，占全县…) that carries on a line running into it, as wide
    and set no deeper, is that paragraph's text, not a headline (a line runs
    on when it is longer than a caption, or fills a narrow column: ``measure``).
    On a narrow column whose paragraphs are not indented, a line that fills
    it and runs into the next starts a paragraph, not a headline."""
    starts = measure is not None and not indented  # a paragraph's first line is set no deeper than the rest
    for k in range(1, len(lines)):
        above, line = lines[k - 1], lines[k]
        if (
            starts and kinds[k] == "candidate" and at_measure(line, measure) and not ends_sentence(line.text)
            and k + 1 < len(lines) and not lines[k + 1].gap and kinds[k + 1] in ("body", "candidate")
        ):
            kinds[k] = "body"  # fills the column and runs on: a paragraph's first line, set flush as the rest
            continue
        if (
            kinds[k] == "candidate" and kinds[k - 1] == "body" and not line.gap and line.depth <= above.depth
            and not ends_sentence(above.text) and (visible_len(above.text) > CAPTION_MAX or at_measure(above, measure))
            and line.depth + _columns(line.text) >= above.depth + _columns(above.text) - RAGGED
        ):
            kinds[k] = "body"


NARROW = range(9, 31)  # characters a line of a narrow column holds (a paper's column: ten to fifteen; a poem's
# line of five or seven and its stop is shorter)
LINE_END_MARKS = frozenset("，。、；：！？,.;:!?")
MEASURED_MIN = 6  # lines as wide as the commonest, before a page reads as wrapped at that width


def column_measure(lines: Sequence[SourceLine]) -> int | None:
    """The width, in characters, a page's text is wrapped at when that is a
    narrow column's (a PDF's text taken line by line: ``昨日正式启动，涉及居民两千``
    / ``余户。据介绍，改造将分三期``): the commonest length of its lines (an
    indented first line counted with its indent), once ``MEASURED_MIN``
    lines and a quarter of them have it, and fewer than half of those end at a
    stop. None for a page of whole paragraphs, or wrapped wider (its lines
    run on by their length alone), or a poem (each line ends at its stop)."""
    widths = Counter(map(_chars_wide, lines))
    common = [width for width, _count in widths.most_common(2) if width in NARROW]
    if not common:
        return None
    width = common[0]
    held = [line for line in lines if _chars_wide(line) in (width, width - 1)]  # one short: no line starts with a comma
    if len(held) < MEASURED_MIN or 4 * len(held) < len(lines):
        return None
    # A column breaks its lines anywhere; a poem or a list of lines of one length ends each at its stop.
    stopped = sum(1 for line in held if line.text[-1:] in LINE_END_MARKS)
    return width if 2 * stopped < len(held) else None


def at_measure(line: SourceLine, measure: int | None) -> bool:
    """Whether a line fills the page's narrow column (``column_measure``): a wrapped line, not a short one."""
    return measure is not None and _chars_wide(line) >= measure - 1


def _chars_wide(line: SourceLine) -> int:
    """A line's width in characters, its indent counted (a full-width space, or two spaces, a character)."""
    return len(line.text) + (line.depth + 1) // 2


def _columns(text: str) -> int:
    """How wide a line is set, in columns: a hanzi or full-width character takes two."""
    return len(text) + sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF")


def _names_as_bylines(lines: Sequence[SourceLine], kinds: list[Kind]) -> None:
    """Names alone (杨某某  林某  何某某) between a headline and body text: the byline."""
    for k in range(1, len(lines) - 1):
        if kinds[k] == "candidate" and kinds[k - 1] == "candidate" and kinds[k + 1] == "body" and is_names(lines[k].text):
            kinds[k] = "byline"


VERSE_MIN = 4  # short lines in a row, each ending at its stop, before they read as a poem's
VERSE_MAX = 20  # characters a poem's line holds, its stop included


def _verses(lines: Sequence[SourceLine], kinds: list[Kind]) -> set[int]:
    """A poem's lines (牡丹花开满洛城， / 游人如织踏歌行。 / …): ``VERSE_MIN`` short
    lines or more in a row, no blank line between, three in four ending at a
    stop, none of them furniture or a byline. Each is a line of the text as
    printed, never a headline nor joined to the next (a stanza's lines are no
    paragraph broken by a column); their indices. A list of headlines, which
    end at no stop, is no poem."""
    found: set[int] = set()
    k, n = 0, len(lines)
    while k < n:
        j = k
        while j < n and kinds[j] in ("candidate", "body") and visible_len(lines[j].text) <= VERSE_MAX \
                and (j == k or not lines[j].gap):
            j += 1
        stopped = sum(1 for line in lines[k:j] if line.text[-1:] in LINE_END_MARKS)
        if j - k >= VERSE_MIN and 4 * stopped >= 3 * (j - k):
            found.update(range(k, j))
            kinds[k:j] = ["body"] * (j - k)
        k = max(j, k + 1)
    return found


def _mastheads(lines: Sequence[SourceLine], kinds: list[Kind]) -> None:
    """A paper's name alone over a date or page line (洛阳日报 / 2011年5月17日 /
    第2版), or at the top of the page, with only furniture above it: the
    masthead of a page (as a PDF's text repeats it on each), no headline,
    column or kicker, nor a line of the article above."""
    top = True  # nothing but furniture so far
    for k in range(len(lines)):
        if (kinds[k] == "candidate" and (top or (k + 1 < len(lines) and kinds[k + 1] in ("date", "page")))
                and is_outlet(lines[k].text.strip())):
            kinds[k] = "page"
        top = top and kinds[k] in FURNITURE


def _tools_under_headlines(lines: Sequence[SourceLine], kinds: list[Kind]) -> None:
    """A site's tools and facts between a headline and the text under it
    (标题 / 【字体：大 中 小】 / 本报讯…): the head of the headline's article
    (the parser keeps them there as a source line or a note), not chrome
    that takes the headline with it. A paper's name alone over them is its
    masthead, no headline."""
    n = len(lines)
    for k in range(1, n):
        if kinds[k - 1] != "candidate" or is_outlet(lines[k - 1].text.strip()):
            continue
        m = k
        while m < n and m - k < TOOLS_MAX and kinds[m] in ("chrome", "date", "candidate") and is_site_meta(lines[m].text):
            m += 1
        if k < m < n and kinds[m] in ("body", "byline"):
            kinds[k:m] = ["tools"] * (m - k)


def _bullets_over_text(lines: Sequence[SourceLine], kinds: list[Kind]) -> None:
    """A bulleted line right over body text (■老城区改造 / 本报讯…) is the
    article's headline, set off as some archives set them, unless the page
    prints it again further on (then it is an entry of the page's headline list)."""
    printed = Counter(title_key(line.text) for line, kind in zip(lines, kinds, strict=True)
                      if kind in ("candidate", "bullet"))
    for k in range(len(lines) - 1):
        if kinds[k] == "bullet" and kinds[k + 1] in ("body", "byline") and printed[title_key(lines[k].text)] == 1:
            kinds[k] = "candidate"


def _site_lists_at_end(lines: Sequence[SourceLine], kinds: list[Kind]) -> None:
    """A site's list of other articles after the last text of the page
    (相关新闻 / · 某某标题 / …): chrome, to the end, never the article's text."""
    k = site_list_start([line.text for line in lines], lambda m: kinds[m] in LISTED)
    kinds[k:] = ["chrome"] * (len(lines) - k)


def is_site_list_label(text: str) -> bool:
    """What a site heads its list of other articles with: 相关新闻, 推荐阅读："""
    return title_key(text).rstrip(":：") in SITE_LISTS


def site_list_start(texts: Sequence[str], listlike: Callable[[int], bool]) -> int:
    """Where a site's list of other articles ends a page: its label with
    something under it, in the page's last run of lines that are
    ``listlike(index)`` (found walking back once: a hostile page of
    thousands of labels stays linear); else ``len(texts)``."""
    start = len(texts)
    while start > 0 and listlike(start - 1):
        start -= 1
    return next((k for k in range(start, len(texts) - 1) if is_site_list_label(texts[k])), len(texts))


def _captions(lines: Sequence[SourceLine], kinds: Sequence[Kind], i: int) -> bool:
    """Whether line ``i`` is a photo caption: a short line with a credit under it."""
    return i + 1 < len(lines) and kinds[i + 1] == "credit" and is_caption_like(lines[i].text)


def indent_depth(raw: str) -> int:
    """How far a line is indented, in columns (a full-width space is two, a tab four)."""
    lead = raw[: len(raw) - len(raw.lstrip(" \t\u3000"))]  # in C: a line of each page is indented
    return len(lead) + lead.count("\u3000") + 3 * lead.count("\t")


def paragraph_indent(lines: Sequence[SourceLine]) -> int | None:
    """How far the page indents a paragraph's first line: the commonest
    indent (the shallower of two as common), or None where the page does not
    indent its paragraphs (no line, or every line, is indented)."""
    depths = Counter(line.depth for line in lines if line.indent)
    if not depths or depths.total() == len(lines):
        return None
    return min(depths, key=lambda depth: (-depths[depth], depth))


FURNITURE: frozenset[Kind] = frozenset({"chrome", "page", "date", "tools"})
LISTED: frozenset[Kind] = frozenset({"candidate", "bullet", "chrome", "date", "page"})  # what such a list holds


def plan(lines: Sequence[SourceLine], known_titles: Collection[str] = (), wrapped: bool = False,
         measure: int | None = None) -> list[Step]:
    """The steps that read a page without heading markup (see the module doc).
    ``known_titles``: titles the file names elsewhere (its front matter's), as
    good as the page's own headline list; ``wrapped``: the page's text is
    wrapped at a width (the parser joins its lines); ``measure``: the narrow
    column's width it is wrapped at, if it is (``column_measure``)."""
    paragraph = paragraph_indent(lines)
    kinds = [_kind(line, paragraph is not None and line.depth < paragraph + CENTRED_BEYOND) for line in lines]
    if wrapped:
        _run_ons(lines, kinds, measure, indented=paragraph is not None)
    verses = _verses(lines, kinds)
    _names_as_bylines(lines, kinds)
    _mastheads(lines, kinds)
    _bullets_over_text(lines, kinds)
    _tools_under_headlines(lines, kinds)
    _site_lists_at_end(lines, kinds)
    # Headline-list entries name titles printed further down: count what is still to come.
    later: Counter[str] = Counter(
        title_key(line.text) for line, kind in zip(lines, kinds, strict=True) if kind in ("candidate", "bullet")
    )
    # After the last text of the page, a line naming an article printed above is a headline list.
    tail = max((k + 1 for k, kind in enumerate(kinds) if kind in ("body", "byline")), default=0)
    steps: list[Step] = []
    listed: set[str] = {title_key(title) for title in known_titles}  # each names an article
    titles: set[str] = set()  # the titles of the articles so far
    started = False  # an article has begun
    closed = False  # a byline stood on a line of its own after the article's text
    body = False  # the article has body text
    boundary = False  # furniture or a column label since the article's text: the next header starts one
    i, n = 0, len(lines)
    while i < n:
        kind = kinds[i]
        if kind in ("candidate", "bullet"):
            later[title_key(lines[i].text)] -= 1
        if kind == "bullet" and not started:
            listed.add(title_key(lines[i].text))
        if kind in ("candidate", "bullet") and i >= tail and title_key(lines[i].text) in titles:
            kind = "chrome"  # furniture: the page's list of its articles, under the last
        if kind in FURNITURE or (kind == "bullet" and not started):
            j = i
            while j < n and (kinds[j] in FURNITURE or (j >= tail and title_key(lines[j].text) in titles)):
                j += 1
            # Between articles (or around the page) it is furniture; inside an article's text, text.
            between = not started or j == n or kinds[j] in ("candidate", "column")
            steps.extend(("furniture", lines[k].text) if between else ("text", k) for k in range(i, max(j, i + 1)))
            boundary = boundary or (started and between)
            i = max(j, i + 1)
            continue
        if kind == "column":
            steps.append(("column", lines[i].text))
            boundary = True
            i += 1
            continue
        caption = _captions(lines, kinds, i)
        if kind != "candidate" or (started and caption):
            # A byline under the text, or （下转第三版）, ends the article: a headline after it starts the next.
            closed = closed or (kind == "byline" and body) or CONTINUED_ON_RE.fullmatch(lines[i].text.strip()) is not None
            body = body or (kind == "body" and not is_label(lines[i].text))  # 求助人:… is no text yet
            started = True  # text before any header is an untitled article's
            steps.append(("caption" if caption else "text", i))
            i += 1
            continue
        j = i + 1
        while j < n and kinds[j] == "candidate":
            later[title_key(lines[j].text)] -= 1
            j += 1
        t = j  # past the site's tools and facts under the headline (``_tools_under_headlines``)
        while t < n and kinds[t] == "tools":
            t += 1
        after = kinds[t] if t < n else None
        end = _labels_at_end(lines, i, j, listed) if after in ("body", "byline") else j
        if after not in ("body", "byline"):
            # Not before body text: captions (a credit follows) or loose lines, and the tools under them.
            steps.extend(("text", k) if started else ("furniture", lines[k].text) for k in range(i, t))
        elif not started:
            # Before the first article: the page's headline list, then the header.
            start = end - 1  # the header: the run's last lines, back to one the list names
            while start > i and end - start <= HEADER_MAX and later[title_key(lines[start - 1].text)] <= 0:
                start -= 1
            cut = end - _header_size([lines[k].text for k in range(start, end)])
            steps.extend(("furniture", lines[k].text) for k in range(i, cut))
            listed.update(title_key(lines[k].text) for k in range(i, cut))
            header = header_of([lines[k].text for k in range(cut, end)], listed)
            steps.append(("header", header))
            steps.extend(("text", k) for k in range(end, t))
            titles.add(title_key(header.title))
            started, closed, boundary, body = True, False, False, False
        elif (
            _looks_like_header(lines, i, end) or closed or boundary or t > j or kinds[t] == "byline"
            or is_opener(lines[t].text) or any(title_key(lines[k].text) in listed for k in range(i, end))
            or _goes_on_from(lines, i, j) or is_briefs(lines[end - 1].text)
        ):
            named = [k for k in range(i, end) if title_key(lines[k].text) in listed]
            # The title the list names, with at most a column and a kicker above it; else the run's last lines.
            cut = max(i, named[-1] - 2) if named else end - _header_size([lines[k].text for k in range(i, end)])
            steps.extend(("text", k) for k in range(i, cut))
            header = header_of([lines[k].text for k in range(cut, end)], listed)
            steps.append(("header", header))
            steps.extend(("text", k) for k in range(end, t))
            titles.add(title_key(header.title))
            closed, boundary, body = False, False, False
        else:
            steps.append(("section", lines[i].text))
            steps.extend(("text", k) for k in range(i + 1, t))
        i = t
    if verses:
        steps = [("verse", step[1]) if step[0] == "text" and step[1] in verses else step for step in steps]
    return steps
