"""Bringing the catalog up to date with files: a start only ``stat``s them.

A file whose size or mtime changed is read again, and parsed again only when
its text changed; files gone from a directory (or its sub-directories) are
dropped. A scan that may defer (the reader's) never waits for another
session's: what it would have read is left for later.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reader.catalog.rows import FILE_COLUMNS, MAX_ARTICLES, Entry, Stamp, entry_of, stored_path
from reader.catalog.seal import generation
from reader.catalog.write import Pending, commit, delete_file, parse_safely
from reader.core.digest import sha1_hex
from reader.core.i18n import _
from reader.core.safe_files import reason
from reader.text.sources import InputError, Target, read_issue_file, read_targets

if TYPE_CHECKING:
    from reader.catalog.database import Catalog

BATCH_FILES = 200  # files written per transaction: other sessions read between batches
BATCH_BYTES = 64 << 20  # and at most this much text: memory stays bounded by the largest files

Known = dict[str, tuple[int, int, int, int, str]]  # source -> (file id, size, mtime_ns, ctime_ns, digest)
Rows = dict[str, tuple[Any, ...]]  # source -> its ``files`` row (``FILE_COLUMNS``), as the scan began
Progress = Callable[[int, int], None]  # (files looked at, files in all), called as files are read
Catalogued = tuple[int, dict[str, tuple[Any, ...]]]  # the files' generation, a folder's rows by path (``catalogued_in``)
MAX_CHANGED = 500  # files new, changed or gone since a folder's seal beyond which its scan looks at every file


class Moved(Exception):
    """The catalog's files were written by another session since a scan of
    what changed was planned (``since_seal``): the plan no longer holds."""


@dataclass
class ScanReport:
    """What a scan found and did."""

    entries: list[Entry] = field(default_factory=list)  # in the order the paths named them
    sources: list[str] = field(default_factory=list)  # every issue's source, in order, deferred ones too
    deferred: list[Target] = field(default_factory=list)  # left to be read later (``scan(defer_above=…)``)
    warnings: list[str] = field(default_factory=list)
    added: int = 0
    changed: int = 0  # read again and parsed again: the text changed
    touched: int = 0  # size or mtime changed, the text did not
    unchanged: int = 0
    removed: int = 0
    seconds: float = 0.0
    generation: int = -1  # the catalog's files' generation as the scan ended (``seal``)

    def as_json(self) -> dict[str, object]:
        return {
            "issues": len(self.entries), "articles": sum(e.articles for e in self.entries),
            "added": self.added, "changed": self.changed, "touched": self.touched,
            "unchanged": self.unchanged, "removed": self.removed, "skipped": len(self.warnings),
            "seconds": round(self.seconds, 3),
        }


def scan(catalog: Catalog, targets: list[Target], progress: Progress | None, defer_above: int | None,
         drop: bool, written: Callable[[list[Entry]], None] | None, wait: bool = False,
         looked: dict[str, Stamp] | None = None, changed: Changed | None = None) -> ScanReport:
    """See ``Catalog.scan``. With ``changed`` (``since_seal``), ``targets``
    are the files new or changed in a folder since its seal: only their rows
    are read, and the files gone are dropped; ``Moved`` if the catalog was
    written meanwhile."""
    began = time.perf_counter()
    report = ScanReport()
    # A scan that may defer does not wait for another session's: it defers what it would have read.
    with catalog.building(wait=wait or defer_above is None) as held:
        if changed is not None and (not held or generation(catalog) != changed.generation):
            raise Moved
        known, rows = known_files(catalog, None if changed is None else [*map(source_of, targets), *changed.gone])
        pending: list[Pending] = []
        size = 0
        total = len(targets)
        done = 0
        # Taken while deciding what to defer, or by the seal's walk just before: not taken twice.
        stats: dict[str, Stamp] = dict(looked or {})
        if held:
            deferred = to_defer(targets, known, defer_above, stats)
        else:
            if any(needs_reading(t, known, stats) is not False for t in targets if t.directory is None):
                # A file named on the command line is read now: wait for the other session after all.
                return scan(catalog, targets, progress, defer_above, drop, written, wait=True, looked=looked)
            deferred = to_defer(targets, known, 0, stats)
            drop = False

        wrote: set[str] = set()  # the files whose rows this scan wrote

        def flush() -> None:
            nonlocal size
            if pending:
                commit(catalog, pending)
                wrote.update(source for source, *_ in pending)
                if written is not None:
                    written(catalog.entries([source for source, *_ in pending]))
                pending.clear()
                size = 0

        def look(target: Target) -> str:
            nonlocal done, size
            source = source_of(target)
            if source in deferred:
                report.deferred.append(target)
                return source
            try:
                info = stats.pop(source, None) or os.stat(target.location)
            except OSError as err:
                raise InputError(_("{path}: cannot read ({reason})").format(
                    path=target.path, reason=reason(err))) from None
            row = known.get(source)
            done += 1
            if same_stat(row, info):
                report.unchanged += 1
            else:
                text = read_issue_file(target.path).text
                digest = sha1_hex(text)
                if row is not None and row[4] == digest:
                    report.touched += 1
                    pending.append((source, info, digest, None))
                else:
                    if row is None:
                        report.added += 1
                    else:
                        report.changed += 1
                    pending.append((source, info, digest, parse_safely(text, source, target.path.stem)))
                    size += len(text)
                if len(pending) >= BATCH_FILES or size >= BATCH_BYTES:
                    flush()
                if progress is not None:  # only files read: a warm start reports nothing
                    progress(done, total)
            return source

        sources, report.warnings = read_targets(targets, look)
        flush()
        if changed is not None:  # the files gone, and those changed that no longer read
            present = set(sources)
            report.removed = forget(catalog, [p for p in known if p not in present])
        elif drop:
            report.removed = drop_missing(catalog, targets, set(sources), known)
        report.generation = generation(catalog) if held else -1  # read while no other scan can write
    report.sources = sources
    report.entries = entries_of(catalog, [s for s in sources if s not in deferred], rows, wrote)
    report.seconds = time.perf_counter() - began
    return report


def entries_of(catalog: Catalog, sources: list[str], rows: Rows, wrote: set[str]) -> list[Entry]:
    """The entries of ``sources``, in order: from the rows read as the scan
    began, but those of the files it wrote (a new day reads its own row, not
    the archive's again), or whose rows do not read, from the catalog as it
    is now (a damaged row is healed there)."""
    found = [None if source in wrote or source not in rows else entry_of(rows[source], source)
             for source in sources]
    missing = [source for source, entry in zip(sources, found, strict=True) if entry is None]
    if missing:
        fresh = {entry.source: entry for entry in catalog.entries(missing)}
        found = [entry if entry is not None else fresh.get(source) for source, entry in zip(sources, found, strict=True)]
    return [entry for entry in found if entry is not None]


def to_defer(targets: list[Target], known: Known, above: int | None, stats: dict[str, Stamp]) -> set[str]:
    """The directory members that need reading, if more than ``above`` do.
    A file named on the command line is read now (its errors are the user's
    to see), and so is one that cannot be looked at (reading it says what is
    wrong)."""
    if above is None:
        return set()
    stale = {source_of(t) for t in targets if t.directory is not None and needs_reading(t, known, stats)}
    return stale if len(stale) > above else set()


def known_files(catalog: Catalog, sources: list[str] | None = None) -> tuple[Known, Rows]:
    """Every catalogued file's size, times and digest, and its row, by source
    (one read of the table; only those of ``sources`` when given). A row
    whose fields are not what was written is not known: its file is read again."""
    known: Known = {}
    rows: Rows = {}
    query = f"SELECT {FILE_COLUMNS}, size, mtime_ns, ctime_ns, digest FROM files"
    if sources is None:
        found = catalog.query(query)
    else:
        found = [row for at in range(0, len(sources), 500) for row in catalog.query(
            f"{query} WHERE path IN ({','.join('?' * len(sources[at : at + 500]))})",
            [os.fsencode(source) for source in sources[at : at + 500]])]
    for row in found:
        path = stored_path(row[1])
        if path is None:
            continue
        id_, size, mtime, ctime, digest = row[0], *row[-4:]
        if isinstance(size, int) and isinstance(mtime, int) and isinstance(ctime, int) and isinstance(digest, str):
            known[path] = (id_, size, mtime, ctime, digest)
        rows[path] = row[:-4]
    return known, rows


def drop_missing(catalog: Catalog, targets: list[Target], present: set[str], known: Known) -> int:
    """Forget the files of the scanned directories that are gone from them
    (``known``: the catalog's files when the scan began; any added since are present)."""
    directories = {os.path.realpath(d) for d in {t.directory for t in targets} if d is not None}
    if not directories:
        return 0
    paths = list(known)
    prefixes = tuple(os.path.join(d, "") for d in directories)  # directories are read with their sub-directories
    return forget(catalog, [p for p in paths if p.startswith(prefixes) and p not in present])


def forget(catalog: Catalog, gone: list[str]) -> int:
    """Drop these files' rows (and their articles'); how many."""
    if gone:
        with catalog.transaction() as conn:
            for source in gone:
                delete_file(conn, source)
    return len(gone)


@dataclass(frozen=True)
class Changed:
    """What changed in a folder since its seal (``since_seal``)."""

    stale: set[str]  # real paths of its files new or changed since (or whose rows do not hold)
    gone: list[str]  # of its files catalogued, those no longer there
    rows: dict[str, tuple[Any, ...]]  # its files catalogued, by real path: (…, id, paper, articles, whether they hold)
    generation: int  # the catalog's files' generation these were read at

    def facts(self, order: list[str], fresh: dict[str, tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """``(id, paper, articles)`` of each catalogued file of ``order``: as
        its row says if it is unchanged, else as ``fresh`` (scanned since)."""
        known = {path: row[4:7] for path, row in self.rows.items() if path not in self.stale}
        known.update(fresh)
        return [known[path] for path in order if path in known]


def catalogued_in(catalog: Catalog, folder: str) -> Catalogued:
    """The catalog's files' generation, and the rows of the files catalogued
    in ``folder`` (a real path: the rows a scan of every file would look at)
    by real path, for ``since_seal`` (read while the folder is walked)."""
    at = generation(catalog)
    low = os.fsencode(os.path.join(folder, ""))  # the folder's files, by path: the bytes between these
    return at, {path: row for row in catalog.query(
        "SELECT path, size, mtime_ns, ctime_ns, id, paper, articles, typeof(articles) = 'integer'"
        " AND articles BETWEEN 0 AND ? AND (paper IS NULL OR typeof(paper) = 'text') FROM files"
        " WHERE path >= ? AND path < ?", (MAX_ARTICLES, low, low[:-1] + bytes([low[-1] + 1])))
        if (path := stored_path(row[0])) is not None}  # a row that does not hold (as ``entry_of`` says): read again


def since_seal(catalog: Catalog, folder: str, looked: dict[str, Stamp], read: Catalogued | None = None) -> Changed | None:
    """What changed in ``folder`` (a real path) since a scan of it was
    sealed, ``looked``: every issue file's stamp as a walk just found them, by
    real path. Compared with the rows of the files catalogued in it (``read``:
    ``catalogued_in``'s, if read already) in one pass, so a new day costs its
    own files, not a look at each of the archive's; None when more than
    ``MAX_CHANGED`` changed (a scan of every file is as quick)."""
    at, rows = read or catalogued_in(catalog, folder)
    stale = {path for path, stamp in looked.items() if (row := rows.get(path)) is None or not row[7]
             or row[1:4] != (stamp.st_size, stamp.st_mtime_ns, stamp.st_ctime_ns)}
    gone = [path for path in rows if path not in looked]
    if len(stale) + len(gone) > MAX_CHANGED:
        return None
    return Changed(stale, gone, rows, at)


def source_of(target: Target) -> str:
    """The path a target is catalogued under (``SourceFile.source``)."""
    return target.source or os.path.realpath(target.location)


def same_stat(row: tuple[int, int, int, int, str] | None, info: Stamp) -> bool:
    """Whether a file is as the catalog last saw it: size, mtime, and ctime
    (which no one can set back: a text changed in place, its mtime restored, is read again)."""
    return row is not None and row[1:4] == (info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def needs_reading(target: Target, known: Known, stats: dict[str, Stamp]) -> bool | None:
    """Whether the catalog's copy of a file is stale (None: it cannot be
    looked at); the stat is kept in ``stats`` for the scan to use."""
    if target.duplicate or target.problem is not None:
        return False
    source = source_of(target)
    try:
        info = stats[source] = stats.get(source) or os.stat(target.location)
    except OSError:
        return None
    return not same_stat(known.get(source), info)
