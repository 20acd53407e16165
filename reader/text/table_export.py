"""An archive's export as a table: a header row naming the fields, then an
article a row, its cells set apart by tabs or commas (a spreadsheet's or a
crawler's dataset saved as text)::

    标题	日期	版次	作者	正文
    老城区改造工程启动	2011-05-17	第3版	王某	本报讯 老城区改造工程昨日正式启动……

The header's cells are the labels a labelled export uses (``records``:
标题, 日期, 版次, 作者, 正文 …) or their English names (title, date, page,
author, content …); a table is read only when they name a title and a text,
three fields or more, and most rows have as many cells. Each row becomes a
``records.Record``: its text cell the article's text, its other cells its
fields, kept as written (with the header) as the file's furniture. Quoted
cells (a comma or a line break inside) are read as the ``csv`` module reads
them.
"""

from __future__ import annotations

import csv
import io

from reader.text.records import LABELS, Record

# The fields' English names, as a dataset's columns give them.
ENGLISH = {
    "title": "title", "headline": "title", "subtitle": "subtitle", "author": "author", "authors": "author",
    "byline": "author", "date": "date", "pubdate": "date", "publish_date": "date", "published": "date",
    "page": "page", "page_no": "page", "section": "page_name", "paper": "paper", "newspaper": "paper",
    "source": "source", "column": "column", "content": "text", "text": "text", "body": "text",
    "summary": "summary", "abstract": "summary",
}
FIELDS_MIN = 3  # a header of fewer cells is no table of articles


def _field(cell: str) -> str | None:
    """The field a header's cell names, if one."""
    label = cell.strip().strip("\ufeff").strip()
    return LABELS.get(label) or ENGLISH.get(label.lower())


def table_records(body: str) -> tuple[list[str], list[Record]] | None:
    """The header and the records of a table of articles, or None where the text is not one."""
    start = len(body) - len(body.lstrip("\n"))
    end = body.find("\n", start)
    first = body[start : end if end >= 0 else len(body)]
    delimiter = "\t" if "\t" in first else "," if "," in first else None
    if delimiter is None or len(first) > 1000:
        return None  # most pages: their first line holds neither
    header = next(csv.reader([first], delimiter=delimiter))
    names = [_field(cell) for cell in header]
    if len(header) < FIELDS_MIN or "title" not in names or "text" not in names:
        return None
    csv.field_size_limit(max(csv.field_size_limit(), len(body)))  # the module's own limit (128 KB) is a page's
    found: list[Record] = []
    misfits: list[str] = []  # rows before the first that fits
    try:
        rows = [row for row in csv.reader(io.StringIO(body[start + len(first) :].lstrip("\n")), delimiter=delimiter)
                if row]
    except csv.Error:  # a NUL, say: no table after all, read as a page
        return None
    for row in rows:
        if len(row) != len(header):  # a row that does not fit: kept as written after the article above
            (found[-1].after if found else misfits).append(delimiter.join(row))
            continue
        record = Record(labelled_text=True)
        for name, cell in zip(names, row, strict=True):
            value = cell.strip()
            if name == "text":
                record.text = cell.split("\n")
            elif name is not None and value:
                record.fields[name] = value
        record.labelled.append(delimiter.join(cell for name, cell in zip(names, row, strict=True) if name != "text"))
        found.append(record)
    whole = [r for r in found if "title" in r.fields and any(line.strip() for line in r.text)]
    if not whole or len(whole) < len(rows) / 2:
        return None
    found[0].labelled[:0] = [first, *misfits]  # the header: the export's own line, furniture as the labels are
    return [], found
