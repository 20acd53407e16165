"""A long piece of work in two halves, the second in a forked child on the other core.

A count over an archive confirms thousands of articles, each inflated and
searched: work in C on one core while the other waits. ``in_two`` gives the
second half of the rows to a child forked for it, which works on a
connection of its own (``reopen``) and sends its answer back as numbers; the
first half is done here meanwhile. Where the child cannot tell (a row it
would have to mend, which only the parent's connection may write; a fork
refused; a child killed), the parent does that half too: the answer is the
same either way. Only where the process has one thread (a command, not the
reader), since a fork copies no other thread.
"""

from __future__ import annotations

import os
import signal
import threading
from array import array
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
Pair = tuple[int, int]
Work = Callable[[Sequence[T], bool], list[Pair] | None]  # (rows, may mend) -> pairs; None: could not tell


def in_two(rows: Sequence[T], work: Work[T], reopen: Callable[[], bool]) -> list[Pair]:
    """``work(rows, True)``, its first half here and its second in a forked
    child that calls ``reopen()`` first (False: it cannot work apart), then
    ``work(half, False)``; the answers in order."""
    half = len(rows) // 2
    if not hasattr(os, "fork") or threading.active_count() != 1 or half == 0:
        return work(rows, True) or []
    try:
        read, write = os.pipe()
    except OSError:
        return work(rows, True) or []
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return work(rows, True) or []
    if pid == 0:
        _child(rows[half:], work, reopen, read, write)
    os.close(write)
    sent = b""
    try:
        mine = work(rows[:half], True) or []
        parts = []
        while chunk := os.read(read, 1 << 20):
            parts.append(chunk)
        sent = b"".join(parts)
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        raise
    finally:
        os.close(read)
        _pid, status = os.waitpid(pid, 0)
    theirs = _pairs(sent) if status == 0 else None
    return mine + (theirs if theirs is not None else work(rows[half:], True) or [])


def _child(rows: Sequence[T], work: Work[T], reopen: Callable[[], bool], read: int, write: int) -> None:
    """The child: its half on its own connection, the pairs down the pipe, and
    out at once (nothing of the parent's cleaned up, the terminal let go)."""
    code = 1
    try:
        os.close(read)
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        found = work(rows, False) if reopen() else None
        if found is not None:
            with os.fdopen(write, "wb") as pipe:
                pipe.write(array("q", (n for pair in found for n in pair)).tobytes())
            code = 0
    finally:
        os._exit(code)


def _pairs(data: bytes) -> list[Pair] | None:
    """The child's pairs again; None where the bytes do not hold them."""
    if len(data) % 16:
        return None
    numbers = array("q")
    numbers.frombytes(data)
    return list(zip(numbers[0::2], numbers[1::2], strict=True))
