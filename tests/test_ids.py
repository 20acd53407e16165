"""Article ids come from content, so state follows an article when its file moves."""

from __future__ import annotations

from pathlib import Path

from reader.session.library import load_files
from reader.text.parse import parse_file


def test_ids_do_not_depend_on_path_or_position(seed_text: str, tmp_path: Path) -> None:
    a = tmp_path / "a" / "today.txt"
    b = tmp_path / "elsewhere" / "renamed.md"
    for path in (a, b):
        path.parent.mkdir(parents=True)
        path.write_text(seed_text, encoding="utf-8")
    (issue_a,), _ = load_files([a])
    (issue_b,), _ = load_files([b])
    assert [x.id for x in issue_a.articles] == [x.id for x in issue_b.articles]
    assert issue_a.source != issue_b.source

    # Reordering articles on the page keeps each article's id.
    parts = seed_text.split("## 一把手访谈")
    reordered = "## 一把手访谈" + parts[1] + "\n\n" + parts[0]
    moved = {x.title: x.id for x in parse_file(reordered).articles}
    original = {x.title: x.id for x in issue_a.articles}
    for title in ("以新气象新作为推动高质量发展取得新成效", "让脱贫群众生活更上一层楼"):
        assert moved[title] == original[title]


def test_ids_differ_between_articles_and_with_content() -> None:
    one = parse_file("# 标题甲\n\n正文。\n").articles[0].id
    two = parse_file("# 标题乙\n\n正文。\n").articles[0].id
    assert one != two
    # Whitespace and full-width/ASCII forms do not change an id.
    assert parse_file("#  标题甲 \n\n正文。\n").articles[0].id == one


def test_duplicate_articles_in_one_issue_get_distinct_ids() -> None:
    text = "# 同题\n\n同文。\n\n记者 甲\n\n# 同题\n\n同文。\n\n记者 甲\n"
    ids = [a.id for a in parse_file(text).articles]
    assert len(ids) == 2 and ids[0] != ids[1] and ids[1].startswith(ids[0])
