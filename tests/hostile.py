"""A hostile issue file, written by tests that check nothing of it reaches a terminal."""

from __future__ import annotations

import re
from pathlib import Path

TITLE_OSC = "\x1b]0;pwned-title\x1b\\"
CLIPBOARD_OSC = "\x1b]52;c;cGF5bG9hZA==\x1b\\"
CLEAR = "\x1b[2J\x1b[H"
LINK = "\x1b]8;;https://example.invalid/\x1b\\点我\x1b]8;;\x1b\\"
CSI8 = "\x9b31m"
RLO = "\u202e"

HOSTILE_ISSUE = f"""洛阳日报 测试版

# 要闻{TITLE_OSC}

## 标题[/]里有方括号{RLO}cba

正文开头{CLIPBOARD_OSC}这一段是正常的文字。{CLEAR}还有链接{LINK}和八位控制{CSI8}红色。

<script>alert(1)</script> 和 <svg onload=alert(1)> 都只是文字。

{"这是一段很长的普通文字,让控制字符只占文本的很小一部分。" * 40}

洛报融媒记者 某某{TITLE_OSC}

# 第二篇[@click=app.quit]x

第二篇的正文,北国花城的春天。
"""

# What a terminal would obey: OSC, CSI (7- and 8-bit), DCS and the like, from the file.
# (Clear-screen is left out: the TUI itself sends one; CLI tests forbid every ESC.)
FILE_SEQUENCES = re.compile(rb"\x1b\][0-9]+;(pwned|c;cGF5|;https://example)|\xc2\x9b|\x9b31m")


def write_hostile_issue(directory: Path, name: str = "hostile.md") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(HOSTILE_ISSUE, encoding="utf-8")
    return path


def assert_no_file_sequences(output: bytes | str) -> None:
    """No control sequence from the hostile issue in what a terminal would get."""
    data = output.encode("utf-8", "surrogateescape") if isinstance(output, str) else output
    found = FILE_SEQUENCES.search(data)
    assert found is None, f"a sequence from the file reached the output: {data[max(0, found.start() - 40):found.end() + 20]!r}"
    assert "\u202e".encode() not in data, "a bidi override reached the output"
