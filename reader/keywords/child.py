"""A child process that computes keywords, so jieba's memory leaves with it.

Reads ``{article id: body text}`` as JSON on stdin, writes
``{article id: [[word, weight, count], ...]}`` as JSON on stdout, and fills the
keyword cache on the way. Run by ``Keywords.compute_apart``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from reader.keywords.engine import Keywords


def main() -> int:
    try:
        os.nice(5)  # the reader's own start and keystrokes go first on a busy machine
    except (AttributeError, OSError):
        pass
    cache_dir, config_dir = Path(sys.argv[1]), Path(sys.argv[2])
    texts = json.loads(sys.stdin.read())
    engine = Keywords(cache_dir, config_dir)
    found = engine.compute_texts(texts)
    engine.cache.close()
    out = {i: [[k.word, k.weight, k.count] for k in words] for i, words in found.items()}
    sys.stdout.write(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
