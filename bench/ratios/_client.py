"""Helpers shared by the search and scale topics: logged-in test clients, checked GETs, the public
page cache emptied before a request, and switching the default connection between the bench's
databases."""

from __future__ import annotations

import contextlib

from django.conf import settings
from django.db import connection
from django.test import Client


def client(username: str | None = None) -> Client:
    from accounts.models import User

    c = Client()
    if username:
        c.force_login(User.objects.get(username=username))
    return c


def getter(c: Client, url: str):
    """A callable that GETs ``url`` and fails loudly on anything but a 200."""

    def get():
        response = c.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url}: HTTP {response.status_code}")
        return response

    return get


def uncached() -> None:
    """Invalidate everything the public pages cache (the portal's own invalidation: a version bump):
    the rendered pages and the data behind them (the public summary)."""
    from products import cache

    cache.bump()


@contextlib.contextmanager
def page_cache_bypassed():
    """The catalogue's rendered-page cache bypassed: every request builds its page (queries and
    rendering); the data caches behind it (the public summary, invalidated on any change) stay as
    in production."""
    from products.views import catalog

    original = catalog.cached_page
    catalog.cached_page = lambda request, parts, build: build()
    try:
        yield
    finally:
        catalog.cached_page = original


def use_database(name: str) -> None:
    """Point the default connection at database ``name`` and connect (call it untimed)."""
    if connection.settings_dict["NAME"] != name:
        connection.close()
        connection.settings_dict["NAME"] = name
        settings.DATABASES["default"]["NAME"] = name
    connection.ensure_connection()


def database_name(url: str) -> str:
    return url.rsplit("/", 1)[-1].split("?", 1)[0]
