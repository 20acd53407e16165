"""A preset dictionary for the stored articles' zlib streams.

Each article is compressed alone (a row is read alone), and a kilobyte of
text gives zlib little to refer back to. A preset dictionary gives it the
words such text is made of before it starts: the most frequent words of
jieba's own word list (modern Chinese, as newspapers write it), and the JSON
``codec`` writes around them. 16 KB of it makes the stored articles about a
sixth smaller, at no cost to inflate them (the streams are raw: zlib's
header would make each inflate check the dictionary's own checksum).

It is made once per catalog, by the first scan of many files (reading
jieba's word list takes a third of a second), and kept in the catalog's
``meta`` table. A row written with it names it (its Adler-32: ``codec``), so
a row always says whether it needs one, and which: a row whose dictionary is
gone does not decode, and is read again from its file.
"""

from __future__ import annotations

import heapq
import importlib.util
import os
from collections.abc import Iterable

SIZE = 16384  # bytes: most of the gain (8 KB: 14%, 16 KB: 16%, 32 KB: 18%), for 16 KB in each catalog's memory
WORD_LIST = "dict.txt"  # jieba's: "word frequency tag" a line
# What ``codec.article_bytes`` writes around the texts, most often: nearest the text, so cheapest to refer to.
SCAFFOLD = '",null,null,null,null,[["paragraph","],["caption","],["heading","],["paragraph","]],[],[]]'


def make() -> bytes | None:
    """The dictionary, or None when jieba's word list is not where this version keeps it."""
    path = _word_list()
    if path is None:
        return None
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            words = heapq.nlargest(SIZE, _counted(handle))
    except OSError:
        return None
    return from_words([word for _count, word in words])


def from_words(words: list[str]) -> bytes | None:
    """The dictionary of ``words`` (most frequent first): the most frequent
    nearest its end, where zlib reaches them with the shortest distances."""
    scaffold = SCAFFOLD.encode("utf-8")
    text = "".join(reversed(words)).encode("utf-8")[-(SIZE - len(scaffold)) :]
    return text + scaffold if text else None


def _counted(lines: Iterable[str]) -> list[tuple[int, str]]:
    """``(frequency, word)`` of each word of two or more characters."""
    found = []
    for line in lines:
        parts = line.split()
        if len(parts) >= 2 and len(parts[0]) >= 2 and parts[1].isdigit():
            found.append((int(parts[1]), parts[0]))
    return found


def _word_list() -> str | None:
    try:
        spec = importlib.util.find_spec("jieba")
    except (ImportError, ValueError):
        return None
    for folder in list(spec.submodule_search_locations or []) if spec is not None else []:
        path = os.path.join(folder, WORD_LIST)
        if os.path.isfile(path):
            return path
    return None
