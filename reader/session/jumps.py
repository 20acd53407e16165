"""An article continued on another page (转版): where it goes on, and where it began.

A front page's story often ends ``（下转第三版）`` and goes on under
``（上接第一版）`` on page 3, its title printed again or not. ``jump`` finds
the other part in the same issue (the day): on the page the marker names,
the article whose own marker names this page back, or whose title is this
one's; from a continuation, the part it continues. Read from the text as
printed; nothing is joined or rewritten.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reader.core.model import Article, Issue, SourceFile
from reader.text.placement import CONTINUED_FROM_RE, CONTINUED_ON_RE, page_number

Part = tuple[SourceFile, Article]


def jump(issue: Issue, file: SourceFile, article: Article) -> Part | None:
    """The other part of ``article`` (of ``file``, in ``issue``): where it goes
    on, if it says so, else where it began (as it says, or as the part whose
    marker names this page under the same title says); None when nothing
    answers."""
    here = file.page_of(article.id)[0]
    onward = _marks(CONTINUED_ON_RE, article)
    if onward:
        return _answering(issue, file, article, onward[0], CONTINUED_FROM_RE, here)
    began = _marks(CONTINUED_FROM_RE, article)
    if began:
        return _answering(issue, file, article, began[0], CONTINUED_ON_RE, here)
    found = _answering(issue, file, article, None, CONTINUED_ON_RE, here)  # a part that names this page, of this title
    same = found is not None and _plain_title(found[1].title) == _plain_title(article.title) != ""
    return found if found is not None and same and here is not None and here in _marks(CONTINUED_ON_RE, found[1]) else None


def _answering(issue: Issue, file: SourceFile, article: Article, page: str | None, wanted: re.Pattern[str],
               here: str | None) -> Part | None:
    """The article on ``page`` (any page: None) that answers ``article``:
    its ``wanted`` marker names ``here`` back, or its title is the same (both
    count most); the first of the best."""
    title = _plain_title(article.title)
    best: tuple[int, Part] | None = None
    for printed in issue.pages:
        if page is not None and printed.number != page:
            continue
        for part, start, stop in printed.parts:
            for other in part.articles[start:stop]:
                if other.id == article.id and part is file:
                    continue
                answers = _marks(wanted, other)
                score = (2 if here is not None and here in answers else 1 if answers else 0) + \
                    (2 if title and _plain_title(other.title) == title else 0)
                if score >= 2 and (best is None or score > best[0]):
                    best = (score, (part, other))
    return best[1] if best is not None else None


def _marks(pattern: re.Pattern[str], article: Article) -> list[str]:
    """The pages an article's own markers name: where it began (its title and
    first block), or where it goes on (its blocks, the last first)."""
    texts = [article.title, *(b.text for b in article.blocks[:1])] if pattern is CONTINUED_FROM_RE \
        else reversed([b.text for b in article.blocks])
    return _pages(pattern, texts)


def _pages(pattern: re.Pattern[str], texts: Iterable[str]) -> list[str]:
    """The pages ``pattern``'s markers name in ``texts``, the first text's first."""
    found = []
    for text in texts:
        for match in pattern.finditer(text or ""):
            page = page_number(re.sub(r"\s", "", match.group(1)))
            if page is not None:
                found.append(page)
    return found


def _plain_title(title: str) -> str:
    """A title without its jump markers and spaces: （上接第一版）植树活动启动 → 植树活动启动."""
    return "".join(CONTINUED_FROM_RE.sub("", CONTINUED_ON_RE.sub("", title)).split())
