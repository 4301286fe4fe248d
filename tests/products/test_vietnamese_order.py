"""Vietnamese alphabetical order on PostgreSQL (ICU collation ``vietnamese`` on the name columns):
the same order as the embedded default's Python key (tests/portal/test_embedded_sqlite.py)."""

from __future__ import annotations

import re

import pytest

from accounts.models import AdministrativeUnit
from ocop_portal.collation import sort_key
from producers.models import Producer
from products.models import Product
from products.views.public import province_districts
from tests.factories import ProducerFactory, ProductFactory
from tests.portal.test_embedded_sqlite import NAMES, VIETNAMESE_ORDER

from .test_export import read_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf():
    return [ProductFactory(name=name, producer=ProducerFactory(name=f"HTX {name}")) for name in NAMES]


def test_order_by_name_is_vietnamese(shelf):
    assert list(Product.objects.order_by("name").values_list("name", flat=True)) == VIETNAMESE_ORDER
    assert list(Product.objects.values_list("name", flat=True)) == VIETNAMESE_ORDER  # Meta.ordering
    producers = list(Producer.objects.filter(name__startswith="HTX ").values_list("name", flat=True))
    assert producers == [f"HTX {n}" for n in VIETNAMESE_ORDER]


def test_the_database_and_the_python_key_agree_on_unit_names():
    names = list(AdministrativeUnit.objects.order_by("name", "pk").values_list("name", flat=True))
    assert len(names) > 50
    assert names == sorted(names, key=sort_key)
    districts = [d.name for d in province_districts()]
    assert districts == sorted(districts, key=sort_key)
    assert districts.index("Huyện Đại Lộc") > districts.index("Huyện Duy Xuyên")


def test_staff_list_and_export_in_vietnamese_order(shelf, client_for):
    client = client_for("province")
    body = client.get("/products/", {"sort": "name", "per_page": 50}).content.decode()
    body = body[body.index("<tbody") :]  # the table, not the filters' selects
    shown = [n for n in re.findall(r'<a href="/products/\d+/">([^<]+)</a>', body) if n in NAMES]
    assert shown == VIETNAMESE_ORDER
    _, rows = read_csv(client.get("/products/", {"format": "csv", "sort": "name"}))
    exported = [r[0] for r in rows if r[0] in NAMES]
    assert exported == VIETNAMESE_ORDER


def test_public_catalogue_sorted_by_name(client):
    from tests.catalog import helpers as h

    for name in ("Đặc sản Đại Lộc", "Dưa hấu Duy Xuyên", "Ánh Dương trà", "Bưởi Đại Bình"):
        h.certified(name)
    body = client.get("/catalog/", {"sort": "name"}).content.decode()
    order = ["Ánh Dương trà", "Bưởi Đại Bình", "Dưa hấu Duy Xuyên", "Đặc sản Đại Lộc"]
    positions = [body.find(n) for n in order]
    assert -1 not in positions and positions == sorted(positions)
