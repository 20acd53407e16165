"""Articles ruled out from their stored JSON text, before any is made.

A search reads the articles its index left and hands each, folded, to the
matcher. Most of the articles an index cannot narrow (pinyin initials, a
long term's pairs found apart) hold no hit, and making and folding each is
most of the search's time. ``Sieve.may_hold`` rules such an article out from
its JSON text as stored (``codec.article_bytes``) with a pattern search or
two in C, when that is sure.

Folding goes character by character (``search.folding``), so the JSON text
folded holds each field folded, its quotes, backslashes and control
characters escaped as before. A hit is the query's characters (none of them
a quote, a backslash or a control character: else there is no sieve) with
only whitespace between them in a field folded, which JSON writes as it is
or as ``\\n``, ``\\t`` and the like: a pattern allowing those between the
characters finds every hit in the folded JSON text. It is tried on the text
as it stands first (where a hit usually is as printed), then folded. A text
holding a ``\\u`` escape (never written for a character a query can hold,
but the catalog is a file like any other) is not ruled out.

An article not ruled out goes to the matcher as before, which decides.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from reader.search.folding import fold_char, fold_text
from reader.search.matching import literal_pattern

if TYPE_CHECKING:
    from reader.search.pinyin import PinyinTable

JSON_GAP = r"(?:\s|\\[bfnrt])*"  # whitespace between two characters, as JSON writes it


class Sieve:
    """Rules out the stored articles that cannot hold a hit of one query."""

    def __init__(self, terms: list[str], spelled: re.Pattern[str] | None, wanted: set[str]) -> None:
        self._terms = [literal_pattern(term, JSON_GAP) for term in terms]
        self._spelled = spelled
        self._unsure = _unsure(wanted)

    @classmethod
    def of(cls, terms: list[str], tables: PinyinTable | None, query: str) -> Sieve | None:
        """The sieve of a query (its folded ``terms``; ``tables`` when it is
        read as pinyin too: its characters are hanzi), or None when JSON
        escapes a character of it."""
        wanted = set("".join(terms))
        if any(ch in '"\\' or ch < " " for ch in wanted):
            return None
        spelled = None
        if tables is not None:
            phrase = "".join(query.split()).lower()
            spelled = tables.pattern_for(phrase, JSON_GAP)
            wanted.update(ch for way in tables.readings(phrase) for chars in way for ch in chars)
        return cls(terms, spelled, wanted)

    def may_hold(self, text: str) -> bool:
        """False only when the article whose JSON is ``text`` holds no hit."""
        if self._found(text) or "\\u" in text:
            return True
        return self._unsure.search(text) is not None and self._found(fold_text(text))

    def _found(self, text: str) -> bool:
        if all(term.search(text) for term in self._terms):
            return True
        return self._spelled is not None and self._spelled.search(text) is not None


# Characters of newspaper text besides the ideographs: punctuation (CJK, general, full-width forms), Latin-1.
_COMMON = [(0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x3000, 0x303F), (0xFF00, 0xFFEF)]


def _unsure(wanted: set[str]) -> re.Pattern[str]:
    """A character of a text whose folding might give a hit the text as it
    stands has not: any but the ideographs and the common characters that
    fold to themselves or to nothing wanted (no character of the query or its
    pinyin, and no whitespace unless they are whitespace)."""
    harmful = frozenset(ch for ch, folded in _common_changes().items()
                        if not wanted.isdisjoint(folded) or not ch.isspace() and any(c.isspace() for c in folded))
    return _unsure_but(harmful)


@cache
def _common_changes() -> dict[str, str]:
    """The common characters that folding changes, and what each folds to."""
    return {ch: folded for low, high in _COMMON for ch in map(chr, range(low, high + 1))
            if (folded := fold_char(ch)) != ch}


@lru_cache(maxsize=32)
def _unsure_but(harmful: frozenset[str]) -> re.Pattern[str]:
    """``_unsure``'s pattern, compiled once for each set of ``harmful``
    common characters (none, for most queries: the same pattern each time)."""
    sure = [ch for low, high in _COMMON for ch in map(chr, range(low, high + 1)) if ch not in harmful]
    return re.compile("[^\\u3400-\\u4dbf\\u4e00-\\u9fff\\n" + "".join(map(re.escape, sure)) + "]")
