"""The floor plan holds: packages import only those below them, no circles, no hidden imports.

The declared order (lowest first) is the one in docs/architecture.md. A module may import
modules of its own package and of any package below it; `TYPE_CHECKING` imports count too.
An import inside a function is allowed only when a comment on its line, or directly above its
block of imports, says `lazy:` and why (WeasyPrint takes a second to import).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "handouts"
DOC = PACKAGE.parent / "docs" / "architecture.md"

# Lowest first. Top-level modules count as packages of their own.
ORDER = (
    "errors",
    "limits",
    "guard",
    "files",
    "source",
    "design",
    "render",
    "press",
    "checks",
    "build",
    "aftercare",
    "cli",
    "web",
)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imported(node: ast.Import | ast.ImportFrom, current: str) -> list[str]:
    """The handouts modules an import statement names (a `from x import y` may name x.y)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.startswith("handouts")]
    if node.level:  # relative imports are not used, but resolve them anyway
        base = current.split(".")[: -node.level]
        module = ".".join([*base, node.module] if node.module else base)
    else:
        module = node.module or ""
    if not module.startswith("handouts"):
        return []
    known = modules()
    return [f"{module}.{a.name}" if f"{module}.{a.name}" in known else module for a in node.names]


def stage(module: str) -> str:
    """`handouts.render.jobs` → `render`; `handouts` itself (its __init__) → `handouts`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "handouts"


def graph() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for name, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found[name] = {
            target
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for target in imported(node, name)
            if target != "handouts"
        }
    return found


def test_every_package_is_in_the_declared_order() -> None:
    stages = {stage(name) for name in modules()} - {"handouts", "__main__"}
    assert stages <= set(ORDER), f"packages missing from ORDER: {stages - set(ORDER)}"


def test_the_architecture_document_declares_the_same_order() -> None:
    text = DOC.read_text(encoding="utf-8")
    declared = re.findall(r"^\d+\. `handouts/(\w+)", text, flags=re.M)
    assert tuple(declared) == ORDER


def test_no_package_imports_one_above_it() -> None:
    wrong = []
    for name, targets in graph().items():
        here = stage(name)
        if here in ("handouts", "__main__"):
            continue
        for target in targets:
            there = stage(target)
            if there != here and ORDER.index(there) > ORDER.index(here):
                wrong.append(f"{name} imports {target} ({here} is below {there})")
    assert not wrong, "\n".join(wrong)


def test_no_import_circle() -> None:
    edges = graph()
    circles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                circles.append([*path[path.index(target) :], target])
            elif target in edges and target not in state:
                visit(target, [*path, target])
        state[node] = 2

    for start in sorted(edges):
        if start not in state:
            visit(start, [start])
    assert not circles, "\n".join(" → ".join(c) for c in circles)


def function_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    found = []
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            found += [n for n in ast.walk(function) if isinstance(n, ast.Import | ast.ImportFrom)]
    return found


def says_lazy(lines: list[str], lineno: int) -> bool:
    """`lazy:` on the import's line, or in the comments and imports directly above it."""
    index = lineno - 1
    if "lazy:" in lines[index]:
        return True
    index -= 1
    while index >= 0:
        line = lines[index].strip()
        if "lazy:" in line and line.startswith("#"):
            return True
        if not (line.startswith(("#", "from ", "import ")) or line.endswith(",") or line == ")"):
            return False
        index -= 1
    return False


@pytest.mark.parametrize("name", sorted(modules()))
def test_imports_inside_functions_say_why(name: str) -> None:
    path = modules()[name]
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    hidden = [
        f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {lines[node.lineno - 1].strip()}"
        for node in function_imports(ast.parse(text))
        if not says_lazy(lines, node.lineno)
    ]
    assert not hidden, "imports inside functions without a `# lazy:` reason:\n" + "\n".join(hidden)
