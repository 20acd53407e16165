"""The reader's own themes: calm colours for long reading (Textual's themes work too)."""

from __future__ import annotations

from textual.theme import Theme

INK = Theme(
    name="luoyang-ink",
    primary="#7fa7c9",
    secondary="#5d7f99",
    accent="#d9a65b",
    warning="#d9a65b",
    error="#c26262",
    success="#8fb38a",
    foreground="#d8d4cc",
    background="#1d2024",
    surface="#23272c",
    panel="#2b3036",
    dark=True,
)

PAPER = Theme(
    name="luoyang-paper",
    primary="#3f6583",
    secondary="#6b5a45",
    accent="#9a5b1e",
    warning="#9a5b1e",
    error="#a33a3a",
    success="#4b7a45",
    foreground="#2b2a27",
    background="#f4efe4",
    surface="#ebe4d6",
    panel="#e2d9c8",
    dark=False,
)

THEMES = (INK, PAPER)
DEFAULT_THEME = INK.name
