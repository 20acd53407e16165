"""The core never imports Textual: it can be used and tested without the UI."""

from __future__ import annotations

import subprocess
import sys

from conftest import SEED

CORE = [
    "reader.core.model", "reader.text.parse", "reader.text.sources", "reader.session.library", "reader.session.export", "reader.catalog.database",
    "reader.catalog.search", "reader.catalog.index_text", "reader.catalog.codec",
    "reader.storage.paths", "reader.cli.main", "reader.storage.store", "reader.core.typeset", "reader.storage.settings", "reader.search.engine", "reader.keywords.child",
    "reader.session.reading", "reader.session.cursor", "reader.session.sidebar", "reader.core.safe_text", "reader.core.safe_files",
    "reader.keywords.engine", "reader.core.page_layout", "reader.core.digest", "reader.text.front_matter", "reader.text.line_kinds",
    "reader.text.unmarked", "reader.text.page_facts", "reader.text.grouping", "reader.catalog.lazy", "reader.keywords.segmenter",
]


def test_core_modules_do_not_import_textual() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        # Parsing a page without front matter imports no YAML either.
        + "reader.text.parse.parse_issue(open(sys.argv[1], encoding='utf-8').read())\n"
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'jieba', 'pypinyin', 'yaml'))\n"
        + "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(SEED)], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_a_warm_start_loads_no_parser(tmp_path) -> None:
    """Files already in the catalog are read back, not parsed: the reader's
    start does not even load the parser (its modules cost memory and time)."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from reader.catalog.database import Catalog\n"
        "from reader.catalog.lazy import catalog_library\n"
        "from reader.text.sources import expand_paths\n"
        "catalog = Catalog.open(Path(sys.argv[2]))\n"
        "report = catalog.scan(expand_paths([Path(sys.argv[1])]), None)\n"
        "library = catalog_library(catalog, report.entries, report.sources)\n"
        "assert library.issues[0].articles, 'the issue was read back'\n"
        "print(','.join(sorted(m for m in sys.modules if m in ('reader.text.parse', 'reader.text.unmarked'))))\n"
    )
    cold = subprocess.run([sys.executable, "-c", code, str(SEED), str(tmp_path)], capture_output=True, text=True)
    assert cold.returncode == 0, cold.stderr
    assert cold.stdout.strip() == "reader.text.parse,reader.text.unmarked"  # a new file is parsed
    warm = subprocess.run([sys.executable, "-c", code, str(SEED), str(tmp_path)], capture_output=True, text=True)
    assert warm.returncode == 0, warm.stderr
    assert warm.stdout.strip() == ""
