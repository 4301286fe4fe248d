"""Static import graph of the project's own modules, read with ``ast`` (nothing is imported).

Used by ``tests/test_layout.py``. Every import counts, also those inside functions; so do the
string lookups that stand in for an import: ``importlib.import_module("x.y")``,
``import_string("x.y.z")``, ``include("x.urls")``, ``apps.get_model("app", "Model")`` / ``get_model("app.Model")`` and
lazy model references in relation fields (``ForeignKey("app.Model")``).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Top-level folders that are not part of the application code.
NOT_PROJECT = {"tests", "bench", "scripts", "static", "templates", "locale", "data", "staticfiles", "docs"}
RELATION_FIELDS = {"ForeignKey", "OneToOneField", "ManyToManyField"}


@dataclass(frozen=True)
class Edge:
    """One reference from a module to a project module (``target``) or app (``app``)."""

    source: str
    target: str  # a module name ("plans.models") or, for model lookups, just the app label
    line: int
    kind: str  # "import", "lazy import" (in a function), "import_module", "include", "get_model", "relation"

    @property
    def app(self) -> str:
        return self.target.split(".")[0]

    def where(self) -> str:
        return f"{self.source}:{self.line} ({self.kind} of {self.target})"


@dataclass
class Module:
    name: str
    path: Path
    is_package: bool
    tree: ast.Module
    edges: list[Edge] = field(default_factory=list)

    @property
    def lines(self) -> int:
        return len(self.path.read_text(encoding="utf-8").splitlines())


def project_packages(root: Path = ROOT) -> list[str]:
    """Top-level Python packages of the project (apps and ``ocop_portal``)."""
    return sorted(
        p.name
        for p in root.iterdir()
        if p.is_dir()
        and (p / "__init__.py").exists()
        and p.name not in NOT_PROJECT
        and not p.name.startswith(".")
    )


def is_migration(name: str) -> bool:
    return ".migrations." in f".{name}." or name.endswith(".migrations")


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def discover(root: Path = ROOT, *, include_migrations: bool = False) -> dict[str, Module]:
    modules: dict[str, Module] = {}
    for package in project_packages(root):
        for path in sorted((root / package).rglob("*.py")):
            name = module_name(path, root)
            if not include_migrations and is_migration(name):
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            modules[name] = Module(name, path, path.name == "__init__.py", tree)
    for module in modules.values():
        module.edges = list(_edges(module, modules))
    return modules


def _package_of(module: Module) -> str:
    return module.name if module.is_package else module.name.rpartition(".")[0]


def _resolve_from(module: Module, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = _package_of(module).split(".")
    if node.level > 1:
        base = base[: -(node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _str_arg(call: ast.Call, index: int, keyword: str | None = None) -> str | None:
    if len(call.args) > index and isinstance(call.args[index], ast.Tuple) and call.args[index].elts:
        first = call.args[index].elts[0]  # include(("app.urls", "namespace"))
        return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None
    if len(call.args) > index and isinstance(call.args[index], ast.Constant):
        value = call.args[index].value
        return value if isinstance(value, str) else None
    for kw in call.keywords:
        if (
            keyword
            and kw.arg == keyword
            and isinstance(kw.value, ast.Constant)
            and isinstance(kw.value.value, str)
        ):
            return kw.value.value
    return None


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


class _Visitor(ast.NodeVisitor):
    def __init__(self, module: Module, known: dict[str, Module]):
        self.module, self.known, self.depth = module, known, 0
        self.found: list[tuple[str, int, str]] = []

    def _kind(self) -> str:
        return "lazy import" if self.depth else "import"

    def _add_module(self, target: str, line: int, kind: str) -> None:
        # The most specific project module named by ``target`` (``a.b.c`` may be a name in ``a.b``).
        while target and target not in self.known:
            target = target.rpartition(".")[0]
        if target:
            self.found.append((target, line, kind))

    def visit_FunctionDef(self, node):  # noqa: N802
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_AsyncFunctionDef = visit_FunctionDef  # noqa: N815

    def visit_Import(self, node):  # noqa: N802
        for alias in node.names:
            self._add_module(alias.name, node.lineno, self._kind())

    def visit_ImportFrom(self, node):  # noqa: N802
        base = _resolve_from(self.module, node)
        for alias in node.names:
            sub = f"{base}.{alias.name}"
            if alias.name != "*" and sub in self.known:
                self._add_module(sub, node.lineno, self._kind())  # `from pkg import submodule`
            else:
                self._add_module(base, node.lineno, self._kind())

    def visit_Call(self, node):  # noqa: N802
        name = _call_name(node)
        if name in ("import_module", "import_string", "include"):
            target = _str_arg(node, 0, "name")
            if target and not target.startswith("."):
                self._add_module(target, node.lineno, name)
        elif name == "get_model":
            app = _str_arg(node, 0, "app_label")
            if app and "." in app and len(node.args) == 1:
                app = app.split(".")[0]  # get_model("app.Model")
            if app:
                self.found.append((app, node.lineno, "get_model"))
        elif name in RELATION_FIELDS:
            target = _str_arg(node, 0, "to")
            if target and "." in target:
                self.found.append((target.split(".")[0], node.lineno, "relation"))
        self.generic_visit(node)


def _edges(module: Module, known: dict[str, Module]):
    visitor = _Visitor(module, known)
    visitor.visit(module.tree)
    for target, line, kind in visitor.found:
        if target != module.name:
            yield Edge(module.name, target, line, kind)


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm (iterative); returns the components of more than one node, and self-loops."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph.get(node, ()):
                    result.append(sorted(component))
    return result


def shortest_cycle(graph: dict[str, set[str]], component: list[str]) -> list[str]:
    """One shortest cycle through the component's first node, to show how the cycle closes."""
    members = set(component)
    start = component[0]
    parents: dict[str, str | None] = {start: None}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for child in sorted(graph.get(node, ())):
            if child not in members:
                continue
            if child == start:
                path = [node]
                while parents[path[-1]] is not None:
                    path.append(parents[path[-1]])
                return [*reversed(path), start]
            if child not in parents:
                parents[child] = node
                queue.append(child)
    return component
