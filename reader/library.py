"""Loading the issues a session opens: paths in, parsed Issues out."""

from __future__ import annotations

from pathlib import Path

from reader.model import Issue
from reader.parse import parse_issue
from reader.paths import bundled_issue
from reader.sources import read_sources


def load_issues(paths: list[Path] | None = None) -> tuple[list[Issue], list[str]]:
    """Parse the issues named by ``paths`` (the bundled issue when empty).

    Returns ``(issues, warnings)``; raises ``InputError`` for unusable input.
    """
    targets = list(paths) if paths else [bundled_issue()]
    sources, warnings = read_sources(targets)
    issues = [parse_issue(s.text, source=str(s.path.resolve()), name=s.path.stem) for s in sources]
    return issues, warnings
