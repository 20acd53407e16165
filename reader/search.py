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
  unfinished (as you type). The pinyin tables are built on the first such query.

All searchable fields of all articles live in one folded string, so a query is
one regular-expression scan in C, whatever the archive size.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

from reader.model import Article, Issue

FIELDS = ("column", "kicker", "title", "subtitle", "byline", "block")
SEPARATOR = "\x00"
SNIPPET_CONTEXT = 16
MAX_PINYIN_LETTERS = 40
MAX_SEGMENTATIONS = 32

# Folds applied on top of NFKC, one character to one character.
PUNCT_FOLD = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "。": ".", "、": ","})


def fold_char(ch: str) -> str:
    """One character folded for matching (may be several characters, or none)."""
    return unicodedata.normalize("NFKC", ch).translate(PUNCT_FOLD).casefold()


def fold(text: str) -> tuple[str, list[int] | None]:
    """Fold ``text``; also return, per folded character, the index of the
    original character it came from (``None`` when that is the identity)."""
    quick = unicodedata.normalize("NFKC", text).translate(PUNCT_FOLD).casefold()
    if len(quick) == len(text) and unicodedata.is_normalized("NFKC", text):
        return quick, None
    out: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        folded = fold_char(ch)
        out.append(folded)
        origin.extend([index] * len(folded))
    return "".join(out), origin


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
    via_pinyin: bool = False

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
    origin: list[int] | None
    text: str


def snippet_of(text: str, offset: int, length: int) -> tuple[str, int]:
    """A short piece of ``text`` around a match, and where the match starts in it."""
    start = max(0, offset - SNIPPET_CONTEXT)
    end = min(len(text), offset + length + SNIPPET_CONTEXT)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    piece = text[start:end].replace("\n", " ")
    return prefix + piece + suffix, len(prefix) + offset - start


class SearchIndex:
    """The searchable text of some issues, folded once."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues = list(issues)
        parts: list[str] = []
        self.fields: list[_Field] = []
        position = 0
        for i, issue in enumerate(self.issues):
            for a, article in enumerate(issue.articles):
                for name, block, text in article.fields_in_order():
                    folded, origin = fold(text)
                    self.fields.append(
                        _Field(position, position + len(folded), i, a, name, block, origin, text)
                    )
                    parts.append(folded)
                    position += len(folded) + 1
        self.corpus = SEPARATOR.join(parts)
        self._starts = [f.start for f in self.fields]
        self._pinyin: PinyinTable | None = None

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

    def _spans(self, pattern: re.Pattern[str]) -> Iterator[tuple[int, int]]:
        for match in pattern.finditer(self.corpus):
            if match.end() > match.start():
                yield match.start(), match.end()

    def search(self, query: str, *, issues: Iterable[int] | None = None, limit: int | None = None) -> list[Hit]:
        """Hits for ``query``, ranked by article then position."""
        terms = [fold(t)[0] for t in query.split()]
        terms = [t for t in terms if t]
        if not terms:
            return []
        wanted = set(issues) if issues is not None else None
        # (issue, article) -> term index -> spans
        found: dict[tuple[int, int], dict[int, list[tuple[int, int]]]] = {}
        for number, term in enumerate(terms):
            for start, end in self._spans(literal_pattern(term)):
                self._note(found, number, start, end, wanted)
        articles = {key for key, per_term in found.items() if len(per_term) == len(terms)}
        spans: dict[tuple[int, int], bool] = {}
        for key in articles:
            for per_term in found[key].values():
                for span in per_term:
                    spans[span] = False
        phrase = "".join(query.split()).lower()
        if is_pinyin_query(query):
            pattern = self.pinyin().pattern_for(phrase)
            if pattern is not None:
                for start, end in self._spans(pattern):
                    located = self._locate(start, end)
                    if located and (wanted is None or located[0].issue in wanted):
                        spans.setdefault((start, end), True)
        hits: list[Hit] = []
        for (start, end), via_pinyin in sorted(spans.items()):
            located = self._locate(start, end)
            if located is None:
                continue
            field, offset, length = located
            issue = self.issues[field.issue]
            snippet, snippet_offset = snippet_of(field.text, offset, length)
            hits.append(
                Hit(issue, issue.articles[field.article], field.field, field.block, offset, length,
                    snippet, snippet_offset, via_pinyin)
            )
            if limit is not None and len(hits) >= limit:
                break
        return _without_overlaps(hits)

    def _note(self, found, number: int, start: int, end: int, wanted: set[int] | None) -> None:
        at = bisect_right(self._starts, start) - 1
        field = self.fields[at]
        if wanted is not None and field.issue not in wanted:
            return
        found.setdefault((field.issue, field.article), {}).setdefault(number, []).append((start, end))

    def pinyin(self) -> PinyinTable:
        """The pinyin tables for this index's characters (built on first use)."""
        if self._pinyin is None:
            self._pinyin = PinyinTable(set(self.corpus))
        return self._pinyin


def _without_overlaps(hits: list[Hit]) -> list[Hit]:
    """Drop a hit that overlaps an earlier one in the same field (e.g. a literal
    and a pinyin match of the same words)."""
    kept: list[Hit] = []
    for hit in hits:
        last = kept[-1] if kept else None
        if (
            last is not None
            and last.article is hit.article
            and last.field == hit.field
            and last.block == hit.block
            and hit.offset < last.offset + last.length
        ):
            continue
        kept.append(hit)
    return kept


@lru_cache(maxsize=256)
def literal_pattern(term: str) -> re.Pattern[str]:
    """A term's characters in order, whitespace allowed between them."""
    return re.compile(r"\s*".join(re.escape(ch) for ch in term))


PINYIN_QUERY = re.compile(r"^[A-Za-z' ]+$")


def is_pinyin_query(query: str) -> bool:
    letters = "".join(query.split()).replace("'", "")
    return bool(PINYIN_QUERY.match(query)) and 0 < len(letters) <= MAX_PINYIN_LETTERS


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
        """Ways to cut ``phrase`` into tokens (at most MAX_SEGMENTATIONS)."""
        out: list[list[set[str]]] = []

        def walk(i: int, acc: list[set[str]]) -> None:
            if len(out) >= MAX_SEGMENTATIONS:
                return
            if i == len(phrase):
                out.append(list(acc))
                return
            for j in range(min(len(phrase), i + self.longest), i, -1):
                token = phrase[i:j]
                chars = tokens.get(token)
                if j == len(phrase) and last_prefix:
                    chars = (chars or set()) | self.prefix.get(token, set())
                if chars:
                    acc.append(chars)
                    walk(j, acc)
                    acc.pop()

        walk(0, [])
        return out

    @lru_cache(maxsize=256)
    def pattern_for(self, phrase: str) -> re.Pattern[str] | None:
        """A pattern matching Chinese text whose pinyin spells ``phrase``: as whole
        syllables (the last may be unfinished), or as initials."""
        phrase = phrase.replace("'", "").lower()
        if not phrase:
            return None
        segmentations = self._segmentations(phrase, self.full, last_prefix=True)
        segmentations += self._segmentations(phrase, self.shorthand, last_prefix=False)
        alternatives = sorted(
            {r"\s*".join(self._class(chars) for chars in seg) for seg in segmentations}, key=len
        )
        if not alternatives:
            return None
        return re.compile("|".join(alternatives))
