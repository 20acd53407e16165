"""Taking turns with other sessions of the same user: one ``flock`` helper.

Two kinds of turn are taken: a short one while a database is opened, checked
and made (on its directory: no file is added), and a long one while the
catalog reads files into itself (on a private lock file beside it, so that
another session can tell it is busy without waiting). Where the file system
has no locks the reader goes on without them.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from reader.core.safe_files import private_file

POLL_S = 0.25  # while another session holds a lock: how often to look again (and tell ``meanwhile``)


@contextmanager
def holding(path: Path, *, directory: bool = False, wait: bool = True, timeout: float | None = None,
            waiting: Callable[[], None] | None = None,
            meanwhile: Callable[[], None] | None = None) -> Iterator[bool]:
    """An exclusive ``flock`` on ``path`` (a directory of the user's, or a
    private lock file, made if missing), held while the block runs; yields
    whether it is held.

    Busy: with ``wait=False`` it is not waited for (yields False); else
    ``waiting`` is told once and ``meanwhile`` every ``POLL_S`` (either may
    raise to stop waiting), and after ``timeout`` seconds the block runs
    without it. Without locks (no such file system, an odd path) it yields True."""
    try:
        if directory:
            fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        else:
            private_file(path)
            fd = os.open(path, os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        yield True
        return
    try:
        held = _take(fd, wait, timeout, waiting, meanwhile)
        yield held
    finally:
        os.close(fd)  # releases the lock


def _take(fd: int, wait: bool, timeout: float | None, waiting: Callable[[], None] | None,
          meanwhile: Callable[[], None] | None) -> bool:
    deadline = None if timeout is None else time.monotonic() + timeout
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if not wait:
                return False
        except OSError:
            return True  # no locks here: go on
        if not told and waiting is not None:
            waiting()
        told = True
        if meanwhile is not None:
            meanwhile()
        if deadline is not None and time.monotonic() > deadline:
            return True  # the other session is stuck: go on, as SQLite's own locks still guard the file
        time.sleep(POLL_S if meanwhile is not None or deadline is None else 0.01)
