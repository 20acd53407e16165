"""What the command line says about itself besides its options: its commands,
files, environment and exit statuses, laid out as argparse lays out options.

One source for ``--help``, the man page (``reader.cli.manpage``) and the shell
completions (``reader.cli.completion``). Everything is built when asked for, in
the UI's language; importing this costs nothing at start.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reader.core.i18n import _
from reader.core.safe_text import clean_line

PROG = "luoyang-reader"
EXIT_USAGE = 2  # bad input: a usage error, a file that cannot be read
SHELLS = ("bash", "zsh")  # the shells a completion script is made for
HELP_POSITION = 24  # the column where a term's explanation starts, as argparse's own


@dataclass(frozen=True)
class Entry:
    """A term and what it means: a command, a file, a variable, an exit status."""

    term: str
    meaning: str
    where: Callable[[], Path] | None = None  # for a file: where it is on this machine


def commands() -> list[Entry]:
    return [
        Entry("search", _("find text in issues, like grep (pinyin works too)")),
        Entry("index", _("build or refresh the catalog and search index of an archive")),
        Entry("export", _("write issues as JSON, Markdown or plain text")),
        Entry("keywords", _("print each article's keywords")),
        Entry("bookmarks", _("list bookmarks (--json for scripts)")),
        Entry("state", _("export reading state as JSON, or merge such a file in (to carry it between hosts)")),
        Entry("completion", _("print a shell completion script (bash or zsh)")),
        Entry("manpage", _("print the manual page (roff)")),
    ]


def files() -> list[Entry]:
    from reader.storage import paths

    return [
        Entry("$XDG_CONFIG_HOME/luoyang-reader/config.toml",
              _("settings: mouse, theme, language, confirm_mark_read"), lambda: paths.config_dir() / "config.toml"),
        Entry("$XDG_CONFIG_HOME/luoyang-reader/userdict.txt",
              _("words of your own for the keywords, in jieba's format"), lambda: paths.config_dir() / "userdict.txt"),
        Entry("$XDG_DATA_HOME/luoyang-reader/",
              _("read state, reading positions and bookmarks (SQLite)"), paths.data_dir),
        Entry("$XDG_CACHE_HOME/luoyang-reader/",
              _("the catalog, its search index and the keyword cache (safe to delete: rebuilt when needed)"),
              paths.cache_dir),
    ]


def environment() -> list[Entry]:
    return [
        Entry("XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME", _("where the files above are kept")),
        Entry("LANGUAGE LC_ALL LC_MESSAGES LANG",
              _("the language of the reader and of these messages: a Chinese locale (zh_CN.UTF-8 and the like) "
                "gives Chinese, any other English; language in config.toml comes first")),
        Entry("NO_COLOR", _("no colour, in the reader and in the output of search")),
        Entry("PAGER", _("the command that | offers to pipe an article to (else less)")),
        Entry("TERM COLORTERM TEXTUAL_COLOR_SYSTEM", _("what the terminal can show (see the README on SSH and tmux)")),
    ]


def exit_statuses() -> list[Entry]:
    return [
        Entry("0", _("done; for search, something was found")),
        Entry("1", _("search found nothing")),
        Entry("2", _("a mistake in what was given: a bad option, a missing or unreadable path, a file that is no "
                     "issue; one line on stderr says which")),
        Entry("130", _("interrupted (Ctrl+C)")),
    ]


def help_width() -> int:
    """The width argparse lays help out in: the terminal's, at most 100 columns."""
    return max(40, min(shutil.get_terminal_size().columns, 100) - 2)


def definitions(entries: list[Entry], width: int) -> list[str]:
    """``entries`` as argparse lays out options: the term (a file by its place on
    this machine), then its meaning from column 24, wrapped by cells."""
    from reader.core.typeset import wrap

    lines: list[str] = []
    for entry in entries:
        # A file by its place here: the user's XDG_* variables, shown through the sanitiser like all else.
        term = "  " + (clean_line(str(entry.where())) if entry.where is not None else entry.term)
        body = wrap(entry.meaning, max(20, width - HELP_POSITION))
        if len(term) + 2 > HELP_POSITION:
            lines.append(term)
            lines.extend(" " * HELP_POSITION + line for line in body)
        else:
            lines.append(term.ljust(HELP_POSITION) + body[0])
            lines.extend(" " * HELP_POSITION + line for line in body[1:])
    return lines


def sections() -> list[tuple[str, list[Entry]]]:
    """The parts of the main help after the options: (title, entries)."""
    return [
        (_("commands (run 'luoyang-reader COMMAND --help')"), commands()),
        (_("files"), files()),
        (_("environment"), environment()),
        (_("exit status"), exit_statuses()),
    ]


def epilog() -> str:
    """The main ``--help``'s closing sections, laid out for the terminal."""
    width = help_width()
    parts: list[str] = []
    for title, entries in sections():
        parts.append(f"{title}:\n" + "\n".join(definitions(entries, width)))
    parts.append(_("To open a file named like a command, write it as ./NAME."))
    return "\n\n".join(parts)
