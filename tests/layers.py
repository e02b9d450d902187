"""The floors of hall/ (docs/architecture.md) and a checker that reads the imports of a source tree.

A floor imports only from the floors below it; packages marked independent on one floor never
import each other; rules/ and imports/ stay pure; no file imports itself round a circle. Imports
inside functions count too: a late import is still an arrow.
"""

import ast
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Floor:
    packages: tuple[str, ...]
    independent: bool = True  # False: the packages on this floor may import each other


# Top to bottom. "hall" alone is the app factory, hall/__init__.py.
FLOORS = (
    Floor(("hall",)),
    Floor(("hall.admin", "hall.deputy", "hall.screen", "hall.chair", "hall.public", "hall.office")),
    Floor(("hall.web",)),
    Floor(("hall.live", "hall.tasks")),
    Floor(("hall.reports", "hall.new_meeting")),
    Floor(("hall.demo",)),
    Floor(("hall.supervision",)),
    Floor(("hall.projects", "hall.roster")),
    Floor(("hall.proposals",)),
    Floor(("hall.voting",)),
    Floor(("hall.ballots",)),
    Floor(("hall.meeting", "hall.accounts", "hall.upkeep")),
    Floor(("hall.migrations",)),
    Floor(("hall.store",)),
    Floor(("hall.base", "hall.rules", "hall.imports")),
)
PURE = ("hall.rules", "hall.imports")
IMPURE = ("flask", "flask_socketio", "flask_wtf", "flask_compress", "werkzeug", "sqlalchemy")


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def read_imports(root: Path, package: str = "hall") -> dict[str, set[str]]:
    """Every module of `package` under `root` (migration revisions aside) and what it imports."""
    modules = {}
    for path in sorted((root / package).rglob("*.py")):
        if "versions" in path.parts:
            continue
        modules[module_name(path, root)] = (path, ast.parse(path.read_text(encoding="utf-8")))
    graph = {}
    for name, (path, tree) in modules.items():
        graph[name] = set()
        here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                graph[name].update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here[: len(here) - node.level + 1]
                    source = ".".join(base + ([node.module] if node.module else []))
                else:
                    source = node.module or ""
                for alias in node.names:
                    inner = f"{source}.{alias.name}"
                    graph[name].add(inner if inner in modules else source)
    return graph


def floor_of(module: str) -> tuple[int, str] | None:
    """The floor index and the package a hall module belongs to (None: on no floor)."""
    best = None
    for index, floor in enumerate(FLOORS):
        for package in floor.packages:
            if package == "hall" and module != "hall":
                continue
            inside = module == package or module.startswith(package + ".")
            if inside and (best is None or len(package) > len(best[1])):
                best = (index, package)
    return best


def problems(root: Path, package: str = "hall") -> list[str]:
    """Everything in the tree under `root` that breaks the floors, one line each."""
    graph = read_imports(root, package)
    found = []
    for module, imported in sorted(graph.items()):
        place = floor_of(module)
        if place is None:
            found.append(f"{module} is on no floor")
            continue
        for target in sorted(imported):
            top = target.split(".")[0]
            if place[1] in PURE and (
                top in IMPURE or (top == package and not target.startswith(place[1]))
            ):
                found.append(f"{module} imports {target}: {place[1]} stays pure")
            if top != package:
                continue
            there = floor_of(target)
            if there is None:
                continue
            if there[0] < place[0]:
                found.append(f"{module} imports {target}, a floor above it")
            elif there[0] == place[0] and there[1] != place[1] and FLOORS[place[0]].independent:
                found.append(
                    f"{module} imports {target}: {place[1]} and {there[1]} are independent"
                )
    found.extend(f"import circle: {' -> '.join(circle)}" for circle in circles(graph))
    return found


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in graph or target == node:
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups
