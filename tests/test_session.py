"""The reading session, driven directly: no Textual, milliseconds per test."""

from __future__ import annotations

from pathlib import Path

from conftest import SEED

from reader.core.model import SourceFile, issues_of
from reader.session.cursor import Scope
from reader.session.library import MemoryLibrary
from reader.session.reading import Position, ReadingSession
from reader.storage.store import Store
from reader.text.parse import parse_file

TOP = Position(0, 0, 0.0)
END = Position(5, 0, 1.0)


def _issues(*names: str):
    text = SEED.read_text(encoding="utf-8")
    return [parse_file(text, source=f"/x/{name}.txt", name=name) for name in names]


def _session(tmp_path: Path, *names: str) -> ReadingSession:
    return ReadingSession(MemoryLibrary(_issues(*(names or ("a",)))), Store.open(tmp_path / "data"))


def test_a_late_scroll_of_another_article_changes_nothing(tmp_path: Path) -> None:
    session = _session(tmp_path)
    (issue,) = session.files
    first, second = issue.articles[:2]
    session.open_article(issue, first)
    assert session.scrolled(first.id, END, at_end=True) == [(issue, first)]
    assert session.save_position() == [(issue, first)]  # leaving it: its position is written
    session.open_article(issue, second)
    assert session.scrolled(first.id, END, at_end=True) == []  # the old article's clamped scroll
    assert not session.state(second.id).read
    assert session.save_position() == []  # nothing noted for the article now shown


def test_unread_at_the_end_sticks_until_another_article_is_opened(tmp_path: Path) -> None:
    session = _session(tmp_path)
    (issue,) = session.files
    first, second = issue.articles[:2]
    session.open_article(issue, first)
    session.scrolled(first.id, END, at_end=True)
    read, _ = session.toggle_read(first.id)
    assert read is False
    session.scrolled(first.id, END, at_end=True)  # k j at the end
    assert not session.state(first.id).read
    session.open_article(issue, second)
    session.open_article(issue, first)
    session.scrolled(first.id, END, at_end=True)
    assert session.state(first.id).read


def test_marking_an_issue_read_redraws_the_article_in_every_issue(tmp_path: Path) -> None:
    session = _session(tmp_path, "a", "b")  # the same page twice: same article ids
    a, b = session.files
    changed = session.mark_read(a.articles)
    assert {(issue.name, article.id) for issue, article in changed} == {
        (name, article.id) for name in ("a", "b") for article in a.articles
    }
    assert all(session.state(x.id).read for x in b.articles)


def test_restart_reopens_the_article_in_the_issue_it_was_read_in(tmp_path: Path) -> None:
    session = _session(tmp_path, "a", "b")
    b = session.files[1]
    session.open_article(b, b.articles[2])
    again = _session(tmp_path, "a", "b")
    start = again.start()
    assert start is not None and start[0].name == "b" and start[1].id == b.articles[2].id
    # State written before issues were days names the file "last_issue": still found.
    store = Store.open(tmp_path / "old")
    store.set_last_article(b.articles[2].id)
    store.set_setting("last_issue", b.source)
    older = ReadingSession(MemoryLibrary(_issues("a", "b")), store).start()
    assert older is not None and older[0].name == "b"


def test_positions_are_saved_and_given_back(tmp_path: Path) -> None:
    session = _session(tmp_path)
    (issue,) = session.files
    article = issue.articles[1]
    assert session.open_article(issue, article) is None
    session.scrolled(article.id, Position(3, 7, 0.4), at_end=False)
    assert session.save_position() == [(issue, article)]
    assert session.state(article.id).progress == 0.4
    again = _session(tmp_path)
    assert again.open_article(issue, article) == Position(3, 7, 0.4)


def test_neighbours_stop_at_the_ends(tmp_path: Path) -> None:
    session = _session(tmp_path, "a", "b")
    a, b = session.files
    assert session.neighbour(+1) == (a, a.articles[0])  # nothing open: the first
    session.open_article(a, a.articles[-1])
    assert session.neighbour(+1) == (b, b.articles[0])  # across issues
    session.open_article(b, b.articles[-1])
    assert session.neighbour(+1) == (b, b.articles[-1])
    session.open_article(a, a.articles[0])
    assert session.neighbour(-1) == (a, a.articles[0])


def test_bookmarks_are_counted_and_found(tmp_path: Path) -> None:
    session = _session(tmp_path, "a", "b")
    a, b = session.files
    article = b.articles[1]
    session.add_bookmark(b, article, Position(2, 5, 0.3), "看这里")
    assert session.state(article.id).bookmarks == 1
    (bookmark,) = session.store.bookmarks()
    assert bookmark.note == "看这里" and bookmark.block == 2 and bookmark.offset == 5
    assert session.bookmark_target(bookmark) == (b, article)
    session.store.delete_bookmark(bookmark.id)
    session.bookmarks_changed()
    assert session.state(article.id).bookmarks == 0


# The active search -----------------------------------------------------------------


def test_hits_count_per_issue_and_clearing_redraws_what_they_touched(tmp_path: Path) -> None:
    session = _session(tmp_path, "a", "b")
    a, b = session.files
    session.open_article(a, a.articles[0])
    request = session.search_request("洛阳", everywhere=False)
    assert request.files == [0] and request.scope is Scope.ISSUE
    answer = session.answer(request)
    hits = answer.hits
    changed = session.take_answer(answer)
    assert changed is not None
    assert {issue.name for issue, _ in changed} == {"a", "b"}  # the same article shows in both
    counts = hits.per_article()
    some = next(iter(counts))
    assert session.state(some[1]).matches == counts[some] > 0
    assert session.cursor.articles == len(counts)
    cleared = session.clear_search()
    assert {article.id for _, article in cleared} == {article_id for _, article_id in counts}
    assert all(session.state(article_id).matches == 0 for _, article_id in counts)
    assert session.toggle_filter() is None  # nothing to filter by any more


def test_n_and_N_start_at_the_ends_and_stop_there(tmp_path: Path) -> None:
    session = _session(tmp_path)
    assert session.cursor.step(+1) is None  # no search yet
    hits = session.library.search("洛阳")
    session.set_hits(hits)
    assert session.cursor.step(-1) is hits[-1]  # N first: the last hit
    assert session.cursor.at_end(+1) and not session.cursor.at_end(-1)
    assert session.cursor.step(+1) is hits[-1]  # n there stays (the screen says so): no wrapping round
    session.set_hits(hits)
    assert session.cursor.step(+1) is hits[0] and session.cursor.at == 0
    first = hits[0]
    assert session.hit_needs_open(first)
    session.open_article(first.file, first.article)
    assert not session.hit_needs_open(first)
    spans = session.cursor.spans_in(first.file, first.article)
    assert (first.offset, first.offset + first.length) in spans[
        ("block", first.block) if first.field == "block" else (first.field, None)
    ]


def test_the_filter_keeps_articles_with_hits_and_only_the_latest_ticket_counts(tmp_path: Path) -> None:
    session = _session(tmp_path)
    older, newer = session.cursor.ask(), session.cursor.ask()
    assert not session.cursor.is_latest(older) and session.cursor.is_latest(newer)
    hits = session.library.search("北国花城")
    session.set_hits(hits)
    assert session.toggle_filter() is True
    assert session.cursor.only() == {h.article.id for h in hits}
    assert session.toggle_filter() is False and session.cursor.only() is None


# Keywords ---------------------------------------------------------------------------


def test_the_sidebar_asks_once_then_shows_what_arrived(tmp_path: Path) -> None:
    from reader.keywords.extraction import Keyword

    session = _session(tmp_path)
    (issue,) = session.files
    session.open_article(issue, issue.articles[0])
    view, start = session.sidebar()
    assert view is not None and view.status == "computing" and start
    view, start = session.sidebar()
    assert view is not None and view.status == "computing" and not start  # already asked
    (batch,) = [session.keywords.queue.take()]
    day = session.issue_of(issue)
    assert [i.key for i in batch] == [day.key]
    words = {a.id: [Keyword("洛阳", 1.0, 3)] for a in issue.articles}
    assert session.keywords_arrived([day.key], words, None) is None
    view, _ = session.sidebar()
    assert view is not None and view.status == "ready" and view.words[0].word == "洛阳"
    assert {r[0] for r in view.related} <= {a.id for a in issue.articles[1:]}


def test_keywords_are_asked_for_the_day_and_related_articles_are_the_days_first(tmp_path: Path) -> None:
    from reader.keywords.extraction import Keyword

    def page(path: str, *titles: str) -> SourceFile:
        return parse_file("".join(f"# {t}\n\n{t}的正文。\n\n" for t in titles), source=path)

    # Day one comes as two page files (the first of two articles), day two as one file.
    p1, p4, later = (page("/t/2025-01-02/01-要闻/a.md", "牡丹", "河洛"), page("/t/2025-01-02/04-经济/b.md", "牡丹花会"),
                     page("/t/2025-01-03/01-要闻/c.md", "牡丹文化"))
    session = ReadingSession(MemoryLibrary([p1, p4, later]), Store.open(tmp_path / "data"))
    session.open_article(p1, p1.articles[0])
    assert session.sidebar()[1]
    (asked,) = session.keywords.queue.take()
    assert asked.files == (p1, p4)  # the whole day, both pages
    peony = [Keyword("牡丹", 1.0, 2)]
    found = {p1.articles[0].id: peony, p1.articles[1].id: [Keyword("河洛", 1.0, 1)], p4.articles[0].id: peony,
             later.articles[0].id: peony}
    session.keywords_arrived([asked.key, session.issue_of(later).key], found, None)
    view, start = session.sidebar()
    assert view is not None and not start and view.articles == 3  # the day's articles, not the file's
    assert [(r[0], r[1]) for r in view.related] == [
        (p4.articles[0].id, "牡丹花会"),  # the same day first (on another page)
        (later.articles[0].id, "牡丹文化 · 2025-01-03"),  # then another day, named by its date
    ]


def test_a_failed_keyword_job_shows_unavailable_once_then_asks_again(tmp_path: Path) -> None:
    session = _session(tmp_path)
    (issue,) = session.files
    session.open_article(issue, issue.articles[0])
    session.sidebar()
    session.keywords.queue.take()
    assert session.keywords_arrived([session.issue_of(issue).key], {}, "disk full") == "disk full"
    view, start = session.sidebar()
    assert view is not None and view.status == "unavailable" and not start
    assert session.keywords.queue.take() == []  # the runner stops here
    view, start = session.sidebar()
    assert view is not None and view.status == "computing" and start  # asked again


def test_next_unread_and_next_issue_walk_across_issues(tmp_path: Path) -> None:
    session = _session(tmp_path, "a", "b")
    a, b = session.files
    session.open_article(a, a.articles[0])
    session.mark_read(a.articles[1:3])
    assert session.next_unread(+1) == (a, a.articles[3])  # read ones are skipped
    session.mark_read(a.articles[3:])
    session.mark_read(b.articles[:1])
    # The same page twice: its ids are read in both, so the next unread is nowhere.
    assert session.next_unread(+1) is None
    session.set_read(a.articles[0].id, False)  # unread in both issues (one id)
    session.open_article(b, b.articles[-1])
    assert session.next_unread(-1) == (b, b.articles[0])  # the nearest, walking back
    assert session.neighbour_issue(-1) == (a, a.articles[0])
    assert session.neighbour_issue(+1) is None
    session.open_article(a, a.articles[2])
    assert session.neighbour_issue(+1) == (b, b.articles[0])


def test_pages_and_dates_are_stepped_through_as_wholes(tmp_path: Path) -> None:
    # Two dates; the first has page 1 (one file) and page 4 (two files, a crawler's); the second, page 1.
    paths = ["/t/2025-01-02/01-要闻/a.md", "/t/2025-01-02/04-经济/b.md", "/t/2025-01-02/04-经济/c.md",
             "/t/2025-01-03/01-要闻/d.md"]
    issues = [parse_file(f"# {Path(p).stem}\n\n正文。\n", source=p) for p in paths]
    a, b, c, d = issues
    session = ReadingSession(MemoryLibrary(issues), Store.open(tmp_path / "data"))
    session.open_article(a, a.articles[0])
    assert session.neighbour_issue(+1, by="page") == (b, b.articles[0])
    assert session.neighbour_issue(+1, by="date") == (d, d.articles[0])
    assert session.neighbour_issue(-1, by="page") is None
    session.open_article(c, c.articles[0])
    assert session.neighbour_issue(-1, by="page") == (a, a.articles[0])
    assert session.neighbour_issue(+1, by="page") is None  # pages are the day's: the last one
    assert session.neighbour_issue(+1) == (d, d.articles[0])  # the next issue: the next day
    session.open_article(d, d.articles[0])
    assert session.neighbour_issue(-1, by="page") is None
    assert session.neighbour_issue(-1, by="date") == (a, a.articles[0])
    assert session.neighbour_issue(+1, by="date") is None
    # Back an issue lands on the day's first page, not on the file before.
    assert session.neighbour_issue(-1) == (a, a.articles[0])


def test_only_the_latest_search_is_taken_and_its_scope_is_typed(tmp_path: Path) -> None:
    session = _session(tmp_path, "a", "b")
    a, _b = session.files
    session.open_article(a, a.articles[0])
    first = session.search_request("洛阳", everywhere=True)
    assert first.files is None and first.scope is Scope.ALL
    second = session.search_request("北国花城", everywhere=False)
    late = session.answer(first)
    assert session.take_answer(late) is None and not session.cursor.hits  # a newer request was made
    assert session.take_answer(session.answer(second)) is not None and session.cursor.hits
    refused = session.answer(session.search_request(" ".join(["城"] * 20), everywhere=False))
    assert refused.error and not refused.hits
    session.take_answer(refused)
    assert not session.cursor.hits  # a query refused leaves no hits of the one before


def test_a_chosen_hit_is_the_one_opened_whatever_replaced_the_hits(tmp_path: Path) -> None:
    """A hit chosen in the panel is opened even when a keyword marked since
    replaced the session's hits (an index into them opened another hit)."""
    session = _session(tmp_path)
    shown = session.answer(session.search_request("北国花城", everywhere=False))
    session.take_answer(shown)
    chosen = shown.hits[2]
    assert session.go_to_hit(chosen) is chosen and session.cursor.at == 2  # n/N walk on from it
    marked = session.answer(session.search_request("乡村振兴", everywhere=False, word="乡村振兴"))
    session.take_answer(marked)  # the sidebar marked a keyword meanwhile
    assert session.go_to_hit(chosen) is chosen  # the panel's hit, not the new hits' third
    assert session.cursor.at is None and marked.hits[2] is not chosen


def test_the_sidebars_count_of_a_keyword_is_what_marking_it_counts() -> None:
    """jieba counts its words in the body; marking counts the search's hits
    (title too, spaces between characters allowed): the sidebar shows the latter."""
    from reader.keywords.extraction import Keyword
    from reader.search.index import SearchIndex
    from reader.session.sidebar import SidebarKeywords
    from reader.text.parse import parse_file

    file = parse_file("# 城市管理的新办法\n\n城市管理要细，城市 管理要实。城市管理局说，城市管理没有小事。\n",
                      source="/tmp/x.md", name="x")
    (article,) = file.articles
    (issue,) = issues_of([file])
    sidebar = SidebarKeywords()
    sidebar.found[article.id] = [Keyword("城市管理", 0.5, article.body_text.count("城市管理"))]
    view, _ = sidebar.view(issue, article, lambda _: None)
    marked = len(SearchIndex([file]).search("城市管理"))
    assert view.words[0].count == marked == 5 and sidebar.found[article.id][0].count == 3


def test_hits_of_every_file_redraw_their_own_places_without_asking_for_each_article(tmp_path: Path) -> None:
    """A search of every open file finds each place of an article (its id is its
    text's): the rows to redraw are the places counted, looked up in their own
    files, never every place of each article (over an archive, a catalog query
    an article: seconds on the UI thread after thousands of hits)."""
    session = _session(tmp_path, "a", "b")

    def every_place(article_id: str) -> list:
        raise AssertionError("asked for every place of an article")

    session.library.rows_of = every_place  # type: ignore[method-assign]
    answer = session.answer(session.search_request("洛阳", everywhere=True))
    counts = answer.hits.per_article()
    changed = session.take_answer(answer)
    assert changed is not None and {file.name for file, _ in changed} == {"a", "b"}
    assert len(changed) == len(counts)  # each place with hits, once
    assert all(session.state(article_id).matches == n for (_, article_id), n in counts.items())
    cleared = session.clear_search()
    assert sorted((f.source, a.id) for f, a in cleared) == sorted(counts)
    assert all(session.state(article_id).matches == 0 for _, article_id in counts)
