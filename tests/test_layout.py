"""The layout of the code (docs/architecture.md): only the command-line wing uses Typer and Rich."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "cpmonitor"
TERMINAL_LIBRARIES = {"typer", "rich"}


def _imported_top_level_names(path: Path) -> set[str]:
    """Every top-level package ``path`` imports, at module level or inside a function."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_the_import_walker_sees_an_import_hidden_in_a_function(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from rich.table import Table\n    import typer.core\n")
    assert _imported_top_level_names(module) == {"rich", "typer"}


def test_no_module_outside_the_cli_wing_imports_typer_or_rich():
    offenders = sorted(
        f"{path.relative_to(SRC)} imports {', '.join(sorted(used))}"
        for path in SRC.rglob("*.py")
        if path.relative_to(SRC).parts[0] != "cli"
        and (used := _imported_top_level_names(path) & TERMINAL_LIBRARIES)
    )
    assert offenders == []
