"""What the command line prints besides its results: warnings and errors on
stderr in one safe line, JSON for scripts."""

from __future__ import annotations

import json
import os
import sys
from typing import TextIO

from reader.cli.reference import EXIT_USAGE, PROG
from reader.core.i18n import _
from reader.core.safe_text import clean_line, json_safe


def warn(message: str) -> None:
    """A warning on stderr, in one safe line."""
    print(_("{prog}: warning: {message}").format(prog=PROG, message=clean_line(message)), file=sys.stderr)


def write_json(doc: object, out: TextIO | None = None) -> None:
    """JSON for scripts (on ``out``, stdout by default): every character kept, C1 and bidi controls escaped."""
    (out or sys.stdout).write(json_safe(json.dumps(doc, ensure_ascii=False, indent=2)) + "\n")


def fail(message: str) -> int:
    """One line on stderr and exit status 2."""
    if sys.stderr is not None:
        try:
            print(_("{prog}: error: {message}").format(prog=PROG, message=clean_line(message)), file=sys.stderr)
        except OSError:
            pass
    return EXIT_USAGE


def drop_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
