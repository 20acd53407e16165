"""Keywords: topical against gold lists, local names whole, jieba set up safely."""

from __future__ import annotations

import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, SEED, env_without_user_dirs
from keyword_gold import FORBIDDEN, GOLD

from reader.keywords import KEPT, Keyword, Keywords, issue_terms, related
from reader.library import load_issues

TOP = 8


@pytest.fixture(scope="module")
def computed(tmp_path_factory) -> tuple[list, dict]:
    base = tmp_path_factory.mktemp("kw")
    issues, _ = load_issues([SEED, *sorted(FIXTURES.glob("*_page.*"))])  # the pages keyword_gold covers
    engine = Keywords(base / "cache", base / "config")
    found: dict = {}
    for issue in issues:
        found.update(engine.compute(issue.articles))
    return issues, found


def test_top_keywords_are_topical(computed) -> None:
    issues, found = computed
    for issue in issues:
        for article in issue.articles:
            top = [k.word for k in found[article.id][:TOP]]
            gold = GOLD[article.title]
            assert not set(top) & FORBIDDEN, (article.title, top)
            good = [w for w in top if w in gold]
            assert len(good) >= TOP - 1, (article.title, top, set(top) - gold)
            for k in found[article.id]:
                assert k.count >= 1 and k.weight > 0


def test_local_names_stay_whole(computed) -> None:
    issues, found = computed
    by_title = {a.title: found[a.id] for i in issues for a in i.articles}
    assert "中航光电" in [k.word for k in by_title["洛阳光电元器件产业集群再添发展动能"][:3]]
    assert "北国花城" in [k.word for k in by_title["以新气象新作为推动高质量发展取得新成效"][:TOP]]
    assert "北国花城" in [k.word for k in by_title["踔厉奋发向未来 精“绣”洛城新画卷"][:TOP]]
    assert not any(k.word == "中航" for ks in found.values() for k in ks)


def test_issue_terms_and_related(computed) -> None:
    issues, found = computed
    seed = issues[0]
    in_seed = {a.id: found[a.id] for a in seed.articles}
    terms = {w: n for w, n, _ in issue_terms(in_seed)}
    assert terms["北国花城"] == 2  # used by two articles of the page
    assert terms["中航光电"] == 2
    assert max(terms.values()) < len(seed.articles)  # five different stories
    poverty, optics, interview, united_front, city = seed.articles
    # The district interview names 中航光电 and the 北国花城 campaign: it is
    # closest to the optics story, then to the city-management interview.
    mates = related(interview.id, in_seed)
    assert [m[0] for m in mates[:2]] == [optics.id, city.id]
    assert "中航光电" in mates[0][1] and mates[1][1][0] == "北国花城"
    # Every story of the page has a neighbour, best first by shared weight.
    assert all(related(a.id, in_seed) for a in seed.articles)


def test_user_dictionary_extends_the_words(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "userdict.txt").write_text("温室大棚里 3000 n\n", encoding="utf-8")
    code = (
        "import pathlib, sys\n"
        "from reader.keywords import Keywords\n"
        "k = Keywords(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]))\n"
        "k.extractor._setup()\n"
        "import jieba\n"
        "print('/'.join(jieba.lcut('而在附近的温室大棚里')))\n"
        "print(k.extractor.fingerprint())\n"
    )
    with_dict = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "cache"), str(config)],
        capture_output=True, text=True, check=True, env=env_without_user_dirs(tmp_path),
    ).stdout.split()
    without = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "cache"), str(tmp_path / "none")],
        capture_output=True, text=True, check=True, env=env_without_user_dirs(tmp_path),
    ).stdout.split()
    assert "温室大棚里" in with_dict[0].split("/")
    assert "温室大棚里" not in without[0].split("/")
    assert with_dict[1] != without[1]  # the cache key changes with the user's dictionary


SAFE_IMPORT = r"""
import sys, pathlib
from reader.keywords import Keywords
from reader.library import load_issues
(issue,), _ = load_issues([])
cache = pathlib.Path(sys.argv[1])
engine = Keywords(cache, cache.parent / "config")
result = engine.compute(issue.articles)
import jieba
print("TMPDIR", jieba.dt.tmp_dir)
print("COUNT", sum(len(v) for v in result.values()))
"""


def test_jieba_is_private_quiet_and_survives_warnings_as_errors(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = env_without_user_dirs(tmp_path)
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "pycache")  # force a fresh compile of jieba
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", SAFE_IMPORT, str(cache)],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # jieba's "Building prefix dict…" log is silenced
    assert f"TMPDIR {cache / 'jieba'}" in result.stdout
    assert f"COUNT {5 * KEPT}" in result.stdout  # every seed article has that many
    jieba_dir = cache / "jieba"
    assert stat.S_IMODE(jieba_dir.stat().st_mode) == 0o700
    assert (jieba_dir / "jieba.cache").is_file()
    assert not [p for p in jieba_dir.iterdir() if p.name.startswith("tmp")]  # no leaked temp file


def test_warm_lookup_never_imports_jieba(tmp_path: Path) -> None:
    env = env_without_user_dirs(tmp_path)
    fill = "from reader.keywords import Keywords\nfrom reader.library import load_issues\nimport pathlib,sys\n" \
           "(i,),_=load_issues([])\nk=Keywords(pathlib.Path(sys.argv[1]),pathlib.Path(sys.argv[1]))\n"
    subprocess.run([sys.executable, "-c", fill + "k.compute(i.articles)", str(tmp_path / "c")], check=True, env=env)
    warm = subprocess.run(
        [sys.executable, "-c", fill + "r=k.cached(i.articles)\nprint(len(r), 'jieba' in sys.modules)", str(tmp_path / "c")],
        capture_output=True, text=True, check=True, env=env,
    )
    assert warm.stdout.split() == ["5", "False"]


def test_corrupt_cache_is_rebuilt(tmp_path: Path) -> None:
    (issue,), _ = load_issues([SEED])
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "keywords.db").write_bytes(b"garbage" * 1000)
    engine = Keywords(cache, tmp_path / "config")
    assert len(engine.compute(issue.articles)) == 5
    assert len(Keywords(cache, tmp_path / "config").cached(issue.articles)) == 5


APART = r"""
import pathlib, sys
from reader.keywords import Keywords
from reader.library import load_issues
(issue,), _ = load_issues([])
base = pathlib.Path(sys.argv[1])
if sys.argv[2] == "broken":
    sys.executable = str(base / "no-such-python")  # the child cannot start: fall back
found = Keywords(base / "cache", base / "config").compute_apart(issue.articles)
print(sum(len(v) for v in found.values()), "jieba" in sys.modules)
"""


def test_compute_apart_keeps_jieba_out_of_the_reader(tmp_path: Path) -> None:
    env = env_without_user_dirs(tmp_path)
    apart = subprocess.run([sys.executable, "-c", APART, str(tmp_path / "a"), "ok"],
                           capture_output=True, text=True, env=env, check=True)
    assert apart.stdout.split() == [str(5 * KEPT), "False"]
    fallback = subprocess.run([sys.executable, "-c", APART, str(tmp_path / "b"), "broken"],
                              capture_output=True, text=True, env=env, check=True)
    assert fallback.stdout.split() == [str(5 * KEPT), "True"]


def test_keyword_cache_file_is_private(tmp_path: Path) -> None:
    from reader.keywords import KeywordCache

    cache = tmp_path / "cache"
    cache.mkdir()
    loose = cache / "keywords.db"
    loose.touch(mode=0o644)
    loose.chmod(0o644)  # left readable by others, e.g. by an older version
    KeywordCache(cache).close()
    assert stat.S_IMODE(loose.stat().st_mode) == 0o600
    KeywordCache(tmp_path / "fresh").close()
    assert stat.S_IMODE((tmp_path / "fresh" / "keywords.db").stat().st_mode) == 0o600


ECHO_CHILD = (
    "import json, sys, time; asked = json.load(sys.stdin); time.sleep(0.3); "
    "print(json.dumps({k: [['词', 0.5, 1]] for k in asked}))"
)


def _counting_popen(monkeypatch):
    """Record every child started, and how many were alive at once at most."""
    import subprocess
    import threading

    started: list = []
    most = [0]
    lock = threading.Lock()
    real = subprocess.Popen

    def popen(*args, **kwargs):
        child = real(*args, **kwargs)
        with lock:
            started.append(child)
            most[0] = max(most[0], sum(1 for c in started if c.poll() is None))
        return child

    monkeypatch.setattr(subprocess, "Popen", popen)
    return started, most


def _jobs(count: int):
    from reader.model import Article, Block

    return [[Article(id=f"a{n}", title=f"题{n}", blocks=(Block("paragraph", f"第{n}篇的正文。"),))] for n in range(count)]


def test_one_keyword_child_at_a_time_and_none_after_cancel(tmp_path: Path, monkeypatch) -> None:
    import sys
    import threading
    import time

    from reader.keywords import Keywords

    started, most = _counting_popen(monkeypatch)
    engine = Keywords(tmp_path / "cache", tmp_path / "config")
    engine.child_command = lambda: [sys.executable, "-c", ECHO_CHILD]  # type: ignore[method-assign]
    results: list = []
    threads = [threading.Thread(target=lambda job=job: results.append(engine.compute_apart(job))) for job in _jobs(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert most[0] == 1 and len(started) == 3
    assert all(len(r) == 1 for r in results)

    # Cancel while jobs are queued: the running child is killed, no other starts.
    started.clear()
    threads = [threading.Thread(target=engine.compute_apart, args=(job,)) for job in _jobs(8)[3:]]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 30
    while not started and time.monotonic() < deadline:
        time.sleep(0.01)
    engine.cancel()
    for thread in threads:
        thread.join(timeout=30)
    assert len(started) == 1 and started[0].poll() is not None  # killed and reaped


def test_a_prestarted_job_serves_the_ui_job_that_follows_it(tmp_path: Path, monkeypatch) -> None:
    # The CLI starts the cold issue's keywords before Textual loads; the UI's own
    # job for the same articles then waits for that child instead of starting a
    # second one, even with no usable disk cache.
    started, most = _counting_popen(monkeypatch)
    blocker = tmp_path / "file"
    blocker.write_text("")
    engine = Keywords(blocker / "cache", tmp_path / "config")  # the cache dir cannot be made
    engine.child_command = lambda: [sys.executable, "-c", ECHO_CHILD]  # type: ignore[method-assign]
    (job,) = _jobs(1)
    engine.prestart(job)
    deadline = time.monotonic() + 30
    while not started and time.monotonic() < deadline:
        time.sleep(0.01)
    found = engine.compute_apart(job)
    assert found == {"a0": [Keyword("词", 0.5, 1)]}
    assert len(started) == 1 and most[0] == 1
