"""Grouping many issues for the list: by date where one is known, else by folder.

A list of 10,000 issue rows is a list nobody can use, and one Textual has to
measure row by row. With more than ``GROUP_ABOVE`` issues open, each issue is
placed in a group path, which the list shows as foldable rows:

* an issue whose path names a date (``2024-01-05.txt``, ``20240105_page2.md``,
  ``2024/01/2024-01-05/…``, ``2024年1月5日``) goes under its year, then its
  month: ``2024年`` › ``2024年01月``;
* any other goes under its folder (when the issues come from several), then
  in runs of ``RUN`` issues in their reading order:
  ``0000_luoyang … 0099_luoyang``.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Sequence

from reader.model import Issue

GROUP_ABOVE = 100  # issues: up to this many, the list shows them all
RUN = 100  # undated issues per group of one folder

DATE = re.compile(
    r"(?<!\d)((?:19|20)\d\d)\s*[-_./年]?\s*(1[0-2]|0?[1-9])\s*[-_./月]?\s*(3[01]|[12]\d|0?[1-9])(?!\d)"
)

Path_ = tuple[str, ...]


def issue_date(issue: Issue) -> tuple[int, int, int] | None:
    """The date an issue's file path names (the last one in it), if any."""
    found: tuple[int, ...] | None = None
    for match in DATE.finditer(issue.source):
        separated = not match.group(0).isdigit()  # 2024-1-5, 2024年1月5日; 202415 is no date
        if separated or len(match.group(2)) == len(match.group(3)) == 2:
            found = tuple(int(x) for x in match.groups())
    return (found[0], found[1], found[2]) if found else None


def group_paths(issues: Sequence[Issue]) -> list[Path_]:
    """Each issue's group path (empty for all when there are few issues)."""
    if len(issues) <= GROUP_ABOVE:
        return [() for _ in issues]
    dates = [issue_date(issue) for issue in issues]
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
            paths.append((f"{year}年", f"{year}年{month:02d}月"))
            continue
        path: list[str] = [os.path.basename(folder) or folder] if several else []
        if in_folder[folder] > RUN:
            path.append(label_of[n])
        paths.append(tuple(path))
    return paths


def group_sizes(paths: Sequence[Path_]) -> Counter[Path_]:
    """How many issues each group (each prefix of a path) holds."""
    sizes: Counter[Path_] = Counter()
    for path in paths:
        for end in range(1, len(path) + 1):
            sizes[path[:end]] += 1
    return sizes
