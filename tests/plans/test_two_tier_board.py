"""The six-step board of a two-tier province (Đà Nẵng since 1 July 2025): one row per commune/ward."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import AdministrativeUnit, Role, User
from plans import board, services
from plans.models import AnnualPlan, PlanProduct
from products import workflows as pw

from . import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_plan():
    with open("/dev/null", "w") as null:
        call_command("load_units", "--province", "48", stdout=null)
    city = AdministrativeUnit.objects.get(code="2025-48")
    by = User.objects.create(username="h_city", role=Role.PROVINCE, unit=city)
    plan = services.create_plan(
        province=city,
        year=2026,
        title="Kế hoạch OCOP năm 2026",
        number="1/KH-UBND",
        date=datetime.date(2026, 3, 1),
        by=by,
    )
    services.publish_plan(plan, by=by)
    h.attach(plan, [h.product(state=pw.IN_DEVELOPMENT, commune="2025-20623") for _ in range(2)])
    h.attach(plan, [h.product(state=pw.IDEA_REGISTERED, commune="2025-20599")])
    return plan


def test_board_rows_are_the_communes_directly_under_the_city(city_plan):
    units = list(city_plan.districts())
    assert len(units) == 94 and all(u.level.code == "commune" for u in units)
    rows, totals = board.cycle_board(
        city_plan, PlanProduct.objects.all(), units, as_of=datetime.date(2026, 6, 1)
    )
    by_code = {r.district.code: r.total for r in rows if r.district is not None}
    assert by_code["2025-20623"] == 2 and by_code["2025-20599"] == 1
    assert totals.total == 3 and not any(r.district is None and r.total for r in rows)  # nothing in "Other"


def test_commune_economic_office_sees_only_its_row_on_the_board(city_plan):
    officer = User.objects.create(
        username="kt_duy_xuyen", role=Role.DISTRICT, unit=AdministrativeUnit.objects.get(code="2025-20623")
    )
    client = Client()
    client.force_login(officer)
    response = client.get(f"/plans/{city_plan.pk}/board/")
    assert response.status_code == 200
    assert [r.district.code for r in response.context["rows"]] == ["2025-20623"]
    assert response.context["totals"].total == 2
    assert response.context["local_level"] == "Commune/ward"  # the column is per commune/ward, not district
    assert '<th class="text-start">Commune/ward</th>' in response.content.decode()
    assert client.get(f"/plans/{city_plan.pk}/board/2025-20623/").status_code == 200
    assert client.get(f"/plans/{city_plan.pk}/board/2025-20599/").status_code == 404  # refused elsewhere
    assert AnnualPlan.objects.filter(pk=city_plan.pk).exists()


def test_a_product_registered_in_a_merged_commune_counts_for_the_ward_holding_it(city_plan):
    """Issue 14: a 2026 product still registered in Xã Duy Sơn (Huyện Duy Xuyên) counts for Xã Duy
    Xuyên on the city's board and is listed on that ward's page, not under a district that is gone."""
    call_command("loaddata", "units_da_nang_before_2025", verbosity=0)
    with open("/dev/null", "w") as null:
        call_command("load_successions", stdout=null)
    old = h.product(state=pw.IN_DEVELOPMENT, commune="20620")
    h.attach(city_plan, [old])
    units = list(city_plan.districts())
    rows, totals = board.cycle_board(
        city_plan, PlanProduct.objects.all(), units, as_of=datetime.date(2026, 6, 1)
    )
    by_code = {r.district.code: r.total for r in rows if r.district is not None}
    assert by_code["2025-20623"] == 3 and "508" not in by_code and totals.total == 4
    client = Client()
    client.force_login(User.objects.get(username="h_city"))
    page = client.get(f"/plans/{city_plan.pk}/board/2025-20623/")
    assert old.name in page.content.decode()
