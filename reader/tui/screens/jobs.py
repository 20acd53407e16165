"""The main screen's background work and the messages it answers with.

Every job runs in a thread worker with ``exit_on_error=False`` and reports by
posting a message, never by ``call_from_thread``: a job never blocks on a UI
that may be closing. Each answer names what it is about (a search ticket, the
issues), so the screen can drop one that arrives too late.

* search: one at a time; a newer keystroke cancels the older (``exclusive``).
* pinyin tables: built once, ahead of the first pinyin query.
* keywords: one runner serving the session's keyword queue (see
  ``reader.session.sidebar``), so at most one jieba child at a time.
* pending files: files of a big archive opened for the first time, read
  into the catalog while the reader is already up (``Library.read_pending``).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass

from textual.message import Message
from textual.worker import get_current_worker

from reader.session.cursor import SearchAnswer, SearchRequest
from reader.session.library import Library
from reader.session.reading import ReadingSession
from reader.session.sidebar import Found


@dataclass
class SearchDone(Message):
    """A search's answer (its request names its ticket, query and scope)."""

    answer: SearchAnswer


@dataclass
class KeywordsDone(Message):
    """A keyword job's answer for the issues (days) ``keys`` (``error``: why some are missing)."""

    keys: list[str]
    found: Found
    error: str | None


@dataclass
class FilesProgress(Message):
    """Pending files read so far (``done`` of ``total``)."""

    done: int
    total: int


@dataclass
class FilesArrived(Message):
    """A batch of pending files, read: for the library to ``take``."""

    arrival: object


@dataclass
class FilesDone(Message):
    """The pending files are all read (``warnings``: files skipped; ``error``: why it stopped)."""

    warnings: list[str]
    error: str | None


@dataclass
class Warned(Message):
    """Something the user should know, said from any thread (a damaged catalog row mended)."""

    text: str


COUNT_AFTER_S = 0.2  # a pause in typing after a screenful of hits before every hit is counted
PROGRESS_EVERY_S = 0.25


class _Stopped(Exception):
    """The app is closing: stop reading files (the batch being read is read again next time)."""


def _worker_cancelled() -> bool:
    return get_current_worker().is_cancelled


def pending_files_job(library: Library, post: Callable[[Message], object],
                      cancelled: Callable[[], bool] = _worker_cancelled) -> None:
    """Read the library's pending files, posting progress (at most four times
    a second), each batch read, and the end. Stops at the next file once
    ``cancelled()``: quitting never waits for the archive."""
    last = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last
        if cancelled():
            raise _Stopped
        now = time.monotonic()
        if now - last >= PROGRESS_EVERY_S:
            last = now
            post(FilesProgress(done, total))

    def arrived(arrival: object) -> None:
        post(FilesArrived(arrival))

    try:
        warnings = library.read_pending(progress, arrived)
    except _Stopped:
        return
    except (OSError, sqlite3.Error, ValueError) as err:
        from reader.core.i18n import _
        from reader.core.safe_files import reason

        post(FilesDone([], _("reading the archive stopped: {reason}").format(reason=reason(err))))
        return
    post(FilesDone(warnings, None))


def search_job(session: ReadingSession, request: SearchRequest, post: Callable[[Message], object],
               cancelled: Callable[[], bool] = _worker_cancelled, pause: float = COUNT_AFTER_S) -> None:
    """Search (building the index the first time) and post each answer: over
    an archive a first screenful, then the rest, unless a newer keystroke
    cancelled this worker meanwhile. The rest waits for ``pause`` seconds
    without a newer keystroke: counting every hit (seconds of Python for a
    common word at 40,000 issues) would share the interpreter with the
    screenful being drawn and with the next key's search, and make both
    wait (measured in the pty: 30-110 ms to a key's screenful beside
    10-30 ms without it)."""
    for answer in session.answers(request, stop=cancelled):
        if cancelled():
            return
        post(SearchDone(answer))
        if answer.first and not _paused(pause, cancelled):
            return


def _paused(seconds: float, cancelled: Callable[[], bool]) -> bool:
    """Whether ``seconds`` pass without ``cancelled()`` becoming true (looked at every 10 ms)."""
    until = time.monotonic() + seconds
    while not cancelled():
        left = until - time.monotonic()
        if left <= 0:
            return True
        time.sleep(min(left, 0.01))
    return False


def keyword_job(session: ReadingSession, post: Callable[[Message], object]) -> None:
    """Serve the session's keyword queue until it is empty: the cache answers
    at once, one jieba child computes the rest of each batch."""

    def report(keys: list[str], found: Found, error: str | None) -> None:
        post(KeywordsDone(keys, found, error))

    session.serve_keywords(report)
