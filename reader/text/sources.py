"""Turning command-line paths into decoded issue texts, with one-line errors.

Accepts UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK and Big5
(told apart by which reads as Chinese), and any line ends. Every problem a
user can cause is an ``InputError`` whose message names the path and the
problem; nothing here raises a traceback for bad input.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, TypeVar

from reader.core.i18n import _
from reader.core.safe_files import NotRegularFileError, TooLargeError, read_regular_file, reason

MAX_BYTES = 50 * 1024 * 1024
ISSUE_SUFFIXES = (".md", ".txt", ".html", ".htm")  # a page saved as its HTML is read as a browser shows it
T = TypeVar("T")


class InputError(Exception):
    """A user's input cannot be read; ``str(err)`` is the one-line message."""


@dataclass(frozen=True)
class SourceText:
    """An issue file's decoded text and where it came from."""

    path: Path
    text: str


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data[:65536] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    return False


CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _controls_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    return len(CONTROL_RE.findall(sample)) / len(sample)


SAMPLE_CHARS = 20000  # characters of a file looked at to tell its legacy encoding
BIG5_FAMILIAR = (0xA140, 0xC67E)  # Big5's symbols and its level 1: the 5,401 common traditional hanzi


def _unfamiliar(text: str) -> tuple[int, int]:
    """Of the non-ASCII characters at the start of a text decoded from a
    legacy encoding, how many are none a Chinese paper commonly prints (not in
    GB2312, the 6,763 common simplified hanzi and the usual punctuation, nor
    among Big5's symbols and common traditional hanzi, its level 1), and how
    many there are. Text decoded in the wrong encoding lands in the rare
    corners (Latin-1 read as GBK: ``Über`` → ``躡er``; Big5 read as GBK, or
    GBK as Big5: rare hanzi and symbols among common ones)."""
    seen: dict[str, bool] = {}
    rare = wide = 0
    for ch in text[:SAMPLE_CHARS]:
        if ch <= "\x7f":
            continue
        wide += 1
        familiar = seen.get(ch)
        if familiar is None:
            familiar = seen[ch] = _familiar(ch)
        rare += not familiar
    return rare, wide


def _familiar(ch: str) -> bool:
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        pass
    try:
        code = int.from_bytes(ch.encode("big5"), "big")
    except UnicodeEncodeError:
        return False
    return BIG5_FAMILIAR[0] <= code <= BIG5_FAMILIAR[1]


def _legacy(data: bytes) -> tuple[str, str] | None:
    """``data`` (not UTF-8) decoded as GB18030/GBK or Big5 (with Hong Kong's
    additions), whichever reads as Chinese (``_unfamiliar``: no more than a
    fifth of its non-ASCII characters rare; the fewer, GB18030 on a tie), as
    ``(text, encoding)``; None when neither does. A Big5 page (a Hong Kong or
    Taiwan paper, an old archive in traditional characters) often decodes as
    GBK without an error, and a GBK page in traditional characters is not in
    GB2312: the two are told apart by which reading is the familiar one."""
    best: tuple[int, str, str] | None = None
    for encoding in ("gb18030", "big5hkscs"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _controls_ratio(text) > 0.01:
            raise ValueError(_("binary file, not text"))
        rare, wide = _unfamiliar(text)
        if rare <= max(2, wide // 5) and (best is None or rare < best[0]):
            best = (rare, text, encoding)
    return None if best is None else (best[1], best[2])


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data`` as UTF-8 (BOM optional), UTF-16 (BOM), GB18030/GBK or Big5.

    Returns ``(text, encoding)`` with line ends normalised to ``\\n``.
    Raises ``ValueError`` naming the problem when none fits.
    """
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        legacy = _legacy(data) if encoding == "utf-8" else None  # a BOM names its encoding
        if legacy is None:
            raise ValueError(_("not text in a supported encoding (UTF-8, UTF-16 with BOM, GB18030/GBK, Big5)")) from None
        text, encoding = legacy
    else:
        repaired = _unmojibaked(text)
        if repaired is not None:
            text, encoding = repaired
        if _controls_ratio(text) > 0.01:
            raise ValueError(_("binary file, not text"))
    return line_ends(text), encoding


# Chinese read once in a Western encoding (Windows' cp1252, or Latin-1) and written again as UTF-8: each
# character's bytes as Latin letters and signs (洛阳日报 as æ´›é˜³æ—¥æŠ¥ from UTF-8, ÂåÑôÈÕ±¨ from GBK).
CJK_RE = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
MOJIBAKE_RE = re.compile("[\u00c0-\u00ff][\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6"
                         "\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")
# cp1252's signs where Latin-1 has its C1 controls (€ for 0x80 …): each made the byte it was.
CP1252_AS_LATIN1 = {ord(bytes([byte]).decode("cp1252")): byte for byte in range(0x80, 0xA0)
                    if byte not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}
MOJIBAKE_MIN = 10  # such pairs in the sample, and no Chinese character, before a text is read again


def _unmojibaked(text: str) -> tuple[str, str] | None:
    """The Chinese text ``text`` was before a Western encoding garbled it,
    as ``(text, encoding)``: its characters made bytes again (cp1252's, or
    Latin-1's for the five cp1252 leaves undefined) and decoded as UTF-8,
    else GB18030 or Big5 where that reads as Chinese (``_legacy``). None for
    a text that is not so garbled: one with a Chinese character, or few such
    letters (a page in French), or whose bytes read as no Chinese."""
    sample = text[:SAMPLE_CHARS]
    if CJK_RE.search(sample) is not None or len(MOJIBAKE_RE.findall(sample)) < MOJIBAKE_MIN:
        return None
    try:
        raw = text.translate(CP1252_AS_LATIN1).encode("latin-1")  # in C, however long the file
    except UnicodeEncodeError:
        return None  # a character no Western encoding gives: not mojibake
    try:
        found: tuple[str, str] | None = (raw.decode("utf-8"), "utf-8 read as cp1252")
    except UnicodeDecodeError:
        found = _legacy(raw)
    if found is None or CJK_RE.search(found[0][:SAMPLE_CHARS]) is None:
        return None
    return found


PAGE_BREAKS = ("\f", "\u2029")  # a form feed (pdftotext's between pages), a paragraph separator


def line_ends(text: str) -> str:
    """Any line end as ``\\n``; a page break or a paragraph separator as a
    blank line (what follows starts a block: the next page's masthead is
    no line of the last article), a line separator as a line end."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for mark in PAGE_BREAKS:
        if mark in text:
            text = text.replace(mark, "\n\n")
    return text.replace("\u2028", "\n") if "\u2028" in text else text


def read_issue_file(path: Path) -> SourceText:
    """Read and decode one issue file, or raise ``InputError``.

    Only regular files are read (a FIFO, device or socket is refused without
    waiting on it), and never more than ``MAX_BYTES``, whatever the file
    system says its size is."""
    try:
        data = read_regular_file(path, MAX_BYTES)
    except FileNotFoundError:
        raise InputError(_("{path}: no such file or directory").format(path=path)) from None
    except IsADirectoryError:
        raise InputError(_("{path}: is a directory").format(path=path)) from None
    except TooLargeError:
        raise InputError(_("{path}: file is too large (the limit is 50 MB)").format(path=path)) from None
    except NotRegularFileError as err:
        raise InputError(f"{path}: {reason(err)}") from None
    except OSError as err:
        raise InputError(_("{path}: cannot read ({reason})").format(path=path, reason=reason(err))) from None
    if not data.strip():
        raise InputError(_("{path}: empty file").format(path=path))
    if _looks_binary(data):
        raise InputError(_("{path}: binary file, not text").format(path=path))
    try:
        text, _encoding = decode_bytes(data)
    except ValueError as err:
        raise InputError(f"{path}: {err}") from None
    if not text.strip():
        raise InputError(_("{path}: empty file").format(path=path))
    return SourceText(path=path, text=text)


def is_issue_name(name: str) -> bool:
    """Whether a file of this name is read as an issue (``*.md``, ``*.txt``, ``*.html``, ``*.htm``)."""
    dot = name.rfind(".")
    return dot > 0 and name[dot:].lower() in ISSUE_SUFFIXES


MAX_DEPTH = 16  # folders below the one named: a date tree is 4 deep
# The system's own trees: never walked into from a folder of issues (a link to
# /proc in an archive walked the machine through /proc/PID/cwd), unless named.
SYSTEM_TREES = ("/proc", "/sys", "/dev")


class Target(NamedTuple):
    """One issue file a command line names, directly or through a directory
    (or, with ``problem``, something in a directory that is skipped, and why).
    Its path is kept as text, in a tuple: an archive's walk makes tens of
    thousands, and a ``Path`` or a frozen dataclass costs more to make than
    the ``stat`` that looks at the file."""

    location: str  # the path, as named or found
    directory: Path | None  # the directory it was found in; None: named itself
    duplicate: bool = False  # the same file was already reached under another name
    source: str = ""  # the resolved path (``SourceFile.source``); "" where it cannot be told
    problem: str | None = None  # why it is not read: an unreadable folder, a link out of the tree

    @property
    def path(self) -> Path:
        return Path(self.location)


class _Tree:
    """The walk of one named directory: what it may enter, and what it met."""

    def __init__(self, root: Path, info: os.stat_result) -> None:
        self.root = root
        self.real = os.path.realpath(root)
        self.device = info.st_dev
        self.seen = {(info.st_dev, info.st_ino)}  # folders entered: a link loop is entered once
        # Devices of the system's trees, unless the named folder is on one of them.
        self.system = {d for d in (_device(t) for t in SYSTEM_TREES) if d is not None} - {info.st_dev}
        self.found: list[tuple[str, tuple[int, int] | None, str]] = []  # issue files: path, identity, source
        self.skipped: list[tuple[str, str]] = []  # (path, why)

    def inside(self, real: str) -> bool:
        return real == self.real or real.startswith(os.path.join(self.real, ""))

    def leaves(self, real: str, device: int) -> str | None:
        """Why a link to ``real`` (on ``device``) is not followed, or None."""
        if not self.inside(real):
            return _("a link out of the folder, not followed (name its target to read it)")
        if device != self.device:
            return _("a link to another file system, not followed (name its target to read it)")
        return None

    def walk(self, folder: str, real: str, depth: int) -> None:
        try:
            with os.scandir(folder) as listing:
                entries = sorted((e for e in listing if not e.name.startswith(".")), key=lambda e: e.name)
        except OSError as err:
            if depth == 0:
                raise InputError(_("{directory}: cannot list directory ({reason})").format(
                    directory=folder, reason=reason(err))) from None
            self.skipped.append((folder, _("cannot list directory ({reason})").format(reason=reason(err))))
            return
        within = os.path.join(real, "")  # the real folder and a separator: each member's real path follows
        for entry in entries:
            path = entry.path
            try:
                link = entry.is_symlink()
                is_dir = entry.is_dir()  # through a link: what it points at
            except OSError:
                link, is_dir = False, False
            if link:
                self._link(path, is_dir, depth)
            elif is_dir:
                self._folder(path, within + entry.name, depth)
            elif is_issue_name(entry.name):
                try:
                    identity: tuple[int, int] | None = (self.device, entry.inode())
                except OSError:
                    identity = None
                self.found.append((path, identity, within + entry.name))

    def _folder(self, path: str, real: str, depth: int) -> None:
        info = _stat(path)
        if info is None or depth >= MAX_DEPTH:
            return
        if info.st_dev in self.system:
            self.skipped.append((path, _("a system folder, not walked (name it to read it)")))
            return
        identity = (info.st_dev, info.st_ino)
        if identity not in self.seen:
            self.seen.add(identity)
            self.walk(path, real, depth + 1)

    def _link(self, path: str, is_dir: bool, depth: int) -> None:
        real = os.path.realpath(path)
        info = _stat(path)
        name = os.path.basename(path)
        if info is None:  # a broken link: reading it says what is wrong, if it has an issue's name
            if is_issue_name(name):
                self.found.append((path, None, real))
            return
        if not is_dir and not is_issue_name(name):
            return
        why = self.leaves(real, info.st_dev)
        if why is not None:
            self.skipped.append((path, why))
        elif is_dir:
            self._folder(path, real, depth)
        else:
            self.found.append((path, (info.st_dev, info.st_ino), real))


def _device(path: str) -> int | None:
    info = _stat(path)
    return info.st_dev if info is not None else None


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def _members(directory: Path) -> _Tree:
    """The issue files (``*.md``, ``*.txt``, ``*.html``, ``*.htm``; not hidden) in ``directory`` and
    its sub-directories, in path order, and what was skipped on the way.

    Hidden folders are skipped; a folder reached twice (a link loop, a link to
    a folder already read) is read once. A link is followed only within the
    named folder and its file system, and the system's own trees (/proc, /sys,
    /dev) are never walked into: the user names them to read them. Anything
    else with an issue's name (a FIFO, a broken link) is left for reading to
    skip with a warning. One ``scandir`` per folder: 10,000 issues cost no
    stat per file, but for links."""
    try:
        info = os.stat(directory)
    except OSError as err:
        raise InputError(_("{directory}: cannot list directory ({reason})").format(
            directory=directory, reason=reason(err))) from None
    tree = _Tree(directory, info)
    tree.walk(str(directory), tree.real, 0)
    if not tree.found:
        raise InputError(_("{directory}: directory has no issue files (*.md, *.txt, *.html), nor its sub-directories").format(
            directory=directory))
    return tree


def expand_paths(paths: list[Path]) -> list[Target]:
    """The issue files named by ``paths``, directories expanded (their issue
    files and their sub-directories', in path order), each file reached twice
    (given twice, or through a link) marked as a duplicate, and what a
    directory's walk skipped (``Target.problem``). A missing path, or a
    directory without issue files, is an ``InputError``."""
    targets: list[Target] = []
    seen: set[tuple[int, int]] = set()

    def first_time(identity: tuple[int, int] | None) -> bool:
        if identity is None:
            return True  # reading it will say what is wrong
        if identity in seen:
            return False
        seen.add(identity)
        return True

    for path in paths:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            raise InputError(_("{path}: no such file or directory").format(path=path)) from None
        except OSError as err:
            raise InputError(_("{path}: cannot read ({reason})").format(path=path, reason=reason(err))) from None
        if stat.S_ISDIR(info.st_mode):
            tree = _members(path)
            for member, identity, source in tree.found:
                targets.append(Target(member, path, not first_time(identity), source))
            targets.extend(Target(where, path, problem=why) for where, why in tree.skipped)
        else:
            targets.append(Target(str(path), None, not first_time((info.st_dev, info.st_ino)), os.path.realpath(path)))
    return targets


def read_targets(
    targets: list[Target], read: Callable[[Target], T]
) -> tuple[list[T], list[str]]:
    """``read`` each target that is not a duplicate, in order.

    A file named on the command line that cannot be read is an error. A file
    found inside a directory that cannot be read is skipped with a warning,
    so one bad file does not hide a whole archive; a directory with nothing
    readable left is an error. Returns ``(results, warnings)``."""
    results: list[T] = []
    warnings: list[str] = []
    readable: dict[Path, int] = {}
    for target in targets:
        if target.directory is not None:
            readable.setdefault(target.directory, 0)
        if target.problem is not None:
            warnings.append(_("{error} (skipped)").format(error=f"{target.path}: {target.problem}"))
            continue
        if target.duplicate:
            if target.directory is not None:
                readable[target.directory] += 1  # already read under another name
            continue
        try:
            results.append(read(target))
        except InputError as err:
            if target.directory is None:
                raise
            warnings.append(_("{error} (skipped)").format(error=err))
            continue
        if target.directory is not None:
            readable[target.directory] += 1
    for directory, count in readable.items():
        if not count:
            raise InputError(_("{directory}: no readable issue files in directory").format(directory=directory))
    return results, warnings


def read_sources(paths: list[Path]) -> tuple[list[SourceText], list[str]]:
    """Read every issue named by ``paths`` (see ``expand_paths`` and ``read_targets``)."""
    return read_targets(expand_paths(paths), lambda target: read_issue_file(target.path))
