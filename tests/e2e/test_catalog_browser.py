"""Browser journey (headless Debian Chromium): a visitor searches the catalogue without accents and
opens a product page that says where to buy it."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.e2e.conftest import E2E_MARKS

pytestmark = E2E_MARKS


@pytest.fixture
def catalogue(django_db_blocker):
    call_command("loaddata", "units_quang_nam_2023", "departments_quang_nam", verbosity=0)
    from tests.catalog import helpers as h
    from tradefairs import services

    coffee = h.certified(
        "Cà phê rang mộc Tiên Phước", stars=4, story="Cà phê rang mộc từ hạt trồng trên vùng đồi."
    )
    h.photo(coffee, caption="Gói cà phê rang mộc")
    h.certified("Mật ong rừng Trà My", stars=3)
    h.expired("Cà phê bột hết hạn")
    services.create_sales_point(
        by=None,
        name="Trung tâm OCOP huyện Duy Xuyên",
        kind="district_centre",
        address="Quốc lộ 1A, thị trấn Nam Phước",
        district=h.unit("508"),
        opening_hours="7:00–17:00",
        products=[coffee],
    )
    return coffee


def english_page(browser, live_server, **options):
    """A page whose visitor picked English in the language menu (the portal defaults to Vietnamese)."""
    context = browser.new_context(locale="en-GB", **options)
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    return context.new_page()


def test_search_without_accents_and_open_the_product(live_server, catalogue, browser):
    page = english_page(browser, live_server)
    page.goto(f"{live_server.url}/catalog/")
    assert "OCOP product catalogue" in page.title()

    search = page.get_by_role("searchbox", name="Search", exact=True)
    search.fill("ca phe")
    search.press("Enter")
    page.wait_for_url(re.compile(r".*/catalog/\?q=ca\+phe.*"))

    results = page.locator("#catalog-results")
    assert results.get_by_role("link", name="Cà phê rang mộc Tiên Phước").is_visible()
    assert results.get_by_text("Mật ong rừng Trà My").count() == 0
    assert results.get_by_text("Cà phê bột hết hạn").count() == 0  # expired: gone
    assert (
        page.locator("#catalog-results img[alt='Gói cà phê rang mộc']").evaluate("img => img.naturalWidth")
        > 0
    )

    results.get_by_role("link", name="Cà phê rang mộc Tiên Phước").click()
    page.wait_for_url(f"{live_server.url}{catalogue.get_public_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == "Cà phê rang mộc Tiên Phước"
    assert page.locator(".stars [aria-hidden=true]").first.inner_text() == "★★★★"
    assert page.locator(".stars .visually-hidden").first.text_content().startswith("4 ")  # read aloud
    assert page.get_by_text(catalogue.certificate_number).is_visible()
    where = page.locator("section[aria-labelledby='where-to-buy']")
    assert where.get_by_role("link", name="Trung tâm OCOP huyện Duy Xuyên").is_visible()
    og_image = page.locator("meta[property='og:image']").get_attribute("content")
    assert og_image.startswith(live_server.url) and "/catalog/images/" in og_image


def test_catalogue_fits_a_phone_screen(live_server, catalogue, browser):
    page = english_page(browser, live_server, viewport={"width": 375, "height": 740})
    for path in ("/catalog/", catalogue.get_public_url(), "/"):
        page.goto(f"{live_server.url}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways on a phone ({overflow}px)"
