"""Text and queries folded alike, so that search forgives how a thing was typed.

Unicode NFKC (full-width ``，`` and ``１２３`` become ``,`` and ``123``), Latin
case folding, and Chinese quotes and stops to their ASCII look-alikes, one
character at a time, with a map back to the original positions where the
lengths differ.
"""

from __future__ import annotations

import unicodedata
from array import array
from itertools import repeat

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
    path, where NFKC was the identity and casefold did not expand)."""
    quick = unicodedata.normalize("NFKC", text).translate(PUNCT_FOLD).casefold()
    if len(quick) == len(text) and unicodedata.is_normalized("NFKC", text):
        return quick, None
    chars = set(text)
    for ch in chars - _SAME - _CHANGED_CHARS:
        folded = fold_char(ch)
        if folded == ch:
            _SAME.add(ch)
        else:
            _CHANGED[ord(ch)] = folded
            _CHANGED_CHARS.add(ch)
    changed = chars & _CHANGED_CHARS
    return (text.translate(_CHANGED) if changed else text), changed


# Characters met so far, by how they fold (shared by every index; a race only
# computes a character twice).
_SAME: set[str] = set()
_CHANGED: dict[int, str] = {}
_CHANGED_CHARS: set[str] = set()
