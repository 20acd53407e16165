"""The manual page (roff), made from what ``--help`` and the help screen show:
the command line's parsers, its files, environment and exit statuses
(``reader.cli.reference``) and the reader's keys (``reader.tui.keymap``)."""

from __future__ import annotations

import argparse

from reader.cli.reference import PROG, Entry, environment, exit_statuses, files
from reader.core.i18n import _


def text(value: str, breaks: bool = True) -> str:
    """Prose for roff: backslashes kept, no line taken for a request, and
    Chinese given places to break (roff breaks only at spaces)."""
    value = value.replace("\\", "\\e")
    lines = (_break_points(value) if breaks else value).splitlines() or [""]
    return "\n".join("\\&" + line if line.startswith((".", "'")) else line for line in lines)


def _break_points(value: str) -> str:
    """``\\:`` (a break without a hyphen) between two characters where one is
    wide, as the reading pane breaks lines: never before closing punctuation
    or after opening punctuation."""
    from rich.cells import cell_len

    from reader.core.typeset import NO_LINE_END, NO_LINE_START

    out: list[str] = []
    for before, after in zip(value, value[1:] + " ", strict=True):
        out.append(before)
        wide = cell_len(before) == 2 or cell_len(after) == 2
        if (wide and not before.isspace() and not after.isspace() and after not in NO_LINE_START
                and before not in NO_LINE_END):
            out.append("\\:")
    return "".join(out)


def section(title: str) -> str:
    return ".SH " + text(title, breaks=False)


def term(value: str) -> str:
    """An option, command or key in bold, its hyphens as hyphens (``\\-``)."""
    return "\\fB" + text(value).replace("-", "\\-") + "\\fR"


def _invocation(action: argparse.Action) -> str:
    if not action.option_strings:
        return term(str(action.metavar or action.dest))
    flags = ", ".join(term(flag) for flag in action.option_strings)
    if action.nargs == 0:
        return flags
    if action.choices:
        value = "|".join(str(c) for c in action.choices)
    else:
        value = str(action.metavar or action.dest.upper())
    return f"{flags} \\fI{text(value)}\\fR"


def _arguments(parser: argparse.ArgumentParser) -> list[str]:
    out: list[str] = []
    for action in parser._actions:
        out += [".TP", _invocation(action), text(action.help or "")]
    return out


def _usage(parser: argparse.ArgumentParser) -> str:
    """The usage line without argparse's ``usage:``, folded into one line."""
    usage = " ".join(parser.format_usage().split())
    return usage[usage.index(parser.prog):]


def _definitions(entries: list[Entry]) -> list[str]:
    out: list[str] = []
    for entry in entries:
        out += [".TP", term(entry.term), text(entry.meaning)]
    return out


def _keys() -> list[str]:
    from reader.tui.keymap import sections as key_sections

    out: list[str] = []
    for title, rows in key_sections():
        out += [".SS " + text(title, breaks=False)]
        for keys, what in rows:
            out += [".TP", term(keys), text(what)]
    return out


def manpage(parsers: dict[str, argparse.ArgumentParser], version: str) -> str:
    """The page for ``man -l``: ``parsers`` maps each command to its parser, ``""`` to the reader's."""
    main = parsers[""]
    lines = [
        '.\\" -*- coding: UTF-8 -*-',
        f'.TH {PROG.upper()} 1 "" "{PROG} {version}" "{text(_("User Commands"), breaks=False)}"',
        ".ad l",  # ragged right, no hyphens: a Chinese line cannot be spread out, an option not split
        ".nh",
        section(_("NAME")),
        f"{term(PROG)} \\- {text(main.description or '')}",
        section(_("SYNOPSIS")),
    ]
    for parser in parsers.values():
        lines += [".PP", text(_usage(parser))]
    lines += [section(_("DESCRIPTION")), text(_(
                  "Opens issues of the paper (the bundled one when no PATH is given, or files and directories of "
                  "them) in the terminal: an article list, a reading pane and a keyword sidebar, keyboard first. "
                  "Read state, reading positions and bookmarks are kept between sessions. The commands below do "
                  "their work without the reader's screen, for scripts and pipes.")),
              section(_("OPTIONS")), *_arguments(main),
              section(_("COMMANDS"))]
    for name, parser in parsers.items():
        if name:
            lines += [".SS " + term(name), text(parser.description or ""), *_arguments(parser)]
    lines += [section(_("KEYS")), *_keys()]
    for heading, entries in ((_("FILES"), files()), (_("ENVIRONMENT"), environment()),
                             (_("EXIT STATUS"), exit_statuses())):
        lines += [section(heading), *_definitions(entries)]
    lines += [section(_("SEE ALSO")), text(_("The README of luoyang-reader: what it reads, how, and its limits."))]
    return "\n".join(lines) + "\n"
