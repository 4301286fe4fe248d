"""Issue 15: the catalogue's counts come from the public summary or from the page query itself (exact
in every view), and the certificate test stays a per-row probe on PostgreSQL."""

from __future__ import annotations

import re

import pytest
from django.db import connection

from products import cache as public_cache
from products.models import Product
from products.views.catalog import public_groups, public_summary

from . import helpers as h

pytestmark = pytest.mark.django_db


def shown_count(response) -> int:
    match = re.search(r'role="status">\s*(\d+)', response.content.decode())
    assert match, "the catalogue states how many products match"
    return int(match.group(1))


@pytest.fixture
def registry(db):
    h.certified("Sâm Ngọc Linh", stars=4, group_code="3.3", commune="20599")
    h.certified("Mì Quảng", stars=3, group_code="1.3", commune="20599")
    h.certified("Cà phê rang mộc", stars=3, group_code="1.6", commune="20599")
    h.certified("Cà phê hạt", stars=5, group_code="1.6", commune="20599")
    h.expired("Cà phê hết hạn")
    h.revoked("Cà phê thu hồi")
    h.draft("Cà phê chưa công nhận")


@pytest.mark.parametrize(
    "params",
    [{}, {"stars": 3}, {"stars": 5}, {"q": "ca phe"}, {"q": "ca phe", "stars": 3}, {"q": "nuoc mamm"}],
)
def test_counts_are_exact_in_every_view(client, registry, params):
    public_cache.bump()
    response = client.get("/catalog/", params)
    expected = Product.objects.public()
    if params.get("stars"):
        expected = expected.filter(stars=params["stars"])
    if params.get("q"):
        expected = expected.search(params["q"])
    assert shown_count(response) == expected.count()


def test_group_filter_count_includes_subgroups(client, registry):
    food = h.group("1.3").parent
    public_cache.bump()
    response = client.get("/catalog/", {"group": food.pk})
    expected = Product.objects.public().filter(group__parent=food).count()
    assert expected == 3  # Mì Quảng and the two coffees (1.3 and 1.6 are food subgroups)
    assert shown_count(response) == expected


def test_summary_and_groups_follow_changes(registry):
    public_cache.bump()
    before = sum(public_summary().values())
    assert before == Product.objects.public().count() == 4
    assert {g.code for g in public_groups()} == {h.group("3.3").parent.code, h.group("1.3").parent.code}
    h.certified("Lụa tơ tằm Mã Châu", group_code="4.2")  # a new certificate bumps the version
    assert sum(public_summary().values()) == before + 1
    assert h.group("4.2").parent.code in {g.code for g in public_groups()}


def test_page_past_the_last_falls_back_to_the_last_page(client, registry):
    public_cache.bump()
    response = client.get("/catalog/", {"q": "ca phe", "page": 9})
    assert response.status_code == 200
    assert shown_count(response) == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL planner shape")
def test_certificate_test_is_not_pulled_up_into_a_join(registry):
    sql = str(Product.objects.public().query)
    assert "OFFSET 0" in sql
