"""An archive's export: each article a record of labelled fields.

Newspaper databases export an article as fields on lines of their own,
``【标题】…`` or ``标题：…``: title, author, paper, date, page, column, and
the text after ``【正文】`` (on that line or the lines below), one record
after another. ``records`` finds them, when most records of a file have a
title and a text (labelled, or after a blank line below two fields or more);
a page that merely has a line starting ``标题：`` is left alone.

Each record becomes an article (``parse``): its title, byline, column,
kicker and subtitle from the fields (``unprinted``: the paper printed them,
the export labelled them), its blocks parsed from the text as any page's.
The file's day, page and paper are the records' where those that give them
agree; where two differ (an export of several days) the file names none of
that fact rather than a wrong one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reader.text.line_kinds import INDENT_RE
from reader.text.placement import (
    Placement,
    find_date,
    page_line,
    page_number,
    printed_date,
    printed_placement,
)
from reader.text.scripts import either_words

# Each field, by the labels exports give it.
FIELDS = {
    "title": "标题 题名 篇名 题目 文章标题 正标题 主标题 主题",
    "kicker": "引题 肩题 眉题",
    "subtitle": "副标题 副题",
    "author": "作者 责任者 署名 记者",
    "paper": "报纸名称 报纸名 报纸中文名 报纸 报名 刊名 报刊名称 出处 文献来源",
    "date": "日期 出版日期 发表日期 发布日期 刊发日期 报纸日期 出版时间 发布时间 发表时间 刊发时间",
    "page": "版号 版次 版面 版 页码",
    "page_name": "版名 版面名称",
    "column": "栏目 专栏",
    "source": "来源 稿源",  # a paper's name (来源：洛阳日报) names the paper; an agency's (新华社) none
    "text": "正文 全文 内容 文章内容",
    "summary": "摘要 内容摘要 提要",  # the text of a record that has no other (a database's export of abstracts)
    "database": "来源库 数据库",
}
LABELS = {label: name for name, labels in FIELDS.items() for label in either_words(labels.split())}
_ALTERNATIVES = "|".join(sorted(map(re.escape, LABELS), key=len, reverse=True))
# A database's export may give each label in English first: Title-题名:, PubTime-发表时间:.
ENGLISH = r"(?:[A-Za-z][A-Za-z ]{0,20}-)?"
LABEL_RE = re.compile(rf"^\s*(?:【\s*({_ALTERNATIVES})\s*】|\[\s*({_ALTERNATIVES})\s*\]|{ENGLISH}({_ALTERNATIVES})\s*[:：])\s*(.*)$")
_TITLES = "|".join(sorted((re.escape(label) for label, name in LABELS.items() if name == "title"), key=len, reverse=True))
# A title's field anywhere in a text (every record has one): most pages have none, told by one search in C.
TITLE_FIELD_RE = re.compile(
    rf"^[ \t\u3000]*(?:【\s*(?:{_TITLES})\s*】|\[\s*(?:{_TITLES})\s*\]|{ENGLISH}(?:{_TITLES})\s*[:：])", re.MULTILINE)


@dataclass
class Record:
    """One article's fields as the export labelled them, and its text."""

    labelled: list[str] = field(default_factory=list)  # the field lines, as written
    fields: dict[str, str] = field(default_factory=dict)
    text: list[str] = field(default_factory=list)  # the lines of its text
    labelled_text: bool = False  # its text had a label (【正文】), not just a blank line after the fields
    summary_at: int | None = None  # which labelled line gives the summary (摘要：…), the text of a record without one
    after: list[str] = field(default_factory=list)  # field lines after the summary made the text: after it, in order

    @property
    def date(self) -> str | None:
        value = self.fields.get("date", "")
        return printed_date(value) or find_date(value) or self._cited.date

    @property
    def page(self) -> tuple[str | None, str | None]:
        """The page and its name (``第03版：要闻``, ``3``, ``A3``)."""
        value, name = self.fields.get("page", ""), self.fields.get("page_name") or None
        whole = page_line(value) if value else None
        if whole is not None:
            return whole[0], name or whole[1]
        if not value:
            return self._cited.page, name or self._cited.page_name
        return page_number(value), name

    @property
    def author(self) -> str | None:
        """The author's field as a byline: names a database sets apart with ; (王某;李某;) set apart by spaces."""
        value = self.fields.get("author")
        return "  ".join(name.strip() for name in re.split(r"[;；]", value) if name.strip()) or None if value else None

    @property
    def paper(self) -> str | None:
        """The paper the paper's field names (perhaps with its day and page: 洛阳日报 1985年5月17日 第3版)."""
        return self._cited.paper or self.fields.get("paper")

    @property
    def _cited(self) -> Placement:
        """What the paper's field says, read as a masthead line: 洛阳日报 1985年5月17日 第3版, 洛阳日报/1985-05-17/3版."""
        value = self.fields.get("paper")
        return printed_placement([value.replace("/", " ")]) if value else Placement()


def records(body: str) -> tuple[list[str], list[Record]] | None:
    """The lines before the first record and the records of an export, or
    None where the text is not one. Each record starts with the label the
    first one started with, and only that label starts one (an interview's
    ``记者：`` in a record's text, or a second ``【作者】`` among its fields,
    do not). Its text follows the text's label, or the fields after a blank
    line, or starts at an indented line under them (标题：… / 作者：… /
    ``　　本报讯…``)."""
    if not TITLE_FIELD_RE.search(body):
        return None  # most pages: no loop over their lines
    before: list[str] = []
    found: list[Record] = []
    current: Record | None = None
    opening: str | None = None  # the label the first record started with
    in_text = blank = False
    for line in body.split("\n"):
        match = LABEL_RE.match(line)
        label = next((g for g in match.groups()[:3] if g), None) if match else None
        starts = label is not None and (label == opening or opening is None)
        if current is not None and (in_text and not starts or label is None):
            if in_text or (line.strip() and (blank or INDENT_RE.match(line))):
                in_text = True
                current.text.append(line)
            elif line.strip():
                current.labelled.append(line)  # an unlabelled line among the fields: kept with them
            blank = not line.strip()
            continue
        if label is None:
            before.append(line)
            continue
        assert match is not None
        name, value = LABELS[label], match.group(4).strip()
        if current is None or label == opening:
            current, in_text, blank = Record(), False, False
            opening = opening or label
            found.append(current)
        if name == "text":
            in_text = current.labelled_text = True
            current.labelled.append(line[: match.start(4)].rstrip())
            if value:
                current.text.append(value)
            continue
        if name == "summary" and current.summary_at is None:
            current.summary_at = len(current.labelled)
        current.labelled.append(line)
        if value:  # a field given twice (【作者】 for each author) is one, its values in order
            current.fields[name] = f"{current.fields[name]} {value}" if name in current.fields else value
    for record in found:
        if not any(t.strip() for t in record.text) and record.summary_at is not None:
            # An export of abstracts: the abstract is the text, its label alone the export's.
            line = record.labelled[record.summary_at]
            match = LABEL_RE.match(line)
            if match is not None and match.group(4).strip():
                record.after = record.labelled[record.summary_at + 1 :]
                record.labelled[record.summary_at :] = [line[: match.start(4)].rstrip()]
                record.text.append(match.group(4))
    whole = [r for r in found if "title" in r.fields and any(t.strip() for t in r.text)
             and (r.labelled_text or len(r.fields) >= 2)]  # a lone 标题：… line is no export
    if not whole or len(whole) < len(found) / 2:
        return None
    return before, found


def agreed(values: list[str | None]) -> str | None:
    """The one value the records that give one agree on (None if two differ, or none gives one)."""
    given = {value for value in values if value is not None}
    return given.pop() if len(given) == 1 else None
