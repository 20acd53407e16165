"""The keyword job queue: newest first, small issues share a child, one runner at a time."""

from __future__ import annotations

import threading
import time

from reader.core.model import Article, Issue, SourceFile, issues_of
from reader.session.sidebar import KeywordQueue


def _issue(name: str, articles: int) -> Issue:
    (issue,) = issues_of([SourceFile(
        source=f"/x/{name}.txt", name=name,
        articles=tuple(Article(id=f"{name}-{n}", title=f"{name} {n}") for n in range(articles)),
    )])
    return issue


def _names(batch: list[Issue]) -> list[str]:
    return [issue.files[0].name for issue in batch]


def test_the_newest_issue_goes_first_and_paged_past_ones_are_dropped() -> None:
    queue = KeywordQueue(batch_articles=10)
    issues = [_issue(f"i{n}", 4) for n in range(6)]
    assert queue.put(issues[0]) is True  # no runner yet: the caller starts one
    assert all(queue.put(issue) is False for issue in issues[1:])
    batch = queue.take()
    assert _names(batch) == ["i5", "i4"]  # newest first, then what fits in 10 articles
    assert queue.put(issues[5]) is False  # being served: not asked twice
    assert queue.put(issues[0]) is False  # the runner is still running
    assert _names(queue.take()) == ["i0"]
    assert queue.take() == []  # empty: the runner stops...
    assert queue.put(issues[3]) is True  # ...and the next ask starts another


def test_asking_again_moves_an_issue_to_the_front() -> None:
    queue = KeywordQueue(batch_articles=1)
    a, b = _issue("a", 1), _issue("b", 1)
    queue.put(a)
    queue.put(b)
    queue.put(a)
    assert _names(queue.take()) == ["a"]


def test_serve_reports_each_batch_and_a_failure_as_an_error() -> None:
    queue = KeywordQueue(batch_articles=100)
    queue.put(_issue("a", 2))
    reports: list[tuple[list[str], dict, str | None]] = []

    def compute(articles: list[Article]) -> dict:
        if any(a.id.startswith("bad") for a in articles):
            raise OSError("no space left")
        return {a.id: [] for a in articles}

    def report(keys, found, error) -> None:
        reports.append((keys, found, error))
        if len(reports) == 1:
            queue.put(_issue("bad", 1))  # asked while the runner works: served by the same runner

    queue.serve(compute, report)
    assert reports[0] == (["file|/x/a.txt"], {"a-0": [], "a-1": []}, None)  # the issues' keys
    assert reports[1] == (["file|/x/bad.txt"], {}, "no space left")
    assert queue.put(_issue("c", 1)) is True  # the runner ended: a new one is needed


def test_at_most_one_runner_while_issues_are_asked_from_another_thread() -> None:
    queue = KeywordQueue()
    running, most = 0, 0
    lock = threading.Lock()
    runners: list[threading.Thread] = []

    def compute(articles: list[Article]) -> dict:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.002)
        with lock:
            running -= 1
        return {}

    for n in range(200):
        if queue.put(_issue(f"i{n}", 3)):
            runner = threading.Thread(target=queue.serve, args=(compute, lambda *_: None))
            runner.start()
            runners.append(runner)
        if n % 7 == 0:
            time.sleep(0.001)
    for runner in runners:
        runner.join(timeout=10)
    assert most == 1
    assert queue.take() == []  # everything asked was served or dropped
