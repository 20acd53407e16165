"""CJK line breaking: width respected, nothing lost, punctuation rules kept."""

from __future__ import annotations

from conftest import SEED
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from reader.core.typeset import NO_LINE_END, NO_LINE_START, line_starts, wrap
from reader.text.parse import parse_file

PARAGRAPHS = [
    b.text for a in parse_file(SEED.read_text(encoding="utf-8")).articles for b in a.blocks
]
TEXT = st.text(alphabet="洛阳牡丹花城龙门石窟,，。、“”《》()（）!?:；abcXY0123456789.% —…", max_size=200)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(1, 90))
def test_lines_fit_and_keep_every_character(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert all(cell_len(line) <= max(2, width) for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    starts = line_starts(text, lines)
    assert all(text[s : s + len(line)] == line for s, line in zip(starts, lines, strict=True))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(PARAGRAPHS), st.integers(16, 80))
def test_seed_paragraphs_follow_line_break_rules(text: str, width: int) -> None:
    lines = wrap(text, width)
    for line in lines[1:]:
        assert line[0] not in NO_LINE_START, (width, lines)
    for line in lines[:-1]:
        assert line[-1] not in NO_LINE_END, (width, lines)
    # Lines are filled: only the last may be much shorter than the width.
    for line in lines[:-1]:
        assert cell_len(line) >= width - 8


def test_numbers_are_not_split() -> None:
    text = "全市13.5万户脱贫户和监测对象共享受帮扶措施44.5万个"
    for width in range(10, 40):
        for line in wrap(text, width):
            assert not line.startswith((".", "5万户", "3.5")), (width, wrap(text, width))
