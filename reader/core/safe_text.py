"""The one sanitising boundary: text from files made safe to show on a terminal.

Everything that comes from an issue file, a file name, a bookmark note, the
config file or the environment goes through ``clean`` before it reaches a
terminal (the TUI's widgets and notifications, the CLI's text output, stderr).
The model keeps every character as printed; only what is *shown* changes:

* C0 controls (except newline and tab) and DEL become their visible control
  pictures (``ESC`` → ``␛``), C1 controls (U+0080–U+009F, e.g. the 8-bit CSI
  U+009B) become ``\\x9b``: no escape sequence can start;
* bidi overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069) become
  ``<U+202E>``: text cannot be made to read backwards;
* lone surrogates (file names that are not UTF-8, kept by ``surrogateescape``)
  become ``\\xNN`` with the original byte, so printing never fails;
* other zero-width and invisible format characters are dropped, except the
  joiners ZWJ/ZWNJ between two visible characters (emoji, Indic scripts).

``json_safe`` does the same job for JSON: it escapes C1, bidi controls and
surrogates, which ``json.dumps(ensure_ascii=False)`` would pass raw.
"""

from __future__ import annotations

import re
from bisect import bisect_right

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
JOINERS = "\u200c\u200d"
# Invisible characters that change nothing a reader needs: dropped from display.
ZERO_WIDTH = "\u200b\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u180e\u00ad"


def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20):
        if chr(code) not in "\n\t":
            table[code] = chr(0x2400 + code)  # ␀ … ␟ (␛ for ESC)
    table[0x7F] = "\u2421"  # ␡
    for code in range(0x80, 0xA0):
        table[code] = f"\\x{code:02x}"
    for ch in BIDI:
        table[ord(ch)] = f"<U+{ord(ch):04X}>"
    for ch in ZERO_WIDTH:
        table[ord(ch)] = ""
    for code in range(0xDC80, 0xDD00):  # surrogateescape'd bytes of a non-UTF-8 name
        table[code] = f"\\x{code - 0xDC00:02x}"
    return table


_TABLE = _table()
_UNSAFE_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"
    + BIDI
    + ZERO_WIDTH
    + JOINERS
    + "\ud800-\udfff]"
)
_OTHER_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_LONE_JOINER_RE = re.compile(r"(?<![^\s\u200c\u200d])[\u200c\u200d]|[\u200c\u200d](?![^\s\u200c\u200d])")


def is_clean(text: str) -> bool:
    """Whether ``text`` can be shown as it is."""
    return _UNSAFE_RE.search(text) is None


def clean(text: str) -> str:
    """``text`` made safe to show on a terminal (see the module docstring)."""
    if _UNSAFE_RE.search(text) is None:
        return text
    text = _LONE_JOINER_RE.sub("", text)
    text = text.translate(_TABLE)
    return _OTHER_SURROGATE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def clean_line(text: str) -> str:
    """``clean``, on one line: newlines and tabs become spaces (list rows,
    notifications, one-line CLI output)."""
    return clean(text).replace("\n", " ").replace("\t", " ")


class OffsetMap:
    """Maps offsets in a text to offsets in its ``clean`` form and back.

    ``clean`` may change the length (``ESC`` → ``␛`` keeps it, ``\\x9b`` and
    dropped zero-width characters do not); widgets that place highlights or
    positions by offset into the original text use this.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        if is_clean(text):
            self.shown = text
            self._starts: list[int] | None = None
            return
        starts: list[int] = []
        pieces: list[str] = []
        at = 0
        for index, ch in enumerate(text):
            starts.append(at)
            if _UNSAFE_RE.match(ch):
                # The joiner rule needs neighbours; everything else maps alone.
                piece = clean(ch) if ch not in JOINERS else (ch if _joins(text, index) else "")
            else:
                piece = ch
            pieces.append(piece)
            at += len(piece)
        starts.append(at)
        self.shown = "".join(pieces)
        self._starts = starts

    def to_shown(self, offset: int) -> int:
        """Where character ``offset`` of the text starts in the shown text."""
        if self._starts is None:
            return offset
        return self._starts[max(0, min(offset, len(self._starts) - 1))]

    def to_text(self, shown_offset: int) -> int:
        """The text offset of the character shown at ``shown_offset``."""
        if self._starts is None:
            return shown_offset
        return max(0, bisect_right(self._starts, shown_offset) - 1)


def _joins(text: str, index: int) -> bool:
    before = text[index - 1] if index > 0 else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return not (before.isspace() or after.isspace() or before in JOINERS or after in JOINERS)


_JSON_UNSAFE_RE = re.compile("[\x7f-\x9f" + BIDI + "\u2028\u2029\ud800-\udfff]")


def json_safe(dumped: str) -> str:
    """JSON text from ``json.dumps(..., ensure_ascii=False)`` with C1 controls,
    bidi controls, line separators and surrogates escaped as ``\\uXXXX`` (they
    only occur inside strings, where the escape means the same character)."""
    return _JSON_UNSAFE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)
