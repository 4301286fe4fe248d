"""The import's query count does not grow with the number of rows (issue 15: ~31 queries a row before)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certificates.models import Certificate, CertificateProposal
from products.importers import import_products
from products.models import Product, ProductTransition

from .helpers import a_year_ago, row, xlsx

pytestmark = pytest.mark.django_db


def rows(n: int, tag: str):
    """``n`` new products of n // 2 new producers (half enterprises with a tax code), a third rated."""
    recognised = a_year_ago().strftime("%d/%m/%Y")
    out = []
    for i in range(n):
        rated = i % 3 == 0
        out.append(
            row(
                name=f"Sản phẩm {tag} số {i}",
                producer=f"Chủ thể {tag} {i // 2}",
                kind="Doanh nghiệp" if (i // 2) % 2 else "Hộ sản xuất",
                tax_code=f"49{tag}{i // 2:06d}" if (i // 2) % 2 else None,
                stars=4 if rated else None,
                decision="12/QĐ-UBND" if rated else None,
                recognised_on=recognised if rated else None,
            )
        )
    return out


def count_import(user, n: int, tag: str) -> int:
    user = type(user).objects.get(pk=user.pk)  # a fresh user, as each request has (per-user memos)
    with CaptureQueriesContext(connection) as captured:
        report = import_products(xlsx(rows(n, tag)), user=user, filename=f"{tag}.xlsx")
    assert report.ok and report.applied and report.created == n, report.errors[:3]
    return len(captured)


@pytest.mark.parametrize("join_from", [10, 10**6], ids=["joined-duplicate-check", "probed-duplicate-check"])
@pytest.mark.parametrize("role", ["province", "district"])
def test_import_query_count_does_not_grow_with_the_rows(users, role, join_from, monkeypatch):
    from products.importers import duplicates

    monkeypatch.setattr(duplicates, "SET_JOIN_FROM", join_from)  # both ways of the duplicate check
    count_import(users[role], 5, "0")  # warms the per-process memos (territory, branding) of a first import
    small = count_import(users[role], 50, "1")
    large = count_import(users[role], 500, "2")
    assert large == small, (small, large)
    assert large < 60


def test_bulk_import_keeps_history_transitions_and_ratings(users):
    import_products(xlsx(rows(30, "3")), user=users["province"], filename="h.xlsx")
    products = Product.objects.filter(name__startswith="Sản phẩm 3 ")
    assert products.count() == 30
    assert Product.history.filter(name__startswith="Sản phẩm 3 ", history_type="+").count() == 30
    assert ProductTransition.objects.filter(product__in=products, name="register").count() == 30
    rated = products.filter(stars=4)
    assert rated.count() == 10 and all(p.is_certified for p in rated)
    assert Certificate.objects.filter(product__in=products, recorded_from_paper=True).count() == 10
    assert ProductTransition.objects.filter(product__in=products, name="recognise").count() == 10
    assert len(set(products.values_list("slug", flat=True))) == 30


def test_bulk_import_by_a_district_officer_only_proposes(users):
    import_products(xlsx(rows(9, "4")), user=users["district"], filename="d.xlsx")
    products = Product.objects.filter(name__startswith="Sản phẩm 4 ")
    assert products.count() == 9 and not products.filter(stars__isnull=False).exists()
    assert CertificateProposal.objects.filter(product__in=products, status="pending").count() == 3
    assert CertificateProposal.history.filter(product__in=products, history_type="+").count() == 3
    assert not Certificate.objects.filter(product__in=products).exists()
