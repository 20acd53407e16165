"""The library of an archive: the catalog's lazy issues, its index, and the
files still to read.

What the reader opens. Its issues are the catalog's (``catalog.lazy``):
their articles' headings are read when first listed, their text when opened.
Searches go to the catalog's index on a connection of their own, so a long
search never holds up the UI thread's reads. Files of a big archive opened
for the first time are *pending*: ``read_pending`` reads them in a worker
thread (or takes them as another session reads them), handing each batch to
the UI thread, which ``take``s it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reader.catalog.database import Catalog
from reader.catalog.lazy import LazyFile, catalog_files
from reader.catalog.rows import Entry
from reader.catalog.search import ArchiveSearch
from reader.core.model import Article, SourceFile
from reader.session.library import MemoryLibrary
from reader.session.papers import Papers
from reader.text.sources import Target

FIRST_HAND_OVER_S = 0.5  # the first files read reach the list this soon; then every 1, 2, 4, 8 s
LAST_HAND_OVER_S = 8.0


@dataclass(frozen=True)
class FilesRead:
    """A batch of pending files, read: what ``read_pending`` hands over."""

    entries: list[Entry]


class ArchiveLibrary(MemoryLibrary):
    """The catalog's issues of some files (``entries``; ``sources`` in reading
    order, with those still ``pending`` to read)."""

    def __init__(self, catalog: Catalog, entries: Sequence[Entry], sources: Sequence[str] | None = None,
                 pending: Sequence[Target] = (), papers: Papers | None = None) -> None:
        self._catalog = catalog
        self._lazy: list[LazyFile] = catalog_files(catalog, entries, sources=sources)
        self._search = ArchiveSearch(catalog.for_reading(), entries, self._resolve)
        self._pending = list(pending)
        super().__init__(self._lazy, self._search, papers)

    def listen(self, warn: Callable[[str], None]) -> None:
        self._catalog.listen(warn)  # what is read through the search's connection is mended by this one

    def _resolve(self, entry: Entry, doc: int, ordinal: int) -> tuple[SourceFile, Article]:
        return self.resolve(entry.source, ordinal)

    @property
    def pending_files(self) -> int:
        return sum(issue.pending for issue in self._lazy)

    def read_pending(self, progress: Callable[[int, int], None], arrived: Callable[[object], None]) -> list[str]:
        """Read the pending files into the catalog (in the calling thread, a
        worker's), handing each batch read to ``arrived``; returns what was
        skipped. ``progress(done, total)`` is told as files are read and may
        raise to stop. While another session holds the catalog, what it has
        read so far is handed over now and then."""
        if not self._pending:
            return []
        builder = self._catalog.another()
        waiting = [issue.source for issue in self._lazy if issue.pending]
        taken: set[str] = set()

        def meanwhile() -> None:
            new = [entry for entry in builder.entries(waiting) if entry.source not in taken]
            taken.update(entry.source for entry in new)
            progress(len(taken), len(waiting))  # stops the wait once the reader is closing
            if new:
                arrived(FilesRead(new))

        builder.meanwhile = meanwhile
        held: list[Entry] = []
        clock = {"next": time.monotonic() + FIRST_HAND_OVER_S, "every": FIRST_HAND_OVER_S}

        def written(entries: list[Entry]) -> None:
            """Batches handed over at growing intervals: each is the list grouped and drawn again,
            which grows with the archive, so a batch a moment would cost the reader quadratic time."""
            held.extend(entries)
            now = time.monotonic()
            if now >= clock["next"]:
                arrived(FilesRead(held[:]))
                held.clear()
                clock["every"] = min(clock["every"] * 2, LAST_HAND_OVER_S)
                clock["next"] = now + clock["every"]

        try:
            report = builder.scan(self._pending, progress, drop=False, written=written)
        finally:
            if builder is not self._catalog:
                builder.close()
        arrived(FilesRead(report.entries))  # whoever read them: this session, or another meanwhile
        return report.warnings

    def take(self, arrival: object) -> list[SourceFile]:
        """Files that were pending are in the catalog now: their issues get
        their articles, and searches cover them. Returns those issues."""
        if not isinstance(arrival, FilesRead):
            return []
        by_source = {entry.source: entry for entry in arrival.entries}
        done: list[SourceFile] = []
        for issue in self._lazy:
            entry = by_source.get(issue.source)
            if issue.pending and entry is not None:
                issue.fill(entry)
                done.append(issue)
        if done:
            self._search.use([issue.entry for issue in self._lazy if issue.entry is not None])
            self._arrange(self._lazy)  # a file read may name its paper and date: the days again
        return done


def archive_library(catalog: Catalog, entries: Sequence[Entry], sources: Sequence[str] | None = None,
                    pending: Sequence[Target] = (), papers: Papers | None = None) -> ArchiveLibrary:
    """The reader's library over catalogued ``entries`` (and ``pending`` files
    at ``sources``); ``papers`` names the paper of files that do not."""
    return ArchiveLibrary(catalog, entries, sources, pending, papers)
