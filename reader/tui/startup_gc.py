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

What is not frozen is still collected in full, and often: Textual's
strips hold caches that hold them, so every drawing leaves garbage in
cycles (traced in the pty while typing a search at 40,000 issues: 7,350
of 14,377 objects of one collection were caches of strips), and with
little left unfrozen, Python's rule (a full collection once the objects
that lived on grew by a quarter) met every ten young collections. Each
took 15-40 ms, on whichever thread asked for memory: a keystroke now and
then waited for it. So full collections wait for the user to rest
(``collect_at_rest``, asked by the app once no key nor mouse came for
``REST_S``), unless ``FULL_AT_MOST`` young collections came first (keys
held down for long).
"""

from __future__ import annotations

import gc

_paused = False
FULL_AT_REST = 10  # young collections after which a full one runs when the user rests (Python's own number)
FULL_AT_MOST = 100  # ...and without waiting for rest: ten times Python's
REST_S = 0.5  # no key nor mouse for this long: the user is reading


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
        threshold = gc.get_threshold()
        if len(threshold) == 3:  # full collections left to rest (``collect_at_rest``)
            gc.set_threshold(threshold[0], threshold[1], FULL_AT_MOST)
        gc.enable()


def collect_at_rest() -> bool:
    """A full collection, if ``FULL_AT_REST`` young ones came since the last
    (the user is resting: called by the app); whether it ran."""
    count = gc.get_count()
    if not gc.isenabled() or len(count) < 3 or count[2] < FULL_AT_REST:
        return False
    gc.collect()
    return True


def release() -> None:
    """The collector running again if still paused (the start stopped before a
    frame was drawn); nothing is collected or frozen."""
    global _paused
    if _paused:
        _paused = False
        gc.enable()
