"""The import graph behind tests/test_layout.py reads imports the way Python runs them."""

from __future__ import annotations

import textwrap

from tests.importgraph import discover, shortest_cycle, strongly_connected


def _tree(tmp_path, files: dict[str, str]):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return discover(tmp_path)


def _targets(modules, name):
    return {(e.target, e.kind) for e in modules[name].edges}


def test_relative_submodule_lazy_and_string_imports(tmp_path):
    modules = _tree(
        tmp_path,
        {
            "app/__init__.py": '"""App."""\nfrom .models import Thing\n',
            "app/models.py": "",
            "app/views/__init__.py": "",
            "app/views/staff.py": """
                from .. import models
                from . import public
                from ..models import Thing
                def view():
                    from other.services import run
                    import importlib
                    importlib.import_module("other.tasks")
                    apps.get_model("other", "Row")
                    get_model("third.Row")
                    ForeignKey("third.Row", on_delete=None)
            """,
            "app/views/public.py": "from app.views import staff\n",
            "other/__init__.py": "",
            "other/services.py": "",
            "other/tasks.py": "",
            "app/migrations/0001_initial.py": "from other import services\n",
        },
    )
    assert _targets(modules, "app") == {("app.models", "import")}
    assert _targets(modules, "app.views.staff") == {
        ("app.models", "import"),  # `from .. import models` names the submodule; so does `from ..models`
        ("app.views.public", "import"),
        ("other.services", "lazy import"),
        ("other.tasks", "import_module"),
        ("other", "get_model"),
        ("third", "get_model"),
        ("third", "relation"),
    }
    assert _targets(modules, "app.views.public") == {("app.views.staff", "import")}
    assert "app.migrations.0001_initial" not in modules


def test_cycles_are_found_and_a_package_re_exporting_is_not_one(tmp_path):
    modules = _tree(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models/__init__.py": "from .a import A\nfrom .b import B\n",
            "app/models/a.py": "from app.models.b import B\n",  # not through the package: no cycle
            "app/models/b.py": "",
            "app/tasks.py": "from app import jobs\n",
            "app/jobs.py": "def run():\n    from app.tasks import x\n",
        },
    )
    graph = {name: {e.target for e in m.edges} for name, m in modules.items()}
    components = strongly_connected(graph)
    assert components == [["app.jobs", "app.tasks"]]
    assert shortest_cycle(graph, components[0]) == ["app.jobs", "app.tasks", "app.jobs"]
