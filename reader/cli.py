"""The ``luoyang-reader`` command line.

``luoyang-reader [PATH ...]`` opens the reader; ``luoyang-reader COMMAND ...``
runs a script-friendly command. Bad input gives one line on stderr and exit
status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader import __version__
from reader.safe_text import clean_line, json_safe
from reader.sources import InputError

if TYPE_CHECKING:
    from reader.model import Issue

PROG = "luoyang-reader"
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {clean_line(message)}\n")


def _paths_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="issue files (*.md, *.txt) or directories of them (sub-directories too); default: the bundled issue",
    )


def _open_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="A terminal reader for the Luoyang Daily (洛阳日报).",
        epilog=(
            "commands (run 'luoyang-reader COMMAND --help'):\n"
            "  search     find text in issues, like grep (pinyin works too)\n"
            "  index      build or refresh the catalog and search index of an archive\n"
            "  export     write issues as JSON, Markdown or plain text\n"
            "  keywords   print each article's keywords\n"
            "  bookmarks  list bookmarks (--json for scripts)\n\n"
            "To open a file named like a command, write it as ./NAME."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _paths_argument(parser)
    parser.add_argument(
        "--no-mouse",
        action="store_true",
        help="do not turn on mouse reporting (saves bandwidth over slow SSH links)",
    )
    _data_dir_argument(parser)
    return parser


def _bookmarks_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=f"{PROG} bookmarks", description="List bookmarks, newest first.")
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    _data_dir_argument(parser)
    return parser


def _search_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=f"{PROG} search",
        description=(
            "Search issues like grep: every hit with its issue, article title and a snippet. "
            "Terms separated by spaces must all occur in an article; ASCII letters also match "
            "by pinyin (beiguohuacheng, bghc). Exit status 0 with hits, 1 with none."
        ),
    )
    parser.add_argument("query", help="what to find")
    _paths_argument(parser)
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    return parser


def _keywords_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=f"{PROG} keywords",
        description="Print each article's keywords (jieba TF-IDF), best first, for scripts.",
    )
    _paths_argument(parser)
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--top", type=int, default=10, metavar="N", help="keywords per article (default 10, at most 30)"
    )
    return parser


def _keywords_for(issues) -> dict[str, list]:  # article id -> [Keyword]
    from reader import paths
    from reader.keywords import Keywords

    engine = Keywords(paths.cache_dir(), paths.config_dir())
    if engine.cache.notice:
        _warn(engine.cache.notice)
    found: dict[str, list] = {}
    for issue in issues:
        found.update(engine.compute(issue.articles))
    engine.cache.close()
    if engine.extractor.user_dict_note:
        _warn(engine.extractor.user_dict_note)
    return found


def _warn(message: str) -> None:
    """A warning on stderr, in one safe line."""
    print(f"{PROG}: warning: {clean_line(message)}", file=sys.stderr)


def _write_json(doc: object) -> None:
    """JSON for scripts: every character kept, C1 and bidi controls escaped."""
    import json

    sys.stdout.write(json_safe(json.dumps(doc, ensure_ascii=False, indent=2)) + "\n")


def _data_dir(args: argparse.Namespace) -> Path:
    from reader.paths import data_dir

    return args.data_dir or data_dir()


def _data_dir_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="where reading state and bookmarks are kept (default: the user data dir)",
    )


def _export_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=f"{PROG} export", description="Write issues to stdout.")
    _paths_argument(parser)
    _data_dir_argument(parser)
    parser.add_argument(
        "--format",
        "-f",
        choices=["json", "markdown", "text"],
        default="json",
        help="output format (default: json)",
    )
    parser.add_argument(
        "--article",
        "-a",
        metavar="ID|TITLE",
        help="only this article: its id (or the start of it, from 6 characters), its title, or words of its title",
    )
    return parser


def _only_article(issues: list[Issue], wanted: str) -> list[Issue]:
    """The issues cut down to the articles ``wanted`` names: by id (or a prefix
    of at least 6 characters), else by title, else by words in the title.
    None found is an ``InputError``."""
    from reader.model import Issue as Plain

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
    raise InputError(f"no article matches {wanted!r} (give its id, as export --format json shows it, or its title)")


class _ScanProgress:
    """Rich's progress bar on stderr while files are read into the catalog:
    only on a terminal, only once a file actually needs reading (a warm start
    shows nothing), and erased when done."""

    def __init__(self) -> None:
        self._bar: Any = None  # rich's Progress, imported when first needed
        self._task: Any = None

    def __call__(self, done: int, total: int) -> None:
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
                TextColumn(f"{PROG}: reading issues"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                console=Console(stderr=True), transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task("reading", total=total)
        self._bar.update(self._task, completed=done, total=total)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def _catalog():  # -> Catalog
    from reader import paths
    from reader.catalog import Catalog

    catalog = Catalog.open(paths.cache_dir())
    if catalog.notice:
        _warn(catalog.notice)
    catalog.waiting = _say_waiting
    return catalog


def _say_waiting() -> None:
    print(f"{PROG}: another luoyang-reader is reading these files into the catalog; waiting for it…",
          file=sys.stderr, flush=True)


READ_BEFORE_OPENING = 300  # new or changed files of an archive read before the reader opens; more: read in it


def _scan(catalog, paths: list[Path], defer_above: int | None = None):  # -> ScanReport
    """Bring the catalog up to date with ``paths`` (the bundled issue when empty)."""
    from reader.paths import bundled_issue
    from reader.sources import expand_paths

    targets = expand_paths(list(paths) or [bundled_issue()])
    progress = _ScanProgress() if sys.stderr.isatty() else None
    try:
        report = catalog.scan(targets, progress, defer_above=defer_above)
    finally:
        if progress is not None:
            progress.close()
    for warning in report.warnings:
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
    args = _export_parser().parse_args(argv)
    from reader.export import READING_COPIES
    from reader.store import open_read_only

    issues, _ = _load(args.paths)
    if args.article is not None:
        issues = _only_article(issues, args.article)
    store = open_read_only(_data_dir(args))
    read = {a for a, s in store.readings().items() if s.read} if store else set()
    if args.format == "json":
        from reader.export import issues_dict

        _write_json(issues_dict(issues, read, _keywords_for(issues)))
    else:
        sys.stdout.write(READING_COPIES[args.format](issues))
    sys.stdout.flush()
    return 0


def cmd_keywords(argv: Sequence[str]) -> int:
    args = _keywords_parser().parse_args(argv)
    issues, _ = _load(args.paths)
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
    args = _bookmarks_parser().parse_args(argv)
    from reader.store import open_read_only

    store = open_read_only(_data_dir(args))
    bookmarks = store.bookmarks() if store else []
    if args.json:
        _write_json({"bookmarks": [b.as_json() for b in bookmarks]})
    elif not bookmarks:
        print("No bookmarks.")
    else:
        for b in bookmarks:
            note = f"  — {b.note}" if b.note else ""
            line = f"{b.created_local}  {b.title}  [{Path(b.source).name} {b.place}]  {b.snippet}{note}"
            print(clean_line(line))
    return 0


def cmd_open(argv: Sequence[str]) -> int:
    args = _open_parser().parse_args(argv)
    from reader.catalog_issues import catalog_library

    catalog = _catalog()
    # A big archive opened for the first time: the reader opens at once, and reads the files meanwhile.
    report = _scan(catalog, args.paths, defer_above=READ_BEFORE_OPENING)
    # The list and the reading session hold the catalog's light issues; searches go to its index.
    library, warnings = catalog_library(catalog, report.entries, report.sources), report.warnings
    issues = library.issues
    catalogue = None
    if report.deferred:
        from reader.catalog import Catalog

        # A connection of its own for the worker's thread (an in-memory catalog has only the one).
        builder = Catalog.open(catalog.path.parent) if catalog.path is not None else catalog
        deferred = report.deferred

        def catalogue(progress, written):
            return builder.scan(deferred, progress, drop=False, written=written)

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise InputError(
            "the reader needs a terminal (stdin and stdout); "
            "for scripts use 'luoyang-reader export', 'search' or 'keywords'"
        )
    from reader import paths
    from reader.keywords import Keywords

    keywords = Keywords(paths.cache_dir(), paths.config_dir())
    if len(issues) == 1:  # a cold start computes them while Textual loads, not after
        keywords.prestart(issues[0].articles)
    from reader.app import run_app

    return run_app(
        library, warnings=warnings, mouse=False if args.no_mouse else None, data_dir=_data_dir(args),
        keywords=keywords, catalogue=catalogue,
    )


def _index_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=f"{PROG} index",
        description=(
            "Build or refresh the catalog and search index of these issues (kept in the user cache dir), "
            "and say what was done. The reader and 'search' do this by themselves; this does it ahead."
        ),
    )
    _paths_argument(parser)
    parser.add_argument("--json", action="store_true", help="print counts as JSON for scripts")
    return parser


def cmd_index(argv: Sequence[str]) -> int:
    args = _index_parser().parse_args(argv)
    catalog = _catalog()
    report = _scan(catalog, args.paths)
    catalog.fill_initials()  # everything a pinyin search needs, now rather than at the first one
    doc = report.as_json()
    doc["catalog"] = str(catalog.path) if catalog.path else None
    doc["full_text_index"] = catalog.indexed
    if args.json:
        _write_json(doc)
    else:
        parts = [f"{report.added} added", f"{report.changed} changed", f"{report.touched} touched",
                 f"{report.removed} removed", f"{report.unchanged} unchanged"]
        print(f"{len(report.entries)} issues, {doc['articles']} articles: {', '.join(parts)} "
              f"({report.seconds:.1f} s)")
        where = clean_line(str(catalog.path)) if catalog.path else "memory only"
        print(f"catalog: {where}; search index: {'FTS5 trigram' if catalog.indexed else 'none (searches scan)'}")
    catalog.close()
    return 0


def _archive_search(catalog, entries):  # -> ArchiveSearch
    """A search over catalogued issues whose hits carry light issues (name and
    source) and articles read from the catalog one at a time."""
    from reader.archive_search import ArchiveSearch
    from reader.model import Issue

    issues: dict[int, Issue] = {}
    last: list = [None, None]  # the article of the hit before: hits come article by article

    def resolve(entry, doc: int, ordinal: int):
        issue = issues.setdefault(entry.id, Issue(**entry.issue_fields()))
        if last[0] != doc:
            last[:] = [doc, catalog.article(doc)[1]]
        return issue, last[1]

    return ArchiveSearch(catalog, entries, resolve)


def cmd_search(argv: Sequence[str]) -> int:
    args = _search_parser().parse_args(argv)
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


COMMANDS: dict[str, Callable[[Sequence[str]], int]] = {
    "search": cmd_search,
    "index": cmd_index,
    "export": cmd_export,
    "bookmarks": cmd_bookmarks,
    "keywords": cmd_keywords,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    command = COMMANDS.get(argv[0]) if argv else None
    if sys.stdout is None:  # started with stdout closed (`>&-`)
        return _fail("standard output is closed")
    try:
        if command is not None:
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
        from reader.safe_files import reason

        _drop_stdout()
        where = f"{err.filename}: " if err.filename else "cannot write output: "
        return _fail(f"{where}{reason(err)}")


def _fail(message: str) -> int:
    """One line on stderr and exit status 2."""
    if sys.stderr is not None:
        try:
            print(f"{PROG}: error: {clean_line(message)}", file=sys.stderr)
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
