"""Turning command-line paths into decoded issue texts, with one-line errors.

Accepts UTF-8 (with or without BOM), UTF-16 with BOM and GB18030/GBK, and
any line ends. Every problem a user can cause is an ``InputError`` whose
message names the path and the problem; nothing here raises a traceback for
bad input.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 50 * 1024 * 1024
ISSUE_SUFFIXES = (".md", ".txt")


class InputError(Exception):
    """A user's input cannot be read; ``str(err)`` is the one-line message."""


@dataclass(frozen=True)
class SourceText:
    """An issue file's decoded text and where it came from."""

    path: Path
    text: str
    encoding: str


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


def _common_chinese(text: str) -> bool:
    """Whether text decoded as GB18030 reads as Chinese: nearly all of its
    non-ASCII characters are in GB2312 (the 6,763 common hanzi and the usual
    punctuation). A Latin-1 file that happens to decode (``Über`` → ``躡er``)
    lands in GBK's rare extension instead."""
    sample = [ch for ch in text[:20000] if ord(ch) > 0x7F]
    rare = 0
    for ch in sample:
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            rare += 1
    return rare <= max(2, len(sample) // 5)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data`` as UTF-8 (BOM optional), UTF-16 (BOM) or GB18030.

    Returns ``(text, encoding)`` with line ends normalised to ``\\n``.
    Raises ``ValueError`` naming the problem when none fits.
    """
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _controls_ratio(text) > 0.01:
            raise ValueError("binary file, not text")
        if encoding == "gb18030" and not _common_chinese(text):
            continue
        return text.replace("\r\n", "\n").replace("\r", "\n"), encoding
    raise ValueError("not text in a supported encoding (UTF-8, UTF-16 with BOM, GB18030/GBK)")


def read_issue_file(path: Path) -> SourceText:
    """Read and decode one issue file, or raise ``InputError``."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"{path}: no such file or directory") from None
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror or err})") from None
    if size > MAX_BYTES:
        raise InputError(f"{path}: file is too large ({size / 1024 / 1024:.0f} MB; the limit is 50 MB)")
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror or err})") from None
    if not data.strip():
        raise InputError(f"{path}: empty file")
    if _looks_binary(data):
        raise InputError(f"{path}: binary file, not text")
    try:
        text, encoding = decode_bytes(data)
    except ValueError as err:
        raise InputError(f"{path}: {err}") from None
    if not text.strip():
        raise InputError(f"{path}: empty file")
    return SourceText(path=path, text=text, encoding=encoding)


def issue_files_in(directory: Path) -> list[Path]:
    """The issue files (``*.md``, ``*.txt``, not hidden) directly in ``directory``, sorted."""
    try:
        entries = sorted(directory.iterdir())
    except OSError as err:
        raise InputError(f"{directory}: cannot list directory ({err.strerror or err})") from None
    found = [
        p
        for p in entries
        if p.suffix.lower() in ISSUE_SUFFIXES and not p.name.startswith(".") and p.is_file()
    ]
    if not found:
        raise InputError(f"{directory}: directory has no issue files (*.md, *.txt)")
    return found


def read_sources(paths: list[Path]) -> tuple[list[SourceText], list[str]]:
    """Read every issue named by ``paths``.

    A file named on the command line that cannot be read is an error. A file
    found inside a directory that cannot be read is skipped with a warning,
    so one bad file does not hide a whole archive; if nothing readable is
    left, that is an error. Returns ``(sources, warnings)``.
    """
    sources: list[SourceText] = []
    warnings: list[str] = []
    for path in paths:
        if path.is_dir():
            before = len(sources)
            for member in issue_files_in(path):
                try:
                    sources.append(read_issue_file(member))
                except InputError as err:
                    warnings.append(f"{err} (skipped)")
            if len(sources) == before:
                raise InputError(f"{path}: no readable issue files in directory")
        else:
            sources.append(read_issue_file(path))
    return sources, warnings
