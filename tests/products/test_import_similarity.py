"""The import's duplicate check of a large file (``products.importers.similarity``): within a commune, exactly
the answer of the per-product pg_trgm probe; across communes, the same folded name only (issue 15)."""

from __future__ import annotations

import itertools

import pytest
from django.db import connection

from products import workflows
from products.importers import duplicates
from products.importers.similarity import ascii_trigrams
from products.models import Product
from tests.factories import ProducerFactory, ProductFactory, group, unit

pytestmark = pytest.mark.django_db

BASES = [
    "Bánh tráng Nam Phước",
    "Bánh tráng mè Nam Phước",
    "Nước mắm cá cơm",
    "Nước mắm Cửa Đại",
    "Trà ß xanh",
]
VARIANTS = ["", "hộp 500g", "hộp 500 g", "túi 1kg", "loại 1", "chai 500ml – đặc biệt", "™ quà tặng"]


def test_python_trigrams_are_pg_trgm_s():
    if connection.vendor != "postgresql":
        pytest.skip("pg_trgm")
    names = ["ca phe rang xay", "  nuoc-mam  ca com 500ml ", "a", "", "x1 2y.z", "banh trang/me (hop 500g)"]
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute("SELECT show_trgm(%s)", [name])
            assert ascii_trigrams(name) == frozenset(cursor.fetchone()[0]), name


def test_the_joined_answer_is_the_probe_s(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("pg_trgm")
    producers = [ProducerFactory(name=f"Cơ sở {i}") for i in range(4)]
    groups = [group("1.3"), group("1.3"), group("1.1"), group("2.1")]
    made = []
    for i, (base, variant, _) in enumerate(itertools.product(BASES, VARIANTS, range(2))):
        made.append(
            ProductFactory(
                name=f"{base} {variant}".strip(),
                producer=producers[i % len(producers)],
                group=groups[i % len(groups)],
            )
        )
    Product.objects.filter(pk__in=[p.pk for p in made[::9]]).update(state=workflows.REVOKED)
    products = list(Product.objects.filter(pk__in=[p.pk for p in made]).order_by("pk"))
    monkeypatch.setattr(duplicates, "SET_JOIN_FROM", 10**9)
    probed = duplicates.similar_of(products)
    joined = duplicates.similar_of_joined(products)
    assert probed == joined
    assert sum(len(v) for v in joined.values()) > 60 and max(len(v) for v in joined.values()) == 5


def test_across_communes_only_the_same_name_is_a_duplicate():
    if connection.vendor != "postgresql":
        pytest.skip("pg_trgm")
    elsewhere = ProducerFactory(name="Cơ sở Đại Lộc", commune=unit("20566"))
    same = ProductFactory(name="Nước mắm cá cơm", producer=elsewhere, group=group("1.3"))
    ProductFactory(name="Nước mắm cá cơm hộp 500g", producer=elsewhere, group=group("1.3"))
    here = ProducerFactory(name="Cơ sở Nam Phước")
    alike = ProductFactory(name="Nước mắm cá cơm hộp 500", producer=ProducerFactory(), group=group("1.3"))
    new = [
        ProductFactory(name="Nuoc mam ca com", producer=here, group=group("1.3")),
        ProductFactory(name="Nước mắm cá cơm hộp 500 g", producer=here, group=group("1.3")),
    ]
    joined = duplicates.similar_of_joined(new)
    # the same folded name in another commune (1.0), then the similar name of this commune (16/24)
    assert [name for name, _ in joined[new[0].pk]] == [same.name, alike.name]
    # "… hộp 500g" of the other commune is not looked at; the producer's own earlier row never is
    assert [name for name, _ in joined[new[1].pk]] == [alike.name]
