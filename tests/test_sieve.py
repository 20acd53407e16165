"""The sieve rules out stored articles from their JSON text, never one with a hit."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.catalog.codec import article_bytes, article_text
from reader.catalog.index_text import FIELD_MARK, body_of
from reader.catalog.sieve import Sieve
from reader.core.model import Article, Block
from reader.search.matching import match_spans, query_terms
from reader.search.pinyin import PinyinTable, is_pinyin_query

# Hanzi a query names, and what folds into them or between them: a compatibility ideograph (北 U+F963),
# capitals and full-width letters, ℃ (folds to °c), whitespace JSON writes as it is or escaped, quotes.
TEXT = "北国花城建设报\uf963BGHCbghcＢＧ℃ \n\t\u3000\x0b\"\\“”，。"
QUERIES = ["北国", "北 国", "国花城", "建设 北国", "bghc", "bg", "bei guo", "beiguohuacheng", "hc", "c", "“北", "城。"]


def _json(article: Article) -> str:
    return article_text(article_bytes(article), 1 << 20)


def _has_hit(article: Article, query: str, tables: PinyinTable | None) -> bool:
    body = body_of(article).replace(FIELD_MARK, "\x00")
    return bool(match_spans(body, query, [(0, len(body))], [0], tables)[0])


@settings(max_examples=400, deadline=None)
@given(st.text(TEXT, max_size=12), st.lists(st.text(TEXT, max_size=30), max_size=3), st.sampled_from(QUERIES))
def test_an_article_with_a_hit_is_never_ruled_out(title: str, paragraphs: list[str], query: str) -> None:
    article = Article(id="a", title=title, blocks=tuple(Block("paragraph", p) for p in paragraphs),
                      keywords=("北国花城",))
    tables = PinyinTable(set(TEXT)) if is_pinyin_query(query) else None
    sieve = Sieve.of(query_terms(query), tables, query)
    if sieve is not None and _has_hit(article, query, tables):
        assert sieve.may_hold(_json(article))


def test_articles_without_a_hit_are_ruled_out_and_folded_ones_kept() -> None:
    tables = PinyinTable(set(TEXT))
    north = Sieve.of(query_terms("北国"), None, "北国")
    initials = Sieve.of(query_terms("bghc"), tables, "bghc")
    assert north is not None and initials is not None
    plain = _json(Article(id="a", title="城建", blocks=(Block("paragraph", "国北，建设。 B"),), keywords=("城",)))
    assert not north.may_hold(plain) and not initials.may_hold(plain)
    assert north.may_hold(_json(Article(id="b", title="\uf963\n国")))  # folds to 北, a line break between
    spaced = Article(id="c", title="Ｂ g\tHＣ")  # folds to "b g\thc": "bghc", spaces allowed
    assert initials.may_hold(_json(spaced)) and _has_hit(spaced, "bghc", tables)
    degrees = Article(id="c", title="Ｂ g\tH℃")  # folds to "b g\th°c": not "bghc"
    assert not initials.may_hold(_json(degrees)) and not _has_hit(degrees, "bghc", tables)
    assert initials.may_hold(_json(Article(id="d", title="建设北国\t花城")))  # by pinyin
    assert Sieve.of(query_terms("“北"), None, "“北") is None  # a quote, which JSON escapes: no sieve
