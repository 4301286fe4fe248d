"""The 2025 two-tier tree beside the 2023 three-tier one: successions, today's unit, local officers."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from accounts import access, services
from accounts.levels import is_two_tier, local_level_label, local_office_label
from accounts.models import AdministrativeUnit, Department, Role, UnitSuccession, User
from accounts.successions import current_successors, history_paths, today_unit, were_within

pytestmark = pytest.mark.django_db

REFORM = datetime.date(2025, 7, 1)


@pytest.fixture
def da_nang(db):
    call_command("loaddata", "units_da_nang_before_2025", verbosity=0)
    call_command("load_units", "--province", "48", stdout=open("/dev/null", "w"))
    return AdministrativeUnit.objects.get(code="2025-48")


@pytest.fixture
def merged(da_nang):
    call_command("load_successions", stdout=open("/dev/null", "w"))
    return da_nang


def get(code):
    return AdministrativeUnit.objects.get(code=code)


def test_local_unit_is_the_level_under_the_province_in_both_trees(da_nang):
    assert get("20599").local_unit == get("508")  # three-tier: the district
    assert get("508").is_local and not get("20599").is_local and not get("49").is_local
    ward = get("2025-20623")  # Xã Duy Xuyên (2025)
    assert ward.local_unit == ward and ward.is_local
    assert set(AdministrativeUnit.objects.local().filter(parent=da_nang)) == set(da_nang.children.all())
    assert AdministrativeUnit.objects.local().filter(parent__code="49").count() == 18
    assert is_two_tier(da_nang) and not is_two_tier(get("49"))
    with translation.override("vi"):
        assert (local_level_label(da_nang), local_level_label(get("49"))) == ("Xã/phường", "Huyện")


def test_demo_mapping_is_labelled_as_a_subset_and_loads_idempotently(da_nang, capsys):
    call_command("load_successions")
    out = capsys.readouterr().out
    assert "DEMO SUBSET" in out and "33 rows: 33 successions recorded, 0 already present" in out
    call_command("load_successions")
    assert "0 successions recorded, 33 already present" in capsys.readouterr().out
    assert UnitSuccession.objects.filter(date=REFORM).count() == 33
    duy_son = get("20620")
    assert duy_son.valid_to == datetime.date(2025, 6, 30)
    succession = UnitSuccession.objects.get(predecessor=duy_son)
    assert succession.successor == get("2025-20623") and "1659/NQ-UBTVQH15" in succession.legal_basis
    # Both old provinces are succeeded by the new city and closed the day before.
    assert {s.predecessor.code for s in UnitSuccession.objects.filter(successor=da_nang)} == {"49", "48"}
    assert get("49").valid_to == datetime.date(2025, 6, 30) and get("48").valid_to == datetime.date(
        2025, 6, 30
    )


def test_mapping_refuses_unknown_codes_and_saves_nothing(da_nang, tmp_path):
    bad = tmp_path / "map.csv"
    bad.write_text(
        "old_code,old_name,new_code,new_name,legal_basis\n"
        "20620,Xã Duy Sơn,20623,Xã Duy Xuyên,NQ\n"
        "99999,Xã Không Có,20623,Xã Duy Xuyên,NQ\n"
        "20599,Thị trấn Nam Phước,88888,Xã Ma,NQ\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as exc:
        call_command("load_successions", str(bad), "--date", "2025-07-01")
    message = str(exc.value)
    assert "Nothing was loaded" in message and "99999" in message and "88888" in message
    assert not UnitSuccession.objects.filter(date=REFORM).exists()
    assert get("20620").valid_to is None  # nothing half-saved


def test_mapping_refuses_a_name_that_does_not_match_the_code(da_nang, tmp_path):
    bad = tmp_path / "map.json"
    bad.write_text(
        json.dumps(
            {
                "date": "2025-07-01",
                "successions": [{"old_code": "20620", "old_name": "Xã Duy Hải", "new_code": "20623"}],
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="Duy Hải"):
        call_command("load_successions", str(bad))


def test_successor_chains_and_todays_unit(merged):
    duy_son = get("20620")
    duy_xuyen_2025 = get("2025-20623")
    assert current_successors(duy_son) == [duy_xuyen_2025]
    assert current_successors(duy_son, datetime.date(2024, 1, 1)) == []  # not yet merged then
    assert today_unit(duy_son) == duy_xuyen_2025
    assert today_unit(duy_xuyen_2025) == duy_xuyen_2025
    # A chain: a later (hypothetical) merger of the 2025 commune is followed through.
    later = AdministrativeUnit.objects.create(
        code="2030-1", official_code="1", name="Xã Sau Này", level=duy_xuyen_2025.level, parent=merged
    )
    services.record_succession(duy_xuyen_2025, later, date=datetime.date(2026, 1, 1))
    assert current_successors(duy_son) == [later]
    assert today_unit(duy_son) == later
    # A commune outside the demo subset falls back to its province's successor.
    tam_ky_ward = get("20335")
    assert current_successors(tam_ky_ward) == []
    assert today_unit(tam_ky_ward) == merged
    # The Nông Sơn → Quế Sơn district merger (2025-01-01) still answers for its date.
    assert today_unit(get("519"), datetime.date(2025, 3, 1)) == get("509")


def test_units_that_are_or_were_inside(merged):
    paths = history_paths(merged)
    assert paths == ["/2025-48/", "/48/", "/49/"]
    were = were_within(merged)
    assert get("20620") in were and get("508") in were and get("2025-20623") in were
    assert get("20620") not in AdministrativeUnit.objects.within(merged)
    xa_duy_xuyen = were_within(get("2025-20623"))
    assert set(xa_duy_xuyen.values_list("code", flat=True)) == {"2025-20623", "20617", "20620", "20623"}


def test_local_officer_binds_to_the_level_under_the_province(da_nang):
    ward = get("2025-20623")
    officer = User(username="kt_duy_xuyen", role=Role.DISTRICT, unit=ward)
    officer.clean()  # a commune/ward of a two-tier province: allowed
    User(username="d", role=Role.DISTRICT, unit=get("508")).clean()  # a district of a three-tier one
    with pytest.raises(ValidationError):
        User(username="x", role=Role.DISTRICT, unit=get("20599")).clean()  # a commune under a district
    with pytest.raises(ValidationError):
        User(username="y", role=Role.DISTRICT, unit=da_nang).clean()
    with translation.override("vi"):  # derived from the unit's level, not the role
        assert local_office_label(ward) == "Phòng Kinh tế xã/phường"
        assert local_office_label(get("508")) == "Cán bộ cấp huyện"
        officer.save()
        assert officer.role_label == "Phòng Kinh tế xã/phường"


def test_commune_bound_local_officer_sees_and_changes_only_their_commune(da_nang):
    from producers.models import Producer

    ward, other = get("2025-20623"), get("2025-20599")
    officer = User.objects.create(username="kt_dx", role=Role.DISTRICT, unit=ward)
    mine = Producer.objects.create(name="HTX Duy Xuyên mới", kind="cooperative", commune=ward)
    theirs = Producer.objects.create(name="HTX Nam Phước mới", kind="cooperative", commune=other)
    old = Producer.objects.create(name="HTX Duy Sơn 2023", kind="cooperative", commune=get("20620"))
    assert list(access.visible(officer, Producer)) == [mine]
    assert list(access.editable(officer, Producer)) == [mine]
    assert not access.can_view(officer, theirs) and not access.can_view(officer, old)
    assert set(access.units_for(officer)) == {ward}


def test_merged_department_records_its_predecessors(da_nang):
    call_command("loaddata", "departments_da_nang_2025", verbosity=0)
    dept = Department.objects.get(code="so-nnmt-da-nang")
    assert dept.name.startswith("Sở Nông nghiệp và Môi trường") and dept.province == da_nang
    assert set(dept.predecessors.values_list("code", flat=True)) == {"so-nnptnt", "so-tnmt"}
    assert dept.valid_from == REFORM and "01/7/2025" in dept.succession_note
    assert Department.objects.get(code="so-nnptnt").successors.get() == dept
