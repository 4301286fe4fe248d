"""Helpers for tests that run other processes against the test database (committed data:
``transactional_db``): environment, e-mail files, and putting the reference data back."""

from __future__ import annotations

import email
import email.policy
import os
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
SEPARATOR = b"\n" + b"-" * 79 + b"\n"


def python() -> str:
    return sys.executable


def env(email_dir: Path, **extra) -> dict[str, str]:
    """The environment of a subprocess that uses the test database of this session."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    values = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "test-only-not-secret"),
        "OCOP_TEST_EMAIL_DIR": str(email_dir),
        "PYTHONPATH": str(ROOT),
        "PYTHONUNBUFFERED": "1",
    }
    values.update({k: str(v) for k, v in extra.items()})
    return values


def emails(email_dir: Path) -> list[email.message.EmailMessage]:
    """Every message written by the file backend into ``email_dir`` (any process)."""
    out = []
    for path in sorted(Path(email_dir).glob("*")):
        for chunk in path.read_bytes().split(SEPARATOR):
            if chunk.strip():
                out.append(email.message_from_bytes(chunk.lstrip(b"\n"), policy=email.policy.default))
    return out


def load_reference_data():
    call_command("loaddata", "units_quang_nam_2023", "departments_quang_nam", verbosity=0)


@pytest.fixture(scope="module")
def restore_reference_data(django_db_blocker):
    """A transactional test empties every table when it ends: put back what the session loaded
    (migration data and the unit tree) for the tests that come after."""
    yield
    with django_db_blocker.unblock():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            connection.creation.deserialize_db_from_string(contents)
        load_reference_data()


@pytest.fixture
def committed_reference_data(transactional_db):
    """The unit tree inside a transactional test (the flush of an earlier one removed it)."""
    load_reference_data()
