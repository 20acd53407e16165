"""jieba for one batch of texts: its dictionaries read once, and only the
entries those texts can reach.

jieba's own start parses its 349,000-line dictionary twice (the prefix
dictionary, then the part-of-speech tags for ``jieba.posseg``) and its IDF
table once: about 2.5 s of a cold keyword child on a 2-core machine, most of
the wait for the first keywords. Here each file is scanned once, and only the
lines whose word can occur in the batch are parsed:

* a text's substring is in jieba's prefix dictionary only if it is a word or
  the prefix of one, and that word then begins with the substring's first two
  characters, which are a pair of adjacent characters of the batch (or it is
  the one character itself). Words that begin with any other pair are never
  looked up, so dropping them changes no segmentation;
* the dictionary's total count and the IDF table's median, which every score
  uses, are still taken over the whole files.

``keywords`` gives the same words and weights as
``jieba.analyse.extract_tags(..., allowPOS=...)`` with the same user
dictionaries (a test compares them on real pages). One difference: jieba
drops a handful of English function words before weighing; the reader never
keeps ASCII words (``keywords._plausible``), and jieba's dictionary tags none
of them as a noun, so only a user dictionary that did could change a weight.

Nothing here is imported by the reader's own process in normal use: the
keyword child (``reader.keywords.child``) is its user.
"""

from __future__ import annotations

import io
import logging
import os
import re
import sys
import threading
import warnings
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from types import ModuleType
from typing import Any, NamedTuple

_import_lock = threading.Lock()
_TOTAL_RE = re.compile(rb"(?m)^[^ \n]+ ([0-9]+)")  # each dictionary line's count
_IDF_RE = re.compile(rb"(?m)^[^ \n]+ ([^ \n]+)$")  # each IDF line's value


def _jieba() -> ModuleType:
    """``jieba`` with ``jieba.posseg``, imported without their start-up costs.

    * jieba looks for ``pkg_resources`` only to open its own files (and falls
      back to a plain open): importing it costs ~0.2 s and a warning, so it is
      hidden for the moment of the import when nothing has loaded it yet.
    * ``jieba.posseg`` reads the default dictionary's tags when it is imported
      (~0.5 s); its default tokenizer is pointed at an empty file for that
      moment. This process never uses that tokenizer: a ``Segmenter`` brings
      its own tags.
    """
    with _import_lock, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # jieba's SyntaxWarnings under -W error
        hide = "pkg_resources" not in sys.modules
        if hide:
            sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # "import" raises ImportError
        try:
            import jieba
        finally:
            if hide:
                del sys.modules["pkg_resources"]
        jieba.setLogLevel(logging.ERROR)  # its progress lines are not for our users
        if "jieba.posseg" not in sys.modules:
            default = jieba.dt.dictionary
            jieba.dt.dictionary = os.devnull
            try:
                import jieba.posseg  # noqa: F401
            finally:
                jieba.dt.dictionary = default
    module: ModuleType = jieba  # untyped: checked where its results are used
    return module


class _WholeFiles(NamedTuple):
    dictionary: bytes  # jieba's dict.txt
    total: int  # the sum of its counts
    idf: bytes  # jieba's analyse/idf.txt
    median_idf: float  # the upper median of its values, as jieba takes it


@cache
def _whole_files() -> _WholeFiles:
    """jieba's two data files and what every batch takes from them whole: read
    and summed once a process, whatever the number of batches."""
    data = resources.files("jieba").joinpath("dict.txt").read_bytes()
    idf = resources.files("jieba").joinpath("analyse", "idf.txt").read_bytes()
    values = sorted(float(v) for v in _IDF_RE.findall(idf))
    return _WholeFiles(data, sum(int(n) for n in _TOTAL_RE.findall(data)), idf, values[len(values) // 2])


def _reach(texts: Iterable[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The pairs of adjacent characters and the characters of ``texts``."""
    pairs: set[str] = set()
    chars: set[str] = set()
    for text in texts:
        pairs.update(text[i : i + 2] for i in range(len(text) - 1))
        chars.update(text)
    return frozenset(pairs), frozenset(chars)


def _reachable_lines(data: bytes, pairs: frozenset[str], chars: frozenset[str]) -> Iterator[str]:
    """The lines of a jieba data file whose word (the first field) may occur
    in the texts: it begins with one of their pairs, or is one of their
    characters. Kept in file order, so a repeated word ends as jieba's does."""
    for line in data.decode("utf-8").split("\n"):
        if line[:2] in pairs or (line[1:2] == " " and line[:1] in chars):
            yield line.strip()


class Segmenter:
    """jieba's segmenter and part-of-speech tagger over the dictionary entries
    that ``texts`` can reach, with ``user_dicts`` (jieba's format) added."""

    def __init__(self, texts: Iterable[str], user_dicts: Iterable[bytes] = ()) -> None:
        jieba = _jieba()
        user_dicts = list(user_dicts)
        # A user word's frequency may be derived from the words inside it:
        # they must be reachable too.
        pairs, chars = _reach([*texts, *(d.decode("utf-8", "replace") for d in user_dicts)])
        files = _whole_files()
        data = files.dictionary
        freq: dict[str, int] = {}
        tags: dict[str, str] = {}
        for line in _reachable_lines(data, pairs, chars):
            word, count, *tag = line.split(" ")  # jieba's own lines have all three
            freq[word] = int(count)
            tags[word] = tag[0] if tag else "x"  # "x": posseg's tag for a word it has none for
        for word in list(freq):
            for end in range(1, len(word)):
                freq.setdefault(word[:end], 0)
        tokenizer = jieba.Tokenizer()
        tokenizer.FREQ = freq
        tokenizer.total = files.total
        tokenizer.initialized = True  # never loads (or caches) the whole dictionary
        tokenizer.dictionary = os.devnull  # what POSTokenizer reads its tags from: nothing
        self._pos: Any = jieba.posseg.POSTokenizer(tokenizer)
        self._pos.word_tag_tab = tags
        for user in user_dicts:  # may raise ValueError on a malformed line: the caller reports it
            tokenizer.load_userdict(io.BytesIO(user))

        self._median_idf = files.median_idf
        self._idf = {}
        for line in _reachable_lines(files.idf, pairs, chars):
            word, value = line.split(" ")
            self._idf[word] = float(value)

    def cut(self, text: str) -> list[tuple[str, str]]:
        """``(word, part-of-speech tag)`` for each word of ``text``, in order."""
        return [(pair.word, pair.flag) for pair in self._pos.cut(text)]

    def keywords(self, text: str, top: int, allow_pos: Iterable[str]) -> list[tuple[str, float]]:
        """TF-IDF over the words of ``text`` tagged with one of ``allow_pos``:
        (word, weight), best first; ties stay in the order of first use."""
        allowed = frozenset(allow_pos)
        counts: dict[str, float] = {}
        for word, tag in self.cut(text):
            if tag in allowed and len(word.strip()) >= 2:
                counts[word] = counts.get(word, 0.0) + 1.0
        total = sum(counts.values())
        weights = {w: n * (self._idf.get(w, self._median_idf) / total) for w, n in counts.items()}
        return sorted(weights.items(), key=lambda item: item[1], reverse=True)[:top]
