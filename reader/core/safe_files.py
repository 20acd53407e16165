"""Opening files safely: bounded reads of what a user names, and private files
and directories for what the reader owns.

On a shared host another user may plant a symlink, a FIFO or a world-writable
directory where the reader writes; a file named on the command line may be a
device that never ends. Everything here works on the file descriptor it opened
(``fstat``, ``fchmod``), never on a path that may have changed in between.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reader.core.i18n import _

_OPEN_FLAGS = os.O_CLOEXEC | os.O_NONBLOCK


class UnsafePathError(OSError):
    """A place the reader would write to is not safely the user's own."""

    def __init__(self, path: Path, why: str) -> None:
        super().__init__(errno.EPERM, why, str(path))


class NotRegularFileError(OSError):
    """A path names a FIFO, a device, a socket or a directory, not a file."""

    def __init__(self, path: Path, mode: int) -> None:
        super().__init__(errno.EINVAL, _("not a regular file ({kind})").format(kind=_kind(mode)), str(path))


class TooLargeError(OSError):
    """A file holds more than the reader will read."""

    def __init__(self, path: Path, limit: int) -> None:
        why = _("file is too large (the limit is {megabytes} MB)").format(megabytes=limit // (1024 * 1024))
        super().__init__(errno.EFBIG, why, str(path))


def reason(err: BaseException) -> str:
    """Why something failed, in a few words: an OS error's own text
    ("Permission denied"), in the UI's language for the common ones, else the
    error's message."""
    if isinstance(err, OSError) and err.strerror:
        from_system = err.strerror == os.strerror(err.errno or 0)  # not one of the reader's own messages
        return _os_reasons().get(err.errno or 0, err.strerror) if from_system else err.strerror
    return str(err)


def _os_reasons() -> dict[int, str]:
    """What the system says for the errors a reader meets, in the UI's language."""
    return {
        errno.ENOENT: _("No such file or directory"),
        errno.EACCES: _("Permission denied"),
        errno.EPERM: _("Operation not permitted"),
        errno.ENOTDIR: _("Not a directory"),
        errno.EISDIR: _("Is a directory"),
        errno.ELOOP: _("Too many levels of symbolic links"),
        errno.ENOSPC: _("No space left on device"),
        errno.EROFS: _("Read-only file system"),
        errno.EIO: _("Input/output error"),
        errno.ENAMETOOLONG: _("File name too long"),
    }


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, _("a directory")),
        (stat.S_ISFIFO, _("a FIFO")),
        (stat.S_ISCHR, _("a character device")),
        (stat.S_ISBLK, _("a block device")),
        (stat.S_ISSOCK, _("a socket")),
    ):
        if test(mode):
            return name
    return _("not a file")


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Opened without blocking (a FIFO cannot hang the reader), checked on the
    descriptor (a FIFO, device, socket or directory raises
    ``NotRegularFileError``), and read up to ``limit + 1`` bytes whatever
    ``st_size`` says (``TooLargeError`` beyond ``limit``)."""
    fd = os.open(path, os.O_RDONLY | _OPEN_FLAGS)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFileError(path, mode)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise TooLargeError(path, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_regular_text(path: Path, limit: int = 1024 * 1024) -> str:
    """A small UTF-8 text file (config, user dictionary), read like ``read_regular_file``."""
    return read_regular_file(path, limit).decode("utf-8")


def private_dir(path: Path) -> Path:
    """``path`` as a directory only the user can write, creating what is
    missing with mode 0700.

    An existing directory is left as it is (its mode is never changed), but
    it must be the user's own and not writable by group or others, else
    ``UnsafePathError``: another user could plant links there."""
    missing: list[Path] = []
    probe = path
    while not os.path.lexists(probe) and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for directory in reversed(missing):
        try:
            os.mkdir(directory, 0o700)
        except FileExistsError:
            pass  # another session made it in between: checked below
    info = os.stat(path)
    if not stat.S_ISDIR(info.st_mode):
        raise NotADirectoryError(errno.ENOTDIR, "not a directory", str(path))
    if info.st_uid != os.geteuid():
        raise UnsafePathError(path, _("directory belongs to another user"))
    if info.st_mode & 0o022:
        raise UnsafePathError(path, _("directory is writable by other users"))
    return path


def _check_own(fd: int, path: Path) -> os.stat_result:
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFileError(path, info.st_mode)
    if info.st_uid != os.geteuid():
        raise UnsafePathError(path, _("file belongs to another user"))
    if info.st_nlink != 1:
        raise UnsafePathError(path, _("file has other hard links"))
    return info


def _open_nofollow(path: Path, flags: int, mode: int = 0o600) -> int:
    try:
        return os.open(path, flags | os.O_NOFOLLOW | _OPEN_FLAGS, mode)
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise UnsafePathError(path, _("is a symbolic link")) from None
        raise


@contextmanager
def own_file(path: Path) -> Iterator[tuple[int, bool, os.stat_result]]:
    """Open ``path`` as a regular file of the user's, not a link, creating it
    (0600) if missing: yields ``(descriptor, created, stat)``, then closes it.

    Checked on the descriptor: ``UnsafePathError`` for a link, another user's
    file or a hard-linked one. Reading, checking and narrowing the mode all go
    through this one descriptor."""
    try:
        fd = _open_nofollow(path, os.O_RDWR | os.O_CREAT | os.O_EXCL)
        created = True
    except FileExistsError:
        fd = _open_nofollow(path, os.O_RDONLY)
        created = False
    try:
        yield fd, created, _check_own(fd, path)
    finally:
        os.close(fd)


def tighten(fd: int, info: os.stat_result) -> None:
    """Narrow a file of the user's (open as ``fd``) to 0600."""
    if info.st_mode & 0o077:
        os.fchmod(fd, 0o600)


def private_file(path: Path) -> bool:
    """Make sure ``path`` is a regular file of the user's, not a link, mode
    0600 (see ``own_file``). Returns whether it was created."""
    with own_file(path) as (fd, created, info):
        tighten(fd, info)
    return created


SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def check_companions(path: Path) -> None:
    """A database's ``-wal``, ``-shm`` and ``-journal`` files, where they exist,
    must be regular files of the user's, not links (SQLite would follow them)."""
    for suffix in SQLITE_COMPANIONS:
        extra = path.with_name(path.name + suffix)
        try:
            info = os.lstat(extra)
        except FileNotFoundError:
            continue
        if stat.S_ISLNK(info.st_mode):
            raise UnsafePathError(extra, _("is a symbolic link"))
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFileError(extra, info.st_mode)
        if info.st_uid != os.geteuid():
            raise UnsafePathError(extra, _("file belongs to another user"))


def sqlite_uri(path: Path, **params: str) -> str:
    """A ``file:`` URI for SQLite with the path escaped (``#``, ``%`` and ``?``
    in a directory name stay part of the name)."""
    uri = Path(os.path.abspath(path)).as_uri()
    if params:
        uri += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return uri
