"""Issue 14: after the 2025 merger the import matches rows against the city's territory in both trees:
a row without a district is a commune or ward of today (Xã Duy Nghĩa of 2025, not Huyện Duy Xuyên's
Xã Duy Nghĩa), a row with a district is a record of the old tree."""

from __future__ import annotations

import pytest

from products.importers import import_products
from products.models import Product

from .helpers import row, xlsx

pytestmark = pytest.mark.django_db


def test_rows_without_a_district_are_todays_wards_and_rows_with_one_the_old_tree(merged):
    report = import_products(
        xlsx(
            [
                row(
                    name="Nước mắm Duy Nghĩa",
                    producer="Cơ sở Bà Năm",
                    tax_code="4000999002",
                    commune="Xã Duy Nghĩa",
                    district=None,
                ),
                row(name="Bánh tráng Nam Phước", commune="Thị trấn Nam Phước", district="Huyện Duy Xuyên"),
            ]
        )
    )
    assert not report.errors, report.errors
    new = Product.objects.get(name="Nước mắm Duy Nghĩa")
    assert new.commune.code == "2025-20635" and new.commune.parent == merged
    assert Product.objects.get(name="Bánh tráng Nam Phước").commune.code == "20599"
