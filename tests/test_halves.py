"""A count's reading in two halves, the second in a forked child (``catalog.halves``):
the same answer as in one piece, the child on a connection of its own, and
the parent doing the child's half wherever the child cannot tell."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest
from conftest import make_archive

from reader.catalog import halves
from reader.catalog import search as catalog_search
from reader.catalog.database import Catalog
from reader.catalog.schema import fts5_available
from reader.catalog.search import ArchiveSearch
from reader.text.sources import expand_paths

ROWS = list(range(40))


def by_whom(rows: Sequence[int], mend: bool) -> list[tuple[int, int]]:
    """Every third row, with the process that read it."""
    return [(row, os.getpid()) for row in rows if row % 3 == 0]


def test_the_second_half_is_read_in_a_child_and_the_answer_is_in_order() -> None:
    found = halves.in_two(ROWS, by_whom, lambda: True)
    assert [row for row, _pid in found] == [row for row in ROWS if row % 3 == 0]
    first, second = {pid for row, pid in found if row < 20}, {pid for row, pid in found if row >= 20}
    assert first == {os.getpid()} and len(second) == 1 and second != first  # the other half: another process


@pytest.mark.parametrize("why", ["it cannot tell", "no connection of its own", "it dies"])
def test_where_the_child_cannot_tell_the_parent_reads_its_half(why: str) -> None:
    def work(rows: Sequence[int], mend: bool) -> list[tuple[int, int]] | None:
        if not mend and why == "it cannot tell":
            return None  # a row it would have to mend
        if not mend and why == "it dies":
            os._exit(3)
        return by_whom(rows, mend)

    found = halves.in_two(ROWS, work, lambda: why != "no connection of its own")
    assert found == by_whom(ROWS, True)  # all of it here, in order


def test_with_another_thread_running_nothing_is_forked() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert halves.in_two(ROWS, by_whom, lambda: True) == by_whom(ROWS, True)
    finally:
        stop.set()
        other.join()


@pytest.mark.skipif(not fts5_available(), reason="this SQLite has no FTS5")
def test_a_count_read_in_halves_is_the_count_read_in_one_and_a_damaged_row_is_mended(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Over a real catalog, for each kind of query that reads its articles;
    a row damaged in the child's half is mended here, as in one piece."""
    root = tmp_path / "archive"
    make_archive(root, 12)
    catalog = Catalog.open(tmp_path / "cache")
    report = catalog.scan(expand_paths([root]))
    resolved: list[int] = []

    def resolve(entry, doc, n):  # type: ignore[no-untyped-def]
        resolved.append(doc)
        issue = catalog.issue(entry)
        return issue, issue.articles[n]

    search = ArchiveSearch(catalog, report.entries, resolve)
    monkeypatch.setattr(catalog_search, "SHARE_FROM", 2)
    for query in ("北国花城", "北国花城 建设", "beiguohuacheng", "bghc"):
        whole = search.articles_matching(query)
        assert len(whole) > 2
        assert search.articles_matching(query, share=True) == whole, query
    last = catalog.query("SELECT max(id) FROM docs")[0][0]
    conn = sqlite3.connect(tmp_path / "cache" / "catalog.db")
    conn.execute("UPDATE docs SET data = ? WHERE id = ?", (b"\x00not zlib at all", last))
    conn.commit()
    conn.close()
    shared = search.articles_matching("bghc", share=True)
    assert resolved == [last]  # read through resolve, here: the child could not mend it
    assert shared == search.articles_matching("bghc")
