"""The reader over the catalog: lazy issues and articles, stepping and finding
without reading every issue, bounded memory, and the list's groups."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, SEED, make_archive
from ui_helpers import ready, shown, title, wait_for

from reader.catalog.database import Catalog
from reader.catalog.lazy import ArticleTexts, catalog_files
from reader.core.model import SourceFile
from reader.session.archive import archive_library as catalog_library
from reader.session.library import load_files
from reader.session.reading import ReadingSession
from reader.storage.store import Store
from reader.text.grouping import RUN, file_date, group_counts, group_paths
from reader.text.placement import path_placement
from reader.text.sources import expand_paths
from reader.tui.app import ReaderApp
from reader.tui.widgets.article_list import (
    ArticleList,
    ArticleOption,
    FileOption,
    GroupOption,
    group_key,
)


def _catalog(tmp_path: Path, *paths: Path):
    catalog = Catalog.open(tmp_path / "cache")
    return catalog, catalog.scan(expand_paths(list(paths)))


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("archive") / "issues"
    make_archive(directory, 150)
    return directory


def test_lazy_articles_read_back_as_parsed(tmp_path: Path) -> None:
    paths = [SEED, *sorted(FIXTURES.glob("*_page.*"))]
    catalog, report = _catalog(tmp_path, *paths)
    parsed, _ = load_files(paths)
    lazy = catalog_files(catalog, report.entries)
    assert not any(issue.loaded for issue in lazy)
    for mine, theirs in zip(lazy, parsed, strict=True):
        assert mine.article_count == len(theirs.articles) and not mine.loaded
        for a, b in zip(mine.articles, theirs.articles, strict=True):
            assert (a.id, a.title, a.display_title, a.column, a.kicker, a.subtitle) == (
                b.id, b.title, b.display_title, b.column, b.kicker, b.subtitle)
            assert (a.byline, a.blocks, a.byline_at, a.body_text) == (b.byline, b.blocks, b.byline_at, b.body_text)
        assert mine.loaded


def test_article_texts_stay_bounded(tmp_path: Path, archive: Path) -> None:
    catalog, report = _catalog(tmp_path, archive)
    texts = ArticleTexts(catalog, kept=20)
    issues = catalog_files(catalog, report.entries, texts)
    for issue in issues[:40]:
        for article in issue.articles:
            assert article.blocks is not None  # read from the catalog
    assert len(texts) == 20


def test_a_session_over_an_archive_reads_only_what_it_visits(tmp_path: Path, archive: Path) -> None:
    catalog, report = _catalog(tmp_path, archive)
    library = catalog_library(catalog, report.entries)
    session = ReadingSession(library, Store.open(tmp_path / "data"))
    issues = list(library.files)
    assert sum(issue.loaded for issue in issues) == 0
    first = session.start()
    assert first is not None and first[0] is issues[0]
    session.open_article(*first)
    for _ in range(len(issues[0].articles)):  # step past the first issue's last article
        row = session.neighbour(+1)
        assert row is not None
        session.open_article(*row)
    assert session.current[0] is issues[1] and session.current[1] is issues[1].articles[0]
    assert [issue.loaded for issue in issues[:3]] == [True, True, False]
    assert sum(issue.loaded for issue in issues) == 2
    # Finding an article by id asks the index, and reads only the issues it is in.
    wanted = issues[120].articles[2]
    places = session.library.rows_of(wanted.id)
    assert (issues[120], wanted) in places
    assert all(issue.loaded == (issue is issues[120] or issue in issues[:2] or any(issue is r[0] for r in places))
               for issue in issues)
    # A search over every issue names its hits by the library's own objects.
    hits = library.search(wanted.title)
    assert any(hit.file is issues[120] and hit.article is wanted for hit in hits)


def test_issues_are_grouped_by_date_else_by_folder_in_runs(tmp_path: Path) -> None:
    # A file's date is what its text said, else what its path names: the path's is the placement's.
    for source, day in (("/a/2024/01/2024-01-05/04-要闻/标题.md", (2024, 1, 5)), ("/a/洛阳日报2023年12月3日.txt", (2023, 12, 3)),
                        ("/a/20240105_2.md", (2024, 1, 5)), ("/a/0001_luoyang.txt", None)):
        assert file_date(SourceFile(source=source, date=path_placement(source).date)) == day
    assert file_date(SourceFile(source="/a/2024-01-05.txt", date="2023-12-03")) == (2023, 12, 3)  # the text's first
    dated = [SourceFile(source=f"/p/2024-{m:02d}-{d:02d}.txt", name=f"2024-{m:02d}-{d:02d}", date=f"2024-{m:02d}-{d:02d}")
             for m in (1, 2) for d in range(1, 29)]
    undated = [SourceFile(source=f"/q/{n:04d}.txt", name=f"{n:04d}") for n in range(250)]
    paths = group_paths(dated + undated)
    assert paths[0] == ("2024年", "2024年01月") and paths[28] == ("2024年", "2024年02月")
    assert paths[len(dated)] == ("0000 … 0099",) and paths[-1] == ("0200 … 0249",)
    sizes, articles = group_counts(paths, [2] * len(paths))  # files, and articles: two each
    assert (sizes[("2024年",)], sizes[("2024年", "2024年02月")], sizes[("0200 … 0249",)]) == (56, 28, 50)
    assert (articles[("2024年",)], articles[("0200 … 0249",)]) == (112, 100)
    two_folders = [SourceFile(source=f"/{f}/{n:04d}.txt", name=f"{n:04d}") for f in ("x", "y") for n in range(RUN + 10)]
    assert group_paths(two_folders)[0] == ("x", "0000 … 0099") and group_paths(two_folders)[-1] == ("y", "0100 … 0109")
    assert group_paths(undated[:100]) == [()] * 100  # a hundred or fewer: no groups


def _rows(article_list: ArticleList) -> list[str]:
    return [shown(o.prompt) if not isinstance(o, ArticleOption) else "article" for o in article_list.options]


async def test_the_list_groups_an_archive_and_search_opens_the_group_of_a_hit(tmp_path: Path, archive: Path) -> None:
    catalog, report = _catalog(tmp_path, archive)
    library = catalog_library(catalog, report.entries)
    app = ReaderApp(library, data_dir=tmp_path / "data")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        article_list = screen.query_one(ArticleList)
        groups = [o for o in article_list.options if isinstance(o, GroupOption)]
        assert [g.path for g in groups] == [("0000_luoyang … 0099_luoyang",), ("0100_luoyang … 0149_luoyang",)]
        assert groups[0].is_open and not groups[1].is_open
        assert sum(isinstance(o, FileOption) for o in article_list.options) == 100
        # The open group's rows count their unread articles from the ids alone; only the article opened
        # is read, with its file's headings (the list shows its rows).
        assert [issue.loaded for issue in library.files] == [True] + [False] * 149
        headers = [o for o in article_list.options if isinstance(o, FileOption)]
        assert all(f"({n}/{n} unread)" in shown(o.prompt) for o in headers for n in [len(o.file.articles)])
        # enter on a group row unfolds it, and again folds it.
        article_list.focus()
        article_list.highlighted = article_list.get_option_index(group_key(groups[1].path))
        await pilot.press("enter")
        await wait_for(pilot, lambda: sum(isinstance(o, FileOption) for o in article_list.options) == 150)
        await pilot.press("enter")
        await wait_for(pilot, lambda: sum(isinstance(o, FileOption) for o in article_list.options) == 100)
        # A hit in a folded group: search all issues, go to the last hit.
        wanted = library.files[140].articles[0]
        await pilot.press("slash", "ctrl+t")
        for ch in wanted.title:
            await pilot.press(ch)
        await wait_for(pilot, lambda: screen.session.cursor.hits and any(
            h.file is library.files[140] for h in screen.session.cursor.hits), timeout=20)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.session.current is not None and screen.session.current[1].title == wanted.title)
        await pilot.press("N")  # back from the first hit to the last: in the folded group
        await wait_for(pilot, lambda: screen.session.current[0] in library.files[100:])
        assert ("0100_luoyang … 0149_luoyang",) in article_list.open_groups
        current = screen.session.current
        assert article_list.highlighted_option.id.endswith(current[1].id)
        assert title(app) == current[1].title


async def test_the_reader_opens_before_a_new_archive_is_read_and_fills_in(tmp_path: Path) -> None:
    import threading

    directory = tmp_path / "issues"
    make_archive(directory, 120)
    catalog = Catalog.open(tmp_path / "cache")
    report = catalog.scan(expand_paths([directory]), defer_above=10)
    assert len(report.deferred) == 120
    library = catalog_library(catalog, report.entries, report.sources, pending=report.deferred)
    gate = threading.Event()
    read_pending = library.read_pending

    def held_back(progress, arrived):
        gate.wait(20)
        return read_pending(progress, arrived)

    library.read_pending = held_back  # type: ignore[method-assign]
    app = ReaderApp(library, data_dir=tmp_path / "data")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        masthead = screen.query_one("#masthead")
        assert "reading files" in str(masthead.render()) and screen.session.current is None
        article_list = screen.query_one(ArticleList)
        assert any("(reading…)" in shown(o.prompt) for o in article_list.options)
        # Files not read yet count no articles: the archive is big all the same, and only the
        # first group starts open (every group open made a row for each of 40,000 files).
        first_group = ("0000_luoyang … 0099_luoyang",)
        assert article_list.open_groups == {first_group}
        assert sum(isinstance(o, FileOption) for o in article_list.options) == 100
        gate.set()
        await wait_for(pilot, lambda: "reading files" not in str(masthead.render()), timeout=30)
        assert all(not issue.pending for issue in library.files)
        assert screen.session.current is not None and title(app) == library.files[0].articles[0].title
        assert not any("(reading…)" in shown(o.prompt) for o in article_list.options)
        assert article_list.open_groups == {first_group}
        # Searches cover the files read meanwhile.
        hits = library.search(library.files[110].articles[0].title)
        assert any(hit.file is library.files[110] for hit in hits)


def test_groups_are_dates_then_pages_and_each_is_listed_once_where_it_starts() -> None:
    def page(source: str, date: str | None, number: str | None, name: str | None = None) -> SourceFile:
        return SourceFile(source=source, date=date, page=number, page_name=name)

    issues = [page("/a/1.md", "2025-01-02", "1", "要闻"), page("/a/2.md", "2025-01-02", "4", "经济"),
              page("/a/3.md", "2025-01-03", "1", "要闻"), page("/a/4.md", "2025-01-02", "4", "经济"),
              page("/a/5.txt", None, None)]
    assert group_paths(issues) == [
        ("2025年1月2日 周四", "第1版 要闻"),
        ("2025年1月2日 周四", "第4版 经济"),
        ("2025年1月3日 周五", "第1版 要闻"),
        ("2025年1月2日 周四 (2)", "第4版 经济"),  # met again after another date: a group of its own
        (),
    ]
    # One dated file of each date and no pages: no groups at all (each issue has its row).
    assert group_paths([page("/b/2025-01-02.txt", None, None), page("/b/2025-01-03.txt", None, None)]) == [(), ()]


def test_a_search_over_an_archive_answers_a_screenful_first_then_everything(tmp_path: Path, archive: Path) -> None:
    """The first answer is the first hits in reading order (counted with a
    "+"), the second every hit; a query with fewer hits answers once."""
    from reader.session.reading import FIRST_SCREENFUL

    catalog, report = _catalog(tmp_path, archive)
    session = ReadingSession(catalog_library(catalog, report.entries), Store.open(tmp_path / "data"))
    first, whole = session.answers(session.search_request("的", everywhere=True))
    assert first.first and first.hits.capped and len(first.hits) == FIRST_SCREENFUL
    assert not whole.first and len(whole.hits) > FIRST_SCREENFUL
    key = [(h.file.source, h.article.id, h.offset) for h in whole.hits[:FIRST_SCREENFUL]]
    assert [(h.file.source, h.article.id, h.offset) for h in first.hits] == key
    (only,) = session.answers(session.search_request("量子计算机", everywhere=True))
    assert not only.first and len(only.hits) == 0


def test_a_search_a_newer_keystroke_replaced_gives_way(tmp_path: Path, archive: Path) -> None:
    """Once ``stop()`` is true the archive search reads no more batches, and the
    session posts no whole answer: a worker a newer keystroke cancelled does not
    keep the CPU for an answer that would be dropped."""
    catalog, report = _catalog(tmp_path, archive)
    session = ReadingSession(catalog_library(catalog, report.entries), Store.open(tmp_path / "data"))
    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 1  # the first screenful is searched, then the keystroke came

    answers = list(session.answers(session.search_request("的", everywhere=True), stop=stop))
    assert [a.first for a in answers] == [True]
    library = catalog_library(catalog, report.entries)
    stopped = library.search("的", stop=lambda: True)
    assert len(stopped) == 0 and stopped.capped


def test_header_rows_are_one_line_at_any_width() -> None:
    """The list takes every group and file header to be one line without
    drawing it (``OneRow``): true at any width, however long the name and count."""
    from rich.console import Console
    from rich.text import Text

    from reader.tui.widgets.article_list import one_line

    console = Console(width=200, color_system=None)
    names = ["0000_luoyang … 0099_luoyang", "洛阳日报 · 2024年1月5日 周五 第4版 经济 · 某某某某某某某某某某某某", "x"]
    for name in names:
        for width in range(1, 90):
            grid = one_line(Text(f"▾ {name}"), Text(" (12/345 unread)"))
            lines = console.render_lines(grid, console.options.update_width(width), pad=False)
            assert len(lines) == 1, (name, width)


@pytest.mark.parametrize("query", ["的", "洛", "洛阳", "北国花城", "洛阳 发展", "ly", "luo", "luoyang"])
def test_a_screenful_read_page_by_page_is_the_first_hits_of_the_whole(
        tmp_path: Path, archive: Path, query: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where reading order is file id order, a screenful's candidates come
    from SQLite a page at a time, ordered and cut there: the hits are the
    whole answer's first ones, whatever the page size, and when the catalog
    holds files of another archive too (their ids among these); so too
    where the first articles are read in order before the index is asked,
    the walk giving way to the index after one article, or never."""
    from reader.catalog import search as archive_search
    from reader.session.reading import FIRST_SCREENFUL

    other = tmp_path / "other"
    make_archive(other, 12)
    catalog = Catalog.open(tmp_path / "cache")
    catalog.scan(expand_paths([other]))
    report = catalog.scan(expand_paths([archive]))
    library = catalog_library(catalog, report.entries)
    whole = library.search(query)
    assert len(whole) > 0
    expected = [(h.file.source, h.article.id, h.offset) for h in whole[:FIRST_SCREENFUL]]
    searcher = library._search  # the catalog's search, as the reader's worker asks it
    assert searcher._scope.ids_in_order
    pages: list[int] = []
    ask = searcher._query_index
    monkeypatch.setattr(searcher, "_query_index", lambda sql, params: pages.append(1) or ask(sql, params))
    walks = [(1, 1, 0, 1), (3, 2, 10**6, 3), (archive_search.FIRST_PAGE, archive_search.WALK_FIRST,
                                              archive_search.WALK_MOST, archive_search.PREFIX_PAGE)]
    for size, walk, most, prefix_size in walks:
        monkeypatch.setattr(archive_search, "FIRST_PAGE", size)
        monkeypatch.setattr(archive_search, "PREFIX_PAGE", prefix_size)
        monkeypatch.setattr(archive_search, "WALK_FIRST", walk)
        monkeypatch.setattr(archive_search, "WALK_MOST", most)
        pages.clear()
        first = library.search(query, None, FIRST_SCREENFUL)
        assert [(h.file.source, h.article.id, h.offset) for h in first] == expected
        assert first.capped == (len(whole) > FIRST_SCREENFUL)
        assert pages  # paged: the page queries ran
