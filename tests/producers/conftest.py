import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english(settings):
    """These tests assert the English source messages, whatever translations the lead adds."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
