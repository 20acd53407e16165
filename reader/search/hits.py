"""Hits: where a match is, how to show it, and lists of them made only when asked for."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, overload

from reader.core.model import Article, SourceFile
from reader.core.typeset import NO_LINE_END, NO_LINE_START

Spans = dict[tuple[str, int | None], list[tuple[int, int]]]  # (field, block) -> [(start, end)]: what to mark

SNIPPET_CONTEXT = 16


@dataclass(frozen=True)
class Hit:
    """One match: where it is and how to show it."""

    file: SourceFile  # the file the article was read from
    article: Article
    field: str  # column, kicker, title, subtitle, byline or block
    block: int | None
    offset: int  # in the field's original text
    length: int
    snippet: str
    snippet_offset: int  # where the match starts within the snippet

    def field_text(self) -> str:
        if self.field == "block" and self.block is not None:
            return self.article.blocks[self.block].text
        return getattr(self.article, self.field) or ""

    def as_json(self) -> dict[str, object]:
        return {
            "source": self.file.source,
            "article_id": self.article.id,
            "title": self.article.display_title,
            "field": self.field,
            "block": self.block,
            "offset": self.offset,
            "length": self.length,
            "snippet": self.snippet,
        }


def snippet_of(text: str, offset: int, length: int) -> tuple[str, int]:
    """A short piece of ``text`` around a match, and where the match starts in it."""
    start = max(0, offset - SNIPPET_CONTEXT)
    while 0 < start < offset and text[start] in NO_LINE_START:
        start += 1  # a piece never opens on a comma or a closing quote
    end = min(len(text), offset + length + SNIPPET_CONTEXT)
    while offset + length < end < len(text) and text[end - 1] in NO_LINE_END:
        end -= 1  # nor ends on an opening quote
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    piece = text[start:end].replace("\n", " ")
    return prefix + piece + suffix, len(prefix) + offset - start


class HitSource(Protocol):
    """What a ``HitList`` asks of the corpus its spans point into."""

    article_starts: list[int]  # where each article's text starts, in article order
    article_keys: list[tuple[str, str]]  # (issue source, article id) by article number

    def hit_at(self, start: int, end: int) -> Hit | None: ...

    def article_range(self, file: SourceFile, article: Article) -> tuple[int, int]: ...


class HitList(Sequence[Hit]):
    """Hits in rank order, made into ``Hit``s only when asked for."""

    def __init__(self, index: HitSource | None, spans: list[tuple[int, int, bool]], capped: bool = False) -> None:
        self._source = index  # not "index": that is Sequence.index, which a HitList must keep
        self.spans = spans
        self.capped = capped  # MAX_HITS were found and the search stopped there
        self._starts = [s for s, _, _ in spans]
        self._made: dict[int, Hit] = {}

    def __len__(self) -> int:
        return len(self.spans)

    @overload
    def __getitem__(self, i: int) -> Hit: ...
    @overload
    def __getitem__(self, i: slice) -> list[Hit]: ...
    def __getitem__(self, i: int | slice) -> Hit | list[Hit]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        if i not in self._made:
            assert self._source is not None
            start, end, _ = self.spans[i]
            hit = self._source.hit_at(start, end)
            assert hit is not None
            self._made[i] = hit
        return self._made[i]

    def index_of(self, hit: Hit) -> int | None:
        """Where ``hit`` (one this list made) stands in it, or None."""
        return next((n for n, made in self._made.items() if made is hit), None)

    def stream(self) -> Iterator[Hit]:
        """Every hit in order, made one at a time and not kept (a script's
        ``search`` may print tens of thousands)."""
        if self._source is None:
            return
        for start, end, _ in self.spans:
            hit = self._source.hit_at(start, end)
            if hit is not None:
                yield hit

    def in_article(self, file: SourceFile, article: Article) -> list[Hit]:
        """The hits inside one article."""
        if self._source is None:
            return []
        lo, hi = self._source.article_range(file, article)
        first, last = bisect_left(self._starts, lo), bisect_left(self._starts, hi)
        return [self[i] for i in range(first, last)]

    def per_article(self) -> dict[tuple[str, str], int]:
        """How many hits each article has, by (issue source, article id)."""
        if self._source is None:
            return {}
        counts: dict[int, int] = {}
        starts = self._source.article_starts
        for start in self._starts:
            number = bisect_right(starts, start) - 1
            counts[number] = counts.get(number, 0) + 1
        keys = self._source.article_keys
        return {keys[n]: c for n, c in counts.items()}


NO_HITS = HitList(None, [])
