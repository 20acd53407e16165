"""The catalog's preset dictionary (``catalog.dictionary``): made by the first
scan of many files, named in each article's zlib header, smaller rows that
read back the same, and a row whose dictionary is gone read again from its file."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_archive

from reader.catalog import dictionary, write
from reader.catalog.codec import dictionary_id
from reader.catalog.database import Catalog
from reader.text.sources import expand_paths


def _stored(catalog: Catalog) -> list[bytes]:
    return [row[0] for row in catalog.query("SELECT data FROM docs ORDER BY id")]


def _articles(catalog: Catalog, report) -> list[object]:
    return [article for entry in report.entries for article in catalog.issue(entry).articles]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dictionary") / "archive"
    make_archive(root, write.DICTIONARY_FROM + 10)
    return root


def test_a_scan_of_many_files_makes_the_dictionary_and_rows_read_back_the_same(
        archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = Catalog.open(tmp_path / "with")
    report = catalog.scan(expand_paths([archive]))
    made = catalog.stored_dictionary()
    assert made is not None and len(made) <= dictionary.SIZE
    import zlib

    assert {dictionary_id(data) for data in _stored(catalog)} == {zlib.adler32(made)}
    monkeypatch.setattr(write, "DICTIONARY_FROM", 10**9)  # the same files, stored without one
    plain = Catalog.open(tmp_path / "without")
    plain_report = plain.scan(expand_paths([archive]))
    assert plain.stored_dictionary() is None and {dictionary_id(d) for d in _stored(plain)} == {None}
    assert _articles(catalog, report) == _articles(plain, plain_report)
    smaller = sum(map(len, _stored(catalog))) / sum(map(len, _stored(plain)))
    assert smaller < 0.95  # about a sixth smaller on these generated pages (README: the catalog size rows)


def test_a_small_scan_makes_none_and_a_later_big_one_leaves_its_rows_as_they_are(
        archive: Path, tmp_path: Path) -> None:
    files = sorted(archive.iterdir())
    catalog = Catalog.open(tmp_path / "cache")
    catalog.scan(expand_paths(files[:3]))  # a first run on one issue: no third of a second for a word list
    assert catalog.stored_dictionary() is None
    first = _stored(catalog)
    report = catalog.scan(expand_paths([archive]))
    assert catalog.stored_dictionary() is not None
    assert _stored(catalog)[:len(first)] == first  # plain rows stay plain, and still read
    assert len(_articles(catalog, report)) == len(_stored(catalog))


def test_a_row_whose_dictionary_is_gone_is_read_again_from_its_file(archive: Path, tmp_path: Path) -> None:
    catalog = Catalog.open(tmp_path / "cache")
    report = catalog.scan(expand_paths([archive]))
    expected = _articles(catalog, report)
    catalog.close()
    damaged = Catalog.open(tmp_path / "cache")
    with damaged.transaction() as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'zdict'", (b"another dictionary",))
    heard: list[str] = []
    damaged.listen(heard.append)
    assert _articles(damaged, report) == expected
    assert any("damaged" in message for message in heard)


def test_the_dictionary_puts_the_most_frequent_words_last_and_needs_jieba(monkeypatch: pytest.MonkeyPatch) -> None:
    made = dictionary.from_words(["的确", "发展", "洛阳"])
    assert made is not None and made.startswith("洛阳发展的确".encode()) and made.endswith(dictionary.SCAFFOLD.encode())
    assert len(dictionary.from_words([f"词{n:05d}" for n in range(10_000)]) or b"") == dictionary.SIZE
    assert dictionary.from_words([]) is None
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert dictionary.make() is None


def test_a_row_that_does_not_inflate_to_what_was_stored_is_refused(archive: Path, tmp_path: Path) -> None:
    from reader.catalog.codec import WITH_DICTIONARY, inflate

    catalog = Catalog.open(tmp_path / "cache")
    catalog.scan(expand_paths([archive]))
    zdict = catalog.stored_dictionary()
    data = _stored(catalog)[0]
    assert data[:1] == WITH_DICTIONARY and inflate(data, 1 << 20, zdict)
    for at in range(5, len(data) - 4, max(1, (len(data) - 9) // 40)):  # a byte changed anywhere in the stream
        damaged = data[:at] + bytes([data[at] ^ 0x10]) + data[at + 1 :]
        with pytest.raises(ValueError):
            inflate(damaged, 1 << 20, zdict)
    with pytest.raises(ValueError):
        inflate(data, 1 << 20, None)  # its dictionary not given
    with pytest.raises(ValueError):
        inflate(data, 1 << 20, zdict[::-1])  # another dictionary


def test_many_rows_inflate_as_each_alone_and_the_hostile_ones_are_left_out() -> None:
    """``inflate_rows`` (a search's thousands of articles) keeps ``inflate``'s
    every refusal: a bomb past its file's limit, a truncated row, another
    dictionary's, a checksum that does not hold, not bytes at all."""
    import zlib

    from reader.catalog.codec import article_bytes, inflate, inflate_limit, inflate_rows
    from reader.core.model import Article, Block

    zdict = "北国花城洛阳牡丹".encode() * 40
    other = "别的词典".encode() * 40
    article = Article(id="a" * 12, title="北国花城", blocks=(Block("paragraph", "洛阳的牡丹开了。" * 30),))
    good, plain = article_bytes(article, zdict), article_bytes(article)
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS, zdict=zdict)
    brackets = b"[" * 400_000  # a row of a 1-byte file inflating to 400 KB, its checksum right: only the limit holds
    bomb = good[:5] + squeeze.compress(brackets) + squeeze.flush() + zlib.adler32(brackets).to_bytes(4, "big")
    wrong_sum = good[:-4] + bytes(4)
    rows = [(1, good, 900), (2, plain, 900), (3, good[:-9] + good[-4:], 900), (4, article_bytes(article, other), 900),
            (5, wrong_sum, 900), (6, "text", 900), (7, good, None), (8, bomb, 1)]
    asked: list[bytes] = []

    def zdict_for(data: bytes) -> bytes | None:
        asked.append(data[:5])
        return zdict if data[1:5] == zlib.adler32(zdict).to_bytes(4, "big") else None

    out = inflate_rows(rows, zdict_for)
    assert sorted(out) == [1, 2, 7]
    assert out[1] == out[2] == out[7] == inflate(good, inflate_limit(900), zdict)
    assert len(asked) == 2  # once per dictionary named, not per row
