"""The demo site serves and each demo login reaches its dashboard."""

from __future__ import annotations

import pytest

from tests.e2e.journeys.conftest import JOURNEY_MARKS

pytestmark = JOURNEY_MARKS


def test_public_home_is_vietnamese(visitor, demo_site):
    visitor.goto(f"{demo_site.url}/")
    assert visitor.locator("html").get_attribute("lang") == "vi"


@pytest.mark.parametrize(
    "username", ["demo_province", "demo_department", "demo_district", "demo_commune", "demo_council"]
)
def test_every_demo_role_signs_in(login, username):
    page = login(username)
    assert page.locator("body").inner_text()
