"""Grouping issues for the list: by date and page where known, else by folder.

Each issue is placed in a group path, which the list shows as foldable rows.

* Issues that know their page (版: from front matter, the page's own lines or
  the path) go under their date, then their page:
  ``2025年1月2日 周四`` › ``第4版 经济``. Several files of one date go
  under their date even without pages.
* A list of 10,000 issue rows is a list nobody can use, and one Textual has
  to measure row by row. With more than ``GROUP_ABOVE`` issues open, dated
  issues go under their year and month first (``2024年`` › ``2024年01月``),
  and any other goes under its folder (when the issues come from several),
  then in runs of ``RUN`` issues in their reading order:
  ``0000_luoyang … 0099_luoyang``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Sequence

from reader.core.model import Issue
from reader.text.placement import find_date

GROUP_ABOVE = 100  # issues: up to this many, the list shows them all
RUN = 100  # undated issues per group of one folder


Path_ = tuple[str, ...]


WEEKDAYS = "一二三四五六日"  # 周一 … 周日


def issue_date(issue: Issue) -> tuple[int, int, int] | None:
    """The issue's date: what its text said, else what its path names."""
    text = issue.date or find_date(issue.source)
    if text is None:
        return None
    year, month, day = (int(x) for x in text.split("-"))
    return year, month, day


def date_label(date: tuple[int, int, int]) -> str:
    """``2025年1月2日 周四`` (a date ``issue_date`` gave: a real one)."""
    return f"{date[0]}年{date[1]}月{date[2]}日 周{WEEKDAYS[dt.date(*date).weekday()]}"


def page_label(issue: Issue) -> str | None:
    """``第4版 经济`` for an issue that knows its page."""
    if issue.page is None:
        return None
    return f"第{issue.page}版" + (f" {issue.page_name}" if issue.page_name else "")


def issue_heading(issue: Issue) -> str:
    """An issue's name, after its date and page where known: ``2025年1月2日 周四 第4版 经济 · 甲``."""
    date = issue_date(issue)
    where = " ".join(x for x in (date_label(date) if date else None, page_label(issue)) if x)
    name = issue.name or issue.source
    return f"{where} · {name}" if where else name


def is_page_group(path: Path_) -> bool:
    """Whether a group path ends in a page (第4版 …): its issues are that page's."""
    return bool(path) and path[-1].startswith("第") and "版" in path[-1]


def _contiguous(paths: Sequence[Path_]) -> list[Path_]:
    """The paths with each group made of consecutive issues: a group met again
    after others (files whose dates are out of order) is a group of its own,
    numbered: ``第2版 (2)``. The list shows each group once, where it starts."""
    made: list[Path_] = []
    used: Counter[Path_] = Counter()
    last_raw: Path_ = ()
    last: Path_ = ()
    for path in paths:
        final: Path_ = ()
        for depth in range(1, len(path) + 1):
            if last_raw[:depth] == path[:depth] and len(last) >= depth:
                final = last[:depth]  # the group goes on from the issue before
                continue
            ident = (*final, path[depth - 1])
            used[ident] += 1
            final = ident if used[ident] == 1 else (*final, f"{path[depth - 1]} ({used[ident]})")
        made.append(final)
        last_raw, last = path, final
    return made


def group_paths(issues: Sequence[Issue]) -> list[Path_]:
    """Each issue's group path (empty for all when there are few issues, no pages and one date)."""
    return _contiguous(_group_paths(issues))


def _group_paths(issues: Sequence[Issue]) -> list[Path_]:
    dates = [issue_date(issue) for issue in issues]
    pages = [page_label(issue) for issue in issues]
    per_date = Counter(dates)
    # A date is a group where it holds pages, or several files; a page, always.
    days: list[Path_] = [
        ((date_label(d),) if d is not None and (p or per_date[d] > 1) else ()) + ((p,) if p else ())
        for d, p in zip(dates, pages, strict=True)
    ]
    if len(issues) <= GROUP_ABOVE:
        return days if len(issues) > 1 else [() for _ in issues]
    folders = [os.path.dirname(issue.source) for issue in issues]
    undated_folders = {f for f, d in zip(folders, dates, strict=True) if d is None}
    several = len(undated_folders) > 1
    in_folder = Counter(f for f, d in zip(folders, dates, strict=True) if d is None)
    runs: dict[str, list[int]] = {}
    for n, (folder, date) in enumerate(zip(folders, dates, strict=True)):
        if date is None:
            runs.setdefault(folder, []).append(n)
    label_of: dict[int, str] = {}
    for members in runs.values():
        for start in range(0, len(members), RUN):
            chunk = members[start : start + RUN]
            label = f"{issues[chunk[0]].name} … {issues[chunk[-1]].name}"
            for n in chunk:
                label_of[n] = label
    paths: list[Path_] = []
    for n, (folder, date) in enumerate(zip(folders, dates, strict=True)):
        if date is not None:
            year, month, _ = date
            paths.append((f"{year}年", f"{year}年{month:02d}月", *days[n]))
            continue
        path: list[str] = [os.path.basename(folder) or folder] if several else []
        if in_folder[folder] > RUN:
            path.append(label_of[n])
        paths.append(tuple(path))
    return paths


def group_sizes(paths: Sequence[Path_], weights: Sequence[int] | None = None) -> Counter[Path_]:
    """How many issues each group (each prefix of a path) holds; with
    ``weights`` (each issue's article count), how many articles."""
    sizes: Counter[Path_] = Counter()
    for n, path in enumerate(paths):
        weight = 1 if weights is None else weights[n]
        for end in range(1, len(path) + 1):
            sizes[path[:end]] += weight
    return sizes
