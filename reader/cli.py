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

from reader import __version__
from reader.safe_text import clean_line, json_safe
from reader.sources import InputError

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
        help="issue files (*.md, *.txt) or directories of them; default: the bundled issue",
    )


def _open_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="A terminal reader for the Luoyang Daily (洛阳日报).",
        epilog=(
            "commands (run 'luoyang-reader COMMAND --help'):\n"
            "  search     find text in issues, like grep (pinyin works too)\n"
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
    return parser


def _progress_line(done: int, total: int) -> None:
    """A progress line on a terminal while a big archive is read, erased when done."""
    if total >= 50 and (done % 25 == 0 or done == total):
        print(f"\r{PROG}: reading {done}/{total} issues", end="", file=sys.stderr, flush=True)
        if done == total:
            print("\r\x1b[K", end="", file=sys.stderr, flush=True)


def _load(paths: list[Path]):  # -> tuple[list[Issue], list[str]]
    from reader.library import load_issues

    progress = _progress_line if sys.stderr.isatty() else None
    issues, warnings = load_issues(paths, progress)
    for warning in warnings:
        _warn(warning)
    return issues, warnings


def cmd_export(argv: Sequence[str]) -> int:
    args = _export_parser().parse_args(argv)
    from reader.export import READING_COPIES
    from reader.store import open_read_only

    issues, _ = _load(args.paths)
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
    issues, warnings = _load(args.paths)
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
        issues, warnings=warnings, mouse=False if args.no_mouse else None, data_dir=_data_dir(args),
        keywords=keywords,
    )


def cmd_search(argv: Sequence[str]) -> int:
    args = _search_parser().parse_args(argv)
    from reader.search import SearchIndex

    issues, _ = _load(args.paths)
    hits = SearchIndex(issues).search(args.query)
    if args.json:
        _write_json({"query": args.query, "hits": [h.as_json() for h in hits]})
    else:
        color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        for hit in hits:
            snippet = hit.snippet
            at, end = hit.snippet_offset, hit.snippet_offset + hit.length
            before, match, after = (clean_line(x) for x in (snippet[:at], snippet[at:end], snippet[end:]))
            if color:
                match = f"\x1b[1;31m{match}\x1b[0m"
            print(f"{clean_line(hit.issue.name)}: {clean_line(hit.article.display_title)}: {before}{match}{after}")
    return 0 if hits else 1


COMMANDS: dict[str, Callable[[Sequence[str]], int]] = {
    "search": cmd_search,
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
