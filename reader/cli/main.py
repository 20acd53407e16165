"""The ``luoyang-reader`` command line.

``luoyang-reader [PATH ...]`` opens the reader; ``luoyang-reader COMMAND ...``
runs a script-friendly command. Bad input gives one line on stderr and exit
status 2, never a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader import __version__
from reader.cli.reference import EXIT_USAGE, PROG
from reader.core.i18n import _, count_of
from reader.core.notices import summarised
from reader.core.safe_text import clean_line, json_safe
from reader.text.sources import InputError

if TYPE_CHECKING:
    import argparse

    from reader.core.model import Issue
    from reader.storage.settings import Settings

# What ``open_parser().parse_args([])`` gives (a test keeps them equal): the
# reader opened with no arguments, its most common start, needs no argparse.
OPEN_DEFAULTS: dict[str, Any] = {"paths": [], "no_mouse": False, "data_dir": None}


def _keywords_for(issues) -> dict[str, list]:  # article id -> [Keyword]
    from reader.keywords.engine import Keywords
    from reader.storage import paths

    engine = Keywords(paths.cache_dir(), paths.config_dir())
    if engine.cache.notice:
        _warn(engine.cache.notice)
    # One batch: jieba's dictionaries are read once for all the issues, not once an issue.
    found = engine.compute(a for issue in issues for a in issue.articles)
    engine.cache.close()
    if engine.extractor.user_dict_note:
        _warn(engine.extractor.user_dict_note)
    return found


def _warn(message: str) -> None:
    """A warning on stderr, in one safe line."""
    print(_("{prog}: warning: {message}").format(prog=PROG, message=clean_line(message)), file=sys.stderr)


def _write_json(doc: object) -> None:
    """JSON for scripts: every character kept, C1 and bidi controls escaped."""
    import json

    sys.stdout.write(json_safe(json.dumps(doc, ensure_ascii=False, indent=2)) + "\n")


def _data_dir(args: argparse.Namespace) -> Path:
    from reader.storage.paths import data_dir

    return args.data_dir or data_dir()


def _only_article(issues: list[Issue], wanted: str) -> list[Issue]:
    """The issues cut down to the articles ``wanted`` names: by id (or a prefix
    of at least 6 characters), else by title, else by words in the title.
    None found is an ``InputError``."""
    from reader.core.model import Issue as Plain

    wanted = wanted.strip()
    tests = [
        lambda a: a.id == wanted or (len(wanted) >= 6 and a.id.startswith(wanted)),
        lambda a: a.display_title == wanted,
        lambda a: bool(wanted) and wanted in a.display_title,
    ]
    for test in tests:
        kept = [(issue, [a for a in issue.articles if test(a)]) for issue in issues]
        if any(articles for _, articles in kept):
            return [
                Plain(source=issue.source, articles=tuple(articles), banner=issue.banner, name=issue.name,
                      date=issue.date, page=issue.page, page_name=issue.page_name)
                for issue, articles in kept if articles
            ]
    raise InputError(_("no article matches {wanted!r} (give its id, as export --format json shows it, or its title)")
                     .format(wanted=wanted))


PROGRESS_FROM_FILES = 20  # fewer files are read in a blink: a bar would only flicker (and cost a cold start ~20 ms)


class _ScanProgress:
    """Rich's progress bar on stderr while files are read into the catalog:
    only on a terminal, only for a batch of files, only once a file actually
    needs reading (a warm start shows nothing), and erased when done."""

    def __init__(self) -> None:
        self._bar: Any = None  # rich's Progress, imported when first needed
        self._task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if total < PROGRESS_FROM_FILES:
            return
        if self._bar is None:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self._bar = Progress(
                TextColumn(_("{prog}: reading issues").format(prog=PROG)), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                console=Console(stderr=True), transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task("reading", total=total)
        self._bar.update(self._task, completed=done, total=total)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def _catalog(listen: bool = True):  # -> Catalog
    """The user's catalog; what it has to say (rebuilt, damaged rows mended)
    goes to stderr (``listen=False``: kept until the reader listens)."""
    from reader.catalog.database import Catalog
    from reader.storage import paths

    catalog = Catalog.open(paths.cache_dir())
    if listen:
        catalog.listen(_warn)
    catalog.waiting = _say_waiting
    return catalog


def _say_waiting() -> None:
    print(_("{prog}: another luoyang-reader is reading these files into the catalog; waiting for it…").format(
        prog=PROG), file=sys.stderr, flush=True)


READ_BEFORE_OPENING = 300  # new or changed files of an archive read before the reader opens; more: read in it


def _scan(catalog, paths: list[Path], defer_above: int | None = None,
          warnings: str = "summarised"):  # -> ScanReport
    """Bring the catalog up to date with ``paths`` (the bundled issue when empty);
    its warnings on stderr: ``"summarised"``, ``"all"``, or ``"none"`` (the reader shows them)."""
    from reader.storage.paths import bundled_issue
    from reader.text.sources import expand_paths

    targets = expand_paths(list(paths) or [bundled_issue()])
    progress = _ScanProgress() if sys.stderr.isatty() else None
    try:
        report = catalog.scan(targets, progress, defer_above=defer_above)
    finally:
        if progress is not None:
            progress.close()
    said = {"all": report.warnings, "summarised": summarised(report.warnings), "none": []}[warnings]
    for warning in said:
        _warn(warning)
    return report


def _load(paths: list[Path]):  # -> tuple[list[Issue], list[str]]
    """The issues at ``paths``, from the catalog (files are parsed only when new or changed)."""
    catalog = _catalog()
    report = _scan(catalog, paths)
    issues = [catalog.issue(entry) for entry in report.entries]
    catalog.close()
    return issues, report.warnings


def cmd_export(argv: Sequence[str]) -> int:
    from reader.cli.parsers import export_parser

    args = export_parser().parse_args(argv)
    from reader.session.export import READING_COPIES
    from reader.storage.store import open_read_only

    issues, _warnings = _load(args.paths)
    if args.article is not None:
        issues = _only_article(issues, args.article)
    store = open_read_only(_data_dir(args))
    read = {a for a, s in store.readings().items() if s.read} if store else set()
    if args.format == "json":
        from reader.session.export import issues_dict

        _write_json(issues_dict(issues, read, _keywords_for(issues)))
    else:
        sys.stdout.write(READING_COPIES[args.format](issues))
    sys.stdout.flush()
    return 0


def cmd_keywords(argv: Sequence[str]) -> int:
    from reader.cli.parsers import keywords_parser

    args = keywords_parser().parse_args(argv)
    issues, _warnings = _load(args.paths)
    found = _keywords_for(issues)
    top = max(1, args.top)
    if args.json:
        doc = {
            "issues": [
                {
                    "source": issue.source,
                    "articles": [
                        {
                            "id": a.id,
                            "title": a.display_title,
                            "keywords": [{"word": k.word, "weight": k.weight, "count": k.count} for k in found[a.id][:top]],
                        }
                        for a in issue.articles
                    ],
                }
                for issue in issues
            ]
        }
        _write_json(doc)
        return 0
    for issue in issues:
        for article in issue.articles:
            words = " ".join(f"{clean_line(k.word)}:{k.weight:.3f}" for k in found[article.id][:top])
            print(f"{clean_line(issue.name)}\t{clean_line(article.display_title)}\t{words}")
    return 0


def cmd_bookmarks(argv: Sequence[str]) -> int:
    from reader.cli.parsers import bookmarks_parser

    args = bookmarks_parser().parse_args(argv)
    from reader.storage.store import open_read_only

    store = open_read_only(_data_dir(args))
    bookmarks = store.bookmarks() if store else []
    if args.json:
        _write_json({"bookmarks": [b.as_json() for b in bookmarks]})
    elif not bookmarks:
        print(_("No bookmarks."))
    else:
        for b in bookmarks:
            note = f"  — {b.note}" if b.note else ""
            line = f"{b.created_local}  {b.title}  [{Path(b.source).name} {b.place}]  {b.snippet}{note}"
            print(clean_line(line))
    return 0


def cmd_open(argv: Sequence[str]) -> int:
    args: Any
    if argv:
        from reader.cli.parsers import open_parser

        args = open_parser().parse_args(argv)
    else:
        from types import SimpleNamespace

        args = SimpleNamespace(**OPEN_DEFAULTS)
    from reader.session.archive import archive_library

    catalog = _catalog(listen=False)  # what it says is shown in the reader, which listens once it is up
    # A big archive opened for the first time: the reader opens at once, and reads the files meanwhile.
    report = _scan(catalog, args.paths, defer_above=READ_BEFORE_OPENING, warnings="none")
    # The list and the reading session hold the catalog's light issues; searches go to its index.
    library = archive_library(catalog, report.entries, report.sources, pending=report.deferred)
    issues, warnings = library.issues, report.warnings
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise InputError(_(
            "the reader needs a terminal (stdin and stdout); "
            "for scripts use 'luoyang-reader export', 'search' or 'keywords'"
        ))
    from reader.keywords.engine import Keywords
    from reader.storage import paths

    keywords = Keywords(paths.cache_dir(), paths.config_dir())
    if len(issues) == 1:  # a cold start computes them while Textual loads, not after
        keywords.prestart(issues[0].articles)
    from reader.tui.app import run_app

    return run_app(
        library, warnings=warnings, mouse=False if args.no_mouse else None, data_dir=_data_dir(args),
        keywords=keywords,
    )


def cmd_index(argv: Sequence[str]) -> int:
    from reader.cli.parsers import index_parser

    args = index_parser().parse_args(argv)
    catalog = _catalog()
    report = _scan(catalog, args.paths, warnings="all")  # where the others send the user to see them all
    catalog.fill_initials()  # everything a pinyin search needs, now rather than at the first one
    doc = report.as_json()
    doc["catalog"] = str(catalog.path) if catalog.path else None
    doc["full_text_index"] = catalog.indexed
    if args.json:
        _write_json(doc)
    else:
        counts = _("{issues}, {articles}").format(
            issues=count_of("{count} issue", "{count} issues", len(report.entries)),
            articles=count_of("{count} article", "{count} articles", doc["articles"]))
        print(_("{counts}: {added} added, {changed} changed, {touched} touched, {removed} removed, "
                "{unchanged} unchanged ({seconds:.1f} s)").format(
            counts=counts, added=report.added, changed=report.changed, touched=report.touched,
            removed=report.removed, unchanged=report.unchanged, seconds=report.seconds))
        where = clean_line(str(catalog.path)) if catalog.path else _("memory only")
        index = _("FTS5 trigram") if catalog.indexed else _("none (searches scan)")
        print(_("catalog: {where}; search index: {index}").format(where=where, index=index))
    catalog.close()
    return 0


def _archive_search(catalog, entries):  # -> ArchiveSearch
    """A search over catalogued issues whose hits carry light issues (name and
    source) and articles read from the catalog one at a time."""
    from reader.catalog.search import ArchiveSearch
    from reader.core.model import Issue

    issues: dict[int, Issue] = {}
    last: list = [None, None]  # the article of the hit before: hits come article by article

    def resolve(entry, doc: int, ordinal: int):
        issue = issues.setdefault(entry.id, Issue(**entry.issue_fields()))
        if last[0] != doc:
            from reader.core.model import missing_article

            last[:] = [doc, catalog.article(doc, entry.id, ordinal) or missing_article()]
        return issue, last[1]

    return ArchiveSearch(catalog, entries, resolve)


def cmd_search(argv: Sequence[str]) -> int:
    from reader.cli.parsers import search_parser

    args = search_parser().parse_args(argv)
    from reader.search.matching import QueryError, query_terms

    try:
        query_terms(args.query)  # a query the search will not take is said before any file is read
    except QueryError as err:
        raise InputError(str(err)) from None
    catalog = _catalog()
    report = _scan(catalog, args.paths)
    hits = _archive_search(catalog, report.entries).search(args.query)
    if args.json:
        _write_json({"query": args.query, "hits": [h.as_json() for h in hits.stream()]})
    else:
        color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        for hit in hits.stream():
            snippet = hit.snippet
            at, end = hit.snippet_offset, hit.snippet_offset + hit.length
            before, match, after = (clean_line(x) for x in (snippet[:at], snippet[at:end], snippet[end:]))
            if color:
                match = f"\x1b[1;31m{match}\x1b[0m"
            print(f"{clean_line(hit.issue.name)}: {clean_line(hit.article.display_title)}: {before}{match}{after}")
    return 0 if hits else 1


def cmd_completion(argv: Sequence[str]) -> int:
    from reader.cli.completion import script
    from reader.cli.parsers import completion_parser, parsers

    args = completion_parser().parse_args(argv)
    sys.stdout.write(script(args.shell, parsers(), PROG))
    return 0


def cmd_manpage(argv: Sequence[str]) -> int:
    from reader.cli.manpage import manpage
    from reader.cli.parsers import manpage_parser, parsers

    manpage_parser().parse_args(argv)
    sys.stdout.write(manpage(parsers(), __version__))
    return 0


COMMANDS: dict[str, Callable[[Sequence[str]], int]] = {
    "search": cmd_search,
    "index": cmd_index,
    "export": cmd_export,
    "bookmarks": cmd_bookmarks,
    "keywords": cmd_keywords,
    "completion": cmd_completion,
    "manpage": cmd_manpage,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    command = COMMANDS.get(argv[0]) if argv else None
    settings = _choose_language()
    if sys.stdout is None:  # started with stdout closed (`>&-`)
        return _fail("standard output is closed")
    try:
        if command is not None:
            for warning in settings.warnings:  # the reader shows them in its window
                _warn(warning)
            status = command(argv[1:])
        else:
            status = cmd_open(argv)
        sys.stdout.flush()  # a write error (a full disk) shows here, not at exit
        return status
    except InputError as err:
        return _fail(str(err))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): not an error.
        _drop_stdout()
        return 0
    except OSError as err:  # writing the output failed (/dev/full), or the file system did
        from reader.core.safe_files import reason

        _drop_stdout()
        where = f"{err.filename}: " if err.filename else _("cannot write output: ")
        return _fail(f"{where}{reason(err)}")
    except Exception as err:
        sqlite3 = sys.modules.get("sqlite3")
        if sqlite3 is None or not isinstance(err, sqlite3.Error):
            raise
        # The catalog could not be used (another session holds it too long, a disk that fails).
        return _fail(_("the catalog cannot be used ({reason})").format(reason=err))


def _choose_language() -> Settings:
    """Read the user's settings and put the UI in their language (else the
    locale's). The entry point does it, once: the settings are read through
    modules whose errors are translated, so ``i18n`` cannot read them itself."""
    from reader.core import i18n
    from reader.storage.settings import user_settings

    settings = user_settings()
    i18n.use_language(i18n.choose_language(os.environ, settings.language))
    return settings


def _fail(message: str) -> int:
    """One line on stderr and exit status 2."""
    if sys.stderr is not None:
        try:
            print(_("{prog}: error: {message}").format(prog=PROG, message=clean_line(message)), file=sys.stderr)
        except OSError:
            pass
    return EXIT_USAGE


def _drop_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
