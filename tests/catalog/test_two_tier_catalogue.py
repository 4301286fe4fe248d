"""Issue 14: the public catalogue after the 2025 merger shows a product under the commune it was
certified in and under today's commune or ward, and finds it from either tree."""

from __future__ import annotations

import pytest

from tests.catalog import helpers as h

pytestmark = pytest.mark.django_db


def test_card_shows_the_unit_certified_in_and_todays_and_both_filters_find_it(merged, client):
    old = h.certified("Trà Duy Sơn", commune="20620")  # Xã Duy Sơn, Huyện Duy Xuyên
    new = h.certified("Bánh tráng Duy Xuyên", commune="2025-20623")  # Xã Duy Xuyên, 2025
    other = h.certified("Nước mắm Nam Phước", commune="20599")  # now Xã Nam Phước
    body = client.get("/catalog/").content.decode()
    assert "Xã Duy Sơn, Huyện Duy Xuyên (before 7/2025)<br>today: Xã Duy Xuyên" in body
    assert "Xã Duy Xuyên</p>" in body  # the 2025 product: its ward, no district
    assert '<optgroup label="Communes and wards today">' in body and "Huyện Duy Xuyên (before 7/2025)" in body
    by_ward = client.get("/catalog/", {"district": "2025-20623"}).content.decode()
    assert old.name in by_ward and new.name in by_ward and other.name not in by_ward
    by_district = client.get("/catalog/", {"district": "508"}).content.decode()
    assert old.name in by_district and other.name in by_district and new.name not in by_district
