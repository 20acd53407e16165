"""Pinyin without a Chinese input method: ASCII letters stand for the characters they spell.

Whole syllables (``beiguohuacheng``, ``bei guo hua cheng``), initials
(``bghc``) or a mix, any reading of a polyphonic character, the last syllable
possibly unfinished (as you type), from two letters on (one letter alone
would stand for thousands of characters). The tables are built from the
characters at hand on the first such query, from pypinyin's table of single
characters (``readings``).
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Iterable

MAX_PINYIN_LETTERS = 40


MIN_PINYIN_LETTERS = 2  # one letter is an initial of thousands of characters: not yet a search


MAX_SEGMENTATIONS = 32


PINYIN_QUERY = re.compile(r"^[A-Za-z' ]+$")


def is_pinyin_query(query: str) -> bool:
    """Whether ``query`` is read as pinyin too: letters only, two or more, and
    not all capitals (GDP, APEC: an acronym, which a reader types as the paper
    prints it; pinyin is typed in lower case, or capitalised: Beijing)."""
    letters = "".join(query.split()).replace("'", "")
    return (bool(PINYIN_QUERY.match(query)) and MIN_PINYIN_LETTERS <= len(letters) <= MAX_PINYIN_LETTERS
            and not letters.isupper())


def is_hanzi(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


TONE_MARKS = frozenset("\u0300\u0301\u0304\u030c")  # grave, acute, macron, caron (not ü's diaeresis)


def readings(characters: Iterable[str]) -> dict[str, list[str]]:
    """The toneless readings of each hanzi among ``characters``, most common
    first (行: xing, hang, heng; ü written v). Read from pypinyin's own
    table of single characters (its JSON file) without importing pypinyin,
    whose phrase tables take some 55 MB a reader would never use; through
    pypinyin itself only if that file is not where this version keeps it.
    The same readings as ``pypinyin.pinyin(ch, Style.NORMAL, heteronym=True)``."""
    return ReadingTable().readings(characters)


class ReadingTable:
    """``readings`` from pypinyin's table of single characters, read once.

    The table is a file of one ``"code point": "readings",`` line per
    character, in code point order: the readings of a text's characters are
    found in it where they stand (a walk through the text in C, a find per
    character: under a millisecond for the bundled issue's 872), not parsed
    as JSON for all 41,923 (25-35 ms, in one call that holds the interpreter:
    the first pinyin search's tables load while the user types, and a key
    waited for it). A table laid out otherwise is parsed as JSON."""

    def __init__(self) -> None:
        self._text: bytes | None = None  # the table as laid out, when it is
        self._table: dict[str, object] | None = None  # else the table parsed
        self._read = False

    def readings(self, characters: Iterable[str]) -> dict[str, list[str]]:
        if not self._read:
            self._text, self._table, self._read = _pinyin_table(), None, True
            if self._text is not None and not _laid_out(self._text):
                self._table, self._text = _parsed(self._text), None
        wanted = {ord(ch) for ch in characters if is_hanzi(ch)}
        if self._text is not None:
            return _found(wanted, self._text)
        return _readings(wanted, self._table)  # None: not where this version keeps it, ask pypinyin


def _laid_out(text: bytes) -> bool:
    """Whether the table is one ``"code point": "readings",`` line per character
    (as pypinyin writes it), in UTF-8 with no escapes to undo."""
    first = text[2 : text.find(b"\n", 2)]
    return text.startswith(b'{\n"') and b"\\" not in text and re.fullmatch(rb'"\d+": "[^"\\]*",?', first) is not None


def _found(wanted: set[int], text: bytes) -> dict[str, list[str]]:
    """The readings of the code points ``wanted``, found in the table's text,
    in code point order (a table out of that order is searched from its start)."""
    found: dict[str, list[str]] = {}
    at = 0
    for code in sorted(wanted):
        key = b'\n"%d": "' % code
        where = text.find(key, at)
        if where < 0:
            where = text.find(key)
            if where < 0:
                continue  # no reading: not a character the table knows
        else:
            at = where
        start = where + len(key)
        said = text[start : text.find(b'"', start)].decode("utf-8", "replace")
        found[chr(code)] = list(dict.fromkeys(_toneless(r) for r in said.split(",")))
    return found


def _readings(wanted: set[int], table: dict[str, object] | None) -> dict[str, list[str]]:
    """The readings of the hanzi at code points ``wanted``, from pypinyin's
    table (None: the table is not where this version keeps it: ask pypinyin)."""
    if table is None:
        from pypinyin import Style, pinyin

        found = {}
        for code in wanted:
            got = pinyin(chr(code), style=Style.NORMAL, heteronym=True, errors="ignore")
            if got and got[0]:
                found[chr(code)] = list(dict.fromkeys(r.replace("ü", "v").lower() for r in got[0]))
        return found
    return {chr(code): list(dict.fromkeys(_toneless(r) for r in str(table[str(code)]).split(",")))
            for code in wanted if str(code) in table}


@functools.lru_cache(maxsize=4096)  # some 1,500 readings with their tones: each worked out once
def _toneless(reading: str) -> str:
    decomposed = unicodedata.normalize("NFD", reading)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS)).replace("ü", "v").lower()


def _pinyin_table() -> bytes | None:
    """pypinyin's table of single characters (``{"code point": "xíng,háng"}``),
    as the file holds it, or None where this version keeps none."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("pypinyin")
        folders = list(spec.submodule_search_locations or []) if spec is not None else []
        for folder in folders:
            path = os.path.join(folder, "pinyin_dict.json")
            if os.path.isfile(path):
                with open(path, "rb") as handle:
                    return handle.read()
    except (OSError, ValueError, ImportError):
        return None
    return None


def _parsed(text: bytes) -> dict[str, object] | None:
    """The table's text parsed as JSON (a table not laid out as ``_found`` reads it)."""
    import json

    try:
        table = json.loads(text)
    except (ValueError, UnicodeDecodeError, RecursionError):  # damaged, or nested past what a parser takes
        return None
    return table if isinstance(table, dict) else None


INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h",
            "j", "q", "x", "r", "z", "c", "s", "y", "w")


class PinyinTable:
    """Which of the corpus's characters each pinyin token can stand for.

    A token is a full syllable, an initial (``b``, ``zh`` …) or the first
    letter of a syllable; the last token of a query may be any prefix.
    """

    def __init__(self, characters: set[str]) -> None:
        self.full: dict[str, set[str]] = {}
        self.prefix: dict[str, set[str]] = {}
        self._patterns: dict[tuple[str, str], re.Pattern[str] | None] = {}  # per table, freed with it
        for ch, said in readings(characters).items():
            for reading in said:
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

    def pattern_for(self, phrase: str, gap: str = r"\s*") -> re.Pattern[str] | None:
        """A pattern matching Chinese text whose pinyin spells ``phrase``: as whole
        syllables (the last may be unfinished), or as initials; ``gap`` (a
        pattern) allowed between the characters: whitespace, unless told."""
        key = (phrase, gap)
        if key not in self._patterns:
            if len(self._patterns) >= 256:
                self._patterns.clear()
            self._patterns[key] = self._compile(phrase, gap)
        return self._patterns[key]

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

    def _compile(self, phrase: str, gap: str) -> re.Pattern[str] | None:
        segmentations = self.readings(phrase)
        alternatives = sorted({gap.join(self._class(chars) for chars in seg) for seg in segmentations}, key=len)
        if not alternatives:
            return None
        return re.compile("|".join(alternatives))
