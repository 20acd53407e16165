"""Parse one page of the paper, converted to Markdown-like text, into an SourceFile.

The conventions of the format (not of any one file):

* Heading levels are inconsistent. A run of consecutive headings with no text
  between them is one article header: the last heading not starting with
  "——" is the title, headings before it are column/kicker, "——" headings
  after it are the subtitle. The first header of a page may open with a
  page-wide banner; short lines before any heading (name, date, page) are
  page furniture and go to the banner too.
* A lone heading inside an open article is a section of that article when it
  is a minor (``###``) or numbered heading.
* Bylines (洛报融媒记者 …, 通讯员 …, 实习生 …, 文/图) close an article; a
  parenthesised line is a note.
* Captions are short unpunctuated lines standing alone.
* Column layout broke paragraphs mid-word: a paragraph that does not end a
  sentence continues into the next text paragraph, never across a heading,
  caption or byline.

Nothing is lost: every character of text (heading markup aside) lands in
exactly one field, in order. Characters are kept as printed.

One job, though a long module: a page's lines go through one builder
(``_Parser``) whose rules share its state (the open article, its last
paragraph, the furniture since); what one line is (``line_kinds``) and where
a page without markup has its headers (``unmarked``) live apart.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from reader.core.digest import sha1_hex
from reader.core.model import TITLE_CHARS, Article, Block, Section, SourceFile, shortened
from reader.text.front_matter import FrontMatter, split_front_matter
from reader.text.html_page import html_text, is_html_document
from reader.text.inline_markup import MAYBE_MARKUP_RE, plain
from reader.text.line_kinds import (
    CAPTION_MAX,
    FACT_RE,
    FULL_STOPS,
    INDENT_RE,
    LIST_ITEM_RE,
    PAPER_NAME_RE,
    credits_people,
    ends_sentence,
    facts_line,
    inline_byline,
    is_box_label,
    is_byline,
    is_caption_label,
    is_caption_like,
    is_chrome,
    is_column_like,
    is_credit,
    is_credit_label,
    is_editor,
    is_headline_sized,
    is_label,
    is_names,
    is_note,
    is_numbered,
    is_outlet,
    is_page_line,
    is_placeholder,
    is_rule,
    is_sign_off,
    is_site_meta,
    is_subtitle,
    is_tools,
    parenthesised_byline,
    visible_len,
)
from reader.text.placement import (
    PAPER_NAME,
    Placement,
    front_matter_placement,
    machine_name,
    page_in_line,
    page_line,
    path_placement,
    printed_date,
    printed_paper,
    printed_placement,
    readable_name,
    running_head,
    source_start,
)
from reader.text.records import Record, agreed, records
from reader.text.scripts import compile_either, either_words
from reader.text.sources import line_ends
from reader.text.spacing import unspaced
from reader.text.table_export import table_records
from reader.text.tables import row_text, table_rows
from reader.text.unmarked import (
    at_measure,
    column_measure,
    indent_depth,
    is_jump,
    is_site_list_label,
    plan,
    site_list_start,
    title_key,
)

__all__ = ["article_id", "ends_sentence", "is_byline", "is_caption_like", "parse_file"]

HEADING_RE = re.compile(r"^[ \t]{0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
QUOTE_RE = re.compile(r"^[ \t]{0,3}>[ \t]?")
BOLD_RE = re.compile(r"^\*\*(?=\S)(.+?)(?<=\S)\*\*$")
SECTION_MAX = 8  # visible characters: a paragraph's first piece at a column's foot can be longer
WRAPPED_MIN = 2  # lines of a page that run on into the next line, unbroken, before it reads as wrapped text
DESCRIPTION_MAX = 40  # visible characters: a line this short before a photo credit describes the photo
SOURCE_LABEL_RE = compile_either(r"^(?:来源|作者)\s*[:：]\s*")  # 来源:, 作者: before a front matter's author
PICTURE_WORDS = tuple(either_words(("图为", "上图", "下图", "左图", "右图", "图中", "图:", "图：")))
# 编者按：…, 【编者的话】…: an editor's note before the report (its byline may open the paragraph after).
EDITORS_NOTE_RE = compile_either(r"^[【\[（(]?\s*(?:编者按|编者的话|编前语?|编者(?=\s*[:：]))")


@dataclass
class _Line:
    """One non-blank source line: a heading, or text; ``gap`` blank lines before it."""

    text: str
    level: int  # 0 for text, 1-6 for headings
    gap: int
    alone: bool = True  # a text line with blank lines (or edges) on both sides
    indent: bool = False  # indented (full-width or two spaces): a paragraph, on a page that indents
    depth: int = 0  # how far it is indented, in columns (a centred headline's, deeper than a paragraph's)
    quote: bool = False  # a Markdown quote line ("> "), its marker dropped
    bold: bool = False  # a Markdown bold line ("**…**"), its markers dropped
    row: bool = False  # a table's row (``text.tables``): its cells, a line of its own


HEAD_BLOCKS = ("note", "source")  # what may stand between an article's header and its text


@dataclass
class _Draft:
    """An article being built."""

    title: str = ""
    column: str | None = None
    kicker: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    byline_at: int | None = None
    blocks: list[Block] = field(default_factory=list)
    open_paragraph: bool = False  # last block is a paragraph that may continue
    tail: list[str] = field(default_factory=list)  # text continuing the last paragraph
    unprinted: list[str] = field(default_factory=list)

    def flush(self) -> None:
        """Join the pieces of a paragraph broken by columns into its block (once,
        not a concatenation per line: a long broken paragraph stays linear)."""
        if self.tail:
            self.blocks[-1] = Block("paragraph", self.blocks[-1].text + "".join(self.tail))
            self.tail.clear()

    @property
    def closed(self) -> bool:
        """Whether a byline line has ended the article (a byline read from the
        first paragraph ends nothing)."""
        return self.byline is not None and not self.unprinted

    def last_text(self) -> str:
        return self.tail[-1] if self.tail else self.blocks[-1].text

    def at_head(self) -> bool:
        """Whether no text has come yet, only notes and source lines (a site's tools and facts)."""
        blocks = self.blocks
        return not blocks or (blocks[0].type in HEAD_BLOCKS and all(b.type in HEAD_BLOCKS for b in blocks))


def _scan(text: str) -> list[_Line]:
    lines: list[_Line] = []
    gap = 0
    words = plain if MAYBE_MARKUP_RE.search(text) else str  # a file without [ * ` < & has no inline markup
    raws = text.split("\n")
    if text.count("\u3000\u3000") > text.count("\n\u3000\u3000") + text.startswith("\u3000\u3000"):
        raws = [piece for raw in raws for piece in _paragraphs(raw)]  # an indent inside a line: not on most pages
    rows = table_rows(raws) if "|" in text else {}
    for at, raw in enumerate(raws):
        stripped = raw.strip()
        if not stripped:
            gap += 1
            continue
        if rows and at in rows:
            row = rows[at]
            shown = row_text([words(cell) for cell in row]) if row is not None else ""
            if shown:  # a row of cells (a delimiter row, or a row of empty cells, is markup alone)
                if lines and gap == 0:
                    lines[-1].alone = False
                lines.append(_Line(shown, 0, gap, alone=gap > 0 or not lines, row=True))
                gap = 0
            continue
        if (stripped[0] in "=-" and lines and gap == 0 and not lines[-1].row
                and (level := underline_level(lines[-1], raw, _opens(lines)))):
            lines[-1].level = level  # 标题 / =====: the line above is a heading, this its markup
            continue
        if lines and gap == 0:
            lines[-1].alone = False
        match = HEADING_RE.match(raw)
        if match:
            content = words((match.group(2) or "").strip())
            if content:
                lines.append(_Line(content, len(match.group(1)), gap))
            # A heading made of markup alone carries no text.
            gap = 0
            continue
        quote = False
        while (marker := QUOTE_RE.match(stripped)) and stripped[marker.end() :].strip():
            stripped, quote = stripped[marker.end() :].strip(), True
        rule = is_rule(stripped)  # ******, **—**: a rule, not stars in bold
        bold = BOLD_RE.match(stripped) if not rule else None
        shown = stripped if rule else words(bold.group(1).strip() if bold else stripped)
        if not shown:  # a picture without a description, a <br/>: markup alone carries no text
            gap += 1
            continue
        line = _Line(
            shown, 0, gap, alone=gap > 0 or not lines,
            indent=bool(INDENT_RE.match(raw)), depth=indent_depth(raw) if raw[0] in " \t\u3000" else 0, quote=quote,
            bold=bold is not None,
        )
        lines.append(line)
        gap = 0
    return _upright(lines) if len(lines) >= VERTICAL_MIN else lines


VERTICAL_MIN = 3  # lines of one character each in a row: a headline set upright, taken character by character


def _upright(lines: list[_Line]) -> list[_Line]:
    """A headline set vertically (竖排), as a PDF's text gives it: a character
    a line (老 / 城 / 区 / …), ``VERTICAL_MIN`` lines or more in a row, read as
    the one line it is (老城区改造工程启动); every other line as it is."""
    if sum(1 for line in lines if len(line.text) == 1) < VERTICAL_MIN:
        return lines  # most pages: not three such lines in all
    out: list[_Line] = []
    run: list[_Line] = []

    def close(following: _Line | None) -> None:
        if len(run) >= VERTICAL_MIN:  # alone as one line is: blank lines (or the page's edges) either side
            alone = (run[0].gap > 0 or not out) and (following is None or following.gap > 0)
            out.append(replace(run[0], text="".join(line.text for line in run), alone=alone))
        else:
            out.extend(run)
        run.clear()

    for line in lines:
        single = len(line.text) == 1 and not line.text.isascii() and not line.level and not line.row
        if not single or (run and line.gap):
            close(line)
        if single:
            run.append(line)
        else:
            out.append(line)
    close(None)
    return out


# A sentence's end, then a paragraph's indent (。　　据介绍…): paragraphs a crawler ran into one line.
PARAGRAPH_BREAK_RE = re.compile(r"(?<=[。！？!?…”’」』])[ \t]*(?=\u3000{2,}\S)")


def _paragraphs(raw: str) -> list[str]:
    """A line as the paragraphs it holds: split where a sentence ends before a
    paragraph's indent (``　　甲。　　乙。`` is two); a heading stays whole."""
    if "\u3000\u3000" not in raw.lstrip() or HEADING_RE.match(raw):
        return [raw]
    return PARAGRAPH_BREAK_RE.split(raw)


UNDERLINE_RE = re.compile(r"^[ \t]{0,3}(?:(=+)|--+)[ \t]*$")


class _Above(Protocol):
    text: str
    level: int
    quote: bool
    bold: bool


def underline_level(above: _Above, raw: str, opens: bool) -> int:
    """1 or 2 where ``raw`` underlines the line above as a heading (``标题`` over
    ``=====`` or ``-----``, as Markdown's setext headings, pandoc's plain text
    and markdownify write them), else 0. Only under a headline-sized line of
    text that ``opens`` a block (after a blank line, a drawn line or the
    file's start) and is no byline or note: under an article's last line, a
    drawn line is the page's rule between articles."""
    match = UNDERLINE_RE.match(raw)
    text = above.text
    if (
        match is None or not opens or above.level or above.quote or above.bold or not is_headline_sized(text)
        or is_rule(text) or is_byline(text) or is_note(text) or is_credit(text) or is_editor(text) or is_label(text)
    ):
        return 0
    return 1 if match.group(1) else 2


def _opens(lines: list[_Line]) -> bool:
    """Whether the last line scanned opens a block: after a blank line, a drawn line or nothing."""
    return lines[-1].gap > 0 or len(lines) == 1 or (is_rule(lines[-2].text) and not lines[-2].row)


def _join(*parts: str | None) -> str | None:
    kept = [p for p in parts if p]
    return "\n".join(kept) if kept else None


def _broken_columns(lines: list[_Line], measure: int | None = None) -> bool:
    """Whether the page has paragraphs broken by its columns: a paragraph-length
    line that stops mid-sentence before a blank line and more text; or text
    wrapped at a width, line after line (an old archive's, an OCR's): two
    such lines or more with the text going on in the next line. A page whose
    paragraphs are whole lines has none, and nothing on it is joined."""
    wrapped = 0
    for line, following in zip(lines, lines[1:], strict=False):
        if _runs_on(line, following, measure):
            if following.gap:
                return True
            wrapped += not (following.quote or following.bold or is_byline(following.text))
            if wrapped >= WRAPPED_MIN:
                return True
    return False


def _runs_on(line: _Line, following: _Line, measure: int | None) -> bool:
    """Whether ``line`` stops mid-sentence with text after it: a paragraph
    that goes on in ``following`` (broken by a column, or wrapped; a line
    longer than a caption, or one that fills a narrow column: ``measure``)."""
    return (
        not line.level and not following.level and not line.row and not following.row
        and not line.quote and not line.bold
        and (visible_len(line.text) > CAPTION_MAX or at_measure(line, measure)) and not ends_sentence(line.text)
        and not is_byline(line.text) and not is_label(line.text) and not is_caption_label(line.text)
    )


def _margin(lines: list[_Line], measure: int | None = None) -> int:
    """Where the page's wrapped lines go on, in columns: 0 but on a page set
    in as a whole (a text browser's dump sets every line of text three
    spaces in; a layout keeps the page's own margin). The commonest depth of
    a line that carries on the line above (the shallower of two as common),
    once ``WRAPPED_MIN`` lines say so. A line indented no deeper goes on with
    the paragraph above it, not a paragraph of its own. Most pages, whose
    wrapped lines start flush, have none to look for."""
    if not any(following.depth and not following.gap for following in lines[1:]):
        return 0
    depths = Counter(following.depth for line, following in zip(lines, lines[1:], strict=False)
                     if not following.gap and _runs_on(line, following, measure))
    if depths.total() < WRAPPED_MIN:
        return 0
    return min(depths, key=lambda depth: (-depths[depth], depth))


class _Parser:
    def __init__(self, repair: bool, marked: bool, known_titles: frozenset[str] = frozenset(), margin: int = 0,
                 measure: int | None = None) -> None:
        self.known_titles = known_titles  # title_key of titles the front matter names
        self.margin = margin  # where the page's wrapped lines go on (``_margin``)
        self.measure = measure  # the narrow column's width the page is wrapped at (``unmarked.column_measure``)
        self.articles: list[_Draft] = []
        self.marked = marked  # the page marks its headings (else ``unmarked`` found them)
        self.banner: str | None = None
        self.furniture: list[tuple[int, str]] = []
        self.repair = repair  # join paragraphs broken by columns
        self.column: str | None = None  # a 专栏: line waiting for its article
        self.furniture_after = False  # furniture since the current article began

    @property
    def current(self) -> _Draft | None:
        return self.articles[-1] if self.articles else None

    def _ensure_article(self) -> _Draft:
        # Text after furniture that followed an article is a new article's, so
        # the page reads back in order.
        if self.current is None or self.column is not None or self.furniture_after:
            self._begin(_Draft(column=self.column))
        assert self.current is not None
        return self.current

    def _begin(self, draft: _Draft) -> None:
        if self.current is not None:
            self.current.flush()
        self.articles.append(draft)
        self.column, self.furniture_after = None, False

    def add_furniture(self, text: str) -> None:
        """Page furniture, kept where it stood: before the next article (before
        the first, after a banner begun: part of it, in order)."""
        self.shelve_column()
        if not self.articles and self.banner is not None:
            self.banner = _join(self.banner, text)
            return
        self.furniture.append((len(self.articles), text))
        self.furniture_after = bool(self.articles)

    def shelve_column(self) -> None:
        """A 专栏: line that no article followed is furniture where it stood."""
        if self.column is not None:
            self.furniture.append((len(self.articles), self.column))
            self.column = None

    # Headings -----------------------------------------------------------------

    def heading_run(self, run: list[_Line]) -> None:
        current = self.current
        if len(run) == 1 and current is not None and not current.closed and not self.furniture_after:
            text, level = run[0].text, run[0].level
            if level >= 3 or is_numbered(text) or is_subtitle(text):
                self._add_block(current, Block("heading", text))
                return
        self._header(run)

    def _header(self, run: list[_Line]) -> None:
        texts = [line.text for line in run]
        sections: list[str] = []
        # Numbered headings after the title open the body: "# 标题" "### 1 …".
        while is_numbered(texts[-1]) and any(
            not is_numbered(t) and not is_subtitle(t) for t in texts[:-1]
        ):
            sections.insert(0, texts.pop())
        named = [i for i, t in enumerate(texts) if title_key(t) in self.known_titles]
        title_at = named[-1] if named else max(
            (i for i, t in enumerate(texts) if not is_subtitle(t)),
            default=0,
        )
        pre, title, post = texts[:title_at], texts[title_at], texts[title_at + 1 :]
        draft = _Draft(title=title, subtitle=_join(*post))
        if not self.articles and self.banner is None and len(pre) >= 2 and not is_column_like(pre[0]):
            self.banner = pre.pop(0)
        if len(pre) == 1:
            # "全面推进乡村振兴——" leads into the title: a kicker, however short.
            if is_column_like(pre[0]) and not pre[0].endswith("——"):
                draft.column = pre[0]
            else:
                draft.kicker = pre[0]
        elif pre:
            if is_column_like(pre[0]):
                draft.column = pre[0]
                draft.kicker = _join(*pre[1:])
            else:
                draft.kicker = _join(*pre)
        self._begin(draft)
        for section in sections:
            self._add_block(draft, Block("heading", section))

    def start_article(self, column: str | None, kicker: str | None, title: str, subtitle: str | None) -> None:
        """An article whose header the shape of the text gave (see ``unmarked``)."""
        self._begin(_Draft(title=title, column=_join(self.column, column), kicker=kicker, subtitle=subtitle))

    def column_label(self, text: str) -> None:
        """A 专栏: line: the column of the article that follows."""
        self.column = _join(self.column, text)

    def caption(self, text: str) -> None:
        self._add_block(self._ensure_article(), Block("caption", text))

    def section(self, text: str) -> None:
        self._add_block(self._ensure_article(), Block("heading", text))

    def verse(self, text: str) -> None:
        """A poem's line (``unmarked``): a line of its own, never joined to the next."""
        draft = self._ensure_article()
        self._add_block(draft, Block("paragraph", text))
        draft.open_paragraph = False

    # Text ---------------------------------------------------------------------

    def _add_block(self, draft: _Draft, block: Block) -> None:
        draft.flush()
        draft.blocks.append(block)
        draft.open_paragraph = block.type == "paragraph" and not ends_sentence(block.text)

    def text(self, line: _Line) -> None:
        text = line.text
        if line.row:  # a table's row: a line of its own, as written, never joined nor furniture
            draft = self._ensure_article()
            self._add_block(draft, Block("paragraph", text))
            draft.open_paragraph = False
            return
        if is_placeholder(text) and not line.quote:  # [图片], 【视频】: where the site had a picture, a note
            if self.current is None or self.furniture_after:  # between articles: furniture, in order
                self.add_furniture(text)
            else:
                self._add_block(self.current, Block("note", text))
            return
        if is_caption_label(text) and not line.quote:  # 图片说明：…: a caption, whatever its length
            self._add_block(self._ensure_article(), Block("caption", text))
            return
        if (self.current is not None and self.current.at_head() and not self.furniture_after
                and not line.bold and is_site_meta(text) and not is_byline(text)):
            # Under a headline, a site's facts (2011-05-17 09:12 来源：…: where and when it was printed, as a
            # source line) or its tools (【字体：大 中 小】: a note), never a paragraph, nor the end of the article.
            self._add_block(self.current, Block("note" if is_tools(text) else "source", text))
            return
        if self.marked and not (line.quote or line.bold) and is_chrome(text) and (self.current or not self.banner):
            # 下一篇4, 返回: the site's, never the article's (after a banner begun, part of it: in order).
            self.add_furniture(text)
            return
        at = source_start(text)
        if at is not None and self.current is not None and not any(ch in FULL_STOPS for ch in text[:at]):
            # 《某某日报》（2025年01月02日第 04 版）, perhaps glued to the byline: a fact of the issue.
            if self.furniture_after:  # after the site's furniture that ended the article: the page's, in order
                self.add_furniture(text)
                return
            if text[:at].strip():
                self.text(replace(line, text=text[:at].strip()))
            self._add_block(self.current, Block("source", text[at:].strip()))
            return
        if self.current is None and self.marked and self.column is None and not line.quote and is_page_line(text):
            # A dateline such as "洛阳日报 2024年4月16日 第2版" before any article.
            self.banner = _join(self.banner, text)
            return
        draft = self._ensure_article()
        if is_rule(text) or is_jump(text):  # ◆◆◆, =====, （下转第三版）: set as printed, a note, no caption
            self._add_block(draft, Block("note", text))
            return
        if (line.bold and not credits_people(text)) or is_box_label(text):
            self._add_block(draft, Block("heading", text))
            return
        last = draft.blocks[-1] if draft.blocks and not draft.tail else None
        if last is not None and draft.byline_at == len(draft.blocks):
            last = None  # a byline stands after it: what follows is read after the byline
        if is_credit(text):
            # 王某某 摄 credits the photo, never the article: with the caption or the
            # description above it (图为…。), else a caption of its own.
            described = last is not None and last.type == "paragraph" and _describes(last.text) and not is_credit_label(text)
            if last is not None and (last.type == "caption" or described):
                draft.blocks[-1] = Block("caption", f"{last.text} {text}")
                draft.open_paragraph = False
            else:
                self._add_block(draft, Block("caption", text))
            return
        if is_sign_off(text) or is_editor(text):
            self._add_block(draft, Block("note", text))  # ——编者, 责编:某某
            return
        credit = parenthesised_byline(text) if draft.byline is None else None
        if credit is not None:
            # （本报记者 某某）: printed as a note, and the article's byline.
            draft.byline = credit
            draft.unprinted.append("inline_byline")
            self._add_block(draft, Block("note", text))
            return
        if draft.byline is None and is_names(text) and not any(b.type == "paragraph" for b in draft.blocks):
            # 杨某某  林某  何某某 above the text: the reporters, all of them.
            draft.byline, draft.byline_at = text, len(draft.blocks)
            return
        if is_byline(text):
            if draft.byline is None:
                draft.byline, draft.byline_at = text, len(draft.blocks)
                draft.open_paragraph = False
                return
            if draft.closed and draft.byline_at == len(draft.blocks):
                draft.byline = f"{draft.byline} {text}"
                return
        if is_note(text):
            self._add_block(draft, Block("note", text))
            return
        if line.quote and not draft.blocks and is_caption_like(text):
            # "> 新春走基层" under the title: the series the article runs in.
            self._add_block(draft, Block("note", text))
            return
        continues = self._continues(draft, line)
        if line.alone and not line.quote and is_caption_like(text) and not (continues and line.gap < 2):
            self._add_block(draft, Block("caption", text))
            return
        if continues:
            before = draft.last_text()
            draft.tail.append(text)
            # Closing quotes alone on a line look back at what they close.
            draft.open_paragraph = not ends_sentence(before[-64:] + text)
            return
        if (
            line.alone and not line.quote and draft.blocks and visible_len(text) <= SECTION_MAX
            and is_headline_sized(text) and not ends_sentence(text) and not is_label(text)
        ):
            # A very short line standing alone that ends no sentence: a section
            # heading (北上,北上), never the start of a paragraph the next line joins.
            self._add_block(draft, Block("heading", text))
            return
        if draft.byline is None and not any(b.type == "paragraph" and not EDITORS_NOTE_RE.match(b.text)
                                            for b in draft.blocks):
            credit = inline_byline(text)  # in the first paragraph, or the first after the editor's note
            if credit is not None:
                draft.byline = credit
                draft.unprinted.append("inline_byline")
        self._add_block(draft, Block("paragraph", text))
        if line.quote or is_label(text):
            draft.open_paragraph = False  # a quote or a label line is whole

    def _continues(self, draft: _Draft, line: _Line) -> bool:
        """Whether ``line`` continues the paragraph a column broke."""
        if (not (self.repair and draft.open_paragraph) or line.quote or (line.indent and line.depth > self.margin)
                or is_label(line.text)):
            return False  # an indented line starts a paragraph
        before = draft.last_text()
        # 电话:15838161288 / 5日,…: digits either side of a break are two numbers, not one.
        return not (before[-1:].isdigit() and line.text[:1].isdigit())


def _author(author: str | None) -> str | None:
    """A front matter's author as a byline: without a source line glued on,
    and none when it names only a paper, agency or site (人民日报, 新华社)."""
    if author is None:
        return None
    at = source_start(author)
    author = (author[:at] if at is not None else author).strip()
    author = SOURCE_LABEL_RE.sub("", author)
    return None if not author or is_outlet(author) else author


def _describes(text: str) -> bool:
    """Whether a paragraph just above a photo credit is the photo's description:
    one sentence, short or saying so (图为…)."""
    size = visible_len(text)
    if any(ch in FULL_STOPS for ch in text.rstrip().rstrip("”’\"")[:-1]):
        return False
    return size <= DESCRIPTION_MAX or (text.startswith(PICTURE_WORDS) and size <= 3 * DESCRIPTION_MAX)


def article_id(title: str, blocks: list[Block]) -> str:
    """A content-derived id: the same article keeps it when its file moves.

    Title and the start of the first paragraph only: the kicker and column
    depend on the headings around the article, which a page may rearrange.
    """
    first = next((b.text for b in blocks if b.type == "paragraph"), "")
    basis = "\x1f".join([title, first[:200]])
    basis = "".join(unicodedata.normalize("NFKC", basis).split())
    return sha1_hex(basis)[:12]


def _read_marked(parser: _Parser, lines: list[_Line]) -> None:
    """A page with heading markup: runs of headings are article headers;
    a heading that is a page line (``## 第02版：经济``, a whole day's file in
    Markdown) is furniture, as is a masthead heading above it; so is the
    site's list of other articles under the last (``## 相关新闻`` over items).
    The page's masthead as its first heading (``# 洛阳日报``, over its date
    line or the first headline) is its banner."""
    end = _site_list(lines)
    lines, site = lines[:end], lines[end:]
    i = 0
    while i < len(lines):
        if lines[i].level:
            j = i
            while j < len(lines) and lines[j].level:
                j += 1
            run = lines[i:j]
            if not parser.articles:  # # 洛阳日报 over 2023年6月9日 第05版 or over the first headline: the masthead
                dated = j < len(lines) and printed_placement([lines[j].text]).date is not None
                while run and printed_paper(run[0].text) is not None and (len(run) > 1 or dated):
                    parser.banner = _join(parser.banner, run.pop(0).text)
            paged = [n for n, line in enumerate(run) if page_line(line.text) is not None]
            if paged:
                before, after = run[: paged[-1]], run[paged[-1] + 1 :]
                if all(n in paged or printed_paper(line.text) or printed_date(line.text) for n, line in
                       enumerate(before)):
                    for line in before:
                        parser.add_furniture(line.text)
                elif before:
                    parser.heading_run(before)
                parser.add_furniture(run[paged[-1]].text)
                run = after
            if run:
                parser.heading_run(run)
            i = j
        else:
            parser.text(lines[i])
            i += 1
    for line in site:
        parser.add_furniture(line.text)


def _site_list(lines: list[_Line]) -> int:
    """Where a site's list of other articles ends a marked page (``## 相关新闻``,
    then nothing but list items, links and chrome), else ``len(lines)``."""
    texts = [line.text for line in lines]
    return site_list_start(texts, lambda k: bool(LIST_ITEM_RE.match(texts[k]) or is_chrome(texts[k])
                                                 or is_site_list_label(texts[k])))


def _read_unmarked(parser: _Parser, lines: list[_Line]) -> None:
    """A page without heading markup: ``unmarked.plan`` finds the headers."""
    for step in plan(lines, parser.known_titles, wrapped=parser.repair, measure=parser.measure):
        if step[0] == "header":
            header = step[1]
            parser.start_article(header.column, header.kicker, header.title, header.subtitle)
        elif step[0] == "text":
            parser.text(lines[step[1]])
        elif step[0] == "verse":
            parser.verse(lines[step[1]].text)
        elif step[0] == "caption":
            parser.caption(lines[step[1]].text)
        elif step[0] == "furniture":
            parser.add_furniture(step[1])
        elif step[0] == "column":
            parser.column_label(step[1])
        else:
            parser.section(step[1])
    parser.shelve_column()  # a 专栏: line at the end


def _placement(parser: _Parser, front: FrontMatter | None, source: str) -> tuple[Placement, tuple[Section, ...]]:
    """Paper, date and page: front matter first, then the page's own lines,
    then the path; and a whole day's file, the pages it holds (``_sections``)."""
    own = [text for index, text in parser.furniture if index == 0]
    if parser.banner:
        own[:0] = parser.banner.split("\n")
    # A crawler's copy prints the source line in the article (本报记者 某某《X报》（date 第N版）).
    own += [block.text for draft in parser.articles for block in draft.blocks if block.type == "source"][:1]
    placed = front_matter_placement(front.date, front.section, front.section_name,
                                    front.paper or paper_named(front.outlet), front.source_url) if front else Placement()
    # A site's line of the article's facts (作者：… 来源：洛阳日报 发布时间：2024-03-05): its date and paper.
    byline = parser.articles[0].byline if parser.articles else None
    facts = facts_line(byline) if byline else None
    printed = printed_placement([*own, byline] if facts and byline else own)
    sections = _sections(parser, printed)
    if sections:  # a day's pages in one file: no one page is the file's
        printed = replace(printed, page=None, page_name=None)
    if printed.paper is None:  # 来源：洛阳日报 in the facts under the first headline, or a line of the page's top
        paper = _paper_of_facts(facts or dict(
            pair for text in own for pair in FACT_RE.findall(text) if pair[0] in SOURCE_LABELS))
        paper = paper or _paper_of_post(parser)
        if paper is not None:
            printed = replace(printed, paper=paper)
    path = path_placement(source)
    if printed.date is not None and not placed.date and _other_days(parser, printed.date):
        # Several days in one file (a month's archive): it names no day rather than a wrong one.
        return replace(placed.merged(printed).merged(replace(path, date=None)), date=None), sections
    return placed.merged(printed).merged(path), sections


def _other_days(parser: _Parser, date: str) -> bool:
    """Whether a page's own head between its articles (a masthead, a running
    head: a day with a paper or a page, where one page ends and the next
    begins) prints another day than ``date``, the one its top prints. A date
    alone between articles (an announcement's, signed and dated) is none."""
    count = len(parser.articles)
    heads: dict[int, list[str]] = {}
    for at, text in parser.furniture:
        if 0 < at < count:
            heads.setdefault(at, []).extend(line for line in text.split("\n") if 0 < visible_len(line) <= DAY_LINE_MAX)
    for lines in heads.values():
        days = {printed_date(line) for line in lines} - {None, date}
        if days and any(printed_paper(line) or page_line(line) or page_in_line(line) for line in lines):
            return True
    return False


DAY_LINE_MAX = 40  # a masthead's or a running head's line, with its date: never a paragraph


SOURCE_LABELS = either_words(("来源", "出处"))


def _paper_of_facts(facts: dict[str, str]) -> str | None:
    """The paper a facts line's source names, as a masthead would (来源：洛阳日报; 来源：新华社 names none)."""
    return _paper_in(next((value for label, value in facts.items() if label in SOURCE_LABELS), None))


def _paper_in(value: str | None) -> str | None:
    """The paper a source's value names: a paper's name (洛阳日报), or one with its day and page, as a
    masthead prints them (洛阳日报 2023-06-09 第05版); an agency's (新华社) none."""
    found = printed_paper(value) if value else None
    return paper_named(value) or (found[0] if found is not None else None)


def _paper_of_post(parser: _Parser) -> str | None:
    """The paper a site's or an app's copy of one article names outside a
    masthead: the one paper's name in the facts under its headline (``原创
    洛阳日报 2023-06-09 08:00``, ``洛阳日报 2023-06-09 08:00 河南``), or a line
    ``来源：洛阳日报`` of its own, after the text."""
    if len(parser.articles) != 1:
        return None  # a page of several articles: a 来源： line is its article's
    blocks = parser.articles[0].blocks
    head = next((b.text for b in blocks if b.type == "source"), None)
    if head is not None and FACT_RE.search(head) is None:
        names = {token for token in head.split() if PAPER_NAME_RE.fullmatch(token)}
        if len(names) == 1:
            return names.pop()
    for block in blocks:
        fact = FACT_RE.fullmatch(block.text.strip())
        if fact is not None and fact.group(1) in SOURCE_LABELS and (paper := _paper_in(fact.group(2))):
            return paper
    return None


def paper_named(source: str | None) -> str | None:
    """The paper a source field names, when it is a paper's name as a masthead prints it."""
    named = (source or "").strip()
    return named if re.fullmatch(PAPER_NAME, named) else None


def _sections(parser: _Parser, first: Placement) -> tuple[Section, ...]:
    """The pages of a whole day in one file: each page line that stands
    between two articles (第02版：经济 before its page's articles) starts a
    page, the first page being the one the file's top names (``first``).
    None unless another page than that one starts so: a page's own list of
    pages stands above its first article or below its last, not between."""
    starts: dict[int, tuple[str, str | None]] = {}
    for at, text in parser.furniture:
        if 0 < at < len(parser.articles):
            for line in text.split("\n"):
                if line.strip() and (whole := page_line(line.strip()) or running_head(line, first.date)) is not None:
                    starts[at] = whole  # the line nearest the article names its page
    if not {page for page, _name in starts.values()} - {first.page}:
        return ()
    return runs_of_pages(([(0, first.page, first.page_name)] if first.page else [])
                         + [(at, page, name) for at, (page, name) in sorted(starts.items())])


def runs_of_pages(starts: list[tuple[int, str, str | None]]) -> tuple[Section, ...]:
    """Sections from where pages start, in order: a page named again where
    it already runs (a page's header over its next column) starts none."""
    sections: list[Section] = []
    for at, page, name in starts:
        if sections and sections[-1].page == page:
            if name and not sections[-1].name:
                sections[-1] = sections[-1]._replace(name=name)
            continue
        sections.append(Section(at, page, name))
    return tuple(sections)


def parse_file(text: str, source: str = "", name: str = "") -> SourceFile:
    """Parse a page's text into an SourceFile."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = line_ends(text)
    if is_html_document(text):
        text = html_text(text)  # an e-paper page's HTML kept as text: read as the browser shows it
    front, body = split_front_matter(text)
    body = unspaced(body)
    exported = (records(body) or table_records(body)) if front is None else None
    if exported is not None:
        parser, placed, sections = _read_records(*exported, source=source)
        return _source_file(parser, placed, (), source, name, sections)
    lines = _scan(body)
    marked = any(line.level for line in lines)
    titles = frozenset({title_key(front.title)} if front is not None and front.title else ())
    measure = None if marked else column_measure(lines)
    parser = _Parser(repair=_broken_columns(lines, measure), marked=marked, known_titles=titles,
                     margin=_margin(lines, measure), measure=measure)
    if front is not None:
        parser.add_furniture(front.raw.rstrip("\n"))
    if marked:
        _read_marked(parser, lines)
    else:
        _read_unmarked(parser, lines)
    if front is not None and parser.articles:
        _fill(parser.articles[0], title=front.title, byline=_author(front.author))
    placed, sections = _placement(parser, front, source)
    return _source_file(parser, placed, front.keywords if front is not None else (), source, name, sections)


def _fill(draft: _Draft, **given: str | None) -> None:
    """The header fields a draft's text did not give, from a front matter's or
    an export's fields (noted as unprinted: not lines of the page's own)."""
    for key, value in given.items():
        if value and not getattr(draft, key):
            setattr(draft, key, value)
            draft.unprinted.append(key)


def _read_records(before: list[str], found: list[Record], source: str) -> tuple[_Parser, Placement, tuple[Section, ...]]:
    """An export's records (``text.records``), an article each: the fields
    give its header, its text is read as a page's. The day, page and paper
    are those all records agree on (then the lines before them, the path);
    records of several pages are the file's sections, as they name them."""
    texts = [_scan("\n".join(record.text)) for record in found]
    marked = any(line.level for lines in texts for line in lines)
    parser = _Parser(repair=any(map(_broken_columns, texts)), marked=marked,
                     known_titles=frozenset(title_key(r.fields["title"]) for r in found if "title" in r.fields))
    if any(line.strip() for line in before):
        _read_unmarked(parser, _scan("\n".join(before)))
    starts: list[tuple[int, str, str | None]] = []
    for record, lines in zip(found, texts, strict=True):
        start = len(parser.articles)
        number, page_name = record.page
        if number is not None:
            starts.append((start, number, page_name))
        parser.add_furniture("\n".join(record.labelled))  # the export's labels: no article's text
        (_read_marked if marked else _read_unmarked)(parser, lines)
        if len(parser.articles) == start:
            parser.start_article(None, None, "", None)
        if record.after:  # the fields after a summary that is the record's text (摘要：… / 版号：…)
            parser.add_furniture("\n".join(record.after))
        fields = record.fields
        _fill(parser.articles[start], title=fields.get("title"), byline=_author(record.author),
              column=fields.get("column"), kicker=fields.get("kicker"), subtitle=fields.get("subtitle"))
    pages = [record.page for record in found]
    page = agreed([p for p, _name in pages])
    placed = Placement(agreed([r.date for r in found]), page, agreed([n for _p, n in pages]) if page else None,
                       agreed([r.paper or paper_named(r.fields.get("source")) for r in found]))
    placed = placed.merged(printed_placement(line.strip() for line in before)).merged(path_placement(source))
    return parser, placed, runs_of_pages(starts) if page is None and len({p for _at, p, _n in starts}) > 1 else ()


def _source_file(parser: _Parser, placed: Placement, keywords: tuple[str, ...], source: str, name: str,
                 sections: tuple[Section, ...] = ()) -> SourceFile:
    """The parsed articles (ids made, the first given ``keywords``) as the file."""
    articles: list[Article] = []
    seen: dict[str, int] = {}
    for number, draft in enumerate(parser.articles):
        draft.flush()
        base = article_id(draft.title, draft.blocks)
        seen[base] = seen.get(base, 0) + 1
        articles.append(
            Article(
                id=base if seen[base] == 1 else f"{base}-{seen[base]}",
                title=draft.title,
                column=draft.column,
                kicker=draft.kicker,
                subtitle=draft.subtitle,
                byline=draft.byline,
                blocks=tuple(draft.blocks),
                byline_at=draft.byline_at,
                unprinted=tuple(draft.unprinted),
                keywords=keywords if number == 0 else (),
            )
        )
    if not name and source:
        name = Path(source).stem
    name = readable_name(name)
    if machine_name(name):  # 000_efce2d328bfbc38f says nothing: the page's headline does
        headline = parser.banner or next((a.display_title for a in articles if a.title), None)
        name = shortened(headline, TITLE_CHARS) if headline else name
    return SourceFile(
        source=source, articles=tuple(articles), banner=parser.banner, name=name,
        furniture=tuple(parser.furniture), date=placed.date, page=placed.page, page_name=placed.page_name,
        paper=placed.paper, sections=sections,
    )
