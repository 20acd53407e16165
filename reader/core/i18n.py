"""The UI's language: Simplified Chinese or English, through gettext.

Messages are written in English (``_("Next page")``) and translated with
``reader/locale/zh/LC_MESSAGES/luoyang-reader.mo`` (compiled from the ``.po``
beside it by ``python -m reader.core.i18n``). The entry point chooses the
language (``language = "zh"|"en"`` in config.toml, else the locale) and hands
it over with ``use_language``; a message asked for before that is in the
locale's language (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``: a
``zh_*`` one gives Chinese), else English. Nothing here reads a file of the
user's: the settings are read through modules whose errors are translated
here, so reading them from here went round in a circle.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from pathlib import Path

DOMAIN = "luoyang-reader"
LANGUAGES = ("zh", "en")
_translations: gettext.NullTranslations | None = None


def locale_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "locale"


def choose_language(env: Mapping[str, str], setting: str | None = None) -> str:
    """``"zh"`` or ``"en"``: the setting if it names one, else the locale."""
    if setting in LANGUAGES:
        return setting
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return "zh" if value.split(":")[0].lower().startswith("zh") else "en"
    return "en"


def use_language(language: str) -> None:
    """Translate messages into ``language`` from now on (English: as written).
    The translations is opened by its path: no locale aliases to expand at start."""
    global _translations
    try:
        with open(locale_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.mo", "rb") as compiled:
            _translations = gettext.GNUTranslations(compiled)
    except OSError:
        _translations = gettext.NullTranslations()


def _current() -> gettext.NullTranslations:
    if _translations is None:
        use_language(choose_language(os.environ))
    assert _translations is not None
    return _translations


def _(message: str) -> str:
    """``message`` in the UI's language."""
    return _current().gettext(message)


def N_(message: str) -> str:  # noqa: N802 - gettext's own name for it
    """``message`` as written, marked for the translations: translated where it is
    shown, for messages made before the language is known (the settings')."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count``, in the UI's language."""
    return _current().ngettext(singular, plural, count)


def count_of(singular: str, plural: str, count: int, shown: str | None = None) -> str:
    """A ``{count}`` message in the form for ``count``, the count put in
    (``shown``: the count as written, such as ``12+``)."""
    return ngettext(singular, plural, count).format(count=count if shown is None else shown)


# The translations ------------------------------------------------------------------


def read_po(text: str) -> dict[str, str | list[str]]:
    """The translations of a ``.po`` file: msgid → msgstr (a list of forms for plurals)."""
    import ast  # only when the translations is compiled or checked, not at every start

    entries: dict[str, str | list[str]] = {}
    fields: dict[str, list[str]] = {}
    current: str | None = None

    def finish() -> None:
        if "msgid" in fields:
            msgid = "".join(fields["msgid"])
            if "msgid_plural" in fields:
                forms = sorted(k for k in fields if k.startswith("msgstr["))
                entries[msgid + "\0" + "".join(fields["msgid_plural"])] = ["".join(fields[k]) for k in forms]
            else:
                entries[msgid] = "".join(fields.get("msgstr", []))
        fields.clear()

    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            if not line and fields:
                finish()
            continue
        if line.startswith('"'):
            if current is not None:
                fields[current].append(ast.literal_eval(line))
            continue
        key, _, rest = line.partition(" ")
        if key == "msgid" and "msgid" in fields:
            finish()
        current = key
        fields[key] = [ast.literal_eval(rest)]
    finish()
    return entries


def mo_bytes(entries: Mapping[str, str | list[str]]) -> bytes:
    """A GNU ``.mo`` file of ``entries`` (see ``read_po``), as gettext reads it."""
    import struct

    pairs = sorted(
        (key.encode("utf-8"), ("\0".join(value) if isinstance(value, list) else value).encode("utf-8"))
        for key, value in entries.items()
    )
    header = 7 * 4
    ids_at = header
    strs_at = ids_at + len(pairs) * 8
    data_at = strs_at + len(pairs) * 8
    ids, strs, data = [], [], b""
    for key, _ in pairs:
        ids.append((len(key), data_at + len(data)))
        data += key + b"\0"
    for _, value in pairs:
        strs.append((len(value), data_at + len(data)))
        data += value + b"\0"
    out = struct.pack("<7I", 0x950412DE, 0, len(pairs), ids_at, strs_at, 0, 0)
    out += b"".join(struct.pack("<2I", *entry) for entry in ids)
    out += b"".join(struct.pack("<2I", *entry) for entry in strs)
    return out + data


def po_path(language: str = "zh") -> Path:
    return locale_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def main() -> None:
    """Compile each ``.po`` into the ``.mo`` beside it."""
    for language in LANGUAGES:
        po = po_path(language)
        if po.exists():
            po.with_suffix(".mo").write_bytes(mo_bytes(read_po(po.read_text(encoding="utf-8"))))
            print(f"wrote {po.with_suffix('.mo')}")


if __name__ == "__main__":
    main()
