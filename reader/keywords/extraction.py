"""Keywords of an article's body text: jieba TF-IDF, nouns and names only,
without news boilerplate, local names kept whole.

* TF-IDF on the article's body text only (paragraphs and section headings),
  nouns and names only (part-of-speech filter), minus a stop list of news
  boilerplate (我市, 推动, 记者 …). Chosen over TextRank and a blend by
  measured precision against gold lists (``tests/benchmarks/keyword_quality.py``).
* A user dictionary shipped with the package keeps local names whole
  (中航光电, 北国花城, 洛龙区 …); users add words in
  ``<config dir>/userdict.txt`` (jieba's format: ``word [freq] [pos]``).
* jieba is imported only here, when something must be computed: the reader
  does it in a child process (``keywords.child``), which loads for a batch only
  the dictionary entries its texts can reach (``keywords.segmenter``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from reader.core.digest import sha1, sha1_hex
from reader.core.i18n import _
from reader.core.safe_files import read_regular_file, reason
from reader.storage.paths import package_data

EXTRACTOR_VERSION = "tfidf-2"  # bump when what is cached changes
KEPT = 30  # keywords kept per article: issue terms and related articles use them all
SHOWN = 10  # the best of them, shown for an article (sidebar, export)
ALLOW_POS = ("ns", "n", "vn", "nz", "nt", "nr", "nrt", "j", "l", "an")
USER_DICT = "userdict.txt"
USER_DICT_MAX_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class Keyword:
    word: str
    weight: float
    count: int = 0  # occurrences in the article's body text


def _data_text(name: str) -> str:
    return package_data(name).read_text(encoding="utf-8")


def stop_words() -> frozenset[str]:
    lines = _data_text("stopwords.txt").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _plausible(word: str, stops: frozenset[str]) -> bool:
    return len(word) > 1 and word not in stops and not word.isascii() and not any(c.isdigit() for c in word)


def content_key(text: str) -> str:
    """What an article's keywords are cached under: its text's digest."""
    return sha1_hex(text)


class Extractor:
    """What keywords are taken with: jieba (through ``reader.keywords.segmenter``, imported
    only when something is computed), the dictionaries and the stop list."""

    def __init__(self, cache_dir: Path, config_dir: Path) -> None:
        self.cache_dir = cache_dir
        self.config_dir = config_dir
        self.user_dict_note: str | None = None
        self.stops = stop_words()

    def fingerprint(self) -> str:
        """Changes when the extractor or a dictionary changes: part of the cache key."""
        digest = sha1(EXTRACTOR_VERSION.encode())
        digest.update(_data_text(USER_DICT).encode())
        digest.update(_data_text("stopwords.txt").encode())
        digest.update(self._user_dict or b"")
        return digest.hexdigest()[:12]

    @cached_property
    def _user_dict(self) -> bytes | None:
        """The user's dictionary, read safely (a FIFO or a huge file is refused),
        once: the cache key and jieba see the same words."""
        user = self.config_dir / USER_DICT
        try:
            return read_regular_file(user, USER_DICT_MAX_BYTES)
        except FileNotFoundError:
            return None
        except OSError as err:
            self.user_dict_note = _("{path}: ignored ({reason})").format(path=user, reason=reason(err))
            return None

    def extract_all(self, texts: dict[str, str], top: int = KEPT) -> dict[str, list[Keyword]]:
        """Top keywords of each article's body text, best first, by id: one
        ``Segmenter`` (jieba, with the reader's and the user's dictionaries)
        for the whole batch."""
        from reader.keywords.segmenter import Segmenter

        out: dict[str, list[Keyword]] = {i: [] for i, text in texts.items() if not text.strip()}
        todo = {i: text for i, text in texts.items() if i not in out}
        if not todo:
            return out
        bundled = package_data(USER_DICT).read_bytes()
        data = self._user_dict
        try:
            segmenter = Segmenter(todo.values(), [bundled] if data is None else [bundled, data])
        except Exception as err:  # noqa: BLE001 - a user's file: report, never crash
            if data is None:
                raise  # not the user's file: trying again without it would fail the same way
            self.user_dict_note = _("{path}: ignored ({reason})").format(path=self.config_dir / USER_DICT, reason=err)
            segmenter = Segmenter(todo.values(), [bundled])
        for article_id, text in todo.items():
            tags = segmenter.keywords(text, top * 4, ALLOW_POS)
            words = [Keyword(w, round(weight, 4), text.count(w)) for w, weight in tags if _plausible(w, self.stops)]
            out[article_id] = words[:top]
        return out
