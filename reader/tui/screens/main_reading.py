"""The main screen's reading state: positions as the reader scrolls, read and
unread, bookmarks, folding the list.

The reading pane says where it is (``ArticleView.Scrolled``) and when an
article is laid out (``Settled``), each naming its article: a message about
an article no longer shown changes nothing.
"""

from __future__ import annotations

from textual.timer import Timer

from reader.core.i18n import _, ngettext
from reader.session.reading import Position
from reader.storage.store import Bookmark
from reader.text.grouping import issue_heading
from reader.tui.screens.main_base import MainBase
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView

SAVE_DELAY = 0.4  # seconds of stillness before a reading position is written


class ReadingActions(MainBase):
    """Positions, read state and bookmarks."""

    _save_timer: Timer | None = None

    def on_article_view_scrolled(self, event: ArticleView.Scrolled) -> None:
        if not self.query_one(ArticleView).showing(event.article_id):
            return  # the view shows another article by now
        position = Position(event.block, event.offset, event.progress)
        self._redraw(self.session.scrolled(event.article_id, position, event.at_end))
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self._save_position)

    def on_article_view_settled(self, event: ArticleView.Settled) -> None:
        """An article opened to be read and laid out whole has been read."""
        self._redraw(self.session.settled(event.article_id, event.whole))

    def action_toggle_read(self) -> None:
        target = self._target()
        if target is None:
            return
        article = target[1]
        read, changed = self.session.toggle_read(article.id)
        self._redraw(changed)
        self._show_store_notice()
        self.say((_("Read: {title}") if read else _("Unread: {title}")).format(title=article.display_title))

    def action_mark_issue_read(self) -> None:
        """Mark every article of the issue (the day: all its pages and files)
        read; asked first when it would mark more than one unread article
        (``confirm_mark_read = false`` skips it)."""
        from reader.tui.screens.prompt import Confirm

        target = self._target()
        if target is None:
            return
        issue = self.session.issue_of(target[0])
        name = issue_heading(issue)
        articles = issue.articles
        unread = sum(not self.session.state(a.id).read for a in articles)
        if unread == 0:
            self.say(_("Every article of {issue} is read already").format(issue=name))
            return

        def mark(yes: bool | None) -> None:
            if not yes:
                return
            self._redraw(self.session.mark_read(articles))
            self._show_store_notice()
            self.say(ngettext("Marked the {count} unread article of {issue} read",
                              "Marked the {count} unread articles of {issue} read",
                              unread).format(count=unread, issue=name))

        if unread > 1 and self.confirm_mark_read:
            question = ngettext("Mark the {count} unread article of {issue} read?",
                                "Mark the {count} unread articles of {issue} read?", unread)
            self.app.push_screen(Confirm(question.format(count=unread, issue=name)), mark)
        else:
            mark(True)

    def action_bookmark(self) -> None:
        from reader.tui.screens.bookmarks import BookmarkNoteScreen

        if self.session.current is None:
            return
        issue, article = self.session.current
        block, offset, progress = self.query_one(ArticleView).position()

        def save(note: str | None) -> None:
            if note is None:
                return
            self._redraw(self.session.add_bookmark(issue, article, Position(block, offset, progress), note))
            self._show_store_notice()
            self.say(_("Bookmarked: {note}").format(note=note) if note else _("Bookmarked"))

        self.app.push_screen(BookmarkNoteScreen(article.display_title), save)

    def action_bookmarks(self) -> None:
        from reader.tui.screens.bookmarks import BookmarksScreen

        async def jump(bookmark: Bookmark | None) -> None:
            self._redraw(self.session.bookmarks_changed())
            if bookmark is None:
                return
            found = self.session.bookmark_target(bookmark)
            if found is None:
                self.notify(_("That article is not in the open issues ({source})").format(source=bookmark.source),
                            severity="warning")
                return
            await self.open_article(*found, at=(bookmark.block, bookmark.offset))

        self.app.push_screen(BookmarksScreen(self.session), jump)

    def action_fold_all(self) -> None:
        """Fold every issue and group of the list."""
        self.query_one(ArticleList).fold_all()
        self.say(_("Folded every issue"))

    def action_unfold_all(self) -> None:
        """Unfold every issue and group (in a big archive, the open groups' issues)."""
        if self.query_one(ArticleList).unfold_all():
            self.say(_("Unfolded every issue"))
        else:
            self.say(_("Unfolded the issues of the open groups (more than {count:,} articles)").format(
                count=ArticleList.UNFOLD_ALL_UP_TO))
