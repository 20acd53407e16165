"""The command line's parsers: each command's options and help, in the UI's language.

``parsers()`` gives them all, for ``--help``, the man page and the shell
completions; ``reader.cli.main`` runs the commands.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reader import __version__
from reader.cli.reference import EXIT_USAGE, HELP_POSITION, PROG, SHELLS, help_width
from reader.core.i18n import _, ngettext
from reader.core.safe_text import clean_line

# argparse's own words ("usage:", "options", its error messages) in the UI's
# language too: it looks them up through these two names of its module.
setattr(argparse, "_", _)  # noqa: B010
setattr(argparse, "ngettext", ngettext)  # noqa: B010


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error and exit status 2, and help laid out by
    cells; ``closing`` makes the epilog when help is shown, not at every start."""

    def __init__(self, closing: Callable[[], str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.closing = closing

    def parse_args(self, args: Any = None, namespace: Any = None) -> Any:
        """Options anywhere among the paths (``search 灯会 -p 河洛晚报 tree/``), as users type them."""
        if self.usage is not None:
            return self.parse_intermixed_args(args, namespace)
        # argparse's intermixed parsing takes the usage line less its first 7
        # characters, "usage: " in English: made here, whatever the language.
        self.usage = self.format_usage().split(": ", 1)[-1].strip()
        try:
            return self.parse_intermixed_args(args, namespace)
        finally:
            self.usage = None

    def _get_formatter(self) -> argparse.HelpFormatter:
        return HelpFormatter(self.prog)

    def format_help(self) -> str:
        if self.closing is not None:
            self.epilog = self.closing()
        return super().format_help()

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, _("{prog}: error: {message}").format(prog=self.prog, message=clean_line(message)) + "\n")


def _paths_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        default=[],  # without a default, argparse names an optional PATH among the required arguments
        type=Path,
        metavar="PATH",
        help=_("issue files (*.md, *.txt, *.html) or directories of them (sub-directories too); default: the bundled issue"),
    )


def a_day(text: str) -> str:
    """A date as given on the command line (2025-01-02, 20250102, 2025年1月2日), as ISO text."""
    from reader.text.placement import find_date

    day = find_date(text)
    if day is None:
        raise argparse.ArgumentTypeError(_("not a date: {text!r} (give it as 2025-01-02)").format(text=text))
    return day


def _issue_arguments(parser: argparse.ArgumentParser) -> None:
    """``--paper`` and ``--issue``: the issues (days of a paper) a command works on."""
    parser.add_argument("--paper", "-p", metavar="NAME",
                        help=_("only the issues of this paper (as the list names it: 洛阳日报)"))
    parser.add_argument("--issue", "-d", type=a_day, metavar="DATE",
                        help=_("only the issue of this day: 2025-01-02, 20250102 or 2025年1月2日"))


def _closing_sections() -> str:
    from reader.cli.reference import epilog

    return epilog()


def open_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description=_("A terminal reader for the Luoyang Daily (洛阳日报)."),
        closing=_closing_sections,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                        help=_("print the version and exit"))
    _paths_argument(parser)
    parser.add_argument(
        "--no-mouse",
        action="store_true",
        help=_("do not turn on mouse reporting (saves bandwidth over slow SSH links)"),
    )
    _data_dir_argument(parser)
    return parser


def bookmarks_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=f"{PROG} bookmarks", description=_("List bookmarks, newest first."))
    parser.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    _data_dir_argument(parser)
    return parser


def state_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=f"{PROG} state",
        description=_(
            "Carry reading state between hosts: 'state export > state.json' writes read marks, positions, "
            "bookmarks and settings as JSON; 'state import state.json' merges such a file in (read marks and "
            "bookmarks united, the newer position of an article kept, nothing lost; twice changes nothing)."
        ),
    )
    parser.add_argument("action", choices=("export", "import"), help=_("export to stdout, or import a file"))
    parser.add_argument("file", nargs="?", metavar="FILE", help=_("the file to import ('-': stdin)"))
    parser.add_argument("--dry-run", action="store_true", help=_("say what an import would change, change nothing"))
    parser.add_argument("--json", action="store_true", help=_("an import's counts as JSON for scripts"))
    _data_dir_argument(parser)
    return parser


def search_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=f"{PROG} search",
        description=_(
            "Search issues like grep: a line for each hit, saying where it is (date and page, or the file), "
            "its article's title and a snippet. "
            "Terms separated by spaces must all occur in an article; ASCII letters also match "
            "by pinyin (beiguohuacheng, bghc). Exit status 0 with hits, 1 with none."
        ),
    )
    parser.add_argument("query", help=_("what to find"))
    _paths_argument(parser)
    _issue_arguments(parser)
    parser.add_argument("--from", dest="since", type=a_bound, metavar="DATE",
                        help=_("only issues of this day or later (2015-03-01; 2015 or 2015-03: its first day)"))
    parser.add_argument("--to", dest="until", type=a_bound, metavar="DATE",
                        help=_("only issues of this day or earlier (2016 or 2016-02: its last day)"))
    parser.add_argument("--page", type=a_page, metavar="PAGE", help=_("only this page (版) of each issue: 1, A3"))
    parser.add_argument("--sort", choices=("date", "relevance"), default="date",
                        help=_("date: in reading order (the default); relevance: articles with most hits "
                               "for their length first, a hit in a title counting more"))
    parser.add_argument("--limit", "-n", type=a_count, metavar="N",
                        help=_("print at most N hits (default: a screenful on a terminal, all when piped; 0: all)"))
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument("--count", "-c", action="store_true", help=_("print only how many articles match"))
    shown.add_argument("--files-with-matches", "-l", dest="files_only", action="store_true",
                       help=_("print only the files with a match, one per line, in reading order"))
    shown.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    return parser


def a_bound(text: str) -> tuple[str, str]:
    """A date bound as given: a day, or a year or month (2015, 2015-03) as its
    first and last day; ``(first, last)``, ISO text."""
    import re

    year = re.fullmatch(r"((?:19|20)\d\d)(?:-(0?[1-9]|1[0-2]))?", text.strip())
    if year is None:
        day = a_day(text)
        return day, day
    month = f"{int(year.group(2)):02d}" if year.group(2) else None
    return (f"{year.group(1)}-{month or '01'}-01", f"{year.group(1)}-{month or '12'}-31")


def a_page(text: str) -> str:
    """A page as given (1, 01, A3, 第4版), as the catalog keeps it."""
    from reader.text.placement import page_number

    page = page_number(text)
    if page is None:
        raise argparse.ArgumentTypeError(_("not a page: {text!r} (give it as 1, or A3)").format(text=text))
    return page


def a_top(text: str) -> int:
    """How many keywords an article shows: 1 or more (more than 30 give 30)."""
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(_("not a number of keywords: {text!r} (give 1 to 30)").format(text=text))
    return int(text)


def a_count(text: str) -> int:
    """A count of hits: a whole number, 0 or more."""
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(_("not a count: {text!r} (give a whole number, 0 for all)").format(text=text))
    return int(text)


def keywords_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=f"{PROG} keywords",
        description=_("Print each article's keywords (jieba TF-IDF), best first, for scripts."),
    )
    _paths_argument(parser)
    _issue_arguments(parser)
    parser.add_argument("--json", action="store_true", help=_("print JSON"))
    parser.add_argument(
        "--top", type=a_top, default=10, metavar="N", help=_("keywords per article (default 10, at most 30)")
    )
    return parser


def _data_dir_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help=_("where reading state and bookmarks are kept (default: the user data dir)"),
    )


def export_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=f"{PROG} export", description=_("Write issues to stdout."))
    _paths_argument(parser)
    _issue_arguments(parser)
    _data_dir_argument(parser)
    parser.add_argument(
        "--format",
        "-f",
        choices=["json", "markdown", "text"],
        default="json",
        help=_("output format (default: json)"),
    )
    parser.add_argument(
        "--article",
        "-a",
        metavar="ID|TITLE",
        help=_("only this article: its id (or the start of it, from 6 characters), its title, or words of its title"),
    )
    return parser


def index_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=f"{PROG} index",
        description=_(
            "Build or refresh the catalog and search index of these issues (kept in the user cache dir), "
            "and say what was done. The reader and 'search' do this by themselves; this does it ahead."
        ),
    )
    _paths_argument(parser)
    parser.add_argument("--json", action="store_true", help=_("print counts as JSON for scripts"))
    return parser


def completion_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=f"{PROG} completion",
        description=_(
            "Print a completion script for the shell: commands, options, their values and issue files. "
            "bash: add  eval \"$(luoyang-reader completion bash)\"  to ~/.bashrc. "
            "zsh: add  eval \"$(luoyang-reader completion zsh)\"  to ~/.zshrc, after compinit."
        ),
    )
    parser.add_argument("shell", choices=SHELLS, help=_("the shell the script is for"))
    return parser


def manpage_parser() -> argparse.ArgumentParser:
    return _Parser(
        prog=f"{PROG} manpage",
        description=_(
            "Print the manual page, made from the same text as --help, in the UI's language. "
            "Read it with  luoyang-reader manpage | man -l -  or install it with  "
            "luoyang-reader manpage > ~/.local/share/man/man1/luoyang-reader.1"
        ),
    )


def parsers() -> dict[str, argparse.ArgumentParser]:
    """Every parser of the command line by its command; ``""`` opens the reader."""
    return {
        "": open_parser(),
        "search": search_parser(),
        "index": index_parser(),
        "export": export_parser(),
        "keywords": keywords_parser(),
        "bookmarks": bookmarks_parser(),
        "state": state_parser(),
        "completion": completion_parser(),
        "manpage": manpage_parser(),
    }


class HelpFormatter(argparse.HelpFormatter):
    """argparse's layout, wrapping by terminal cells (a Chinese character takes
    two) and keeping the lines of a text that has them (the epilog)."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=HELP_POSITION, width=help_width())

    def _split_lines(self, text: str, width: int) -> list[str]:
        from reader.core.typeset import wrap

        return list(wrap(re.sub(r"\s+", " ", text).strip(), width))

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if "\n" in text:  # laid out already
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return "\n".join(indent + line for line in self._split_lines(text, width))
