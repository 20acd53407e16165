"""Hostile input, round two: the catalog, YAML, trees and queries that crashed,
hung or ate memory. Each test is named by the case it covers (1 to 13)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import SEED
from conftest import run_cli as run


def _no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr


# 1: config.toml that is a FIFO or a directory --------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "directory"])
def test_1_a_config_that_is_a_fifo_or_a_directory_is_one_warning(
    kind: str, tmp_path: Path, sandbox_dirs: dict[str, Path]
) -> None:
    config = sandbox_dirs["config"] / "luoyang-reader"
    config.mkdir()
    if kind == "fifo":
        os.mkfifo(config / "config.toml")
    else:
        (config / "config.toml").mkdir()
    result = run(["export", "--format", "text", str(SEED)], tmp_path)
    _no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert "让脱贫群众生活更上一层楼" in result.stdout
    (line,) = result.stderr.strip().splitlines()
    assert "config.toml: ignored (" in line, line


@pytest.mark.pty
def test_1_the_reader_starts_with_defaults_beside_a_fifo_config(tmp_path: Path, sandbox_dirs: dict[str, Path]) -> None:
    from pty_helpers import Terminal

    config = sandbox_dirs["config"] / "luoyang-reader"
    config.mkdir()
    os.mkfifo(config / "config.toml")
    term = Terminal(tmp_path, cols=120, rows=36)
    try:
        term.wait_for_text("让脱贫群众生活更上一层楼")
        term.wait_for_text("config.toml")  # the warning, in the window
        assert "Traceback" not in term.text()
        term.press("q")
        assert term.wait_exit() == 0
    finally:
        term.close()
