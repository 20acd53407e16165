"""Pilot tests: search as you type, open a hit, highlights, n/N, esc, scope."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, make_archive
from textual.widgets import OptionList
from ui_helpers import make_app, ready, title, wait_for

from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.search_panel import FIRST_AHEAD, SearchInput, SearchPanel


def highlighted_text(app) -> list[str]:
    return app.screen.query_one(ArticleView).marked()


async def test_results_update_as_you_type_and_enter_opens_the_hit(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        screen = app.screen
        await pilot.press("slash")
        panel = screen.query_one(SearchPanel)
        assert panel.display and isinstance(app.focused, SearchInput)
        await pilot.press(*"再上新")
        await wait_for(pilot, lambda: panel.hit_count == 1)  # no Enter needed
        status = str(panel.query_one("#search-status").render())
        assert "」 1 hit in 1 article · " in status
        await pilot.press("enter")
        await wait_for(pilot, lambda: title(app) == "踔厉奋发向未来 精“绣”洛城新画卷")
        assert not panel.display and isinstance(app.focused, ArticleView)
        assert highlighted_text(app) == ["再上新"]
        # The hit is on screen: its block is at (or just below) the top of the view.
        reader = screen.query_one(ArticleView)
        await wait_for(pilot, lambda: reader.top_block() == 1)


async def test_a_hit_in_a_byline_scrolls_to_the_byline(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"余子愚")  # the reporter of the city-management interview
        panel = app.screen.query_one(SearchPanel)
        await wait_for(pilot, lambda: panel.hit_count == 1)
        await pilot.press("enter")
        reader = app.screen.query_one(ArticleView)
        await wait_for(pilot, lambda: title(app) == "踔厉奋发向未来 精“绣”洛城新画卷")
        assert highlighted_text(app) == ["余子愚"]
        # The byline ends the article, far below its top: the view goes there.
        await wait_for(pilot, lambda: reader.scroll_offset.y > 0)
        top, bottom = reader.scroll_offset.y, reader.scroll_offset.y + reader.scrollable_content_region.height
        assert reader.page is not None
        byline = reader.page.first_line_of("byline")
        assert byline is not None and top <= byline < bottom


async def test_n_and_shift_n_walk_hits_across_articles(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"bghc")  # pinyin initials of 北国花城
        panel = app.screen.query_one(SearchPanel)
        await wait_for(pilot, lambda: panel.hit_count == 5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: title(app) == "以新气象新作为推动高质量发展取得新成效")
        assert highlighted_text(app) == ["北国花城"] * 3
        screen = app.screen
        await pilot.press("n", "n", "n")
        await wait_for(pilot, lambda: title(app) == "踔厉奋发向未来 精“绣”洛城新画卷")
        assert screen.session.cursor.at == 3
        await pilot.press("N")
        await wait_for(pilot, lambda: title(app) == "以新气象新作为推动高质量发展取得新成效")
        await pilot.press("n", "n", "n")  # to the last hit (4 of 5), and past it: it stays, and says so
        await wait_for(pilot, lambda: screen.session.cursor.at == 4 and "5 of 5" in screen._status)
        assert "last hit" in screen._status


async def test_down_moves_into_the_hits_and_esc_restores_focus(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("tab")  # focus the reader
        reader = app.screen.query_one(ArticleView)
        assert app.focused is reader
        await pilot.press("slash", *"luoyang")
        panel = app.screen.query_one(SearchPanel)
        await wait_for(pilot, lambda: panel.hit_count > 5)
        await pilot.press("down")
        assert app.focused is panel.query_one("#results")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not panel.display)
        assert app.focused is reader
        assert highlighted_text(app) == []  # esc ends the search
        await pilot.press("n")  # nothing to walk: a notice, no crash
        assert len(app.screen.session.cursor.hits) == 0


async def test_scope_widens_to_all_open_issues(tmp_path: Path) -> None:
    app = make_app(tmp_path, [FIXTURES / "culture_page.md", FIXTURES / "economy_page.txt"])
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"洛阳")
        panel = app.screen.query_one(SearchPanel)
        await wait_for(pilot, lambda: panel.hit_count > 0)
        here = {h.file.name for h in app.screen.session.cursor.hits}
        assert here == {app.screen.session.current[0].name} == {"economy_page"}  # the dated page reads first
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: {h.file.name for h in app.screen.session.cursor.hits} == {"culture_page", "economy_page"})
        await pilot.press("escape")
        assert isinstance(app.focused, ArticleList)


async def test_search_in_one_pane_mode(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"zhgd")
        panel = app.screen.query_one(SearchPanel)
        await wait_for(pilot, lambda: panel.hit_count > 0)
        assert panel.region.width == 60
        await pilot.press("enter")
        reader = app.screen.query_one(ArticleView)
        await wait_for(pilot, lambda: reader.region.width > 0 and not panel.display)
        assert "中航光电" in highlighted_text(app)


async def test_a_big_archive_is_indexed_in_a_thread_then_searched(tmp_path: Path, monkeypatch) -> None:
    import threading

    from reader.session import library

    built_on: list[bool] = []  # per index built: on the UI (main) thread?

    class Recording(library.SearchIndex):
        def __init__(self, issues) -> None:
            built_on.append(threading.current_thread() is threading.main_thread())
            super().__init__(issues)

    monkeypatch.setattr(library, "SearchIndex", Recording)
    make_archive(tmp_path / "archive", 80)
    app = make_app(tmp_path, [tmp_path / "archive"])
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        assert not app.screen.session.library.index_ready
        await pilot.press("slash", *"luoyang")
        panel = app.screen.query_one(SearchPanel)
        await wait_for(pilot, lambda: panel.hit_count > 0, timeout=30)
        assert built_on == [False]  # built once, in a worker thread, never on the UI thread
        # Only the current issue is in scope by default; ctrl+t widens to all 80.
        first = {h.file.source for h in app.screen.session.cursor.hits[:50]}
        assert first <= {app.screen.session.current[0].source}
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: len({h.file.source for h in app.screen.session.cursor.hits[:2000]}) > 1)


async def test_search_runs_off_the_ui_thread_and_the_latest_keystroke_wins(tmp_path: Path, monkeypatch) -> None:
    import threading

    from reader.search.index import SearchIndex
    from reader.session.reading import ReadingSession

    on_ui: list[bool] = []
    release = threading.Event()  # the first keystroke's answer is held back until the second's is shown
    real = SearchIndex.search

    finished: list[str] = []

    def held_first(self, query, **kwargs):
        on_ui.append(threading.current_thread() is threading.main_thread())
        if query == "洛":
            release.wait(10)
        try:
            return real(self, query, **kwargs)
        finally:
            finished.append(query)

    taken: list[str] = []  # the queries whose answers reached the screen, in order
    real_take = ReadingSession.take_answer

    def take(self, answer):
        taken.append(answer.request.query)
        return real_take(self, answer)

    monkeypatch.setattr(SearchIndex, "search", held_first)
    monkeypatch.setattr(ReadingSession, "take_answer", take)
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("slash", "洛", "阳")
        panel = app.screen.query_one(SearchPanel)
        await wait_for(pilot, lambda: "「洛阳」" in str(panel.query_one("#search-status").render()))
        count_for_both = panel.hit_count
        release.set()
        await wait_for(pilot, lambda: "洛" in finished)  # the late search for "洛" ran to its end...
        await pilot.pause()
        assert taken == ["洛阳"]  # ...and its worker, cancelled by the next keystroke, posted nothing
        assert panel.hit_count == count_for_both
        assert all(h.snippet[h.snippet_offset : h.snippet_offset + 2] == "洛阳" for h in app.screen.session.cursor.hits[:20])
        assert "「洛阳」" in str(panel.query_one("#search-status").render())
    assert on_ui and not any(on_ui)


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 36)])
async def test_a_hit_in_the_last_paragraph_of_a_long_article_is_shown_with_its_context(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    page = tmp_path / "long.txt"
    paragraphs = [f"第{n}段。" + "洛阳城里春来早,牡丹花开满城香。" * 6 for n in range(40)]
    # The last paragraph is longer than any screen: the view is not held at the end,
    # so the line above the hit is shown because it is asked for.
    paragraphs[-1] = "最后一段先说别的事情。" * 4 + "终章的钥匙词在这里。" + "后面还有很多很多话。" * 60
    page.write_text("# 长文\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    app = make_app(tmp_path, [page])
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"钥匙词")
        panel = app.screen.query_one(SearchPanel)
        await wait_for(pilot, lambda: panel.hit_count == 1)
        await pilot.press("enter")
        reader = app.screen.query_one(ArticleView)
        assert reader.page is not None
        hit_line = reader.page.line_of(39, paragraphs[-1].index("钥匙词"))
        assert hit_line is not None

        def shown_with_context() -> bool:
            top = round(reader.scroll_y)
            bottom = top + reader.scrollable_content_region.height
            return reader.region.width > 0 and top <= hit_line - 1 and hit_line < bottom

        await wait_for(pilot, shown_with_context)
        assert reader.scroll_y > 0 and reader.marked() == ["钥匙词"]


async def test_passing_facts_go_to_the_status_line_not_over_the_text(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot)
        screen = app.screen
        await pilot.press("slash", *"洛阳")
        panel = screen.query_one(SearchPanel)
        await wait_for(pilot, lambda: panel.hit_count > 4)
        await pilot.press("enter", "n", "n", "n", "n")
        await wait_for(pilot, lambda: screen.status == f"hit 5 of {panel.hit_count}")
        masthead = str(screen.query_one("#masthead").render())
        assert masthead.startswith(f"hit 5 of {panel.hit_count}  洛阳日报")
        await pilot.press("u")
        await wait_for(pilot, lambda: screen.status.startswith("Read: ") or screen.status.startswith("Unread: "))
        await pilot.pause(0.2)
        assert list(app.screen.query("Toast")) == []  # nothing stacked over the reading pane


async def test_the_hit_chosen_is_opened_after_a_keyword_was_marked_meanwhile(tmp_path: Path) -> None:
    """Marking a keyword replaces the session's hits but not the panel's rows:
    enter on a row opens that row's hit (an index into the new hits opened another)."""
    from reader.tui.widgets.keyword_panel import KeywordList
    from reader.tui.widgets.search_panel import HitOption

    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"北国花城")
        panel = screen.query_one(SearchPanel)
        await wait_for(pilot, lambda: panel.hit_count == 5)
        await pilot.press("down", "down", "down")  # into the hits, the third row
        results = panel.query_one("#results")
        chosen = results.highlighted_option
        assert isinstance(chosen, HitOption) and results.highlighted == 2
        before = screen.session.cursor.hits
        screen.query_one(KeywordList).post_message(KeywordList.Chosen("扎实巩固"))
        await wait_for(pilot, lambda: screen.session.cursor.hits is not before)  # the marked word's hits now
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.session.current is not None
                       and screen.session.current[1] is chosen.hit.article)
        assert "扎实巩固" not in chosen.hit.article.display_title  # not the marked word's article


async def test_the_pinyin_tables_load_once_a_letters_hits_are_shown(tmp_path: Path, monkeypatch) -> None:
    """Not at the first "/" (memory a reader of hanzi never needs), nor while
    the first letter's own hits are searched and drawn: once they are shown."""
    from reader.session.library import MemoryLibrary

    shown_then: list[str] = []  # the search's status line when the tables were asked for
    real = MemoryLibrary.warm_pinyin
    app = make_app(tmp_path)

    def warm(library: MemoryLibrary) -> None:
        shown_then.append(str(app.screen.query_one("#search-status").render()))
        real(library)

    monkeypatch.setattr(MemoryLibrary, "warm_pinyin", warm)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("slash", "洛")
        panel = app.screen.query_one(SearchPanel)
        await wait_for(pilot, lambda: panel.hit_count > 0)
        await pilot.pause()
        assert shown_then == []  # hanzi: no tables
        await pilot.press("backspace", "l")
        await wait_for(pilot, lambda: bool(shown_then))
        assert "「l」" in shown_then[0]  # the letter's hits were on the screen first
        await pilot.press("u", "o")
        await wait_for(pilot, lambda: "「luo」" in str(panel.query_one("#search-status").render()))
        assert len(shown_then) == 1  # once a session


async def test_the_hits_drawn_are_those_shown_then_more_as_the_highlight_goes_down(tmp_path: Path) -> None:
    """Each hit drawn is typeset on every key, so a new query draws what the
    list shows and two more; walking down draws the rest, to the last hit."""
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("slash", "的")
        panel = app.screen.query_one(SearchPanel)
        await wait_for(pilot, lambda: panel.hit_count > 30)
        results = panel.query_one("#results", OptionList)
        assert 0 < results.size.height // 2 <= results.option_count <= results.size.height // 2 + FIRST_AHEAD
        await pilot.press("down")  # into the hits
        for _ in range(panel.hit_count - 1):
            await pilot.press("down")
        await wait_for(pilot, lambda: results.highlighted == panel.hit_count - 1)
        assert results.option_count == panel.hit_count
