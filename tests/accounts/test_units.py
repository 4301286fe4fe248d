import datetime

import pytest
from django.core.management import call_command

from accounts import services
from accounts.models import AdministrativeUnit, UnitSuccession
from accounts.units_data import iter_units

pytestmark = pytest.mark.django_db


def test_demo_tree_has_18_districts_including_nong_son():
    districts = AdministrativeUnit.objects.districts().filter(parent__code="49")
    assert districts.count() == 18
    nong_son = districts.get(code="519")
    assert nong_son.name == "Huyện Nông Sơn"
    assert nong_son.children.count() == 6
    assert (
        AdministrativeUnit.objects.communes().within(AdministrativeUnit.objects.get(code="49")).count() == 234
    )


def test_nong_son_merge_is_recorded_and_old_unit_kept():
    nong_son = AdministrativeUnit.objects.get(code="519")
    assert nong_son.valid_to == datetime.date(2024, 12, 31)
    succession = UnitSuccession.objects.get(predecessor=nong_son)
    assert succession.successor.code == "509"
    assert nong_son not in AdministrativeUnit.objects.districts().valid_on(datetime.date(2025, 6, 1))
    assert nong_son in AdministrativeUnit.objects.districts().valid_on(datetime.date(2023, 6, 1))


def test_path_scoping_and_ancestors():
    commune = AdministrativeUnit.objects.get(code="20599")
    assert commune.path == "/49/508/20599/"
    assert commune.ancestor_at("district").code == "508"
    assert commune.ancestor_at("province").code == "49"
    duy_xuyen = AdministrativeUnit.objects.get(code="508")
    assert duy_xuyen.contains(commune)
    assert not AdministrativeUnit.objects.get(code="506").contains(commune)


def test_two_tier_data_loads_with_communes_directly_under_province():
    data = [
        {
            "name": "Thành phố Đà Nẵng",
            "code": 48,
            "division_type": "thành phố trung ương",
            "wards": [{"name": "Phường Hải Châu", "code": 90001}, {"name": "Xã Bà Nà", "code": 90002}],
        }
    ]
    rows = list(iter_units(data))
    created, updated = services.load_units(rows)
    assert (created, updated) == (3, 0)
    ward = AdministrativeUnit.objects.get(code="2025-90002")  # the 2025 tree has keys of its own
    assert ward.official_code == "90002" and ward.valid_from == datetime.date(2025, 7, 1)
    assert ward.parent.code == "2025-48" and ward.level.code == "commune"
    assert ward.is_local and ward.local_unit == ward  # a commune directly under the province
    assert ward.ancestor_at("district") is None  # no district tier
    assert services.load_units(rows) == (0, 0)  # idempotent


def test_load_units_command_from_package_data_loads_the_2025_two_tier_tree(capsys):
    call_command("load_units", "--province", "48")
    out = capsys.readouterr().out
    assert "95 units read: 95 created" in out
    da_nang = AdministrativeUnit.objects.official("48").get()
    assert da_nang.code == "2025-48" and da_nang.name == "Thành phố Đà Nẵng"
    assert not da_nang.children.districts().exists()  # no district tier
    assert AdministrativeUnit.objects.within(da_nang, include_self=False).count() == 94
    assert da_nang.children.communes().count() == 94
    # The old tree is untouched: Nam Phước 2023 and the 2025 Xã Nam Phước share official code 20599.
    old, new = AdministrativeUnit.objects.get(code="20599"), AdministrativeUnit.objects.get(code="2025-20599")
    assert (old.official_code, new.official_code) == ("20599", "20599")
    assert old.path == "/49/508/20599/" and new.path == "/2025-48/2025-20599/"
    call_command("load_units", "--province", "48")
    assert "0 created, 0 updated" in capsys.readouterr().out  # idempotent
