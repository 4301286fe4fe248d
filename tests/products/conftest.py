import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english(settings):
    """These tests assert the English source messages, whatever translations the lead adds."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def eager_jobs(settings, django_capture_on_commit_callbacks):
    """Background jobs run in-process (as in ``make run``), once the request's transaction commits:
    ``with eager_jobs(): client.post(...)``."""
    from ocop_portal.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    old = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield lambda: django_capture_on_commit_callbacks(execute=True)
    finally:
        app.conf.task_always_eager = old
