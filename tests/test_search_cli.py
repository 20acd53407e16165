"""``search`` on the command line at archive scale: a count, the files, a
limit, dates and pages from the catalog, relevance, and where each hit is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli
from days import COUNTY, EVENING, everything


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    everything(tmp_path / "tree")
    return tmp_path / "tree"


def _search(tmp_path: Path, *args: str):
    return run_cli(["search", *args, str(tmp_path / "tree")], tmp_path)


def test_count_and_files_agree_with_the_hits(tree: Path, tmp_path: Path) -> None:
    for query in ("灯会", "灯", "书市 灯会", "dh", "denghui", "二号线"):
        hits = json.loads(_search(tmp_path, query, "--json").stdout)["hits"]
        articles = {(h["source"], h["article_id"]) for h in hits}
        counted = _search(tmp_path, query, "--count")
        assert counted.returncode == 0 and counted.stdout == f"{len(articles)}\n", query
        listed = _search(tmp_path, query, "-l").stdout.splitlines()
        assert listed == list(dict.fromkeys(h["source"] for h in hits)), query  # reading order, each once
    none = _search(tmp_path, "量子计算机", "--count")
    assert none.returncode == 1 and none.stdout == "0\n"


def test_limit_prints_the_first_hits_in_reading_order(tree: Path, tmp_path: Path) -> None:
    every = _search(tmp_path, "灯会").stdout.splitlines()  # piped: all of them
    assert len(every) > 4
    assert _search(tmp_path, "灯会", "--limit", "3").stdout.splitlines() == every[:3]
    assert _search(tmp_path, "灯会", "-n", "0").stdout.splitlines() == every
    # Every hit, piped, is made as its articles are read (``ArchiveSearch.stream``); a limit reads through
    # the hit list: the same hits, for every query class.
    for query in ("灯会", "灯", "书市 灯会", "dh", "denghui"):
        for form in ((), ("--json",)):
            assert _search(tmp_path, query, *form).stdout == _search(tmp_path, query, *form, "-n", "999").stdout, query
    # reading order, as the reader has it: 河洛晚报's day (each file with its issue's paper, though
    # only one names it), then 伊川日报's, the undated file last
    assert every[0].startswith(f"{EVENING} 2024-01-05 p. 1 · ")
    assert any(line.startswith(f"{EVENING} 2024-01-05 p. 1 · 地铁二号线试运行: ") for line in every)
    assert every[-1].startswith("notes.txt · ")


def test_dates_and_pages_come_from_the_catalog(tree: Path, tmp_path: Path) -> None:
    day = _search(tmp_path, "灯会", "--from", "2024-01-05", "--to", "2024-01-05", "--json")
    dates = {h["date"] for h in json.loads(day.stdout)["hits"]}
    assert dates == {"2024-01-05"}
    assert {line.split(" · ")[1].split(": ")[0] for line in _search(tmp_path, "古城", "--from", "2024-01-06").stdout.splitlines()} \
        == {"一场小雪润古城"}  # the snow, the 6th
    assert _search(tmp_path, "古城", "--to", "2024-01-05").returncode == 1
    year = json.loads(_search(tmp_path, "灯会", "--from", "2024", "--to", "2024-01", "--json").stdout)["hits"]
    assert {h["date"] for h in year} == {"2024-01-05"} and all(h["date"] for h in year)  # no undated file
    page = json.loads(_search(tmp_path, "灯会", "--page", "010", "--json").stdout)["hits"]
    assert {(h["paper"], h["page"]) for h in page} == {(COUNTY, "10")}


def test_relevance_puts_the_article_most_about_it_first(tree: Path, tmp_path: Path) -> None:
    by_date = [json.loads(line) for line in [_search(tmp_path, "灯会", "--json").stdout]][0]["hits"]
    ranked = json.loads(_search(tmp_path, "灯会", "--sort", "relevance", "--json").stdout)["hits"]
    assert sorted(map(json.dumps, ranked)) == sorted(map(json.dumps, by_date))  # the same hits
    assert ranked[0]["title"] == "老城灯会今晚开幕"  # in its title and its text
    assert by_date[0]["title"] == ranked[0]["title"] or ranked != by_date


@pytest.mark.parametrize(("args", "says"), [
    (["--limit", "-1"], "not a count"), (["--page", "副刊"], "not a page"), (["--from", "yesterday"], "not a date"),
    (["--from", "2030"], "within --from/--to/--page"), (["--count", "-l"], "not allowed with"),
])
def test_bad_options_are_one_line_and_exit_2(tree: Path, tmp_path: Path, args: list[str], says: str) -> None:
    result = _search(tmp_path, "灯会", *args)
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) <= 2 and says in result.stderr and "Traceback" not in result.stderr


def test_search_without_a_query_names_only_the_query(tmp_path: Path) -> None:
    """PATH is optional: the usage error names only what is missing."""
    result = run_cli(["search"], tmp_path)
    assert result.returncode == 2 and "query" in result.stderr and "PATH" not in result.stderr.splitlines()[-1]


@pytest.mark.parametrize("top", ["0", "-1", "many"])
def test_keywords_top_must_be_one_or_more(tmp_path: Path, top: str) -> None:
    result = run_cli(["keywords", "--top", top], tmp_path)
    assert result.returncode == 2 and result.stdout == "" and "not a number of keywords" in result.stderr


def test_two_hits_in_one_short_paragraph_are_one_line(tmp_path: Path) -> None:
    """As grep prints a line once: two terms in one short paragraph are one
    line, the title once (JSON keeps both hits)."""
    page = tmp_path / "page.md"
    page.write_text("# 弹性退休办法发布\n\n实施弹性退休制度，自愿选择退休年龄。\n", encoding="utf-8")
    lines = run_cli(["search", "弹性 退休", str(page)], tmp_path).stdout.splitlines()
    hits = json.loads(run_cli(["search", "弹性 退休", str(page), "--json"], tmp_path).stdout)["hits"]
    assert len(hits) == 5  # 弹性 and 退休 in the title, 弹性 and twice 退休 in the text
    assert lines == ["page.md · 弹性退休办法发布: 弹性退休办法发布", "page.md · 弹性退休办法发布: 实施弹性退休制度，自愿选择退休年龄。"]
