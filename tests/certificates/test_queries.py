"""The certificate lists (the staff list with its search and filters, DARD's review screen of imported
proposals): the number of queries does not grow with the number of rows."""

from __future__ import annotations

import pytest

from tests.certificates.test_paper import product, propose
from tests.factories import CertifiedProductFactory, ProducerFactory, unit
from tests.products.test_queries import count_queries

pytestmark = pytest.mark.django_db


def make(n, start):
    commune = unit("20620")
    for i in range(start, start + n):
        producer = ProducerFactory(commune=commune)
        CertifiedProductFactory(name=f"Sản phẩm chứng nhận {i}", producer=producer, commune=commune)
        propose(product(name=f"Sản phẩm đề nghị {i}"))


@pytest.mark.parametrize(
    "url,params",
    [
        ("/evaluation/certificates/", {}),
        ("/evaluation/certificates/", {"q": "san pham", "stars": "4"}),
        ("/evaluation/certificates/proposals/", {}),
    ],
)
def test_certificate_lists_query_count_is_constant(client_for, url, params, django_assert_max_num_queries):
    client = client_for("province")
    make(3, 0)
    count_queries(client, url, params)  # warm-up: per-session caches of other apps
    few = count_queries(client, url, params)
    make(20, 3)
    many = count_queries(client, url, params)
    assert few == many, f"{url}: {few} queries with 3 rows, {many} with 23"
    with django_assert_max_num_queries(25):
        client.get(url, params)
