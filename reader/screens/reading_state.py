"""The main screen's side of the reading session: widgets in, session out.

The rules (read at the end, unread that sticks, positions, bookmarks) are in
``reader.session``, in plain Python; this mixin of ``MainScreen`` tells the
session what the widgets report, always naming the article, and redraws the
rows the session says changed.
"""

from __future__ import annotations

from textual.widgets import Static

from reader.model import Article, Issue
from reader.screens.parts import MainScreenParts
from reader.session import Position, Row
from reader.store import Bookmark
from reader.widgets.article_list import ArticleList, ArticleOption
from reader.widgets.article_view import ArticleView

SAVE_DELAY = 0.4  # seconds of stillness before a reading position is written


class ReadingState(MainScreenParts):
    """Read state, reading positions and bookmarks of ``MainScreen``."""

    def _redraw(self, rows: list[Row]) -> None:
        """Redraw the list rows (and their issues' unread counts) that changed."""
        if not rows:
            return
        article_list = self.query_one(ArticleList)
        issues: dict[str, Issue] = {}
        for issue, article in rows:
            article_list.update_row(issue, article, self.session.state(article.id))
            issues[issue.source] = issue
        if len(self.issues) > 1:
            for issue in issues.values():
                article_list.update_issue_header(issue, self.session.states)

    def _save_position(self, show: bool = True) -> None:
        """Write the reading position noted by the last scroll, if not yet written."""
        changed = self.session.save_position()
        if show:
            self._redraw(changed)
            self._show_store_notice()

    def _show_store_notice(self) -> None:
        if self.store.notice and not self._notice_shown:
            self._notice_shown = True
            self.notify(self.store.notice, severity="warning", timeout=12)
            self.query_one("#masthead", Static).update(self._masthead())

    def on_article_view_scrolled(self, event: ArticleView.Scrolled) -> None:
        reader = self.query_one(ArticleView)
        if not reader.showing(event.article_id):
            return  # the view shows another article by now
        block, offset, progress = reader.position()
        self._redraw(self.session.scrolled(event.article_id, Position(block, offset, progress), event.at_end))
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self._save_position)

    def _read_if_all_shown(self, issue: Issue, article: Article, tries: int = 5) -> None:
        """An article that fits in the view was read to its end once opened
        (asked again until its layout is done: the reader settles a turn later)."""
        reader = self.query_one(ArticleView)
        if reader.article is not article:
            return
        if not reader.settled:
            if tries:
                self.call_after_refresh(self._read_if_all_shown, issue, article, tries - 1)
            return
        if reader.max_scroll_y <= 0:
            self._redraw(self.session.shown_whole(article.id))

    def _target(self) -> Row | None:
        """The article an action means: the highlighted row in the list, else the open one."""
        article_list = self.query_one(ArticleList)
        option = article_list.highlighted_option
        if self.focused is article_list and isinstance(option, ArticleOption):
            return option.issue, option.article
        return self.current

    def action_toggle_read(self) -> None:
        target = self._target()
        if target is None:
            return
        article = target[1]
        read, changed = self.session.toggle_read(article.id)
        self._redraw(changed)
        self._show_store_notice()
        self.notify(f"{'Read' if read else 'Unread'}: {article.display_title}", timeout=2)

    def action_mark_issue_read(self) -> None:
        target = self._target()
        if target is None:
            return
        issue = target[0]
        self._redraw(self.session.mark_read(issue.articles))
        self._show_store_notice()
        self.notify(f"Marked all {len(issue.articles)} articles of {issue.name} read", timeout=3)

    def action_bookmark(self) -> None:
        from reader.screens.bookmarks import BookmarkNoteScreen

        if self.current is None:
            return
        issue, article = self.current
        block, offset, progress = self.query_one(ArticleView).position()

        def save(note: str | None) -> None:
            if note is None:
                return
            self._redraw(self.session.add_bookmark(issue, article, Position(block, offset, progress), note))
            self._show_store_notice()
            self.notify("Bookmarked" + (f": {note}" if note else ""), timeout=3)

        self.app.push_screen(BookmarkNoteScreen(article.display_title), save)

    def action_bookmarks(self) -> None:
        from reader.screens.bookmarks import BookmarksScreen

        async def jump(bookmark: Bookmark | None) -> None:
            self._redraw(self.session.bookmarks_changed())
            if bookmark is None:
                return
            found = self.session.bookmark_target(bookmark)
            if found is None:
                self.notify(f"That article is not in the open issues ({bookmark.source})", severity="warning")
                return
            await self.open_article(*found, at=(bookmark.block, bookmark.offset))

        self.app.push_screen(BookmarksScreen(self.store), jump)
