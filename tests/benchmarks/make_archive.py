"""Generate an archive of issues from the bundled issue and the fixture pages.

Each generated page takes articles from the source pages, in a shuffled order,
with numbers changed so that every article is distinct (its own id). Nothing
large is committed: the archive is made when a benchmark needs it.

    python tests/benchmarks/make_archive.py DIR [COUNT]
"""

from __future__ import annotations

import random
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SOURCES = [ROOT / "seeds" / "000_efce2d328bfbc38f.txt", *sorted((HERE.parent / "fixtures").glob("*_page.*"))]


def _chunks(text: str) -> list[str]:
    """Split a page before each article header (a heading after a byline or at
    the top). What stands before the first heading (a dateline naming the
    source page's date and 版) is left out: a generated page has its own."""
    text = text[text.find("#") :] if "#" in text else text
    parts = re.split(r"\n(?=#{1,3} [^\n]*\n\n#{1,3} )", text)
    return [p.strip("\n") for p in parts if p.strip()]


RARE = "麒麟"  # a two-character word in one issue of a thousand: what a rare name costs to find
RARE_EVERY = 1000


def make(directory: Path, count: int = 1000, seed: int = 20261125) -> list[Path]:
    rng = random.Random(seed)
    pool = [chunk for source in SOURCES for chunk in _chunks(source.read_text(encoding="utf-8"))]
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for number in range(count):
        chunks = rng.sample(pool, k=min(len(pool), rng.randint(3, 6)))
        body = "\n\n".join(chunks)
        body = re.sub(r"\d+", lambda m, n=number: str(int(m.group()) + n), body)  # distinct articles
        if number % RARE_EVERY == RARE_EVERY // 2:
            body += f"\n\n城东新发现一对石{RARE},据考为明代遗物。"
        path = directory / f"{number:04d}_luoyang.txt"
        path.write_text(f"洛阳日报 第{number + 1}期\n\n{body}\n", encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Generate an archive of issues for benchmarks.")
    parser.add_argument("directory", type=Path, help="where to write the issue files")
    parser.add_argument("count", type=int, nargs="?", default=1000, help="how many issues (default 1000)")
    args = parser.parse_args()
    files = make(args.directory, args.count)
    size = sum(p.stat().st_size for p in files)
    print(f"wrote {len(files)} issues ({size / 1e6:.1f} MB) to {args.directory}")


if __name__ == "__main__":
    main()
