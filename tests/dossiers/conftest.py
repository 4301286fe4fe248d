"""Fixtures for dossier tests: a throw-away media root, a current 148 call, role users."""

import pytest
from django.utils import translation

from .helpers import make_call


@pytest.fixture(autouse=True)
def english(settings):
    """Messages are asserted in English whatever translations exist."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Every dossier test stores files in its own temporary MEDIA_ROOT."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


@pytest.fixture
def call(db):
    return make_call()


@pytest.fixture
def stored_files(media):
    def _list():
        return sorted(p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file())

    return _list
