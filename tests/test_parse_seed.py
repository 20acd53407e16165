"""The bundled issue parses into the five articles the paper printed."""

from __future__ import annotations

from conftest import ROOT

from reader.text.parse import parse_file


def _articles(seed_text: str):
    return parse_file(seed_text).articles


def test_seed_has_five_articles_with_their_titles(seed_text: str) -> None:
    titles = [a.title for a in _articles(seed_text)]
    assert titles == [
        "让脱贫群众生活更上一层楼",
        "洛阳光电元器件产业集群再添发展动能",
        "以新气象新作为推动高质量发展取得新成效",
        "提升统战工作质效 凝聚同心奋进力量",
        "踔厉奋发向未来 精“绣”洛城新画卷",
    ]


def test_seed_banner_is_the_page_slogan_not_a_column(seed_text: str) -> None:
    issue = parse_file(seed_text)
    assert issue.banner == "不断巩固和增强经济回升向好态势 加快推动高质量发展 奋力开创现代化洛阳建设新局面"
    assert issue.articles[0].column is None


def test_seed_header_fields(seed_text: str) -> None:
    a = _articles(seed_text)
    assert a[0].kicker == "洛阳坚持富民导向,扎实巩固拓展脱贫攻坚成果,牢牢守住不发生规模性返贫底线"
    assert a[1].kicker == "中航光电高端互连科技产业社区项目建设稳步推进"
    assert a[2].column == "一把手访谈"
    assert a[2].kicker is None
    assert a[2].subtitle == "——访洛龙区委书记韩建军"
    assert a[3].column == "学条例 谈统战 开新局"
    assert a[4].subtitle == "——访市城市管理局党组书记、局长杨鹏"
    assert a[4].column is None and a[4].kicker is None


def test_seed_bylines_and_note(seed_text: str) -> None:
    a = _articles(seed_text)
    assert [x.byline for x in a] == [
        "洛报融媒记者 白云飞 通讯员 程程亮",
        "洛报融媒记者 郭学锋 文/图",
        "洛报融媒记者 孙小蕊 通讯员 孔岩",
        "洛报融媒记者 郭飞飞 通讯员 杜蕊蕊 刘双晓",
        "洛报融媒记者 余子愚 通讯员 康颖颖",
    ]
    first = a[0]
    assert first.blocks[-1].type == "note"
    assert first.blocks[-1].text == "(本文配图均为资料图片)"
    assert first.byline_at == len(first.blocks) - 1


def test_seed_sections_are_headings_of_the_first_article(seed_text: str) -> None:
    headings = [b.text for b in _articles(seed_text)[0].blocks if b.type == "heading"]
    assert headings == ["1 精准帮扶 再送一程", "2 富民增收 日子红火", "3 和美乡村 运营赋能"]


def test_seed_captions(seed_text: str) -> None:
    captions = [(i, b.text) for i, a in enumerate(_articles(seed_text)) for b in a.blocks if b.type == "caption"]
    assert captions == [(0, "新生活 新希望"), (0, "家门口就业增收"), (1, "施工人员有序作业")]


def test_seed_column_breaks_are_repaired(seed_text: str) -> None:
    a = _articles(seed_text)
    paragraphs = ["".join(b.text for b in x.blocks if b.type == "paragraph") for x in a]
    joined = [[b.text for b in x.blocks if b.type == "paragraph"] for x in a]
    assert any("参与“北国花城”建设。加紧推进" in p for p in joined[4])
    assert any("水平再上新台阶。" in p for p in joined[4])
    assert any("在资金保障方面,以市场化思维" in p for p in joined[2])
    assert any("加快中航光电项目建设,依托" in p for p in joined[2])
    assert any("不断提升城市治理水平。" in p for p in joined[4])
    # No paragraph was left as the stub of a break.
    assert not any(p in ("上新台阶。",) for x in joined for p in x)
    assert len(paragraphs) == 5 and all(paragraphs)  # every article has body text


def test_seed_keeps_the_printed_characters(seed_text: str) -> None:
    first = _articles(seed_text)[0].blocks[0].text
    # The paper printed an ASCII comma here; it is shown as printed.
    assert first.startswith("大雪飘落,河洛山乡银装素裹。")


def test_seed_ids_are_unique_and_stable(seed_text: str) -> None:
    ids = [a.id for a in _articles(seed_text)]
    assert len(set(ids)) == 5
    assert ids == [a.id for a in _articles(seed_text)]


def test_the_bundled_page_and_its_conventions_parse_as_before_the_real_page_rules() -> None:
    """Pinned: every field of the bundled page and the fixture pages in its
    format, as the parser gave them before it learnt pages without markup
    (tests/golden/marked_pages.json was written by that parser)."""
    import json

    golden = json.loads((ROOT / "tests" / "golden" / "marked_pages.json").read_text(encoding="utf-8"))
    for name, (banner, articles) in golden.items():
        issue = parse_file((ROOT / name).read_text(encoding="utf-8"), str(ROOT / name))
        assert issue.banner == banner, name
        got = [[a.id, a.title, a.column, a.kicker, a.subtitle, a.byline, a.byline_at,
                [[b.type, b.text] for b in a.blocks]] for a in issue.articles]
        assert got == articles, name
