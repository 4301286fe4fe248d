"""List pages: the number of queries does not grow with the number of rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CertifiedProductFactory, ProducerFactory, ProductFactory, unit

pytestmark = pytest.mark.django_db


def make(n):
    communes = [unit("20599"), unit("20620")]
    for i in range(n):
        producer = ProducerFactory(commune=communes[i % 2])
        factory = CertifiedProductFactory if i % 2 else ProductFactory
        factory(producer=producer, commune=producer.commune)


def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
        assert response.status_code == 200
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url,params",
    [
        ("/products/", {}),
        ("/products/", {"sort": "producer", "stars": "4"}),
        ("/products/", {"q": "san pham"}),
        ("/producers/", {}),
        ("/products/", {"format": "csv"}),
        ("/producers/", {"format": "csv"}),
    ],
)
@pytest.mark.parametrize("role", ["province", "district"])
def test_list_query_count_is_constant(client_for, url, params, role, django_assert_max_num_queries):
    client = client_for(role)
    make(5)
    count_queries(client, url, params)  # warm-up: per-session caches of other apps (notifications ...)
    few = count_queries(client, url, params)
    make(45)
    many = count_queries(client, url, params)
    assert few == many, f"{url}: {few} queries with 5 products, {many} with 50"
    with django_assert_max_num_queries(20):
        client.get(url, params)


def test_detail_query_count_is_constant(client_for):
    client = client_for("province")
    product = ProductFactory()
    count_queries(client, f"/products/{product.pk}/")  # warm-up
    few = count_queries(client, f"/products/{product.pk}/")
    for name in ("accept_idea", "submit_plan", "approve_plan", "start_development"):
        from products import services

        services.transition(product, name, by=None, reason="x")
    many = count_queries(client, f"/products/{product.pk}/")
    assert few == many


def test_list_page_ids_and_total_in_one_query(client_for):
    """The staff list (CountedPaginator) counts and pages a search with one query on the product
    table, then reads the page's rows: same rows, order and total as Django's paginator."""
    from django.core.paginator import Paginator

    from products.views.staff import ProductListView

    client = client_for("province")
    make(30)
    params = {"q": "san pham", "page": 2}
    response = client.get("/products/", params)
    table = response.context["table"]
    counted = [row.record.pk for row in table.page.object_list]
    assert table.paginator.count == 30 and len(counted) == 5
    with CaptureQueriesContext(connection) as ctx:
        client.get("/products/", params)
    count_sql = [
        q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"] and "products_product" in q["sql"]
    ]
    assert len(count_sql) == 1 and "OVER ()" in count_sql[0]

    original = ProductListView.paginator_class
    ProductListView.paginator_class = Paginator
    try:
        plain = client.get("/products/", params).context["table"]
    finally:
        ProductListView.paginator_class = original
    assert [row.record.pk for row in plain.page.object_list] == counted
    assert plain.paginator.count == 30

    past_end = client.get("/products/", {"q": "san pham", "page": 9}).context["table"]
    assert past_end.page.number == 2 and len(past_end.page.object_list) == 5
