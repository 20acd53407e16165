"""The command line's files: the catalog it reads them through, the scan
with its progress bar, and the issues or hits it gives back."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from reader.cli.output import warn
from reader.cli.reference import PROG
from reader.core.i18n import _
from reader.core.notices import summarised

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence

    from reader.catalog.database import Catalog
    from reader.catalog.rows import Entry, Stamp
    from reader.catalog.scan import Catalogued, ScanReport
    from reader.catalog.seal import Look, Sealed
    from reader.catalog.search import ArchiveSearch
    from reader.core.model import Article, Issue, SourceFile

T = TypeVar("T")
PROGRESS_FROM_FILES = 20  # fewer files are read in a blink: a bar would only flicker (and cost a cold start ~20 ms)
READ_BEFORE_OPENING = 300  # new or changed files of an archive read before the reader opens; more: read in it


class ScanProgress:
    """Rich's progress bar on stderr while files are read into the catalog:
    only on a terminal, only for a batch of files, only once a file actually
    needs reading (a warm start shows nothing), and erased when done."""

    def __init__(self) -> None:
        self._bar: Any = None  # rich's Progress, imported when first needed
        self._task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if total < PROGRESS_FROM_FILES:
            return
        if self._bar is None:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self._bar = Progress(
                TextColumn(_("{prog}: reading issues").format(prog=PROG)), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                console=Console(stderr=True), transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task("reading", total=total)
        self._bar.update(self._task, completed=done, total=total)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def open_catalog(listen: bool = True) -> Catalog:
    """The user's catalog; what it has to say (rebuilt, damaged rows mended)
    goes to stderr (``listen=False``: kept until the reader listens)."""
    from reader.catalog.database import Catalog
    from reader.storage import paths

    catalog = Catalog.open(paths.cache_dir())
    if listen:
        catalog.listen(warn)
    catalog.waiting = say_waiting
    return catalog


def say_waiting() -> None:
    print(_("{prog}: another luoyang-reader is reading these files into the catalog; waiting for it…").format(
        prog=PROG), file=sys.stderr, flush=True)


def scan(catalog: Catalog, paths: list[Path], defer_above: int | None = None,
         warnings: str = "summarised", looked: dict[str, Stamp] | None = None) -> ScanReport:
    """Bring the catalog up to date with ``paths`` (the bundled issue when empty);
    its warnings on stderr: ``"summarised"``, ``"all"``, or ``"none"`` (the reader shows them)."""
    from reader.storage.paths import bundled_issue
    from reader.text.sources import expand_paths

    targets = expand_paths(list(paths) or [bundled_issue()])
    progress = ScanProgress() if sys.stderr.isatty() else None
    try:
        report = catalog.scan(targets, progress, defer_above=defer_above, looked=looked)
    finally:
        if progress is not None:
            progress.close()
    tell(report.warnings, warnings)
    return report


def tell(warnings: list[str], how: str) -> None:
    """A scan's warnings on stderr: ``"summarised"``, ``"all"``, or ``"none"``."""
    for warning in {"all": warnings, "summarised": summarised(warnings), "none": []}[how]:
        warn(warning)


class Scope:
    """The issue files a command's paths name, each with its issue's paper:
    from a scan, or from its seal when the tree is as that scan found it
    (``catalog.seal``: then nothing but a ``stat`` per file). Put in reading
    order (the days arranged) only when a command asks for that order, which
    is then sealed too: ``index`` and ``--count`` never arrange."""

    def __init__(self, catalog: Catalog, paths: list[Path], sealed: Sealed, report: ScanReport | None,
                 seal_as: tuple[str, str, int] | None = None) -> None:
        self.catalog = catalog
        self.paths = paths
        self.sealed = sealed
        self.report = report  # None: the seal answered
        self.changes: ScanReport | None = None  # what a scan of the files changed since the seal did (``rescanned``)
        self._seal_as = seal_as  # (key, state, generation) the reading order is sealed under, once known
        # (key, state) of a scan that left files for later: sealed by whoever reads them
        self.unsealed: tuple[str, str] | None = None
        self._entries: list[Entry] | None = None
        self._papers: dict[int, str | None] | None = None  # file id -> its issue's paper, once asked

    @property
    def ids(self) -> list[int]:
        """The files' ids, in reading order."""
        if not self.sealed.ordered:
            self.entries()
        return self.sealed.ids

    @property
    def papers(self) -> list[str | None]:
        """Each file's issue's paper, as ``ids``."""
        if not self.sealed.ordered:
            self.entries()
        return self.sealed.papers

    def entries(self) -> list[Entry]:
        """The files' entries in reading order, each with its issue's paper
        (read from the catalog once asked; scanned after all where a row does not hold)."""
        if self._entries is not None:
            return self._entries
        from reader.catalog import seal

        found = self.report.entries if self.report is not None else self.catalog.entries_by_id(self.sealed.ids)
        if found is None:
            self.report = scan(self.catalog, self.paths, warnings="none")  # the seal's warnings were said
            found, self._seal_as = self.report.entries, None
        elif self.sealed.ordered:
            self._entries = [e if e.paper == paper else e._replace(paper=paper)
                             for e, paper in zip(found, self.sealed.papers, strict=True)]
            return self._entries
        self._entries = chosen_entries(found, None, None)
        self.sealed = self.sealed._replace(ids=[e.id for e in self._entries], papers=[e.paper for e in self._entries],
                                           ordered=True)
        if self._seal_as is not None:
            seal.write(self.catalog, *self._seal_as, self.sealed)
        return self._entries

    def entries_of(self, ids: Sequence[int]) -> dict[int, Entry]:
        """The entries of some of the files (in reading order first: ``ids``),
        each with its issue's paper, read by id rather than every file's;
        from all of them when a row does not hold (``entries`` mends it)."""
        if not self.sealed.ordered:
            self.entries()  # the days arranged: each file's paper is its issue's from then on
        if self._entries is None:
            found = self.catalog.entries_of(ids)
            if found is not None:
                if self._papers is None:
                    self._papers = dict(zip(self.sealed.ids, self.sealed.papers, strict=True))
                papers = self._papers
                return {i: e if e.paper == papers[i] else e._replace(paper=papers[i]) for i, e in found.items()}
        wanted = set(ids)
        return {e.id: e for e in self.entries() if e.id in wanted}


def named_paths(paths: list[Path]) -> list[str]:
    """What a command's paths name: the bundled issue when none."""
    from reader.storage.paths import bundled_issue

    return [str(p) for p in paths] or [str(bundled_issue())]


def look_ahead(paths: list[Path], children: int | None = None) -> Look:
    """The look at ``paths`` that checks their seal, begun now (``seal.Look``:
    a folder is walked in child processes while the command goes on; one,
    where the command keeps a core busy meanwhile)."""
    from reader.catalog.seal import PARTS, Look

    return Look(named_paths(paths), children or PARTS)


def scoped(catalog: Catalog, paths: list[Path], warnings: str = "summarised", defer_above: int | None = None,
           meanwhile: Callable[[Scope], object] | None = None, look: Look | None = None) -> Scope:
    """The files ``paths`` name (the bundled issue when none), the catalog up
    to date with them: trusted as sealed when nothing changed, else scanned
    (and sealed, unless files were left for later). Warnings and
    ``defer_above`` as ``scan``'s.

    ``look`` is the look at the paths begun as the command started
    (``look_ahead``). While its child process walks a folder, ``meanwhile``
    is called with the scope as sealed, unchecked: should the seal hold,
    that same scope is returned, and what was done with it stands."""
    from reader.catalog import seal
    from reader.session.papers import user_papers

    named = named_paths(paths)
    key = seal.key_of(named, repr(user_papers()))
    look = look or seal.Look(named)
    looked: dict[str, Stamp] = {}  # the walk's stats, for a scan that follows
    at = seal.generation(catalog)
    found = seal.read(catalog, key, None)  # as sealed, the tree not looked at yet
    ahead = None
    if found is None:  # nothing to check (or the catalog was written since): the walk for what follows
        state = look.state(looked, None)
    else:
        guess = Scope(catalog, paths, found[1], None, (key, found[0], at))
        if look.apart and meanwhile is not None:
            meanwhile(guess)
        elif look.apart and len(paths) == 1:  # nothing else to do: what a scan of a changed folder would read
            from reader.catalog.scan import catalogued_in

            ahead = catalogued_in(catalog, os.path.realpath(paths[0]))
        state = look.state(looked, found[0])
        if state == found[0] and seal.generation(catalog) == at:  # as sealed, and nothing written meanwhile
            tell(found[1].warnings, warnings)
            return guess
    if state is not None and looked:  # a folder's rows are what it was, seal or none: read what changed
        again = rescanned(catalog, paths, looked, (key, state), defer_above, warnings, ahead)
        if again is not None:
            return again
    report = scan(catalog, paths, defer_above, warnings, looked)  # the walk's stats: no file is asked twice
    entries = report.entries
    sealed_now = seal.Sealed([e.id for e in entries], [e.paper for e in entries], sum(e.articles for e in entries),
                             report.warnings, ordered=False)
    if state is None or report.deferred:
        scope = Scope(catalog, paths, sealed_now, report)
        if state is not None:
            scope.unsealed = (key, state)
        return scope
    seal.write(catalog, key, state, report.generation, sealed_now)
    return Scope(catalog, paths, sealed_now, report, (key, state, report.generation))


def rescanned(catalog: Catalog, paths: list[Path], looked: dict[str, Stamp], seal_as: tuple[str, str],
              defer_above: int | None, warnings: str, ahead: Catalogued | None = None) -> Scope | None:
    """The scope of one folder whose seal no longer holds, where few of its
    files changed (``scan.since_seal``): those are read, the others taken as
    sealed (a new day reads its own rows, not the archive's), and the scope
    sealed again, its files in the order a scan meets them (``ahead``: the
    folder's rows, read while it was walked). None where that
    cannot be (several paths, many changes, files to leave for later, the
    catalog written meanwhile, a read that fails): a scan of every file then."""
    import sqlite3

    from reader.catalog import scan as scanning
    from reader.catalog import seal
    from reader.text.sources import InputError, Target

    if len(paths) != 1 or not paths[0].is_dir():
        return None
    folder, real = paths[0], os.path.realpath(paths[0])
    changed = scanning.since_seal(catalog, real, looked, ahead)
    if changed is None or not changed.rows or (defer_above is not None and len(changed.stale) > defer_above):
        return None  # (no rows: a folder new to the catalog, scanned as such)
    # As ``expand_paths`` lists them: by name, folder by folder (a separator below any character a name holds).
    order = sorted(looked, key=lambda path: path.replace("/", "\0"))
    targets = [Target(os.path.join(folder, path[len(real) + 1 :]), folder, source=path)
               for path in order if path in changed.stale]
    progress = ScanProgress() if sys.stderr.isatty() else None
    try:
        report = scanning.scan(catalog, targets, progress, None, True, None, looked=looked, changed=changed)
    except (scanning.Moved, InputError, sqlite3.DatabaseError):
        return None
    finally:
        if progress is not None:
            progress.close()
    tell(report.warnings, warnings)
    report.unchanged += len(looked) - len(changed.stale)
    fresh = {entry.source: (entry.id, entry.paper, entry.articles) for entry in report.entries}
    rows = changed.facts(order, fresh)
    now = seal.Sealed([row[0] for row in rows], [row[1] for row in rows], sum(row[2] for row in rows),
                      report.warnings, ordered=False)
    seal.write(catalog, *seal_as, report.generation, now)
    scope = Scope(catalog, paths, now, None, (*seal_as, report.generation))
    scope.changes = report
    return scope


def load(paths: list[Path], paper: str | None = None, day: str | None = None) -> list[Issue]:
    """The issues (days of a paper) of the files at ``paths``, in reading
    order, from the catalog (files are parsed only when new or changed); with
    ``paper`` or ``day``, only those (none is an ``InputError``)."""
    from reader.session.library import arrange
    from reader.session.papers import user_papers

    catalog = open_catalog()
    report = scan(catalog, paths)
    files = [catalog.issue(entry) for entry in report.entries]
    catalog.close()
    return chosen(arrange(files, user_papers()), paper, day)


def chosen(issues: list[Issue], paper: str | None, day: str | None) -> list[Issue]:
    """The issues of ``paper`` on ``day`` (either may be None: any); none is an ``InputError``."""
    kept = [i for i in issues if (paper is None or i.paper == paper) and (day is None or i.date == day)]
    return _some(kept, paper, day, {i.paper for i in issues})


def chosen_entries(entries: list[Entry], paper: str | None, day: str | None) -> list[Entry]:
    """The catalogued files in reading order, each with the paper of its
    issue (a file of a day that does not name its paper takes it from the
    files that do, as the reader groups them); of ``paper``'s issue on
    ``day`` only, as ``chosen``. No file is read: the catalog's rows say it."""
    from reader.core.model import SourceFile
    from reader.session.library import arrange
    from reader.session.papers import user_papers

    by_source = {e.source: e for e in entries}
    issues = arrange([SourceFile(**e.issue_fields()) for e in entries], user_papers())
    return [entry if entry.paper == issue.paper else entry._replace(paper=issue.paper)
            for issue in chosen(issues, paper, day) for file in issue.files for entry in [by_source[file.source]]]


def _some(kept: list[T], paper: str | None, day: str | None, papers: set[str | None]) -> list[T]:
    """``kept``, unless a choice left nothing: that is an ``InputError`` naming the papers there are."""
    if kept or (paper is None and day is None):
        return kept
    from reader.text.sources import InputError

    known = ", ".join(sorted(p for p in papers if p)) or _("none named")
    raise InputError(_("no issue of {paper} on {day} among these files (papers: {known})").format(
        paper=paper or _("any paper"), day=day or _("any day"), known=known))


def archive_search(catalog: Catalog, files: list[Entry] | Scope) -> ArchiveSearch:
    """A search over catalogued issues (``files``: their entries, or a whole
    scope, whose entries are read only for the files holding hits) whose hits
    carry light issues (name and source) and articles read from the catalog
    one at a time."""
    from reader.catalog.search import ArchiveSearch
    from reader.core.model import SourceFile, page_at

    issues: dict[tuple[int, str | None], SourceFile] = {}
    last: list[Any] = [None, None]  # the article of the hit before: hits come article by article

    def issue_of(entry: Entry, ordinal: int) -> SourceFile:
        # A whole day's file: the hit's file is named by the page of its article (one light file a page).
        page, name = page_at(entry.sections, ordinal, entry.page, entry.page_name) if entry.sections else (None, None)
        issue = issues.get((entry.id, page))
        if issue is None:
            fields = entry.issue_fields()
            if entry.sections:
                fields.update(page=page, page_name=name, sections=())
            issue = issues[(entry.id, page)] = SourceFile(**fields)
        return issue

    def resolve(entry: Entry, doc: int, ordinal: int) -> tuple[SourceFile, Article]:
        if last[0] != doc:
            from reader.core.model import missing_article

            last[:] = [doc, catalog.article(doc, entry.id, ordinal) or missing_article()]
        return issue_of(entry, ordinal), last[1]

    if isinstance(files, Scope):
        search = ArchiveSearch(catalog, [], resolve, issue_of)
        search.use_files(files.ids, files.entries_of)
        return search
    return ArchiveSearch(catalog, files, resolve, issue_of)


def data_dir(args: argparse.Namespace) -> Path:
    from reader.storage.paths import data_dir

    return args.data_dir or data_dir()
