"""Accent-insensitive, typo-tolerant search (Postgres unaccent + trigram), in the queryset and the list."""

from __future__ import annotations

import pytest
from django.db import connection

from products.models import Product
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(db):
    return {
        "coffee": ProductFactory(name="Cà phê rang xay Đại Lộc"),
        "fish_sauce": ProductFactory(name="Nước mắm Cửa Khe"),
        "honey": ProductFactory(name="Mật ong rừng"),
    }


@pytest.mark.parametrize(
    "q,key",
    [
        ("ca phe", "coffee"),
        ("Cà phê", "coffee"),
        ("CA PHE", "coffee"),
        ("nuoc mam", "fish_sauce"),
        ("Nước mắm", "fish_sauce"),
        ("cua khe", "fish_sauce"),
        ("dai loc", "coffee"),
        ("mat ong", "honey"),
    ],
)
def test_search_with_and_without_accents(catalogue, q, key):
    found = list(Product.objects.search(q))
    assert catalogue[key] in found
    assert found[0] == catalogue[key]


def test_search_does_not_return_everything(catalogue):
    assert list(Product.objects.search("ca phe")) == [catalogue["coffee"]]
    assert not Product.objects.search("sam ngoc linh").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="typo tolerance needs pg_trgm")
@pytest.mark.parametrize(
    "q,key", [("nuoc mamm", "fish_sauce"), ("nuoc mam cua kh", "fish_sauce"), ("mat onng", "honey")]
)
def test_typo_tolerant_on_postgres(catalogue, q, key):
    assert catalogue[key] in Product.objects.search(q)


def test_list_page_search(catalogue, client_for):
    html = client_for("province").get("/products/", {"q": "ca phe"}).content.decode()
    assert "Cà phê rang xay Đại Lộc" in html
    assert "Nước mắm Cửa Khe" not in html


def test_list_page_search_with_a_typo(catalogue, client_for):
    if connection.vendor != "postgresql":
        pytest.skip("typo tolerance needs pg_trgm")
    html = client_for("province").get("/products/", {"q": "nuoc mamm"}).content.decode()
    assert "Nước mắm Cửa Khe" in html


def test_producer_search(catalogue, client_for):
    catalogue["coffee"].producer.name = "Hợp tác xã Cà phê Đắk"
    catalogue["coffee"].producer.save()
    html = client_for("province").get("/producers/", {"q": "hop tac xa ca phe dak"}).content.decode()
    assert "Hợp tác xã Cà phê Đắk" in html


# --- issue 15: a query shape the indexes can answer -----------------------------------------------


def test_short_words_are_tested_without_like(catalogue):
    sql = str(Product.objects.search("ca phe").query)
    assert "STRPOS" in sql.upper() or "INSTR" in sql.upper()  # "ca": no trigram, never a LIKE '%ca%'
    assert "%ca%" not in sql
    assert "%phe%" in sql
    assert list(Product.objects.search("ca phe")) == [catalogue["coffee"]]


def test_only_short_words_still_search(catalogue):
    assert catalogue["honey"] in Product.objects.search("ong")
    assert catalogue["coffee"] in Product.objects.search("ca")


def test_certificate_number_is_an_exact_case_insensitive_match(catalogue):
    from products.certification import writing_ratings

    with writing_ratings():
        Product.objects.filter(pk=catalogue["honey"].pk).update(certificate_number="17/GCN-OCOP")
    assert list(Product.objects.search("17/gcn-ocop")) == [catalogue["honey"]]
    assert catalogue["honey"] not in Product.objects.search("17/gcn")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's")
def test_search_is_answerable_from_the_indexes(db):
    """With sequential scans priced out, the whole OR (the words, the trigram match, the certificate
    number) is answered by a BitmapOr of index scans: no alternative keeps the indexes out."""
    ProductFactory.create_batch(30, name="Mật ong rừng")
    ProductFactory(name="Cà phê rang xay Đại Lộc")
    sql, params = Product.objects.search("ca phe").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan on products_product" not in plan, plan
    assert "products_product_name_trgm" in plan, plan
    assert "products_product_certno_upper" in plan, plan
    assert "BitmapOr" in plan, plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm's word_similarity")
@pytest.mark.parametrize("q", ["ca phe", "nuoc mam", "mat ong", "ca", "ca phe rang", "!!", "phe ca"])
def test_relevance_is_word_similarity(db, q):
    """The relevance takes 1 without computing it for names holding the query as whole words: it is
    still pg_trgm's word_similarity on every row (so the order is the same)."""
    from django.contrib.postgres.search import TrigramWordSimilarity

    from ocop_portal.search import relevance
    from ocop_portal.text import fold

    for name in [
        "Cà phê rang xay",
        "Bột cà phê",
        "Cà phê",
        "Cà-phê sữa",
        "Hoa cà phê, mật ong",
        "Cá phèn kho",
        "Nước mắm cá",
        "Phê cà",
        "Mật ong rừng",
        "Ca phe!!",
    ]:
        ProductFactory(name=name)
    folded = fold(q)
    rows = Product.objects.annotate(
        ours=relevance(folded, "name_ascii"), pg=TrigramWordSimilarity(folded, "name_ascii")
    ).values_list("name", "ours", "pg")
    assert [(name, ours) for name, ours, pg in rows] == [(name, pg) for name, ours, pg in rows]
    assert any(ours == 1 for _name, ours, _pg in rows) or q == "!!"
