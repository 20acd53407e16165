"""Trees of files cut in the shapes real archives come in, with our own text:
what the tests of issues as days open.

* ``crawler_tree``: a crawler's Markdown, one article a file, in
  ``YYYY/MM/YYYY-MM-DD/NN-版名/`` folders; only some files name the paper.
* ``epaper_day``: an e-paper day saved as text, one file a page, each with
  the paper's masthead, the date and the page line, and several articles.
* ``undated``: a file that names no day.
"""

from __future__ import annotations

from pathlib import Path

EVENING = "河洛晚报"  # the crawler's paper (a name of our own)
COUNTY = "伊川日报"  # the e-paper's paper


def _crawled(path: Path, title: str, date: str, page: str, page_name: str, body: str, paper: str | None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    named = f"paper: {paper}\n" if paper else ""
    path.write_text(
        f"---\ntitle: {title}\ndate: {date}\nsection: \"第{page}版\"\nsection_name: \"{page_name}\"\n{named}---\n\n"
        f"# {title}\n\n{body}\n",
        encoding="utf-8",
    )
    return path


def crawler_tree(root: Path) -> list[Path]:
    """Two days of 河洛晚报: the 5th in three files over two pages (only the
    first names the paper), the 6th in one file."""
    day = root / "2024" / "01" / "2024-01-05"
    return [
        _crawled(day / "01-要闻" / "灯会.md", "老城灯会今晚开幕", "2024-01-05", "01", "要闻",
                 "老城灯会今晚开幕,三十组彩灯沿河排开。市民可免费入场观灯。", EVENING),
        _crawled(day / "01-要闻" / "地铁.md", "地铁二号线试运行", "2024-01-05", "01", "要闻",
                 "地铁二号线开始试运行,沿线十八座车站同步调试。灯会期间加开夜班车。", None),
        _crawled(day / "03-文化" / "书市.md", "冬季书市人气旺", "2024-01-05", "03", "文化",
                 "冬季书市在市图书馆广场举办,两百多家出版单位参展。灯会的灯谜也搬进了书市。", None),
        _crawled(root / "2024" / "01" / "2024-01-06" / "01-要闻" / "雪.md", "一场小雪润古城", "2024-01-06", "01",
                 "要闻", "昨夜一场小雪,古城银装素裹。环卫工人凌晨上岗清扫积雪。", EVENING),
    ]


def _epaper_page(path: Path, page: int, page_name: str, titles: list[str]) -> Path:
    lines = [COUNTY, "上一版  下一版", "2024 年 1 月 5 日 星期五", f"{page:03d}版:{page_name}", ""]
    for n, title in enumerate(titles):
        lines += [title, f"本报记者 郑某{n}",
                  f"\u3000\u3000{title}的消息传来,县城里不少人议论纷纷。灯会和书市都在这几天。",
                  "\u3000\u3000有关部门表示,将做好服务保障工作。", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def epaper_day(root: Path) -> list[Path]:
    """伊川日报 of 2024-01-05, pages 1, 2 and 10, saved as one file a page
    (named so that a name sort puts page 10 before page 2)."""
    return [
        _epaper_page(root / "ycrb20240105_001.txt", 1, "要闻", ["县里开通城乡公交", "新建三所乡村学校"]),
        _epaper_page(root / "ycrb20240105_010.txt", 10, "副刊", ["冬夜读书记"]),
        _epaper_page(root / "ycrb20240105_002.txt", 2, "经济", ["小麦冬灌正当时", "苹果园里忙修剪"]),
    ]


def undated(root: Path) -> Path:
    """A page that names no day (an old scan's text)."""
    root.mkdir(parents=True, exist_ok=True)
    path = root / "notes.txt"
    path.write_text("旧报拾遗\n\n\u3000\u3000一份没有日期的剪报,讲的是灯会的往事。\n", encoding="utf-8")
    return path


def everything(root: Path) -> list[Path]:
    """All of the above, under ``root``: 5 issues (3 days of 2 papers, an undated file)."""
    return [*crawler_tree(root / "crawler"), *epaper_day(root / "epaper"), undated(root / "misc")]
