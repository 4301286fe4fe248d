"""Every URL of the portal, requested as every role, answers with the expected status.

A URL pattern without a row fails the suite: a new view must declare who may open it.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

import tests
from tests import authz_rows
from tests.conftest import ROLES
from tests.portal.vietnamese import leaks


def _collect_names(resolver=None, prefix="") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _collect_names(entry, ns)
        elif isinstance(entry, URLPattern):
            if entry.name:
                names.add(f"{prefix}{entry.name}")
            else:
                names.add(f"{prefix}<unnamed {entry.pattern}>")
    return names


def _app_modules():
    """Every ``tests/<folder>/authz*.py`` module, in a stable order."""
    for info in sorted(pkgutil.iter_modules(tests.__path__), key=lambda i: i.name):
        if not info.ispkg:
            continue
        package = importlib.import_module(f"tests.{info.name}")
        for sub in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
            if sub.name.startswith("authz"):
                yield importlib.import_module(f"tests.{info.name}.{sub.name}")


def all_rows() -> dict:
    rows = dict(authz_rows.ROWS)
    for module in _app_modules():
        overlap = set(rows) & set(module.ROWS)
        assert not overlap, f"rows declared twice: {overlap}"
        rows.update(module.ROWS)
    return rows


ROWS = all_rows()


def test_every_url_has_a_row():
    names = {n for n in _collect_names() if not n.startswith(authz_rows.EXCLUDED_PREFIXES)}
    missing = sorted(names - set(ROWS))
    assert not missing, f"URL names without an authorization-matrix row: {missing}"
    stale = sorted(set(ROWS) - names)
    assert not stale, f"matrix rows for URLs that no longer exist: {stale}"


def _is_page(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
    )


@pytest.fixture
def world(db, users, units):
    world = {"users": users, "units": units}
    for module in _app_modules():
        build = getattr(module, "build", None)
        if build:
            build(world)
    return world


@pytest.mark.parametrize("name", sorted(ROWS))
def test_matrix(name, world, client_for):
    row = ROWS[name]
    url = row["url"](world) if callable(row["url"]) else row["url"]
    method = row.get("method", "get")
    failures = []
    for role in ROLES:
        expected = row.get("expect", {}).get(role, row.get("default"))
        client = client_for(role)
        data = row.get("data", {})
        data = data(world) if callable(data) else data
        response = getattr(client, method)(url, data)
        if response.status_code != expected:
            failures.append(f"{role}: {method.upper()} {url} → {response.status_code}, expected {expected}")
        elif method == "get" and _is_page(response):
            # Issue 17: nothing English or Django-generic on a page a role may open (tests/portal/vietnamese.py).
            failures += [f"{role}: {url} shows {leak}" for leak in leaks(response.content.decode())]
    assert not failures, "\n".join(failures)


def test_admin_is_for_staff_only(client_for):
    assert client_for("anonymous").get("/admin/").status_code == 302
    assert client_for("district").get("/admin/").status_code == 302
    assert client_for("province").get("/admin/").status_code == 200
    assert client_for("admin").get("/admin/").status_code == 200
