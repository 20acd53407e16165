"""config.toml: what it sets, and one line for each thing it gets wrong."""

from __future__ import annotations

from pathlib import Path

from reader.storage.settings import load_settings


def test_known_settings_apply_and_unknown_or_wrong_ones_are_named(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(
        'mouse = false\nthem = "gruvbox"\ncolour = 3\nlanguage = "fr"\nconfirm_mark_read = false\n', encoding="utf-8")
    settings = load_settings(tmp_path)
    assert settings.mouse is False and settings.theme is None and settings.language is None
    assert settings.confirm_mark_read is False and load_settings(tmp_path / "none").confirm_mark_read is True
    assert len(settings.warnings) == 3
    assert "unknown setting 'them' ignored (did you mean 'theme'?)" in settings.warnings[0]
    assert "unknown setting 'colour' ignored (known: mouse, theme, language, confirm_mark_read, papers)" in settings.warnings[1]
    assert "'language' must be \"zh\" or \"en\"" in settings.warnings[2]
    (tmp_path / "config.toml").write_text('theme = 1\n', encoding="utf-8")
    assert load_settings(tmp_path).warnings == (f"{tmp_path / 'config.toml'}: 'theme' must be a string; using the default",)
    (tmp_path / "config.toml").write_text('theme = "nord"\n', encoding="utf-8")
    assert load_settings(tmp_path) == load_settings(tmp_path) and not load_settings(tmp_path).warnings


def test_what_is_wrong_is_said_in_the_uis_language(tmp_path: Path) -> None:
    """The settings choose the language, so their warnings are translated when
    shown, not when the file is read."""
    from reader.core import i18n

    (tmp_path / "config.toml").write_text('them = "x"\nmouse = "yes"\nlanguage = "zh"\n', encoding="utf-8")
    settings = load_settings(tmp_path)
    path = str(tmp_path / "config.toml")
    i18n.use_language("zh")
    try:
        assert settings.warnings == (
            f"{path}：未知设置项“them”，已忽略（是不是“theme”？）",
            f"{path}：“mouse”应为 true 或 false，改用默认值",
        )
    finally:
        i18n.use_language("en")
    assert settings.warnings[0] == f"{path}: unknown setting 'them' ignored (did you mean 'theme'?)"
