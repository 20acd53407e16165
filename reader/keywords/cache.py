"""Keywords already computed, on disk: by the article's text and the
extractor's fingerprint, so a warm start never imports jieba.

The rows are JSON (never pickle) in a cache database of the user's
(``storage.text_cache``), checked as they are read: a malformed row counts as
missing, and is computed again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from reader.keywords.extraction import Keyword
from reader.storage.text_cache import TextCache


def keywords_from_json(value: object) -> list[Keyword] | None:
    """Keywords from a cached row or a child's answer, or None if it is not
    a list of ``[word, weight, count]`` with the right types."""
    try:
        rows = json.loads(value) if isinstance(value, str | bytes) else value
    except (ValueError, RecursionError):  # damaged, or nested past what a parser takes
        return None
    if not isinstance(rows, list):
        return None
    out: list[Keyword] = []
    for row in rows:
        if not (isinstance(row, list) and len(row) == 3):
            return None
        word, weight, count = row
        if not (
            isinstance(word, str)
            and isinstance(weight, int | float)
            and not isinstance(weight, bool)
            and isinstance(count, int)
            and not isinstance(count, bool)
        ):
            return None
        out.append(Keyword(word, float(weight), count))
    return out


class KeywordCache:
    """Keywords by cache key (``Keywords._key``), in ``keywords.db`` in the cache dir."""

    def __init__(self, cache_dir: Path) -> None:
        self._texts = TextCache(cache_dir / "keywords.db")
        self.notice = self._texts.notice  # why there is no cache, if so

    def get_many(self, keys: Iterable[str]) -> dict[str, list[Keyword]]:
        found = {}
        for key, value in self._texts.get_many(keys).items():
            words = keywords_from_json(value)
            if words is not None:
                found[key] = words  # a malformed row counts as missing
        return found

    def put_many(self, items: dict[str, list[Keyword]]) -> None:
        self._texts.put_many({k: json.dumps([[x.word, x.weight, x.count] for x in v], ensure_ascii=False)
                              for k, v in items.items()})

    def close(self) -> None:
        self._texts.close()
