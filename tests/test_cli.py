"""The installed console script: export, version, help and bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import FIXTURES, SEED, exported_files, run_cli

run = run_cli


def test_export_json_from_another_directory_uses_the_bundled_issue(tmp_path: Path) -> None:
    result = run(["export", "--format", "json"], tmp_path)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["schema"] == 2
    (day,) = doc["issues"]  # the bundled issue: 洛阳日报's, of a day it does not print
    assert (day["paper"], day["date"], day["articles"]) == ("洛阳日报", None, 5)
    (issue,) = exported_files(doc)
    assert set(issue) >= {"source", "banner", "articles"}
    assert Path(issue["source"]).name == SEED.name
    assert len(issue["articles"]) == 5
    for article in issue["articles"]:
        assert set(article) >= {"id", "column", "kicker", "title", "subtitle", "byline", "blocks"}
        assert isinstance(article["title"], str) and article["title"]
        for block in article["blocks"]:
            assert block["type"] in {"paragraph", "heading", "caption", "note"}
            assert isinstance(block["text"], str)


@pytest.mark.parametrize("fmt", ["markdown", "text"])
def test_reading_copies(fmt: str, tmp_path: Path) -> None:
    result = run(["export", "--format", fmt, str(SEED)], tmp_path)
    assert result.returncode == 0, result.stderr
    for title in ("让脱贫群众生活更上一层楼", "踔厉奋发向未来 精“绣”洛城新画卷"):
        assert title in result.stdout
    assert "新生活 新希望" in result.stdout
    assert "参与“北国花城”建设。加紧推进" in result.stdout


def test_version_and_help(tmp_path: Path) -> None:
    version = run(["--version"], tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("luoyang-reader ")
    helptext = run(["--help"], tmp_path)
    assert helptext.returncode == 0 and "export" in helptext.stdout and "PATH" in helptext.stdout


@pytest.mark.parametrize(
    "setup, expected",
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: (d / "e.txt").write_bytes(b"") and d / "e.txt" or d / "e.txt", "empty file"),
        (lambda d: (d / "b.txt").write_bytes(b"\x00\x01\x02binary") and d / "b.txt", "binary"),
        (lambda d: (d / "l.txt").write_bytes("café\n".encode("latin-1")) and d / "l.txt", "encoding"),
        (lambda d: (d / "empty").mkdir() or d / "empty", "no issue files"),
    ],
    ids=["missing", "empty", "binary", "undecodable", "empty-dir"],
)
def test_bad_input_is_one_line_and_exit_2(setup, expected: str, tmp_path: Path) -> None:
    path = setup(tmp_path)
    for args in (["export", str(path)], [str(path)]):
        result = run(args, tmp_path)
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert str(path) in lines[0] and expected in lines[0]
        assert result.stdout == ""


def test_the_reader_without_a_terminal_says_so(tmp_path: Path) -> None:
    result = run([], tmp_path)  # stdin and stdout are pipes here
    assert result.returncode == 2 and "needs a terminal" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""


def test_opening_with_no_arguments_skips_argparse_with_its_defaults(tmp_path: Path) -> None:
    """The reader's most common start parses nothing: its defaults are the
    parser's own, and argparse (with gettext, ~7% of the import work before
    Textual) is never imported."""
    import subprocess
    import sys

    from conftest import env_without_user_dirs

    from reader.cli.open_reader import OPEN_DEFAULTS
    from reader.cli.parsers import open_parser

    assert vars(open_parser().parse_args([])) == OPEN_DEFAULTS
    code = "import sys\nfrom reader.cli.main import main\nrc = main([])\nprint(rc, 'argparse' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env_without_user_dirs(tmp_path), stdin=subprocess.DEVNULL)
    assert result.stdout.split() == ["2", "False"]  # no terminal here: refused, without argparse
    assert "needs a terminal" in result.stderr


def test_unknown_option_is_a_usage_error(tmp_path: Path) -> None:
    result = run(["export", "--format", "xml"], tmp_path)
    assert result.returncode == 2 and "invalid choice" in result.stderr
    assert "Traceback" not in result.stderr


def test_export_reports_read_state_and_bookmarks_command(tmp_path: Path) -> None:
    from reader.session.library import load_files
    from reader.storage.store import Store

    (issue,), _ = load_files([])
    data = tmp_path / "state"
    store = Store.open(data)
    store.set_read(issue.articles[1].id, True)
    store.add_bookmark(issue.articles[2].id, issue.articles[2].title, issue.source, 4, 0, "片段", "记一下")
    store.add_bookmark(issue.articles[0].id, issue.articles[0].title, issue.source, 1, 5, "另一段", None)
    store.close()

    doc = json.loads(run(["export", "--data-dir", str(data)], tmp_path).stdout)
    assert [a["read"] for a in exported_files(doc)[0]["articles"]] == [False, True, False, False, False]

    result = run(["bookmarks", "--json", "--data-dir", str(data)], tmp_path)
    assert result.returncode == 0, result.stderr
    marks = json.loads(result.stdout)["bookmarks"]
    assert {m["title"] for m in marks} == {issue.articles[0].title, issue.articles[2].title}
    for mark in marks:
        assert set(mark) == {"article_id", "title", "source", "block", "note", "created"}
        assert mark["created"][:4].isdigit() and "T" in mark["created"]
    by_title = {m["title"]: m for m in marks}
    assert by_title[issue.articles[2].title]["note"] == "记一下"
    assert by_title[issue.articles[0].title]["note"] is None
    assert by_title[issue.articles[2].title]["block"] == 4

    text = run(["bookmarks", "--data-dir", str(data)], tmp_path).stdout
    assert "记一下" in text and issue.articles[0].title in text
    assert f"[{Path(issue.source).name} §5]" in text  # block 4, counted from 1 for people
    assert "+00:00" not in text  # local time, not the stored UTC stamp


def test_reporting_commands_do_not_create_state(tmp_path: Path) -> None:
    data = tmp_path / "never"
    assert run(["bookmarks", "--data-dir", str(data)], tmp_path).stdout.strip() == "No bookmarks."
    assert run(["export", "--data-dir", str(data)], tmp_path).returncode == 0
    assert not data.exists()


def test_export_json_carries_keywords_and_keywords_command(tmp_path: Path) -> None:
    doc = json.loads(run(["export"], tmp_path).stdout)
    articles = exported_files(doc)[0]["articles"]
    for article in articles:
        words = article["keywords"]
        assert 0 < len(words) <= 10
        assert all(set(k) == {"word", "weight"} and isinstance(k["weight"], float) for k in words)
        assert [k["weight"] for k in words] == sorted((k["weight"] for k in words), reverse=True)
    assert "中航光电" in [k["word"] for k in articles[1]["keywords"][:3]]

    plain = run(["keywords"], tmp_path)
    assert plain.returncode == 0, plain.stderr
    lines = plain.stdout.splitlines()
    assert len(lines) == 5 and all(line.count("\t") == 2 for line in lines)
    assert "中航光电:" in lines[1]
    as_json = json.loads(run(["keywords", "--json", "--top", "3"], tmp_path).stdout)
    assert all(len(a["keywords"]) == 3 for a in as_json["issues"][0]["articles"])


def test_export_of_a_crawler_day_tree_lists_every_article_under_its_date_and_page(tmp_path: Path) -> None:
    import yaml

    tree = FIXTURES / "crawler"
    result = run(["export", str(tree)], tmp_path)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    # What each file's front matter says, read here with YAML directly.
    expected = []
    for path in sorted(tree.rglob("*.md")):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        expected.append((str(front["date"]), str(int(front["section"].strip("第版"))), front["section_name"],
                         front["title"]))
    got = [(i["date"], i["page"], i["page_name"], a["title"]) for i in exported_files(doc) for a in i["articles"]]
    assert got == expected and len(got) == 4
    assert all(set(i) >= {"date", "page", "page_name", "furniture"} for i in exported_files(doc))
    first = exported_files(doc)[0]
    assert first["furniture"][0]["before"] == 0 and first["furniture"][0]["text"].startswith("---\ntitle:")
    assert first["articles"][0]["paper_keywords"] == ["新春", "文化活动", "洛阳"]
    # An issue the text says nothing of has nulls.
    plain = exported_files(json.loads(run(["export"], tmp_path).stdout))[0]
    assert (plain["date"], plain["page"], plain["page_name"]) == (None, None, None)


def test_export_one_article_by_id_prefix_title_or_title_words(tmp_path: Path) -> None:
    whole = exported_files(json.loads(run(["export"], tmp_path).stdout))[0]["articles"]
    second = whole[1]
    for wanted in (second["id"], second["id"][:6], second["title"], "光电元器件"):
        result = run(["export", "--article", wanted], tmp_path)
        assert result.returncode == 0, result.stderr
        (issue,) = exported_files(json.loads(result.stdout))
        assert [a["id"] for a in issue["articles"]] == [second["id"]], wanted
    text = run(["export", "-a", second["title"], "--format", "text"], tmp_path).stdout
    assert second["title"] in text and whole[0]["title"] not in text
    missing = run(["export", "--article", "没有这篇"], tmp_path)
    assert missing.returncode == 2 and missing.stdout == ""
    assert missing.stderr.count("\n") == 1 and "no article matches" in missing.stderr


def test_the_readmes_example_ids_are_the_bundled_issues(tmp_path: Path) -> None:
    """An id the README shows in an example is an article of the bundled
    issue, so `export -a ID` on it answers."""
    import re

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    shown = set(re.findall(r'"(?:id|article_id)": "([0-9a-f]{12})"', readme))
    exported = run_cli(["export"], tmp_path)
    ids = set(re.findall(r'"id": "([0-9a-f]{12})"', exported.stdout))
    assert shown and shown <= ids


def test_keywords_lines_are_tab_separated_fields_with_space_separated_pairs(tmp_path: Path) -> None:
    result = run_cli(["keywords", "--top", "3"], tmp_path)
    assert result.returncode == 0
    for line in result.stdout.splitlines():
        name, title, pairs = line.split("\t")
        words = pairs.split(" ")
        assert name and title and 1 <= len(words) <= 3 and all(re.fullmatch(r"\S+:\d\.\d+", w) for w in words)
