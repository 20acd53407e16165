"""A seal on a scan (``catalog.seal``): a command over an unchanged tree
trusts the catalog without reading any file's row, and any change a scan
would see (or any write to the catalog's files) makes it scan again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import run_cli
from days import everything

from reader.catalog import seal
from reader.catalog.database import Catalog
from reader.catalog.write import delete_file
from reader.cli import files
from reader.storage import paths


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    everything(tmp_path / "tree")
    return tmp_path / "tree"


def _an_issue(tree: Path) -> Path:
    return next(p for p in sorted(tree.rglob("*.md")))


def _rewrite_keeping_size_and_mtime(path: Path, old: str, new: str) -> None:
    """Change a file's text in place as a careless tool might: same size, mtime set back."""
    info = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text and len(old.encode()) == len(new.encode())
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == info.st_size and path.stat().st_mtime_ns == info.st_mtime_ns


def test_the_state_changes_with_anything_a_scan_would_see(tree: Path) -> None:
    before = seal.tree_state([str(tree)])
    assert before is not None and seal.tree_state([str(tree)]) == before
    issue = _an_issue(tree)
    _rewrite_keeping_size_and_mtime(issue, "灯会", "庙会")  # only ctime tells
    changes = [seal.tree_state([str(tree)])]
    (issue.parent / "新到.md").write_text("# 新到\n\n一篇新文章。\n", encoding="utf-8")
    changes.append(seal.tree_state([str(tree)]))
    (issue.parent / "新到.md").rename(issue.parent / "改名.md")
    changes.append(seal.tree_state([str(tree)]))
    (tree / "2030" / "01").mkdir(parents=True)
    changes.append(seal.tree_state([str(tree)]))
    (tree / "2030" / "01" / "one.txt").write_text("一行字\n", encoding="utf-8")
    changes.append(seal.tree_state([str(tree)]))
    (tree / "2030" / "01" / "one.txt").unlink()
    changes.append(seal.tree_state([str(tree)]))
    assert None not in changes
    assert len({before, *changes}) == len(changes) + 1  # each step is a new state
    assert seal.tree_state([str(tree), str(issue)]) != seal.tree_state([str(tree)])


def test_what_the_quick_look_does_not_follow_is_never_sealed(tree: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.md"
    outside.write_text("# 外面\n\n正文。\n", encoding="utf-8")
    link = tree / "link.md"
    link.symlink_to(outside)
    assert seal.tree_state([str(tree)]) is None
    link.unlink()
    os.mkfifo(tree / "pipe.txt")
    assert seal.tree_state([str(tree)]) is None
    (tree / "pipe.txt").unlink()
    assert seal.tree_state([str(tree)]) is not None
    assert seal.tree_state([str(tmp_path / "missing")]) is None


def test_an_unchanged_tree_is_answered_by_its_seal(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = Catalog.open(paths.cache_dir())
    first = files.scoped(catalog, [tree])
    assert first.report is not None and first.report.added > 0
    again = files.scoped(catalog, [tree])
    assert again.report is None  # sealed: nothing scanned
    assert again.ids == first.ids and [e.source for e in again.entries()] == [e.source for e in first.entries()]
    assert [e.paper for e in again.entries()] == [e.paper for e in first.entries()]  # as arranged, papers lent

    written = seal.generation(catalog)
    _rewrite_keeping_size_and_mtime(_an_issue(tree), "灯会", "庙会")
    changed = files.scoped(catalog, [tree])
    done = changed.report or changed.changes
    assert done is not None and done.changed == 1
    assert changed.report is None  # the file that changed was read, the others taken as sealed
    assert seal.generation(catalog) > written  # the file's rows were written: counted
    assert files.scoped(catalog, [tree]).report is None  # sealed again

    # Another command writes the catalog's files (here: forgets one): the seal is not trusted, but the
    # folder's rows are still what they are: each file's stamp is checked against them, the one gone read.
    with catalog.transaction() as conn:
        delete_file(conn, changed.entries()[0].source)
    rescanned = files.scoped(catalog, [tree])
    assert rescanned.report is None and rescanned.changes is not None and rescanned.changes.added == 1
    assert [e.source for e in rescanned.entries()] == [e.source for e in first.entries()]
    catalog.close()


def test_count_and_files_from_a_seal_read_no_entry(tree: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from reader.cli.search import cmd_search

    assert cmd_search(["--count", "灯会", str(tree)]) == 0  # scanned, and sealed in the scan's order
    counted = capsys.readouterr().out
    assert cmd_search(["-l", "灯会", str(tree)]) == 0  # the days arranged once: the order sealed too
    listed = capsys.readouterr().out
    assert listed.count("\n") >= 2

    def no_entries(*_args: object) -> None:
        raise AssertionError("the index alone answers this")

    monkeypatch.setattr(Catalog, "entries_by_id", no_entries)
    monkeypatch.setattr(files, "scan", no_entries)
    monkeypatch.setattr(files, "chosen_entries", no_entries)
    assert cmd_search(["--count", "灯会", str(tree)]) == 0
    assert capsys.readouterr().out == counted
    assert cmd_search(["-l", "灯会", str(tree)]) == 0
    assert capsys.readouterr().out == listed
    # Three characters: the matcher reads the articles; -l the paths of the files holding them (no entry), a count none.
    asked: list[int] = []
    entries_of = Catalog.entries_of

    def some_entries(catalog: Catalog, ids: list[int]) -> object:
        asked.extend(ids)
        return entries_of(catalog, ids)

    monkeypatch.setattr(Catalog, "entries_of", some_entries)
    assert cmd_search(["-l", "二号线", str(tree)]) == 0
    holding = capsys.readouterr().out.splitlines()
    assert cmd_search(["--count", "二号线", str(tree)]) == 0
    assert 0 < len(holding) < len(listed.splitlines()) and asked == []
    assert all("二号线" in Path(line).read_text(encoding="utf-8") for line in holding)


def test_index_seals_without_arranging_the_days(tree: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from reader.cli.commands import cmd_index
    from reader.cli.search import cmd_search

    def no_arranging(*_args: object) -> None:
        raise AssertionError("index needs no reading order")

    with monkeypatch.context() as patched:
        patched.setattr(files, "chosen_entries", no_arranging)
        assert cmd_index([str(tree)]) == 0
        assert cmd_search(["--count", "灯会", str(tree)]) == 0  # a count neither
    capsys.readouterr()
    assert cmd_search(["-l", "灯会", str(tree)]) == 0
    first = capsys.readouterr().out
    run_scanned = Catalog.open(paths.cache_dir())
    with run_scanned.transaction() as conn:
        conn.execute("DELETE FROM seals")
    run_scanned.close()
    assert cmd_search(["-l", "灯会", str(tree)]) == 0  # scanned and arranged afresh: the same order
    assert capsys.readouterr().out == first


def test_a_search_sees_a_file_changed_in_place(tree: Path, tmp_path: Path) -> None:
    before = run_cli(["search", "--count", "庙会", str(tree)], tmp_path)
    assert before.stdout == "0\n"
    _rewrite_keeping_size_and_mtime(_an_issue(tree), "灯会", "庙会")
    after = run_cli(["search", "--count", "庙会", str(tree)], tmp_path)
    assert after.returncode == 0 and after.stdout == "1\n"
    index = run_cli(["index", str(tree)], tmp_path)
    assert " 0 added, 0 changed, 0 touched, 0 removed, " in index.stdout  # sealed by the search: all unchanged


def test_the_reader_opens_a_sealed_tree_as_it_opened_it_scanned(tree: Path) -> None:
    from reader.cli.open_reader import library_of

    def shown(library: object) -> list[tuple[object, ...]]:
        return [(issue.paper, issue.date, tuple(f.source for f in issue.files), len(issue.articles))
                for issue in library.issues]  # type: ignore[attr-defined]

    (tree / "broken.txt").write_bytes(b"\x00\x01 not text")
    scanned, said = library_of([tree])
    assert files.scoped(Catalog.open(paths.cache_dir()), [tree], warnings="none").report is None  # now sealed
    sealed, said_again = library_of([tree])
    assert shown(sealed) == shown(scanned) and len(shown(sealed)) >= 3
    assert said_again == said and any("broken.txt" in warning for warning in said)  # its warnings kept


@pytest.mark.parametrize("every_file", [False, True])
def test_a_scan_after_the_seals_walk_asks_no_file_again(tree: Path, monkeypatch: pytest.MonkeyPatch,
                                                        every_file: bool) -> None:
    """The walk that digests the tree ``stat``s each issue file; the scan that
    follows a change takes those, and the file changed is still seen: a scan
    of what changed since the seal, or (past ``MAX_CHANGED``) of every file."""
    from reader.catalog import scan as scanning

    if every_file:
        monkeypatch.setattr(scanning, "MAX_CHANGED", -1)
    catalog = Catalog.open(paths.cache_dir())
    files.scoped(catalog, [tree])
    target = _an_issue(tree)
    _rewrite_keeping_size_and_mtime(target, "灯会", "庙会")
    asked: list[str] = []
    real_stat = os.stat

    def counting(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).startswith(str(tree)) and str(path).endswith((".md", ".txt")):
            asked.append(str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", counting)
    changed = files.scoped(catalog, [tree])
    done = changed.report or changed.changes
    assert done is not None and done.changed == 1 and asked == []
    assert (changed.report is None) is not every_file  # a scan of what changed: the others taken as sealed
    assert len(changed.entries()) > 5
    monkeypatch.undo()
    assert files.scoped(catalog, [tree]).report is None  # sealed with what the walk saw
    catalog.close()


def test_a_screenful_reads_the_entries_of_the_files_it_shows(tree: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Hits over every file come with the same files (paper as their issue's,
    date, page) as from all the entries, but only the shown files' are read."""
    from reader.cli.search import cmd_search

    assert cmd_search(["--limit", "0", "灯会", str(tree)]) == 0  # scanned, sealed, the days arranged
    capsys.readouterr()
    catalog = files.open_catalog()
    scope = files.scoped(catalog, [tree])
    whole = files.archive_search(catalog, scope.entries()).search("灯会")
    asked: list[list[int]] = []
    entries_of = Catalog.entries_of

    def some_entries(catalog: Catalog, ids: list[int]) -> object:
        asked.append(list(ids))
        return entries_of(catalog, ids)

    monkeypatch.setattr(Catalog, "entries_of", some_entries)
    lazily = files.archive_search(catalog, files.scoped(catalog, [tree])).search("灯会")

    def facts(hits: object) -> list[tuple[object, ...]]:
        return [(h.file.source, h.file.paper, h.file.date, h.file.page, h.article.id, h.offset)
                for h in hits.stream()]  # type: ignore[attr-defined]

    assert facts(lazily) == facts(whole) and len({h.file.paper for h in whole.stream()}) > 1
    sources = {h.file.source for h in whole.stream()}
    assert asked and len({i for ids in asked for i in ids}) == len(sources) < len(scope.ids)
    catalog.close()


def test_a_file_gone_from_the_catalog_after_the_scope_was_taken_is_left_out(tree: Path) -> None:
    """Entries are fetched when hits need them: one whose file left the catalog
    meanwhile (another session) is left out of the hits and files, not an error."""
    catalog = files.open_catalog()
    scope = files.scoped(catalog, [tree])
    whole = files.archive_search(catalog, scope.entries()).search("灯会")
    sources = list(dict.fromkeys(h.file.source for h in whole.stream()))
    assert len(sources) >= 2
    gone = next(e.id for e in scope.entries() if e.source == sources[0])
    search = files.archive_search(catalog, scope)
    fetch = search._scope._fetch  # type: ignore[attr-defined]
    search._scope._fetch = lambda ids: {i: e for i, e in fetch(ids).items() if i != gone}  # type: ignore[attr-defined]
    hits = search.search("灯会")
    assert [h.file.source for h in hits.stream()] == [h.file.source for h in whole.stream() if h.file.source != sources[0]]
    holding = list(dict.fromkeys(f for f, _ in search.articles_matching("灯会")))
    assert [e.source for e in search.files(holding)] == sources[1:]
    catalog.close()


def test_the_look_apart_sees_what_the_look_here_sees(tree: Path) -> None:
    """A folder's look is taken in a child process, to the same digest; it
    sends the files' stamps back only when the tree is not as expected, and
    they are each issue file's own (a file named itself too)."""
    issue = _an_issue(tree)
    named = [str(tree), str(issue)]
    here: dict[str, seal.Stamp] = {}
    state = seal.tree_state(named, here)
    assert state is not None
    wanted = {str(p.resolve()): p.stat() for p in [*tree.rglob("*.md"), *tree.rglob("*.txt")]}
    assert set(here) == set(wanted) and len(here) > 5
    assert all((here[p].st_size, here[p].st_mtime_ns, here[p].st_ctime_ns)
               == (w.st_size, w.st_mtime_ns, w.st_ctime_ns) for p, w in wanted.items())

    look = seal.Look(named)
    assert look.apart
    sent: dict[str, seal.Stamp] = {}
    assert look.state(sent, expected=state) == state and sent == {}  # as expected: no stamps sent
    look = seal.Look(named)
    assert look.state(sent, expected="0" * 40) == state
    assert {p: tuple(s) for p, s in sent.items()} == {p: (s.st_size, s.st_mtime_ns, s.st_ctime_ns)
                                                      for p, s in here.items()}
    assert seal.Look([str(issue)]).apart is False  # one file: one stat, taken here


def test_a_look_apart_that_is_not_asked_is_stopped(tree: Path) -> None:
    look = seal.Look([str(tree)])
    assert look.apart and len(look._children) == seal.PARTS
    look.close()
    for pid, *_pipes_and_parts in look._children:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reaped: no child left behind


def test_a_search_answered_meanwhile_stands_only_if_the_seal_holds(tree: Path, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """While the child walks, the search answers over the files as sealed;
    a file changed since is seen all the same (the answer is made again),
    and an unchanged tree prints the answer found meanwhile, once."""
    from reader.cli.search import cmd_search

    assert cmd_search(["--count", "灯会", str(tree)]) == 0
    before = int(capsys.readouterr().out)
    assert cmd_search(["--count", "灯会", str(tree)]) == 0
    assert capsys.readouterr().out == f"{before}\n"
    target = _an_issue(tree)
    _rewrite_keeping_size_and_mtime(target, "灯会", "庙会")
    assert cmd_search(["--count", "灯会", str(tree)]) == 0
    assert capsys.readouterr().out == f"{before - 1}\n"
    assert cmd_search(["--limit", "3", "灯会", str(tree)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3


def _answer(scope: files.Scope) -> tuple[list[str], list[str | None], int, list[str]]:
    """What a scope says of its files: their sources and papers in reading order, articles, warnings."""
    entries = scope.entries()
    return [e.source for e in entries], [e.paper for e in entries], scope.sealed.articles, scope.sealed.warnings


def test_a_scan_of_what_changed_since_the_seal_answers_as_a_scan_of_every_file(
        tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files added (in a new folder too, and one that does not read), changed,
    and gone: the scan of what changed reads those alone, and its answer (the
    files in order, papers, articles, warnings) and its seal are a full scan's."""
    from reader.catalog import scan as scanning

    catalog = Catalog.open(paths.cache_dir())
    files.scoped(catalog, [tree])
    issues = sorted(tree.rglob("*.md"))
    every = [p for p in tree.rglob("*") if p.suffix in (".md", ".txt")]
    _rewrite_keeping_size_and_mtime(issues[0], "灯会", "庙会")
    gone = issues[-1]
    gone.unlink()
    (tree / "0000-new").mkdir()
    (tree / "0000-new" / "a.md").write_text("# 新到的一天\n\n一篇新文章。\n", encoding="utf-8")
    (tree / "0000-new" / "broken.txt").write_bytes(b"\x00\x01 not text")
    read: list[str] = []
    real_read = scanning.read_issue_file
    monkeypatch.setattr(scanning, "read_issue_file", lambda path: read.append(path.name) or real_read(path))
    changed = files.scoped(catalog, [tree], warnings="none")
    monkeypatch.undo()
    assert changed.report is None and changed.changes is not None  # not a scan of every file
    assert sorted(read) == sorted(["a.md", "broken.txt", issues[0].name])
    assert (changed.changes.added, changed.changes.changed, changed.changes.removed) == (1, 1, 1)
    assert changed.changes.unchanged == len(every) - 2
    assert catalog.entries([str(gone.resolve())]) == []  # its rows dropped

    monkeypatch.setattr(scanning, "MAX_CHANGED", -1)
    full = files.scoped(Catalog.open(tmp_path / "fresh"), [tree], warnings="none")
    assert full.report is not None
    assert _answer(changed) == _answer(full) and any("broken.txt" in w for w in changed.sealed.warnings)
    again = files.scoped(catalog, [tree], warnings="none")
    assert again.report is None and again.changes is None  # sealed by the scan of what changed
    assert _answer(again) == _answer(full)


def test_a_scan_of_what_changed_gives_way_to_a_full_one_if_another_session_wrote_meanwhile(
        tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.catalog import scan as scanning

    catalog = Catalog.open(paths.cache_dir())
    files.scoped(catalog, [tree])
    (tree / "new.md").write_text("# 新到\n\n一篇新文章。\n", encoding="utf-8")
    planned = scanning.since_seal

    def and_then_another_session_writes(*args):  # type: ignore[no-untyped-def]
        plan = planned(*args)
        with catalog.transaction() as conn:
            delete_file(conn, str(_an_issue(tree).resolve()))
        return plan

    monkeypatch.setattr(scanning, "since_seal", and_then_another_session_writes)
    scope = files.scoped(catalog, [tree])
    assert scope.report is not None and scope.report.added == 2  # the new file, and the one forgotten meanwhile


def test_the_walk_the_child_sends_is_the_walk_and_nothing_else_is_taken(tree: Path) -> None:
    """The child's walk comes back whole (the stamps made of it are those a
    walk here makes); bytes that do not hold together give no stamps."""
    named = [str(tree), str(_an_issue(tree))]
    here: dict[str, object] = {}
    seal.tree_state(named, here)  # type: ignore[arg-type]
    sent: dict[str, object] = {}
    for part in range(seal.PARTS):
        walked = seal._walked(named, part)
        assert walked is not None
        back = seal._unpacked(seal._packed(walked))
        assert back is not None
        sent.update(seal._stamps(*back))
    assert sent == here and len(here) > 5  # the parts' stamps make the whole walk's
    packed = seal._packed(walked)
    for damaged in (packed[:-8], packed[:20], b"", packed[:16] + b"\xff" * 3 + packed[19:],
                    seal._packed((["a.txt", "/x", "/"], walked[1][:8], set())),
                    seal._packed((["/x", "/", "/"], walked[1][:4], set()))):
        assert seal._unpacked(damaged) is None


def test_the_walk_is_taken_in_parts_that_share_every_file_once(tree: Path) -> None:
    """Each part ``stat``s its share of each folder's members; together they
    are the whole tree, no file twice, and the look apart (a child a part)
    gives the digest the look here gives, or None where one part meets what
    the scan treats otherwise."""
    walks = [seal._walked([str(tree)], part) for part in range(seal.PARTS)]
    shares = [set(seal._stamps(*walked)) for walked in walks if walked is not None]
    every = {str(p.resolve()) for p in tree.rglob("*") if p.suffix in (".md", ".txt") and p.is_file()}
    assert len(shares) == seal.PARTS and all(shares)
    assert set().union(*shares) == every and sum(map(len, shares)) == len(every)
    stamps: dict[str, object] = {}
    here = seal.tree_state([str(tree)], stamps)  # type: ignore[arg-type]
    for children in (seal.PARTS, 1):  # a child a part, or one for them all (the reader's, loading its UI)
        look = seal.Look([str(tree)], children)
        sent: dict[str, object] = {}
        assert look.apart and len(look._children) == children
        assert here is not None and look.state(sent, "0" * 40) == here  # not as expected: the stamps sent
        assert sent == stamps
    os.mkfifo(tree / "pipe.txt")
    odd = seal.Look([str(tree)])
    assert odd.apart and odd.state({}, None) is None


def test_a_row_that_does_not_hold_is_read_again_by_a_scan_of_what_changed(tree: Path) -> None:
    """A row whose article count no file could have (damage) is no fact to
    seal: the scan of what changed reads its file again, as a full scan would."""
    import sqlite3

    catalog = Catalog.open(paths.cache_dir())
    files.scoped(catalog, [tree])
    victim = str(_an_issue(tree).resolve())
    conn = sqlite3.connect(paths.cache_dir() / "catalog.db")
    conn.execute("UPDATE files SET articles = -5 WHERE path = ?", (os.fsencode(victim),))
    conn.commit()
    conn.close()
    (tree / "new.md").write_text("# 新到\n\n一篇新文章。\n", encoding="utf-8")
    scope = files.scoped(catalog, [tree])
    assert scope.report is None and scope.changes is not None and scope.changes.added == 1  # not a scan of every file
    assert scope.sealed.articles == sum(e.articles for e in scope.entries()) > 0  # no -5 among the facts sealed
    (count,) = catalog.query("SELECT articles FROM files WHERE path = ?", (os.fsencode(victim),))[0]
    assert count > 0  # its file read again: the row mended
