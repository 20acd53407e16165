"""The ``search`` command: hits over catalogued issues, printed as a person
or a script wants them (a screenful, a count, the files, JSON), each line
saying where its hit is: date, page and title, then the snippet."""

from __future__ import annotations

import io
import os
import shutil
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple, TextIO

from reader.cli.files import Scope, archive_search, chosen_entries, look_ahead, open_catalog, scoped
from reader.cli.output import write_json
from reader.core.i18n import _
from reader.core.model import page_at
from reader.core.safe_text import clean_line
from reader.text.sources import InputError

if TYPE_CHECKING:
    import argparse

    from reader.catalog.database import Catalog
    from reader.catalog.rows import Entry
    from reader.catalog.seal import Look
    from reader.search.hits import Hit, HitList

SCREEN_MARGIN = 2  # lines a screenful leaves for the prompt and the note of what was left out
# bm25's constants, as search engines use them: how fast more hits stop counting, how much length counts
K1, B = 1.2, 0.75
TITLE_WEIGHT = 3  # a hit in a title counts as this many in the text


def cmd_search(argv: Sequence[str]) -> int:
    from reader.cli.parsers import search_parser

    args = search_parser().parse_args(argv)
    look = look_ahead(args.paths)  # the tree walked in a child from here: the rest is imported meanwhile
    try:
        from reader.search.matching import QueryError, query_terms

        try:
            query_terms(args.query)  # a query the search will not take is said before any file is read
        except QueryError as err:
            raise InputError(str(err)) from None
        return _search(args, look)
    finally:
        look.close()


def _search(args: argparse.Namespace, look: Look) -> int:
    limit = args.limit if args.limit is not None else default_limit()
    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    note = sys.stderr.isatty()
    catalog = open_catalog()
    ahead: list[tuple[Scope, str, Answer | InputError]] = []

    def meanwhile(guess: Scope) -> None:
        """While a child walks the tree to check its seal, the answer over the
        files as sealed, kept: printed only if the seal holds."""
        if not (args.count or args.files_only or limit):  # every hit: printed as found, not kept
            return
        out = io.StringIO()
        answer: Answer | InputError
        try:
            answer = _answer(catalog, guess, args, limit, color, note, out)
        except InputError as err:
            answer = err  # said only if the seal holds
        except Exception:  # noqa: BLE001 - a guess gone wrong (the catalog changing under it) is asked again
            return
        ahead.append((guess, out.getvalue(), answer))

    scope = scoped(catalog, args.paths, meanwhile=meanwhile, look=look)
    if ahead and ahead[0][0] is scope:  # the seal held: the answer found meanwhile is the answer
        _guess, printed, answer = ahead[0]
        if isinstance(answer, InputError):
            raise answer
        sys.stdout.write(printed)
    else:
        answer = _answer(catalog, scope, args, limit, color, note, sys.stdout)
    if answer.note:
        print(answer.note, file=sys.stderr)
    return answer.status


class Answer(NamedTuple):
    """What a search said besides its output: its exit status, and a note for stderr."""

    status: int
    note: str | None = None


def _answer(catalog: Catalog, scope: Scope, args: argparse.Namespace, limit: int, color: bool, note: bool,
            out: TextIO) -> Answer:
    """The search ``args`` ask for over ``scope``, written to ``out``."""
    one_issue = args.paper is not None or args.issue is not None
    if (args.count or args.files_only) and not (one_issue or args.since or args.until or args.page):
        answered = answer_from_index(scope, args.query, args.files_only, out)
        if answered is not None:
            return Answer(answered)
    # A whole day's files hold several pages: with --page, only the articles of that page count.
    paged: dict[int, Entry] = {}
    if one_issue or args.since or args.until or args.page:
        everything = scope.entries()
        entries = within(chosen_entries(everything, args.paper, args.issue) if one_issue else everything,
                         args.since, args.until, args.page)
        search = archive_search(catalog, entries)
        several_papers = len({e.paper for e in entries}) > 1
        if args.page is not None:
            paged = {e.id: e for e in entries if e.sections}
    else:  # every file: only the entries of files with hits are read
        search = archive_search(catalog, scope)
        several_papers = len(set(scope.sealed.papers)) > 1
    if args.count or args.files_only:
        matching = [(f, n) for f, n in search.articles_matching(args.query, share=True)
                    if f not in paged or page_at(paged[f].sections, n, None, None)[0] == args.page]
        if args.files_only:
            return Answer(print_files(catalog, list(dict.fromkeys(f for f, _ in matching)), out))
        print(len(matching), file=out)
        return Answer(0 if matching else 1)
    chosen: Iterable[Hit]
    hits: HitList | None = None
    if args.sort != "relevance" and not limit:  # every hit, in order: made as read, none held nor read twice
        chosen = search.stream(args.query)
    else:
        hits = search.search(args.query, limit=None if args.sort == "relevance" or paged else limit or None)
        chosen = by_relevance(hits.stream()) if args.sort == "relevance" else hits.stream()
    if paged:
        chosen = (hit for hit in chosen if hit.file.page == args.page)
    shown = 0
    if args.json:
        rows = [_hit_json(hit) for hit in _first(chosen, limit)]
        write_json({"query": args.query, "hits": rows}, out)
        shown = len(rows)
    else:
        for same in _lines(_first(chosen, limit)):
            print(hit_line(same, color, several_papers), file=out)
            shown += len(same)
    said = None
    if hits is not None and limit and shown == limit and (hits.capped or len(hits) > shown) and note:
        said = _("-- the first {shown} hits; --limit 0 prints them all, --count counts the articles").format(
            shown=shown)
    return Answer(0 if shown else 1, said)


def answer_from_index(scope: Scope, query: str, files_only: bool, out: TextIO) -> int | None:
    """``--count`` or ``-l`` over every file of ``scope``, from the index alone
    when it can tell (``catalog.words``): no file's entry is made, no article
    read. The exit status, or None (the search then reads)."""
    from reader.catalog.words import indexed_count, indexed_files

    if not files_only:
        ids = scope.sealed.ids  # in any order: a count needs no days arranged
        everywhere = len(ids) == scope.catalog.file_count()  # the scope is the whole catalog: count in SQL
        count = indexed_count(scope.catalog, query, None if everywhere else set(ids))
        if count is None:
            return None
        print(count, file=out)
        return 0 if count else 1
    holding = indexed_files(scope.catalog, query)
    if holding is None:
        return None
    return print_files(scope.catalog, [file_id for file_id in scope.ids if file_id in holding], out)


def print_files(catalog: Catalog, ids: list[int], out: TextIO) -> int:
    """The path of each of the files ``ids`` (in that order; those still
    catalogued), a line each, read alone (not the files' entries: at 40,000
    issues, 20,000 files may hold a common word); the exit status."""
    sources = catalog.sources_of(ids)
    lines = [clean_line(sources[file_id]) for file_id in ids if file_id in sources]
    if lines:
        out.write("\n".join(lines) + "\n")
    return 0 if lines else 1


def within(entries: list[Entry], since: tuple[str, str] | None, until: tuple[str, str] | None,
           page: str | None) -> list[Entry]:
    """The entries from ``since`` to ``until`` (each a first and last day) on
    ``page``: what the catalog knows of each file, no file read. A filter
    that leaves nothing is the user's mistake, said in one line."""
    if since is None and until is None and page is None:
        return entries
    first = since[0] if since else None
    last = until[1] if until else None
    kept = [e for e in entries
            if (first is None or (e.date is not None and e.date >= first))
            and (last is None or (e.date is not None and e.date <= last))
            and (page is None or e.page == page or any(s.page == page for s in e.sections))]
    if not kept:
        dates = sorted(e.date for e in entries if e.date)
        known = _("{first} to {last}").format(first=dates[0], last=dates[-1]) if dates else _("no dated issue")
        raise InputError(_("no file of these issues is within --from/--to/--page (dates here: {known})").format(
            known=known))
    return kept


def default_limit() -> int:
    """What a screen shows, when a person reads the hits on a terminal; 0 (all) when piped."""
    if not sys.stdout.isatty():
        return 0
    return max(5, shutil.get_terminal_size().lines - SCREEN_MARGIN)


def where(hit: Hit, several_papers: bool = False) -> str:
    """Where a hit is, once per line: the paper (when there are several), the
    date and page (版), else the file's name."""
    file = hit.file
    parts = [file.paper] if several_papers and file.paper else []
    parts.append(file.date or os.path.basename(file.source) or file.name)
    if file.page is not None:
        parts.append(_("p. {page}").format(page=file.page))
    return " ".join(parts)


def _lines(hits: Iterable[Hit]) -> Iterator[list[Hit]]:
    """Hits as lines: hits in a row whose snippet is the same text (two terms
    in one short paragraph) make one line, as grep prints a line once."""
    line: list[Hit] = []
    for hit in hits:
        if line and _same_snippet(line[-1], hit):
            line.append(hit)
            continue
        if line:
            yield line
        line = [hit]
    if line:
        yield line


def _same_snippet(one: Hit, other: Hit) -> bool:
    return (one.file.source, one.article.id, one.field, one.block, one.snippet) == \
        (other.file.source, other.article.id, other.field, other.block, other.snippet)


def hit_line(hits: list[Hit], color: bool, several_papers: bool = False) -> str:
    """Hits of one snippet as a line: where, the article's title, the snippet
    with each match marked (in colour on a terminal)."""
    first = hits[0]
    snippet, pieces, at = first.snippet, [], 0
    for hit in sorted(hits, key=lambda h: h.snippet_offset):
        start, end = max(hit.snippet_offset, at), hit.snippet_offset + hit.length
        if end <= start:
            continue
        match = clean_line(snippet[start:end])
        pieces += [clean_line(snippet[at:start]), f"\x1b[1;31m{match}\x1b[0m" if color else match]
        at = end
    pieces.append(clean_line(snippet[at:]))
    title = clean_line(first.article.display_title)
    return f"{clean_line(where(first, several_papers))} · {title}: {''.join(pieces)}"


def _hit_json(hit: Hit) -> dict[str, object]:
    doc = hit.as_json()
    doc.update(date=hit.file.date, page=hit.file.page, paper=hit.file.paper)
    return doc


def _first(hits: Iterable[Hit], limit: int) -> Iterator[Hit]:
    for n, hit in enumerate(hits):
        if limit and n >= limit:
            return
        yield hit


def by_relevance(hits: Iterable[Hit]) -> list[Hit]:
    """The hits, article by article, best first: bm25's weighting of how many
    hits an article has for its length (a hit in a title counts more); ties
    in reading order."""
    per_article: dict[tuple[str, str], list[Hit]] = {}
    for hit in hits:
        per_article.setdefault((hit.file.source, hit.article.id), []).append(hit)
    if not per_article:
        return []
    length = {key: max(1, sum(len(b.text) for b in found[0].article.blocks)) for key, found in per_article.items()}
    mean = sum(length.values()) / len(length)

    def score(key: tuple[str, str]) -> float:
        found = per_article[key]
        weight = sum(TITLE_WEIGHT if hit.field == "title" else 1 for hit in found)
        return weight * (K1 + 1) / (weight + K1 * (1 - B + B * length[key] / mean))

    order = sorted(per_article, key=lambda key: -score(key))
    return [hit for key in order for hit in per_article[key]]

