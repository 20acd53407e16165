"""What a hanzi is, to the parser's patterns.

A word character that is no digit or ASCII letter: near enough (a page's
kana, hangul or full-width letters count too), and far cheaper to compile
than the range ``[\\u4e00-\\u9fff]``, which costs about a millisecond in each
of the many patterns that use it, at every start.
"""

from __future__ import annotations

HAN = r"(?:(?![\d_A-Za-z])\w)"
HAN_OR_DIGIT = r"(?:(?![_A-Za-z])\w)"
