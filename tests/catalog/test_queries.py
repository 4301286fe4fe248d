"""Catalogue list and product page: the same number of queries whatever the number of rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from products import cache as public_cache
from tradefairs import services as trade_services
from tradefairs.models import Fair

from . import helpers as h

pytestmark = pytest.mark.django_db

LIST_BUDGET = 6
DETAIL_BUDGET = 10


def count(client, url) -> int:
    public_cache.bump()  # a cache miss: measure the real work
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def populate(n: int, maker, point, fair):
    for i in range(n):
        product = h.certified(f"Sản phẩm đo {maker.pk}-{i}", maker=maker, stars=3 + i % 2)
        h.photo(product)
        product.listings.create(platform="shopee", url=f"https://shopee.vn/{product.slug}")
        point.products.add(product)


@pytest.mark.parametrize(
    "url", ["/catalog/", "/catalog/?q=san+pham", "/catalog/?stars=3&district=508&sort=name"]
)
def test_catalogue_list_query_count_is_constant(client, url, django_assert_max_num_queries):
    maker = h.producer("HTX Đo đếm")
    point = trade_services.create_sales_point(by=None, name="Điểm bán", address="Chợ", district=h.unit("508"))
    populate(2, maker, point, None)
    count(client, url)  # warm-up: per-process caches (the portal's name, accounts.branding)
    few = count(client, url)
    populate(20, maker, point, None)
    many = count(client, url)
    assert few == many
    public_cache.bump()
    with django_assert_max_num_queries(LIST_BUDGET):
        client.get(url)


def test_product_page_query_count_is_constant(client, django_assert_max_num_queries):
    maker = h.producer("HTX Đo đếm chi tiết")
    product = h.certified("Sản phẩm chính", maker=maker, stars=4)
    import datetime

    fair = Fair.objects.create(
        name="Hội chợ",
        city="Tam Kỳ",
        start_date=datetime.date(2030, 1, 1),
        end_date=datetime.date(2030, 1, 3),
    )
    h.photo(product)
    h.certified("Sản phẩm khác", maker=maker)  # "more from this producer" is never empty
    product.listings.create(platform="tiki", url="https://tiki.vn/x")
    trade_services.create_sales_point(
        by=None, name="Điểm", address="Chợ", district=h.unit("508"), products=[product]
    )
    trade_services.register_participation(fair, maker, products=[product], by=None)
    # warm-up: per-process caches (the portal's name, accounts.branding)
    count(client, product.get_public_url())
    few = count(client, product.get_public_url())
    for i in range(6):
        h.photo(product)
        product.listings.create(platform="other", url=f"https://example.vn/{i}")
        point = trade_services.create_sales_point(
            by=None, name=f"Điểm {i}", address="Chợ", district=h.unit("508"), products=[product]
        )
        assert point.products.count() == 1
        other = Fair.objects.create(
            name=f"Hội chợ {i}",
            city="Hội An",
            start_date=datetime.date(2030, 2, 1 + i),
            end_date=datetime.date(2030, 2, 2 + i),
        )
        trade_services.register_participation(other, maker, products=[product], by=None)
        h.certified(f"Sản phẩm khác {i}", maker=maker)
    many = count(client, product.get_public_url())
    assert few == many
    public_cache.bump()
    with django_assert_max_num_queries(DETAIL_BUDGET):
        client.get(product.get_public_url())


def test_open_data_query_count_is_constant(client):
    maker = h.producer("HTX Dữ liệu mở")
    point = trade_services.create_sales_point(by=None, name="Điểm", address="Chợ", district=h.unit("508"))
    populate(2, maker, point, None)
    urls = ["/api/products.json", "/api/sales-points.json", "/api/fairs.json"]
    count(client, urls[0])  # warm-up: per-process caches (the portal's name, accounts.branding)
    few = [count(client, u) for u in urls]
    populate(10, maker, point, None)
    assert [count(client, u) for u in urls] == few
