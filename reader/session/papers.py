"""The paper of files that do not name it themselves: by folder.

A file names its paper in its front matter or on the page it printed
(``text.placement``); where it does not, a setting may name the paper of a
folder (``[papers]`` in config.toml); else no paper is shown, rather than a
wrong one. The bundled issue is 洛阳日报's: the package knows its own file
(and only that file, not its folder).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

BUNDLED_PAPER = "洛阳日报"


class Papers:
    """Paper names by folder or file (the nearest folder that has one wins)."""

    def __init__(self, places: Sequence[tuple[str, str]] = ()) -> None:
        self._places = sorted(((place.rstrip(os.sep) or os.sep, name) for place, name in places),
                              key=lambda pair: -len(pair[0]))

    def __repr__(self) -> str:
        return f"Papers({self._places!r})"

    def of(self, source: str) -> str | None:
        """The paper of the file at ``source``, if it or a folder of it has one."""
        for place, name in self._places:
            if source == place or source.startswith(place if place.endswith(os.sep) else place + os.sep):
                return name
        return None


def bundled_papers() -> Papers:
    """Only the bundled issue's paper: what a library knows without settings."""
    from reader.storage.paths import bundled_issue

    return Papers(((os.path.realpath(bundled_issue()), BUNDLED_PAPER),))


def user_papers() -> Papers:
    """The user's settings' papers, and the bundled issue's."""
    from reader.storage.paths import bundled_issue
    from reader.storage.settings import user_settings

    return Papers((*user_settings().papers, (os.path.realpath(bundled_issue()), BUNDLED_PAPER)))
