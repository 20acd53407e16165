"""What the main screen's parts share, declared once.

``MainScreen`` is composed of parts kept in their own modules (reading state,
search, keyword sidebar). Each part subclasses ``MainScreenParts``, which
declares the state they share and, for the type checker only, the methods one
part calls on another; ``MainScreen`` provides them all.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget

from reader.keywords import Keyword
from reader.model import Article, Issue
from reader.search import HitList, SearchIndex
from reader.session import ReadingSession, Row, RowState
from reader.store import Store


class MainScreenParts(Screen[None]):
    """The main screen's shared state (set in ``MainScreen.__init__``)."""

    current: var[tuple[Issue, Article] | None] = var(None)
    reading: var[bool] = var(False)  # in one-pane mode: showing the reader, not the list
    sidebar_wanted: var[bool] = var(False)  # the sidebar was toggled on below WIDE

    issues: list[Issue]
    store: Store
    session: ReadingSession
    _issue_by_source: dict[str, Issue]
    _save_timer: Timer | None
    _notice_shown: bool
    _index: SearchIndex | None
    _index_lock: threading.Lock  # the index is built once, by whichever thread asks first
    _search_ticket: int  # the latest search request; older answers are dropped
    hits: HitList  # the active search's (or marked keyword's) hits
    hit_at: int | None
    _focus_before_search: Widget | None
    _hit_counts: dict[tuple[str, str], int]  # hits per (issue source, article id)
    filtering: bool  # the list shows only articles with hits
    keywords: dict[str, list[Keyword]]  # by article id, as they arrive
    _keywords_asked: set[str]  # issue sources being computed
    _keywords_failed: set[str]  # issue sources whose last job left some out
    issue_keywords: bool  # the sidebar shows the issue's terms, not the article's

    if TYPE_CHECKING:  # provided by MainScreen and its parts

        async def open_article(
            self,
            issue: Issue,
            article: Article,
            *,
            focus: bool = True,
            at: tuple[int, int] | None = None,
            saved_position: bool = True,
        ) -> None: ...

        def _masthead(self) -> str: ...
        def _redraw(self, rows: list[Row]) -> None: ...
        def _set_hits(self, hits: HitList, counts: dict[tuple[str, str], int] | None = None) -> None: ...
        def _search(self, query: str, everywhere: bool, word: str | None = None) -> None: ...
        def _refresh_sidebar(self) -> None: ...
        def _apply_filter(self) -> None: ...
        def _find(self, article_id: str | None) -> Row | None: ...
        def _find_in(self, source: str, article_id: str) -> Row | None: ...

        @property
        def index(self) -> SearchIndex: ...

        @property
        def one_pane(self) -> bool: ...

        @property
        def states(self) -> dict[str, RowState]: ...
