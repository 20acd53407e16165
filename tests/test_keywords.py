"""Keywords: topical against gold lists, local names whole, jieba set up safely."""

from __future__ import annotations

import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, SEED, env_without_user_dirs, fixture_pages
from keyword_gold import FORBIDDEN, GOLD

from reader.keywords.analysis import issue_terms, related
from reader.keywords.engine import Keywords
from reader.keywords.extraction import KEPT, Keyword
from reader.session.library import load_files

TOP = 8


@pytest.fixture(scope="module")
def computed(tmp_path_factory) -> tuple[list, dict]:
    base = tmp_path_factory.mktemp("kw")
    issues, _ = load_files([SEED, *sorted(FIXTURES.glob("*_page.*"))])  # the pages keyword_gold covers
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


def test_a_city_s_bureaus_stay_whole_and_in_the_course_of_is_no_rank(tmp_path: Path) -> None:
    """The shipped dictionary: 市住建局 is the 住建局 (not 市住 and 建局); 改造中将保留 is "will keep, in the work"."""
    from reader.keywords.extraction import Extractor

    text = ("市住建局负责人表示，老城区改造中将保留街区原有的历史风貌。市住建局、市人社局和市文旅局联合发文，"
            "住建局将牵头推进。改造中将注重居民意见。")
    words = [k.word for k in Extractor(tmp_path / "cache", tmp_path / "none").extract_all({"a": text})["a"]]
    assert "住建局" in words
    assert not {"建局", "市住", "社局", "旅局", "中将"} & set(words)


def test_user_dictionary_extends_the_words(tmp_path: Path) -> None:
    from reader.keywords.extraction import Extractor

    config = tmp_path / "config"
    config.mkdir()
    (config / "userdict.txt").write_text("温室大棚里 3000 n\n", encoding="utf-8")
    text = "而在附近的温室大棚里，温室大棚里种满了牡丹。"
    with_dict = Extractor(tmp_path / "cache", config)
    without = Extractor(tmp_path / "cache", tmp_path / "none")
    assert "温室大棚里" in [k.word for k in with_dict.extract_all({"a": text})["a"]]
    assert "温室大棚里" not in [k.word for k in without.extract_all({"a": text})["a"]]
    assert with_dict.fingerprint() != without.fingerprint()  # the cache key changes with the user's dictionary


def test_a_malformed_user_dictionary_is_reported_and_left_out(tmp_path: Path) -> None:
    from reader.keywords.extraction import Extractor

    config = tmp_path / "config"
    config.mkdir()
    (config / "userdict.txt").write_bytes("温室大棚里 3000 n\n".encode() + b"\xff\xfe broken\n")
    extractor = Extractor(tmp_path / "cache", config)
    words = extractor.extract_all({"a": "而在附近的温室大棚里，温室大棚里种满了牡丹。"})["a"]
    assert words and "温室大棚里" not in [k.word for k in words]  # none of the file, not half of it
    assert extractor.user_dict_note is not None and str(config / "userdict.txt") in extractor.user_dict_note


JIEBA_ANALYSE = r"""
import json, sys
import jieba, jieba.analyse
jieba.dt.tmp_dir = sys.argv[1]  # its dictionary cache: never the shared /tmp
jieba.setLogLevel(40)
texts = json.loads(sys.stdin.read())
jieba.load_userdict(sys.argv[2])
print(json.dumps({i: jieba.analyse.extract_tags(t, topK=120, withWeight=True, allowPOS=json.loads(sys.argv[3]))
                  for i, t in texts.items()}, ensure_ascii=False))
"""


@pytest.mark.slow
def test_the_reachable_dictionary_gives_jieba_analyse_s_own_words_and_weights(tmp_path: Path) -> None:
    """The segmenter reads only the dictionary lines a batch can reach; the
    words, their order and their weights must be those of jieba's own TF-IDF
    over its whole dictionary (run apart: this process's jieba is set up the
    reader's way)."""
    import json

    from reader.keywords.extraction import ALLOW_POS, USER_DICT
    from reader.keywords.segmenter import Segmenter
    from reader.storage.paths import package_data

    issues, _ = load_files([SEED, *fixture_pages()])
    texts = {a.id: a.body_text for issue in issues for a in issue.articles}
    bundled = package_data(USER_DICT)
    reference = json.loads(subprocess.run(
        [sys.executable, "-c", JIEBA_ANALYSE, str(tmp_path), str(bundled), json.dumps(ALLOW_POS)],
        input=json.dumps(texts), capture_output=True, text=True, check=True, env=env_without_user_dirs(tmp_path),
    ).stdout)
    segmenter = Segmenter(texts.values(), [bundled.read_bytes()])
    assert len(texts) > 20
    for article_id, text in texts.items():
        mine = [[w, weight] for w, weight in segmenter.keywords(text, 120, ALLOW_POS)]
        assert mine == reference[article_id], article_id


SAFE_IMPORT = r"""
import sys, pathlib
from reader.keywords.engine import Keywords
from reader.session.library import load_files
(issue,), _ = load_files([])
cache = pathlib.Path(sys.argv[1])
engine = Keywords(cache, cache.parent / "config")
result = engine.compute(issue.articles)
print("COUNT", sum(len(v) for v in result.values()))
print("PKG_RESOURCES", "pkg_resources" in sys.modules)
"""


@pytest.mark.slow
def test_jieba_writes_nothing_is_quiet_and_survives_warnings_as_errors(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = env_without_user_dirs(tmp_path)
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "pycache")  # force a fresh compile of jieba
    env["TMPDIR"] = str(tmp_path / "tmp")  # where jieba would put its dictionary cache
    (tmp_path / "tmp").mkdir()
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", SAFE_IMPORT, str(cache)],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # jieba's "Building prefix dict…" log is silenced
    assert f"COUNT {5 * KEPT}" in result.stdout  # every seed article has that many
    assert "PKG_RESOURCES False" in result.stdout  # jieba's 0.2 s detour through setuptools is skipped
    assert list((tmp_path / "tmp").iterdir()) == []
    assert {p.name for p in cache.iterdir()} <= {"keywords.db", "keywords.db-wal", "keywords.db-shm"}


def test_warm_lookup_never_imports_jieba(tmp_path: Path) -> None:
    env = env_without_user_dirs(tmp_path)
    fill = "from reader.keywords.engine import Keywords\nfrom reader.session.library import load_files\nimport pathlib,sys\n" \
           "(i,),_=load_files([])\nk=Keywords(pathlib.Path(sys.argv[1]),pathlib.Path(sys.argv[1]))\n"
    subprocess.run([sys.executable, "-c", fill + "k.compute(i.articles)", str(tmp_path / "c")], check=True, env=env)
    warm = subprocess.run(
        [sys.executable, "-c", fill + "r=k.cached(i.articles)\nprint(len(r), 'jieba' in sys.modules)", str(tmp_path / "c")],
        capture_output=True, text=True, check=True, env=env,
    )
    assert warm.stdout.split() == ["5", "False"]


def test_corrupt_cache_is_rebuilt(tmp_path: Path) -> None:
    (issue,), _ = load_files([SEED])
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "keywords.db").write_bytes(b"garbage" * 1000)
    engine = Keywords(cache, tmp_path / "config")
    assert len(engine.compute(issue.articles)) == 5
    assert len(Keywords(cache, tmp_path / "config").cached(issue.articles)) == 5


def test_a_cached_row_nested_past_what_json_reads_counts_as_missing(tmp_path: Path) -> None:
    """The cache is a file like any other: a row of ``[[[[…`` deeper than the
    JSON parser goes is a malformed row (it raised RecursionError)."""
    import sqlite3

    (issue,), _ = load_files([SEED])
    cache = tmp_path / "cache"
    Keywords(cache, tmp_path / "config").compute(issue.articles)
    with sqlite3.connect(cache / "keywords.db") as conn:
        conn.execute("UPDATE entries SET value = ? WHERE rowid = (SELECT min(rowid) FROM entries)", ("[" * 100_000,))
    conn.close()
    assert len(Keywords(cache, tmp_path / "config").cached(issue.articles)) == 4


APART = r"""
import pathlib, sys
from reader.keywords.engine import Keywords
from reader.session.library import load_files
(issue,), _ = load_files([])
base = pathlib.Path(sys.argv[1])
if sys.argv[2] == "broken":
    sys.executable = str(base / "no-such-python")  # the child cannot start: fall back
found = Keywords(base / "cache", base / "config").compute_apart(issue.articles)
print(sum(len(v) for v in found.values()), "jieba" in sys.modules)
"""


@pytest.mark.slow
def test_compute_apart_keeps_jieba_out_of_the_reader(tmp_path: Path) -> None:
    env = env_without_user_dirs(tmp_path)
    apart = subprocess.run([sys.executable, "-c", APART, str(tmp_path / "a"), "ok"],
                           capture_output=True, text=True, env=env, check=True)
    assert apart.stdout.split() == [str(5 * KEPT), "False"]
    fallback = subprocess.run([sys.executable, "-c", APART, str(tmp_path / "b"), "broken"],
                              capture_output=True, text=True, env=env, check=True)
    assert fallback.stdout.split() == [str(5 * KEPT), "True"]


def test_keyword_cache_file_is_private(tmp_path: Path) -> None:
    from reader.keywords.cache import KeywordCache

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
    from reader.core.model import Article, Block

    return [[Article(id=f"a{n}", title=f"题{n}", blocks=(Block("paragraph", f"第{n}篇的正文。"),))] for n in range(count)]


@pytest.mark.slow
def test_one_keyword_child_at_a_time_and_none_after_cancel(tmp_path: Path, monkeypatch) -> None:
    import sys
    import threading
    import time

    from reader.keywords.engine import Keywords

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
