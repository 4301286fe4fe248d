"""Issue 14: the portal after the 2025 merger — its name from the data, the city's call covering
Quảng Nam's old communes, the commune step read from the rule sets (one truth)."""

import datetime

import pytest

from accounts.branding import portal_province, portal_province_name
from accounts.levels import former_district_name
from accounts.models import AdministrativeUnit
from dossiers.models import DossierCall
from evaluation.models import ProfileLevel
from products.models import Level, RegulationVersion

pytestmark = pytest.mark.django_db


def test_the_portal_is_named_after_the_unit_in_force(client, merged):
    assert portal_province_name(datetime.date(2024, 5, 1)) == "Quảng Nam"  # before the merger
    assert portal_province_name() == "Đà Nẵng" and portal_province() == merged
    body = client.get("/").content.decode()
    assert "OCOP Đà Nẵng" in body and "OCOP Quảng Nam" not in body


def test_without_the_2025_tree_the_portal_keeps_its_province(client):
    assert portal_province_name() == "Quảng Nam"
    assert "OCOP Quảng Nam" in client.get("/").content.decode()


def test_the_citys_call_covers_quang_nams_old_communes_and_its_own(merged):
    call = DossierCall.objects.create(
        year=2026,
        level=Level.PROVINCE,
        issuing_unit=merged,
        regulation=RegulationVersion.objects.get(code="148-2023"),
    )
    old_commune = AdministrativeUnit.objects.get(code="20599")  # Thị trấn Nam Phước, Huyện Duy Xuyên
    new_commune = AdministrativeUnit.objects.filter(parent=merged).first()
    assert call.covers(old_commune) and call.covers(new_commune)
    elsewhere = AdministrativeUnit.objects.filter(level__code="province").exclude(code__in=["49", "48"])
    elsewhere = elsewhere.exclude(pk=merged.pk).first()
    if elsewhere is not None:
        assert not call.covers(elsewhere)


def test_the_district_column_is_history(merged):
    assert former_district_name(AdministrativeUnit.objects.get(code="20599")) == "Huyện Duy Xuyên"
    assert former_district_name(AdministrativeUnit.objects.filter(parent=merged).first()) == "—"


def test_the_commune_step_is_read_from_the_rule_sets():
    reg148, reg1048 = (RegulationVersion.objects.get(code=c) for c in ("148-2023", "1048-2019"))
    assert reg148.has_commune_step and not reg1048.has_commune_step
    assert set(RegulationVersion.objects.with_commune_step()) == {reg148}
    ProfileLevel.objects.filter(profile__regulation=reg148, level="commune").delete()  # DARD corrects it
    assert not reg148.has_commune_step
