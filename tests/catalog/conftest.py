import pytest
from django.conf import settings

from products import cache as public_cache


@pytest.fixture(autouse=True)
def fresh_public_cache(db):
    """Each test starts from a new cache version: nothing cached by an earlier (rolled back) test is read."""
    public_cache.bump()
    yield


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def canonical_site(settings):
    """The canonical address differs from the test client's host (testserver): every absolute address
    the public pages print must come from SITE_URL (ocop_portal/site.py)."""
    from .helpers import SITE

    settings.SITE_URL = SITE


@pytest.fixture(autouse=True)
def english_ui(settings):
    """Assertions read the English strings: the portal speaks Vietnamese by default."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def redis_cache():
    assert "redis" in settings.CACHES["default"]["BACKEND"].lower(), "caching tests need the real Redis"
