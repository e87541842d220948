"""The package boundaries hold: the core (rectify/) never imports the dashboards except
where the app factory mounts them, and the dashboards hold only Dash (their SQL is the
core's read module, rectify/figures/)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FACTORY = ROOT / "rectify" / "__init__.py"


def imported_modules(path: Path) -> list[tuple[str, str]]:
    """(imported module, the function the import sits in, "" at module level) for every
    absolute import in ``path``."""
    found = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(child, child.name)
                continue
            if isinstance(child, ast.Import):
                found.extend((alias.name, function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                found.append((child.module, function))
            visit(child, function)

    visit(ast.parse(path.read_text(encoding="utf-8")), "")
    return found


def python_files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def is_under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_the_core_imports_the_dashboards_only_to_mount_them():
    found = [(str(path.relative_to(ROOT)), function)
             for path in python_files("rectify")
             for module, function in imported_modules(path) if is_under(module, "dashboards")]
    assert found == [("rectify/__init__.py", "create_app")]


def test_the_factory_mounts_the_dashboards_through_init_dashboards():
    tree = ast.parse(FACTORY.read_text(encoding="utf-8"))
    imports = [node for node in ast.walk(tree)
               if isinstance(node, ast.ImportFrom) and node.module == "dashboards"]
    assert [[alias.name for alias in node.names] for node in imports] == [["init_dashboards"]]


def test_the_dashboards_run_no_sql_of_their_own():
    """Their reads come from rectify.figures; a page that queried the database itself
    would hold figures the API and the progress report cannot share."""
    found = []
    for path in python_files("dashboards"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in getattr(node, "names", [])]
            if (isinstance(node, ast.Import) and any(is_under(n, "sqlalchemy") for n in names)
                    or isinstance(node, ast.ImportFrom) and (
                        is_under(node.module or "", "sqlalchemy")
                        or node.module == "rectify.extensions" and "db" in names)):
                found.append(str(path.relative_to(ROOT)))
    assert found == []


def test_the_walk_finds_imports_inside_functions(tmp_path):
    """The progress report once hid ``from dashboards import queries`` in a function."""
    source = tmp_path / "probe.py"
    source.write_text("def report():\n    from dashboards import queries\n", encoding="utf-8")
    assert imported_modules(source) == [("dashboards", "report")]


def test_the_visibility_rules_know_nothing_of_requests():
    """rectify.permissions holds predicates and SQL scopes; the views' guards (sign in,
    403, 404) over them are rectify.web.guards, so services and commands can ask them."""
    found = [module for module, _ in imported_modules(ROOT / "rectify" / "permissions.py")
             if any(is_under(module, package) for package in ("flask", "flask_login"))]
    assert found == []
