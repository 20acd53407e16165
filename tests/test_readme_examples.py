"""The README's examples run: each ``console`` block after ``<!-- example -->``
is run command by command, from the project's folder, and what each prints
must be what the README shows under it."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

README = ROOT / "README.md"
BLOCK = re.compile(r"<!-- example -->\n```console\n(.*?)```", re.S)


def examples() -> list[tuple[str, str]]:
    """``(command, expected output)`` of every example, in the README's order."""
    found = []
    for block in BLOCK.findall(README.read_text(encoding="utf-8")):
        command, output = None, []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command is not None:
                    found.append((command, "\n".join(output)))
                command, output = line[2:], []
            else:
                output.append(line)
        if command is not None:
            found.append((command, "\n".join(output)))
    return found


def test_the_readme_has_examples() -> None:
    assert len(examples()) >= 5


@pytest.mark.parametrize(("command", "expected"), examples(), ids=[c for c, _ in examples()])
def test_a_readme_example_prints_what_the_readme_shows(command: str, expected: str, tmp_path: Path) -> None:
    words = shlex.split(command)
    assert words[0] == "luoyang-reader"
    result = run_cli(words[1:], tmp_path, cwd=ROOT)
    assert result.returncode in (0, 1), result.stderr
    assert result.stdout.rstrip("\n") == expected
