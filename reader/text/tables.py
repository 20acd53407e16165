"""Tables as a crawler's Markdown writes them: rows of cells between pipes.

    | 指标 | 数值 | 增长 |
    | --- | --- | --- |
    | 地区生产总值 | 1200亿元 | 5.2% |

A table is a header row, a delimiter row of dashes with as many cells, and
the rows under them that have a pipe (as GitHub's Markdown reads one). Each
row is read as its cells, set apart by a full-width space, and stays a line
of its own in the article's text; the delimiter row is markup. Without the
delimiter row, pipes are text (``| 洛阳日报 | 版面导航 |`` is a site's menu).
"""

from __future__ import annotations

import re

DELIMITER_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
PIPE_RE = re.compile(r"(?<!\\)\|")
CELL_GAP = "\u3000"  # between a row's cells, as the text shows them


def cells(row: str) -> list[str]:
    """A row's cells, as written (``\\|`` is a pipe inside a cell)."""
    inner = row.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [cell.strip().replace("\\|", "|") for cell in PIPE_RE.split(inner)]


def table_rows(lines: list[str]) -> dict[int, list[str] | None]:
    """The lines of ``lines`` that are a table's: by index, each row's cells,
    or None for a delimiter row (markup alone)."""
    found: dict[int, list[str] | None] = {}
    k = 1
    while k < len(lines):
        header = lines[k - 1]
        if "|" in lines[k] and DELIMITER_RE.match(lines[k]) and "|" in header and k - 1 not in found \
                and len(cells(header)) == len(cells(lines[k])):
            found[k - 1], found[k] = cells(header), None
            k += 1
            while k < len(lines) and lines[k].strip() and PIPE_RE.search(lines[k]):
                found[k] = cells(lines[k])
                k += 1
        k += 1
    return found


def row_text(row: list[str]) -> str:
    """A row as the text shows it: its cells that have text, set apart."""
    return CELL_GAP.join(cell for cell in row if cell)
