"""What a reading session works over: the open files, as issues (days of a
paper) and pages, in reading order; and one small interface to them.

``load_files`` parses files directly (tests, and the in-memory path).
``Library`` is what the session asks of them: list them, find an article,
step to a neighbour, search. ``MemoryLibrary`` holds files in memory, whole
or lazy: the reader gives it the catalog's lazy files and their search index
(``session.archive``), without the session or the UI changing.

Reading order is the paper's: issues by paper (in the order the files name
them; files that name none after), then by date (undated files after, in the
order they were read), and each issue's files by page as the paper numbers
them (``core.model.issues_of``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

from reader.core.model import Article, Issue, SourceFile, issue_key, issues_of, missing_article
from reader.search.hits import HitList
from reader.search.index import SearchIndex
from reader.session.papers import Papers, bundled_papers
from reader.storage.paths import bundled_issue
from reader.text.sources import read_sources

Row = tuple[SourceFile, Article]  # an article as it appears in one file
# Files' group paths, and the articles of the groups their files alone do not count whole.
Grouped = tuple[list[tuple[str, ...]], dict[tuple[str, ...], int]]


def load_files(paths: list[Path] | None = None) -> tuple[list[SourceFile], list[str]]:
    """Parse the files named by ``paths`` (the bundled issue when empty),
    without the catalog. Returns ``(files, warnings)``; raises
    ``InputError`` for unusable input."""
    from reader.text.parse import parse_file

    sources, warnings = read_sources(list(paths) if paths else [bundled_issue()])
    files = [parse_file(s.text, source=str(s.path.resolve()), name=s.path.stem) for s in sources]
    return files, warnings


def arrange(files: Sequence[SourceFile], papers: Papers | None = None) -> list[Issue]:
    """``files`` as issues in reading order: a paper a file does not name
    itself taken from ``papers`` (settings), then issues by paper (in the
    order the files name them; no paper named, last), by date (undated after,
    as read), each with its pages in the paper's order."""
    if papers is not None:
        for file in files:
            if file.paper is None:
                name = papers.of(file.source)
                if name is not None:
                    object.__setattr__(file, "paper", name)  # the library's own copy: named once, here
    issues = issues_of(files)
    named = dict.fromkeys(issue.paper for issue in issues if issue.paper is not None)
    rank: dict[str | None, int] = {paper: n for n, paper in enumerate(named)}
    rank[None] = len(rank)  # issues of no named paper come after those of named ones
    order = sorted(range(len(issues)), key=lambda n: (rank[issues[n].paper], issues[n].date is None,
                                                       issues[n].date or "", n))
    return [issues[n] for n in order]


def runs_as_issues(files: Sequence[SourceFile]) -> list[Issue] | None:
    """``files`` already in reading order, each naming its issue's paper (as
    a sealed scan lists them: ``cli.files.chosen_entries``), as issues: each
    run of a paper's day is one, an undated file one alone. What ``arrange``
    gives them, without grouping and sorting again; None when a day comes
    back after another (they were not in that order after all)."""
    issues: list[Issue] = []
    seen: set[str] = set()
    run: list[SourceFile] = []
    key = ""
    for file in files:
        here = issue_key(file.paper, file.date, file.source)
        if run and here == key:
            run.append(file)
            continue
        if run:
            issues.append(Issue(key, run[0].paper, run[0].date, tuple(run)))
        if here in seen:
            return None
        seen.add(here)
        key, run = here, [file]
    if run:
        issues.append(Issue(key, run[0].paper, run[0].date, tuple(run)))
    return issues


class Library(Protocol):
    """The open files, as the reading session sees them."""

    @property
    def files(self) -> Sequence[SourceFile]:
        """Every file, in reading order."""
        ...

    @property
    def issues(self) -> Sequence[Issue]:
        """Every issue (a day of a paper), in reading order."""
        ...

    def issue_of(self, file: SourceFile) -> Issue:
        """The issue a file's articles belong to."""
        ...

    def file_numbers(self, issue: Issue) -> list[int]:
        """Where an issue's files stand among ``files`` (a search's scope)."""
        ...

    def rows_of(self, article_id: str) -> list[Row]:
        """Every place an article appears (the same article may be in several files)."""
        ...

    def find_in(self, source: str, article_id: str) -> Row | None: ...

    def loaded(self, source: str) -> bool:
        """Whether that file's articles are in memory (if not, none of its rows are on screen)."""
        ...

    def neighbour(self, origin: Row | None, delta: int) -> Row | None:
        """The article ``delta`` steps from ``origin`` in reading order, across
        files; stays at the first or last (``None``: the library is empty)."""
        ...

    def walk(self, origin: Row | None, delta: int) -> Iterator[Row]:
        """The articles after (``delta`` > 0) or before ``origin`` in reading
        order, nearest first (from the first or last when ``origin`` is None)."""
        ...

    @property
    def index_ready(self) -> bool:
        """Whether a search answers without building its index first."""
        ...

    def search(self, query: str, files: list[int] | None = None, limit: int | None = None,
               stop: Callable[[], bool] | None = None) -> HitList:
        """Hits of ``query`` in all files, or in those at ``files``; with
        ``limit``, at least the first ``limit`` of them (an archive stops
        there); an archive's search also stops, with what it has, once
        ``stop()`` says so (a newer keystroke). Safe to call from any thread;
        may take a while the first time."""
        ...

    @property
    def searches_in_steps(self) -> bool:
        """Whether a first screenful of hits comes much sooner than all of them (an archive)."""
        ...

    def warm_pinyin(self) -> None:
        """Build what a pinyin query needs, ahead of the first one (any thread)."""
        ...

    @property
    def pending_files(self) -> int:
        """Files still to read (a big archive opened for the first time): they
        are listed, their articles come with ``take``."""
        ...

    def read_pending(self, progress: Callable[[int, int], None], arrived: Callable[[object], None]) -> list[str]:
        """Read the pending files, in the calling thread (a worker's), handing
        each batch to ``arrived`` (for ``take``, on the thread that reads the
        library); returns the warnings of files skipped. ``progress(done,
        total)`` may raise to stop."""
        ...

    def take(self, arrival: object) -> list[SourceFile]:
        """A batch ``read_pending`` handed over: returns the files it completes
        (the issues are grouped again: a file read may name its paper and date)."""
        ...

    @property
    def unlisted(self) -> int:
        """Files not listed yet: a big archive opened as sealed lists the issue
        it opens at first (what the first frame needs), the rest with ``complete``."""
        ...

    def complete(self) -> bool:
        """List every file (the files listed so far stay the same objects);
        whether anything changed."""
        ...

    def first_groups(self) -> Grouped | None:
        """Before ``complete``: the listed files' group paths as the whole
        list will have them, with the sizes of their groups that hold more
        than the listed files (a year, a month), where known (else the list
        groups the files it has)."""
        ...

    def listen(self, warn: Callable[[str], None]) -> None:
        """Tell ``warn`` (from any thread) what the user should know from now
        on, such as a damaged catalog row read again from its file."""
        ...


class ArchiveSearcher(Protocol):
    """A persistent index over the same files (``catalog.search``): answers
    searches, and says where an article is without reading every file."""

    def search(self, query: str, sources: Sequence[str] | None = None, limit: int | None = None,
               stop: Callable[[], bool] | None = None) -> HitList: ...

    def pinyin(self) -> object: ...

    def places(self, article_id: str) -> list[tuple[str, int]]:
        """``(file source, ordinal)`` of each place the article is."""
        ...


class MemoryLibrary:
    """Files in memory (their articles perhaps read lazily: ``catalog.lazy``).

    Nothing here walks every article up front: stepping goes file by file,
    and finding an article by id asks the archive index where there is one
    (else an index of ids is built on first use)."""

    def __init__(self, files: Sequence[SourceFile], archive: ArchiveSearcher | None = None,
                 papers: Papers | None = None) -> None:
        self._archive = archive  # the catalog's index answers searches, where given
        self._papers = bundled_papers() if papers is None else papers
        self._rows_of: dict[str, list[Row]] | None = None  # built on first use, without an archive
        self._index: SearchIndex | None = None
        self._index_lock = threading.Lock()  # built once, by whichever thread asks first
        self._arrange(files)

    def _arrange(self, files: Sequence[SourceFile], issues: list[Issue] | None = None) -> None:
        """Group ``files`` into issues and put them in reading order (again,
        when files arrive), unless given as ``issues`` already."""
        self._issues = arrange(files, self._papers) if issues is None else issues
        self._files = [file for issue in self._issues for file in issue.files]
        self._by_source = {file.source: file for file in self._files}
        self._number = {file.source: n for n, file in enumerate(self._files)}
        self._issue_of = {file.source: issue for issue in self._issues for file in issue.files}

    @property
    def files(self) -> Sequence[SourceFile]:
        return self._files

    @property
    def issues(self) -> Sequence[Issue]:
        return self._issues

    def issue_of(self, file: SourceFile) -> Issue:
        return self._issue_of.get(file.source) or Issue(f"file|{file.source}", file.paper, file.date, (file,))

    def file_numbers(self, issue: Issue) -> list[int]:
        return [self._number[f.source] for f in issue.files if f.source in self._number]

    def loaded(self, source: str) -> bool:
        file = self._by_source.get(source)
        return file is not None and file.loaded

    def rows_of(self, article_id: str) -> list[Row]:
        if self._archive is not None:
            rows = []
            for source, ordinal in self._archive.places(article_id):
                file = self._by_source.get(source)
                articles = file.articles if file is not None else ()
                if file is not None and ordinal < len(articles) and articles[ordinal].id == article_id:
                    rows.append((file, articles[ordinal]))
            rows.sort(key=lambda row: self._number[row[0].source])
            return rows
        if self._rows_of is None:
            index: dict[str, list[Row]] = {}
            for file in self._files:
                for article in file.articles:
                    index.setdefault(article.id, []).append((file, article))
            self._rows_of = index
        return list(self._rows_of.get(article_id, []))

    def find_in(self, source: str, article_id: str) -> Row | None:
        file = self._by_source.get(source)
        article = file.article(article_id) if file is not None else None
        return (file, article) if file is not None and article is not None else None

    def _place(self, origin: Row) -> tuple[int, int] | None:
        """Where ``origin`` stands: (file number, article number), by identity."""
        number = self._number.get(origin[0].source)
        if number is None or self._files[number] is not origin[0]:
            return None
        at = next((n for n, a in enumerate(origin[0].articles) if a is origin[1]), None)
        return None if at is None else (number, at)

    def neighbour(self, origin: Row | None, delta: int) -> Row | None:
        first = next(self.walk(None, 1), None)
        if first is None or origin is None:
            return first
        if self._place(origin) is None:
            origin = first  # not one of ours: count from the first
        found = origin
        for step, row in enumerate(self.walk(origin, delta) if delta else (), 1):
            found = row
            if step >= abs(delta):
                break
        return found

    def walk(self, origin: Row | None, delta: int) -> Iterator[Row]:
        place = None if origin is None else self._place(origin)
        if origin is not None and place is None:
            return
        files = self._files
        if delta > 0:
            number, start = place if place is not None else (0, -1)
            for n in range(number, len(files)):
                articles = files[n].articles
                for article in articles[start + 1 if n == number else 0 :]:
                    yield files[n], article
        else:
            number, start = place if place is not None else (len(files) - 1, None)  # type: ignore[assignment]
            for n in range(number, -1, -1):
                articles = files[n].articles
                end = start if n == number and start is not None else len(articles)
                for article in reversed(articles[:end]):
                    yield files[n], article

    @property
    def index_ready(self) -> bool:
        return self._archive is not None or self._index is not None

    def _search_index(self) -> SearchIndex:
        with self._index_lock:
            if self._index is None:
                self._index = SearchIndex(self._files)
            return self._index

    def search(self, query: str, files: list[int] | None = None, limit: int | None = None,
               stop: Callable[[], bool] | None = None) -> HitList:
        if self._archive is not None:
            return self._archive.search(query, None if files is None else [self._files[i].source for i in files],
                                        limit, stop)
        return self._search_index().search(query, files=files)  # in memory: all at once is at once

    @property
    def searches_in_steps(self) -> bool:
        return self._archive is not None

    def warm_pinyin(self) -> None:
        if self._archive is not None:
            self._archive.pinyin()
            return
        self._search_index().pinyin()  # the index first (once, under its lock), then its tables

    @property
    def pending_files(self) -> int:
        return 0  # every file is whole from the start

    def read_pending(self, progress: Callable[[int, int], None], arrived: Callable[[object], None]) -> list[str]:
        return []

    def take(self, arrival: object) -> list[SourceFile]:
        return []

    @property
    def unlisted(self) -> int:
        return 0  # every file is listed from the start

    def complete(self) -> bool:
        return False

    def first_groups(self) -> Grouped | None:
        return None

    def listen(self, warn: Callable[[str], None]) -> None:
        pass  # files in memory have nothing to say

    def resolve(self, source: str, ordinal: int) -> Row:
        """The row of the ``ordinal``-th article of the file at ``source``
        (how the archive index names a hit's article)."""
        file = self._by_source[source]
        articles = file.articles
        return file, articles[ordinal] if ordinal < len(articles) else missing_article()
