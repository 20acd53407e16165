"""What the article list shows of each article besides its title: read,
bookmarked, how far, how many hits; made per article when first asked for,
so an archive of 40,000 articles costs what the rows on screen cost."""

from __future__ import annotations

from dataclasses import dataclass

from reader.storage.store import SavedReading


@dataclass(frozen=True)
class RowState:
    """What the list shows about an article besides its title."""

    read: bool = False
    bookmarks: int = 0
    progress: float = 0.0  # 0..1 through the article
    matches: int = 0  # hits of the active search or keyword


class RowStates:
    """Row state by article id, made from the saved readings on first ask."""

    def __init__(self, saved: dict[str, SavedReading], marks: dict[str, int]) -> None:
        self._saved = saved
        self._marks = marks
        self._made: dict[str, RowState] = {}

    def get(self, article_id: str, default: RowState | None = None) -> RowState:
        state = self._made.get(article_id)
        if state is None:
            saved = self._saved.get(article_id)
            state = RowState(
                read=saved.read if saved else False,
                bookmarks=self._marks.get(article_id, 0),
                progress=saved.progress if saved else 0.0,
            )
            self._made[article_id] = state
        return state

    def __getitem__(self, article_id: str) -> RowState:
        return self.get(article_id)

    def __setitem__(self, article_id: str, state: RowState) -> None:
        self._made[article_id] = state

    def known(self) -> set[str]:
        """The articles whose state have been made."""
        return set(self._made)

    def bookmarks(self, marks: dict[str, int]) -> None:
        """The bookmark counts state made from now on start from."""
        self._marks = marks
