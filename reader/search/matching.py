"""The one matcher of every search: a query's terms found in folded text.

Space-separated terms must all occur in an article (AND); whitespace in the
text is allowed between the characters of a term; a query of ASCII letters
also matches by pinyin (``search.pinyin``). The in-memory index runs it over
all open issues, the catalog's index over the articles it narrowed to.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING

from reader.search.folding import fold

if TYPE_CHECKING:
    from reader.search.pinyin import PinyinTable

MAX_HITS = 20_000  # a query this broad (one or two letters of pinyin) is still being typed


MAX_TERMS = 16  # space-separated terms a search takes (all must occur)


MAX_QUERY_CHARS = 200


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
def literal_pattern(term: str, gap: str = r"\s*") -> re.Pattern[str]:
    """A term's characters in order, ``gap`` (a pattern: whitespace, unless told) allowed between them."""
    return re.compile(gap.join(re.escape(ch) for ch in term))
