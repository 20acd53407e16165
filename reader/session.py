"""The reading session: what the reader does, in plain Python (no Textual).

It holds the open issues, the current article, each article's row state
(read, bookmarks, progress, matches) and the rules that change them, and
saves through the ``Store``. The UI tells it what happened, always naming the
article it is about, and shows what it answers: a late message about an
article that is no longer current changes nothing.

Every method that changes row states returns the ``(issue, article)`` pairs
whose rows must be redrawn: an article open in several issues is redrawn in
each of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from reader.model import Article, Issue
from reader.store import Bookmark, Store

Row = tuple[Issue, Article]


@dataclass(frozen=True)
class RowState:
    """What the list shows about an article besides its title."""

    read: bool = False
    bookmarks: int = 0
    progress: float = 0.0  # 0..1 through the article
    matches: int = 0  # hits of the active search or keyword


@dataclass(frozen=True)
class Position:
    """Where the top of the reading view is: block, character in it, and how far through."""

    block: int
    offset: int
    progress: float


class ReadingSession:
    """The open issues, the current article and the read/position/bookmark rules."""

    def __init__(self, issues: list[Issue], store: Store) -> None:
        self.issues = issues
        self.store = store
        self._by_source = {issue.source: issue for issue in issues}
        self._rows_of: dict[str, list[Row]] = {}
        for issue in issues:
            for article in issue.articles:
                self._rows_of.setdefault(article.id, []).append((issue, article))
        self.current: Row | None = None
        self._pending: tuple[Row, Position] | None = None  # a position not yet written
        self._kept_unread: str | None = None  # marked unread at its end: stays so while open
        self.states: dict[str, RowState] = {}
        self.load_states()

    # Finding --------------------------------------------------------------------

    def find(self, article_id: str | None) -> Row | None:
        """The first place an article is open, by id."""
        rows = self._rows_of.get(article_id or "")
        return rows[0] if rows else None

    def find_in(self, source: str, article_id: str) -> Row | None:
        issue = self._by_source.get(source)
        article = issue.article(article_id) if issue is not None else None
        return (issue, article) if issue is not None and article is not None else None

    def start(self) -> Row | None:
        """Where the reader opens: the article last read (in the issue it was
        read in, if that is open), else the first."""
        last, source = self.store.last_article(), self.store.setting("last_issue")
        found = (self.find_in(source, last) if last and source else None) or self.find(last)
        return found or next(((i, a) for i in self.issues for a in i.articles), None)

    def neighbour(self, delta: int, of: Row | None = None) -> Row | None:
        """The article ``delta`` steps from ``of`` (default: the current one),
        across issues; stays at the first or last."""
        order = [(i, a) for i in self.issues for a in i.articles]
        if not order:
            return None
        origin = of or self.current
        if origin is None:
            return order[0]
        at = next((n for n, (i, a) in enumerate(order) if i is origin[0] and a is origin[1]), 0)
        return order[max(0, min(len(order) - 1, at + delta))]

    # State ----------------------------------------------------------------------

    def load_states(self) -> None:
        """Row states from the store."""
        saved = self.store.article_states()
        marks = self._bookmark_counts()
        self.states = {
            article_id: RowState(
                read=saved[article_id].read if article_id in saved else False,
                bookmarks=marks.get(article_id, 0),
                progress=saved[article_id].progress if article_id in saved else 0.0,
            )
            for article_id in self._rows_of
        }

    def _bookmark_counts(self) -> dict[str, int]:
        marks: dict[str, int] = {}
        for bookmark in self.store.bookmarks():
            marks[bookmark.article_id] = marks.get(bookmark.article_id, 0) + 1
        return marks

    def state(self, article_id: str) -> RowState:
        return self.states.get(article_id, RowState())

    def _change(self, article_id: str, **changes: object) -> list[Row]:
        old = self.state(article_id)
        new = replace(old, **changes)  # type: ignore[arg-type]
        if new == old:
            return []
        self.states[article_id] = new
        return list(self._rows_of.get(article_id, []))

    def unread_count(self, issue: Issue) -> int:
        return sum(1 for a in issue.articles if not self.state(a.id).read)

    # Opening --------------------------------------------------------------------

    def open(self, issue: Issue, article: Article) -> Position | None:
        """Make ``article`` current; returns where it was left (None: at the top)."""
        self.current = (issue, article)
        if self._kept_unread != article.id:
            self._kept_unread = None
        self.store.set_last_article(article.id)
        self.store.set_setting("last_issue", issue.source)
        saved = self.store.article_state(article.id)
        if saved and (saved.block or saved.offset):
            return Position(saved.block, saved.offset, saved.progress)
        return None

    def is_current(self, article_id: str) -> bool:
        return self.current is not None and self.current[1].id == article_id

    # Reading --------------------------------------------------------------------

    def scrolled(self, article_id: str, position: Position, at_end: bool) -> list[Row]:
        """The view of ``article_id`` moved: note the position (written by
        ``save_position``) and mark the article read at its end. A message
        about an article that is no longer current is ignored."""
        if self.current is None or not self.is_current(article_id):
            return []
        self._pending = (self.current, position)
        return self._read_to_end(article_id) if at_end else []

    def shown_whole(self, article_id: str) -> list[Row]:
        """The article fits in the view once opened: it has been read."""
        return self._read_to_end(article_id) if self.is_current(article_id) else []

    def _read_to_end(self, article_id: str) -> list[Row]:
        """The current article was read to its end: read, unless just marked unread."""
        if self._kept_unread == article_id or self.state(article_id).read:
            return []
        self.store.set_read(article_id, True)
        return self._change(article_id, read=True)

    def save_position(self) -> list[Row]:
        """Write the position noted by the last scroll, if not yet written."""
        if self._pending is None:
            return []
        (issue, article), position = self._pending
        self._pending = None
        self.store.set_position(
            article.id, position.block, position.offset, position.progress,
            title=article.display_title, source=issue.source,
        )
        return self._change(article.id, progress=position.progress)

    def set_read(self, article_id: str, read: bool) -> list[Row]:
        """Mark an article read or unread. Unread wins over reaching the end
        until another article is opened (``u`` at the end sticks)."""
        self.store.set_read(article_id, read)
        self._kept_unread = article_id if not read else None
        return self._change(article_id, read=read)

    def toggle_read(self, article_id: str) -> tuple[bool, list[Row]]:
        read = not self.state(article_id).read
        return read, self.set_read(article_id, read)

    def mark_read(self, articles: Iterable[Article]) -> list[Row]:
        """Mark many articles read at once (``U``): one transaction."""
        ids = [a.id for a in articles]
        self.store.set_many_read(ids, True)
        changed: list[Row] = []
        for article_id in ids:
            changed += self._change(article_id, read=True)
        return changed

    # Bookmarks ------------------------------------------------------------------

    def add_bookmark(self, issue: Issue, article: Article, position: Position, note: str | None) -> list[Row]:
        block, offset = position.block, position.offset
        text = article.blocks[block].text if block < len(article.blocks) else ""
        self.store.add_bookmark(
            article.id, article.display_title, issue.source, block, offset, text[offset : offset + 40], note or None
        )
        return self._change(article.id, bookmarks=self.state(article.id).bookmarks + 1)

    def bookmarks_changed(self) -> list[Row]:
        """Recount bookmarks after some were deleted."""
        marks = self._bookmark_counts()
        changed: list[Row] = []
        for article_id in self._rows_of:
            changed += self._change(article_id, bookmarks=marks.get(article_id, 0))
        return changed

    def bookmark_target(self, bookmark: Bookmark) -> Row | None:
        """Where a bookmark jumps: its own issue if open, else the article anywhere."""
        return self.find_in(bookmark.source, bookmark.article_id) or self.find(bookmark.article_id)

    # Search and keyword counts --------------------------------------------------

    def set_matches(self, counts: dict[tuple[str, str], int], previous: Iterable[tuple[str, str]]) -> list[Row]:
        """Hit counts per (issue source, article id); ``previous`` keys are cleared."""
        changed: list[Row] = []
        for source, article_id in set(previous) | counts.keys():
            if self.find_in(source, article_id) is not None:
                changed += self._change(article_id, matches=counts.get((source, article_id), 0))
        return changed
