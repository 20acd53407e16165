"""The main screen's reading state: read/unread, positions and bookmarks.

A mixin of ``MainScreen``: the screen owns this state and saves it in the
``Store`` as it changes; widgets only show it.
"""

from __future__ import annotations

from textual.widgets import Static

from reader.model import Article, Issue
from reader.store import Bookmark
from reader.widgets.article_list import ArticleList, ArticleOption, RowState
from reader.widgets.article_view import ArticleView

SAVE_DELAY = 0.4  # seconds of stillness before a reading position is written


class ReadingState:
    """Read state, reading positions and bookmarks of ``MainScreen``."""

    def _load_states(self) -> None:
        """Row states from the store, before the list is first drawn."""
        saved = self.store.article_states()
        marks: dict[str, int] = {}
        for bookmark in self.store.bookmarks():
            marks[bookmark.article_id] = marks.get(bookmark.article_id, 0) + 1
        self.states = {
            article.id: RowState(
                read=saved[article.id].read if article.id in saved else False,
                bookmarks=marks.get(article.id, 0),
                progress=saved[article.id].progress if article.id in saved else 0.0,
            )
            for issue in self.issues
            for article in issue.articles
        }

    def _set_state(self, issue: Issue, article: Article, **changes: object) -> None:
        old = self.states.get(article.id, RowState())
        new = RowState(**{**old.__dict__, **changes})  # type: ignore[arg-type]
        if new != old:
            self.states[article.id] = new
            self.query_one(ArticleList).update_row(issue, article, new)
            self._refresh_issue_header(issue)

    def _refresh_issue_header(self, issue: Issue) -> None:
        if len(self.issues) > 1:
            self.query_one(ArticleList).update_issue_header(issue, self.states)

    def _find_in(self, source: str, article_id: str) -> tuple[Issue, Article] | None:
        issue = self._issue_by_source.get(source)
        article = issue.article(article_id) if issue is not None else None
        return (issue, article) if issue is not None and article is not None else None

    def _find(self, article_id: str | None) -> tuple[Issue, Article] | None:
        for issue in self.issues:
            for article in issue.articles:
                if article.id == article_id:
                    return issue, article
        return None

    def _save_position(self, show: bool = True) -> None:
        """Write the reading position noted by the last scroll, if not yet written."""
        if self._pending is None:
            return
        issue, article, (block, offset, progress) = self._pending
        self._pending = None
        self.store.set_position(
            article.id, block, offset, progress, title=article.display_title, source=issue.source
        )
        if show:
            self._set_state(issue, article, progress=progress)
            self._show_store_notice()

    def _show_store_notice(self) -> None:
        if self.store.notice and not self._notice_shown:
            self._notice_shown = True
            self.notify(self.store.notice, severity="warning", timeout=12)
            self.query_one("#masthead", Static).update(self._masthead())

    def on_article_view_scrolled(self, event: ArticleView.Scrolled) -> None:
        if self.current is None or self.current[1].id != event.article_id:
            return  # about an article that was shown before: a clamped scroll as it left
        issue, article = self.current
        self._pending = (issue, article, self.query_one(ArticleView).position())
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self._save_position)
        if event.at_end:
            if not self.states.get(article.id, RowState()).read:
                self.store.set_read(article.id, True)
                self._set_state(issue, article, read=True)

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
            if not self.states.get(article.id, RowState()).read:
                self.store.set_read(article.id, True)
                self._set_state(issue, article, read=True)

    def _refresh_bookmark_counts(self) -> None:
        """Bookmark markers in the list, after bookmarks were added or deleted."""
        marks: dict[str, int] = {}
        for bookmark in self.store.bookmarks():
            marks[bookmark.article_id] = marks.get(bookmark.article_id, 0) + 1
        for issue in self.issues:
            for article in issue.articles:
                self._set_state(issue, article, bookmarks=marks.get(article.id, 0))

    def _target(self) -> tuple[Issue, Article] | None:
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
        issue, article = target
        read = not self.states.get(article.id, RowState()).read
        self.store.set_read(article.id, read)
        self._set_state(issue, article, read=read)
        self._show_store_notice()
        self.notify(f"{'Read' if read else 'Unread'}: {article.display_title}", timeout=2)

    def action_mark_issue_read(self) -> None:
        target = self._target()
        if target is None:
            return
        issue = target[0]
        self.store.set_many_read([a.id for a in issue.articles], True)
        for article in issue.articles:
            self._set_state(issue, article, read=True)
        self._show_store_notice()
        self.notify(f"Marked all {len(issue.articles)} articles of {issue.name} read", timeout=3)

    def action_bookmark(self) -> None:
        from reader.screens.bookmarks import BookmarkNoteScreen

        if self.current is None:
            return
        issue, article = self.current
        block, offset, _ = self.query_one(ArticleView).position()

        def save(note: str | None) -> None:
            if note is None:
                return
            text = article.blocks[block].text if block < len(article.blocks) else ""
            snippet = text[offset : offset + 40]
            self.store.add_bookmark(
                article.id, article.display_title, issue.source, block, offset, snippet, note or None
            )
            self._set_state(issue, article, bookmarks=self.states.get(article.id, RowState()).bookmarks + 1)
            self._show_store_notice()
            self.notify("Bookmarked" + (f": {note}" if note else ""), timeout=3)

        self.app.push_screen(BookmarkNoteScreen(article.display_title), save)

    def action_bookmarks(self) -> None:
        from reader.screens.bookmarks import BookmarksScreen

        async def jump(bookmark: Bookmark | None) -> None:
            self._refresh_bookmark_counts()
            if bookmark is None:
                return
            found = self._find(bookmark.article_id)
            if found is None:
                self.notify(f"That article is not in the open issues ({bookmark.source})", severity="warning")
                return
            await self.open_article(*found, at=(bookmark.block, bookmark.offset))

        self.app.push_screen(BookmarksScreen(self.store), jump)

