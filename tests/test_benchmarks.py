"""The benchmark harness runs as the README documents and reports every row.

Nothing here times anything: the figures and their budgets are the
harness's business (``tests/benchmarks/run.py``). This only proves that the
command still works end to end, on a small archive, so it cannot rot.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, env_without_user_dirs

ROWS = [
    "baseline: first frame",
    "baseline: first frame, Header + ListView + Static + Footer",
    "baseline: bytes per ListView move",
    "baseline: bytes per page-down of its text pane",
    "warm start: first article on screen",
    "cold start: first frame",
    "cold start: keywords on screen",
    "memory: peak RSS, warm start",
    "memory: peak RSS, after reading 3 articles",
    "memory: peak RSS, cold start",
    "bytes per list move",
    "baseline: widgets at the first frame",
    "widgets at the first frame",
    "bytes per page-down in the reader",
    "search per keystroke, core only, bundled issue (worst)",
    "search per keystroke, core only, 30 issues (worst)",
    "search keystroke → painted, bare Textual baseline (worst)",
    "search keystroke → hits painted, bundled issue (worst)",
    "search keystroke → hits painted, 30 issues (worst)",
    "archive of 30 issues: first frame, warm",
    "archive of 30 issues: every file listed, warm",
    "archive of 30 issues: peak RSS, warm",
    "archive of 30 issues: first frame, cold",
    "archive of 30 issues: every file read, cold",
    "catalog: first index build, 30 issues",
    "CLI search, 30 issues (indexed)",
    "CLI search, 30 issues: peak RSS",
    "memory: RSS, bundled issue, idle",
    "memory: RSS, bundled issue, search open",
    "memory: RSS, bundled issue, after a search",
    "memory: RSS, bundled issue, after a pinyin search",
    *(f"search {mode}, 30 issues: {label}" for label in ("4 characters", "2 characters, common", "2 characters, rare",
                                                          "1 character", "AND", "pinyin initials", "pinyin syllables")
      for mode in ("--count", "-l", "--limit 20")),
    "catalog size, 30 issues",
    "rescan, unchanged, 30 issues",
    "rescan, one new day, 30 issues",
]


@pytest.mark.pty
def test_the_benchmark_command_reports_every_row(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    run = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "benchmarks" / "run.py"),
         "--runs", "1", "--archive", "30", "--json", str(out)],
        capture_output=True, text=True, timeout=600, env=env_without_user_dirs(tmp_path),
    )
    # Exit 1 means a budget was missed, which a loaded test machine may do.
    assert run.returncode in (0, 1), run.stderr
    rows = {row["name"]: row for row in json.loads(out.read_text(encoding="utf-8"))["rows"]}
    assert [name for name in ROWS if name not in rows] == []
    assert all(row["value"] > 0 for row in rows.values())
    for name in ROWS:  # the printed table gives each row its verdict
        line = next(line for line in run.stdout.splitlines() if line.startswith(name))
        assert any(verdict in line for verdict in ("PASS", "FAIL", "—"))
