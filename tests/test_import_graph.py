"""The package's import graph has no cycles (docs/architecture.md, "Who may import what").

Every .py file under claimcheck/ is parsed (never imported) and each `import` / `from ...
import` naming a claimcheck module becomes an edge.  All imports count: module level,
inside functions (the lazy imports that keep `claimcheck --version` fast) and under
`if TYPE_CHECKING:` - a lazy import still ties two modules together, and a circle through
one breaks as soon as someone moves the import to the top.  `from package import name`
is an edge to the submodule `package.name` when that is a module, else to the package.
A submodule's implicit import of its parent package's __init__ is not an edge (every
package that re-exports its submodules would otherwise be a circle).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = "claimcheck"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE


def module_files(root: Path = ROOT) -> dict[str, Path]:
    """Dotted module name -> file, for every .py under the package."""
    modules = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def _absolute(module: str, is_package: bool, level: int, target: str | None) -> str:
    """The absolute name of a relative import (`from ..x import y` -> 'pkg.x')."""
    if level == 0:
        return target or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, target] if target else base)


def imports_of(module: str, path: Path, known: set[str]) -> set[str]:
    """The claimcheck modules `module` imports, anywhere in its file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.name
                while name and name not in known:  # `import a.b.c` of a package path
                    name = name.rpartition(".")[0]
                if name:
                    found.add(name)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, is_package, node.level, node.module)
            if base != PACKAGE and not base.startswith(PACKAGE + "."):
                continue
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in known else base)
    found.discard(module)
    return {name for name in found if name in known}


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    files = module_files(root)
    known = set(files)
    return {module: imports_of(module, path, known) for module, path in files.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle as [a, b, ..., a], or None (depth-first search, iterative)."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for start in sorted(graph):
        if start in state:
            continue
        path = [start]
        stack = [iter(sorted(graph[start]))]
        state[start] = 1
        while stack:
            step = next(stack[-1], None)
            if step is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(step) == 1:
                return [*path[path.index(step) :], step]
            elif step not in state:
                state[step] = 1
                path.append(step)
                stack.append(iter(sorted(graph.get(step, ()))))
    return None


def test_the_package_imports_form_no_cycle():
    graph = import_graph()
    assert len(graph) > 40 and "claimcheck.api" in graph  # the walk really saw the package
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or ())


def test_the_cycle_finder_reports_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_relative_and_function_level_imports_are_edges(tmp_path):
    package = tmp_path / PACKAGE
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("from . import leaf\n")
    (package / "sub" / "leaf.py").write_text("def f():\n    from ..top import x\n")
    (package / "top.py").write_text("from claimcheck.sub import leaf\n")
    graph = import_graph(package)
    assert graph["claimcheck.sub"] == {"claimcheck.sub.leaf"}
    assert graph["claimcheck.sub.leaf"] == {"claimcheck.top"}
    assert find_cycle(graph) == ["claimcheck.sub.leaf", "claimcheck.top", "claimcheck.sub.leaf"]


def test_every_package_is_listed_in_setup_cfg():
    """setup.cfg names its packages one by one: a new folder (cli/train, detector/...) must be added there."""
    import configparser

    parser = configparser.ConfigParser()
    parser.read(ROOT.parent / "setup.cfg", encoding="utf-8")
    listed = set(parser["options"]["packages"].split())
    packages = {".".join(path.parent.relative_to(ROOT.parent).parts) for path in ROOT.rglob("__init__.py")}
    assert packages - listed == set()
