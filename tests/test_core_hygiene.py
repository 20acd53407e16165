"""The core never imports Textual: it can be used and tested without the UI."""

from __future__ import annotations

import subprocess
import sys

from conftest import SEED

CORE = [
    "reader.model", "reader.parse", "reader.sources", "reader.library", "reader.export", "reader.catalog",
    "reader.archive_search", "reader.archive_text", "reader.issue_codec",
    "reader.paths", "reader.cli", "reader.store", "reader.typeset", "reader.settings", "reader.search", "reader.keyword_worker",
    "reader.session", "reader.search_cursor", "reader.sidebar_keywords", "reader.safe_text", "reader.safe_files",
    "reader.keywords", "reader.page_layout", "reader.digest", "reader.front_matter", "reader.line_kinds",
    "reader.unmarked", "reader.page_facts", "reader.issue_groups", "reader.catalog_issues", "reader.segmenter",
]


def test_core_modules_do_not_import_textual() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        # Parsing a page without front matter imports no YAML either.
        + "reader.parse.parse_issue(open(sys.argv[1], encoding='utf-8').read())\n"
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
        "from reader.catalog import Catalog\n"
        "from reader.catalog_issues import catalog_library\n"
        "from reader.sources import expand_paths\n"
        "catalog = Catalog.open(Path(sys.argv[2]))\n"
        "report = catalog.scan(expand_paths([Path(sys.argv[1])]), None)\n"
        "library = catalog_library(catalog, report.entries, report.sources)\n"
        "assert library.issues[0].articles, 'the issue was read back'\n"
        "print(','.join(sorted(m for m in sys.modules if m in ('reader.parse', 'reader.unmarked'))))\n"
    )
    cold = subprocess.run([sys.executable, "-c", code, str(SEED), str(tmp_path)], capture_output=True, text=True)
    assert cold.returncode == 0, cold.stderr
    assert cold.stdout.strip() == "reader.parse,reader.unmarked"  # a new file is parsed
    warm = subprocess.run([sys.executable, "-c", code, str(SEED), str(tmp_path)], capture_output=True, text=True)
    assert warm.returncode == 0, warm.stderr
    assert warm.stdout.strip() == ""
