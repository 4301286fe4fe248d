"""The house layout (issue 12, ARCHITECTURE.md), checked statically: no database, nothing imported.

- apps import only from apps below them; ``ocop_portal`` library modules import no app;
- no import cycles between modules (imports inside functions count);
- no module over 600 lines, no suffix-named module standing in for a package;
- every app says in its ``__init__`` docstring what it owns;
- every template lives under ``templates/<app>/`` (or is one of the listed shared ones).

Migrations are exempt everywhere; tests and bench are not project modules.
"""

from __future__ import annotations

import ast
import re

import pytest
from django.apps import apps as django_apps

from tests.importgraph import ROOT, discover, project_packages, shortest_cycle, strongly_connected

# --- Layering -------------------------------------------------------------------------------
# Each app may use the apps listed here and, transitively, everything below those.
# accounts <- producers <- products <- dossiers <- evaluation <- certificates is the chain.
# "plans, tradefairs, notifications beside/above them": in the code, plans reads tradefairs (targets
# count sales points and fair participations, plans/targets.py) and tradefairs never reads plans;
# notifications reads plans and evaluation and nothing reads notifications. So the DAG is
#   certificates <- tradefairs <- plans <- notifications
# (tradefairs sits above certificates: it may show a product's certificate, never the other way).
DEPENDS_ON: dict[str, set[str]] = {
    "accounts": set(),
    "producers": {"accounts"},
    "products": {"producers"},
    "dossiers": {"products"},
    "evaluation": {"dossiers"},
    "certificates": {"evaluation"},
    "tradefairs": {"certificates"},
    "plans": {"certificates", "tradefairs"},
    "notifications": {"plans", "tradefairs"},
}
GLUE = "ocop_portal"
# ocop_portal modules that wire the apps together and so may reference any app.
GLUE_MODULES = {"ocop_portal.urls", "ocop_portal.settings", "ocop_portal.celery"}
# Other ocop_portal modules that may use an app, with the reason. Everything else there is library code.
GLUE_EXCEPTIONS: dict[str, dict[str, str]] = {
    "ocop_portal.views": {
        "products": "the home page shows the public catalogue's cached sections",
        "accounts": "the 500 page names the unit served today without the request's context processors",
    },
}


def _closure(app: str) -> set[str]:
    seen: set[str] = set()
    todo = list(DEPENDS_ON[app])
    while todo:
        dep = todo.pop()
        if dep not in seen:
            seen.add(dep)
            todo.extend(DEPENDS_ON.get(dep, ()))
    return seen


ALLOWED = {app: _closure(app) for app in DEPENDS_ON}
MODULES = discover()
APPS = [p for p in project_packages() if (ROOT / p / "apps.py").exists()]


def test_every_app_has_a_layer():
    assert set(APPS) == set(DEPENDS_ON), (
        f"apps without a layer in DEPENDS_ON: {sorted(set(APPS) - set(DEPENDS_ON))}; "
        f"layered apps missing from the repository: {sorted(set(DEPENDS_ON) - set(APPS))} "
        "(issue 12: one app per noun: dossiers/, evaluation/, certificates/)"
    )


def test_layering_between_apps():
    offenders = []
    for module in MODULES.values():
        app = module.name.split(".")[0]
        if app == GLUE or app not in ALLOWED:
            continue
        for edge in module.edges:
            if edge.app in (app, GLUE) or edge.app in ALLOWED[app]:
                continue
            if edge.app in ALLOWED:  # a project app that is not below this one
                offenders.append(f"{edge.where()}: {app} may not use {edge.app}")
    assert not offenders, (
        "An app may use only apps below it (tests/test_layout.py DEPENDS_ON). Move the code to the "
        "higher app, or let the higher app register itself with the lower one (a hook/registry):\n  "
        + "\n  ".join(sorted(offenders))
    )


def test_ocop_portal_library_imports_no_app():
    offenders = []
    for module in MODULES.values():
        if module.name.split(".")[0] != GLUE or module.name in GLUE_MODULES:
            continue
        allowed = GLUE_EXCEPTIONS.get(module.name, {})
        for edge in module.edges:
            if edge.app in ALLOWED and edge.app not in allowed:
                offenders.append(edge.where())
    assert not offenders, (
        "ocop_portal library modules (workflow, text, search, pdf, queue, ...) must not use an app; "
        "only urls/settings/celery are glue (or list an exception in GLUE_EXCEPTIONS with its reason):\n  "
        + "\n  ".join(sorted(offenders))
    )


def test_glue_exceptions_are_still_needed():
    stale = []
    for name, allowed in GLUE_EXCEPTIONS.items():
        used = {e.app for e in MODULES[name].edges} if name in MODULES else set()
        stale += [f"{name} -> {app}" for app in allowed if app not in used]
    assert not stale, f"GLUE_EXCEPTIONS lists references that no longer exist; remove them: {stale}"


# --- Import cycles ----------------------------------------------------------------------------
IMPORT_KINDS = {"import", "lazy import", "import_module", "import_string", "include"}


def test_no_import_cycles():
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    lines: dict[tuple[str, str], str] = {}
    for module in MODULES.values():
        for edge in module.edges:
            if edge.kind in IMPORT_KINDS and edge.target in MODULES:
                graph[module.name].add(edge.target)
                lines.setdefault((edge.source, edge.target), f"{edge.source}:{edge.line} ({edge.kind})")
    reports = []
    for component in strongly_connected(graph):
        cycle = shortest_cycle(graph, component)
        steps = " -> ".join(cycle)
        how = "; ".join(lines[(a, b)] for a, b in zip(cycle, cycle[1:], strict=False))
        reports.append(f"{len(component)} modules {component}\n    e.g. {steps}\n    via {how}")
    assert not reports, (
        f"{len(reports)} import cycle(s) between project modules (function-level imports count; a "
        "package __init__ re-exporting its submodules is fine, a submodule importing its own package "
        "back is not). Move the shared code down into a module both can import:\n  " + "\n  ".join(reports)
    )


# --- Module size and names --------------------------------------------------------------------
MAX_LINES = 600
SUFFIX_NAMES = re.compile(
    r"^(views|urls|forms|tables|filters|policies|models|tasks|admin)_\w+$|^\w+_(services|workflows)$"
)


def _is_demo(name: str) -> bool:
    parts = name.split(".")
    return parts[-1] == "demo" or parts[-1].startswith("demo_") or "demo" in parts[:-1]


def test_no_module_over_600_lines():
    offenders = sorted(
        ((m.lines, m.name) for m in MODULES.values() if not _is_demo(m.name) and m.lines > MAX_LINES),
        reverse=True,
    )
    assert not offenders, f"modules over {MAX_LINES} lines (split them into a package):\n  " + "\n  ".join(
        f"{MODULES[name].path.relative_to(ROOT)}: {count}" for count, name in offenders
    )


def test_no_suffix_named_modules():
    offenders = sorted(
        str(m.path.relative_to(ROOT))
        for m in MODULES.values()
        if not m.is_package and SUFFIX_NAMES.match(m.name.rpartition(".")[2])
    )
    assert not offenders, (
        "packages, not suffixes: views_catalog.py -> views/catalog.py, round_services.py -> "
        "services/rounds.py (or the app that owns the noun):\n  " + "\n  ".join(offenders)
    )


def test_every_app_package_says_what_it_owns():
    missing = [
        f"{app}/__init__.py"
        for app in [*APPS, GLUE]
        if not (ast.get_docstring(MODULES[app].tree) or "").strip()
    ]
    assert not missing, f"give each app package a one/two-line docstring saying what it owns: {missing}"


# Django plumbing packages keep their empty __init__ by convention.
PLUMBING_PACKAGES = {"management", "commands", "templatetags", "formats", "en", "vi"}


def test_every_sub_package_says_what_it_holds():
    missing = [
        str(m.path.relative_to(ROOT))
        for m in MODULES.values()
        if m.is_package
        and "." in m.name
        and not set(m.name.split(".")[1:]) & PLUMBING_PACKAGES
        and not (ast.get_docstring(m.tree) or "").strip()
    ]
    assert not missing, f"give each package (views/, models/, services/...) a one-line docstring: {missing}"


# --- Templates --------------------------------------------------------------------------------
# Shared templates at the top of templates/: the site shell, error pages, the home page, shared
# includes, generic page shells (pages/: a titled table, a titled form) and Django's auth views
# (registration/). The public catalogue's templates are products' (templates/products/catalog/).
SHARED_TEMPLATES = {"base.html", "403.html", "404.html", "500.html", "home.html"}
SHARED_TEMPLATE_DIRS = {"includes", "pages", "registration", "django"}  # django/: overrides of its widgets


def _labels() -> set[str]:
    return {config.label for config in django_apps.get_app_configs()}


def test_templates_live_under_their_app():
    labels = _labels()
    offenders = []
    top = ROOT / "templates"
    foreign: dict[str, int] = {}  # templates/<folder>/ that is neither an app nor shared -> files
    for path in sorted(top.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(top)
        head = rel.parts[0]
        if len(rel.parts) == 1 and head not in SHARED_TEMPLATES:
            offenders.append(
                f"templates/{rel}: not a listed shared template (move it under templates/<app>/)"
            )
        elif len(rel.parts) > 1 and head not in labels and head not in SHARED_TEMPLATE_DIRS:
            foreign[head] = foreign.get(head, 0) + 1
    offenders += [
        f"templates/{head}/ ({count} files): {head} is neither an installed app nor a listed shared folder"
        for head, count in sorted(foreign.items())
    ]
    for package in project_packages():
        for path in sorted((ROOT / package / "templates").rglob("*")) if (ROOT / package).is_dir() else []:
            rel = path.relative_to(ROOT / package / "templates")
            if path.is_file() and rel.parts[0] != package:
                offenders.append(
                    f"{package}/templates/{rel}: app templates go under {package}/templates/{package}/"
                )
    assert not offenders, "templates live under templates/<app>/:\n  " + "\n  ".join(offenders)


@pytest.mark.parametrize("name", sorted(SHARED_TEMPLATES | SHARED_TEMPLATE_DIRS))
def test_listed_shared_templates_exist(name):
    assert (ROOT / "templates" / name).exists(), (
        f"templates/{name} is listed as shared but is gone: update the list"
    )


def test_apps_render_their_own_templates():
    # "Templates under templates/<app>/": a view of app X renders templates/X/..., not another app's.
    offenders = []
    for module in MODULES.values():
        app = module.name.split(".")[0]
        if app not in DEPENDS_ON:
            continue
        for node in ast.walk(module.tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value.endswith(".html")
            ):
                head = node.value.split("/")[0]
                if head in DEPENDS_ON and head != app:
                    offenders.append((module.name, node.lineno, node.value))
    assert not offenders, (
        "an app renders templates from its own folder (move the template to templates/<app>/):\n  "
        + "\n  ".join(f"{name}:{line} renders {template!r}" for name, line, template in sorted(offenders))
    )
