"""The cyclic garbage collector at the reader's start.

Measured in a pty (warm start, 120x36): before its first frame the reader
spent 72–97 ms in the collector, ~40 ms of it in one full collection over the
~57,000 objects of Textual, Rich and the reader's modules, which live as long
as the reader does; a bare Textual app of the same shape spent ~37 ms and made
no full collection. An archive adds an object or more per file (its entry,
its issue, its list row): at 10,000 issues the collections before the first
frame cost another ~50 ms, over objects that all live as long as the reader.

So the collector is paused from the start (``pause``, by the command that
opens the reader) until the first frame is on the screen; then (``resume``)
the young garbage of the loading (the argument parser, the rows read) is
collected, what is left is frozen (``gc.freeze``), and the collector runs
again. No collection traverses the frozen objects again, at the start or
later in the session, where a full collection would stall a page-down for
tens of milliseconds.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """No collection until ``resume`` (the reader's first frame)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Collect the garbage of the start, freeze what lives on, and let the
    collector run again; nothing when ``pause`` did not pause it (tests)."""
    global _paused
    if _paused:
        _paused = False
        gc.collect(1)
        gc.freeze()
        gc.enable()


def release() -> None:
    """The collector running again if still paused (the start stopped before a
    frame was drawn); nothing is collected or frozen."""
    global _paused
    if _paused:
        _paused = False
        gc.enable()
