"""Reading issue files: encodings, line ends and one-line errors for bad input."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from conftest import SEED

from reader.text.parse import parse_file
from reader.text.sources import InputError, expand_paths, read_issue_file, read_sources


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.encode("gb18030"),
        lambda t: t.encode("gbk"),
        lambda t: t.replace("\n", "\r\n").encode("utf-8"),
        lambda t: t.replace("\n", "\r\n").encode("gb18030"),
        lambda t: t.encode("utf-16"),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "gbk", "crlf", "crlf-gb18030", "utf16-bom"],
)
def test_every_supported_encoding_parses_the_same(encode, tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    path = tmp_path / "issue.txt"
    path.write_bytes(encode(text))
    decoded = read_issue_file(path).text
    assert decoded == text
    assert parse_file(decoded) == parse_file(text)


# A Hong Kong page in traditional characters (Big5), or a mainland archive's page kept in them (GBK).
TRADITIONAL = """港島日報 2003年5月12日 星期一 第三版 本地新聞

社區中心翻新工程下月展開

【本報訊】區議會昨日通過撥款，用於翻新區內三所社區中心。工程預計下月展開，為期約半年。

　　負責工程的建築師指出，舊有的冷氣系統已經使用超過二十年，耗電量高，經常出現故障。

天文台預測本週天氣轉涼

　　天文台表示，一股東北季候風將於週三抵達華南沿岸，市區最低氣溫約攝氏十八度。
"""


@pytest.mark.parametrize("encoding", ["big5", "cp950", "big5hkscs", "gbk", "gb18030"])
def test_traditional_characters_are_read_in_big5_and_in_gbk(encoding: str, tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(TRADITIONAL.encode(encoding))
    assert read_issue_file(path).text == TRADITIONAL


def test_big5_that_gbk_also_decodes_is_read_as_big5(tmp_path: Path) -> None:
    """Most Big5 pairs are GBK pairs too: no decoding error tells them apart,
    only which reading is Chinese a paper prints."""
    data = TRADITIONAL.encode("big5")
    misread = data.decode("gb18030")  # decodes without an error...
    assert misread != TRADITIONAL  # ...into other characters
    path = tmp_path / "page.txt"
    path.write_bytes(data)
    assert read_issue_file(path).text == TRADITIONAL


def _error(path: Path) -> str:
    with pytest.raises(InputError) as info:
        read_sources([path])
    message = str(info.value)
    assert "\n" not in message and str(path) in message
    return message


def _garbled(text: str, encoding: str) -> str:
    """``text`` in ``encoding``, read as Windows' Western encoding (Latin-1 for the bytes it leaves undefined)."""
    return "".join(chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252")
                   for b in text.encode(encoding))


@pytest.mark.parametrize("garble", [
    lambda text: _garbled(text, "utf-8"),  # 洛阳日报 as æ´›é˜³æ—¥æŠ¥
    lambda text: text.encode("utf-8").decode("latin-1"),
    lambda text: _garbled(text, "gbk"),  # as ÂåÑôÈÕ±¨
], ids=["utf-8 as cp1252", "utf-8 as latin-1", "gbk as cp1252"])
def test_chinese_a_western_encoding_garbled_is_read_as_it_was(garble, tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    path = tmp_path / "garbled.txt"
    path.write_text(garble(text), encoding="utf-8")
    assert read_issue_file(path).text == text


@pytest.mark.parametrize("text", [
    "Le journal du café : élève, été, déjà vu, à côté, où, garçon, naïve, Noël, crème brûlée, façade. " * 6,
    "洛阳日报 Café Müller：Ã©Ã¨Ã Ã§Ã¹ Ã©Ã¨Ã Ã§Ã¹ Ã©Ã¨Ã Ã§Ã¹ Ã©Ã¨Ã Ã§Ã¹\n",  # Chinese in it: as written
])
def test_text_in_western_letters_is_read_as_written(text: str, tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    assert read_issue_file(path).text == text


def test_bad_inputs_have_clear_messages(tmp_path: Path) -> None:
    assert "no such file" in _error(tmp_path / "missing.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    assert "empty file" in _error(tmp_path / "empty.txt")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n \r\n")
    assert "empty file" in _error(tmp_path / "blank.txt")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert "binary" in _error(tmp_path / "image.txt")
    (tmp_path / "latin1.txt").write_bytes("café au lait, s'il vous plaît".encode("latin-1"))
    assert "encoding" in _error(tmp_path / "latin1.txt")
    # Latin-1 that GB18030 happens to decode (Ü + b is a valid GBK pair) is still refused.
    german = "Über Ärger: Öl, Ähre. Ästhetik, Übung; Öffnung!\n".encode("latin-1")
    assert german.decode("gb18030")  # no decoding error to catch it
    (tmp_path / "latin1-de.txt").write_bytes(german)
    assert "encoding" in _error(tmp_path / "latin1-de.txt")
    (tmp_path / "nothing").mkdir()
    (tmp_path / "nothing" / "notes.pdf").write_bytes(b"%PDF")
    assert "no issue files" in _error(tmp_path / "nothing")
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024 + 1)  # sparse: costs no disk
    assert "too large" in _error(big)


def test_directory_skips_bad_members_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "b.md").write_text("# 乙\n\n正文。\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("# 甲\n\n正文。\n", encoding="gb18030")
    (tmp_path / "c.txt").write_bytes(b"")
    (tmp_path / ".hidden.md").write_text("# 隐\n", encoding="utf-8")
    (tmp_path / "readme.rst").write_text("# 不是\n", encoding="utf-8")
    sources, warnings = read_sources([tmp_path])
    assert [s.path.name for s in sources] == ["a.txt", "b.md"]
    assert len(warnings) == 1 and "c.txt" in warnings[0] and "empty" in warnings[0]


def test_a_directory_is_read_with_its_sub_directories_in_path_order(tmp_path: Path) -> None:
    top = tmp_path / "2025"
    for rel in ("01/2025-01-02/04-经济/b.md", "01/2025-01-02/01-要闻/a.md", "01/2025-01-03/01-要闻/c.md", "z.txt"):
        (top / rel).parent.mkdir(parents=True, exist_ok=True)
        (top / rel).write_text(f"# {Path(rel).stem}\n\n正文。\n", encoding="utf-8")
    (top / ".cache").mkdir()
    (top / ".cache" / "hidden.md").write_text("# 隐藏\n\n正文。\n", encoding="utf-8")
    (top / "01" / "loop").symlink_to(top, target_is_directory=True)  # a link loop
    (top / "again").symlink_to(top / "01" / "2025-01-03", target_is_directory=True)  # a folder reached twice
    targets = expand_paths([top])
    names = [t.path.relative_to(top).as_posix() for t in targets]
    assert names == ["01/2025-01-02/01-要闻/a.md", "01/2025-01-02/04-经济/b.md", "01/2025-01-03/01-要闻/c.md", "z.txt"]
    assert all(t.directory == top and not t.duplicate for t in targets)
    assert targets[0].source == str((top / "01/2025-01-02/01-要闻/a.md").resolve())
    texts, warnings = read_sources([top])
    assert len(texts) == 4 and not warnings


def test_a_tree_without_issue_files_says_so(tmp_path: Path) -> None:
    (tmp_path / "tree" / "2025" / "01").mkdir(parents=True)
    (tmp_path / "tree" / ".hidden").mkdir()
    (tmp_path / "tree" / ".hidden" / "a.md").write_text("# 甲\n", encoding="utf-8")
    assert "no issue files" in _error(tmp_path / "tree")
