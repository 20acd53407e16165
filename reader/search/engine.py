"""Search within issues: forgiving, fast, and usable without a Chinese input method.

* Text and query are folded the same way: Unicode NFKC (full-width ``，`` and
  ``１２３`` become ``,`` and ``123``), Latin case folding, and Chinese quotes
  and stops to their ASCII look-alikes. Whitespace in the text is ignored
  between the characters of a term.
* Space-separated terms must all occur in an article (AND); hits are ranked by
  article, then by position.
* A query of ASCII letters also matches Chinese text by pinyin: whole
  syllables (``beiguohuacheng``, ``bei guo hua cheng``), initials (``bghc``)
  or a mix, any reading of a polyphonic character, the last syllable possibly
  unfinished (as you type), from two letters on (one letter alone would stand
  for thousands of characters). The pinyin tables are built on the first such query.

All searchable fields of all articles live in one folded string, so a query is
one regular-expression scan in C, whatever the archive size.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice, repeat
from typing import Protocol, overload

from reader.core.model import Article, Issue
from reader.core.typeset import NO_LINE_END, NO_LINE_START

SEPARATOR = "\x00"
SNIPPET_CONTEXT = 16
MAX_PINYIN_LETTERS = 40
MIN_PINYIN_LETTERS = 2  # one letter is an initial of thousands of characters: not yet a search
MAX_SEGMENTATIONS = 32
MAX_HITS = 20_000  # a query this broad (one or two letters of pinyin) is still being typed
MAX_TERMS = 16  # space-separated terms a search takes (all must occur)
MAX_QUERY_CHARS = 200

# Folds applied on top of NFKC, one character to one character.
PUNCT_FOLD = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "。": ".", "、": ","})


def fold_char(ch: str) -> str:
    """One character folded for matching (may be several characters, or none)."""
    return unicodedata.normalize("NFKC", ch).translate(PUNCT_FOLD).casefold()


def fold(text: str) -> tuple[str, array[int] | None]:
    """Fold ``text`` character by character; also return, per folded
    character, the index of the original character it came from (``None``
    when every character folds to exactly one: the positions are the same).

    Text already in NFKC (most of it) folds in one pass in C. Other text
    (full-width ``，`` everywhere) is folded with ``str.translate`` over a
    table of the characters seen so far, also in C, and the index map, where
    needed at all, is an ``array`` of 4-byte ints: memory stays proportional
    to the text."""
    quick = unicodedata.normalize("NFKC", text).translate(PUNCT_FOLD).casefold()
    if len(quick) == len(text) and unicodedata.is_normalized("NFKC", text):
        return quick, None  # NFKC is the identity here and casefold did not expand
    chars = set(text)
    for ch in chars - _SAME - _CHANGED_CHARS:
        folded = fold_char(ch)
        if folded == ch:
            _SAME.add(ch)
        else:
            _CHANGED[ord(ch)] = folded
            _CHANGED_CHARS.add(ch)
    changed = chars & _CHANGED_CHARS
    out = text.translate(_CHANGED) if changed else text
    if all(len(_CHANGED[ord(ch)]) == 1 for ch in changed):
        return out, None
    origin = array("I")
    for index, ch in enumerate(text):
        origin.extend(repeat(index, len(_CHANGED.get(ord(ch), ch))))
    return out, origin


# Characters met so far, by how they fold (shared by every index; a race only
# computes a character twice).
_SAME: set[str] = set()
_CHANGED: dict[int, str] = {}
_CHANGED_CHARS: set[str] = set()


@dataclass(frozen=True)
class Hit:
    """One match: where it is and how to show it."""

    issue: Issue
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
            "source": self.issue.source,
            "article_id": self.article.id,
            "title": self.article.display_title,
            "field": self.field,
            "block": self.block,
            "offset": self.offset,
            "length": self.length,
            "snippet": self.snippet,
        }


@dataclass(frozen=True)
class _Field:
    start: int  # in the corpus
    end: int
    issue: int
    article: int
    field: str
    block: int | None
    origin: array[int] | None
    text: str


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

    def article_range(self, issue: Issue, article: Article) -> tuple[int, int]: ...


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

    def stream(self) -> Iterator[Hit]:
        """Every hit in order, made one at a time and not kept (a script's
        ``search`` may print tens of thousands)."""
        if self._source is None:
            return
        for start, end, _ in self.spans:
            hit = self._source.hit_at(start, end)
            if hit is not None:
                yield hit

    def in_article(self, issue: Issue, article: Article) -> list[Hit]:
        """The hits inside one article."""
        if self._source is None:
            return []
        lo, hi = self._source.article_range(issue, article)
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


class SearchIndex:
    """The searchable text of some issues, folded once."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues = list(issues)
        parts: list[str] = []
        self.fields: list[_Field] = []
        self._issue_ranges: list[tuple[int, int]] = []
        self._article_spans: list[tuple[int, int]] = []
        self._article_numbers: dict[tuple[str, str], int] = {}
        self.article_keys: list[tuple[str, str]] = []  # (issue source, article id) by number
        position = 0
        for i, issue in enumerate(self.issues):
            issue_start = position
            for a, article in enumerate(issue.articles):
                article_start = position
                for name, block, text in article.searchable_fields():
                    folded, origin = fold(text)
                    self.fields.append(
                        _Field(position, position + len(folded), i, a, name, block, origin, text)
                    )
                    parts.append(folded)
                    position += len(folded) + 1
                self._article_numbers[(issue.source, article.id)] = len(self._article_spans)
                self.article_keys.append((issue.source, article.id))
                self._article_spans.append((article_start, position))
            self._issue_ranges.append((issue_start, position))
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

    def search(self, query: str, *, issues: Iterable[int] | None = None) -> HitList:
        """Hits for ``query``, ranked by article then position (made lazily: a
        one-letter query over an archive has tens of thousands)."""
        pinyin = self.pinyin() if is_pinyin_query(query) else None
        spans, capped = match_spans(self.corpus, query, self._ranges(issues), self.article_starts, pinyin)
        return HitList(self, spans, capped)

    def _ranges(self, issues: Iterable[int] | None) -> list[tuple[int, int]]:
        if issues is None:
            return [(0, len(self.corpus))]
        return sorted(self._issue_ranges[i] for i in set(issues) if self._issue_ranges[i][1] > self._issue_ranges[i][0])

    def hit_at(self, start: int, end: int) -> Hit | None:
        located = self._locate(start, end)
        if located is None:
            return None
        field, offset, length = located
        issue = self.issues[field.issue]
        snippet, snippet_offset = snippet_of(field.text, offset, length)
        return Hit(issue, issue.articles[field.article], field.field, field.block, offset, length,
                   snippet, snippet_offset)

    def article_range(self, issue: Issue, article: Article) -> tuple[int, int]:
        """Where an article's fields are in the corpus."""
        number = self._article_numbers.get((issue.source, article.id))
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


class QueryError(ValueError):
    """A query the search will not take; ``str(err)`` says why, in one line."""


def query_terms(query: str) -> list[str]:
    """The folded terms of a query (space-separated terms must all occur).
    ``QueryError`` for one too long or of too many terms: a person's search is
    a few words, and a thousand made SQLite's query too large to run."""
    from reader.core.i18n import _

    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(_("a search is at most {count} characters long").format(count=MAX_QUERY_CHARS))
    terms = [t for t in (fold(t)[0] for t in query.split()) if t]
    if len(terms) > MAX_TERMS:
        raise QueryError(_("a search takes at most {count} terms (this one has {terms})").format(
            count=MAX_TERMS, terms=len(terms)))
    return terms


def match_spans(
    corpus: str, query: str, ranges: list[tuple[int, int]], article_starts: Sequence[int], pinyin: PinyinTable | None
) -> tuple[list[tuple[int, int, bool]], bool]:
    """The matches of ``query`` in ``corpus`` (within ``ranges``), as sorted
    ``(start, end, by_pinyin)`` spans with AND applied per article (articles
    start at ``article_starts``), and whether MAX_HITS cut them short.

    The one matcher of every search: the in-memory index runs it over all
    issues, the archive index over the articles its FTS5 query narrowed to."""
    terms = query_terms(query)
    if not terms:
        return [], False
    if len(terms) == 1:  # every article holding the term qualifies: no grouping by article
        spans = [(start, end, False) for start, end in islice(_spans(corpus, literal_pattern(terms[0]), ranges), MAX_HITS)]
    else:
        # article number -> term index -> spans; each term seen in full for AND
        found: dict[int, dict[int, list[tuple[int, int, bool]]]] = {}
        for number, term in enumerate(terms):
            for start, end in _spans(corpus, literal_pattern(term), ranges):
                article = bisect_right(article_starts, start) - 1
                found.setdefault(article, {}).setdefault(number, []).append((start, end, False))
        spans = [
            span
            for per_term in found.values()
            if len(per_term) == len(terms)
            for spans_of_term in per_term.values()
            for span in spans_of_term
        ]
    if pinyin is not None:
        pattern = pinyin.pattern_for("".join(query.split()).lower())
        if pattern is not None:
            spans.extend((start, end, True) for start, end in islice(_spans(corpus, pattern, ranges), MAX_HITS))
    spans.sort()
    capped = len(spans) >= MAX_HITS
    kept: list[tuple[int, int, bool]] = []
    for span in spans[:MAX_HITS]:  # a literal and a pinyin match of the same words: keep one
        if kept and span[0] < kept[-1][1]:
            continue
        kept.append(span)
    return kept, capped


def _spans(corpus: str, pattern: re.Pattern[str], ranges: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    for lo, hi in ranges:
        for match in pattern.finditer(corpus, lo, hi):
            if match.end() > match.start():
                yield match.start(), match.end()


@lru_cache(maxsize=256)
def literal_pattern(term: str) -> re.Pattern[str]:
    """A term's characters in order, whitespace allowed between them."""
    return re.compile(r"\s*".join(re.escape(ch) for ch in term))


PINYIN_QUERY = re.compile(r"^[A-Za-z' ]+$")


def is_pinyin_query(query: str) -> bool:
    letters = "".join(query.split()).replace("'", "")
    return bool(PINYIN_QUERY.match(query)) and MIN_PINYIN_LETTERS <= len(letters) <= MAX_PINYIN_LETTERS


INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h",
            "j", "q", "x", "r", "z", "c", "s", "y", "w")


class PinyinTable:
    """Which of the corpus's characters each pinyin token can stand for.

    A token is a full syllable, an initial (``b``, ``zh`` …) or the first
    letter of a syllable; the last token of a query may be any prefix.
    """

    def __init__(self, characters: set[str]) -> None:
        from pypinyin import Style, pinyin  # lazy: only when a pinyin query comes

        self.full: dict[str, set[str]] = {}
        self.prefix: dict[str, set[str]] = {}
        self._patterns: dict[str, re.Pattern[str] | None] = {}  # per table, freed with it
        for ch in characters:
            if not ("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"):
                continue
            readings = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
            for reading in readings[0] if readings else []:
                reading = reading.replace("ü", "v").lower()
                if not reading.isascii() or not reading.isalpha():
                    continue
                self.full.setdefault(reading, set()).add(ch)
                for end in range(1, len(reading) + 1):
                    self.prefix.setdefault(reading[:end], set()).add(ch)
        # Initials: a letter (or zh/ch/sh) stands for any syllable it begins.
        self.shorthand = {token: chars for token, chars in self.prefix.items() if token in INITIALS or len(token) == 1}
        self.longest = max((len(s) for s in self.full), default=0)

    def _class(self, chars: set[str]) -> str:
        return "[" + "".join(sorted(re.escape(c) for c in chars)) + "]"

    def _segmentations(self, phrase: str, tokens: dict[str, set[str]], last_prefix: bool) -> list[list[set[str]]]:
        """Ways to cut ``phrase`` into tokens (at most MAX_SEGMENTATIONS).

        Only cuts from which the rest of the phrase can still be spelled are
        followed (known by a pass from the end), so the walk never explores a
        dead end: its cost is bounded by the segmentations it returns, even for
        a crafted query such as ``zhzhzh…``."""
        n = len(phrase)

        def chars_of(i: int, j: int) -> set[str] | None:
            token = phrase[i:j]
            chars = tokens.get(token)
            if j == n and last_prefix:
                chars = (chars or set()) | self.prefix.get(token, set())
            return chars or None

        reaches = [False] * (n + 1)  # reaches[i]: phrase[i:] can be cut into tokens
        reaches[n] = True
        for i in range(n - 1, -1, -1):
            reaches[i] = any(
                reaches[j] and chars_of(i, j) is not None for j in range(i + 1, min(n, i + self.longest) + 1)
            )
        out: list[list[set[str]]] = []
        if not reaches[0]:
            return out

        def walk(i: int, acc: list[set[str]]) -> None:
            if len(out) >= MAX_SEGMENTATIONS:
                return
            if i == n:
                out.append(list(acc))
                return
            for j in range(min(n, i + self.longest), i, -1):
                if not reaches[j]:
                    continue
                chars = chars_of(i, j)
                if chars:
                    acc.append(chars)
                    walk(j, acc)
                    acc.pop()

        walk(0, [])
        return out

    def pattern_for(self, phrase: str) -> re.Pattern[str] | None:
        """A pattern matching Chinese text whose pinyin spells ``phrase``: as whole
        syllables (the last may be unfinished), or as initials."""
        if phrase not in self._patterns:
            if len(self._patterns) >= 256:
                self._patterns.clear()
            self._patterns[phrase] = self._compile(phrase)
        return self._patterns[phrase]

    def cache_clear(self) -> None:
        """Forget the compiled patterns (benchmarks time a keystroke from cold)."""
        self._patterns.clear()

    def readings(self, phrase: str) -> list[list[set[str]]]:
        """The ways to read ``phrase``: per way, the characters each syllable
        (or initial) can be, in order."""
        phrase = phrase.replace("'", "").lower()
        if not phrase:
            return []
        return (self._segmentations(phrase, self.full, last_prefix=True)
                + self._segmentations(phrase, self.shorthand, last_prefix=False))

    def _compile(self, phrase: str) -> re.Pattern[str] | None:
        segmentations = self.readings(phrase)
        alternatives = sorted(
            {r"\s*".join(self._class(chars) for chars in seg) for seg in segmentations}, key=len
        )
        if not alternatives:
            return None
        return re.compile("|".join(alternatives))
