"""The reading session, driven directly: no Textual, milliseconds per test."""

from __future__ import annotations

from pathlib import Path

from conftest import SEED

from reader.parse import parse_issue
from reader.session import Position, ReadingSession
from reader.store import Store

TOP = Position(0, 0, 0.0)
END = Position(5, 0, 1.0)


def _issues(*names: str):
    text = SEED.read_text(encoding="utf-8")
    return [parse_issue(text, source=f"/x/{name}.txt", name=name) for name in names]


def _session(tmp_path: Path, *names: str) -> ReadingSession:
    return ReadingSession(_issues(*(names or ("a",))), Store.open(tmp_path / "data"))


def test_a_late_scroll_of_another_article_changes_nothing(tmp_path: Path) -> None:
    session = _session(tmp_path)
    (issue,) = session.issues
    first, second = issue.articles[:2]
    session.open(issue, first)
    assert session.scrolled(first.id, END, at_end=True) == [(issue, first)]
    assert session.save_position() == [(issue, first)]  # leaving it: its position is written
    session.open(issue, second)
    assert session.scrolled(first.id, END, at_end=True) == []  # the old article's clamped scroll
    assert not session.state(second.id).read
    assert session.save_position() == []  # nothing noted for the article now shown


def test_unread_at_the_end_sticks_until_another_article_is_opened(tmp_path: Path) -> None:
    session = _session(tmp_path)
    (issue,) = session.issues
    first, second = issue.articles[:2]
    session.open(issue, first)
    session.scrolled(first.id, END, at_end=True)
    read, _ = session.toggle_read(first.id)
    assert read is False
    session.scrolled(first.id, END, at_end=True)  # k j at the end
    assert not session.state(first.id).read
    session.open(issue, second)
    session.open(issue, first)
    session.scrolled(first.id, END, at_end=True)
    assert session.state(first.id).read


def test_marking_an_issue_read_redraws_the_article_in_every_issue(tmp_path: Path) -> None:
    session = _session(tmp_path, "a", "b")  # the same page twice: same article ids
    a, b = session.issues
    changed = session.mark_read(a.articles)
    assert {(issue.name, article.id) for issue, article in changed} == {
        (name, article.id) for name in ("a", "b") for article in a.articles
    }
    assert session.unread_count(b) == 0


def test_restart_reopens_the_article_in_the_issue_it_was_read_in(tmp_path: Path) -> None:
    session = _session(tmp_path, "a", "b")
    b = session.issues[1]
    session.open(b, b.articles[2])
    again = _session(tmp_path, "a", "b")
    start = again.start()
    assert start is not None and start[0].name == "b" and start[1].id == b.articles[2].id


def test_positions_are_saved_and_given_back(tmp_path: Path) -> None:
    session = _session(tmp_path)
    (issue,) = session.issues
    article = issue.articles[1]
    assert session.open(issue, article) is None
    session.scrolled(article.id, Position(3, 7, 0.4), at_end=False)
    assert session.save_position() == [(issue, article)]
    assert session.state(article.id).progress == 0.4
    again = _session(tmp_path)
    assert again.open(issue, article) == Position(3, 7, 0.4)


def test_neighbours_stop_at_the_ends(tmp_path: Path) -> None:
    session = _session(tmp_path, "a", "b")
    a, b = session.issues
    assert session.neighbour(+1) == (a, a.articles[0])  # nothing open: the first
    session.open(a, a.articles[-1])
    assert session.neighbour(+1) == (b, b.articles[0])  # across issues
    session.open(b, b.articles[-1])
    assert session.neighbour(+1) == (b, b.articles[-1])
    session.open(a, a.articles[0])
    assert session.neighbour(-1) == (a, a.articles[0])


def test_bookmarks_are_counted_and_found(tmp_path: Path) -> None:
    session = _session(tmp_path, "a", "b")
    a, b = session.issues
    article = b.articles[1]
    session.add_bookmark(b, article, Position(2, 5, 0.3), "看这里")
    assert session.state(article.id).bookmarks == 1
    (bookmark,) = session.store.bookmarks()
    assert bookmark.note == "看这里" and bookmark.block == 2 and bookmark.offset == 5
    assert session.bookmark_target(bookmark) == (b, article)
    session.store.delete_bookmark(bookmark.id)
    session.bookmarks_changed()
    assert session.state(article.id).bookmarks == 0
