"""The cyclic garbage collector at the reader's start.

Measured in a pty (warm start, 120x36): before its first frame the reader
spent 72–97 ms in the collector, ~40 ms of it in one full collection over the
~57,000 objects of Textual, Rich and the reader's modules, which live as long
as the reader does; a bare Textual app of the same shape spent ~37 ms and made
no full collection. So once the reader has loaded, just before the UI starts,
what exists is frozen (``gc.freeze``): no collection traverses it again, at
the start or later in the session, where a full collection would stall a
page-down for tens of milliseconds. The young generations are collected first
(a few milliseconds), so the garbage of the loading (the argument parser, the
files read) is not frozen with it.
"""

from __future__ import annotations

import gc


def freeze_loaded() -> None:
    """Collect the young garbage, then freeze everything else for good."""
    gc.collect(1)
    gc.freeze()
