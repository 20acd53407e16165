"""The ``luoyang-reader`` command line.

``luoyang-reader [PATH ...]`` opens the reader; ``luoyang-reader COMMAND ...``
runs a script-friendly command. Bad input gives one line on stderr and exit
status 2, never a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from reader.cli.output import drop_stdout, fail, warn
from reader.core.i18n import _
from reader.text.sources import InputError

if TYPE_CHECKING:
    from reader.storage.settings import Settings


# Each command's module and function, imported when run: a command loads only what it needs.
COMMANDS: dict[str, tuple[str, str]] = {
    "search": ("reader.cli.search", "cmd_search"),
    "index": ("reader.cli.commands", "cmd_index"),
    "export": ("reader.cli.commands", "cmd_export"),
    "bookmarks": ("reader.cli.commands", "cmd_bookmarks"),
    "state": ("reader.cli.commands", "cmd_state"),
    "keywords": ("reader.cli.commands", "cmd_keywords"),
    "completion": ("reader.cli.commands", "cmd_completion"),
    "manpage": ("reader.cli.commands", "cmd_manpage"),
}


def command_of(name: str) -> Callable[[Sequence[str]], int] | None:
    """The function that runs command ``name``, or None (not a command: paths to open)."""
    where = COMMANDS.get(name)
    if where is None:
        return None
    from importlib import import_module

    run: Callable[[Sequence[str]], int] = getattr(import_module(where[0]), where[1])
    return run


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    command = command_of(argv[0]) if argv else None
    settings = _choose_language()
    if sys.stdout is None:  # started with stdout closed (`>&-`)
        return fail("standard output is closed")
    try:
        if command is not None:
            for warning in settings.warnings:  # the reader shows them in its window
                warn(warning)
            status = command(argv[1:])
        else:
            from reader.cli.open_reader import cmd_open

            status = cmd_open(argv)
        sys.stdout.flush()  # a write error (a full disk) shows here, not at exit
        return status
    except InputError as err:
        return fail(str(err))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): not an error.
        drop_stdout()
        return 0
    except OSError as err:  # writing the output failed (/dev/full), or the file system did
        from reader.core.safe_files import reason

        drop_stdout()
        where = f"{err.filename}: " if err.filename else _("cannot write output: ")
        return fail(f"{where}{reason(err)}")
    except Exception as err:
        sqlite3 = sys.modules.get("sqlite3")
        if sqlite3 is None or not isinstance(err, sqlite3.Error):
            raise
        # The catalog could not be used (another session holds it too long, a disk that fails).
        return fail(_("the catalog cannot be used ({reason})").format(reason=err))


def _choose_language() -> Settings:
    """Read the user's settings and put the UI in their language (else the
    locale's). The entry point does it, once: the settings are read through
    modules whose errors are translated, so ``i18n`` cannot read them itself."""
    from reader.core import i18n
    from reader.storage.settings import user_settings

    settings = user_settings()
    i18n.use_language(i18n.choose_language(os.environ, settings.language))
    return settings


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
