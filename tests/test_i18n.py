"""The UI's language: the catalogue covers every message, and is what ships."""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

from reader.core import i18n

ROOT = Path(i18n.__file__).resolve().parent.parent  # the package: every module of it


def _messages() -> tuple[set[str], set[str]]:
    """Every literal given to ``_``, ``N_``, ``ngettext`` and ``count_of`` in the package."""
    singles, plurals = set(), set()
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args):
                continue
            literals = [a.value for a in node.args[:2] if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if node.func.id in ("_", "N_") and literals:
                singles.add(literals[0])
            elif node.func.id in ("ngettext", "count_of") and len(literals) == 2:
                plurals.add(literals[0] + "\0" + literals[1])
    return singles, plurals


def test_every_message_has_a_chinese_translation() -> None:
    catalogue = i18n.read_po(i18n.po_path("zh").read_text(encoding="utf-8"))
    singles, plurals = _messages()
    assert len(singles) > 150
    assert sorted(m for m in singles if not catalogue.get(m)) == []
    assert sorted(m for m in plurals if not catalogue.get(m)) == []
    # Placeholders survive translation: "{count} 篇" still has {count}.
    for message in singles:
        assert set(_fields(message)) == set(_fields(str(catalogue[message]))), message


def _fields(text: str) -> list[str]:
    import re

    return re.findall(r"\{(\w+)(?:[:!][^{}]*)?\}", text)


def test_the_shipped_mo_is_the_po_compiled(tmp_path: Path) -> None:
    po = i18n.po_path("zh")
    assert po.with_suffix(".mo").read_bytes() == i18n.mo_bytes(i18n.read_po(po.read_text(encoding="utf-8")))
    # And gettext reads it: messages, plural forms.
    zh = gettext.translation(i18n.DOMAIN, localedir=str(i18n.locale_dir()), languages=["zh"])
    assert zh.gettext("Next page") == "下一版"
    assert zh.ngettext("{count} article", "{count} articles", 5) == "{count} 篇"


def test_the_language_comes_from_the_setting_else_the_locale() -> None:
    assert i18n.choose_language({"LANG": "zh_CN.UTF-8"}) == "zh"
    assert i18n.choose_language({"LANG": "zh_TW.UTF-8"}) == "zh"
    assert i18n.choose_language({"LANG": "C"}) == "en"
    assert i18n.choose_language({}) == "en"
    assert i18n.choose_language({"LANG": "zh_CN.UTF-8", "LC_ALL": "C.UTF-8"}) == "en"  # LC_ALL wins
    assert i18n.choose_language({"LANG": "C", "LC_MESSAGES": "zh_CN.UTF-8"}) == "zh"
    assert i18n.choose_language({"LANGUAGE": "zh_CN:en", "LANG": "C"}) == "zh"
    assert i18n.choose_language({"LANG": "zh_CN.UTF-8"}, setting="en") == "en"
    assert i18n.choose_language({"LANG": "C"}, setting="zh") == "zh"


def test_english_plurals() -> None:
    assert i18n.ngettext("{count} hit", "{count} hits", 1).format(count=1) == "1 hit"
    assert i18n.ngettext("{count} hit", "{count} hits", 3).format(count=3) == "3 hits"
    assert i18n.count_of("{count} hit", "{count} hits", 3) == "3 hits"
    assert i18n.count_of("{count} hit", "{count} hits", 500, "500+") == "500+ hits"
