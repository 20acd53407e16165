"""The catalog and its search index: incremental scans, rebuilds, two sessions, same hits as the scan."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import FIXTURES, SEED, env_without_user_dirs, fixture_pages, make_archive

from reader.catalog.database import SCAN_LOCK, Catalog
from reader.catalog.schema import CATALOG_NAME, fts5_available
from reader.catalog.search import ArchiveSearch
from reader.search.index import SearchIndex
from reader.session.library import load_files
from reader.text.sources import InputError, expand_paths

pytestmark = pytest.mark.skipif(not fts5_available(), reason="this SQLite has no FTS5")

PAGE = "# 新闻\n\n## 第{n}篇报道\n\n洛阳北国花城建设第{n}年,牡丹花开。\n"


def _write(directory: Path, name: str, n: int) -> Path:
    path = directory / name
    path.write_text(PAGE.format(n=n), encoding="utf-8")
    return path


def _scan(cache: Path, *paths: Path):
    catalog = Catalog.open(cache)
    return catalog, catalog.scan(expand_paths(list(paths)))


def test_a_rescan_reads_only_what_was_added_changed_or_removed(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    for n in range(3):
        _write(archive, f"{n}.txt", n)
    cache = tmp_path / "cache"
    _, first = _scan(cache, archive)
    assert (first.added, first.unchanged, len(first.entries)) == (3, 0, 3)

    _write(archive, "3.txt", 3)  # added
    _write(archive, "1.txt", 11)  # changed
    os.utime(archive / "2.txt", ns=(1, 1))  # touched: same text, another mtime
    (archive / "0.txt").unlink()  # removed
    catalog, second = _scan(cache, archive)
    assert (second.added, second.changed, second.touched, second.removed, second.unchanged) == (1, 1, 1, 1, 0)
    assert [Path(e.source).name for e in second.entries] == ["1.txt", "2.txt", "3.txt"]
    changed = catalog.issue(second.entries[0])
    assert changed.articles[0].title == "第11篇报道"
    assert catalog.query("SELECT count(*) FROM files")[0][0] == 3

    _, third = _scan(cache, archive)
    assert (third.added, third.changed, third.touched, third.removed, third.unchanged) == (0, 0, 0, 0, 3)


def test_a_new_day_reads_its_own_entry_not_the_archives_again(tmp_path: Path, monkeypatch) -> None:
    """After a scan that wrote one file, the entries of the others come from
    the rows read as it began; only the new file's is read from the catalog."""
    archive = tmp_path / "archive"
    archive.mkdir()
    for n in range(4):
        _write(archive, f"{n}.txt", n)
    cache = tmp_path / "cache"
    _scan(cache, archive)
    (archive / "2.txt").write_text("# 新闻\n\n## 甲\n\n一。\n\n## 乙\n\n二。\n", encoding="utf-8")
    _write(archive, "9.txt", 9)
    asked: list[list[str]] = []
    entries = Catalog.entries
    monkeypatch.setattr(Catalog, "entries", lambda self, sources: asked.append(list(sources)) or entries(self, sources))
    _, report = _scan(cache, archive)
    assert [Path(e.source).name for e in report.entries] == ["0.txt", "1.txt", "2.txt", "3.txt", "9.txt"]
    assert [e.articles for e in report.entries] == [1, 1, 2, 1, 1]
    assert sorted(Path(s).name for s in asked[-1]) == ["2.txt", "9.txt"]


def test_the_catalog_gives_back_the_issue_as_parsed(tmp_path: Path) -> None:
    paths = [SEED, *fixture_pages()]  # real shapes too: furniture, front matter, dates and pages
    catalog, report = _scan(tmp_path / "cache", *paths)
    parsed, _ = load_files(paths)
    assert [catalog.issue(e) for e in report.entries] == parsed


@pytest.mark.parametrize("damage", ["garbage", "truncated", "other version", "foreign"])
def test_a_damaged_or_foreign_catalog_is_rebuilt_with_a_notice(tmp_path: Path, damage: str) -> None:
    cache = tmp_path / "cache"
    _scan(cache, SEED)[0].close()
    db = cache / CATALOG_NAME
    if damage == "garbage":
        db.write_bytes(b"not a database at all" * 100)
    elif damage == "truncated":
        data = db.read_bytes()
        db.write_bytes(data[: len(data) // 3])
    elif damage == "other version":
        conn = sqlite3.connect(db)
        conn.execute("UPDATE meta SET value = 'an older reader' WHERE key = 'fingerprint'")
        conn.commit()
        conn.close()
    else:
        db.unlink()
        conn = sqlite3.connect(db)
        conn.execute("CREATE TABLE notes (x)")
        conn.commit()
        conn.close()
    catalog, report = _scan(cache, SEED)
    assert catalog.notice and "rebuilding" in catalog.notice
    assert report.added == 1 and len(catalog.issue(report.entries[0]).articles) == 5
    assert catalog.query("PRAGMA integrity_check")[0][0] == "ok"


def test_a_deleted_catalog_is_made_again_and_reading_state_is_untouched(tmp_path: Path) -> None:
    from reader.storage.store import Store

    store = Store.open(tmp_path / "data")
    store.set_read("a1", True)
    cache = tmp_path / "cache"
    _scan(cache, SEED)[0].close()
    (cache / CATALOG_NAME).unlink()
    catalog, report = _scan(cache, SEED)
    assert report.added == 1 and catalog.notice is None
    assert store.readings()["a1"].read


def test_the_catalog_file_is_private_and_never_a_link(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _scan(cache, SEED)[0].close()
    assert (cache / CATALOG_NAME).stat().st_mode & 0o777 == 0o600
    (cache / CATALOG_NAME).unlink()
    victim = tmp_path / "victim"
    victim.write_text("keep me")
    (cache / CATALOG_NAME).symlink_to(victim)
    catalog = Catalog.open(cache)
    assert catalog.path is None and "memory" in (catalog.notice or "")
    assert victim.read_text() == "keep me"


def test_a_named_file_that_cannot_be_read_is_an_error_and_a_bad_member_a_warning(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    _write(archive, "good.txt", 1)
    (archive / "bad.txt").write_bytes(b"\x00\x01binary")
    _, report = _scan(tmp_path / "cache", archive)
    assert len(report.entries) == 1 and "bad.txt" in report.warnings[0]
    with pytest.raises(InputError, match="binary"):
        _scan(tmp_path / "cache", archive / "bad.txt")


def test_two_sessions_scanning_one_archive_at_once_share_the_catalog(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    make_archive(archive, 40)
    script = textwrap.dedent(
        f"""
        import json, sys
        from pathlib import Path
        from reader.catalog.database import Catalog
        from reader.text.sources import expand_paths
        catalog = Catalog.open(Path({str(tmp_path / "cache")!r}))
        report = catalog.scan(expand_paths([Path({str(archive)!r})]))
        print(json.dumps([len(report.entries), report.added, catalog.notice]))
        """
    )
    env = env_without_user_dirs(tmp_path)
    procs = [subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=env) for _ in range(2)]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err
        results.append(json.loads(out))
    assert all(r[0] == 40 and r[2] is None for r in results)
    assert sorted(r[1] for r in results) == [0, 40]  # one built, the other waited and found it done
    catalog = Catalog.open(tmp_path / "cache")
    assert catalog.query("SELECT count(*) FROM files")[0][0] == 40
    assert catalog.query("PRAGMA integrity_check")[0][0] == "ok"


QUERIES = [
    "北国花城", "北国", "北", "再上新台阶", "中航光电 龙头", "13.5万户", "１３", "，", "的", "经济 发展",
    "bghc", "beiguohuacheng", "bei guo", "zhonghangguangdian", "zhongh", "ly", "luoyang", "lyrb",
    "zhang", "chang", "hang", "xing", "xian", "AI", "ai",
]


def _both(catalog: Catalog, report, reader: Catalog | None = None) -> tuple[SearchIndex, ArchiveSearch]:
    """The in-memory scan and the catalog's search over the same scanned issues
    (``reader``: the connection the search reads on; writes go to ``catalog``)."""
    issues = [catalog.issue(e) for e in report.entries]
    by_source = {i.source: i for i in issues}
    archive = ArchiveSearch(reader or catalog, report.entries,
                            lambda e, doc, n: (by_source[e.source], by_source[e.source].articles[n]))
    return SearchIndex(issues), archive


@pytest.fixture(scope="module")
def both_searches(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("same-hits")
    paths = [SEED, *sorted(FIXTURES.glob("*_page.*"))]
    (tmp / "spaced.txt").write_text("# 报道\n\n## 北 国  花\n城\n\nＡＩ与北國花城\u3000建设,银行行长说。\n", encoding="utf-8")
    paths.append(tmp / "spaced.txt")
    # Keywords are kept in the article's row but never searched: terms only they hold are no hit.
    (tmp / "tagged.md").write_text("---\ntitle: 天气\nkeywords: [牡丹城, 北国花城]\n---\n\n# 天气\n\n今天晴，牡丹\n城外有风。\n",
                                   encoding="utf-8")
    paths.append(tmp / "tagged.md")
    catalog = Catalog.open(tmp / "cache")
    report = catalog.scan(expand_paths(paths))
    return _both(catalog, report)


@pytest.mark.parametrize("query", [*QUERIES, "北国花", "yinhang", "hangzhang", "xingzhang", "yinhanghangzhang", "yhhz"])
def test_the_index_gives_the_same_hits_as_the_scan(both_searches, query: str) -> None:
    scan, archive = both_searches
    expected, found = scan.search(query), archive.search(query)
    assert len(expected) > 0 or query in ("13.5万户",)
    key = [(h.file.source, h.article.id, h.field, h.block, h.offset, h.length, h.snippet) for h in expected]
    assert [(h.file.source, h.article.id, h.field, h.block, h.offset, h.length, h.snippet) for h in found] == key
    assert found.per_article() == expected.per_article()
    for issue_number in range(len(scan.files)):  # the current-issue scope, too
        source = scan.files[issue_number].source
        assert len(archive.search(query, [source])) == len(scan.search(query, files=[issue_number]))


def test_the_index_narrows_before_the_matcher_reads(both_searches) -> None:
    """A term of three characters reads only the articles that hold it."""
    _, archive = both_searches
    hits = archive.search("再上新台阶")
    read = hits._source.docs  # type: ignore[union-attr]
    assert 0 < len(read) < 3 and all(any("再上新台阶" in b for b in [d.body]) for d in read)


@pytest.mark.parametrize("query", [*QUERIES, "北国花", "yhhz", "。", "”", "..", "5.", "牡丹城", "mudancheng"])
def test_which_articles_match_is_the_matchers_answer(both_searches, query: str) -> None:
    """``articles_matching`` (a count, a list of files) answers from the index
    alone where that is exact (one or two characters), else reads and matches:
    either way the articles are those the in-memory matcher finds hits in."""
    scan, archive = both_searches
    expected = [(source, article_id) for source, article_id in scan.search(query).per_article()]
    found = [(entry.source, scan_article.id) for file_id, n in archive.articles_matching(query)
             for entry in archive.files([file_id])
             for scan_article in [next(f for f in scan.files if f.source == entry.source).articles[n]]]
    assert sorted(found) == sorted(expected)
    assert len(found) == len(set(found))


def test_an_article_holding_only_the_pairs_of_a_term_is_not_counted(tmp_path: Path) -> None:
    """建设 and 设者 apart are not 建设者: the index leaves the article, the
    plain check finds one term only, and the matcher (AND) rules it out."""
    (tmp_path / "a.txt").write_text("# 甲\n\n北国花城建设正忙,设者为民。\n\n# 乙\n\n北国花城的建设者。\n",
                                    encoding="utf-8")
    catalog = Catalog.open(tmp_path / "cache")
    report = catalog.scan(expand_paths([tmp_path / "a.txt"]))
    scan, archive = _both(catalog, report)
    assert [n for _, n in archive.articles_matching("北国花城 建设者")] == [1]
    assert [n for _, n in archive.articles_matching("建设者")] == [1]
    assert [n for _, n in archive.articles_matching("建 设 者")] == [0, 1]  # three terms of one character (AND)


def test_a_search_sets_aside_articles_without_hits_and_keeps_every_hit(tmp_path: Path) -> None:
    """Past its first batch, a search reads only the articles its sieve
    leaves (``catalog.sieve``): the same hits as the scan, spaced and folded
    ones too, from fewer articles than the index gave it."""
    hits = ["北国花城建设第{n}年。", "北国 \u3000花城建设第{n}年。", "\uf963国花城建设第{n}年。"]  # 北 U+F963 folds to 北
    parts = [f"# 第{n}篇\n\n" + (hits[n // 20 % 3] if n % 20 == 7 else "国花、北国、花城、城建、建设第{n}年。").format(n=n)
             for n in range(200)]
    (tmp_path / "a.txt").write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    catalog = Catalog.open(tmp_path / "cache")
    scan, archive = _both(catalog, catalog.scan(expand_paths([tmp_path / "a.txt"])))
    for query in ("北国花城建设", "城建设 北国"):
        expected, found = scan.search(query), archive.search(query)
        assert len(expected.per_article()) == 10
        assert [(h.article.id, h.offset) for h in found] == [(h.article.id, h.offset) for h in expected]
        read = found._source.docs  # type: ignore[union-attr]
        assert len(read) < 60  # the index leaves all 200 (each holds every pair): a batch is read, then the hits


def test_a_keyword_alone_is_no_hit(tmp_path: Path) -> None:
    """A crawler's keywords are kept with the article but not searched: a
    term only they hold is no hit, though the stored text holds it."""
    # Its text holds the pairs of 北国花城 (the index leaves it), its keywords the term.
    (tmp_path / "a.md").write_text("---\ntitle: 城东新闻\nkeywords: [北国花城, 牡丹]\n---\n\n北国、国花与花城,牡 丹。\n",
                                   encoding="utf-8")
    (tmp_path / "b.md").write_text("---\ntitle: 城西新闻\n---\n\n北国花城的牡丹开了。\n", encoding="utf-8")
    catalog = Catalog.open(tmp_path / "cache")
    report = catalog.scan(expand_paths([tmp_path]))
    scan, archive = _both(catalog, report)
    assert catalog.issue(report.entries[0]).articles[0].keywords == ("北国花城", "牡丹")
    for query in ("北国花城", "北国花城 牡丹", "国花城"):
        holding = [Path(entry.source).name for file_id, _ in archive.articles_matching(query)
                   for entry in archive.files([file_id])]
        assert holding == ["b.md"] == [Path(s).name for s, _ in scan.search(query).per_article()], query


@pytest.mark.parametrize("limit", [1, 3, 7])
def test_a_limited_search_gives_the_first_hits_and_says_there_are_more(both_searches, limit: int) -> None:
    scan, archive = both_searches
    every = scan.search("的")
    first = archive.search("的", limit=limit)
    assert len(every) > limit and len(first) == limit and first.capped
    assert [(h.file.source, h.article.id, h.offset) for h in first] == \
        [(h.file.source, h.article.id, h.offset) for h in every[:limit]]
    assert not archive.search("北国花城", limit=1000).capped


@pytest.mark.parametrize("query", ["的", "北国花城", "北国花城 建设", "城", "bghc", "yinhang"])
def test_a_screenful_walks_the_articles_in_order_or_sorts_its_candidates_to_the_same_hits(
        both_searches, monkeypatch: pytest.MonkeyPatch, query: str) -> None:
    """A screenful over every file is read a page at a time: a common term's
    by walking the files' articles in order, a rare one's by sorting its
    candidates (``DENSE_FROM``); the hits are the same either way, and the
    scan's."""
    from reader.catalog import search as catalog_search

    scan, archive = both_searches
    assert archive._scope.ids_in_order  # the paged path: files catalogued in reading order
    monkeypatch.setattr(catalog_search, "FIRST_PAGE", 2)  # pages of 2, 8, 32 … candidates
    every = [(h.file.source, h.article.id, h.offset) for h in scan.search(query)]
    walked = []
    for dense_from in (1, 10**9):  # every term common, or none
        monkeypatch.setattr(catalog_search, "DENSE_FROM", dense_from)
        for limit in (2, 5, 200):
            found = [(h.file.source, h.article.id, h.offset) for h in archive.search(query, limit=limit)]
            assert found == every[:limit], (dense_from, limit)
        walked.append(archive._common(["\"城\"*"]))
    assert walked == [True, False]


def test_a_body_longer_than_a_chunk_is_found_across_its_chunks(tmp_path: Path) -> None:
    """One huge paragraph is indexed in overlapping chunks: a term standing
    across a chunk's end, and terms in different chunks (AND), are found."""
    from reader.catalog.index_text import CHUNK_CHARS

    filler = "".join(chr(0x4E00 + (n * 7919) % 20000) for n in range(3 * CHUNK_CHARS))
    cut = CHUNK_CHARS - 3  # the term stands across the first chunk's end (the body counts the heading first)
    text = filler[:cut] + "龘靐齉爩" + filler[cut : 2 * CHUNK_CHARS] + "麤鱻" + filler[2 * CHUNK_CHARS :]
    (tmp_path / "long.txt").write_text("# 长文\n\n" + text + "\n", encoding="utf-8")
    catalog = Catalog.open(tmp_path / "cache")
    report = catalog.scan(expand_paths([tmp_path / "long.txt"]))
    from reader.catalog.index_text import ID_BITS

    def chunks_holding(pair: str) -> set[int]:
        return {rowid >> ID_BITS for (rowid,) in catalog.query(
            "SELECT rowid FROM fts_words WHERE fts_words MATCH ?", [f'"{pair}"'])}

    # Three rows, not one huge one (the filler's pairs recur: some stand in every row).
    assert chunks_holding(filler[:2]) | chunks_holding("龘靐") | chunks_holding("麤鱻") == {0, 1, 2}
    for query in ("龘靐齉爩", "龘靐齉爩 麤鱻", "爩"):
        scan, archive = _both(catalog, report)
        assert len(archive.search(query)) == len(scan.search(query)) > 0
        assert len(archive.articles_matching(query)) == 1


def test_rows_left_by_articles_read_again_are_tidied_away(tmp_path: Path, monkeypatch) -> None:
    """The index keeps no text to delete a row by: a file read again leaves
    its old rows, naming ids no article has again; when they are many the
    index is made again, and search never returns what they named."""
    import reader.catalog.write

    monkeypatch.setattr(reader.catalog.write, "STALE_FLOOR", 3)
    page = tmp_path / "page.txt"
    catalog = Catalog.open(tmp_path / "cache")
    for n in range(6):
        page.write_text(f"# 第{n}稿\n\n北国花城第{n}稿的正文。\n", encoding="utf-8")
        os.utime(page, ns=(n * 10**9, n * 10**9))
        report = catalog.scan(expand_paths([page]))
        scan, archive = _both(catalog, report)
        assert [h.article.title for h in archive.search("北国花城")] == [f"第{n}稿"]
        assert len(archive.articles_matching("北国")) == 1
    stale = catalog.query("SELECT value FROM meta WHERE key = 'stale'")
    assert not stale or int(stale[0][0]) <= 3  # made again on the way, more than once


def test_index_command_reports_counts_as_json(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    make_archive(archive, 5)
    env = env_without_user_dirs(tmp_path)
    run = [sys.executable, "-m", "reader", "index", str(archive), "--json"]
    first = json.loads(subprocess.run(run, capture_output=True, text=True, env=env, check=True).stdout)
    assert (first["issues"], first["added"], first["unchanged"], first["full_text_index"]) == (5, 5, 0, True)
    assert first["catalog"].startswith(str(tmp_path / "xdg" / "cache"))
    (archive / "0000_luoyang.txt").unlink()
    second = json.loads(subprocess.run(run, capture_output=True, text=True, env=env, check=True).stdout)
    assert (second["issues"], second["added"], second["removed"], second["unchanged"]) == (4, 0, 1, 4)
    text = subprocess.run(run[:-1], capture_output=True, text=True, env=env, check=True).stdout
    assert "4 issues" in text and "FTS5 bigrams" in text


def test_without_fts5_searches_scan_with_a_notice(tmp_path: Path, monkeypatch) -> None:
    import reader.catalog.schema

    monkeypatch.setattr(reader.catalog.schema, "fts5_available", lambda: False)
    paths = [SEED, *sorted(FIXTURES.glob("*_page.*"))]
    catalog = Catalog.open(tmp_path / "cache")
    assert not catalog.indexed and "FTS5" in (catalog.notice or "")
    scan, archive = _both(catalog, catalog.scan(expand_paths(paths)))
    for query in ("北国花城", "再上新台阶", "bghc", "zhonghangguangdian", "洛阳"):
        assert [(h.article.id, h.offset) for h in archive.search(query)] == [(h.article.id, h.offset) for h in scan.search(query)]


def test_a_big_first_scan_can_be_deferred_and_done_later(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    for n in range(5):
        _write(archive, f"{n}.txt", n)
    catalog = Catalog.open(tmp_path / "cache")
    first = catalog.scan(expand_paths([archive]), defer_above=2)
    assert (len(first.deferred), first.entries, len(first.sources)) == (5, [], 5)
    heard: list[str] = []
    later = catalog.scan(first.deferred, drop=False, written=lambda entries: heard.extend(e.name for e in entries))
    assert sorted(heard) == ["0", "1", "2", "3", "4"] and later.added == 5
    again = catalog.scan(expand_paths([archive]), defer_above=2)
    assert (again.unchanged, again.deferred, len(again.entries)) == (5, [], 5)
    _write(archive, "5.txt", 5)  # one new file is not worth deferring
    assert catalog.scan(expand_paths([archive]), defer_above=2).added == 1


def test_a_session_waiting_for_another_ones_scan_says_so(tmp_path: Path) -> None:
    import fcntl
    import time

    archive = tmp_path / "archive"
    make_archive(archive, 3)
    cache = tmp_path / "xdg" / "cache" / "luoyang-reader"
    Catalog.open(cache).close()
    lock = os.open(cache / SCAN_LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(lock, fcntl.LOCK_EX)  # another session is scanning
    proc = subprocess.Popen([sys.executable, "-m", "reader", "index", str(archive)], stderr=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, env=env_without_user_dirs(tmp_path))
    try:
        assert proc.stderr is not None
        import select

        ready, _, _ = select.select([proc.stderr], [], [], 30)  # the waiting session says so
        assert ready, "no word from the waiting session"
        assert "another luoyang-reader is reading these files" in proc.stderr.readline()
        time.sleep(0.2)
        assert proc.poll() is None  # still waiting
    finally:
        os.close(lock)  # the other session is done
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0 and "3 issues" in out


def test_pinyin_syllables_are_narrowed_on_the_words_index(both_searches) -> None:
    """Two syllables in a row are one of the pairs of the characters they can
    be: a query of syllables reads the articles holding such pairs, not every
    article; initials stand for too many characters, and read every one."""
    from reader.search.matching import query_terms

    scan, archive = both_searches
    every = archive.catalog.query("SELECT count(*) FROM docs")[0][0]

    def candidates(query: str) -> int:
        narrowing = archive._narrowing(query_terms(query), query, archive.pinyin())
        return len(archive._candidates(*narrowing, None, archive._scope))

    for query in ("zhonghangguangdian", "beiguohuacheng", "yinhanghangzhang", "bei guo hua"):
        holding = {(h.file.source, h.article.id) for h in scan.search(query)}
        assert 0 < len(holding) <= candidates(query) <= 2 * len(holding) < every, query
    for query in ("xing", "hang", "guo"):  # one syllable: any of its characters, and each is a hit
        holding = {(h.file.source, h.article.id) for h in scan.search(query)}
        assert 0 < len(holding) == candidates(query) < every, query
    assert candidates("bghc") == candidates("yhhz") == every
    assert candidates("iuiu") == 0  # no syllable starts so: no way to read it, and not in the text as typed


def test_a_reader_does_not_wait_for_another_sessions_scan_it_defers(tmp_path: Path) -> None:
    import fcntl

    archive = tmp_path / "archive"
    archive.mkdir()
    for n in range(3):
        _write(archive, f"{n}.txt", n)
    catalog = Catalog.open(tmp_path / "cache")
    catalog.scan(expand_paths([archive / "0.txt"]))
    lock = os.open(tmp_path / "cache" / SCAN_LOCK, os.O_RDWR)
    fcntl.flock(lock, fcntl.LOCK_EX)  # another session is reading files into the catalog
    try:
        import threading

        answers = []
        scanning = threading.Thread(target=lambda: answers.append(catalog.scan(expand_paths([archive]), defer_above=300)),
                                    daemon=True)
        scanning.start()
        scanning.join(20)
        assert answers, "the scan waited for the other session"
        report = answers[0]
        assert sorted(t.path.name for t in report.deferred) == ["1.txt", "2.txt"]
        assert [Path(e.source).name for e in report.entries] == ["0.txt"]
    finally:
        os.close(lock)
    later = catalog.scan(report.deferred, drop=False)
    assert later.added == 2


def test_a_list_shows_titles_read_from_the_one_stored_copy(tmp_path: Path) -> None:
    """The titles a list shows come from the stored articles (no second copy):
    a titled article shows its title, an untitled one the start of its text."""
    text = "无题的一段较长正文放在任何标题之前,它说明了本版的内容,应当保留。\n\n# 有题\n\n正文一。\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    catalog, report = _scan(tmp_path / "cache", tmp_path / "a.txt")
    articles = catalog.issue(report.entries[0]).articles
    assert [a.title for a in articles] == ["", "有题"]
    assert [row[1] for row in catalog.query("PRAGMA table_info(docs)")] == ["id", "file", "ordinal", "article_id", "data"]
    _entry, heads = catalog.heads(report.entries[0])
    assert [h.display for h in heads] == [articles[0].display_title, "有题"] and "无题" in heads[0].display


def test_a_files_article_ids_are_read_alone_and_damage_falls_back_to_its_articles(tmp_path: Path) -> None:
    from reader.catalog.lazy import catalog_files

    catalog, report = _scan(tmp_path / "cache", SEED)
    (entry,) = report.entries
    expected = tuple(a.id for a in catalog.issue(entry).articles)
    assert catalog.article_ids(entry) == expected and len(expected) == 5
    (lazy,) = catalog_files(catalog, report.entries)
    assert lazy.article_ids == expected and not lazy.loaded  # no heading read for them
    with catalog.transaction() as conn:
        conn.execute("DELETE FROM docs WHERE file = ? AND ordinal = 3", (entry.id,))
    assert catalog.article_ids(entry) is None
    (damaged,) = catalog_files(catalog, report.entries)
    assert damaged.article_ids == expected and damaged.loaded  # read again from the file through its articles


def test_the_fingerprint_changes_with_the_parser_not_with_the_lists_grouping(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A change to how the list groups files keeps every user's catalog; a
    change to how files are parsed rebuilds it."""
    import shutil

    from reader.catalog import schema
    from reader.storage.paths import package_dir

    copy = tmp_path / "reader"
    shutil.copytree(package_dir(), copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    monkeypatch.setattr(schema, "package_dir", lambda: copy)
    before = schema.fingerprint()
    with (copy / "text" / "grouping.py").open("a", encoding="utf-8") as module:
        module.write("\n# the list grouped otherwise\n")
    assert schema.fingerprint() == before
    with (copy / "text" / "parse.py").open("a", encoding="utf-8") as module:
        module.write("\n# files parsed otherwise\n")
    assert schema.fingerprint() != before


# Modules the catalog's writers import that shape no stored row: messages, safe opening, the database opener.
NOT_ROWS = {"core/i18n.py", "core/safe_files.py", "storage"}


def test_every_module_the_writers_reach_is_in_the_fingerprint_and_the_query_side_is_not() -> None:
    """Rows are written by ``scan`` and ``write`` (through the catalog's
    ``database``): every module of ours they import, at any depth, shapes
    rows unless it is one of ``NOT_ROWS``, so an edit to it must rebuild the
    catalog; an edit to the query side must not (two minutes at 40,000 issues)."""
    import ast

    from reader.catalog import schema
    from reader.storage.paths import package_dir

    root = package_dir()
    seen: set[str] = set()
    todo = ["catalog/scan.py", "catalog/write.py", "catalog/database.py"]
    while todo:
        name = todo.pop()
        if name in seen or name.split("/")[0] in NOT_ROWS or name in NOT_ROWS:
            continue
        seen.add(name)
        for node in ast.walk(ast.parse((root / name).read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("reader"):
                base = node.module.removeprefix("reader").strip(".").replace(".", "/")
                for alias in node.names:  # ``from reader.catalog import scan`` names a module
                    todo += [f"{base}/{alias.name}.py"] if (root / base / f"{alias.name}.py").exists() else []
                todo += [f"{base}.py"] if (root / f"{base}.py").exists() else []
    fingerprinted = {path.relative_to(root).as_posix() for _, path in schema.fingerprinted_files()}
    assert "text/parse.py" in seen and "search/folding.py" in seen  # the walk reaches the parser and folding
    assert seen <= fingerprinted, sorted(seen - fingerprinted)
    assert not {"catalog/search.py", "catalog/sieve.py", "search/matching.py", "search/pinyin.py"} & fingerprinted


def test_a_prefix_asked_of_the_words_index_is_told_from_a_star_in_a_phrase() -> None:
    """A screenful reads articles in order first where the index would be
    asked a prefix (``asks_prefix``): one character, one syllable."""
    from reader.catalog.words import asks_prefix, phrase, pinyin_query, words_query
    from reader.search.pinyin import PinyinTable

    assert asks_prefix(words_query("洛") or "")
    assert not asks_prefix(words_query("洛阳") or "")
    assert not asks_prefix(phrase('a*"*b') + " AND " + phrase("*"))  # stars inside phrases are text
    table = PinyinTable(set("洛阳北国"))
    assert asks_prefix(pinyin_query(table, "luo") or "")
    assert not asks_prefix(pinyin_query(table, "luoyang") or "")


def test_a_query_told_to_stop_ends_while_sqlite_works(tmp_path: Path) -> None:
    """``Catalog.query(stop=…)``: a long statement ends as soon as ``stop()``
    is true (a search a newer keystroke replaced), not when its rows are all
    made; the connection is as before for the next query."""
    from reader.catalog.database import Stopped

    catalog = Catalog.open(tmp_path / "cache")
    long = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000000) SELECT count(*) FROM n"
    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 3

    with pytest.raises(Stopped):
        catalog.query(long, (), stop)
    assert len(asked) < 10  # asked as it went, and stopped at once (run whole, thousands of times)
    assert catalog.query("SELECT count(*) FROM (SELECT 1 UNION ALL SELECT 2)") == [(2,)]  # no handler left
    assert catalog.query("SELECT 1", (), lambda: False) == [(1,)]


def test_a_whole_search_gives_way_while_its_candidates_are_read(tmp_path: Path, monkeypatch) -> None:
    """A search replaced by a newer keystroke stops inside the query of its
    candidates (thousands of rows at 40,000 issues): nothing is found."""
    from reader.catalog import database
    from reader.catalog.database import Stopped

    make_archive(tmp_path / "archive", 20)
    catalog = Catalog.open(tmp_path / "cache")
    report = catalog.scan(expand_paths([tmp_path / "archive"]))
    _scan, archive = _both(catalog, report)
    monkeypatch.setattr(database, "STOP_EVERY", 1)  # a small archive's query is over in fewer steps
    stopped: list[str] = []
    real = archive.catalog.query

    def query(sql: str, params=(), stop=None):
        try:
            return real(sql, params, stop)
        except Stopped:
            stopped.append(sql)
            raise

    monkeypatch.setattr(archive.catalog, "query", query)
    found = archive.search("洛阳", stop=lambda: True)
    assert len(found) == 0 and found.capped
    assert stopped and "fts_words" in stopped[0]  # inside the candidates' query
    assert len(archive.search("洛阳", stop=lambda: False)) > 0


def test_a_screenful_of_an_exact_term_reads_no_more_articles_than_it_lacks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the words index answers a term exactly (one or two characters),
    each article it gives holds a hit: a screenful of 30 reads about 30
    articles, not the next doubling batch; the hits are the scan's."""
    from reader.catalog import search as catalog_search

    made: list[str] = []  # the bodies made again: one per article read
    body_of = catalog_search.body_of
    monkeypatch.setattr(catalog_search, "body_of", lambda article: made.append(article.id) or body_of(article))
    archive = tmp_path / "archive"
    archive.mkdir()
    for n in range(120):
        _write(archive, f"{n:03d}.txt", n)
    catalog, report = _scan(tmp_path / "cache", archive)
    scan, search = _both(catalog, report)
    for query, limit in (("牡丹", 30), ("北", 7)):
        made.clear()
        first = search.search(query, limit=limit)
        assert [(h.file.source, h.article.id, h.offset) for h in first] == \
            [(h.file.source, h.article.id, h.offset) for h in scan.search(query)[:limit]]
        assert first.capped and len(made) == limit  # one hit an article here: as many read
