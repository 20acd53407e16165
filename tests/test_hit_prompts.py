"""Search hits as the panel draws them: typeset like the reading pane, named by issue."""

from __future__ import annotations

import pytest
from conftest import SEED
from rich.console import Console

from reader.core.typeset import NO_LINE_END, NO_LINE_START
from reader.search.index import SearchIndex
from reader.text.parse import parse_file
from reader.tui.widgets.search_panel import hit_prompt


def _lines(renderable, width: int) -> list[str]:
    console = Console(width=width, record=True, color_system=None)
    console.print(renderable)
    return [line.rstrip() for line in console.export_text().splitlines()]


@pytest.fixture(scope="module")
def hits():
    text = SEED.read_text(encoding="utf-8")
    index = SearchIndex([parse_file(text, source="/x/a.txt", name="a"), parse_file(text, source="/x/b.txt", name="b")])
    return index.search("的")


@pytest.mark.parametrize("width", [24, 28, 30, 34, 58])
def test_snippets_keep_the_line_breaking_rules(hits, width: int) -> None:
    broken = []
    for hit in hits[:200]:
        snippet_lines = _lines(hit_prompt(hit), width)[1:]  # the first line is the title
        snippet_lines[0] = snippet_lines[0].removeprefix("…")  # the snippet's own mark of text left out
        for line in snippet_lines:
            if line and (line[0] in NO_LINE_START or line[-1] in NO_LINE_END):
                broken.append(line)
    assert broken == []


def test_hits_name_their_issue_when_several_are_searched(hits) -> None:
    hit = next(h for h in hits if h.file.name == "b")
    assert _lines(hit_prompt(hit, with_issue=True), 60)[0].startswith("b · ")
    assert not _lines(hit_prompt(hit), 60)[0].startswith("b · ")


@pytest.mark.parametrize("width", [24, 27, 31])
def test_list_rows_keep_their_facts_and_cut_the_context(width: int) -> None:
    from reader.session.row_state import RowState
    from reader.tui.widgets.article_list import row_prompt

    issue = parse_file(SEED.read_text(encoding="utf-8"), source="/x/a.txt", name="a")
    article = next(a for a in issue.articles if a.kicker and len(a.kicker) > 20)
    lines = _lines(row_prompt(article, RowState(progress=0.45, matches=12)), width)
    detail = lines[-1].strip()
    assert detail.startswith("12 hits · 45% · ") and detail.endswith("…")
