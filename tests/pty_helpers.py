"""Run the installed console script in a pseudo-terminal and read its screen with pyte.

This is what a user over SSH meets: real escape sequences, a real tty size,
real signals. Waits are for conditions (text on screen, output gone quiet),
never fixed sleeps.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyte
from conftest import env_without_user_dirs
from ptyprocess import PtyProcess

KEYS = {
    "enter": b"\r",
    "tab": b"\t",
    "escape": b"\x1b",
    "down": b"\x1b[B",
    "up": b"\x1b[A",
    "pagedown": b"\x1b[6~",
    "pageup": b"\x1b[5~",
    "space": b" ",
}


def reader_command(*args: str) -> list[str]:
    exe = shutil.which("luoyang-reader")
    return [exe, *args] if exe else [sys.executable, "-m", "reader", *args]


class Terminal:
    """A pty running the reader, with a pyte screen and a byte count."""

    def __init__(
        self,
        tmp_path: Path,
        args: tuple[str, ...] = (),
        cols: int = 80,
        rows: int = 24,
        env: dict[str, str] | None = None,
    ) -> None:
        full_env = env_without_user_dirs(tmp_path)
        full_env.setdefault("TERM", "xterm-256color")
        full_env["LANG"] = "zh_CN.UTF-8"  # as the paper's readers have it: the UI in Chinese
        full_env.update(env or {})
        self.proc = PtyProcess.spawn(reader_command(*args), env=full_env, dimensions=(rows, cols))
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.received = 0
        self.raw = bytearray()  # every byte the app wrote, for tests of escape sequences

    def pump(self, timeout: float = 0.05) -> int:
        """Read what the app wrote within ``timeout``; returns the byte count."""
        ready, _, _ = select.select([self.proc.fd], [], [], timeout)
        if not ready:
            return 0
        try:
            data = os.read(self.proc.fd, 65536)
        except OSError:
            return 0
        self.stream.feed(data)
        self.raw.extend(data)
        self.received += len(data)
        return len(data)

    def text(self) -> str:
        try:
            return "\n".join(self.screen.display)
        except IndexError:  # pyte trips over an empty cell left by some exit sequences
            return "\n".join(
                "".join(self.screen.buffer[y][x].data for x in range(self.screen.columns))
                for y in range(self.screen.lines)
            )

    def wait_for(self, predicate: Callable[[str], bool], timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate(self.text()):
            if time.monotonic() > deadline:
                raise AssertionError(f"screen never matched within {timeout}s:\n{self.text()}")
            if not self.proc.isalive():
                self.pump(0.1)
                if predicate(self.text()):
                    return
                raise AssertionError(f"the app exited ({self.proc.exitstatus}):\n{self.text()}")
            self.pump()

    def wait_for_text(self, text: str, timeout: float = 30.0) -> None:
        self.wait_for(lambda screen: text in screen, timeout)

    def settle(self, quiet: float = 0.3, timeout: float = 10.0) -> int:
        """Read until nothing arrives for ``quiet`` seconds; returns bytes read."""
        total = 0
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = self.pump(quiet)
            if not got:
                break
            total += got
        return total

    def press(self, *keys: str, answer_within: float = 5.0) -> int:
        """Type keys one by one, letting the app answer each; returns bytes written back.

        Each key waits up to ``answer_within`` seconds for the first byte of the
        answer (a loaded machine may be slow to start it), then for quiet."""
        total = 0
        for key in keys:
            self.proc.write(KEYS.get(key, key.encode()))
            deadline = time.monotonic() + answer_within
            first = 0
            while not first and time.monotonic() < deadline and self.proc.isalive():
                first = self.pump(0.1)
            total += first + (self.settle() if first else 0)
        return total

    def wait_exit(self, timeout: float = 10.0) -> int | None:
        """Wait for the process to end, reading its output; its exit status or None."""
        deadline = time.monotonic() + timeout
        while self.proc.isalive():
            if time.monotonic() > deadline:
                return None
            self.pump(0.05)
        return self.proc.exitstatus if self.proc.exitstatus is not None else -(self.proc.signalstatus or 0)

    def close(self) -> None:
        if self.proc.isalive():
            self.proc.kill(signal.SIGKILL)
        try:
            self.proc.close(force=True)
        except Exception:
            pass
