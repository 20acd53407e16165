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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from reader.catalog.database import Catalog
from reader.catalog.lazy import ArticleTexts, LazyFile, catalog_files, lazy_file
from reader.catalog.rows import Entry
from reader.catalog.search import ArchiveSearch
from reader.core.model import Article, SourceFile
from reader.session.library import Grouped, MemoryLibrary, Row, runs_as_issues
from reader.session.papers import Papers
from reader.text import grouping
from reader.text.grouping import Path_, month_sizes, paths_among
from reader.text.sources import Target

LIST_FIRST_ABOVE = 1000  # files: an archive of more, opened from its seal, lists its first issue first
FIRST_HAND_OVER_S = 0.5  # the first files read reach the list this soon; then every 1, 2, 4, 8 s
LAST_HAND_OVER_S = 8.0


@dataclass(frozen=True)
class FilesRead:
    """A batch of pending files, read: what ``read_pending`` hands over (the
    last one, ``final``, with the warnings of the files it skipped)."""

    entries: list[Entry]
    final: bool = False
    warnings: tuple[str, ...] = ()


class SealWhenRead(NamedTuple):
    """The seal a scan that left files for the reader could not write
    (``catalog.seal``): the tree's key and state as looked at, and what the
    scan warned of. Written, in reading order, once every file is read."""

    key: str
    state: str
    warnings: list[str]


class ArchiveLibrary(MemoryLibrary):
    """The catalog's issues of some files (``entries``; ``sources`` in reading
    order, with those still ``pending`` to read)."""

    def __init__(self, catalog: Catalog, entries: Sequence[Entry], sources: Sequence[str] | None = None,
                 pending: Sequence[Target] = (), papers: Papers | None = None,
                 seal_when_read: SealWhenRead | None = None) -> None:
        self._catalog = catalog
        self._seal_when_read = seal_when_read
        self._texts = ArticleTexts(catalog)
        self._lazy: list[LazyFile] = catalog_files(catalog, entries, self._texts, sources=sources)
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
        arrived(FilesRead(report.entries, True, tuple(report.warnings)))  # whoever read them: this session, or another
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
        if arrival.final:
            self._seal(arrival.warnings)
        return done

    def _seal(self, warnings: Sequence[str]) -> None:
        """Every file is read: the scan's seal, in reading order, each file
        with its issue's paper, so that the next start opens from it (a file
        skipped as unreadable is left out, as a scan leaves it)."""
        intent, self._seal_when_read = self._seal_when_read, None
        if intent is None:
            return
        from reader.catalog import seal

        entries = {file.source: file.entry for file in self._lazy}
        placed = [(entry, issue.paper) for issue in self._issues for file in issue.files
                  for entry in [entries.get(file.source)] if entry is not None]
        sealed = seal.Sealed([e.id for e, _paper in placed], [paper for _entry, paper in placed],
                             sum(e.articles for e, _paper in placed), [*intent.warnings, *warnings], ordered=True)
        seal.write(self._catalog, intent.key, intent.state, seal.generation(self._catalog), sealed)


class Shelf(Protocol):
    """An archive's files as sealed (``cli.files.Scope``): their ids in
    reading order, and their entries (each with its issue's paper), all or some."""

    @property
    def ids(self) -> list[int]: ...

    @property
    def papers(self) -> list[str | None]: ...

    def entries(self) -> list[Entry]: ...

    def entries_of(self, ids: Sequence[int]) -> dict[int, Entry]: ...


class ShelvedLibrary(ArchiveLibrary):
    """An archive opened from its seal, listed in two steps: first the issue
    the reader opens at (the one asked for by ``find_in``, ``rows_of`` or a
    walk from the start), read by id around its place in the sealed order;
    then, once the first frame is drawn, every file (``complete``). The
    files of the first step are the same objects after the second, so the
    rows the session holds stay good."""

    def __init__(self, catalog: Catalog, shelf: Shelf, papers: Papers | None = None) -> None:
        super().__init__(catalog, [], papers=papers)
        self._shelf: Shelf | None = shelf
        self._ids = shelf.ids
        self._search.use_files(self._ids, shelf.entries_of)  # the whole archive's, from the start: its ranks too

    @property
    def unlisted(self) -> int:
        return 0 if self._shelf is None else len(self._ids) - len(self._lazy)

    def first_groups(self) -> Grouped | None:
        """The files listed so far, grouped as the whole list will group them,
        each year's and month's articles counted over the whole archive (the
        days and pages the listed files count themselves): where that can be
        told (one paper, every file listed dated)."""
        if self._shelf is None or not self._files or len(set(self._shelf.papers) - {None}) > 1:
            return None
        paths = paths_among(self._files, len(self._ids))
        if paths is None:
            return None
        sizes: dict[Path_, int] = {}
        if len(self._ids) > grouping.GROUP_ABOVE:  # the year's and the month's, not just the day's
            months = self._month_articles({file.date[:4] for file in self._files if file.date}, self._files[0].paper)
            if months is None:
                return None
            sizes.update(month_sizes(months))
        return paths, sizes

    def _month_articles(self, years: set[str], paper: str | None) -> dict[str, int] | None:
        """The archive's articles by month (``"2024-01"``) in ``years``: the
        catalog's dated files of those years, through its date index, that
        are the archive's. None if one of them is of an issue of another
        paper than ``paper`` (days that name no paper come after the named
        paper's: such a year is two groups in the list, ``2024年 (2)``)."""
        ours, papers = self._search.ranks, self._shelf.papers if self._shelf is not None else []
        months: dict[str, int] = {}
        for year in years:
            for file_id, date, count in self._catalog.dated_between(year, str(int(year) + 1)):
                rank = ours.get(file_id)
                if rank is None:
                    continue
                if papers[rank] != paper:
                    return None
                months[date[:7]] = months.get(date[:7], 0) + count
        return months

    def complete(self) -> bool:
        if self._shelf is None:
            return False
        entries = self._shelf.entries()
        made = {file.source: file for file in self._lazy}
        self._lazy = [made[e.source] if e.source in made else lazy_file(self._texts, e) for e in entries]
        self._shelf = None
        self._search.use(entries)  # every entry known: a search's worker fetches none
        self._arrange(self._lazy, runs_as_issues(self._lazy))  # sealed: in reading order, each with its issue's paper
        return True

    def _bring(self, source: str) -> None:
        """The issue of the file at ``source`` listed, if it is one of the archive's."""
        if self._shelf is None or source in self._by_source:
            return
        found = self._catalog.entries([source])
        rank = None if not found else self._search.ranks.get(found[0].id)
        if rank is not None:
            self._list(self._issue_at(rank))

    def _issue_at(self, rank: int) -> list[Entry]:
        """The entries of the issue of the ``rank``-th file: the run of files
        of its paper and date about it (an undated file is an issue alone)."""
        assert self._shelf is not None
        ids, reach = self._ids, 32
        while True:
            low, high = max(0, rank - reach), min(len(ids), rank + reach + 1)
            got = self._shelf.entries_of(ids[low:high])
            run = [got.get(file_id) for file_id in ids[low:high]]
            me = run[rank - low]
            if me is None or me.date is None:
                return [] if me is None else [me]
            start, end = rank - low, rank - low + 1
            while start > 0 and _same_issue(run[start - 1], me):
                start -= 1
            while end < len(run) and _same_issue(run[end], me):
                end += 1
            if (start > 0 or low == 0) and (end < len(run) or high == len(ids)):
                return [e for e in run[start:end] if e is not None]
            reach *= 4

    def _list(self, entries: list[Entry]) -> None:
        """These files listed beside those already, all in reading order."""
        listed = {file.source for file in self._lazy}
        new = [lazy_file(self._texts, e) for e in entries if e.source not in listed]
        if new:
            ranks = self._search.ranks
            self._lazy = sorted([*self._lazy, *new], key=lambda f: ranks.get(_file_id(f), -1))
            self._arrange(self._lazy)

    def find_in(self, source: str, article_id: str) -> Row | None:
        self._bring(source)
        return super().find_in(source, article_id)

    def rows_of(self, article_id: str) -> list[Row]:
        """Where the article is among the files listed: before ``complete``,
        the issue of its first place is listed (an article reprinted in
        thousands of files is not the reason to list them all, one by one)."""
        if self._shelf is not None:
            for source, _ordinal in self._search.places(article_id, first=1):
                self._bring(source)
        return super().rows_of(article_id)

    def walk(self, origin: Row | None, delta: int) -> Iterator[Row]:
        if origin is None and self._shelf is not None and self._ids:
            self._list(self._issue_at(0 if delta > 0 else len(self._ids) - 1))
        return super().walk(origin, delta)

    def resolve(self, source: str, ordinal: int) -> Row:
        self._bring(source)
        return super().resolve(source, ordinal)


def _same_issue(entry: Entry | None, of: Entry) -> bool:
    return entry is not None and entry.date == of.date and entry.paper == of.paper


def _file_id(file: LazyFile) -> int:
    entry = file.entry
    return -1 if entry is None else entry.id


def shelved_library(catalog: Catalog, shelf: Shelf, papers: Papers | None = None) -> ShelvedLibrary:
    """The reader's library over an archive as sealed: its first issue listed now, the rest with ``complete``."""
    return ShelvedLibrary(catalog, shelf, papers)


def archive_library(catalog: Catalog, entries: Sequence[Entry], sources: Sequence[str] | None = None,
                    pending: Sequence[Target] = (), papers: Papers | None = None,
                    seal_when_read: SealWhenRead | None = None) -> ArchiveLibrary:
    """The reader's library over catalogued ``entries`` (and ``pending`` files
    at ``sources``, sealed as ``seal_when_read`` says once read); ``papers``
    names the paper of files that do not."""
    return ArchiveLibrary(catalog, entries, sources, pending, papers, seal_when_read)
