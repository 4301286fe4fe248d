"""A product enters a round only with its submitted (or accepted) dossier of that year, or as an
explicitly marked historical record (issue 13, defect 4)."""

from __future__ import annotations

import pytest
from django.test import Client

from evaluation import services as rs
from evaluation.models import RoundProduct
from ocop_portal.workflow import TransitionRefused

from .conftest import give_dossier, make_product, make_round, score

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", ["submitted", "resubmitted", "accepted"])
def test_a_dossier_with_the_evaluating_level_lets_the_product_in(district_user, status):
    round_, _ = make_round(by=district_user)
    entry = rs.assign_product(round_, make_product(dossier_status=status), by=district_user)
    assert not entry.is_historical and entry.dossier_year == 2026


@pytest.mark.parametrize("status", [None, "draft", "returned"])
def test_without_a_submitted_dossier_of_the_year_the_product_is_refused(district_user, status):
    round_, _ = make_round(by=district_user)
    product = make_product(dossier_year=None)
    if status:
        give_dossier(product, 2026, status=status)
    give_dossier(product, 2025, status="accepted")  # another year's dossier does not count
    with pytest.raises(TransitionRefused, match="no submitted or accepted evidence dossier for 2026"):
        rs.assign_product(round_, product, by=district_user)
    assert not RoundProduct.objects.filter(product=product).exists()


def test_re_rating_needs_the_dossier_of_the_year_too(district_user):
    from products import workflows as pw

    round_, _ = make_round(by=district_user)
    expired = make_product("Mứt gừng", state=pw.EXPIRED, dossier_year=None)
    with pytest.raises(TransitionRefused, match="dossier"):
        rs.assign_product(round_, expired, by=district_user)
    give_dossier(expired, 2026)
    assert rs.assign_product(round_, expired, by=district_user).is_rerating


def test_forwarding_brings_the_dossier_the_lower_level_evaluated(district_user, province_user):
    d_round, d_members = make_round(by=district_user)
    product = make_product("Nước mắm Duy Hải", commune_code="20638")
    entry = rs.assign_product(d_round, product, by=district_user)
    rs.open_scoring(d_round, by=district_user)
    for user in d_members:
        score(entry, user, 80)
    rs.close_scoring(d_round, by=district_user)
    p_round, _ = make_round(level="province", unit_code="49", by=province_user)
    # the dossier went back to the district meanwhile: the province cannot take the product
    product.dossiers.update(status="returned")
    with pytest.raises(TransitionRefused, match="dossier"):
        rs.forward(d_round, p_round, by=province_user)
    product.dossiers.update(status="accepted")
    (forwarded,) = rs.forward(d_round, p_round, by=province_user)
    assert forwarded.forwarded_from == entry and forwarded.dossier_year == 2026


def test_a_historical_record_is_explicit_and_only_for_a_past_year(province_user):
    current, _ = make_round(level="province", unit_code="49", by=province_user)
    product = make_product("Chè Tiên Phước", dossier_year=None)
    with pytest.raises(TransitionRefused, match="past year"):
        rs.assign_product(current, product, by=province_user, historical_note="Biên bản giấy 2026")
    past, _ = make_round(level="province", unit_code="49", year=2022, by=province_user)
    with pytest.raises(TransitionRefused, match="2022"):
        rs.assign_product(past, product, by=province_user)
    entry = rs.assign_product(
        past, product, by=province_user, historical_note="Biên bản họp hội đồng ngày 12/10/2022 (giấy)"
    )
    assert entry.is_historical and entry.historical_note.startswith("Biên bản họp")


def test_the_assign_page_offers_only_products_with_their_dossier(province_user):
    round_, _ = make_round(level="province", unit_code="49", by=province_user)
    make_product("Rượu Bàu Đá có hồ sơ")
    make_product("Bánh ít lá gai chưa nộp", dossier_status="draft")
    client = Client()
    client.force_login(province_user)
    page = client.get(f"/evaluation/rounds/{round_.pk}/products/add/").content.decode()
    assert "Rượu Bàu Đá có hồ sơ" in page and "Bánh ít lá gai chưa nộp" not in page
    assert "historical_note" not in page  # a current round records no historical products
    past, _ = make_round(level="province", unit_code="49", year=2022, by=province_user)
    page = client.get(f"/evaluation/rounds/{past.pk}/products/add/").content.decode()
    assert "historical_note" in page and "Bánh ít lá gai chưa nộp" in page
