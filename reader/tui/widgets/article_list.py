"""The article list: one row per article, grouped by issue."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from reader.core.i18n import _, count_of
from reader.core.model import Article, Issue
from reader.core.safe_text import clean_line
from reader.session.row_state import RowState
from reader.text.grouping import group_paths, group_sizes, is_page_group
from reader.tui import keymap
from reader.tui.keymap import bindings
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
    grid.add_row(markers, Text(clean_line(article.display_title), style="" if state.read else "bold"))
    # The state first (hits, how far read), then the context line, which gives
    # way (cut with …) in a narrow list.
    detail = []
    if state.matches:
        detail.append(count_of("{count} hit", "{count} hits", state.matches))
    if 0 < state.progress < 1:
        detail.append(f"{round(state.progress * 100)}%")
    elif state.read:
        detail.append(_("read"))
    context = article.column or article.kicker or article.subtitle or ""
    if context:
        detail.append(context)
    if detail:
        grid.add_row("", Text(clean_line(" · ".join(detail)), style="dim", no_wrap=True, overflow="ellipsis"))
    return grid


class ArticleOption(Option):
    """A list row carrying its article."""

    def __init__(self, issue: Issue, article: Article, state: RowState) -> None:
        super().__init__(row_prompt(article, state), id=article_key(issue, article))
        self.issue = issue
        self.article = article


def article_key(issue: Issue, article: Article) -> str:
    """The row id: the article id, made unique across issues."""
    return f"{issue.source}\x1f{article.id}"


def issue_key(issue: Issue) -> str:
    return f"issue\x1f{issue.source}"


def issue_header(issue: Issue, state_of: StateOf, open_: bool = True) -> Text:
    """An issue's name, folded or not, and how many of its articles are unread."""
    marker = "▾" if open_ else "▸"
    if issue.pending:
        return Text(clean_line(f"  {issue.name}  " + _("(reading…)")), style="dim")
    unread = sum(1 for a in issue.articles if not state_of(a.id).read)
    counts = _("({unread}/{total} unread)").format(unread=unread, total=len(issue.articles))
    return Text(clean_line(f"{marker} {issue.name}  {counts}"), style="bold")


def group_key(path: tuple[str, ...]) -> str:
    return "group\x1f" + "\x1f".join(path)


class GroupOption(Option):
    """A group of issues (a year, a month, a date, a page, a folder, a run of
    issues) and how many articles it holds; ``enter`` folds or unfolds it."""

    def __init__(self, path: tuple[str, ...], size: int, open_: bool) -> None:
        marker = "▾" if open_ else "▸"
        # One line: the label gives way (…) before the count does.
        grid = Table.grid(expand=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(no_wrap=True, justify="right")
        grid.add_row(Text(clean_line(f"{'  ' * (len(path) - 1)}{marker} {path[-1]}"), style="bold"),
                     Text(" " + count_of("{count} article", "{count} articles", size), style="dim"))
        super().__init__(grid, id=group_key(path))
        self.path = path
        self.is_open = open_


class IssueOption(Option):
    """An issue's header row; ``enter`` folds or unfolds it."""

    def __init__(self, issue: Issue, prompt: Text) -> None:
        super().__init__(prompt, id=issue_key(issue))
        self.issue = issue


class ArticleList(VimList):
    """Articles of the open issues; ``enter`` opens one."""

    BINDINGS = bindings(keymap.ARTICLE_LIST)

    @dataclass
    class PageReader(Message):
        """Page the reading pane while the list keeps the focus (like a pager preview)."""

        down: bool

    def action_page_reader(self, down: bool) -> None:
        self.post_message(self.PageReader(down))

    EXPAND_ALL_UP_TO = 200  # articles: more than this, and only the current issue starts open
    ROWS_PER_ISSUE = 400  # at most this many article rows of one issue at once: a window

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._issues: list[Issue] = []
        self._state_of: StateOf = lambda _article_id: RowState()
        self._only: set[str] | None = None
        self.expanded: set[str] = set()
        self.open_groups: set[tuple[str, ...]] = set()
        self._paths: list[tuple[str, ...]] = []  # each issue's group path (see ``issue_groups``)
        self._sizes: Counter[tuple[str, ...]] = Counter()  # articles per group
        self._alone: set[tuple[str, ...]] = set()  # groups of one issue
        self._window: dict[str, int] = {}  # issue source -> first article row shown
        self._index_of: dict[str, int] = {}  # option id -> index, for the rows shown

    def show_issues(
        self, issues: list[Issue], state_of: StateOf, only: set[str] | None = None
    ) -> None:
        """Fill the list: when several issues are open, a header row per issue
        (``enter`` folds or unfolds it); with ``only``, just those articles."""
        if not self._issues and sum(i.article_count for i in issues) <= self.EXPAND_ALL_UP_TO and not any(
            i.pending for i in issues
        ):
            self.expanded = {i.source for i in issues}
        if issues is not self._issues:
            first_fill = not self._issues
            self._paths = group_paths(issues)
            self._sizes = group_sizes(self._paths, [issue.article_count for issue in issues])
            self._alone = {path for path, count in group_sizes(self._paths).items() if count == 1}
            if first_fill and sum(i.article_count for i in issues) <= self.EXPAND_ALL_UP_TO:
                self.open_groups |= set(self._sizes)  # a small archive starts unfolded
            elif first_fill and self._paths and self._paths[0]:  # the first issue's groups start open
                self.open_groups |= {self._paths[0][:depth] for depth in range(1, len(self._paths[0]) + 1)}
        self._issues, self._state_of, self._only = issues, state_of, only
        self._rebuild()

    def _rebuild(self) -> None:
        previous = self.highlighted_option
        only = self._only
        options: list[Option] = []
        several = len(self._issues) > 1
        before: tuple[str, ...] = ()
        for issue, path in zip(self._issues, self._paths, strict=True):
            if path != before:  # the headers of the groups that start here, where their parents are open
                for depth in range(1, len(path) + 1):
                    group = path[:depth]
                    if group != before[:depth] and self._unfolded(group[:-1]):
                        options.append(GroupOption(group, self._sizes[group], group in self.open_groups))
                before = path
            if not self._unfolded(path):
                continue  # folded away: its articles are not even read
            shown = self._shown(issue)
            if not shown and not (issue.pending and only is None):
                continue  # a file still being read has a row that says so
            # A page's only file, or a file of one article (a crawler's), needs no
            # header of its own: the page's group row stands for it.
            headed = several and not (is_page_group(path) and not issue.pending and (
                path in self._alone or issue.article_count == 1))
            open_ = not headed or only is not None or issue.source in self.expanded
            if headed:
                options.append(IssueOption(issue, issue_header(issue, self._state_of, open_)))
            if open_:
                options.extend(self._windowed(issue, shown))
        self.set_options(options)
        self._index_of = {o.id: n for n, o in enumerate(options) if o.id is not None}
        self.border_title = _("Articles") if only is None else _("Articles · filtered ({count})").format(count=len(only))
        keep = previous.id if previous is not None else None
        ids = [o.id for o in self.options]
        if keep in ids:
            self.highlighted = ids.index(keep)
        else:
            self.highlighted = next((i for i, o in enumerate(self.options) if isinstance(o, ArticleOption)), 0 if ids else None)

    def _shown(self, issue: Issue) -> list[Article]:
        """An issue's articles that the list shows (all, or those the filter keeps)."""
        return [a for a in issue.articles if self._only is None or a.id in self._only]

    def _windowed(self, issue: Issue, shown: list[Article]) -> list[Option]:
        """An issue's article rows; a page with thousands of articles (a broken
        conversion, a hostile file) shows a window of them, the rest counted,
        and the window follows the article opened ([ ] and search reach all)."""
        limit = self.ROWS_PER_ISSUE
        start = min(self._window.get(issue.source, 0), max(0, len(shown) - limit))
        rows: list[Option] = []
        if start:
            rows.append(Option(Text(_("… {count} earlier articles ([ or / to reach them)").format(count=start), style="dim"),
                               disabled=True))
        rows.extend(ArticleOption(issue, a, self._state_of(a.id)) for a in shown[start : start + limit])
        rest = len(shown) - start - limit
        if rest > 0:
            rows.append(Option(Text(_("… {count} more articles (] or / to reach them)").format(count=rest), style="dim"),
                               disabled=True))
        return rows

    def _move_window(self, issue: Issue, article: Article) -> bool:
        """Move an issue's window of rows to show ``article``; whether it moved."""
        shown = self._shown(issue)
        if len(shown) <= self.ROWS_PER_ISSUE or article not in shown:
            return False
        at = shown.index(article)
        start = self._window.get(issue.source, 0)
        if start <= at < start + self.ROWS_PER_ISSUE:
            return False
        self._window[issue.source] = max(0, at - self.ROWS_PER_ISSUE // 2)
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option, IssueOption):
            event.stop()
            self.toggle_issue(event.option.issue)
        elif isinstance(event.option, GroupOption):
            event.stop()
            self.toggle_group(event.option.path)

    def toggle_group(self, path: tuple[str, ...]) -> None:
        """Fold or unfold a group of issues."""
        self.open_groups ^= {path}
        self._rebuild()
        self.highlighted = self.get_option_index(group_key(path))

    def _open_groups_of(self, issue: Issue) -> bool:
        """Unfold the groups an issue is in; whether any was folded."""
        number = next((n for n, i in enumerate(self._issues) if i is issue), None)
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

    UNFOLD_ALL_UP_TO = 2000  # articles: more, and ``unfold_all`` opens only the issues of open groups

    def fold_all(self) -> None:
        """Fold every issue and group: one row each at the top level."""
        self.expanded.clear()
        self.open_groups.clear()
        self._rebuild()

    def unfold_all(self) -> bool:
        """Unfold every group and issue; in a list of more than
        ``UNFOLD_ALL_UP_TO`` articles, only the issues of the groups already
        open (returns False then), so a big archive is not read whole."""
        everything = sum(issue.article_count for issue in self._issues) <= self.UNFOLD_ALL_UP_TO
        if everything:
            self.open_groups |= set(self._sizes)
        self.expanded |= {
            issue.source for issue, path in zip(self._issues, self._paths, strict=True) if self._unfolded(path)
        }
        self._rebuild()
        return everything

    def toggle_issue(self, issue: Issue) -> None:
        """Fold or unfold an issue's articles."""
        self.expanded ^= {issue.source}
        self._rebuild()
        self.highlighted = self.get_option_index(issue_key(issue))

    def update_rows(self, rows: Iterable[tuple[Issue, Article]], state_of: StateOf) -> None:
        """Redraw the rows among ``rows`` that are shown (markers, progress,
        hit counts) and, with several issues, their issues' headers. Rows
        folded away or filtered out cost nothing: they are drawn when shown."""
        issues: dict[str, Issue] = {}
        index_of = self._index_of
        for issue, article in rows:
            issues[issue.source] = issue
            index = index_of.get(article_key(issue, article))
            if index is not None:
                self.replace_option_prompt_at_index(index, row_prompt(article, state_of(article.id)))
        if len(self._issues) > 1:
            for issue in issues.values():
                index = index_of.get(issue_key(issue))
                if index is not None:
                    open_ = self._only is not None or issue.source in self.expanded
                    header = issue_header(issue, state_of, open_)
                    if header.plain != str(self.get_option_at_index(index).prompt):
                        self.replace_option_prompt_at_index(index, header)

    def select_article(self, issue: Issue, article: Article) -> None:
        """Move the highlight to an article's row, unfolding its issue (unless
        the filter hides it)."""
        if self._open_groups_of(issue) | (len(self._issues) > 1 and issue.source not in self.expanded):
            self.expanded.add(issue.source)
            self._move_window(issue, article)
            self._rebuild()
        elif self._move_window(issue, article):
            self._rebuild()
        try:
            self.highlighted = self.get_option_index(article_key(issue, article))
        except OptionDoesNotExist:
            pass

    @property
    def article_options(self) -> list[ArticleOption]:
        return [o for o in self.options if isinstance(o, ArticleOption)]
