"""Parse one page of the paper, converted to Markdown-like text, into an Issue.

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
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from reader.digest import sha1_hex
from reader.model import Article, Block, Issue

HEADING_RE = re.compile(r"^[ \t]{0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
SUBTITLE_PREFIXES = ("——", "--", "—", "－－")
NUMBERED_RE = re.compile(
    r"^(?:\d{1,2}[\s、.．]|[一二三四五六七八九十]{1,3}[\s、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）])"
)
BYLINE_START_RE = re.compile(
    r"^(?:洛报融媒记者|洛阳日报记者|洛报融媒|本报记者|本报通讯员|融媒记者|特约记者|见习记者|首席记者|"
    r"记者|通讯员|实习生|摄影|撰稿|编辑)[\s:：]"
)
BYLINE_END_RE = re.compile(r"(?:文/图|文／图|图/文|图／文|摄|/摄|／摄)$")
NOTE_RE = re.compile(r"^(?:\([^()]*\)|（[^（）]*）)$")
# Punctuation that makes a line prose rather than a caption.
PROSE_PUNCT = set("，,。．；;：:！!？?、“”‘’\"…")
# A paragraph ending in one of these ends a sentence (closers aside).
SENTENCE_END = set("。！？!?…；;：:.．")
CLOSERS = set("”’」』\"'")
BRACKET_CLOSERS = set(")）】]》>")
CAPTION_MAX = 16
COLUMN_MAX = 10
BYLINE_MAX = 60
NOTE_MAX = 80


@dataclass
class _Line:
    """One non-blank source line: a heading, or text; ``gap`` blank lines before it."""

    text: str
    level: int  # 0 for text, 1-6 for headings
    gap: int
    alone: bool = True  # a text line with blank lines (or edges) on both sides


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

    def flush(self) -> None:
        """Join the pieces of a paragraph broken by columns into its block (once,
        not a concatenation per line: a long broken paragraph stays linear)."""
        if self.tail:
            self.blocks[-1] = Block("paragraph", self.blocks[-1].text + "".join(self.tail))
            self.tail.clear()

    @property
    def closed(self) -> bool:
        return self.byline is not None


def _visible_len(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def is_subtitle(text: str) -> bool:
    """A heading such as "——访洛龙区委书记韩建军"."""
    return text.startswith(SUBTITLE_PREFIXES)


def is_numbered(text: str) -> bool:
    """A numbered section heading such as "1 精准帮扶 再送一程" or "二、…"."""
    return bool(NUMBERED_RE.match(text))


def is_column_like(text: str) -> bool:
    """A short label such as 一把手访谈: a column name, not a kicker sentence."""
    return (
        _visible_len(text) <= COLUMN_MAX
        and not any(ch in PROSE_PUNCT for ch in text)
        and not is_subtitle(text)
    )


def is_byline(text: str) -> bool:
    """A credit line: 洛报融媒记者 …, 通讯员 …, 实习生 …, … 文/图."""
    if len(text) > BYLINE_MAX or "。" in text:
        return False
    return bool(BYLINE_START_RE.match(text) or BYLINE_END_RE.search(text))


def is_note(text: str) -> bool:
    """A wholly parenthesised line such as (本文配图均为资料图片)."""
    return len(text) <= NOTE_MAX and bool(NOTE_RE.match(text))


def is_caption_like(text: str) -> bool:
    """A short unpunctuated line: a photo caption when it stands alone."""
    if len(text) > 3 * CAPTION_MAX:
        return False
    return (
        0 < _visible_len(text) <= CAPTION_MAX
        and not any(ch in PROSE_PUNCT for ch in text)
        and not is_byline(text)
        and not is_note(text)
    )


def is_page_line(text: str) -> bool:
    """A short line of page furniture (name, date, page number), not prose."""
    return _visible_len(text) <= 40 and not any(ch in "。！？!?" for ch in text)


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


def _scan(text: str) -> list[_Line]:
    lines: list[_Line] = []
    gap = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if not stripped:
            gap += 1
            continue
        if lines and gap == 0:
            lines[-1].alone = False
        match = HEADING_RE.match(raw)
        if match:
            content = (match.group(2) or "").strip()
            if content:
                lines.append(_Line(content, len(match.group(1)), gap))
            # A heading made of markup alone carries no text.
        else:
            lines.append(_Line(stripped, 0, gap, alone=gap > 0 or not lines))
        gap = 0
    return lines


def _join(*parts: str | None) -> str | None:
    kept = [p for p in parts if p]
    return "\n".join(kept) if kept else None


class _Parser:
    def __init__(self) -> None:
        self.articles: list[_Draft] = []
        self.banner: str | None = None

    @property
    def current(self) -> _Draft | None:
        return self.articles[-1] if self.articles else None

    def _ensure_article(self) -> _Draft:
        if self.current is None:
            self.articles.append(_Draft())
        assert self.current is not None
        return self.current

    # Headings -----------------------------------------------------------------

    def heading_run(self, run: list[_Line]) -> None:
        current = self.current
        if len(run) == 1 and current is not None and not current.closed:
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
        title_at = max(
            (i for i, t in enumerate(texts) if not is_subtitle(t)),
            default=0,
        )
        pre, title, post = texts[:title_at], texts[title_at], texts[title_at + 1 :]
        draft = _Draft(title=title, subtitle=_join(*post))
        if not self.articles and self.banner is None and len(pre) >= 2 and not is_column_like(pre[0]):
            self.banner = pre.pop(0)
        if len(pre) == 1:
            if is_column_like(pre[0]):
                draft.column = pre[0]
            else:
                draft.kicker = pre[0]
        elif pre:
            if is_column_like(pre[0]):
                draft.column = pre[0]
                draft.kicker = _join(*pre[1:])
            else:
                draft.kicker = _join(*pre)
        self.articles.append(draft)
        for section in sections:
            self._add_block(draft, Block("heading", section))

    # Text ---------------------------------------------------------------------

    def _add_block(self, draft: _Draft, block: Block) -> None:
        draft.flush()
        draft.blocks.append(block)
        draft.open_paragraph = block.type == "paragraph" and not ends_sentence(block.text)

    def text(self, line: _Line) -> None:
        text = line.text
        if self.current is None and is_page_line(text):
            # A dateline such as "洛阳日报 2024年4月16日 第2版" before any article.
            self.banner = _join(self.banner, text)
            return
        draft = self._ensure_article()
        if is_byline(text):
            if draft.byline is None:
                draft.byline, draft.byline_at = text, len(draft.blocks)
                draft.open_paragraph = False
                return
            if draft.byline_at == len(draft.blocks):
                draft.byline = f"{draft.byline} {text}"
                return
        if is_note(text):
            self._add_block(draft, Block("note", text))
            return
        continues = draft.open_paragraph
        if line.alone and is_caption_like(text) and not (continues and line.gap < 2):
            self._add_block(draft, Block("caption", text))
            return
        if continues:
            before = draft.tail[-1] if draft.tail else draft.blocks[-1].text
            draft.tail.append(text)
            # Closing quotes alone on a line look back at what they close.
            draft.open_paragraph = not ends_sentence(before[-64:] + text)
            return
        self._add_block(draft, Block("paragraph", text))


def article_id(title: str, blocks: list[Block]) -> str:
    """A content-derived id: the same article keeps it when its file moves.

    Title and the start of the first paragraph only: the kicker and column
    depend on the headings around the article, which a page may rearrange.
    """
    first = next((b.text for b in blocks if b.type == "paragraph"), "")
    basis = "\x1f".join([title, first[:200]])
    basis = "".join(unicodedata.normalize("NFKC", basis).split())
    return sha1_hex(basis)[:12]


def parse_issue(text: str, source: str = "", name: str = "") -> Issue:
    """Parse a page's text into an Issue."""
    if text.startswith("\ufeff"):
        text = text[1:]
    parser = _Parser()
    lines = _scan(text.replace("\r\n", "\n").replace("\r", "\n"))
    i = 0
    while i < len(lines):
        if lines[i].level:
            j = i
            while j < len(lines) and lines[j].level:
                j += 1
            parser.heading_run(lines[i:j])
            i = j
        else:
            parser.text(lines[i])
            i += 1
    articles: list[Article] = []
    seen: dict[str, int] = {}
    for draft in parser.articles:
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
            )
        )
    if not name and source:
        name = Path(source).stem
    return Issue(source=source, articles=tuple(articles), banner=parser.banner, name=name)
