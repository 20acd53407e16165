"""Grouping files for the list: by paper, day and page where known, else by folder.

The list shows files in reading order (``session.library``: each issue, a day
of a paper, is a run of files in page order), each placed in a group path
that the list shows as foldable rows.

* With files of several papers open, each paper is a group first (files that
  name no paper after them: ``其他``); with one, the top line names it.
* A day (an issue) is a group where it holds pages or several files:
  ``2025年1月2日 周四`` › ``第4版 经济``; a page (版) is a group under its
  day. A day of one file and no page needs no group: the file's row stands
  for it.
* A list of 10,000 file rows is a list nobody can use, and one Textual has to
  measure row by row. With more than ``GROUP_ABOVE`` files open, days go
  under their year and month first (``2024年`` › ``2024年01月``), and an
  undated file under its folder (when they come from several), then in runs
  of ``RUN`` files in their reading order: ``0000_luoyang … 0099_luoyang``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Sequence

from reader.core.i18n import _
from reader.core.model import Issue, SourceFile, page_label

GROUP_ABOVE = 100  # files: up to this many, the list shows them all
RUN = 100  # undated files per group of one folder


Path_ = tuple[str, ...]


WEEKDAYS = "一二三四五六日"  # 周一 … 周日


def file_date(file: SourceFile) -> tuple[int, int, int] | None:
    """The file's date: what its text said, else what its path names (as the
    parser or the path's placement put it in ``date``: ``placement``)."""
    text = file.date
    if text is None:
        return None
    year, month, day = (int(x) for x in text.split("-"))
    return year, month, day


def _date_of(file: SourceFile, known: dict[str | None, tuple[int, int, int] | None]) -> tuple[int, int, int] | None:
    """``file_date``, kept in ``known`` by the date as the file has it."""
    known[file.date] = date = file_date(file)
    return date


def date_label(date: tuple[int, int, int]) -> str:
    """``2025年1月2日 周四`` (a date ``file_date`` gave: a real one)."""
    return f"{date[0]}年{date[1]}月{date[2]}日 周{WEEKDAYS[dt.date(*date).weekday()]}"


def iso_label(iso: str) -> str:
    """``2025年1月2日 周四`` for an ISO date (as a model's ``date``)."""
    year, month, day = (int(x) for x in iso.split("-"))
    return date_label((year, month, day))


def file_heading(file: SourceFile) -> str:
    """A file's name, after its date and page where known: ``2025年1月2日 周四 第4版 经济 · 甲``."""
    date = file_date(file)
    where = " ".join(x for x in (date_label(date) if date else None, page_label(file)) if x)
    name = file.name or file.source
    return f"{where} · {name}" if where else name


def issue_heading(issue: Issue, paper: bool = True) -> str:
    """An issue's name: its paper (unless ``paper`` is false) and day
    (``洛阳日报 · 2025年1月2日 周四``), its page when it has only one; an
    undated file's is the file's heading."""
    named = issue.paper if paper else None
    if issue.date is None:
        return " · ".join(x for x in (named, *(file_heading(f) for f in issue.files[:1])) if x)
    pages = issue.pages
    page = page_label(issue.files[0]) if len(pages) == 1 else None
    return " · ".join(x for x in (named, iso_label(issue.date), page) if x)


def is_page_group(path: Path_) -> bool:
    """Whether a group path ends in a page (第4版 …): its files are that page's."""
    return bool(path) and path[-1].startswith("第") and "版" in path[-1]


def _contiguous(paths: Sequence[Path_]) -> list[Path_]:
    """The paths with each group made of consecutive files: a group met again
    after others (files not in reading order) is a group of its own,
    numbered: ``第2版 (2)``. The list shows each group once, where it starts."""
    made: list[Path_] = []
    used: Counter[Path_] = Counter()
    last_raw: Path_ = ()
    last: Path_ = ()
    for path in paths:
        final: Path_ = ()
        for depth in range(1, len(path) + 1):
            if last_raw[:depth] == path[:depth] and len(last) >= depth:
                final = last[:depth]  # the group goes on from the file before
                continue
            ident = (*final, path[depth - 1])
            used[ident] += 1
            final = ident if used[ident] == 1 else (*final, f"{path[depth - 1]} ({used[ident]})")
        made.append(final)
        last_raw, last = path, final
    return made


def group_paths(files: Sequence[SourceFile]) -> list[Path_]:
    """Each file's group path (empty for all when there are few files, of
    one paper, with no pages and one file a day)."""
    return _contiguous(_group_paths(files))


def paths_among(files: Sequence[SourceFile], among: int) -> list[Path_] | None:
    """The group paths ``files`` (whole days, of one paper or none) have in
    a list of ``among`` files of that paper: what ``group_paths`` of them all
    gives these. None where that takes more than them to tell: a file of no
    date (its folder's other files name its group)."""
    if among > GROUP_ABOVE and any(file.date is None for file in files):
        return None
    return _group_paths(files, among)


def month_sizes(articles: dict[str, int]) -> Counter[Path_]:
    """The year and month groups of a dated list (above ``GROUP_ABOVE``
    files, of one paper) with how many articles each holds, from the
    articles of each month (``"2024-01"``)."""
    sizes: Counter[Path_] = Counter()
    for month, count in articles.items():
        group = _year_and_month(int(month[:4]), int(month[5:7]))
        sizes[group[:1]] += count
        sizes[group] += count
    return sizes


def _year_and_month(year: int, month: int) -> Path_:
    """The groups of a month in a big dated list: ``2024年`` › ``2024年01月``."""
    return f"{year}年", f"{year}年{month:02d}月"


def _group_paths(files: Sequence[SourceFile], among: int | None = None) -> list[Path_]:
    # An archive's files share their days and pages: each is parsed and labelled once.
    dates_of: dict[str | None, tuple[int, int, int] | None] = {}
    dates = [dates_of[f.date] if f.date in dates_of else _date_of(f, dates_of) for f in files]
    pages = [None if file.page is None else page_label(file) for file in files]
    papers = [file.paper for file in files]
    per_day = Counter(zip(papers, dates, strict=True))
    labels = {d: date_label(d) for d in set(dates) if d is not None}
    # A day is a group where it holds pages, or several files; a page, always.
    days: list[Path_] = [
        ((labels[d],) if d is not None and (p or per_day[paper, d] > 1) else ()) + ((p,) if p else ())
        for paper, d, p in zip(papers, dates, pages, strict=True)
    ]
    several_papers = len(set(papers) - {None}) > 1  # one paper named: the top line names it
    heads: list[Path_] = [((paper or _("Other"),) if several_papers else ()) for paper in papers]
    count = len(files) if among is None else among
    if count <= GROUP_ABOVE:
        if count <= 1:
            return [() for _file in files]
        return [head + day for head, day in zip(heads, days, strict=True)]
    folders = [os.path.dirname(file.source) if d is None else "" for file, d in zip(files, dates, strict=True)]
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
            label = f"{files[chunk[0]].name} … {files[chunk[-1]].name}"
            for n in chunk:
                label_of[n] = label
    paths: list[Path_] = []
    for n, (folder, date) in enumerate(zip(folders, dates, strict=True)):
        if date is not None:
            year, month, _day = date
            paths.append((*heads[n], *_year_and_month(year, month), *days[n]))
            continue
        path: list[str] = [os.path.basename(folder) or folder] if several else []
        if in_folder[folder] > RUN:
            path.append(label_of[n])
        paths.append((*heads[n], *path))
    return paths


def group_counts(paths: Sequence[Path_], weights: Sequence[int]) -> tuple[Counter[Path_], Counter[Path_]]:
    """How many files, and how many articles (``weights``: each file's), each
    group (each prefix of a path) holds: each distinct path counted once, then
    added to its groups (a list of 20,000 files asks both; its pages share paths)."""
    held: Counter[Path_] = Counter(paths)
    weighed: dict[Path_, int] = dict.fromkeys(held, 0)
    for path, weight in zip(paths, weights, strict=True):
        weighed[path] += weight
    files: Counter[Path_] = Counter()
    articles: Counter[Path_] = Counter()
    for path, count in held.items():
        weight = weighed[path]
        for end in range(1, len(path) + 1):
            group = path[:end]
            files[group] += count
            articles[group] += weight
    return files, articles
