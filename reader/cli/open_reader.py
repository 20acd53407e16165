"""Opening the reader: the catalog's issues in the TUI (the only command that loads Textual)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.cli.files import READ_BEFORE_OPENING, data_dir, look_ahead, open_catalog, scoped
from reader.core.i18n import _
from reader.text.sources import InputError

if TYPE_CHECKING:
    from reader.catalog.seal import Look
    from reader.session.archive import ArchiveLibrary

# What ``open_parser().parse_args([])`` gives (a test keeps them equal): the
# reader opened with no arguments, its most common start, needs no argparse.
OPEN_DEFAULTS: dict[str, Any] = {"paths": [], "no_mouse": False, "data_dir": None}


def cmd_open(argv: Sequence[str]) -> int:
    from reader.tui import startup_gc, without_tls

    startup_gc.pause()  # until the first frame: see startup_gc
    without_tls.leave_out()  # OpenSSL's 4 MB, for a reader that opens no connection: see without_tls
    try:
        return _open(argv)
    finally:
        startup_gc.release()  # stopped before the first frame (a user's mistake): the collector as it was


def _open(argv: Sequence[str]) -> int:
    args: Any
    if argv:
        from reader.cli.parsers import open_parser

        args = open_parser().parse_args(argv)
    else:
        from types import SimpleNamespace

        args = SimpleNamespace(**OPEN_DEFAULTS)
    look = look_ahead(args.paths, children=1)  # an archive walked in a child while the UI loads on the other core
    try:
        library, warnings = library_of(args.paths, look)
    finally:
        look.close()
    issues = library.issues
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
        library, warnings=warnings, mouse=False if args.no_mouse else None, data_dir=data_dir(args),
        keywords=keywords,
    )


def _load_ui(_guess: object) -> None:
    import reader.tui.app  # noqa: F401 - imported, not used: the import is the work


def library_of(paths: list[Path], look: Look | None = None) -> tuple[ArchiveLibrary, list[str]]:
    """The reader's library of the files ``paths`` name, and what their scan
    warned of. A big archive opened for the first time opens at once, its
    files read meanwhile; one opened as it was last time is read from its
    seal (``catalog.seal``), nothing else looked at."""
    from reader.session import archive
    from reader.session.papers import user_papers

    catalog = open_catalog(listen=False)  # what it says is shown in the reader, which listens once it is up
    # While a child walks an archive to check its seal, the UI loads here (it is loaded next anyway).
    scope = scoped(catalog, paths, warnings="none", defer_above=READ_BEFORE_OPENING, meanwhile=_load_ui, look=look)
    report = scope.report
    # The list and the reading session hold the catalog's light issues; searches go to its index.
    if report is None:
        if len(scope.sealed.ids) > archive.LIST_FIRST_ABOVE:
            # Its first issue now, from a few rows; every file once the first frame is drawn. Sealed as
            # scanned (by ``index``, or a scan of a new day), the days are arranged first, and that order sealed.
            if not scope.sealed.ordered:
                scope.entries()
            return archive.shelved_library(catalog, scope, papers=user_papers()), scope.sealed.warnings
        return archive.archive_library(catalog, scope.entries(), papers=user_papers()), scope.sealed.warnings
    # Files left for the reader to read: the seal is written once they are, in reading order.
    later = None if scope.unsealed is None else archive.SealWhenRead(*scope.unsealed, report.warnings)
    library = archive.archive_library(catalog, report.entries, report.sources, pending=report.deferred,
                                      papers=user_papers(), seal_when_read=later)
    return library, report.warnings
