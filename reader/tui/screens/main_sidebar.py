"""The main screen's sidebar: the article's keywords (or the issue's terms),
related articles and the outline; showing or hiding it.

Keywords come from the session, which owns the keyword engine: a worker
serves its queue (one jieba child at a time) and each answer names the
issues it is for.
"""

from __future__ import annotations

from textual import on
from textual.widgets import OptionList

from reader.core.i18n import _
from reader.tui.screens.jobs import KeywordsDone, keyword_job
from reader.tui.screens.main_base import MainBase
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.keyword_panel import RelatedList
from reader.tui.widgets.sidebar import Outline, Sidebar


class SidebarActions(MainBase):
    """Keywords, related articles, the outline."""

    def action_toggle_sidebar(self) -> None:
        if self.has_class("-wide"):
            self.toggle_class("-no-sidebar")
            return
        self.sidebar_wanted = not self.sidebar_wanted
        # Below WIDE the sidebar takes the list's place: the reader takes the
        # focus the list had (Textual would leave it nowhere).
        if self.sidebar_wanted and isinstance(self.focused, ArticleList):
            self.query_one(ArticleView).focus()

    def _show_keywords(self) -> None:
        view, start = self.session.sidebar()
        if view is None:
            return
        self.query_one(Sidebar).show_keywords(view)
        if start:
            self.run_worker(lambda: keyword_job(self.session, self.post_message), thread=True, group="keywords",
                            exit_on_error=False, description="keywords")

    def on_keywords_done(self, event: KeywordsDone) -> None:
        error = self.session.keywords_arrived(event.keys, event.found, event.error)
        if error:
            self.notify(_("keywords could not be computed: {error}").format(error=error), severity="warning", timeout=6)
        issue = self.session.issue
        if issue is not None and issue.key in event.keys:  # about the day being read
            self._show_keywords()

    def on_keyword_list_scope_toggled(self) -> None:
        self.session.toggle_keyword_scope()
        self._show_keywords()

    async def on_related_list_chosen(self, event: RelatedList.Chosen) -> None:
        found = self.session.find(event.article_id)
        if found is not None:
            await self.open_article(*found)

    @on(OptionList.OptionSelected, "#outline")
    def _outline_chosen(self, event: OptionList.OptionSelected) -> None:
        block = Outline.block_of(event.option)
        if block is not None:
            view = self.query_one(ArticleView)
            view.go_to((block, 0))
            if self.one_pane:
                self.reading = True
            view.focus()
