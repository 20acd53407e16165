"""A seal on a scan: how the named files and folders stood when a scan
brought the catalog up to date with them, and what the scan found.

A command that finds the tree as it was sealed (each folder and each issue
file with the same size, times and inode, the catalog's files unwritten
since) trusts the catalog: it looks at no file's row to know that nothing
changed, and reads the scan's answer (its files, each with its paper, the
articles they hold, what the scan warned of) from one row. The files are in
the order the scan met them until a command asks for reading order; the days
are arranged then, once, and that order sealed in turn (``cli.files.Scope``).
The look is a walk that ``stat``s each file, as the scan does, and nothing
more.

Anything the quick look does not follow the way the scan does (a link,
another file system, a folder it cannot list, a special file, a tree deeper
than the scan walks, a system tree) leaves the tree unsealed: it is scanned.
A change of times counts even where the text is the same (``ctime`` too: it
cannot be set back), so a seal is never trusted where a scan would have
found anything to do.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
from array import array
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from reader.text.sources import MAX_DEPTH, SYSTEM_TREES, is_issue_name

if TYPE_CHECKING:
    from reader.catalog.database import Catalog

KEPT = 32  # seals kept: one per set of paths a user's commands name, the most recently used
ID_TYPE, ID_BYTES = "q", 8  # the files' ids, packed (this machine's own cache: its byte order)
MAX_FILES = 1 << 24  # a run of papers longer than this is no run the reader wrote


class Sealed(NamedTuple):
    """What a scan of some paths found, as sealed."""

    ids: list[int]  # the files' ids: in reading order once ``ordered``, else in the order the scan met them
    papers: list[str | None]  # each file's paper: its issue's once ``ordered``, else its own
    articles: int
    warnings: list[str]
    ordered: bool = False


def key_of(paths: Sequence[str], context: str) -> str:
    """The seal's name for a command over ``paths`` (their real paths, in
    order) in ``context`` (what else its answer depends on: the user's papers)."""
    named = "\0".join(os.path.realpath(p) for p in paths)
    return hashlib.blake2b(f"{named}\n{context}".encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def tree_state(paths: Sequence[str], stats: dict[str, os.stat_result] | None = None) -> str | None:
    """A digest of everything a scan of ``paths`` looks at, or None where the
    quick look cannot tell (see the module's docstring). ``stats`` gets each
    issue file's ``stat`` by its real path: a scan that follows takes them
    instead of asking again (only when a digest is given: a tree of plain
    files and folders, where a path is its real path)."""
    names: list[str] = []  # files by name, folders as "/name" and "/" where they end: no name holds "/"
    numbers = array(ID_TYPE)  # inode, size, mtime and ctime of each, in the same order
    seen: dict[str, os.stat_result] = {}  # each issue file's stat, by its real path
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            return None
        real = os.path.realpath(path)
        if any(real == tree or real.startswith(tree + "/") for tree in SYSTEM_TREES):
            return None
        names.append("/" + real)
        _stamp(numbers, info)
        if stat.S_ISDIR(info.st_mode):
            if not _walk(real, info.st_dev, 0, names, numbers, seen):
                return None
        elif not stat.S_ISREG(info.st_mode):
            return None
        else:
            seen[real] = info
        names.append("/")
    if stats is not None:
        stats.update(seen)
    digest = hashlib.blake2b("\0".join(names).encode("utf-8", "surrogatepass"), digest_size=20)
    digest.update(numbers.tobytes())
    return digest.hexdigest()


def _stamp(numbers: array[int], info: os.stat_result) -> None:
    """What the digest holds of a file or folder: inode, size, mtime, ctime."""
    numbers.extend((info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns))


def _walk(folder: str, device: int, depth: int, names: list[str], numbers: array[int],
          seen: dict[str, os.stat_result]) -> bool:
    """Each issue file and folder below ``folder`` into ``names`` and
    ``numbers``, in the order listed (a ``stat`` each, as the scan takes);
    False at anything the scan treats otherwise than a plain file."""
    try:
        with os.scandir(folder) as listing:
            for entry in listing:
                name = entry.name
                if name.startswith("."):
                    continue  # the scan skips hidden names; adding one changes the folder's times anyway
                if entry.is_symlink():
                    return False
                if entry.is_dir(follow_symlinks=False):
                    info = entry.stat(follow_symlinks=False)
                    if depth + 1 >= MAX_DEPTH or info.st_dev != device:
                        return False
                    names.append("/" + name)
                    _stamp(numbers, info)
                    if not _walk(entry.path, device, depth + 1, names, numbers, seen):
                        return False
                    names.append("/")
                elif is_issue_name(name):
                    info = entry.stat(follow_symlinks=False)
                    if not stat.S_ISREG(info.st_mode):
                        return False
                    names.append(name)
                    _stamp(numbers, info)
                    seen[entry.path] = info
    except OSError:
        return False
    return True


def generation(catalog: Catalog) -> int:
    """How many times the catalog's files have been written (``write.count_generation``)."""
    row = catalog.query("SELECT value FROM meta WHERE key = 'generation'")
    value = str(row[0][0]) if row else ""  # meta's values are text: the count is kept as digits
    return int(value) if value.isascii() and value.isdigit() else -1


def read(catalog: Catalog, key: str, state: str) -> Sealed | None:
    """The scan's answer sealed under ``key``, if the tree is still in ``state``
    and the catalog's files unwritten since; else None."""
    try:
        row = catalog.query("SELECT state, generation, ids, papers, articles, warnings, ordered FROM seals"
                            " WHERE key = ?", (key,))
    except sqlite3.Error:
        return None
    if not row or row[0][0] != state or type(row[0][1]) is not int or row[0][1] != generation(catalog):
        return None
    _state, _generation, packed, runs, articles, warnings, ordered = row[0]
    if not isinstance(packed, bytes) or len(packed) % ID_BYTES or type(articles) is not int:
        return None
    ids = array(ID_TYPE)
    ids.frombytes(packed)
    try:
        said, papers = json.loads(warnings), _unrun(json.loads(runs))
    except (TypeError, ValueError, RecursionError):
        return None
    if papers is None or len(papers) != len(ids) or not (isinstance(said, list) and all(isinstance(w, str) for w in said)):
        return None
    return Sealed(ids.tolist(), papers, articles, said, ordered == 1)


def write(catalog: Catalog, key: str, state: str, at: int, sealed: Sealed) -> None:
    """Seal a scan's answer: the tree was in ``state`` before it, the catalog's
    files at generation ``at`` when it ended. Best effort: a busy or read-only
    catalog is not sealed (the next command scans)."""
    if at < 0:
        return
    try:
        with catalog.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO seals (key, state, generation, ids, papers, articles, warnings, ordered, used)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, (SELECT coalesce(max(used), 0) + 1 FROM seals))",
                (key, state, at, array(ID_TYPE, sealed.ids).tobytes(), json.dumps(_runs(sealed.papers), ensure_ascii=False),
                 sealed.articles, json.dumps(sealed.warnings, ensure_ascii=False), int(sealed.ordered)))
            conn.execute("DELETE FROM seals WHERE key NOT IN (SELECT key FROM seals ORDER BY used DESC LIMIT ?)",
                         (KEPT,))
    except (sqlite3.Error, OverflowError):
        pass


def _runs(papers: list[str | None]) -> list[tuple[str | None, int]]:
    """``papers`` as ``(paper, how many in a row)``: an archive's files come day by day, paper by paper."""
    runs: list[tuple[str | None, int]] = []
    for paper in papers:
        if runs and runs[-1][0] == paper:
            runs[-1] = (paper, runs[-1][1] + 1)
        else:
            runs.append((paper, 1))
    return runs


def _unrun(runs: object) -> list[str | None] | None:
    if not isinstance(runs, list):
        return None
    papers: list[str | None] = []
    for run in runs:
        if not (isinstance(run, list) and len(run) == 2 and (run[0] is None or isinstance(run[0], str))
                and type(run[1]) is int and 0 < run[1] <= MAX_FILES):
            return None
        papers.extend([run[0]] * run[1])
    return papers
