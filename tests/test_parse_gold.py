"""The parser scored against gold, the way a reader judges a page.

Each ``*.gold.json`` beside a fixture page (tests/fixtures) names what a
reader sees in the article list and under each title: the articles' titles
and bylines, in order, and where the page's shape asks for it, kickers,
subtitles, captions, headings, notes, the lines that are the page's
furniture (chrome, lists) and the issue's facts. A title counts
only when exact; a byline only when it names the reporters and nothing more;
an article the gold does not list is spurious. Every page is also lossless.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES
from test_no_loss import assert_lossless

from reader.core.model import SourceFile
from reader.text.parse import parse_file

GOLD = sorted(FIXTURES.rglob("*.gold.json"))


def _page(gold: Path) -> Path:
    stem = gold.name.removesuffix(".gold.json")
    (page,) = [p for p in gold.parent.iterdir() if p.stem == stem and p.suffix in (".md", ".txt")]
    return page


def _squeezed(text: str | None) -> str | None:
    return " ".join(text.split()) if text is not None else None


@dataclass
class Score:
    titles: int = 0
    bylines: int = 0
    expected: int = 0
    spurious: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)


def score(issue: SourceFile, gold: dict[str, Any]) -> Score:
    """Titles exact, bylines clean, spurious articles, and the page's other facts."""
    result = Score(expected=len(gold["articles"]))
    found = list(issue.articles)
    for want in gold["articles"]:
        match = next((a for a in found if a.title == want["title"]), None)
        if match is None:
            result.wrong.append(f"title not found: {want['title']}")
            continue
        found.remove(match)
        result.titles += 1
        if _squeezed(match.byline) == _squeezed(want.get("byline")):
            result.bylines += 1
        else:
            result.wrong.append(f"byline of {want['title']}: {match.byline!r}, not {want.get('byline')!r}")
        for name in ("column", "kicker", "subtitle"):
            if name in want and getattr(match, name) != want[name]:
                result.wrong.append(f"{name} of {want['title']}: {getattr(match, name)!r}, not {want[name]!r}")
    result.spurious = [a.display_title for a in found]
    blocks = [(b.type, b.text) for a in issue.articles for b in a.blocks]
    for kind, plural in (("caption", "captions"), ("heading", "headings"), ("note", "notes")):
        for text in gold.get(plural, []):
            if (kind, text) not in blocks:
                result.wrong.append(f"{kind} missing: {text}")
    furniture = {text for _, text in issue.furniture}
    result.wrong += [f"not furniture: {text}" for text in gold.get("furniture", []) if text not in furniture]
    for fact in ("paper", "date", "page", "page_name"):
        if fact in gold and getattr(issue, fact) != gold[fact]:
            result.wrong.append(f"{fact}: {getattr(issue, fact)!r}, not {gold[fact]!r}")
    return result


@pytest.mark.parametrize("gold_path", GOLD, ids=[str(g.relative_to(FIXTURES)) for g in GOLD])
def test_every_gold_page_reads_as_a_reader_would(gold_path: Path) -> None:
    page = _page(gold_path)
    text = page.read_text(encoding="utf-8")
    assert_lossless(text)  # no character lost, none out of order
    result = score(parse_file(text, str(page.resolve())), json.loads(gold_path.read_text(encoding="utf-8")))
    assert result.wrong == [] and result.spurious == []
    assert (result.titles, result.bylines) == (result.expected, result.expected)


def test_the_score_counts_what_a_reader_would_count() -> None:
    """The scorer itself: a wrong title, a dirty byline and a spurious article each count."""
    issue = parse_file("甲乙丙丁戊\n本报记者  某某《某某日报》（2025年01月02日第 04 版）\n正文第一段写在这里。\n\n"
                       "己庚辛壬\n记者 某甲\n正文第二段写在这里。\n")
    gold = {"articles": [{"title": "甲乙丙丁戊", "byline": "本报记者 某某"}]}
    result = score(issue, gold)
    assert (result.titles, result.bylines, result.spurious) == (1, 1, ["己庚辛壬"])
    gold = {"articles": [{"title": "甲乙丙丁", "byline": "本报记者 某某"}, {"title": "己庚辛壬", "byline": "记者"}]}
    result = score(issue, gold)
    assert (result.titles, result.bylines, result.spurious) == (1, 0, ["甲乙丙丁戊"])


def test_there_is_gold_for_every_shape() -> None:
    assert len(GOLD) >= 4
