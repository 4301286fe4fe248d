"""Typo-tolerant catalogue search and "Có phải bạn muốn tìm …" on an empty result (PostgreSQL)."""

from __future__ import annotations

import html
import re

import pytest
from django.db import connection, transaction

from ocop_portal import search
from products.models import Product
from products.views.public import public_products

from . import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf():
    return {
        "banh": h.certified("Bánh tráng phơi sương Đại Lộc", stars=4),
        "sam": h.certified("Sâm Ngọc Linh Tắc Pỏ", stars=5),
        "hidden": h.draft("Bánh tráng chưa công nhận"),
    }


def _suggestion(body: str) -> tuple[str, str] | None:
    m = re.search(r'id="did-you-mean"[^>]*>.*?<a href="([^"]+)"[^>]*>([^<]+)</a>', body, re.S)
    return (html.unescape(m.group(1)), html.unescape(m.group(2))) if m else None


@pytest.mark.parametrize("q", ["sâm ngọc lnh", "banh trangg"])
def test_catalogue_finds_typos(client, shelf, q):
    body = client.get("/catalog/", {"q": q}).content.decode()
    assert ("Sâm Ngọc Linh" in body) or ("Bánh tráng phơi sương" in body)
    assert _suggestion(body) is None


def test_catalogue_suggests_the_closest_public_name_on_an_empty_result(client, shelf):
    body = client.get("/catalog/", {"q": "bnh trng"}).content.decode()
    assert "No certified product matches your search" in body
    link, name = _suggestion(body)
    assert name == "Bánh tráng phơi sương Đại Lộc"  # never the unpublished "Bánh tráng chưa công nhận"
    assert "Did you mean" in body
    followed = client.get(link).content.decode()
    assert "Bánh tráng phơi sương Đại Lộc" in followed


def test_no_suggestion_for_nonsense(client, shelf):
    body = client.get("/catalog/", {"q": "xyzxyz qqq"}).content.decode()
    assert _suggestion(body) is None


def test_staff_lists_suggest_within_the_users_scope(client_for, shelf):
    client = client_for("province")
    body = client.get("/products/", {"q": "bnh trng"}).content.decode()
    link, name = _suggestion(body)
    assert name.startswith("Bánh tráng") and link.startswith("?") and "q=B" in link
    body = client.get("/producers/", {"q": "bnh trng"}).content.decode()
    suggestion = _suggestion(body)
    assert suggestion and suggestion[1].startswith("Chủ thể Bánh tráng")
    # the suggestion's lower threshold does not leak into the next search of the same transaction
    assert not Product.objects.search("bnh trng").exists()


def test_vietnamese_suggestion_text(client_for, shelf, settings):
    settings.LANGUAGE_CODE = "vi"
    body = client_for("province").get("/products/", {"q": "bnh trng"}).content.decode()
    assert "Có phải bạn muốn tìm" in body


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's")
def test_suggestion_query_can_use_the_trigram_index(shelf):
    """Issue 15: the suggestion adds no sequential scan — its ``%>`` filter is answerable from the GIN
    trigram index on the folded name (forced here, the test table being tiny)."""
    qs = public_products().order_by()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = 0.3")
        plan = qs.filter(name_ascii__trigram_word_similar="bnh trng").explain()
    assert "Seq Scan on products_product" not in plan
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
            cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = 0.3")
        plan = Product.objects.filter(name_ascii__trigram_word_similar="bnh trng").only("pk").explain()
    assert re.search(r"Bitmap Index Scan on products_product_(public_)?name_trgm", plan), plan
    assert search.suggest(qs, "bnh trng", folded_field="name_ascii") == "Bánh tráng phơi sương Đại Lộc"
    assert Product.objects.count() == 3
