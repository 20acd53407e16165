"""Text and queries folded alike, so that search forgives how a thing was typed.

Unicode NFKC (full-width ``，`` and ``１２３`` become ``,`` and ``123``), Latin
case folding, and Chinese quotes and stops to their ASCII look-alikes, one
character at a time, with a map back to the original positions where the
lengths differ.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from functools import cache
from itertools import repeat

# Folds applied on top of NFKC, one character to one character.
PUNCT_FOLD = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "。": ".", "、": ","})
_PUNCT: dict[int, str] = {key: str(value) for key, value in PUNCT_FOLD.items()}
PUNCT_CHARS = frozenset(map(chr, PUNCT_FOLD))
# Characters that fold to themselves, by range: ASCII but capitals, and the CJK ideographs (unified, extension A).
# Only the others are looked at one by one (``set(text)`` of a page of Chinese: 0.2 ms, most of folding it).
MAY_CHANGE = r"[^\x00-\x40\x5b-\x7f\u3400-\u4dbf\u4e00-\u9fff]"
MAX_REPLACED = 24  # distinct changing characters folded by ``str.replace`` (beyond: one ``translate``)


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
    out, changed = _folded(text)
    if changed is None or all(len(_CHANGED[ord(ch)]) == 1 for ch in changed):
        return out, None
    origin = array("I")
    for index, ch in enumerate(text):
        origin.extend(repeat(index, len(_CHANGED.get(ord(ch), ch))))
    return out, origin


def fold_text(text: str) -> str:
    """``fold(text)[0]``, without the map back to the original positions
    (what an index needs: the same text, and no per-character work in Python)."""
    return _folded(text)[0]


def _folded(text: str) -> tuple[str, set[str] | None]:
    """``text`` folded, and the characters of it that changed (None: the quick
    path, where NFKC was the identity and casefold did not expand).

    Newspaper text is rarely in NFKC (its full-width ``，`` are not), so the
    quick path is asked first, in C, and folding replaces each of the few
    characters that change (``str.replace``: a scan in C each) rather than
    passing every character through ``str.translate``'s table (a dictionary
    lookup per character: 70 times slower than six replacements over 3,000
    characters of the bundled issue)."""
    if unicodedata.is_normalized("NFKC", text):
        quick = _replaced(text, {ch for ch in PUNCT_CHARS if ch in text}, _PUNCT).casefold()
        if len(quick) == len(text):
            return quick, None
    changed = _changing(text)
    return _replaced(text, changed, _CHANGED), changed


def _changing(text: str) -> set[str]:
    """The characters of ``text`` that folding changes (the ones not met before learnt)."""
    chars = set(_may_change().findall(text))
    for ch in chars - _SAME - _CHANGED_CHARS:
        folded = fold_char(ch)
        if folded == ch:
            _SAME.add(ch)
        else:
            _CHANGED[ord(ch)] = folded
            _CHANGED_CHARS.add(ch)
    return chars & _CHANGED_CHARS


@cache
def _may_change() -> re.Pattern[str]:
    return re.compile(MAY_CHANGE)  # compiled when first needed: 6 ms, which a search of one issue may never pay


def _replaced(text: str, chars: set[str], table: dict[int, str]) -> str:
    """``text.translate(table)`` where ``chars`` are the characters of it the
    table changes: one ``str.replace`` each while they are few and none is made
    by another's replacement (then the order does not matter)."""
    if not chars:
        return text
    made = [table[ord(ch)] for ch in chars]
    if len(chars) > MAX_REPLACED or not chars.isdisjoint("".join(made)):
        return text.translate(table)
    for ch, by in zip(chars, made, strict=True):
        text = text.replace(ch, by)
    return text


# Characters met so far, by how they fold (shared by every index; a race only
# computes a character twice).
_SAME: set[str] = set()
_CHANGED: dict[int, str] = {}
_CHANGED_CHARS: set[str] = set()
