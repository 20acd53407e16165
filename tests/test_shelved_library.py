"""A big archive opened from its seal: the issue the reader starts in is
listed first (what the first frame needs), every file once it is drawn."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_helpers import ready, shown, wait_for

from reader.catalog.database import Catalog
from reader.cli.files import Scope, scoped
from reader.session import archive
from reader.session.archive import ShelvedLibrary, archive_library, shelved_library
from reader.session.reading import ReadingSession
from reader.storage.store import Store
from reader.text import grouping
from reader.tui.app import ReaderApp
from reader.tui.widgets.article_list import ArticleList, GroupOption

WORDS = ["河水", "春耕", "夜市", "石窟", "牡丹", "书院", "古城", "新桥"]


def dated_tree(root: Path, days: int = 5) -> Path:
    """A crawler's tree: a folder a day, a folder a page, an article a file;
    only a day's first file names the paper (the others join its issue); two
    undated notes at the end."""
    for day in range(1, days + 1):
        for k, page in enumerate((1, 1, 2)):
            folder = root / "2023" / f"2023-05-{day:02d}" / f"{page:02d}"
            folder.mkdir(parents=True, exist_ok=True)
            word = WORDS[(day + k) % len(WORDS)]
            paper = "paper: 伊水晨报\n" if k == 0 else ""
            (folder / f"{k}.md").write_text(
                f"---\ntitle: {word}第{day}日{k}\ndate: 2023-05-{day:02d}\nsection: \"{page}\"\n{paper}---\n\n"
                f"# {word}第{day}日{k}\n\n五月{day}日，{word}的消息写在第{page}版。\n", encoding="utf-8")
    for n in range(2):
        (root / f"note{n}.txt").write_text(f"附记{n}\n\n一段没有日期的附记，编号{n}。\n", encoding="utf-8")
    return root


def sealed(tmp_path: Path) -> tuple[Catalog, Scope]:
    """The tree catalogued, its reading order sealed, and opened again from the seal."""
    tree = dated_tree(tmp_path / "tree")
    catalog = Catalog.open(tmp_path / "cache")
    scoped(catalog, [tree], warnings="none").entries()  # scanned, arranged, sealed
    scope = scoped(catalog, [tree], warnings="none")
    assert scope.report is None and scope.sealed.ordered  # the seal answered
    return catalog, scope


def test_the_start_issue_is_listed_first_and_everything_after_as_the_same_objects(tmp_path: Path) -> None:
    catalog, scope = sealed(tmp_path)
    whole = archive_library(catalog, scope.entries())
    shelved = shelved_library(catalog, scope)
    assert not shelved.files and shelved.unlisted == len(whole.files) == 17
    day = whole.issues[2]
    assert len(day.files) == 3 and day.paper == "伊水晨报"
    file = day.files[2]  # the third file of the day, on page 2, which names no paper
    row = shelved.find_in(file.source, file.article_ids[0])
    assert row is not None
    # The whole day, and only it: the files the frame shows, read by id about its place.
    assert [f.source for f in shelved.files] == [f.source for f in day.files]
    assert [i.key for i in shelved.issues] == [day.key] and shelved.issue_of(row[0]).key == day.key
    assert shelved.unlisted == 14
    assert shelved.complete() and not shelved.complete()
    assert shelved.unlisted == 0
    assert [f.source for f in shelved.files] == [f.source for f in whole.files]
    assert [(i.key, i.paper, [f.source for f in i.files]) for i in shelved.issues] == [
        (i.key, i.paper, [f.source for f in i.files]) for i in whole.issues]
    again = shelved.find_in(file.source, file.article_ids[0])
    assert again is not None and again[0] is row[0] and again[1] is row[1]  # the session's row holds
    after = whole.files[whole.files.index(file) + 1]  # the next day's first file: listed now
    assert shelved.neighbour(row, 1) == shelved.find_in(after.source, after.article_ids[0])


def test_a_walk_from_nowhere_lists_the_first_or_last_issue(tmp_path: Path) -> None:
    catalog, scope = sealed(tmp_path)
    whole = archive_library(catalog, scope.entries())
    shelved = shelved_library(catalog, scope)
    first = shelved.neighbour(None, 0)
    assert first is not None and first[0].source == whole.files[0].source
    assert [f.source for f in shelved.files] == [f.source for f in whole.issues[0].files]
    last = next(shelved.walk(None, -1))
    assert last[0].source == whole.files[-1].source  # an undated file: an issue alone
    assert [f.source for f in shelved.files] == [f.source for f in (*whole.issues[0].files, whole.files[-1])]


def test_an_article_found_by_id_lists_the_issue_of_its_first_place(tmp_path: Path) -> None:
    catalog, scope = sealed(tmp_path)
    whole = archive_library(catalog, scope.entries())
    shelved = shelved_library(catalog, scope)
    wanted = whole.files[7]
    session = ReadingSession(shelved, Store.open(tmp_path / "data"))
    found = session.find(wanted.article_ids[0])
    assert found is not None and found[0].source == wanted.source
    assert {f.source for f in shelved.files} == {f.source for f in whole.issue_of(wanted).files}


async def test_the_reader_opens_at_the_start_issue_and_lists_the_rest_after_the_first_frame(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.cli.open_reader import library_of

    tree = dated_tree(tmp_path / "tree")
    for name in ("DATA", "CACHE", "CONFIG"):
        monkeypatch.setenv(f"XDG_{name}_HOME", str(tmp_path / name.lower()))
    library_of([tree])  # scanned and sealed, as a first open leaves it
    assert type(library_of([tree])[0]) is not ShelvedLibrary  # 17 files: all listed at once (and in order, sealed)
    monkeypatch.setattr(archive, "LIST_FIRST_ABOVE", 10)
    monkeypatch.setattr(grouping, "GROUP_ABOVE", 10)  # the whole list groups by year and month: the first frame's did not
    library, _warnings = library_of([tree])
    assert isinstance(library, ShelvedLibrary) and not library.files
    listed_at_first: list[int] = []
    groups_at_first: dict[tuple[str, ...], str] = {}
    complete = library.complete

    def watched() -> bool:
        listed_at_first.append(len(library.files))
        shown_first = app.screen.query_one(ArticleList).options
        groups_at_first.update({o.path: shown(o.prompt) for o in shown_first if isinstance(o, GroupOption)})
        return complete()

    library.complete = watched  # type: ignore[method-assign]
    app = ReaderApp(library, data_dir=tmp_path / "data")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        start = screen.session.current
        assert start is not None
        await wait_for(pilot, lambda: library.unlisted == 0)
        article_list = screen.query_one(ArticleList)
        await wait_for(pilot, lambda: any(isinstance(o, GroupOption) for o in article_list.options))
        assert screen.session.current is start  # the same row: nothing moved under the reader
        assert len(library.files) == 17 and any(f is start[0] for f in library.files)
        assert ("2023年", "2023年05月") in article_list.open_groups  # the start's groups unfolded
        assert article_list.highlighted_option.id.endswith(start[1].id)
        assert "listing" not in str(screen.query_one("#masthead").render())
        assert "7 issues" in str(screen.query_one("#masthead").render())  # five days, two undated notes
        assert listed_at_first == [3]  # the first frame had the first day's three files, no more
        # ... under the groups the whole list has them in, counted as it counts them.
        groups = {o.path: shown(o.prompt) for o in article_list.options if isinstance(o, GroupOption)}
        assert ("2023年",) in groups_at_first and ("2023年", "2023年05月") in groups_at_first
        assert {path: groups[path] for path in groups_at_first} == groups_at_first
        assert "(15)" in groups_at_first[("2023年",)]


def test_files_in_reading_order_are_their_runs_and_a_day_met_twice_is_not() -> None:
    from reader.core.model import SourceFile
    from reader.session.library import arrange, runs_as_issues

    def file(name: str, date: str | None, page: str | None = None, paper: str | None = "伊水晨报") -> SourceFile:
        return SourceFile(source=f"/t/{name}", date=date, page=page, paper=paper)

    files = [file("a", "2023-05-01", "1"), file("b", "2023-05-01", "2"), file("c", "2023-05-02", "1"),
             file("d", "2023-05-03", "1", paper=None), file("e", None, paper=None), file("f", None, paper=None)]
    runs = runs_as_issues(files)
    assert runs is not None
    assert [(i.key, [f.source for f in i.files]) for i in runs] == [
        (i.key, [f.source for f in i.files]) for i in arrange(files)]
    assert [len(i.files) for i in runs] == [2, 1, 1, 1, 1]  # a day of no paper named is an issue of its own
    assert runs_as_issues([files[0], files[2], files[1]]) is None  # the first day again, after the second


def test_an_archive_read_in_the_reader_is_sealed_once_read_and_opens_from_the_seal(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new archive opens at once and is read in the reader: once every
    file is read the scan's seal is written, in reading order, so that the
    next start lists only the issue it opens at first."""
    from reader.cli import open_reader
    from reader.cli.open_reader import library_of
    from reader.session.archive import FilesRead

    tree = dated_tree(tmp_path / "tree")
    for name in ("DATA", "CACHE", "CONFIG"):
        monkeypatch.setenv(f"XDG_{name}_HOME", str(tmp_path / name.lower()))
    monkeypatch.setattr(open_reader, "READ_BEFORE_OPENING", 5)
    monkeypatch.setattr(archive, "LIST_FIRST_ABOVE", 10)
    first, _warnings = library_of([tree])
    assert first.pending_files == 17
    arrivals: list[object] = []
    first.read_pending(lambda done, total: None, arrivals.append)
    assert isinstance(arrivals[-1], FilesRead) and arrivals[-1].final
    for arrival in arrivals:
        first.take(arrival)
    assert first.pending_files == 0
    again, _warnings = library_of([tree])
    assert isinstance(again, ShelvedLibrary)  # sealed, in reading order
    assert again.complete()
    assert [f.source for f in again.files] == [f.source for f in first.files]
    assert [(i.key, i.paper) for i in again.issues] == [(i.key, i.paper) for i in first.issues]


async def test_the_rest_is_listed_even_should_the_apps_ready_never_come(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.cli.open_reader import library_of
    from reader.tui.screens import main

    tree = dated_tree(tmp_path / "tree")
    for name in ("DATA", "CACHE", "CONFIG"):
        monkeypatch.setenv(f"XDG_{name}_HOME", str(tmp_path / name.lower()))
    library_of([tree])  # scanned, sealed
    library_of([tree])  # its reading order sealed
    monkeypatch.setattr(archive, "LIST_FIRST_ABOVE", 10)
    monkeypatch.setattr(ReaderApp, "on_ready", lambda self: None)
    monkeypatch.setattr(main, "FIRST_FRAME_AT_LATEST_S", 0.3)
    library, _warnings = library_of([tree])
    assert isinstance(library, ShelvedLibrary) and library.unlisted == 17
    app = ReaderApp(library, data_dir=tmp_path / "data")
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: library.unlisted == 0)


async def test_an_archive_gone_while_the_rest_is_listed_is_said_and_the_start_issue_stays(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.cli.open_reader import library_of
    from reader.text.sources import InputError

    tree = dated_tree(tmp_path / "tree")
    for name in ("DATA", "CACHE", "CONFIG"):
        monkeypatch.setenv(f"XDG_{name}_HOME", str(tmp_path / name.lower()))
    library_of([tree])
    library_of([tree])
    monkeypatch.setattr(archive, "LIST_FIRST_ABOVE", 10)
    library, _warnings = library_of([tree])
    assert isinstance(library, ShelvedLibrary)

    def gone() -> list[object]:
        raise InputError(f"{tree}: no such file or directory")

    library._shelf.entries = gone  # type: ignore[union-attr, method-assign]
    app = ReaderApp(library, data_dir=tmp_path / "data")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        await wait_for(pilot, lambda: any("no such file" in str(n.message) for n in app._notifications))
        assert screen.session.current is not None and len(library.files) == 3  # the start issue, still to read
        await pilot.press("j")
        assert app.is_running


def test_the_first_issue_is_grouped_and_counted_as_in_the_whole_list(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its groups' paths and sizes (a year's and a month's articles counted
    by SQLite over the archive) are the whole list's: the first frame's list
    is part of the one that follows, not another."""
    catalog, scope = sealed(tmp_path)
    monkeypatch.setattr(grouping, "GROUP_ABOVE", 10)  # 17 files: grouped by year and month
    shelved = shelved_library(catalog, scope)
    whole = archive_library(catalog, scope.entries())
    day = whole.issues[3]
    shelved.find_in(day.files[0].source, day.files[0].article_ids[0])
    grouped = shelved.first_groups()
    assert grouped is not None
    paths, sizes = grouped
    all_paths = grouping.group_paths(whole.files)
    _files, all_sizes = grouping.group_counts(all_paths, [f.article_count for f in whole.files])
    at = [whole.files.index(f) for f in day.files]
    assert paths == [all_paths[n] for n in at] and paths[0][:2] == ("2023年", "2023年05月")
    assert {group: sizes[group] for group in sizes} == {group: all_sizes[group] for group in sizes}
    assert sizes[("2023年",)] == 15 > sum(f.article_count for f in day.files)  # five days of three, not one
    shelved.complete()
    assert shelved.first_groups() is None  # listed: the list groups them all itself
    undated = shelved_library(catalog, scope)
    undated.find_in(whole.files[-1].source, whole.files[-1].article_ids[0])
    assert undated.first_groups() is None  # a note's run of its folder needs the folder's other files


def test_a_year_split_by_days_that_name_no_paper_is_left_to_the_whole_list(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A day none of whose pages names the paper is an issue of no paper,
    listed after the paper's: its year is a second group (``2023年 (2)``),
    which the first issue alone cannot tell; its groups wait for the list."""
    tree = dated_tree(tmp_path / "tree")
    for page in (tree / "2023" / "2023-05-02").rglob("*.md"):
        page.write_text(page.read_text(encoding="utf-8").replace("paper: 伊水晨报\n", ""), encoding="utf-8")
    next_year = tree / "2024" / "2024-01-02" / "01" / "0.md"
    next_year.parent.mkdir(parents=True)
    next_year.write_text("---\ntitle: 新年\ndate: 2024-01-02\nsection: \"1\"\npaper: 伊水晨报\n---\n\n# 新年\n\n新年的消息。\n",
                         encoding="utf-8")
    catalog = Catalog.open(tmp_path / "cache")
    scoped(catalog, [tree], warnings="none").entries()
    scope = scoped(catalog, [tree], warnings="none")
    monkeypatch.setattr(grouping, "GROUP_ABOVE", 10)
    whole = archive_library(catalog, scope.entries())
    assert ("2023年 (2)", "2023年05月") in {path[:2] for path in grouping.group_paths(whole.files)}
    shelved = shelved_library(catalog, scope)
    day = whole.issues[0]
    assert day.date == "2023-05-01" and day.paper == "伊水晨报"
    shelved.find_in(day.files[0].source, day.files[0].article_ids[0])
    assert shelved.first_groups() is None


def test_a_big_archive_sealed_as_scanned_opens_in_two_steps_and_is_sealed_in_reading_order(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sealed as ``index`` (or a scan of a new day) leaves it, in the order
    files were met: the reader arranges the days once, seals that order,
    and still lists only its start issue first."""
    from reader.cli.open_reader import library_of
    from reader.storage import paths

    monkeypatch.setattr(archive, "LIST_FIRST_ABOVE", 10)
    tree = dated_tree(tmp_path / "tree")
    catalog = Catalog.open(paths.cache_dir())
    assert not scoped(catalog, [tree], warnings="none").sealed.ordered  # as index leaves it
    library, _said = library_of([tree])
    assert isinstance(library, ShelvedLibrary) and library.unlisted == 17
    again = scoped(catalog, [tree], warnings="none")
    assert again.report is None and again.sealed.ordered  # the reading order, sealed for the next start
    assert library.complete()
    assert [f.source for f in library.files] == [e.source for e in again.entries()]
