"""The merged city's round takes the products of the communes it succeeded (issue 14): a product registered
in a Quảng Nam commune before 1 July 2025 keeps that commune (history) and is re-rated by the round of
Thành phố Đà Nẵng; without the recorded succession it stays outside the city's area."""

import datetime

import pytest
from django.core.management import call_command

from accounts.models import AdministrativeUnit
from evaluation import services as rs
from ocop_portal.workflow import TransitionRefused
from products import workflows as pw

from .conftest import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(db):
    call_command("loaddata", "units_da_nang_before_2025", verbosity=0)
    call_command("load_units", "--province", "48", stdout=open("/dev/null", "w"))
    return AdministrativeUnit.objects.get(code="2025-48")


def city_round(city, by):
    return rs.create_round(
        name="Đánh giá, phân hạng cấp thành phố 2026",
        year=2026,
        level="province",
        unit=city,
        by=by,
        meeting_date=datetime.date(2026, 12, 17),
    )


def test_a_quang_nam_product_is_re_rated_by_the_city_round_once_the_merger_is_recorded(city, province_user):
    call_command("load_successions", stdout=open("/dev/null", "w"))
    round_ = city_round(city, province_user)
    assert round_.profile.code == "148-1489-2025"
    old = make_product("Rượu nếp Duy Phước", commune_code="20626", state=pw.RECOGNISED)
    new = make_product("Tinh dầu sả Duy Xuyên", commune_code="2025-20623")
    entry = rs.assign_product(round_, old, by=province_user)
    assert entry.is_rerating and entry.product.commune.code == "20626"  # the old commune is kept
    old.refresh_from_db()
    assert old.state == pw.RERATING
    assert not rs.assign_product(round_, new, by=province_user).is_rerating


def test_without_the_succession_the_old_commune_is_outside_the_city(city, province_user):
    round_ = city_round(city, province_user)
    old = make_product("Rượu nếp Duy Phước", commune_code="20626", state=pw.RECOGNISED)
    with pytest.raises(TransitionRefused, match="outside the area|ngoài địa bàn"):
        rs.assign_product(round_, old, by=province_user)
