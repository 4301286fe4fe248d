"""Open data: /api/products|sales-points|fairs.json and .csv."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.utils import timezone

from tradefairs import services as trade_services
from tradefairs.models import Fair, SalesPoint

from . import helpers as h

pytestmark = pytest.mark.django_db

PRODUCT_KEYS = [
    "name",
    "producer",
    "district",
    "commune",
    "commune_today",
    "group",
    "stars",
    "certificate_number",
    "issued_on",
    "valid_until",
    "url",
]


@pytest.fixture
def products():
    return {
        "coffee": h.certified("Cà phê rang mộc", stars=4, group_code="1.6"),
        "honey": h.certified("Mật ong rừng", stars=3, group_code="1.2"),
        "draft": h.draft("Ý tưởng sản phẩm"),
        "lapsed": h.lapsed("Sản phẩm quá hạn"),
        "expired": h.expired("Sản phẩm hết hạn"),
        "revoked": h.revoked("Sản phẩm bị thu hồi"),
    }


def csv_rows(response) -> list[list[str]]:
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_products_json_is_a_plain_list_of_certified_products(client, products):
    response = client.get("/api/products.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert isinstance(data, list)
    assert [row["name"] for row in data] == ["Cà phê rang mộc", "Mật ong rừng"]
    for row in data:
        assert list(row) == PRODUCT_KEYS
    coffee = products["coffee"]
    row = data[0]
    assert row == {
        "name": "Cà phê rang mộc",
        "producer": coffee.producer.name,
        "district": "Huyện Duy Xuyên",
        "commune": coffee.commune.name,
        "commune_today": coffee.commune.name,  # no merger recorded: the same commune
        "group": "Thực phẩm",
        "stars": 4,
        "certificate_number": coffee.certificate_number,
        "issued_on": coffee.certified_on.isoformat(),
        "valid_until": coffee.valid_until.isoformat(),
        "url": f"{h.SITE}/catalog/{coffee.slug}/",
    }
    datetime.date.fromisoformat(row["issued_on"])


def test_products_json_pages(client):
    for i in range(7):
        h.certified(f"Sản phẩm trang {i}")
    first = client.get("/api/products.json", {"page": 1, "page_size": 3}).json()
    assert list(first) == ["count", "next", "results"]
    assert first["count"] == 7
    assert len(first["results"]) == 3
    assert first["next"] == f"{h.SITE}/api/products.json?page=2&page_size=3"
    last = client.get("/api/products.json", {"page": 3, "page_size": 3}).json()
    assert len(last["results"]) == 1 and last["next"] is None
    beyond = client.get("/api/products.json", {"page": 9, "page_size": 3}).json()
    assert beyond == {"count": 7, "next": None, "results": []}
    names = [
        r["name"]
        for p in (1, 2, 3)
        for r in client.get("/api/products.json", {"page": p, "page_size": 3}).json()["results"]
    ]
    assert sorted(names) == sorted(f"Sản phẩm trang {i}" for i in range(7))


def test_page_size_is_capped_and_malformed_numbers_ignored(client, products):
    data = client.get("/api/products.json", {"page": "abc", "page_size": "10000"}).json()
    assert data["count"] == 2 and len(data["results"]) == 2  # page 1, page size capped at 500
    data = client.get("/api/products.json", {"page": "-1", "page_size": "-5"}).json()
    assert data["count"] == 2 and len(data["results"]) == 2
    from products.views.opendata import JSON_MAX_PAGE_SIZE

    for i in range(3):
        h.certified(f"Thêm {i}")
    data = client.get("/api/products.json", {"page": 1, "page_size": 2}).json()
    assert data["next"].endswith("page=2&page_size=2")
    assert JSON_MAX_PAGE_SIZE == 500


def test_products_csv_is_streamed_with_the_same_columns(client, products):
    response = client.get("/api/products.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="ocop-products.csv"' in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == PRODUCT_KEYS
    assert [r[0] for r in rows[1:]] == ["Cà phê rang mộc", "Mật ong rừng"]
    coffee = products["coffee"]
    assert rows[1][6] == "4"
    assert rows[1][7] == coffee.certificate_number
    assert rows[1][10] == f"{h.SITE}/catalog/{coffee.slug}/"


def test_sales_points_open_data(client, products):
    point = trade_services.create_sales_point(
        by=None,
        name="Trung tâm OCOP Duy Xuyên",
        kind=SalesPoint.Kind.DISTRICT_CENTRE,
        address="Quốc lộ 1A",
        district=h.unit("508"),
        commune=h.unit("20599"),
        opening_hours="7:00–17:00",
        products=[products["coffee"], products["draft"], products["revoked"]],
    )
    closed = trade_services.create_sales_point(
        by=None, name="Điểm đã đóng", address="Chợ", district=h.unit("506")
    )
    trade_services.close_sales_point(closed, by=None)
    data = client.get("/api/sales-points.json").json()
    assert [r["name"] for r in data] == ["Trung tâm OCOP Duy Xuyên"]
    row = data[0]
    assert row["type"] == "district_centre"
    assert row["district"] == "Huyện Duy Xuyên"
    assert row["products"] == ["Cà phê rang mộc"]  # only public products are listed
    assert row["url"] == f"{h.SITE}/sales-points/{point.pk}/"
    rows = csv_rows(client.get("/api/sales-points.csv"))
    assert rows[0] == list(row)
    assert rows[1][rows[0].index("products")] == "Cà phê rang mộc"
    paged = client.get("/api/sales-points.json", {"page": 1}).json()
    assert paged["count"] == 1 and paged["next"] is None


def test_fairs_open_data(client, products):
    today = timezone.localdate()
    past = Fair.objects.create(
        name="Hội chợ OCOP Tam Kỳ 2023",
        city="Tam Kỳ",
        start_date=datetime.date(2023, 5, 1),
        end_date=datetime.date(2023, 5, 4),
        scope=Fair.Scope.IN_PROVINCE,
    )
    trade_services.record_results(past, by=None, visitors=12000, contracts_signed=4, sales_vnd=350_000_000)
    Fair.objects.create(
        name="Hội chợ OCOP Hà Nội",
        city="Hà Nội",
        start_date=today + datetime.timedelta(days=5),
        end_date=today + datetime.timedelta(days=8),
        scope=Fair.Scope.OUT_OF_PROVINCE,
    )
    data = client.get("/api/fairs.json").json()
    assert [r["name"] for r in data] == ["Hội chợ OCOP Hà Nội", "Hội chợ OCOP Tam Kỳ 2023"]
    tam_ky = data[1]
    assert tam_ky["start_date"] == "2023-05-01" and tam_ky["end_date"] == "2023-05-04"
    assert (
        tam_ky["sales_vnd"] == 350_000_000 and tam_ky["visitors"] == 12000 and tam_ky["contracts_signed"] == 4
    )
    assert tam_ky["scope"] == "in_province"
    assert data[0]["sales_vnd"] is None
    rows = csv_rows(client.get("/api/fairs.csv"))
    assert rows[0] == list(tam_ky)
    assert rows[2][rows[0].index("sales_vnd")] == "350000000"
    assert rows[1][rows[0].index("sales_vnd")] == ""
