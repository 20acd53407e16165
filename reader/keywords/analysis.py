"""What keywords say about several articles: an issue's terms, related articles."""

from __future__ import annotations

from reader.keywords.extraction import Keyword


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
