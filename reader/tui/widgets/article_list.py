"""The article list: one row per article, under its file, page, day and paper
(``text.grouping``), in reading order."""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.css.styles import RulesMap
from textual.message import Message
from textual.visual import RichVisual
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from reader.core.i18n import _, count_of
from reader.core.model import Article, SourceFile, page_at, page_name_label
from reader.core.safe_text import clean_line
from reader.session.library import Grouped
from reader.session.row_state import RowState
from reader.text.grouping import group_counts, group_paths, is_page_group
from reader.tui import keymap
from reader.tui.keymap import bindings
from reader.tui.widgets.cjk_text import Typeset
from reader.tui.widgets.lists import VimList

StateOf = Callable[[str], RowState]  # what the list shows of an article besides its title, by its id
# Markers are narrow in every terminal (East Asian width "N", never ambiguous).
UNREAD = "▪"
BOOKMARK = "⚑"


def row_prompt(article: Article, state: RowState) -> Table:
    """Markers, then the title (hanging indent); a dim line of context and progress."""
    grid = Table.grid(expand=True)
    grid.add_column(width=3, no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    markers = Text(UNREAD if not state.read else " ", style="bold")
    markers.append(BOOKMARK if state.bookmarks else " ")
    # Broken by the reading pane's rules (never 《 at a line's end nor 、》 at a line's start),
    # and between a title and its subtitle where it can.
    grid.add_row(markers, Typeset(Text(clean_line(article.display_title), style="" if state.read else "bold"),
                                  at_spaces=True))
    # The state first (hits, how far read), then the context line, which gives
    # way (cut with …) in a narrow list.
    detail = []
    if state.matches:
        detail.append(count_of("{count} hit", "{count} hits", state.matches))
    if state.read:  # read stays read: a resize re-wraps the text and moves the percentage, not the fact
        detail.append(_("read"))
    elif 0 < state.progress < 1:
        detail.append(f"{round(state.progress * 100)}%")
    context = article.column or article.kicker or article.subtitle or ""
    if context:
        detail.append(context)
    if detail:
        grid.add_row("", Text(clean_line(" · ".join(detail)), style="dim", no_wrap=True, overflow="ellipsis"))
    return grid


class ArticleOption(Option):
    """A list row carrying its article."""

    def __init__(self, file: SourceFile, article: Article, state: RowState) -> None:
        super().__init__(row_prompt(article, state), id=article_key(file, article))
        self.file = file
        self.article = article


def article_key(file: SourceFile, article: Article) -> str:
    """The row id: the article id, made unique across files."""
    return f"{file.source}\x1f{article.id}"


def file_key(file: SourceFile) -> str:
    return f"file\x1f{file.source}"


def file_header(file: SourceFile, state_of: StateOf, open_: bool = True) -> Table:
    """A file's name, folded or not, and how many of its articles are unread:
    one line, where the name gives way (…) before the count does."""
    if file.pending:
        name, counts, style = f"  {file.name}", _("(reading…)"), "dim"
    else:
        ids = file.article_ids  # a folded file's articles are not read to count them
        unread = sum(1 for article_id in ids if not state_of(article_id).read)
        name = f"{'▾' if open_ else '▸'} {file.name}"
        counts = _("({unread}/{total} unread)").format(unread=unread, total=len(ids))
        style = "bold"
    return one_line(Text(clean_line(name), style=style), Text(" " + counts, style=style if file.pending else "dim"))


def one_line(label: Text, count: Text) -> Table:
    """A header row: the label cut with … where the count needs the room."""
    grid = Table.grid(expand=True)
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    grid.add_column(no_wrap=True, justify="right")
    grid.add_row(label, count)
    return grid


class OneRow(RichVisual):
    """A header row (``one_line``): one line at any width, so the list knows
    its height without rendering it. A list of thousands of group and file
    headers is measured at once, and only the rows on screen are drawn."""

    def __init__(self, widget: Widget, grid: Table) -> None:
        super().__init__(widget, grid)
        self.grid = grid

    def get_height(self, rules: RulesMap, width: int) -> int:
        return 1

    def __rich__(self) -> Table:
        """The row as Rich prints it (outside the list)."""
        return self.grid


def group_key(path: tuple[str, ...]) -> str:
    return "group\x1f" + "\x1f".join(path)


class GroupOption(Option):
    """A group of files (a year, a month, a date, a page, a folder, a run of
    files) and how many articles it holds; ``enter`` folds or unfolds it."""

    def __init__(self, list_: Widget, path: tuple[str, ...], size: int, open_: bool) -> None:
        marker = "▾" if open_ else "▸"
        # The count short ("(40)"; "40 篇" in Chinese): in a list 32 columns wide, "40 articles" left a
        # date no room ("2025年1月2…" could be the 2nd or the 20th to the 29th).
        grid = one_line(Text(clean_line(f"{'  ' * (len(path) - 1)}{marker} {path[-1]}"), style="bold"),
                        Text(" " + _("({count})").format(count=size), style="dim"))
        super().__init__(OneRow(list_, grid), id=group_key(path))
        self.path = path
        self.is_open = open_


class FileOption(Option):
    """A file's header row; ``enter`` folds or unfolds it."""

    def __init__(self, list_: Widget, file: SourceFile, prompt: Table) -> None:
        super().__init__(OneRow(list_, prompt), id=file_key(file))
        self.file = file


def _same_files(files: list[SourceFile], shown: list[SourceFile]) -> bool:
    """Whether ``files`` are the very files ``shown``, in order (a copy of the list is)."""
    return len(files) == len(shown) and all(map(operator.is_, files, shown))


class ArticleList(VimList):
    """Articles of the open files; ``enter`` opens one."""

    BINDINGS = bindings(keymap.ARTICLE_LIST)

    @dataclass
    class PageReader(Message):
        """Page the reading pane while the list keeps the focus (like a pager preview)."""

        down: bool

    def action_page_reader(self, down: bool) -> None:
        self.post_message(self.PageReader(down))

    EXPAND_ALL_UP_TO = 200  # articles: more than this, and only the current file starts open
    ROWS_PER_FILE = 400  # at most this many article rows of one file at once: a window

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._files: list[SourceFile] = []
        self._state_of: StateOf = lambda _article_id: RowState()
        self._only: set[str] | None = None
        self.expanded: set[str] = set()
        self.open_groups: set[tuple[str, ...]] = set()
        self._paths: list[tuple[str, ...]] = []  # each file's group path (see ``text.grouping``)
        self._sizes: Counter[tuple[str, ...]] = Counter()  # articles per group
        self._alone: set[tuple[str, ...]] = set()  # groups of one file
        self._window: dict[str, int] = {}  # file source -> first article row shown
        self._index_of: dict[str, int] = {}  # option id -> index, for the rows shown

    def show_files(
        self, files: list[SourceFile], state_of: StateOf, only: set[str] | None = None,
        reveal: SourceFile | None = None, grouped: Grouped | None = None,
    ) -> None:
        """Fill the list with ``files`` in reading order: when several
        are open, a header row per file (``enter`` folds or unfolds it) under
        its groups; with ``only``, just those articles; with ``reveal``, that
        file's groups unfolded; with ``grouped``, the files' group paths and
        the sizes of the groups that hold more than them, as given (a big
        archive's first issue, grouped as the whole archive)."""
        # Small: few articles, all known. Files still being read count none yet, and there are
        # many of them (a big archive): unfolding them all made a row for each of 40,000 files.
        small = not any(i.pending for i in files) and sum(i.article_count for i in files) <= self.EXPAND_ALL_UP_TO
        if not self._files and small:
            self.expanded = {i.source for i in files}
        if not _same_files(files, self._files):  # a filter shows the same files: their groups stand
            first_fill = not self._files
            self._paths = group_paths(files) if grouped is None else grouped[0]
            held, self._sizes = group_counts(self._paths, [file.article_count for file in files])
            if grouped is not None:  # the archive's sizes, where the files shown are some of it
                self._sizes = Counter({**self._sizes, **grouped[1]})
            self._alone = {path for path, count in held.items() if count == 1}
            if first_fill and small:
                self.open_groups |= set(self._sizes)  # a small archive starts unfolded
            elif first_fill and self._paths and self._paths[0]:  # the first file's groups start open
                self.open_groups |= {self._paths[0][:depth] for depth in range(1, len(self._paths[0]) + 1)}
        self._files, self._state_of, self._only = files, state_of, only
        if reveal is not None:
            self._open_groups_of(reveal)
        self._rebuild()

    def _rebuild(self) -> None:
        previous = self.highlighted_option
        only = self._only
        options: list[Option] = []
        several = len(self._files) > 1
        before: tuple[str, ...] = ()
        unfolded = self._unfolded(before)
        for file, path in zip(self._files, self._paths, strict=True):
            if path != before:  # the headers of the groups that start here, where their parents are open
                for depth in range(1, len(path) + 1):
                    group = path[:depth]
                    if group != before[:depth] and self._unfolded(group[:-1]):
                        options.append(GroupOption(self, group, self._sizes[group], group in self.open_groups))
                before, unfolded = path, self._unfolded(path)  # files of a group follow each other
            if not unfolded:
                continue  # folded away: its articles are not even read
            if only is None:  # a file still being read has a row that says so
                if not file.article_count and not file.pending:
                    continue
            elif not any(article_id in only for article_id in file.article_ids):
                continue  # a folded file's articles are not read to know (only their ids)
            # A page's only file, or a file of one article (a crawler's), needs no
            # header of its own: the page's group row stands for it.
            headed = several and not (is_page_group(path) and not file.pending and (
                path in self._alone or file.article_count == 1))
            open_ = not headed or only is not None or file.source in self.expanded
            if headed:
                options.append(FileOption(self, file, file_header(file, self._state_of, open_)))
            if open_:
                options.extend(self._windowed(file, self._shown(file)))
        self.set_options(options)
        self._index_of = {o.id: n for n, o in enumerate(options) if o.id is not None}
        self.border_title = _("Articles") if only is None else _("Articles · filtered ({count})").format(count=len(only))
        keep = previous.id if previous is not None else None
        ids = [o.id for o in self.options]
        if keep in ids:
            self.highlighted = ids.index(keep)
        else:
            self.highlighted = next((i for i, o in enumerate(self.options) if isinstance(o, ArticleOption)), 0 if ids else None)

    def _shown(self, file: SourceFile) -> list[Article]:
        """A file's articles that the list shows (all, or those the filter keeps)."""
        return [a for a in file.articles if self._only is None or a.id in self._only]

    def _windowed(self, file: SourceFile, shown: list[Article]) -> list[Option]:
        """A file's article rows; a page with thousands of articles (a broken
        conversion, a hostile file) shows a window of them, the rest counted,
        and the window follows the article opened ([ ] and search reach all)."""
        limit = self.ROWS_PER_FILE
        start = min(self._window.get(file.source, 0), max(0, len(shown) - limit))
        rows: list[Option] = []
        if start:
            rows.append(Option(Text(_("… {count} earlier articles ([ or / to reach them)").format(count=start), style="dim"),
                               disabled=True))
        page: tuple[str | None, str | None] | None = None
        at = {a.id: n for n, a in enumerate(file.articles)} if file.sections else {}
        for article in shown[start : start + limit]:
            # A whole day's file: a row names each page it holds, above the page's first article.
            if at and (here := page_at(file.sections, at[article.id], file.page, file.page_name)) != page:
                page = here
                label = page_name_label(*here) or _("(no page)")
                rows.append(Option(OneRow(self, one_line(Text(clean_line(label), style="bold dim"), Text(""))),
                                   disabled=True))
            rows.append(ArticleOption(file, article, self._state_of(article.id)))
        rest = len(shown) - start - limit
        if rest > 0:
            rows.append(Option(Text(_("… {count} more articles (] or / to reach them)").format(count=rest), style="dim"),
                               disabled=True))
        return rows

    def _move_window(self, file: SourceFile, article: Article) -> bool:
        """Move an file's window of rows to show ``article``; whether it moved."""
        shown = self._shown(file)
        if len(shown) <= self.ROWS_PER_FILE or article not in shown:
            return False
        at = shown.index(article)
        start = self._window.get(file.source, 0)
        if start <= at < start + self.ROWS_PER_FILE:
            return False
        self._window[file.source] = max(0, at - self.ROWS_PER_FILE // 2)
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option, FileOption):
            event.stop()
            self.toggle_file(event.option.file)
        elif isinstance(event.option, GroupOption):
            event.stop()
            self.toggle_group(event.option.path)

    def toggle_group(self, path: tuple[str, ...]) -> None:
        """Fold or unfold a group of files."""
        self.open_groups ^= {path}
        self._rebuild()
        self.highlighted = self.get_option_index(group_key(path))

    def _open_groups_of(self, file: SourceFile) -> bool:
        """Unfold the groups an file is in; whether any was folded."""
        number = next((n for n, i in enumerate(self._files) if i is file), None)
        if number is None or not self._paths:
            return False
        path = self._paths[number]
        groups = {path[:d] for d in range(1, len(path) + 1)}
        folded = groups - self.open_groups
        self.open_groups |= groups
        return bool(folded)

    def _unfolded(self, path: tuple[str, ...]) -> bool:
        """Whether the group at ``path`` and every group around it are open (the root always is)."""
        return all(path[:depth] in self.open_groups for depth in range(1, len(path) + 1))

    UNFOLD_ALL_UP_TO = 2000  # articles: more, and ``unfold_all`` opens only the files of open groups

    def fold_all(self) -> None:
        """Fold every file and group: one row each at the top level."""
        self.expanded.clear()
        self.open_groups.clear()
        self._rebuild()

    def unfold_all(self) -> bool:
        """Unfold every group and file; in a list of more than
        ``UNFOLD_ALL_UP_TO`` articles, only the files of the groups already
        open (returns False then), so a big archive is not read whole."""
        everything = sum(file.article_count for file in self._files) <= self.UNFOLD_ALL_UP_TO
        if everything:
            self.open_groups |= set(self._sizes)
        self.expanded |= {
            file.source for file, path in zip(self._files, self._paths, strict=True) if self._unfolded(path)
        }
        self._rebuild()
        return everything

    def toggle_file(self, file: SourceFile) -> None:
        """Fold or unfold an file's articles."""
        self.expanded ^= {file.source}
        self._rebuild()
        self.highlighted = self.get_option_index(file_key(file))

    def update_rows(self, rows: Iterable[tuple[SourceFile, Article]], state_of: StateOf) -> None:
        """Redraw the rows among ``rows`` that are shown (markers, progress,
        hit counts) and, with several files, their files' headers. Rows
        folded away or filtered out cost nothing: they are drawn when shown."""
        files: dict[str, SourceFile] = {}
        index_of = self._index_of
        for file, article in rows:
            files[file.source] = file
            index = index_of.get(article_key(file, article))
            if index is not None:
                self.replace_option_prompt_at_index(index, row_prompt(article, state_of(article.id)))
        if len(self._files) > 1:
            for file in files.values():
                index = index_of.get(file_key(file))
                if index is not None:
                    open_ = self._only is not None or file.source in self.expanded
                    self.replace_option_prompt_at_index(index, OneRow(self, file_header(file, state_of, open_)))

    def select_article(self, file: SourceFile, article: Article) -> None:
        """Move the highlight to an article's row, unfolding its file (unless
        the filter hides it)."""
        if self._open_groups_of(file) | (len(self._files) > 1 and file.source not in self.expanded):
            self.expanded.add(file.source)
            self._move_window(file, article)
            self._rebuild()
        elif self._move_window(file, article):
            self._rebuild()
        try:
            self.highlighted = self.get_option_index(article_key(file, article))
        except OptionDoesNotExist:
            pass

    @property
    def article_options(self) -> list[ArticleOption]:
        return [o for o in self.options if isinstance(o, ArticleOption)]
