"""Loading the issues a session opens: paths in, parsed Issues out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reader.model import Issue
from reader.parse import parse_issue
from reader.paths import bundled_issue
from reader.sources import read_sources


def load_issues(
    paths: list[Path] | None = None, progress: Callable[[int, int], None] | None = None
) -> tuple[list[Issue], list[str]]:
    """Parse the issues named by ``paths`` (the bundled issue when empty);
    ``progress(done, total)`` is called as files are parsed.

    Returns ``(issues, warnings)``; raises ``InputError`` for unusable input.
    """
    targets = list(paths) if paths else [bundled_issue()]
    sources, warnings = read_sources(targets)
    issues = []
    for number, source in enumerate(sources, 1):
        issues.append(parse_issue(source.text, source=str(source.path.resolve()), name=source.path.stem))
        if progress is not None:
            progress(number, len(sources))
    return issues, warnings
