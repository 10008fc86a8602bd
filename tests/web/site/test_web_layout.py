"""The web app's layout (docs/architecture.md): its rooms import one way, with no loop, and
selectors and services never read the HTTP request.

Imports are read from the source (at module level and inside functions alike), so a loop
hidden in a function-level import is a loop. A *room* is a top-level module of
``cpmonitor.web`` (``permissions``, ``councils``, ``append_only``…) or one of its apps
(``accounts``, ``store``, ``dashboard``…); within a room, its modules import one way too.
"""

from __future__ import annotations

import ast
from pathlib import Path

WEB = Path(__file__).resolve().parents[3] / "src" / "cpmonitor" / "web"
PACKAGE = "cpmonitor.web"
#: What the HTTP request has and a selector or a service must not read.
REQUEST_ATTRIBUTES = {"GET", "POST", "FILES", "COOKIES", "META", "session", "method"}


def _module_name(path: Path, root: Path = WEB, package: str = PACKAGE) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([package, *parts])


def _modules(root: Path = WEB, package: str = PACKAGE) -> dict[str, Path]:
    return {_module_name(p, root, package): p for p in sorted(root.rglob("*.py"))}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules among ``known`` that module ``name`` imports, anywhere in its body."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            # ``from x import y``: y is a module of x, or a name in x
            targets = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names
            ]
        else:
            continue
        found.update(t for t in targets if t in known and t != name)
    return found


def _graph(root: Path = WEB, package: str = PACKAGE) -> dict[str, set[str]]:
    modules = _modules(root, package)
    return {name: _imports(name, path, set(modules)) for name, path in modules.items()}


def _room(module: str, package: str = PACKAGE) -> str:
    rest = module[len(package) + 1 :]
    return rest.split(".", 1)[0] if rest else "(package)"


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The loops of a directed graph (one per strongly connected part bigger than one)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    loops: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            part = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                part.append(top)
                if top == node:
                    break
            if len(part) > 1:
                loops.append(sorted(part))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return loops


def _room_graph(graph: dict[str, set[str]], package: str = PACKAGE) -> dict[str, set[str]]:
    rooms: dict[str, set[str]] = {}
    for module, targets in graph.items():
        here = _room(module, package)
        rooms.setdefault(here, set()).update(
            _room(t, package) for t in targets if _room(t, package) != here
        )
    return rooms


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_the_walker_sees_a_loop_between_two_rooms_hidden_in_a_function(tmp_path):
    _write(
        tmp_path,
        {
            "__init__.py": "",
            "permissions.py": "def f():\n    from .accounts.models import SiteSettings\n",
            "accounts/__init__.py": "",
            "accounts/models.py": "",
            "accounts/roles.py": "from ..permissions import ROLES\n",
        },
    )
    graph = _graph(tmp_path, "pkg")
    assert graph["pkg.permissions"] == {"pkg.accounts.models"}
    assert graph["pkg.accounts.roles"] == {"pkg.permissions"}
    assert _cycles(_room_graph(graph, "pkg")) == [["accounts", "permissions"]]


def test_the_walker_sees_a_loop_inside_a_room_through_from_dot_import(tmp_path):
    _write(
        tmp_path,
        {
            "__init__.py": "",
            "store/__init__.py": "",
            "store/services.py": "from . import annexa\n",
            "store/annexa.py": "def f():\n    from .services import _bulk_insert\n",
        },
    )
    assert _cycles(_graph(tmp_path, "pkg")) == [["pkg.store.annexa", "pkg.store.services"]]


def test_a_graph_that_goes_one_way_has_no_loop():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_the_web_rooms_import_one_way():
    assert _cycles(_room_graph(_graph())) == []


def test_the_modules_of_each_web_room_import_one_way():
    assert _cycles(_graph()) == []


def test_the_permission_map_imports_no_app():
    assert {_room(m) for m in _graph()[f"{PACKAGE}.permissions"]} == set()


def test_selectors_and_services_never_read_the_http_request():
    offenders = []
    for path in sorted(WEB.glob("*/*.py")):
        if path.stem not in ("selectors", "services"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in REQUEST_ATTRIBUTES:
                offenders.append(f"{path.relative_to(WEB)}:{node.lineno} .{node.attr}")
    assert offenders == []


def test_every_app_has_its_selectors_and_services_where_it_reads_and_writes():
    for app in ("audits", "conferences", "dashboard", "reports", "store", "uploads"):
        assert (WEB / app / "selectors.py").exists(), app
    for app in ("audits", "conferences", "store", "uploads"):
        assert (WEB / app / "services.py").exists(), app
