"""Search within open files, in memory: forgiving, fast, and usable without a
Chinese input method.

All searchable fields of all articles live in one folded string, so a query
is one regular-expression scan in C, whatever the number of files; hits are
ranked by article, then by position, and made into ``Hit``s only when shown.
"""

from __future__ import annotations

import threading
from array import array
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from reader.core.model import Article, SourceFile
from reader.search.folding import fold
from reader.search.hits import Hit, HitList, snippet_of
from reader.search.matching import match_spans
from reader.search.pinyin import PinyinTable, is_pinyin_query

SEPARATOR = "\x00"


@dataclass(frozen=True)
class _Field:
    start: int  # in the corpus
    end: int
    file: int
    article: int
    field: str
    block: int | None
    origin: array[int] | None
    text: str


class SearchIndex:
    """The searchable text of some files, folded once."""

    def __init__(self, files: Iterable[SourceFile]) -> None:
        self.files = list(files)
        parts: list[str] = []
        self.fields: list[_Field] = []
        self._file_ranges: list[tuple[int, int]] = []
        self._article_spans: list[tuple[int, int]] = []
        self._article_numbers: dict[tuple[str, str], int] = {}
        self.article_keys: list[tuple[str, str]] = []  # (file source, article id) by number
        position = 0
        for i, file in enumerate(self.files):
            file_start = position
            for a, article in enumerate(file.articles):
                article_start = position
                for name, block, text in article.searchable_fields():
                    folded, origin = fold(text)
                    self.fields.append(
                        _Field(position, position + len(folded), i, a, name, block, origin, text)
                    )
                    parts.append(folded)
                    position += len(folded) + 1
                self._article_numbers[(file.source, article.id)] = len(self._article_spans)
                self.article_keys.append((file.source, article.id))
                self._article_spans.append((article_start, position))
            self._file_ranges.append((file_start, position))
        self.corpus = SEPARATOR.join(parts)
        self._starts = [f.start for f in self.fields]
        self.article_starts = [start for start, _ in self._article_spans]
        self._pinyin: PinyinTable | None = None
        self._pinyin_lock = threading.Lock()

    # Matching -------------------------------------------------------------------

    def _locate(self, start: int, end: int) -> tuple[_Field, int, int] | None:
        """Map a corpus span to (field, offset, length) in the field's original text."""
        at = bisect_right(self._starts, start) - 1
        if at < 0:
            return None
        field = self.fields[at]
        if end > field.end:
            return None
        lo, hi = start - field.start, end - field.start
        if field.origin is not None:
            first = field.origin[lo]
            last = field.origin[hi - 1]
            return field, first, last + 1 - first
        return field, lo, hi - lo

    def search(self, query: str, *, files: Iterable[int] | None = None) -> HitList:
        """Hits for ``query``, ranked by article then position (made lazily: a
        one-letter query over an archive has tens of thousands)."""
        pinyin = self.pinyin() if is_pinyin_query(query) else None
        spans, capped = match_spans(self.corpus, query, self._ranges(files), self.article_starts, pinyin)
        return HitList(self, spans, capped)

    def _ranges(self, files: Iterable[int] | None) -> list[tuple[int, int]]:
        if files is None:
            return [(0, len(self.corpus))]
        return sorted(self._file_ranges[i] for i in set(files) if self._file_ranges[i][1] > self._file_ranges[i][0])

    def hit_at(self, start: int, end: int) -> Hit | None:
        located = self._locate(start, end)
        if located is None:
            return None
        field, offset, length = located
        file = self.files[field.file]
        snippet, snippet_offset = snippet_of(field.text, offset, length)
        return Hit(file, file.articles[field.article], field.field, field.block, offset, length,
                   snippet, snippet_offset)

    def article_range(self, file: SourceFile, article: Article) -> tuple[int, int]:
        """Where an article's fields are in the corpus."""
        number = self._article_numbers.get((file.source, article.id))
        if number is None:
            return (0, 0)
        return self._article_spans[number]

    def pinyin(self) -> PinyinTable:
        """The pinyin tables for this index's characters: built once, on first
        use, under a lock (a worker and the UI thread may both ask)."""
        if self._pinyin is None:
            with self._pinyin_lock:
                if self._pinyin is None:
                    self._pinyin = PinyinTable(set(self.corpus))
        return self._pinyin
