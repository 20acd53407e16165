"""Keywords with jieba: topical, whole local names, never a wait for the UI.

* TF-IDF on the article's body text only (paragraphs and section headings),
  nouns and names only (part-of-speech filter), minus a stop list of news
  boilerplate (我市, 推动, 记者 …). Chosen over TextRank and a blend by
  measured precision against gold lists (``tests/benchmarks/keyword_quality.py``).
* A user dictionary shipped with the package keeps local names whole
  (中航光电, 北国花城, 洛龙区 …); users add words in
  ``<config dir>/userdict.txt`` (jieba's format: ``word [freq] [pos]``).
* jieba is imported only when something must be computed, and the reader does
  that in a child process (``compute_apart``) so jieba's 150 MB leave with it;
  results are cached on disk (SQLite in the user cache dir), keyed by the
  article's content hash and the extractor version, so a warm start never
  imports jieba.
* jieba loads for a batch only the dictionary entries its texts can reach
  (``reader.keywords.segmenter``): no dictionary cache of its own, so nothing in the
  shared ``/tmp``; its log is silenced; its compile-time ``SyntaxWarning``s
  cannot break the import.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from reader.core.digest import sha1, sha1_hex
from reader.core.i18n import _
from reader.core.model import Article
from reader.core.safe_files import read_regular_file, reason
from reader.storage import sqlite
from reader.storage.paths import package_data

EXTRACTOR_VERSION = "tfidf-2"  # bump when what is cached changes
KEPT = 30  # keywords kept per article: issue terms and related articles use them all
SHOWN = 10  # the best of them, shown for an article (sidebar, export)
ALLOW_POS = ("ns", "n", "vn", "nz", "nt", "nr", "nrt", "j", "l", "an")
USER_DICT = "userdict.txt"
USER_DICT_MAX_BYTES = 8 * 1024 * 1024
CHILD_TIMEOUT = 300.0  # seconds a keyword child may take before it is killed


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


def _keywords_from_json(value: object) -> list[Keyword] | None:
    """Keywords from a cached row or a child's answer, or None if it is not
    a list of ``[word, weight, count]`` with the right types."""
    try:
        rows = json.loads(value) if isinstance(value, str | bytes) else value
    except ValueError:
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


def content_key(text: str) -> str:
    return sha1_hex(text)


class KeywordCache:
    """Keywords by article content hash and extractor fingerprint, in SQLite.

    A damaged cache is deleted and rebuilt: it holds nothing that cannot be
    computed again.
    """

    def __init__(self, cache_dir: Path) -> None:
        self.path = cache_dir / "keywords.db"
        self._conn: sqlite3.Connection | None = None
        self.notice: str | None = None  # why there is no cache, if so
        self._lock = threading.Lock()
        try:
            self._conn = sqlite.open_database(self.path, KEYWORD_CACHE).conn
        except (OSError, sqlite3.Error, sqlite.Damaged, sqlite.Newer) as err:  # not ours, a link, unusable
            self.notice = _("keyword cache not used ({reason})").format(reason=f"{self.path}: {reason(err)}")

    def get_many(self, keys: Iterable[str]) -> dict[str, list[Keyword]]:
        keys = list(keys)
        found: dict[str, list[Keyword]] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            with self._lock:  # one chunk at a time: close() never waits long
                if self._conn is None:
                    return found
                try:
                    rows = self._conn.execute(
                        f"SELECT key, value FROM keywords WHERE key IN ({marks})", chunk
                    ).fetchall()
                except sqlite3.Error:
                    return {}
            for key, value in rows:
                words = _keywords_from_json(value)
                if words is not None:
                    found[key] = words  # a malformed row counts as missing
        return found

    def put_many(self, items: dict[str, list[Keyword]]) -> None:
        rows = [(k, json.dumps([[x.word, x.weight, x.count] for x in v], ensure_ascii=False)) for k, v in items.items()]
        with self._lock:
            if self._conn is None or not rows:
                return
            try:
                self._conn.executemany("INSERT OR REPLACE INTO keywords (key, value) VALUES (?, ?)", rows)
            except sqlite3.Error:
                pass

    def close(self) -> None:
        """Close the cache; safe while a worker thread is between queries (the
        connection is shared with it: closing it mid-query crashed the process)."""
        with self._lock:
            if self._conn is not None:
                sqlite.close(self.path, self._conn)
                self._conn = None


def _make_cache(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE IF NOT EXISTS keywords (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    if conn.execute("PRAGMA application_id").fetchone()[0] != KEYWORD_CACHE_ID:
        conn.execute(f"PRAGMA application_id = {KEYWORD_CACHE_ID}")


KEYWORD_CACHE_ID = 0x4C594B57  # "LYKW"
# The keyword cache to ``storage.sqlite.open_database``: deleted and made again when it is not right.
KEYWORD_CACHE = sqlite.Kind(application_id=KEYWORD_CACHE_ID, make=_make_cache, busy_timeout=5.0)


class Keywords:
    """Keywords for articles: from the cache, else computed (importing jieba)."""

    def __init__(self, cache_dir: Path, config_dir: Path) -> None:
        self.extractor = Extractor(cache_dir, config_dir)
        self.cache = KeywordCache(cache_dir)
        self._fingerprint: str | None = None
        self._child: subprocess.Popen[str] | None = None
        self._cancelled = False
        self._one_child = threading.Lock()  # at most one jieba child (150 MB) at a time
        self._memo: dict[str, list[Keyword]] = {}  # what this session's children computed, by cache key
        self._memo_lock = threading.Lock()

    def _key(self, text: str) -> str:
        if self._fingerprint is None:
            self._fingerprint = self.extractor.fingerprint()
        return f"{self._fingerprint}:{content_key(text)}"

    def cached_texts(self, texts: dict[str, str]) -> dict[str, list[Keyword]]:
        """Keywords already known for ``{id: body text}``, by id: computed by a
        child of this session, else on disk (never imports jieba)."""
        ids_by_key: dict[str, list[str]] = {}
        for article_id, text in texts.items():
            ids_by_key.setdefault(self._key(text), []).append(article_id)
        with self._memo_lock:
            found = {key: self._memo[key] for key in ids_by_key if key in self._memo}
        on_disk = self.cache.get_many([key for key in ids_by_key if key not in found])
        with self._memo_lock:  # the next lookup of these (the UI's job after a prestart) is a dict hit
            self._memo.update(on_disk)
        found.update(on_disk)
        return {article_id: words for key, words in found.items() for article_id in ids_by_key[key]}

    def compute_texts(self, texts: dict[str, str]) -> dict[str, list[Keyword]]:
        """Keywords for ``{id: body text}`` (cache first, then jieba), by id."""
        result = self.cached_texts(texts)
        computed = self.extractor.extract_all({i: t for i, t in texts.items() if i not in result})
        self.cache.put_many({self._key(texts[i]): words for i, words in computed.items()})
        result.update(computed)
        return result

    def cached(self, articles: Iterable[Article]) -> dict[str, list[Keyword]]:
        """Keywords already on disk, by article id (never imports jieba)."""
        return self.cached_texts({a.id: a.body_text for a in articles})

    def compute(self, articles: Iterable[Article]) -> dict[str, list[Keyword]]:
        """Keywords for ``articles`` (cache first), in this process, by article id."""
        return self.compute_texts({a.id: a.body_text for a in articles})

    def prestart(self, articles: Iterable[Article]) -> None:
        """Begin computing keywords for ``articles`` now, in a thread: the reader
        calls this before it loads its UI, so the jieba child's seconds overlap
        the UI's start. A later ``compute_apart`` for them waits for this child
        (one at a time) and then finds them in the cache."""
        chosen = list(articles)

        def run() -> None:
            try:
                self.compute_apart(chosen)
            except Exception:  # noqa: BLE001 - the UI's own job asks again and reports
                pass

        threading.Thread(target=run, name="keywords-prestart", daemon=True).start()

    def compute_apart(self, articles: Iterable[Article]) -> dict[str, list[Keyword]]:
        """Like ``compute``, but jieba runs in a child process: its 150 MB are
        given back when it is done instead of staying in a long-lived reader.
        Falls back to this process if the child cannot do it."""
        texts = {a.id: a.body_text for a in articles}
        result = self.cached_texts(texts)
        if len(result) == len(texts) or self._cancelled:
            return result
        with self._one_child:  # jobs queue here: one child at a time, whatever is asked
            if self._cancelled:
                return result
            result.update(self.cached_texts({i: t for i, t in texts.items() if i not in result}))
            missing = {i: t for i, t in texts.items() if i not in result}
            if not missing:
                return result  # the job before this one computed them
            return self._run_child(missing, result)

    def _run_child(self, missing: dict[str, str], result: dict[str, list[Keyword]]) -> dict[str, list[Keyword]]:
        command = self.child_command()
        child: subprocess.Popen[str] | None = None
        try:
            child = self._child = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                text=True, encoding="utf-8",
            )
            if self._cancelled:  # cancelled while it was being started: it must not outlive the reader
                return result
            out, _ = child.communicate(json.dumps(missing, ensure_ascii=False), timeout=self.child_timeout)
            if child.returncode != 0:
                raise subprocess.CalledProcessError(child.returncode, command)
            answer = json.loads(out)
            for article_id in missing:
                words = _keywords_from_json(answer[article_id])
                if words is None:
                    raise ValueError("malformed answer from the keyword child")
                result[article_id] = words
            with self._memo_lock:  # known for the rest of the session, whatever the disk cache could keep
                self._memo.update({self._key(text): result[i] for i, text in missing.items()})
        except subprocess.TimeoutExpired:
            return result  # a stalled child: killed below; no jieba in this process
        except (OSError, subprocess.SubprocessError, ValueError, KeyError, TypeError):
            if self._cancelled:
                return result  # the reader is closing: no fallback
            result.update(self.compute_texts(missing))
        finally:
            self._child = None
            if child is not None:
                _end(child)
        return result

    def child_command(self) -> list[str]:
        """How the keyword child is started (a test may stand in a stalled one)."""
        return [
            sys.executable, "-m", "reader.keywords.child",
            str(self.extractor.cache_dir), str(self.extractor.config_dir),
        ]

    child_timeout = CHILD_TIMEOUT

    def cancel(self) -> None:
        """Stop a running child at once (the reader is quitting) and start no other."""
        self._cancelled = True
        child = self._child
        if child is not None and child.poll() is None:
            child.kill()


def _end(child: subprocess.Popen[str]) -> None:
    """Kill a child that is still running and reap it: no zombie, no orphan."""
    if child.poll() is None:
        child.kill()
    try:
        child.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass


def issue_terms(per_article: dict[str, list[Keyword]]) -> list[tuple[str, int, int]]:
    """Top terms across an issue: ``(word, articles using it, total count)``, best first."""
    articles: dict[str, int] = {}
    counts: dict[str, int] = {}
    weight: dict[str, float] = {}
    for keywords in per_article.values():
        for k in keywords:
            articles[k.word] = articles.get(k.word, 0) + 1
            counts[k.word] = counts.get(k.word, 0) + k.count
            weight[k.word] = weight.get(k.word, 0.0) + k.weight
    order = sorted(articles, key=lambda w: (-articles[w], -weight[w]))
    return [(w, articles[w], counts[w]) for w in order]


def related(article_id: str, per_article: dict[str, list[Keyword]], top: int = 5) -> list[tuple[str, list[str]]]:
    """Other articles closest to this one: ``(article id, shared words)``, best first.

    Closeness is the sum, over the keywords two articles share, of the product
    of their weights in each; shared words are listed by that product."""
    mine = {k.word: k.weight for k in per_article.get(article_id, [])}
    scored = []
    for other, keywords in per_article.items():
        if other == article_id:
            continue
        shared = {k.word: k.weight * mine[k.word] for k in keywords if k.word in mine}
        if shared:
            words = sorted(shared, key=lambda w: -shared[w])
            scored.append((sum(shared.values()), other, words))
    scored.sort(key=lambda x: -x[0])
    return [(other, words) for _, other, words in scored[:top]]
