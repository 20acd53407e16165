"""Fuzzing the two parsers of untrusted structure: the catalog's rows, and
front matter. Any input gives a model or is refused in one line (a
``ValueError`` the catalog answers by reading the file again; front matter
that stays text), never a traceback, within time and memory bounds."""

from __future__ import annotations

import json
import resource
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_no_loss import assert_lossless

from reader.catalog.codec import article_bytes, article_from_bytes
from reader.catalog.rows import entry_of
from reader.core.model import Article, Block
from reader.text.front_matter import split_front_matter

pytestmark = pytest.mark.slow  # hundreds of examples each

LIMIT = 1 << 20  # what a row may inflate to, here: a small file's worth

# JSON values of every shape, nested.
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=30,
)
ARTICLE = Article(
    id="0123456789ab", title="标题", kicker="引题", byline="洛报融媒记者 某某",
    blocks=(Block("paragraph", "正文第一段。"), Block("caption", "图片说明"), Block("heading", "小标题")),
    byline_at=1, unprinted=("title",), keywords=("牡丹",),
)


def _decodes_or_refuses(data: object) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        article = article_from_bytes(data, LIMIT)
    except ValueError:
        pass
    else:
        assert isinstance(article, Article)
        assert all(isinstance(b.text, str) for b in article.blocks)
        list(article.fields_in_order())  # usable as any article is
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before  # kB
    assert grown < 64 * 1024, f"decoding one row grew the process by {grown} kB"


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096))
def test_any_bytes_decode_or_are_refused(data: bytes) -> None:
    _decodes_or_refuses(data)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(JSON)
def test_any_compressed_json_decodes_or_is_refused(doc: object) -> None:
    _decodes_or_refuses(zlib.compress(json.dumps(doc).encode()))


@settings(max_examples=300)
@given(st.lists(st.tuples(st.integers(0, 4000), st.integers(0, 255)), min_size=1, max_size=8))
def test_a_damaged_article_decodes_or_is_refused(flips: list[tuple[int, int]]) -> None:
    data = bytearray(article_bytes(ARTICLE))
    for at, value in flips:
        data[at % len(data)] = value
    _decodes_or_refuses(bytes(data))


@settings(max_examples=30, deadline=None)
@given(st.integers(LIMIT + 1, 64 * LIMIT), st.sampled_from([b"[", b"\x00", b'"a",']))
def test_a_row_inflating_past_its_limit_is_refused_without_inflating_it(size: int, fill: bytes) -> None:
    squeeze = zlib.compressobj(9)
    data = b"".join(squeeze.compress(fill * (1 << 16)) for _ in range(size // (len(fill) << 16) + 1))
    _decodes_or_refuses(data + squeeze.flush())


ROW_VALUE = st.none() | st.integers() | st.floats() | st.text(max_size=30) | st.binary(max_size=30) | st.booleans()


# A whole day's file's sections as stored (JSON [[start, page, name], …]), damaged every way.
SECTION_ITEM = st.lists(st.none() | st.integers(-2, 12) | st.text(max_size=4) | st.sampled_from(["3", "A2", "0"]),
                        max_size=4)
SECTIONS = ROW_VALUE | st.lists(SECTION_ITEM, max_size=5).map(json.dumps) | st.sampled_from(
    ["[" * 100_000, '[[0, "1", null], [0, "2", null]]', '[[0, "1", "要闻"], [2, "2", null]]', "null", "{}"])


@settings(max_examples=400)
@given(st.tuples(*[ROW_VALUE] * 10))
def test_any_files_row_is_an_entry_or_none(row: tuple[object, ...]) -> None:
    entry = entry_of(row)
    if entry is not None:  # what it holds is what an entry may hold
        assert isinstance(entry.source, str) and entry.articles >= 0
        assert entry.date is None or len(entry.date) == 10


@settings(max_examples=400)
@given(SECTIONS)
def test_any_stored_sections_are_sections_or_the_row_is_none(stored: object) -> None:
    entry = entry_of((1, b"/day.txt", b"day", None, 4, "2010-04-08", None, None, None, stored))
    if entry is not None:  # rising starts within the file's articles, each a page's number
        starts = [s.start for s in entry.sections]
        assert starts == sorted(set(starts)) and all(0 <= at < entry.articles for at in starts)
        assert all(isinstance(s.page, str) and s.page for s in entry.sections)


# Front matter ------------------------------------------------------------------------

YAML_CHARS = ":-[]{}!&*#|>'\"\n ,?%@`~\\0123456789xob.eE+_titledaus新闻标题牡丹"
TAGS = ["!!timestamp", "!!bool", "!!int", "!!float", "!!binary", "!!python/object/apply:os.system", "!!set",
        "!!omap", "!!merge", "!custom", "!!str", "!!null", "!<tag:yaml.org,2002:int>"]
FIELDS = ["title", "date", "section", "section_name", "author", "keywords", "tags", "page", "版次"]
SCALARS = st.one_of(
    st.text(YAML_CHARS, max_size=40),
    st.sampled_from(["0x" + "f" * 300, "0b" + "1" * 900, "0" + "7" * 300, ":".join(["59"] * 200), "9" * 5000,
                     "20x5", "maybe", "2025-13-45", "~", "null", ".inf", "-.nan", "2025-01-02 25:61:61"]),
)
VALUE = st.one_of(
    SCALARS,
    st.builds(lambda tag, value: f"{tag} {value}", st.sampled_from(TAGS), SCALARS),
    st.builds(lambda items: "[" + ", ".join(items) + "]", st.lists(SCALARS, max_size=5)),
    st.builds(lambda depth: "[" * depth + "]" * depth, st.integers(1, 3000)),
    st.just("&a [x, x]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b]"),
)
BLOCK = st.one_of(
    st.text(YAML_CHARS, max_size=400),
    st.lists(st.tuples(st.sampled_from(FIELDS), VALUE), max_size=8).map(
        lambda pairs: "\n".join(f"{k}: {v}" for k, v in pairs)),
)


# TOML, as Hugo and Zola write it between "+++" lines: its dates, numbers, escapes and nesting.
TOML_CHARS = "=[]{}\"'\n ,.#:-+_\\ut0123456789xobeE新闻标题牡丹"
TOML_VALUE = st.one_of(
    st.text(TOML_CHARS, max_size=40),
    st.sampled_from(['"标题"', "2025-01-02", "2025-01-02T08:00:00+08:00", "1979-05-27T07:32:00", "07:32:00",
                     "2025-13-45", "true", "3.14", "inf", "nan", "0x" + "f" * 300, "9" * 5000,
                     '"\\u001b[31m红"', '"""多\n行"""', "{a = 1, b = [2, {c = 3}]}", "[1, [2, [3, [4, [5]]]]]"]),
    st.builds(lambda depth: "[" * depth + "]" * depth, st.integers(1, 3000)),
)
TOML_BLOCK = st.one_of(
    st.text(TOML_CHARS, max_size=400),
    st.lists(st.tuples(st.sampled_from(FIELDS), TOML_VALUE), max_size=8).map(
        lambda pairs: "\n".join(f"{k} = {v}" for k, v in pairs)),
)


@settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.tuples(st.just("---"), BLOCK), st.tuples(st.just("+++"), TOML_BLOCK)),
       st.sampled_from(["", "# 标题\n\n正文第一段。\n", "本报讯 近日,某地举办活动。\n"]))
def test_any_front_matter_gives_a_page_and_loses_nothing(fence_block: tuple[str, str], body: str) -> None:
    fence, block = fence_block
    text = f"{fence}\n{block}\n{fence}\n\n{body}"
    front, rest = split_front_matter(text)
    if front is not None:
        for value in (front.title, front.author, front.date, front.section, front.section_name):
            assert value is None or (isinstance(value, str) and len(value) <= 200)
        assert all(isinstance(word, str) for word in front.keywords)
        assert front.raw + rest == text
    else:
        assert rest == text
    assert_lossless(text)  # a page, every character of it somewhere


# Markup of every kind, broken anywhere: tags, ends, comments, declarations, entities, scripts, text.
HTML_PIECES = st.sampled_from(["<", ">", "</", "<!--", "-->", "<!", "<?", "&", ";", "&amp;", "&#27;", "&#x202e;", "<p>",
                               "</p>", "<br/>", "<div class='a'>", "<script>", "</script>", "<style>", "<head>", "</head>",
                               "<title>", "</title>", "<body>", "\"", "'", "=", " ", "\n", "字", "本报讯", "。", "a"])


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["<!DOCTYPE html>", "<html>", "<?xml version='1.0'?><html>", "<head>"]),
       st.lists(HTML_PIECES, max_size=200))
def test_any_html_page_gives_a_page(start: str, pieces: list[str]) -> None:
    from reader.text.html_page import html_text, is_html_document
    from reader.text.parse import parse_file

    page = start + "".join(pieces)
    assert is_html_document(page)
    assert len(html_text(page)) <= len(page) + 1  # nothing shown twice
    issue = parse_file(page)
    assert all(block.text == block.text.strip() and block.text for a in issue.articles for block in a.blocks)
