"""The commands for scripts: search, index, export, keywords, bookmarks,
completion and the manual page. Each imports what it needs when it runs."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader import __version__
from reader.cli.files import data_dir, load, open_catalog, scoped
from reader.cli.output import warn, write_json
from reader.cli.reference import PROG
from reader.core.i18n import _, count_of
from reader.core.safe_text import clean_line
from reader.text.sources import InputError

if TYPE_CHECKING:
    from reader.core.model import Article, Issue
    from reader.keywords.extraction import Keyword


def keywords_for(issues: list[Issue]) -> dict[str, list[Keyword]]:
    """Each article's keywords, by id: cached, else computed here (one batch for all the issues)."""
    from reader.keywords.engine import Keywords
    from reader.storage import paths

    engine = Keywords(paths.cache_dir(), paths.config_dir())
    if engine.cache.notice:
        warn(engine.cache.notice)
    # One batch: jieba's dictionaries are read once for all the issues, not once an issue.
    found = engine.compute(a for issue in issues for a in issue.articles)
    engine.cache.close()
    if engine.extractor.user_dict_note:
        warn(engine.extractor.user_dict_note)
    return found


def only_article(issues: list[Issue], wanted: str) -> list[Issue]:
    """The issues cut down to the articles ``wanted`` names: by id (or a prefix
    of at least 6 characters), else by title, else by words in the title.
    None found is an ``InputError``."""
    from dataclasses import replace

    from reader.core.model import issues_of

    wanted = wanted.strip()
    tests: list[Callable[[Article], bool]] = [
        lambda a: a.id == wanted or (len(wanted) >= 6 and a.id.startswith(wanted)),
        lambda a: a.display_title == wanted,
        lambda a: bool(wanted) and wanted in a.display_title,
    ]
    for test in tests:
        kept = [(file, [a for a in file.articles if test(a)]) for issue in issues for file in issue.files]
        if any(articles for _, articles in kept):
            return issues_of([replace(file, articles=tuple(articles)) for file, articles in kept if articles])
    raise InputError(_("no article matches {wanted!r} (give its id, as export --format json shows it, or its title)")
                     .format(wanted=wanted))


def cmd_index(argv: Sequence[str]) -> int:
    from reader.cli.parsers import index_parser

    args = index_parser().parse_args(argv)
    began = time.perf_counter()
    catalog = open_catalog()
    scope = scoped(catalog, args.paths, warnings="all")  # where the others send the user to see them all
    report = scope.report or scope.changes  # a scan of every file, or of those changed since the seal
    if report is scope.changes and report is not None:
        report.seconds = time.perf_counter() - began  # the look at every file was most of it
    if report is None:  # as sealed: every file unchanged
        from reader.catalog.scan import ScanReport

        report = ScanReport(unchanged=len(scope.sealed.ids), warnings=scope.sealed.warnings,
                            seconds=time.perf_counter() - began)
    issues, articles = len(scope.sealed.ids), scope.sealed.articles
    doc = {**report.as_json(), "issues": issues, "articles": articles}
    doc["catalog"] = str(catalog.path) if catalog.path else None
    doc["full_text_index"] = catalog.indexed
    if args.json:
        write_json(doc)
    else:
        counts = _("{issues}, {articles}").format(
            issues=count_of("{count} issue", "{count} issues", issues),
            articles=count_of("{count} article", "{count} articles", articles))
        print(_("{counts}: {added} added, {changed} changed, {touched} touched, {removed} removed, "
                "{unchanged} unchanged ({seconds:.1f} s)").format(
            counts=counts, added=report.added, changed=report.changed, touched=report.touched,
            removed=report.removed, unchanged=report.unchanged, seconds=report.seconds))
        where = clean_line(str(catalog.path)) if catalog.path else _("memory only")
        index = _("FTS5 bigrams") if catalog.indexed else _("none (searches scan)")
        print(_("catalog: {where}; search index: {index}").format(where=where, index=index))
    catalog.close()
    return 0


def cmd_export(argv: Sequence[str]) -> int:
    from reader.cli.parsers import export_parser

    args = export_parser().parse_args(argv)
    from reader.session.export import READING_COPIES
    from reader.storage.store import open_read_only

    issues = load(args.paths, args.paper, args.issue)
    if args.article is not None:
        issues = only_article(issues, args.article)
    store = open_read_only(data_dir(args))
    read = {a for a, s in store.readings().items() if s.read} if store else set()
    if args.format == "json":
        from reader.session.export import issues_dict

        write_json(issues_dict(issues, read, keywords_for(issues)))
    else:
        sys.stdout.write(READING_COPIES[args.format](issues))
    sys.stdout.flush()
    return 0


def cmd_keywords(argv: Sequence[str]) -> int:
    from reader.cli.parsers import keywords_parser

    args = keywords_parser().parse_args(argv)
    issues = load(args.paths, args.paper, args.issue)
    found = keywords_for(issues)
    top = max(1, args.top)
    if args.json:
        doc = {
            "issues": [
                {
                    "paper": issue.paper,
                    "date": issue.date,
                    "articles": [
                        {
                            "id": a.id,
                            "title": a.display_title,
                            "source": file.source,
                            "keywords": [{"word": k.word, "weight": k.weight, "count": k.count} for k in found[a.id][:top]],
                        }
                        for file in issue.files for a in file.articles
                    ],
                }
                for issue in issues
            ]
        }
        write_json(doc)
        return 0
    for issue in issues:
        for file in issue.files:
            for article in file.articles:
                words = " ".join(f"{clean_line(k.word)}:{k.weight:.3f}" for k in found[article.id][:top])
                print(f"{clean_line(file.name)}\t{clean_line(article.display_title)}\t{words}")
    return 0


def cmd_bookmarks(argv: Sequence[str]) -> int:
    from reader.cli.parsers import bookmarks_parser

    args = bookmarks_parser().parse_args(argv)
    from reader.storage.store import open_read_only

    store = open_read_only(data_dir(args))
    bookmarks = store.bookmarks() if store else []
    if args.json:
        write_json({"bookmarks": [b.as_json() for b in bookmarks]})
    elif not bookmarks:
        print(_("No bookmarks."))
    else:
        for b in bookmarks:
            note = f"  — {b.note}" if b.note else ""
            line = f"{b.created_local}  {b.title}  [{Path(b.source).name} {b.place}]  {b.snippet}{note}"
            print(clean_line(line))
    return 0


def cmd_state(argv: Sequence[str]) -> int:
    from reader.cli.parsers import state_parser

    args = state_parser().parse_args(argv)
    from reader.storage.state_transfer import StateError, export_state, import_state, parse_state
    from reader.storage.store import Store

    if args.action == "export":
        if args.file is not None:
            raise InputError(_("state export writes to stdout: 'state export > state.json'"))
        store = Store.open(data_dir(args))
        try:
            write_json(export_state(store))
        finally:
            store.close()
        return 0
    if args.file is None:
        raise InputError(_("state import needs a file: 'state import state.json' ('-': stdin)"))
    text = _state_text(args.file)
    try:
        doc = parse_state(text)
    except StateError as err:
        raise InputError(f"{args.file}: {err}") from None
    store = Store.open(data_dir(args))
    try:
        if not store.saving:
            raise InputError(store.notice or _("reading state is not being saved"))
        merged = import_state(store, doc, dry_run=args.dry_run)
    finally:
        store.close()
    if args.json:
        write_json(merged.as_json() | {"dry_run": args.dry_run})
    else:
        said = _("would merge: {read} marked read, {positions} newer positions, {bookmarks} bookmarks, "
                 "{notes} notes, {settings} settings") if args.dry_run else _(
                 "merged: {read} marked read, {positions} newer positions, {bookmarks} bookmarks, "
                 "{notes} notes, {settings} settings")
        print(said.format(**merged.as_json()))
    return 0


def _state_text(name: str) -> str:
    """A state file's text (``-``: stdin), read within bounds, as one-line errors."""
    from reader.core.safe_files import read_regular_file, reason

    try:
        if name == "-":
            data = sys.stdin.buffer.read(MAX_STATE_BYTES + 1)
            if len(data) > MAX_STATE_BYTES:
                raise InputError(_("-: a state file of more than {size:,} bytes").format(size=MAX_STATE_BYTES))
        else:
            data = read_regular_file(Path(name), MAX_STATE_BYTES)
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(_("{path}: not a state file (not UTF-8)").format(path=name)) from None
    except OSError as err:
        raise InputError(_("{path}: cannot read ({reason})").format(path=name, reason=reason(err))) from None


MAX_STATE_BYTES = 200 * 1024 * 1024


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
