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
def english_ui(settings):
    """Assertions read the English strings: the portal speaks Vietnamese by default."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def redis_cache():
    assert "redis" in settings.CACHES["default"]["BACKEND"].lower(), "caching tests need the real Redis"
