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
more. The walk of a folder is taken in child processes (``Look``), each
``stat``ing its part of every folder's members: it is system calls, which
the two cores take side by side, and the command goes on meanwhile
(answering as sealed, loading its UI).

Anything the quick look does not follow the way the scan does (a link,
another file system, a folder it cannot list, a special file, a tree deeper
than the scan walks, a system tree) leaves the tree unsealed: it is scanned.
A change of times counts even where the text is the same (``ctime`` too: it
cannot be set back), so a seal is never trusted where a scan would have
found anything to do.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import threading
from array import array
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from reader.catalog.rows import FS_ENCODING, FS_ERRORS, Stamp, Stamped
from reader.text.sources import MAX_DEPTH, SYSTEM_TREES, is_issue_name

try:  # CPython's own module: hashlib builds OpenSSL's constructors first (9 ms, in the command and each walk's child)
    from _blake2 import blake2b
except ImportError:  # another Python
    from hashlib import blake2b

if TYPE_CHECKING:
    from reader.catalog.database import Catalog

KEPT = 32  # seals kept: one per set of paths a user's commands name, the most recently used
ID_TYPE, ID_BYTES = "q", 8  # the files' ids, packed (this machine's own cache: its byte order)
MAX_FILES = 1 << 24  # a run of papers longer than this is no run the reader wrote
FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
PARTS = 2  # the walk is taken in parts, a child process each: a stat per file, on both cores


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
    return blake2b(f"{named}\n{context}".encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def tree_state(paths: Sequence[str], stats: dict[str, Stamp] | None = None) -> str | None:
    """A digest of everything a scan of ``paths`` looks at, or None where the
    quick look cannot tell (see the module's docstring). ``stats`` gets each
    issue file's stamp by its real path: a scan that follows takes them
    instead of asking again (only when a digest is given: a tree of plain
    files and folders, where a path is its real path). The walk is taken in
    ``PARTS``, as ``Look``'s children take it, and gives the same digest."""
    walks = [walked for part in range(PARTS) if (walked := _walked(paths, part)) is not None]
    if len(walks) < PARTS:
        return None
    if stats is not None:
        for walked in walks:
            stats.update(_stamps(*walked))
    return _joined([_digest(*walked) for walked in walks])


Walked = tuple[list[str], "array[int]", set[str]]  # names, their numbers, the paths named that are files


def _walked(paths: Sequence[str], part: int = 0) -> Walked | None:
    """What the look sees of ``paths``: files by name, folders as "/name" and
    "/" where they end (no name holds "/"; a path named is "/" and its real
    path), the inode, size, mtime and ctime of each in the same order, and
    which paths named are files; None where it cannot tell. Of the members of
    each folder, only those of this ``part`` (their place in its listing, in
    ``PARTS``) are looked at: another part has the others, and the folders'
    own numbers are 0 where they are another part's."""
    names: list[str] = []
    numbers = array(ID_TYPE)
    files: set[str] = set()
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
            if not _walk(real, info.st_dev, 0, names, numbers, part):
                return None
        elif not stat.S_ISREG(info.st_mode):
            return None
        else:
            files.add(real)
        names.append("/")
    return names, numbers, files


def _one_after_another(walks: list[Walked]) -> Walked:
    """Walks as one (a walk's names are whole folders: each ends where it began)."""
    numbers = array(ID_TYPE)
    for walked in walks:
        numbers.extend(walked[1])
    return [name for walked in walks for name in walked[0]], numbers, {path for walked in walks for path in walked[2]}


def _joined(digests: list[str]) -> str:
    """The digest of a walk taken in parts, from theirs."""
    return blake2b("".join(digests).encode("ascii"), digest_size=20).hexdigest()


def _digest(names: list[str], numbers: array[int], _files: set[str]) -> str:
    digest = blake2b("\0".join(names).encode("utf-8", "surrogatepass"), digest_size=20)
    digest.update(numbers.tobytes())
    return digest.hexdigest()


def _stamps(names: list[str], numbers: array[int], files: set[str]) -> dict[str, Stamp]:
    """Each issue file's stamp by its real path, from what the walk saw (the
    paths made again only here: a look whose seal holds needs none)."""
    stamps: dict[str, Stamp] = {}
    folders: list[str] = []
    at = 0
    for name in names:
        if name == "/":
            folders.pop()
            continue
        stamp = Stamped(numbers[at + 1], numbers[at + 2], numbers[at + 3])
        at += 4
        if name[0] != "/":
            stamps[folders[-1] + "/" + name] = stamp
            continue
        path = folders[-1] + name if folders else name[1:]
        folders.append(path)
        if len(folders) == 1 and path in files:
            stamps[path] = stamp
    return stamps


class Look:
    """``tree_state(paths)``, taken in a child process when the paths hold a
    folder (forked as a command starts: it needs nothing but the walk), so
    that the command goes on meanwhile (answers as sealed, loads its UI, or
    reads the rows a scan would need); here, when ``state`` is asked, where
    it cannot be (no ``fork``, threads running, a single file to look at).
    The child sends its stats back only when the tree is not in the state
    the command expected (its seal's): a scan follows then, and takes them."""

    def __init__(self, paths: Sequence[str], children: int = PARTS) -> None:
        self.paths = list(paths)
        # (pid, its pipe to us, ours to it, its parts): a part each, or one child for all of them (where
        # the command is busy on a core of its own meanwhile: the reader loading its UI).
        self._children: list[tuple[int, int, int, list[int]]] = []
        self._done = False
        self._state: str | None = None
        if hasattr(os, "fork") and threading.active_count() == 1 and any(map(os.path.isdir, self.paths)):
            for parts in ([[part] for part in range(PARTS)] if children > 1 else [list(range(PARTS))]):
                if not self._fork(parts):
                    self.close()  # all parts or none: the look is taken here then
                    self._children, self._done = [], False
                    break

    @property
    def apart(self) -> bool:
        """Whether the look is being taken in child processes."""
        return bool(self._children)

    def _fork(self, parts: list[int]) -> bool:
        said, says = os.pipe()
        ask, asked = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            for fd in (said, says, ask, asked):
                os.close(fd)
            return False
        if pid == 0:  # the other children's pipes let go: each must see its own asking pipe close
            self._child(parts, says, ask, closing=(said, asked, *(fd for c in self._children for fd in c[1:3])))
        os.close(says)
        os.close(ask)
        self._children.append((pid, said, asked, parts))
        return True

    def _child(self, parts: list[int], says: int, ask: int, closing: tuple[int, ...]) -> None:
        """A child: its parts of the walk, a digest each down the pipe, what
        it saw if asked, and out at once (nothing of the parent's cleaned up);
        the terminal let go first, so that nothing waits on it."""
        code = 1
        try:
            for fd in closing:
                os.close(fd)
            null = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(null, fd)
            walks = [_walked(self.paths, part) for part in parts]
            os.write(says, b"".join((_digest(*w) if w is not None else "-").encode("ascii") + b"\n" for w in walks))
            whole = [w for w in walks if w is not None]
            if len(whole) == len(walks) and os.read(ask, 1) == b"y":
                with os.fdopen(says, "wb") as pipe:
                    pipe.write(_packed(_one_after_another(whole)))
            code = 0
        finally:
            os._exit(code)

    def state(self, stats: dict[str, Stamp], expected: str | None) -> str | None:
        """The digest (``tree_state``'s), waiting for the children if it is
        apart; ``stats`` gets the files' stats unless it is ``expected``."""
        if self._done:
            return self._state
        self._done = True
        if not self.apart:
            self._state = tree_state(self.paths, stats)
            return self._state
        try:
            self._state = self._hear(stats, expected)
        finally:
            self._end(kill=self._state is None)  # a part that could not tell: the others need not go on
        return self._state

    def close(self) -> None:
        """Stop children not asked yet (the command ended otherwise), and reap them."""
        if self.apart and not self._done:
            self._done = True
            self._end(kill=True)

    def _end(self, kill: bool) -> None:
        """Our ends of the pipes closed, and the children reaped (killed first,
        if told); one that did not end well leaves no state (None, as a scan then)."""
        for pid, said, asked, _parts in self._children:
            for fd in (said, asked):
                try:
                    os.close(fd)
                except OSError:
                    pass
            try:
                if kill:
                    os.kill(pid, signal.SIGKILL)
                _pid, status = os.waitpid(pid, 0)
            except OSError:
                status = 1
            if status != 0:
                self._state = None

    def _hear(self, stats: dict[str, Stamp], expected: str | None) -> str | None:
        digests: list[str] = []
        for _pid, said, _asked, parts in self._children:
            lines = b""
            while lines.count(b"\n") < len(parts):
                chunk = os.read(said, 128)
                if not chunk:
                    return None
                lines += chunk
            for text in lines.decode("ascii", "replace").splitlines():
                if len(text) != 40 or any(ch not in "0123456789abcdef" for ch in text):
                    return None  # an odd tree: None, as a scan then
                digests.append(text)
        if len(digests) != PARTS:
            return None
        joined = _joined(digests)
        if joined != expected:
            for _pid, said, asked, _parts in self._children:
                try:
                    os.write(asked, b"y")
                except OSError:
                    return None
                received = []
                while chunk := os.read(said, 1 << 20):
                    received.append(chunk)
                walked = _unpacked(b"".join(received))
                if walked is not None:  # else nothing: the scan asks again
                    stats.update(_stamps(*walked))
        return joined


def _packed(walked: Walked) -> bytes:
    """What the walk saw, as the child sends it (its bytes, made in C: the
    stamps are made of it here, as ``tree_state`` makes them): the lengths
    of the names and of the files named, the names and the files named (NUL
    between), the numbers."""
    names, numbers, files = walked
    text, named = ("\0".join(words).encode(FS_ENCODING, FS_ERRORS) for words in (names, sorted(files)))
    return len(text).to_bytes(ID_BYTES, "little") + len(named).to_bytes(ID_BYTES, "little") + text + named \
        + numbers.tobytes()


def _unpacked(data: bytes) -> Walked | None:
    """``_packed``'s walk again; None where it does not hold together."""
    size, count = (int.from_bytes(data[at : at + ID_BYTES], "little") for at in (0, ID_BYTES))
    start = 2 * ID_BYTES
    rest = data[start + size + count :]
    if len(data) < start + size + count or len(rest) % ID_BYTES:
        return None
    names = data[start : start + size].decode(FS_ENCODING, FS_ERRORS).split("\0") if size else []
    files = set(data[start + size : start + size + count].decode(FS_ENCODING, FS_ERRORS).split("\0")) if count else set()
    numbers = array(ID_TYPE)
    numbers.frombytes(rest)
    depth = 0
    for name in names:  # each folder ends once, after it began, and holds the files; four numbers each but ends
        if name == "/":
            depth -= 1
        elif name[:1] == "/":
            depth += 1
        elif not depth:
            return None
        if depth < 0:
            return None
    if depth or len(numbers) != 4 * (len(names) - names.count("/")):
        return None
    return names, numbers, files


def _stamp(numbers: array[int], info: os.stat_result) -> None:
    """What the digest holds of a file or folder: inode, size, mtime, ctime."""
    numbers.extend((info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns))


def _walk(folder: str | int, device: int, depth: int, names: list[str], numbers: array[int], part: int) -> bool:
    """Each issue file and folder below ``folder`` (a path, or an open
    folder's descriptor) into ``names`` and ``numbers``, in the order listed
    (a ``stat`` each, as the scan takes, for the members of this ``part``;
    every folder is walked into, another part's with numbers of 0); False at
    anything the scan treats otherwise than a plain file. Each name is looked
    up in its open folder, not from the root again, and a folder is opened
    without following a link. (The loop is the look's cost beside the system
    calls: kept lean.)"""
    if isinstance(folder, str):
        try:
            opened = os.open(folder, FOLDER_FLAGS)
        except OSError:
            return False
        try:
            return _walk(opened, device, depth, names, numbers, part)
        finally:
            os.close(opened)
    add, stamp, look = names.append, numbers.extend, os.stat
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
        # This part's members and the other parts' folders (walked into, without their numbers), as listed.
        others = {at for at in range(len(entries))
                  if at % PARTS != part and entries[at].is_dir(follow_symlinks=False)}
        order = sorted(others.union(range(part, len(entries), PARTS))) if others else range(part, len(entries), PARTS)
        for at in order:
            entry = entries[at]
            name = entry.name
            if name[0] == ".":
                continue  # the scan skips hidden names; adding one changes the folder's times anyway
            if at in others:
                own: tuple[int, int, int, int] = (0, 0, 0, 0)
            else:
                if is_issue_name(name):
                    info = look(name, dir_fd=folder, follow_symlinks=False)
                    if stat.S_ISREG(info.st_mode):
                        add(name)
                        stamp((info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns))
                        continue
                    if not stat.S_ISDIR(info.st_mode):
                        return False  # a link, a special file
                elif entry.is_symlink():
                    return False
                elif not entry.is_dir(follow_symlinks=False):
                    continue
                else:
                    info = look(name, dir_fd=folder, follow_symlinks=False)
                if info.st_dev != device:
                    return False  # a folder on another file system
                own = (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
            if depth + 1 >= MAX_DEPTH:  # a folder
                return False
            add("/" + name)
            stamp(own)
            inner = os.open(name, FOLDER_FLAGS, dir_fd=folder)
            try:
                if not _walk(inner, device, depth + 1, names, numbers, part):
                    return False
            finally:
                os.close(inner)
            add("/")
    except OSError:
        return False
    return True


def generation(catalog: Catalog) -> int:
    """How many times the catalog's files have been written (``write.count_generation``)."""
    row = catalog.query("SELECT value FROM meta WHERE key = 'generation'")
    value = str(row[0][0]) if row else ""  # meta's values are text: the count is kept as digits
    return int(value) if value.isascii() and value.isdigit() else -1


def read(catalog: Catalog, key: str, state: str | None) -> tuple[str, Sealed] | None:
    """The scan's answer sealed under ``key`` and the state it was sealed in,
    if the tree is still in ``state`` (None: whatever it was sealed in, for a
    guess while the tree is looked at) and the catalog's files unwritten
    since; else None."""
    import sqlite3

    try:
        row = catalog.query("SELECT state, generation, ids, papers, articles, warnings, ordered FROM seals"
                            " WHERE key = ?", (key,))
    except sqlite3.Error:
        return None
    if not row or not isinstance(row[0][0], str) or (state is not None and row[0][0] != state) \
            or type(row[0][1]) is not int or row[0][1] != generation(catalog):
        return None
    sealed_in, _generation, packed, runs, articles, warnings, ordered = row[0]
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
    return sealed_in, Sealed(ids.tolist(), papers, articles, said, ordered == 1)


def write(catalog: Catalog, key: str, state: str, at: int, sealed: Sealed) -> None:
    """Seal a scan's answer: the tree was in ``state`` before it, the catalog's
    files at generation ``at`` when it ended. Best effort: a busy or read-only
    catalog is not sealed (the next command scans)."""
    import sqlite3

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
