"""A product made in a pre-2025 commune shows today's unit and the unit it was certified in."""

from __future__ import annotations

import pytest
from django.utils import translation

from products import cache as public_cache

from . import helpers as h

pytestmark = pytest.mark.django_db


def test_public_and_staff_product_pages_show_todays_unit_and_the_former_one(merged, client, client_for):
    product = h.certified("Chiếu cói Duy Sơn", commune="20620")  # Xã Duy Sơn, Huyện Duy Xuyên (2023)
    public_cache.bump()
    with translation.override("vi"):
        public = client.get(product.get_public_url(), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    staff = client_for("province").get(f"/products/{product.pk}/").content.decode()
    expected_now = "Xã Duy Xuyên, Thành phố Đà Nẵng"
    expected_then = "Xã Duy Sơn, Huyện Duy Xuyên, Tỉnh Quảng Nam"
    for html in (public, staff):
        assert expected_now in html and expected_then in html
    assert "Đơn vị hiện nay" in public or "Current unit" in public
    assert product.commune.code == "20620"  # the record keeps the unit it was made in


def test_a_current_unit_shows_no_history_row(client_for):
    product = h.certified("Nước mắm thử", commune="20599")
    staff = client_for("province").get(f"/products/{product.pk}/").content.decode()
    assert "Current unit" not in staff and "Đơn vị hiện nay" not in staff
