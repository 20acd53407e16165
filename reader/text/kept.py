"""The forms a date and a page are kept in (what ``placement`` makes of
them), checked where kept values are read back: light, for a warm start."""

from __future__ import annotations

import datetime as dt
import re

ISO_DATE_RE = re.compile(r"(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])")
PAGE_NUMBER_RE = re.compile(r"[A-Z]?\d{1,3}")


def is_iso_date(text: str) -> bool:
    """Whether ``text`` is a date as kept: ISO, and a real day (2025-01-02)."""
    if not ISO_DATE_RE.fullmatch(text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def is_page_number(text: str) -> bool:
    """Whether ``text`` is a page as kept (``page_number``'s form: "4", "A3")."""
    return PAGE_NUMBER_RE.fullmatch(text) is not None
