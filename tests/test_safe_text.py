"""The sanitising boundary: nothing from a file reaches a terminal as a control."""

from __future__ import annotations

import json
import re

from hypothesis import given
from hypothesis import strategies as st

from reader.core.safe_text import BIDI, OffsetMap, clean, clean_line, is_clean, json_safe

# What must never be shown: C0 (but newline and tab), DEL, C1, bidi controls, surrogates.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + BIDI + "\ud800-\udfff]")
HOSTILE = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0, max_codepoint=0xA0),
        st.sampled_from(list(BIDI) + ["\u200b", "\u200c", "\u200d", "\ufeff", "\udcff", "\ud800", "洛", "阳", " "]),
        st.characters(),
    ),
    max_size=60,
)


@given(HOSTILE)
def test_clean_output_holds_no_control(text: str) -> None:
    shown = clean(text)
    assert FORBIDDEN.search(shown) is None
    assert is_clean(shown)
    assert clean(shown) == shown  # idempotent
    assert "\n" not in clean_line(text) and "\t" not in clean_line(text)


@given(HOSTILE)
def test_offset_map_shows_what_clean_shows_and_maps_back(text: str) -> None:
    offsets = OffsetMap(text)
    assert offsets.shown == clean(text)
    for index, ch in enumerate(text):
        shown_at = offsets.to_shown(index)
        if offsets.to_shown(index + 1) > shown_at:  # shown, not dropped: maps back to itself
            assert offsets.to_text(shown_at) == index
            assert offsets.shown[shown_at : offsets.to_shown(index + 1)] in (ch, clean(ch))
        else:  # dropped: its place is the next character's
            assert offsets.to_text(shown_at) > index


def test_visible_escapes() -> None:
    assert clean("\x1b]52;c;ZXZpbA==\x07") == "␛]52;c;ZXZpbA==␇"
    assert clean("a\x9b2Jb") == "a\\x9b2Jb"
    assert clean("abc\u202edcba") == "abc<U+202E>dcba"
    assert clean("x\u200by\ufeff") == "xy"
    assert clean("👨\u200d👩") == "👨\u200d👩"  # a joiner that joins is kept
    assert clean("\u200d ") == " "
    assert clean("\udcff.txt") == "\\xff.txt"  # a non-UTF-8 file name byte
    assert clean("洛阳日报\n第2版\t") == "洛阳日报\n第2版\t"


@given(HOSTILE)
def test_json_safe_keeps_every_character(text: str) -> None:
    dumped = json_safe(json.dumps({"t": text}, ensure_ascii=False))
    assert re.search("[\x7f-\x9f" + BIDI + "\ud800-\udfff]", dumped) is None
    assert json.loads(dumped) == {"t": text}
