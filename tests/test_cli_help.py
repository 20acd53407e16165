"""The command line about itself: --help in both languages, its messages in
Chinese, the shell completion script (run in bash) and the man page."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import run_cli

from reader.cli.parsers import parsers

# What may stay in Latin letters in the Chinese help: names, not prose.
TECHNICAL = {
    "COLORTERM", "Ctrl", "C", "DIR", "JSON", "LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "Markdown", "NO_COLOR",
    "PAGER", "PATH", "README", "SQLite", "SSH", "TERM", "TEXTUAL_COLOR_SYSTEM", "XDG_CACHE_HOME", "XDG_CONFIG_HOME",
    "XDG_DATA_HOME", "bash", "zsh", "shell", "config.toml", "confirm_mark_read", "language", "mouse", "theme",
    "grep", "jieba", "json", "md", "txt", "html", "less", "roff", "tmux", "zh_CN.UTF-8", "luoyang-reader", "NAME", "Ctrl+C",
    *(command for command in parsers() if command),
}


def run(args: list[str], tmp_path: Path, lang: str = "C.UTF-8", columns: int = 100) -> subprocess.CompletedProcess[str]:
    """The command under ``LANG=lang`` alone (no other locale variable) in a terminal ``columns`` wide."""
    return run_cli(args, tmp_path, env={"LANG": lang, "COLUMNS": str(columns), "LANGUAGE": None, "LC_ALL": None,
                                        "LC_MESSAGES": None})


def test_help_lists_the_files_environment_and_exit_statuses(tmp_path: Path) -> None:
    result = run(["--help"], tmp_path)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    xdg = tmp_path / "xdg"
    for place in (xdg / "config" / "luoyang-reader" / "config.toml", xdg / "data" / "luoyang-reader",
                  xdg / "cache" / "luoyang-reader"):
        assert f"\n  {place}\n" in text  # where the files are on this machine, one per line
    for name in ("XDG_CONFIG_HOME", "LANG", "NO_COLOR", "PAGER", "TERM"):
        assert name in text
    statuses = text[text.index("exit status:"):]
    for status in ("0", "1", "2", "130"):
        assert re.search(rf"^  {status} +\S", statuses, re.M)
    for command in ("search", "index", "export", "keywords", "bookmarks", "completion", "manpage"):
        assert re.search(rf"^  {command} +\S", text, re.M)
    # Laid out for COLUMNS=100 (argparse's width is the terminal's less 2); a file's path may run on.
    assert max(len(line) for line in text.splitlines() if str(tmp_path) not in line) <= 98


@pytest.mark.parametrize("columns", [60, 100])
def test_help_in_chinese_keeps_only_names_in_latin_letters(tmp_path: Path, columns: int) -> None:
    from rich.cells import cell_len

    english = run(["--help"], tmp_path, columns=columns).stdout
    result = run(["--help"], tmp_path, lang="zh_CN.UTF-8", columns=columns)
    assert result.returncode == 0, result.stderr
    text = result.stdout.replace(str(tmp_path), "")
    assert text.startswith("用法: luoyang-reader") and "位置参数:" in text and "退出状态:" in text
    options = {flag for parser in parsers().values() for action in parser._actions for flag in action.option_strings}
    for flag in sorted(options, key=len, reverse=True):
        text = text.replace(flag, "")
    text = re.sub(r"/\S+", "", text)  # the paths of the files
    words = set(re.findall(r"[A-Za-z][A-Za-z0-9_.+-]*[A-Za-z0-9]|[A-Za-z]", text))
    assert words <= TECHNICAL, words - TECHNICAL
    # Laid out by cells: a Chinese line is no wider than the English help's lines.
    widest = max(cell_len(line) for line in english.splitlines() if str(tmp_path) not in line)
    assert max(cell_len(line) for line in result.stdout.splitlines() if str(tmp_path) not in line) <= widest


def test_messages_and_usage_errors_in_chinese(tmp_path: Path) -> None:
    missing = run(["nothere.txt"], tmp_path, lang="zh_CN.UTF-8")
    assert missing.returncode == 2
    assert missing.stderr == "luoyang-reader: 错误: nothere.txt: 没有那个文件或目录\n"
    unknown = run(["export", "--bogus"], tmp_path, lang="zh_CN.UTF-8")
    assert unknown.returncode == 2 and unknown.stderr == "luoyang-reader export: 错误: 无法识别的参数: --bogus\n"
    choice = run(["export", "-f", "xml"], tmp_path, lang="zh_CN.UTF-8")
    assert choice.returncode == 2 and "无效的选择: 'xml'" in choice.stderr
    (tmp_path / "empty.txt").write_text("\n")
    empty = run(["export", "empty.txt"], tmp_path, lang="zh_CN.UTF-8")
    assert empty.returncode == 2 and empty.stderr == "luoyang-reader: 错误: empty.txt: 空文件\n"
    english = run(["export", "empty.txt"], tmp_path)
    assert english.stderr == "luoyang-reader: error: empty.txt: empty file\n"


# Shell completion ------------------------------------------------------------------


def complete(script: str, words: list[str], cwd: Path) -> set[str]:
    """What the completion function offers for the last of ``words`` in bash."""
    quoted = " ".join("'" + w.replace("'", "'\\''") + "'" for w in words)
    program = (
        f"{script}\n"
        f"COMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}\n"
        f'_luoyang_reader luoyang-reader "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"\n'
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    result = subprocess.run(["bash", "--norc", "--noprofile", "-c", program], cwd=cwd, capture_output=True,
                            text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return {line for line in result.stdout.split("\n") if line}


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash here")
def test_bash_completion_offers_commands_options_values_and_issue_files(tmp_path: Path) -> None:
    result = run(["completion", "bash"], tmp_path)
    assert result.returncode == 0, result.stderr
    script = result.stdout
    assert "complete -o filenames -F _luoyang_reader luoyang-reader" in script
    work = tmp_path / "work"
    (work / "exdir").mkdir(parents=True)
    for name in ("ex.md", "ex.pdf", "ex notes.txt", "other.txt"):
        (work / name).write_text("x")
    assert complete(script, ["luoyang-reader", "ex"], work) == {"export", "ex.md", "ex notes.txt", "exdir"}
    assert complete(script, ["luoyang-reader", "--n"], work) == {"--no-mouse"}
    assert complete(script, ["luoyang-reader", "export", "--f"], work) == {"--format"}
    assert complete(script, ["luoyang-reader", "export", "--format", ""], work) == {"json", "markdown", "text"}
    assert complete(script, ["luoyang-reader", "export", "-f", "m"], work) == {"markdown"}
    assert complete(script, ["luoyang-reader", "export", "--data-dir", "e"], work) == {"exdir"}
    assert complete(script, ["luoyang-reader", "export", "--article", ""], work) == set()
    assert complete(script, ["luoyang-reader", "search", "--"], work) == {
        "--help", "--json", "--paper", "--issue", "--from", "--to", "--page", "--sort", "--limit", "--count",
        "--files-with-matches"}
    assert complete(script, ["luoyang-reader", "search", "--issue", ""], work) == set()  # a date: no files
    assert complete(script, ["luoyang-reader", "completion", ""], work) == {"bash", "zsh"}
    # After the first word, files only: export is no longer offered.
    assert complete(script, ["luoyang-reader", "export", "ex"], work) == {"ex.md", "ex notes.txt", "exdir"}


def test_zsh_completion_is_the_same_function_through_bashcompinit(tmp_path: Path) -> None:
    bash = run(["completion", "bash"], tmp_path).stdout
    zsh = run(["completion", "zsh"], tmp_path).stdout
    function = bash[bash.index("_luoyang_reader() {"):]
    assert zsh.endswith(function)
    assert "autoload -U +X bashcompinit && bashcompinit" in zsh
    bad = run(["completion", "fish"], tmp_path)
    assert bad.returncode == 2 and "invalid choice" in bad.stderr


# The man page ------------------------------------------------------------------


def render(page: str) -> tuple[str, str]:
    """The page as man shows it, and groff's warnings."""
    result = subprocess.run(["groff", "-k", "-man", "-Tutf8", "-ww", "-P-cbou", "-rLL=78n"], input=page,
                            capture_output=True, text=True, timeout=60)
    return result.stdout, result.stderr


@pytest.mark.skipif(shutil.which("groff") is None, reason="no groff here")
@pytest.mark.parametrize("lang", ["C.UTF-8", "zh_CN.UTF-8"])
def test_man_page_renders_and_says_what_help_says(tmp_path: Path, lang: str) -> None:
    result = run(["manpage"], tmp_path, lang=lang)
    assert result.returncode == 0, result.stderr
    shown, warnings = render(result.stdout)
    assert warnings == ""
    flat = " ".join(shown.split()).replace("‐ ", "")  # lines joined, hyphenation undone
    for parser in parsers().values():
        for action in parser._actions:
            for flag in action.option_strings:
                assert flag in flat
    for name in ("XDG_CONFIG_HOME/luoyang-reader/config.toml", "NO_COLOR", "PAGER", "130", "Ctrl+P"):
        assert name in flat
    headings = ("名称", "选项", "命令", "按键", "文件", "环境变量", "退出状态") if lang.startswith("zh") else (
        "NAME", "OPTIONS", "COMMANDS", "KEYS", "FILES", "ENVIRONMENT", "EXIT STATUS")
    for heading in headings:
        assert re.search(rf"^{heading}$", shown, re.M), heading
    for command in ("search", "index", "export", "keywords", "bookmarks", "completion", "manpage"):
        assert re.search(rf"^   {command}$", shown, re.M)


def test_index_counts_in_the_singular_and_the_plural(tmp_path: Path) -> None:
    from conftest import SEED

    one = run(["index", str(SEED)], tmp_path)
    assert one.returncode == 0, one.stderr
    assert one.stdout.startswith("1 issue, 5 articles: 1 added,"), one.stdout
    (tmp_path / "two").mkdir()
    for name in ("a.txt", "b.txt"):
        (tmp_path / "two" / name).write_bytes(SEED.read_bytes())
    two = run(["index", str(tmp_path / "two")], tmp_path, lang="zh_CN.UTF-8")
    assert two.returncode == 0, two.stderr
    assert two.stdout.startswith("2 期，10 篇："), two.stdout
