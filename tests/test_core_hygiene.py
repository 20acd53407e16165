"""The layers hold: imports flow down, nothing below the TUI imports Textual,
and only opening the reader loads it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED

import reader

PACKAGE = Path(reader.__file__).resolve().parent
# Each package's layer: a module may import its own package and those of lower layers.
LAYERS = {"core": 0, "text": 1, "search": 1, "storage": 1, "keywords": 2, "catalog": 2, "session": 3, "tui": 4,
          "cli": 5}
NOT_BELOW_TUI = ("textual", "rich.progress", "rich.live")


def _modules() -> list[tuple[str, Path]]:
    """Every module of the package, by its package (the layer), walked, not listed."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if len(parts) > 1:
            found.append((parts[0], path))
    return found


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every module ``path`` imports, at its top or inside a function."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            out.extend((node.lineno, alias.name) for alias in node.names)
    return out


def test_every_module_is_in_a_layer() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py"]
    assert {package for package, _ in _modules()} == set(LAYERS)


def test_imports_flow_down() -> None:
    wrong = []
    for package, path in _modules():
        for line, module in _imports(path):
            parts = module.split(".")
            if parts[0] != "reader" or len(parts) < 2 or parts[1] == package:
                continue
            if LAYERS[parts[1]] >= LAYERS[package]:
                wrong.append(f"{path.relative_to(PACKAGE)}:{line} ({package}) imports {module}")
    assert wrong == []


def test_nothing_below_the_tui_imports_textual() -> None:
    wrong = [
        f"{path.relative_to(PACKAGE)}:{line} imports {module}"
        for package, path in _modules() if LAYERS[package] < LAYERS["tui"]
        for line, module in _imports(path) if module.startswith(NOT_BELOW_TUI)
    ]
    assert wrong == []


def test_the_layers_below_the_tui_load_no_textual_jieba_or_pinyin() -> None:
    """Imported, not only written: every module below the TUI imported in one
    process, and a page parsed (without front matter, so no YAML either)."""
    below = [
        ".".join(("reader", *path.relative_to(PACKAGE).with_suffix("").parts))
        for package, path in _modules() if LAYERS[package] < LAYERS["tui"] and path.name != "__init__.py"
    ]
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in below)
        + "reader.text.parse.parse_file(open(sys.argv[1], encoding='utf-8').read())\n"
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'jieba', 'pypinyin', 'yaml'))\n"
        + "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(SEED)], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


@pytest.mark.parametrize("command", [
    ["manpage"], ["completion", "bash"], ["--help"], ["--version"], ["index", str(SEED)], ["export", str(SEED)],
    ["search", "北国花城", str(SEED)], ["bookmarks"], ["keywords", "--top", "1", str(SEED)], ["search", "--help"],
])
def test_no_command_but_the_reader_loads_textual(command: list[str], tmp_path: Path) -> None:
    from conftest import env_without_user_dirs

    code = (
        "import sys, atexit\n"
        "atexit.register(lambda: sys.__stderr__.write('LOADED:' + ','.join(sorted({m.split('.')[0] "
        "for m in sys.modules if m.split('.')[0] == 'textual'})) + '\\n'))\n"
        "from reader.cli.main import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    result = subprocess.run([sys.executable, "-c", code, *command], capture_output=True, text=True, timeout=120,
                            env=env_without_user_dirs(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "LOADED:\n" in result.stderr, result.stderr  # nothing of Textual


def test_a_warm_start_loads_no_parser(tmp_path) -> None:
    """Files already in the catalog are read back, not parsed: the reader's
    start does not even load the parser (its modules cost memory and time)."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from reader.catalog.database import Catalog\n"
        "from reader.session.archive import archive_library\n"
        "from reader.text.sources import expand_paths\n"
        "catalog = Catalog.open(Path(sys.argv[2]))\n"
        "report = catalog.scan(expand_paths([Path(sys.argv[1])]), None)\n"
        "library = archive_library(catalog, report.entries, report.sources)\n"
        "assert library.files[0].articles, 'the issue was read back'\n"
        "print(','.join(sorted(m for m in sys.modules if m in ('reader.text.parse', 'reader.text.unmarked'))))\n"
    )
    cold = subprocess.run([sys.executable, "-c", code, str(SEED), str(tmp_path)], capture_output=True, text=True)
    assert cold.returncode == 0, cold.stderr
    assert cold.stdout.strip() == "reader.text.parse,reader.text.unmarked"  # a new file is parsed
    warm = subprocess.run([sys.executable, "-c", code, str(SEED), str(tmp_path)], capture_output=True, text=True)
    assert warm.returncode == 0, warm.stderr
    assert warm.stdout.strip() == ""


def test_a_count_over_a_sealed_folder_loads_no_scan(tmp_path) -> None:
    """A command over a folder as sealed needs neither the scan nor the
    catalog's writers: they are loaded only when something changed; nor
    hashlib (it builds OpenSSL's constructors: 9 ms a command)."""
    from conftest import env_without_user_dirs

    folder = tmp_path / "issues"
    folder.mkdir()
    (folder / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    code = ("import sys\nfrom reader.cli.main import main\nrc = main(['search', '--count', '洛阳', sys.argv[1]])\n"
            "print(rc, sorted(m for m in sys.modules if m in ('reader.catalog.scan', 'reader.catalog.write', 'hashlib')))\n")
    env = env_without_user_dirs(tmp_path)
    first = subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True, text=True, env=env)
    assert first.returncode == 0, first.stderr
    assert first.stdout.split("\n")[-2] == "0 ['reader.catalog.scan', 'reader.catalog.write']"  # scanned
    sealed = subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True, text=True, env=env)
    assert sealed.returncode == 0, sealed.stderr
    assert sealed.stdout.split("\n")[-2] == "0 []"


def test_no_sql_outside_the_catalog_and_storage() -> None:
    """The catalog's tables are its own, and every other database is storage's."""
    import re

    sql = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE FROM|CREATE (?:TABLE|INDEX|VIRTUAL)|PRAGMA)\b")
    wrong = [
        f"{path.relative_to(PACKAGE)}:{node.lineno}"
        for package, path in _modules() if package not in ("catalog", "storage")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and sql.search(node.value)
    ]
    assert wrong == []


def test_the_screenshot_script_finds_what_it_shoots_with() -> None:
    """``screenshots/make_screenshots.py`` is run by hand: a module moved under
    it would break it only on the day it is needed."""
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "screenshots" / "make_screenshots.py"
    spec = importlib.util.spec_from_file_location("make_screenshots", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert all(part is not None for part in module.app_parts())
    assert all(p.exists() for shot in module.SHOTS for p in (shot[3] if len(shot) > 3 else []))
