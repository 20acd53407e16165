"""Search: forgiving folding, AND terms, pinyin, offsets into the original text."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, SEED, env_without_user_dirs
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.search.folding import fold
from reader.search.index import SearchIndex
from reader.session.library import load_files
from reader.text.parse import parse_file


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    issues, _ = load_files([SEED, FIXTURES / "culture_page.md", FIXTURES / "economy_page.txt"])
    return SearchIndex(issues)


def matched(hits) -> list[str]:
    return [h.field_text()[h.offset : h.offset + h.length] for h in hits]


def test_full_width_and_ascii_punctuation_match_each_other(index: SearchIndex) -> None:
    # The seed prints an ASCII comma; a full-width query finds it, and the reverse.
    ascii_hits = index.search("大雪飘落,河洛山乡")
    wide_hits = index.search("大雪飘落，河洛山乡")
    assert matched(ascii_hits) == matched(wide_hits) == ["大雪飘落,河洛山乡"]
    assert ascii_hits[0].field == "block" and ascii_hits[0].block == 0 and ascii_hits[0].offset == 0


def test_full_width_digits_letters_and_case(index: SearchIndex) -> None:
    assert matched(index.search("１３．５万户")) == ["13.5万户"]
    assert matched(index.search("20tb")) == ["20TB"]
    assert matched(index.search("２０ｔｂ")) == ["20TB"]


def test_whitespace_inside_cjk_is_ignored(index: SearchIndex) -> None:
    assert matched(index.search("新生活新希望")) == ["新生活 新希望"]
    assert index.search("新生活新希望")[0].field == "block"


def test_match_across_a_repaired_column_break(index: SearchIndex) -> None:
    hits = [h for h in index.search("再上新台阶") if h.file is index.files[0]]
    assert [h.article.title for h in hits] == ["踔厉奋发向未来 精“绣”洛城新画卷"]
    assert matched(hits) == ["再上新台阶"]
    # In the source this is "…水平再" / "上新台阶。": two lines the parser joined.
    assert "水平再\n" in SEED.read_text(encoding="utf-8")
    assert matched(index.search("资金保障方面")) == ["资金保障方面"]


def test_several_terms_mean_and_within_an_article(index: SearchIndex) -> None:
    both = index.search("中航光电 龙头")
    titles = {h.article.title for h in both}
    assert titles == {
        "洛阳光电元器件产业集群再添发展动能",
        "以新气象新作为推动高质量发展取得新成效",
        "一季度我市工业经济实现“开门红”",
    }
    assert set(matched(both)) == {"中航光电", "龙头"}
    for title in titles:  # ranked by position within each article
        positions = [(h.block, h.offset) for h in both if h.field == "block" and h.article.title == title]
        assert positions == sorted(positions)
    assert not index.search("中航光电 滑雪场")  # each occurs, never in the same article
    assert index.search("滑雪场") and index.search("中航光电")


def test_titles_kickers_subtitles_and_captions_are_searched(index: SearchIndex) -> None:
    assert index.search("更上一层楼")[0].field == "title"
    assert index.search("富民导向,扎实")[0].field == "kicker"
    assert index.search("访洛龙区委书记")[0].field == "subtitle"
    hit = index.search("施工人员有序作业")[0]
    assert hit.field == "block" and hit.article.blocks[hit.block].type == "caption"


@pytest.mark.parametrize("query", ["beiguohuacheng", "bei guo hua cheng", "bghc", "BeiGuoHuaCheng", "beiguohuach"])
def test_pinyin_finds_beiguohuacheng(index: SearchIndex, query: str) -> None:
    hits = index.search(query)
    assert hits and all(m.replace(" ", "") == "北国花城" for m in matched(hits))
    assert len(hits) == 5


def test_pinyin_initials_and_polyphones(index: SearchIndex) -> None:
    # zh-g-d: 中航光电 (zhong hang guang dian) and 主干道 (zhu gan dao) both fit.
    assert set(matched(index.search("zhgd"))) == {"中航光电", "主干道"}
    # 长 is read zhang or chang: both readings find 增长极 ... 长.
    assert "增长" in matched(index.search("zengzhang"))
    assert "增长" in matched(index.search("zengchang"))


def test_ranking_is_by_article_then_position(index: SearchIndex) -> None:
    hits = index.search("洛阳")
    order = [(index.files.index(h.file), h.file.articles.index(h.article)) for h in hits]
    assert order == sorted(order)


def test_no_hits(index: SearchIndex) -> None:
    assert not index.search("量子计算机")
    assert not index.search("   ")


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_any_piece_of_the_text_finds_itself(data: st.DataObject) -> None:
    issue = parse_file(SEED.read_text(encoding="utf-8"))
    index = SearchIndex([issue])
    article = data.draw(st.sampled_from(issue.articles))
    block = data.draw(st.integers(0, len(article.blocks) - 1))
    text = article.blocks[block].text
    start = data.draw(st.integers(0, len(text) - 1))
    piece = text[start : start + data.draw(st.integers(1, 12))].strip()
    if not piece:
        return
    start = text.index(piece, start)
    hits = index.search(piece.replace(" ", ""))
    # Some hit in that block covers where the piece starts (an earlier, overlapping
    # occurrence of a repetitive piece may be the one reported).
    assert any(
        h.article is article and h.field == "block" and h.block == block
        and h.offset <= start < h.offset + h.length
        for h in hits
    ), (piece, start)
    for hit in hits:  # offsets point into the original text, at the piece
        found = hit.field_text()[hit.offset : hit.offset + hit.length]
        # (a folded character may expand: "…" folds to "...", so "." finds it)
        assert fold(piece)[0].replace(" ", "") in fold(found)[0].replace(" ", "")


def _cli(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", "search", *args],
        capture_output=True, text=True, env=env_without_user_dirs(tmp_path), cwd=tmp_path, timeout=60,
    )


def test_cli_json_shape_and_exit_status(tmp_path: Path) -> None:
    result = _cli(["北国花城 建设", "--json"], tmp_path)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["query"] == "北国花城 建设" and doc["hits"]
    issue = parse_file(SEED.read_text(encoding="utf-8"))
    for hit in doc["hits"]:
        assert set(hit) == {"source", "article_id", "title", "field", "block", "offset", "length", "snippet",
                            "date", "page", "paper"}
        assert hit["field"] in {"title", "kicker", "subtitle", "column", "byline", "block"}
        article = next(a for a in issue.articles if a.id == hit["article_id"])
        text = article.blocks[hit["block"]].text if hit["field"] == "block" else getattr(article, hit["field"])
        assert text[hit["offset"] : hit["offset"] + hit["length"]] in ("北国花城", "建设")
    none = _cli(["量子计算机"], tmp_path)
    assert none.returncode == 1 and none.stdout == ""
    plain = _cli(["bghc"], tmp_path)
    assert plain.returncode == 0 and "北国花城" in plain.stdout
    # each line: where (the date and page, else the file's name) · the title: the snippet
    assert all(line.startswith(SEED.name + " · ") and ": " in line for line in plain.stdout.splitlines())


def test_hit_list_is_a_sequence() -> None:
    from reader.search.index import SearchIndex

    hits = SearchIndex([parse_file(SEED.read_text(encoding="utf-8"))]).search("洛阳")
    assert len(hits) > 2
    assert hits.index(hits[0]) == 0 and hits.index(hits[2]) == 2  # Sequence.index, not shadowed
    assert hits.count(hits[1]) == 1 and hits[1] in hits
    assert list(reversed(hits))[0] == hits[-1]


def test_pinyin_tables_are_built_once_under_concurrent_first_use(monkeypatch) -> None:
    import threading

    from reader.search import index as search  # where SearchIndex finds PinyinTable
    from reader.search.index import SearchIndex

    built = []
    real = search.PinyinTable

    class Counting(real):  # type: ignore[misc, valid-type]
        def __init__(self, characters):
            built.append(threading.get_ident())
            super().__init__(characters)

    monkeypatch.setattr(search, "PinyinTable", Counting)
    index = SearchIndex([parse_file(SEED.read_text(encoding="utf-8"))])
    start = threading.Barrier(8)
    tables = []

    def ask() -> None:
        start.wait()
        tables.append(index.pinyin())

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(built) == 1
    assert all(table is tables[0] for table in tables)


def test_one_letter_is_not_yet_a_pinyin_search(index: SearchIndex) -> None:
    # "b" alone would be the initial of thousands of characters (every 北, 本, 部…):
    # as the first key of "bghc" it finds only the letter itself.
    assert all(m.lower() == "b" for m in matched(index.search("b")))
    assert set(matched(index.search("bg"))) >= {"北国"}


def test_a_title_from_front_matter_is_found_by_search(tmp_path: Path) -> None:
    from reader.catalog.database import Catalog
    from reader.session.archive import archive_library as catalog_library
    from reader.text.sources import expand_paths

    page = tmp_path / "冬日.md"
    page.write_text("---\ntitle: 冬日伊河风光\nauthor: 何某\n---\n\n冬日的伊河,水面开阔,候鸟成群。\n", encoding="utf-8")
    issue = parse_file(page.read_text(encoding="utf-8"), str(page))
    hits = list(SearchIndex([issue]).search("伊河风光"))
    assert [(h.field, h.offset) for h in hits] == [("title", 2)]
    # The catalog's index finds it too, at the same place.
    catalog = Catalog.open(tmp_path / "cache")
    library = catalog_library(catalog, catalog.scan(expand_paths([page])).entries)
    assert [(h.field, h.offset) for h in library.search("伊河风光")] == [("title", 2)]


@pytest.mark.parametrize("text", ["北国花城", "ＡＩ与北國花城，１２３。", "Straße …ﬁ e\u0301", "“引号”‘单’、", ""])
def test_fold_text_is_fold_without_the_positions(text: str) -> None:
    """What the archive index folds (no map back) is what the matcher folds."""
    from reader.search.folding import fold, fold_text

    assert fold_text(text) == fold(text)[0]


# Newspaper text (ideographs, full-width punctuation, quotes), Latin that case-folds, characters NFKC
# changes (full-width letters and digits, ligatures, compatibility ideographs), combining marks, spaces.
_FOLD_ALPHABET = ("北国花城洛阳日报，。、：；（）“”‘’！？…℃ABCxyzßİ ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
                  "０１２３４５６７８９ﬁﬂ豈更車\u2f00\u2f08e\u0301\u3000\u00a0\n")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_FOLD_ALPHABET, max_size=80))
def test_folding_a_text_is_folding_each_character(text: str) -> None:
    """However a text is folded (in one pass, by a few replacements, or by a
    table when many characters change), it is each character folded in turn."""
    from reader.search.folding import fold_char, fold_text

    assert fold_text(text) == fold(text)[0] == "".join(map(fold_char, text))


def test_pinyin_readings_are_pypinyins_without_loading_its_phrase_tables() -> None:
    """The readings come from pypinyin's table of single characters, read as
    a file: the same as pypinyin gives, and pypinyin itself (55 MB of phrase
    tables) stays unloaded, in a fresh process."""
    code = (
        "import sys; from reader.search.pinyin import readings; "
        f"r = readings(open({str(SEED)!r}, encoding='utf-8').read() + '行长女绿嗯呣'); "
        "import json; print(json.dumps(r)); print('pypinyin' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()
    ours = json.loads(out[0])
    assert out[1] == "False" and len(ours) > 800
    from pypinyin import Style, pinyin

    for ch, said in ours.items():
        theirs = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
        assert said == list(dict.fromkeys(r.replace("ü", "v") for r in theirs[0])), ch
    assert ours["行"][:2] == ["xing", "hang"] and ours["女"] == ["nv", "ru"]


def test_pinyin_readings_found_in_the_tables_text_are_those_its_json_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    """The table's readings are found where they stand in its text, not parsed
    as JSON for all 41,923 characters (which held the interpreter for 25-35
    ms while the user typed): the same readings for every character, and a
    table laid out otherwise (minified, out of order) read as JSON."""
    from reader.search import pinyin

    text = pinyin._pinyin_table()
    assert text is not None and pinyin._laid_out(text)
    table = json.loads(text)
    every = "".join(chr(int(code)) for code in table)
    expected = pinyin._readings({ord(ch) for ch in every if pinyin.is_hanzi(ch)}, table)
    assert len(expected) > 26_000 and pinyin.readings(every) == expected
    lines = text.split(b"\n")
    shuffled = b"\n".join([lines[0], *reversed(lines[1:-2]), lines[-2].rstrip(b",") + b",", lines[-1]])
    for other in (json.dumps(table, ensure_ascii=False, separators=(",", ":")).encode(), shuffled,
                  json.dumps(table).encode()):  # minified; out of order; escaped
        monkeypatch.setattr(pinyin, "_pinyin_table", lambda other=other: other)
        assert pinyin.readings("行长女绿嗯呣" + every[::97]) == {ch: expected[ch] for ch in "行长女绿嗯呣" + every[::97]
                                                              if ch in expected}


def test_a_query_in_capitals_is_an_acronym_not_pinyin() -> None:
    """GDP is the letters as printed; gdp (or Gdp) is also pinyin initials (高档品 …)."""
    from reader.search.pinyin import is_pinyin_query

    assert not is_pinyin_query("GDP") and not is_pinyin_query("APEC") and not is_pinyin_query("G D P")
    assert is_pinyin_query("gdp") and is_pinyin_query("Beijing") and is_pinyin_query("bghc")
    index = SearchIndex([parse_file("高档品走俏\n\n　　一季度GDP同比增长，高档品销量上升。\n")])

    def found(query: str) -> list[str]:
        return [hit.snippet[hit.snippet_offset : hit.snippet_offset + hit.length] for hit in index.search(query)]

    assert found("GDP") == ["GDP"]
    assert sorted(found("gdp")) == sorted(["高档品", "GDP", "高档品"])
