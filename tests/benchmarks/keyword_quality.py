"""Which keyword method to use: precision of the top 8 against the gold lists.

    python tests/benchmarks/keyword_quality.py

Compares jieba's TF-IDF, TextRank and an even blend of the two, all with the
reader's part-of-speech filter, stop list and user dictionary, on the bundled
issue and the fixture pages. Precision@8 is the share of the top 8 words that
the gold list (``tests/keyword_gold.py``) accepts; "forbidden" counts words
that must never appear (markup, bylines, boilerplate).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from conftest import SEED, fixture_pages  # noqa: E402
from keyword_gold import FORBIDDEN, GOLD  # noqa: E402

from reader.keywords.extraction import ALLOW_POS, USER_DICT, Extractor, _plausible  # noqa: E402
from reader.session.library import load_files  # noqa: E402
from reader.storage.paths import package_data  # noqa: E402

TOP = 8


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        extractor = Extractor(Path(tmp) / "cache", Path(tmp) / "config")
        import jieba
        import jieba.analyse

        jieba.dt.tmp_dir = tmp  # its dictionary cache: not the shared /tmp
        jieba.setLogLevel(40)
        jieba.load_userdict(str(package_data(USER_DICT)))

        def tfidf(text: str) -> list[tuple[str, float]]:
            tags = jieba.analyse.extract_tags(text, topK=40, withWeight=True, allowPOS=ALLOW_POS)
            return [(w, s) for w, s in tags if _plausible(w, extractor.stops)]

        def textrank(text: str) -> list[tuple[str, float]]:
            tags = jieba.analyse.textrank(text, topK=40, withWeight=True, allowPOS=ALLOW_POS)
            return [(w, s) for w, s in tags if _plausible(w, extractor.stops)]

        def blend(text: str) -> list[tuple[str, float]]:
            a, b = dict(tfidf(text)), dict(textrank(text))
            top_a, top_b = max(a.values(), default=1), max(b.values(), default=1)
            score = {w: a.get(w, 0) / top_a / 2 + b.get(w, 0) / top_b / 2 for w in a.keys() | b.keys()}
            return sorted(score.items(), key=lambda x: -x[1])

        issues, _ = load_files([SEED, *fixture_pages()])
        articles = [a for issue in issues for a in issue.articles if a.title in GOLD]  # the pages with gold lists
        print(f"{'method':<10} {'precision@8':>12} {'forbidden':>10}  worst article")
        for name, method in (("tfidf", tfidf), ("textrank", textrank), ("blend", blend)):
            scores, forbidden = [], 0
            for article in articles:
                top = [w for w, _ in method(article.body_text)[:TOP]]
                scores.append((sum(w in GOLD[article.title] for w in top) / TOP, article.title))
                forbidden += sum(w in FORBIDDEN for w in top)
            mean = sum(s for s, _ in scores) / len(scores)
            worst = min(scores)
            print(f"{name:<10} {mean:>12.3f} {forbidden:>10}  {worst[0]:.2f} {worst[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
