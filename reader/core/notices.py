"""Warnings for a person to read: a few lines, however many there are.

An archive can hold thousands of files the reader skips (empty, binary,
unreadable). Said one by one they bury the screen (2,000 toasts froze the
reader for 20 seconds); ``summarised`` keeps the first few and counts the
rest in one line. ``luoyang-reader index`` prints them all.
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.core.i18n import count_of

SHOWN = 3  # lines at most: the first warnings, then one that counts the others


def summarised(warnings: Sequence[str], shown: int = SHOWN) -> list[str]:
    """``warnings`` as at most ``shown`` lines: the first ones, then how many more."""
    if len(warnings) <= shown:
        return list(warnings)
    rest = len(warnings) - (shown - 1)
    return [*warnings[: shown - 1], count_of(
        "… and {count} more warning ('luoyang-reader index PATH' lists them all)",
        "… and {count} more warnings ('luoyang-reader index PATH' lists them all)", rest)]
