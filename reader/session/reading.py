"""The reading session: what the reader does, in plain Python (no Textual).

It works over a ``Library`` (the open issues) and holds the current article,
each article's row state (read, bookmarks, progress, matches) and the rules
that change them, saving through the ``Store``; the active search
(``search_cursor``) and the sidebar's keywords (``sidebar_keywords``). The UI
tells it what happened, always naming the article it is about, and shows
what it answers: a late message about an article that is no longer current
changes nothing.

Every method that changes row state returns the ``(issue, article)`` pairs
whose rows must be redrawn: an article open in several issues is redrawn in
each of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from reader.core.model import Article, Issue, SourceFile
from reader.keywords.engine import Keywords
from reader.search.hits import NO_HITS, Hit, HitList
from reader.search.matching import QueryError
from reader.session.cursor import HitCursor, Scope, SearchAnswer, SearchRequest
from reader.session.jumps import jump
from reader.session.library import Library, Row
from reader.session.row_state import RowState, RowStates
from reader.session.sidebar import Found, SidebarKeywords, SidebarView
from reader.storage.store import Bookmark, Store

FIRST_SCREENFUL = 60  # hits an archive search shows first, before it has them all (a tall terminal's list)

__all__ = ["Position", "ReadingSession", "Row"]


@dataclass(frozen=True)
class Position:
    """Where the top of the reading view is: block, character in it, and how far through."""

    block: int
    offset: int
    progress: float


class ReadingSession:
    """The current article, the read/position/bookmark rules, the active search
    and the sidebar's keywords, over a ``Library``."""

    def __init__(self, library: Library, store: Store, engine: Keywords | None = None) -> None:
        self.library = library
        self.store = store
        self.engine = engine  # keywords: from the cache, else a jieba child (None: no keywords)
        self.current: Row | None = None
        self._pending: tuple[Row, Position] | None = None  # a position not yet written
        self._kept_unread: str | None = None  # marked unread at its end: stays so while open
        self._read_when_whole: str | None = None  # opened to be read: read if shown whole once laid out
        self.states = RowStates({}, {})
        self.cursor = HitCursor()
        self.keywords = SidebarKeywords()
        self._total: tuple[Sequence[Issue], int] | None = None  # (the issues counted, their articles)
        self._hits_everywhere = True  # the active hits are of a search of every open file (none is)
        self.load_states()

    @property
    def files(self) -> list[SourceFile]:
        """Every open file, in reading order."""
        return list(self.library.files)

    @property
    def issues(self) -> list[Issue]:
        """Every open issue (a day of a paper), in reading order."""
        return list(self.library.issues)

    def article_total(self) -> int:
        """How many articles the open issues hold (counted again only when the
        library arranges its issues anew, as files are read)."""
        issues = self.library.issues
        if self._total is None or self._total[0] is not issues:
            self._total = (issues, sum(i.article_count for i in issues))
        return self._total[1]

    def issue_of(self, file: SourceFile) -> Issue:
        """The issue (the day) a file's articles belong to."""
        return self.library.issue_of(file)

    @property
    def issue(self) -> Issue | None:
        """The issue of the article being read."""
        return self.issue_of(self.current[0]) if self.current is not None else None

    # Finding --------------------------------------------------------------------

    def find(self, article_id: str | None) -> Row | None:
        """The first place an article is open, by id."""
        rows = self.library.rows_of(article_id or "")
        return rows[0] if rows else None

    def find_in(self, source: str, article_id: str) -> Row | None:
        return self.library.find_in(source, article_id)

    def start(self) -> Row | None:
        """Where the reader opens: the article last read (in the file it was
        read in, if that is open), else the first."""
        # "last_issue": what versions before issues were days called the file (read, never written).
        last = self.store.last_article()
        source = self.store.setting("last_file") or self.store.setting("last_issue")
        found = (self.find_in(source, last) if last and source else None) or self.find(last)
        return found or self.library.neighbour(None, 0)

    def neighbour(self, delta: int, of: Row | None = None) -> Row | None:
        """The article ``delta`` steps from ``of`` (default: the current one),
        across issues; stays at the first or last."""
        return self.library.neighbour(of or self.current, delta)

    def next_unread(self, delta: int) -> Row | None:
        """The nearest unread article after (``delta`` > 0) or before the current
        one, across issues; None when every one that way is read."""
        return next((row for row in self.library.walk(self.current, delta) if not self.state(row[1].id).read), None)

    def continuation(self) -> Row | None:
        """The other part of the open article, continued on another page of
        its day (``（下转第三版）`` … ``（上接第一版）``: ``jumps``); None if it names none."""
        if self.current is None or self.issue is None:
            return None
        return jump(self.issue, *self.current)

    def neighbour_issue(self, delta: int, by: str = "issue") -> Row | None:
        """The first article of the next (``delta`` > 0) or previous issue in
        reading order (``by="issue"``: the paper's next day, after its last
        the next paper's first), page of the same issue (``by="page"``) or
        date of any paper (``by="date"``); None at the ends. A file that
        names no date is an issue of its own, one that names no page a page
        of its own."""
        issue = self.issue
        if by == "page":
            if issue is None or self.current is None:
                return None
            pages = issue.pages
            file, article = self.current
            index = file.index_of(article.id)
            at = next((n for n, page in enumerate(pages) if index is not None and page.holds(file, index)), 0)
            later = pages[at + 1 :] if delta > 0 else pages[:at][::-1]
            return next(((part, part.articles[start]) for page in later for part, start, stop in page.parts
                         if stop > start), None)
        issues = self.issues
        at = next((n for n, other in enumerate(issues) if issue is not None and other.key == issue.key),
                  -1 if delta > 0 else len(issues))
        ahead = issues[at + 1 :] if delta > 0 else issues[:max(at, 0)][::-1]
        if by == "date" and issue is not None and issue.date is not None:  # by date: the nearest other date, any paper
            day = issue.date
            dates = sorted({o.date for o in issues if o.date and (o.date > day if delta > 0 else o.date < day)})
            if not dates:
                return None
            nearest = dates[0] if delta > 0 else dates[-1]
            ahead = [other for other in issues if other.date == nearest]
        return next(((other.files[0], other.articles[0]) for other in ahead if other.articles), None)

    # Row state ------------------------------------------------------------------

    def load_states(self) -> None:
        """Row state from the store (made per article when first asked for:
        an archive of 40,000 articles costs what the rows on screen cost)."""
        self.states = RowStates(self.store.readings(), self._bookmark_counts())

    def _bookmark_counts(self) -> dict[str, int]:
        marks: dict[str, int] = {}
        for bookmark in self.store.bookmarks():
            marks[bookmark.article_id] = marks.get(bookmark.article_id, 0) + 1
        return marks

    def state(self, article_id: str) -> RowState:
        return self.states.get(article_id, RowState())

    def _change(self, article_id: str, **changes: object) -> list[Row]:
        old = self.state(article_id)
        new = replace(old, **changes)  # type: ignore[arg-type]
        if new == old:
            return []
        self.states[article_id] = new
        return self.library.rows_of(article_id)

    # Opening --------------------------------------------------------------------

    def open_article(self, file: SourceFile, article: Article, *, to_read: bool = True) -> Position | None:
        """Make ``article`` current; returns where it was left (None: at the top).
        ``to_read``: opened for the reader's eyes (the reading pane has the
        focus), so shown whole it has been read (``settled``)."""
        self.current = (file, article)
        self._read_when_whole = article.id if to_read else None
        if self._kept_unread != article.id:
            self._kept_unread = None
        self.store.set_last_article(article.id)
        self.store.set_setting("last_file", file.source)
        saved = self.store.reading(article.id)
        if saved and (saved.block or saved.offset):
            return Position(saved.block, saved.offset, saved.progress)
        return None

    def is_current(self, article_id: str) -> bool:
        return self.current is not None and self.current[1].id == article_id

    # Reading --------------------------------------------------------------------

    def scrolled(self, article_id: str, position: Position, at_end: bool) -> list[Row]:
        """The view of ``article_id`` moved: note the position (written by
        ``save_position``) and mark the article read at its end. A message
        about an article that is no longer current is ignored."""
        if self.current is None or not self.is_current(article_id):
            return []
        self._pending = (self.current, position)
        return self._read_to_end(article_id) if at_end else []

    def settled(self, article_id: str, whole: bool) -> list[Row]:
        """The view has laid out ``article_id``, ``whole`` if it fits: opened to
        be read and shown whole, it has been read."""
        if not (whole and self.is_current(article_id) and self._read_when_whole == article_id):
            return []
        self._read_when_whole = None
        return self._read_to_end(article_id)

    def _read_to_end(self, article_id: str) -> list[Row]:
        """The current article was read to its end: read, unless just marked unread."""
        if self._kept_unread == article_id or self.state(article_id).read:
            return []
        self.store.set_read(article_id, True)
        return self._change(article_id, read=True)

    def save_position(self) -> list[Row]:
        """Write the position noted by the last scroll, if not yet written."""
        if self._pending is None:
            return []
        (issue, article), position = self._pending
        self._pending = None
        self.store.set_position(
            article.id, position.block, position.offset, position.progress,
            title=article.display_title, source=issue.source,
        )
        return self._change(article.id, progress=position.progress)

    def set_read(self, article_id: str, read: bool) -> list[Row]:
        """Mark an article read or unread. Unread wins over reaching the end
        until another article is opened (``u`` at the end sticks)."""
        self.store.set_read(article_id, read)
        self._kept_unread = article_id if not read else None
        return self._change(article_id, read=read)

    def toggle_read(self, article_id: str) -> tuple[bool, list[Row]]:
        read = not self.state(article_id).read
        return read, self.set_read(article_id, read)

    def mark_read(self, articles: Iterable[Article]) -> list[Row]:
        """Mark many articles read at once (``U``): one transaction."""
        ids = [a.id for a in articles]
        self.store.set_many_read(ids, True)
        changed: list[Row] = []
        for article_id in ids:
            changed += self._change(article_id, read=True)
        return changed

    # Bookmarks ------------------------------------------------------------------

    def add_bookmark(self, file: SourceFile, article: Article, position: Position, note: str | None) -> list[Row]:
        block, offset = position.block, position.offset
        text = article.blocks[block].text if 0 <= block < len(article.blocks) else article.display_title
        self.store.add_bookmark(
            article.id, article.display_title, file.source, block, offset, text[offset : offset + 40], note or None
        )
        return self._change(article.id, bookmarks=self.state(article.id).bookmarks + 1)

    def bookmarks_changed(self) -> list[Row]:
        """Recount bookmarks after some were deleted."""
        marks = self._bookmark_counts()
        changed: list[Row] = []
        for article_id in self.states.known() | marks.keys():  # only state made can be stale
            changed += self._change(article_id, bookmarks=marks.get(article_id, 0))
        self.states.bookmarks(marks)
        return changed

    def bookmarks(self) -> list[Bookmark]:
        """Every bookmark, newest first."""
        return self.store.bookmarks()

    def delete_bookmark(self, bookmark: Bookmark) -> bool:
        return self.store.delete_bookmark(bookmark.id)

    def restore_bookmark(self, bookmark: Bookmark) -> bool:
        """Put a deleted bookmark back as it was: same id, note and time."""
        return self.store.restore_bookmark(bookmark)

    def set_bookmark_note(self, bookmark: Bookmark, note: str) -> bool:
        """Change a bookmark's note; an empty one removes it."""
        return self.store.set_bookmark_note(bookmark.id, note)

    @property
    def notice(self) -> str | None:
        """Why reading state is not being saved (or was reset), if so."""
        return self.store.notice

    def bookmark_target(self, bookmark: Bookmark) -> Row | None:
        """Where a bookmark jumps: its own issue if open, else the article anywhere."""
        return self.find_in(bookmark.source, bookmark.article_id) or self.find(bookmark.article_id)

    # Search ---------------------------------------------------------------------

    def search_request(self, query: str, everywhere: bool, word: str | None = None) -> SearchRequest:
        """A search of ``query`` in this issue or everywhere (``word``: a keyword
        being marked), with a ticket: only the answer to the latest counts."""
        if everywhere or len(self.library.issues) <= 1 or self.current is None:
            scope = Scope.ALL if len(self.library.issues) > 1 else Scope.ISSUE
            return SearchRequest(self.cursor.ask(), query, scope, None, word)
        files = self.library.file_numbers(self.issue_of(self.current[0]))
        return SearchRequest(self.cursor.ask(), query, Scope.ISSUE, files, word)

    def answers(self, request: SearchRequest, stop: Callable[[], bool] | None = None) -> Iterator[SearchAnswer]:
        """Search (in any thread: a worker's; building the index the first
        time): over an archive, a first screenful of hits (``first``), then,
        if there is more, every hit (unless ``stop()`` says a newer request
        came: the search gives way); else the whole answer at once."""
        try:
            if self.library.searches_in_steps:
                hits = self.library.search(request.query, request.files, FIRST_SCREENFUL)
                if not hits.capped:
                    yield SearchAnswer(request, hits, hits.per_article())
                    return
                yield SearchAnswer(request, hits, hits.per_article(), first=True)
            hits = self.library.search(request.query, request.files, stop=stop)
        except QueryError as err:
            yield SearchAnswer(request, NO_HITS, {}, str(err))
            return
        if stop is not None and stop():
            return  # replaced meanwhile: its answer would be dropped
        yield SearchAnswer(request, hits, hits.per_article())

    def answer(self, request: SearchRequest) -> SearchAnswer:
        """The whole answer to ``request`` (see ``answers``)."""
        *_, last = self.answers(request)
        return last

    def take_answer(self, answer: SearchAnswer) -> list[Row] | None:
        """Make an answer's hits the active ones; None when a newer request
        was made since (the answer is dropped)."""
        if not self.cursor.is_latest(answer.request.ticket):
            return None
        return self.set_hits(answer.hits, answer.counts, everywhere=answer.request.files is None)

    def go_to_hit(self, hit: Hit) -> Hit:
        """Go to a hit chosen among those shown (see ``HitCursor.go_to``)."""
        return self.cursor.go_to(hit)

    def set_hits(self, hits: HitList, counts: dict[tuple[str, str], int] | None = None,
                 everywhere: bool = True) -> list[Row]:
        """Make ``hits`` the active ones (highlighted, counted in the list, walked by n/N);
        ``everywhere``: they are of a search of every open file. Returns the rows to redraw."""
        old = self.cursor.replace(hits, counts)
        # An article's id is its text's: a search of every file finds each place of a counted
        # article, so the places to redraw are the pairs counted, before or now, each looked up in
        # its own file. After a search of one issue the same article may stand elsewhere too: its
        # places are asked of the library (a catalog query an article; 1.5-3 s on the UI thread
        # for thousands of hits at 10,000 issues, hence not when the pairs are all of them).
        pairs_are_all = everywhere and self._hits_everywhere
        self._hits_everywhere = everywhere
        changed: list[Row] = []
        counted: set[str] = set()  # articles whose count changed
        for source, article_id in old.keys() | self.cursor.counts.keys():
            matches = self.cursor.counts.get((source, article_id), 0)
            loaded = self.library.loaded(source)  # if not, none of its rows is on screen
            if pairs_are_all:
                state = self.state(article_id)
                if state.matches != matches:
                    self.states[article_id] = replace(state, matches=matches)
                    counted.add(article_id)
                row = self.find_in(source, article_id) if loaded and article_id in counted else None
                changed += [row] if row is not None else []
            elif not loaded:
                self.states[article_id] = replace(self.state(article_id), matches=matches)
            elif self.find_in(source, article_id) is not None:
                changed += self._change(article_id, matches=matches)
        return changed

    def hit_needs_open(self, hit: Hit) -> bool:
        """Whether going to ``hit`` opens another article."""
        return self.current is None or self.current[1] is not hit.article or self.current[0] is not hit.file

    def clear_search(self) -> list[Row]:
        """Forget the active search or marked keyword: no highlights, counts or filter."""
        self.cursor.filtering = False
        return self.set_hits(NO_HITS)

    def toggle_filter(self) -> bool | None:
        """Show only articles with hits, or all again (``None``: nothing to filter by)."""
        if not self.cursor.active:
            return None
        self.cursor.filtering = not self.cursor.filtering
        return self.cursor.filtering

    # Keywords -------------------------------------------------------------------

    def sidebar(self) -> tuple[SidebarView | None, bool]:
        """What the keyword sidebar shows for the current article (its issue's
        terms, related articles in its issue first, then in the open archive),
        and whether a keyword runner must be started for it."""
        if self.current is None:
            return None, False
        return self.keywords.view(self.issue_of(self.current[0]), self.current[1], self._dated_title)

    def _dated_title(self, article_id: str) -> str | None:
        """An article's title with its day (related articles of other issues)."""
        row = self.find(article_id)
        if row is None:
            return None
        date = self.issue_of(row[0]).date
        return f"{row[1].display_title} · {date}" if date else row[1].display_title

    def serve_keywords(self, report: Callable[[list[str], Found, str | None], None]) -> None:
        """Compute the keywords asked for (in a worker thread: one child at a
        time), reporting each batch: see ``KeywordQueue.serve``."""
        if self.engine is None:
            raise RuntimeError("a session without a keyword engine serves no keywords")
        self.keywords.queue.serve(self.engine.compute_apart, report)

    def keywords_arrived(self, keys: list[str], found: Found, error: str | None) -> str | None:
        """A keyword job's answer for the issues ``keys``; returns the error to show, if any."""
        issues = [i for i in self.library.issues if i.key in keys]
        return self.keywords.arrived(issues, found, error)

    def toggle_keyword_scope(self) -> None:
        """The sidebar shows the issue's terms, or the article's keywords again."""
        self.keywords.issue_scope = not self.keywords.issue_scope

    def close(self) -> None:
        """The reader is closing: write the last position, stop keyword work."""
        self.save_position()
        if self.engine is not None:
            self.engine.cancel()  # quitting never waits for a keyword job
            self.engine.cache.close()
