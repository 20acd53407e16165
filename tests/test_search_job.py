"""The search worker's job: a first screenful posted at once, every hit
counted only after a pause in typing, nothing counted for a query a newer
keystroke replaced."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from reader.search.hits import NO_HITS
from reader.session.cursor import Scope, SearchAnswer, SearchRequest
from reader.tui.screens.jobs import SearchDone, search_job

REQUEST = SearchRequest(1, "洛阳", Scope.ALL, None)


class Steps:
    """A session answering in two steps, saying when the second (every hit) was begun."""

    def __init__(self) -> None:
        self.counted = False

    def answers(self, request: SearchRequest, stop: Callable[[], bool] | None = None) -> Iterator[SearchAnswer]:
        yield SearchAnswer(request, NO_HITS, {}, first=True)
        self.counted = True  # only reached once the job asks for the rest
        yield SearchAnswer(request, NO_HITS, {})


def test_the_count_follows_the_screenful_when_typing_pauses() -> None:
    session, posted = Steps(), []
    search_job(session, REQUEST, posted.append, cancelled=lambda: False, pause=0.01)  # type: ignore[arg-type]
    assert session.counted
    assert [m.answer.first for m in posted if isinstance(m, SearchDone)] == [True, False]


def test_a_keystroke_during_the_pause_leaves_the_count_unbegun() -> None:
    session, posted = Steps(), []
    # A newer keystroke cancels the worker as soon as its screenful is posted: the hour-long pause never ends.
    search_job(session, REQUEST, posted.append, cancelled=lambda: bool(posted), pause=3600)  # type: ignore[arg-type]
    assert not session.counted
    assert [m.answer.first for m in posted] == [True]
