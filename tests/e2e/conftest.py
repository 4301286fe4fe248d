"""Shared set-up of the browser journeys (headless Debian Chromium through Playwright)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module", autouse=True)
def restore_reference_data(django_db_blocker):
    """A transactional test empties every table when it ends: put back what the session loaded
    (migration data and the unit tree) for the tests that come after."""
    yield
    with django_db_blocker.unblock():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            connection.creation.deserialize_db_from_string(contents)
        call_command("loaddata", "units_quang_nam_2023", "departments_quang_nam", verbosity=0)


@pytest.fixture(autouse=True)
def allow_orm_under_playwright(monkeypatch):
    """Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test are safe
    here. Set for these tests only (``manage.py check --deploy`` refuses the variable)."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def short_lived_connections():
    """The live server answers from threads: close their database connections after each request so
    that the test database can be dropped at the end of the session."""
    previous = connection.settings_dict.get("CONN_MAX_AGE")
    connection.settings_dict["CONN_MAX_AGE"] = 0
    yield
    connection.settings_dict["CONN_MAX_AGE"] = previous


@pytest.fixture(autouse=True)
def site_url_of_the_live_server(request, settings):
    """The live server is the portal's canonical address while a test uses it (SITE_URL: the QR codes,
    canonical links and og:image it prints lead back to it, as in production)."""
    if "live_server" in request.fixturenames:
        settings.SITE_URL = request.getfixturevalue("live_server").url


@pytest.fixture
def browser():
    """Request it after the fixtures that write to the database: while Playwright's event loop runs,
    Django would open a second, context-local connection that outlives the test."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


# Every browser journey: the e2e marker, a transactional database (the live server answers from its
# own threads), and Debian's Chromium (installed by scripts/system-deps.sh test).
E2E_MARKS = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="needs Debian's chromium (scripts/system-deps.sh test)"
    ),
]


def threaded_enqueue(
    monkeypatch, tasks_module, release: threading.Event | None = None
) -> list[threading.Thread]:
    """Make ``tasks_module.enqueue`` hand each job to a thread, as a Celery worker would run it, so a page
    really polls a running job; with ``release``, a thread starts its job only once the event is set.
    Returns the threads (join them when the test ends)."""
    from django.db import connections

    threads: list[threading.Thread] = []

    def enqueue(task, *args, **kwargs):
        def run():
            if release is not None:
                release.wait(60)
            try:
                task.run(*args, **kwargs)
            finally:
                connections.close_all()

        thread = threading.Thread(target=run, daemon=True)
        threads.append(thread)
        thread.start()
        return True

    monkeypatch.setattr(tasks_module, "enqueue", enqueue)
    return threads
