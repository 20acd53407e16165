"""Line breaking for Chinese text in a terminal: cell widths and kinsoku rules.

A terminal cell grid cannot squeeze punctuation, so lines are broken greedily
by display width (CJK characters take two cells) and then adjusted so that no
line starts with closing punctuation (。，、」 …) and none ends with an opening
one (“《（ …): the character before is pushed to the next line instead. Runs of
ASCII letters and digits (``13.5``, ``2024``, ``TB``) are not split unless
longer than a line. Spaces at a break are dropped; every other character is
kept, in order.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rich.cells import cell_len

NO_LINE_START = set("，,。．.、；;：:！!？?）)」』》〉】〕”’…%‰·～~—-")
NO_LINE_END = set("（(「『《〈【〔“‘")
# Units: a run of ASCII word characters (with inner . , % etc.), a run of spaces, or one character.
UNIT_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.%+\-/_]*[A-Za-z0-9%]|[A-Za-z0-9]| +|.", re.S)


def _units(text: str) -> list[str]:
    return UNIT_RE.findall(text)


def _split_long(unit: str, width: int) -> list[str]:
    """Fold a unit wider than a line by cells."""
    parts: list[str] = []
    current = ""
    for ch in unit:
        if current and cell_len(current + ch) > width:
            parts.append(current)
            current = ""
        current += ch
    if current:
        parts.append(current)
    return parts


@lru_cache(maxsize=4096)
def wrap(text: str, width: int) -> tuple[str, ...]:
    """Break ``text`` into lines of at most ``width`` cells (kinsoku applied)."""
    width = max(2, width)
    if not text:
        return ("",)
    lines: list[list[str]] = [[]]
    used = 0
    units: list[str] = []
    for unit in _units(text):
        units.extend(_split_long(unit, width) if cell_len(unit) > width else [unit])
    for unit in units:
        size = cell_len(unit)
        line = lines[-1]
        if used + size <= width or not line:
            if unit.isspace() and not line:
                continue  # no spaces at the start of a line
            line.append(unit)
            used += size
            continue
        if unit.isspace():
            lines.append([])
            used = 0
            continue
        carry: list[str] = []
        # Push-out: closing punctuation may not start the next line, opening
        # punctuation may not end this one.
        if unit[0] in NO_LINE_START:
            while len(line) > 1 and line[-1] in NO_LINE_START:  # a run of closing marks
                carry.insert(0, line.pop())
            if len(line) > 1:
                carry.insert(0, line.pop())
        while len(line) > 1 and line[-1] in NO_LINE_END:
            carry.insert(0, line.pop())
        while line and line[-1].isspace():
            line.pop()
        new = carry + [unit]
        if cell_len("".join(new)) > width:  # cannot keep the rule: plain break
            line.extend(carry)
            new = [unit]
        lines.append(new)
        used = cell_len("".join(new))
    out = ["".join(line).rstrip(" ") for line in lines]
    return tuple(out) if out else ("",)


@lru_cache(maxsize=4096)
def wrap_at_spaces(text: str, width: int) -> tuple[str, ...]:
    """``wrap``, but a part after a space that does not fit on the line starts
    the next one whole: a title and its subtitle (``提升统战工作质效 凝聚同心奋进力量``)
    break between them, not inside one."""
    width = max(2, width)
    lines: list[str] = []
    current = ""
    for part in text.split(" "):
        joined = f"{current} {part}" if current else part
        if cell_len(joined) <= width:
            current = joined
            continue
        if current:
            lines.append(current)
        pieces = wrap(part, width)
        lines.extend(pieces[:-1])
        current = pieces[-1]
    lines.append(current)
    return tuple(lines)


def line_starts(text: str, lines: tuple[str, ...]) -> list[int]:
    """Where each wrapped line starts in ``text`` (lines are ``wrap(text, …)``)."""
    starts: list[int] = []
    position = 0
    for line in lines:
        start = text.find(line, position) if line else position
        starts.append(start)
        position = start + len(line)
    return starts
