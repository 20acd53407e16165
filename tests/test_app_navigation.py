"""Pilot tests: keyboard navigation and layout at several sizes."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES, make_archive
from rich.cells import cell_len
from ui_helpers import make_app, wait_for

from reader.tui.screens.help import HelpScreen
from reader.tui.screens.main import MainScreen
from reader.tui.widgets.article_list import ArticleList, FileOption, GroupOption
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.sidebar import Outline


def shown_title(app) -> str:
    return app.screen.query_one(ArticleView).title


async def list_and_reader(pilot) -> tuple[MainScreen, ArticleList, ArticleView]:
    """Wait for the main screen; return it with its list and reader panes."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, MainScreen))
    screen = pilot.app.screen
    return screen, screen.query_one(ArticleList), screen.query_one(ArticleView)


async def test_starts_with_first_article_readable_and_list_focused(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.pause()
        assert shown_title(app) == "让脱贫群众生活更上一层楼"
        assert isinstance(app.focused, ArticleList)
        screen = app.screen
        assert screen.has_class("-wide")
        for widget in (ArticleList, ArticleView, Outline):
            assert screen.query_one(widget).display


async def test_list_keys_move_and_open(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        articles = app.screen.query_one(ArticleList)
        await pilot.press("j", "j")
        assert articles.highlighted == 2
        # Moving does not open: the reader still shows the first article.
        assert shown_title(app) == "让脱贫群众生活更上一层楼"
        await pilot.press("k")
        assert articles.highlighted == 1
        await pilot.press("enter")
        await wait_for(pilot, lambda: shown_title(app) == "洛阳光电元器件产业集群再添发展动能")
        assert isinstance(app.focused, ArticleView)
        await pilot.press("G")
        assert articles.highlighted == 1  # G went to the reader, not the list
        await pilot.press("h")
        assert isinstance(app.focused, ArticleList)
        await pilot.press("G")
        assert articles.highlighted == 4
        await pilot.press("g", "down", "l")
        await wait_for(pilot, lambda: shown_title(app) == "洛阳光电元器件产业集群再添发展动能")


async def test_brackets_step_through_articles_from_anywhere(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.press("right_square_bracket")
        assert shown_title(app) == "洛阳光电元器件产业集群再添发展动能"
        assert app.screen.query_one(ArticleList).highlighted == 1
        await pilot.press("tab")  # to the reader
        assert isinstance(app.focused, ArticleView)
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert shown_title(app) == "提升统战工作质效 凝聚同心奋进力量"
        await pilot.press("left_square_bracket")
        assert shown_title(app) == "以新气象新作为推动高质量发展取得新成效"
        for _ in range(6):
            await pilot.press("left_square_bracket")
        assert shown_title(app) == "让脱贫群众生活更上一层楼"


async def test_brackets_in_the_list_step_from_the_highlighted_row(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        articles = app.screen.query_one(ArticleList)
        articles.focus()
        await pilot.press("j", "j")  # the third row highlighted; the first article is still open
        assert shown_title(app) == "让脱贫群众生活更上一层楼"
        await pilot.press("right_square_bracket")  # the row after the highlighted one
        assert shown_title(app) == "提升统战工作质效 凝聚同心奋进力量"
        await pilot.press("k", "k", "k", "left_square_bracket")  # from the first row: nothing before it
        await wait_for(pilot, lambda: app.screen.status == "This is the first article")
        assert shown_title(app) == "提升统战工作质效 凝聚同心奋进力量"


async def test_reader_pages_and_jumps(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        reader = app.screen.query_one(ArticleView)
        await pilot.press("space")  # pages the reader while the list keeps focus
        await wait_for(pilot, lambda: reader.scroll_y > 0)
        assert isinstance(app.focused, ArticleList)
        await pilot.press("tab")
        assert app.focused is reader
        first_page = reader.scroll_y
        await pilot.press("space")
        await wait_for(pilot, lambda: reader.scroll_y > first_page)
        await pilot.press("b")
        await wait_for(pilot, lambda: reader.scroll_y == first_page)
        await pilot.press("G")
        await wait_for(pilot, lambda: reader.scroll_y == reader.max_scroll_y)
        await pilot.press("g")
        await wait_for(pilot, lambda: reader.scroll_y == 0)
        await pilot.press("j", "j", "j")
        await wait_for(pilot, lambda: reader.scroll_y == 3)


async def test_outline_jumps_to_a_section(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.press("tab", "tab", "tab", "tab")  # list → reader → keywords → related → outline
        outline = app.screen.query_one(Outline)
        assert app.focused is outline
        await pilot.press("j", "j", "enter")  # third entry: section 2
        reader = app.screen.query_one(ArticleView)
        assert reader.article is not None
        blocks = reader.article.blocks
        await wait_for(pilot, lambda: blocks[reader.top_block() or 0].text == "2 富民增收 日子红火")
        assert app.focused is reader and reader.scroll_y > 0


async def test_help_lists_keys_and_closes(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        # The help is longer than 24 rows: it scrolls with the reader's keys.
        body = app.screen.query_one("#help-body")
        assert body.max_scroll_y > 0
        for keys, moved in ((["j"], 1), (["ctrl+d"], None), (["G"], body.max_scroll_y), (["k"], body.max_scroll_y - 1),
                            (["g"], 0), (["space"], None)):
            before = body.scroll_y
            await pilot.press(*keys)
            await wait_for(pilot, lambda moved=moved, before=before: body.scroll_y == moved if moved is not None
                           else body.scroll_y > before)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        assert isinstance(app.focused, ArticleList)


async def test_quit_key(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.press("q")
        await wait_for(pilot, lambda: app.return_code is not None)  # q asked the app to exit
    assert app.return_code == 0


async def test_sidebar_collapses_below_100_columns_and_toggles(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        outline = app.screen.query_one(Outline)
        assert app.screen.has_class("-medium")
        assert not outline.display or outline.region.width == 0
        await pilot.press("s")
        await wait_for(pilot, lambda: outline.region.width > 0)
        await pilot.press("s")
        await wait_for(pilot, lambda: outline.region.width == 0)
        await pilot.resize_terminal(120, 36)
        await wait_for(pilot, lambda: app.screen.has_class("-wide") and outline.region.width > 0)


async def test_the_sidebar_takes_the_lists_place_at_80_and_the_list_follows_the_width(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        articles, reader = app.screen.query_one(ArticleList), app.screen.query_one(ArticleView)
        width = reader.region.width
        await pilot.press("s")
        await wait_for(pilot, lambda: app.screen.query_one(Outline).region.width > 0)
        await wait_for(pilot, lambda: articles.region.width == 0)
        assert reader.region.width >= 50 and reader.region.width >= width  # never squeezed
        assert app.focused is not None and app.focused.region.width > 0  # the focus is on a pane you see
        await pilot.press("s")
        await wait_for(pilot, lambda: articles.region.width == 30)
        for cols, list_width in ((120, 34), (160, 46), (220, 48)):
            await pilot.resize_terminal(cols, 36)
            await wait_for(pilot, lambda w=list_width: articles.region.width == w)


async def test_one_pane_below_70_columns(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        screen, articles, reader = await list_and_reader(pilot)
        # Opens on the first article, readable; h goes back to the list.
        assert reader.region.width > 0 and articles.region.width == 0
        await pilot.press("h")
        await wait_for(pilot, lambda: articles.region.width > 0 and reader.region.width == 0)
        assert app.focused is articles
        await pilot.press("j", "enter")
        await wait_for(pilot, lambda: reader.region.width > 0 and articles.region.width == 0)
        assert shown_title(app) == "洛阳光电元器件产业集群再添发展动能"
        assert app.focused is reader


async def test_narrowing_while_a_focus_move_is_pending_shows_the_focused_pane(tmp_path: Path) -> None:
    # Textual moves the focus on a later turn of the loop; a resize handled in
    # between must not choose the one pane from the focus that is going away.
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, articles, reader = await list_and_reader(pilot)
        assert app.focused is articles
        second = screen.session.files[0].articles[1]
        await screen.open_article(screen.session.files[0], second)  # asks for the reader's focus
        screen.update_classes(screen.width_classes(60))  # the terminal shrank before that was served
        await wait_for(pilot, lambda: app.focused is reader)
        await pilot.resize_terminal(60, 20)
        await wait_for(pilot, lambda: screen.has_class("-narrow") and articles.region.width == 0)
        assert reader.parent.region.width == 60  # the reading pane's frame


async def test_cjk_lines_fit_their_pane_at_every_size(tmp_path: Path) -> None:
    app = make_app(tmp_path, [FIXTURES / "culture_page.md", FIXTURES / "economy_page.txt"])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        for size in ((80, 24), (61, 30), (97, 40), (120, 36), (150, 50)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            reader = app.screen.query_one(ArticleView)
            width = reader.scrollable_content_region.width
            if not width:
                continue  # a hidden pane
            assert reader.page is not None and reader.page.width == width
            measure = min(72, width) - 4  # the page's measure, less its padding
            for line in reader.lines():
                assert cell_len(line) <= measure, (size, line)
        # Several issues: a header row for one without a page; the page the
        # economy page's dateline names is a date and page group of its own.
        options = app.screen.query_one(ArticleList).options
        headers = [o for o in options if isinstance(o, FileOption)]
        assert [h.file.name for h in headers] == ["culture_page"]
        assert [o.path for o in options if isinstance(o, GroupOption)] == [
            ("2024年4月16日 周二",), ("2024年4月16日 周二", "第2版 经济新闻")]


async def test_issues_fold_and_a_big_archive_opens_folded(tmp_path: Path) -> None:
    make_archive(tmp_path / "archive", 60)
    app = make_app(tmp_path, [tmp_path / "archive"])
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.session.current is not None)
        articles = app.screen.query_one(ArticleList)
        first_issue = app.screen.session.files[0]
        # Only the issue being read is unfolded: 60 header rows plus its articles.
        headers = [o for o in articles.options if isinstance(o, FileOption)]
        assert len(headers) == 60
        assert len(articles.article_options) == len(first_issue.articles)
        # ] walks into the next issue, unfolding it.
        for _ in range(len(first_issue.articles)):
            await pilot.press("right_square_bracket")
        assert app.screen.session.current[0] is app.screen.session.files[1]
        assert {o.file.source for o in articles.article_options} == {first_issue.source, app.screen.session.files[1].source}
        # Enter on a header folds it.
        articles.focus()
        articles.highlighted = articles.get_option_index(headers[0].id)
        await pilot.press("enter")
        await wait_for(pilot, lambda: all(o.file is not first_issue for o in articles.article_options))
        await pilot.press("enter")
        await wait_for(pilot, lambda: any(o.file is first_issue for o in articles.article_options))


async def test_a_big_archive_is_listed_once_as_the_reader_opens(tmp_path: Path, monkeypatch) -> None:
    """The list is built once before the first frame, its first issue
    already open (building it is per file: at 20,000 files, tens of ms)."""
    make_archive(tmp_path / "archive", 60)
    built: list[int] = []
    rebuild = ArticleList._rebuild
    monkeypatch.setattr(ArticleList, "_rebuild", lambda self: built.append(1) or rebuild(self))
    app = make_app(tmp_path, [tmp_path / "archive"])
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.session.current is not None)
        articles = app.screen.query_one(ArticleList)
        assert len(built) == 1
        first_issue = app.screen.session.files[0]
        assert {o.file.source for o in articles.article_options} == {first_issue.source}


async def test_z_folds_every_issue_and_capital_z_unfolds_them(tmp_path: Path, monkeypatch) -> None:
    make_archive(tmp_path / "archive", 150)  # more than 100 issues: two groups, the second folded
    app = make_app(tmp_path, [tmp_path / "archive"])
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.session.current is not None)
        articles = app.screen.query_one(ArticleList)
        issues = app.screen.session.files
        total = sum(len(issue.articles) for issue in issues)
        await pilot.press("z")
        await wait_for(pilot, lambda: not articles.article_options)
        assert [type(o) for o in articles.options] == [GroupOption, GroupOption]  # every group folded
        await pilot.press("Z")
        await wait_for(pilot, lambda: len(articles.article_options) == total)
        assert app.screen.status == "Unfolded every issue"
        # A bigger list than unfold-all reads whole: only the open groups' issues unfold.
        monkeypatch.setattr(ArticleList, "UNFOLD_ALL_UP_TO", 10)
        await pilot.press("z")
        articles.toggle_group(articles.options[0].path)  # open the first group only
        await pilot.press("Z")
        await wait_for(pilot, lambda: len(articles.article_options) == sum(len(i.articles) for i in issues[:100]))
        assert "open groups" in app.screen.status


async def test_command_palette_runs_the_actions(tmp_path: Path) -> None:
    from textual.command import CommandList, CommandPalette

    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.session.current is not None)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"Next article")
        commands = app.screen.query_one(CommandList)
        await wait_for(pilot, lambda: commands.option_count > 0 and commands.highlighted is not None)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and shown_title(app) == "洛阳光电元器件产业集群再添发展动能")


async def test_the_line_being_read_stays_at_the_top_through_resizes_and_the_sidebar(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen, articles, reader = await list_and_reader(pilot)
        await pilot.press("tab", "g", "space")  # mid-article: no size puts it at the end
        await wait_for(pilot, lambda: 0 < reader.scroll_y < reader.max_scroll_y and reader.position()[0] > 0)
        block, offset, _ = reader.position()

        def kept() -> bool:
            now_block, now_offset, _ = reader.position()
            return reader.settled and now_block == block and now_offset <= offset

        for size in ((160, 36), (120, 36), (80, 24), (120, 36)):
            await pilot.resize_terminal(*size)
            await wait_for(pilot, lambda size=size: reader.page is not None and reader.page.width ==
                           reader.scrollable_content_region.width and kept())
        await pilot.press("s")  # the sidebar off and on: the pane widens and narrows
        await wait_for(pilot, lambda: not screen.query_one("#sidebar").display and kept())
        await pilot.press("s")
        await wait_for(pilot, lambda: screen.query_one("#sidebar").display and kept())
        assert reader.page is not None
        assert reader.scroll_y == reader.page.line_of(block, offset)  # the same line at the top


async def test_the_reader_takes_less_and_vim_pager_keys(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, articles, reader = await list_and_reader(pilot)
        await pilot.press("tab")
        half = reader.scrollable_content_region.height // 2
        for key, moved in (("ctrl+d", half), ("ctrl+e", half + 1), ("ctrl+y", half), ("ctrl+u", 0)):
            await pilot.press(key)
            await wait_for(pilot, lambda moved=moved: reader.scroll_y == moved)
        await pilot.press("ctrl+f")
        await wait_for(pilot, lambda: reader.scroll_y >= reader.scrollable_content_region.height - 1)
        await pilot.press("ctrl+b")
        await wait_for(pilot, lambda: reader.scroll_y == 0)


async def test_the_palette_offers_every_action_of_the_main_screen(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        offered = {getattr(command.callback, "__name__", "") for command in app.get_system_commands(app.screen)}
        actions = {f"action_{b.action}" for b in MainScreen.BINDINGS if not b.action.startswith("app.")}
        assert actions - offered == set()
        assert "action_mark_keyword" in offered and "action_help" in offered


async def test_unread_jumps_the_ends_say_so_and_the_reader_shows_how_far(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen, articles, reader = await list_and_reader(pilot)
        first, second, third = screen.session.files[0].articles[:3]
        screen.session.mark_read([second])
        await pilot.press("tab", "greater_than_sign")  # over the read second article
        await wait_for(pilot, lambda: reader.title == third.display_title)
        await pilot.press("less_than_sign")
        await wait_for(pilot, lambda: reader.title == first.display_title)
        await pilot.press("left_square_bracket")
        await wait_for(pilot, lambda: screen.status == "This is the first article")
        assert reader.progress == "0%" and reader.parent.border_subtitle == "0%"
        await pilot.press("G")
        await wait_for(pilot, lambda: reader.progress == "100%" and reader.parent.border_subtitle == "100%")


async def test_one_pane_back_and_forth_keeps_the_reader_saving_its_place(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        screen, articles, reader = await list_and_reader(pilot)
        article_id = screen.session.files[0].articles[0].id
        await pilot.press("space")
        await wait_for(pilot, lambda: reader.scroll_y > 0)
        from reader.tui.widgets.key_bar import KeyBar

        bar = screen.query_one(KeyBar)  # at 60 columns the footer keeps only what fits: the way back first
        assert "h" in [key for _, key, _, _ in bar.keys()][:1] and " h " in bar.render().plain
        await pilot.press("h")  # the reader is hidden: no width
        await wait_for(pilot, lambda: articles.region.width > 0 and reader.region.width == 0)
        await pilot.press("enter")  # the same article again
        await wait_for(pilot, lambda: reader.region.width > 0 and reader.settled)
        await pilot.press("space", "space")
        await wait_for(pilot, lambda: screen.session.states[article_id].progress > 0, timeout=5)


async def test_a_dated_tree_lists_date_then_page_then_article_and_keys_step_pages_and_dates(tmp_path: Path) -> None:
    app = make_app(tmp_path, [FIXTURES / "crawler", FIXTURES / "epaper"])
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.session.current is not None)
        screen = app.screen
        shape = [(type(o).__name__, o.path if isinstance(o, GroupOption) else o.article.title)
                 for o in screen.query_one(ArticleList).options]
        # 洛阳日报's days in order (the crawler's 2nd names it on one page), then the day that names no paper.
        assert shape == [
            ("GroupOption", ("2008年12月3日 周三",)),
            ("GroupOption", ("2008年12月3日 周三", "第2版 要闻·综合")),
            ("ArticleOption", "老城区启动背街小巷改造工程"),
            ("ArticleOption", "伊河湿地迎来首批越冬候鸟"),
            ("ArticleOption", "冬季供暖热线今起开通"),
            ("ArticleOption", "社区食堂让老人吃上热乎饭"),
            ("GroupOption", ("2025年1月2日 周四",)),
            ("GroupOption", ("2025年1月2日 周四", "第1版 要闻")),
            ("ArticleOption", "古都新春文化活动启幕"),
            ("GroupOption", ("2025年1月2日 周四", "第4版 经济")),
            ("ArticleOption", "一季度外贸进出口保持增长"),
            ("ArticleOption", "小微企业贷款余额创新高"),
            ("GroupOption", ("2025年1月3日 周五",)),
            ("GroupOption", ("2025年1月3日 周五", "第1版 要闻")),
            ("ArticleOption", "冬日伊河风光"),
        ]
        masthead = screen.query_one("#masthead")
        assert str(masthead.render()) == "洛阳日报 · 3 issues · 8 articles · 2008年12月3日 周三 · 第2版 要闻·综合"

        def title() -> str:
            return screen.session.current[1].title

        assert title() == "老城区启动背街小巷改造工程"
        await pilot.press("full_stop")  # the next date
        await wait_for(pilot, lambda: title() == "古都新春文化活动启幕")
        await wait_for(pilot, lambda: str(masthead.render()).endswith("2025年1月2日 周四 · 第1版 要闻"))  # the day, its page
        await pilot.press("right_parenthesis")  # the next page of the day
        await wait_for(pilot, lambda: title() == "一季度外贸进出口保持增长")
        await wait_for(pilot, lambda: str(masthead.render()).endswith("第4版 经济"))
        await pilot.press("full_stop")
        await wait_for(pilot, lambda: title() == "冬日伊河风光")
        await pilot.press("left_parenthesis")  # the day's only page: nowhere to go
        await wait_for(pilot, lambda: "first page" in screen.status)
        await pilot.press("comma")
        await wait_for(pilot, lambda: title() == "古都新春文化活动启幕")
        await pilot.press("left_curly_bracket")  # the paper's issue before: 2008
        await wait_for(pilot, lambda: title() == "老城区启动背街小巷改造工程")


async def test_textual_s_own_palette_words_are_in_the_ui_language(tmp_path: Path) -> None:
    from textual.app import App
    from textual.command import CommandInput, CommandPalette

    from reader.core import i18n

    catalogue = i18n.read_po(i18n.po_path("zh").read_text(encoding="utf-8"))
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        # Every system command Textual offers (this version's) has a Chinese title and help.
        for command in App.get_system_commands(app, app.screen):
            assert catalogue.get(command.title) and catalogue.get(command.help), command
        try:
            i18n.use_language("zh")
            titles = {command.title for command in app.get_system_commands(app.screen)}
            assert {"主题", "退出", "截图"} <= titles
            await pilot.press("ctrl+p")
            await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette) and app.screen.query(CommandInput))
            assert app.screen.query_one(CommandInput).placeholder == "搜索命令…"
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
            app.action_change_theme()
            await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette) and app.screen.query(CommandInput))
            assert app.screen.query_one(CommandInput).placeholder == "搜索主题…"
        finally:
            i18n.use_language("en")


async def test_space_at_the_end_of_an_article_reads_on_into_the_next(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, articles, reader = await list_and_reader(pilot)
        issue = screen.session.files[0]
        first, second = issue.articles[:2]
        await pilot.press("tab")
        pages = 0
        while reader.title == first.display_title:  # space pages down, then goes on
            assert pages < 40, "space never left the first article"
            before = reader.scroll_y
            await pilot.press("space")
            await wait_for(pilot, lambda before=before: reader.scroll_y != before or reader.title != first.display_title)
            pages += 1
        await wait_for(pilot, lambda: reader.title == second.display_title and screen.focused is reader)
        assert pages > 2 and reader.scroll_y == 0  # it paged through the first, and opened the second at its top
        assert screen.session.state(first.id).read and not screen.session.state(second.id).read
        # At the last article's end, space stays and says so.
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket", "G")
        await wait_for(pilot, lambda: reader.title == issue.articles[-1].display_title and reader.at_end)
        await pilot.press("space")
        await wait_for(pilot, lambda: screen.status == "This is the last article")
        # pgdn never leaves the article.
        await pilot.press("pagedown")
        await pilot.pause()
        assert reader.title == issue.articles[-1].display_title


def key_line(app) -> str:
    """The key bar's line as last painted (not rendered anew here)."""
    from reader.tui.widgets.key_bar import KeyBar

    return app.screen.query_one(KeyBar).render_line(0).text


async def test_the_key_bar_follows_the_focus_shows_whole_keys_and_presses_a_clicked_one(tmp_path: Path) -> None:
    from reader.tui.widgets.key_bar import KeyBar

    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen, articles, reader = await list_and_reader(pilot)
        await wait_for(pilot, lambda: " ⏎ Open " in key_line(app))  # the list's keys, Footer's spacing
        assert "Page ↓" not in key_line(app)
        await pilot.press("tab")
        await wait_for(pilot, lambda: " pgdn Page ↓ " in key_line(app))  # now the reader's
        assert "⏎ Open" not in key_line(app)
        bar = screen.query_one(KeyBar)
        start = key_line(app).index(" / Search")
        await pilot.click(KeyBar, offset=(start + 2, 0))
        await wait_for(pilot, lambda: screen.has_class("-searching"))
        assert bar.keys()[0][0] == "escape"  # the search box's keys, its own first
    async with make_app(tmp_path).run_test(size=(60, 20)) as pilot:
        await list_and_reader(pilot)
        await wait_for(pilot, lambda: key_line(pilot.app).strip() != "")
        line = key_line(pilot.app)
        shown = [description for _key, _shown, description, _on in pilot.app.screen.query_one(KeyBar).keys()]
        assert line.rstrip().endswith(tuple(shown))  # whole keys only, never half of one


async def test_j_on_the_last_row_stays_and_says_so(tmp_path: Path) -> None:
    """Lists stop at their ends, as articles, pages and hits do: no silent wrapping round."""
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen, articles, _reader = await list_and_reader(pilot)
        articles.focus()
        await pilot.press("G")
        await wait_for(pilot, lambda: articles.highlighted == articles.option_count - 1)
        await pilot.press("j")
        await wait_for(pilot, lambda: "end of the list" in screen._status)
        assert articles.highlighted == articles.option_count - 1
        await pilot.press("g", "k")
        await wait_for(pilot, lambda: "start of the list" in screen._status)
        assert articles.highlighted == 0


async def test_a_source_line_is_shown_where_it_was_printed_quiet_as_a_note(tmp_path: Path) -> None:
    """《某某晚报》（…版） inside an article: in the reading pane, in order, in the notes' quiet style (#27)."""
    page = FIXTURES / "shapes" / "crawler" / "2025-01-03" / "04-生态" / "老街坊的新年饭.md"
    app = make_app(tmp_path, [page])
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.session.current is not None)
        reader = app.screen.query_one(ArticleView)
        await wait_for(pilot, lambda: bool(reader.unit_texts("source")))
        assert reader.unit_texts("source") == ["《某某晚报》（2025年01月03日第 04 版）"] * 2
        assert reader.unit_texts("byline") == ["本报记者  潘某某"]
        lines = [line.strip() for line in reader.lines()]
        sources = [n for n, line in enumerate(lines) if line.startswith("《某某晚报》")]
        assert sources[0] < lines.index("一进腊月，东关街的老街坊们就开始") < lines.index("本报记者  潘某某") < sources[1]
        for theme in ("luoyang-ink", "luoyang-paper"):
            app.theme = theme
            await pilot.pause()
            source = reader.get_component_rich_style("article-view--source")
            assert source == reader.get_component_rich_style("article-view--note")
            assert source != reader.get_component_rich_style("article-view--paragraph")
