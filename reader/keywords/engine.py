"""Keywords for articles, never a wait for the UI: from the cache, else
computed in a child process.

jieba takes a second and 100 MB even reading only what it needs: the reader
computes keywords in a child process (``keywords.child``) so its memory
leaves with it, one child at a time, and caches them on disk by the
article's text and the extractor's fingerprint (``keywords.cache``), so a
warm start never imports jieba. jieba's log is silenced and its compile-time
``SyntaxWarning``s cannot break the import (``keywords.segmenter``).
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterable
from pathlib import Path

from reader.core.model import Article
from reader.keywords.cache import KeywordCache, keywords_from_json
from reader.keywords.extraction import Extractor, Keyword, content_key

CHILD_TIMEOUT = 300.0  # seconds a keyword child may take before it is killed


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
                words = keywords_from_json(answer[article_id])
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
