"""Fixtures for reminder tests: English UI, a throw-away media root, the e-mail settings."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english(settings):
    """UI messages are asserted in English; e-mails are Vietnamese whatever the UI language."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


@pytest.fixture(autouse=True)
def reminder_settings(settings):
    """The documented defaults, whatever the environment says."""
    settings.OCOP_REMINDER_LEAD_DAYS = [30, 14, 7, 1]
    settings.SITE_URL = "https://ocop.example.vn"
    settings.DEFAULT_FROM_EMAIL = "OCOP Quảng Nam <ocop@example.vn>"
