"""Issue 14: one answer to "which province does the portal serve on day D, and which units does it cover"
(``accounts.territory``), in the old tree and the new, and what a record's unit is called today."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from accounts import territory
from accounts.models import AdministrativeUnit, UnitSuccession

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


BEFORE = datetime.date(2024, 5, 1)
get = AdministrativeUnit.objects.get


def test_without_the_2025_tree_the_portal_serves_its_province():
    assert territory.served_province() == get(code="49")
    local = list(territory.local_units())
    assert len(local) == 18 and all(u.level.code == "district" for u in local)
    (now_label, now), (then_label, then) = territory.local_choices()
    assert (now_label, then_label) == ("Districts", "Districts before the reform")
    assert len(now) == 17 and [u.code for u in then] == ["519"]  # Nông Sơn, merged into Quế Sơn
    assert territory.labelled(get(code="508")) == "Huyện Duy Xuyên"
    assert territory.labelled(get(code="519")) == "Huyện Nông Sơn (before 1/2025)"
    assert territory.today_place(get(code="20620")) is None


def test_after_the_merger_the_city_and_both_trees(merged):
    assert territory.served_province(BEFORE) == get(code="49")
    assert territory.served_province() == merged
    served = territory.served_units()
    # the 2025 wards, Quảng Nam's districts and communes, the old Đà Nẵng, and nothing of elsewhere
    assert served.filter(parent=merged).count() == 94
    assert served.filter(code__in=["49", "48", "508", "20620", "2025-20623"]).count() == 5
    assert not served.filter(level__code="province").exclude(code__in=["49", "48", "2025-48"]).exists()
    (now_label, now), (then_label, then) = territory.local_choices()
    assert (now_label, then_label) == ("Communes and wards today", "Districts before the reform")
    assert len(now) == 94 and all(u.parent_id == merged.pk for u in now)
    assert {u.code for u in then} >= {"508", "506", "519"}
    assert territory.labelled(get(code="508")) == "Huyện Duy Xuyên (before 7/2025)"
    assert territory.labelled(get(code="519")).startswith("Huyện Nông Sơn (before ")  # merged in 2024/25
    assert territory.labelled(get(code="2025-20623")) == "Xã Duy Xuyên"
    # before the reform the old units are current
    assert territory.labelled(get(code="508"), BEFORE) == "Huyện Duy Xuyên"


def test_a_record_is_shown_under_todays_commune_and_found_from_it(merged):
    duy_son, duy_xuyen = get(code="20620"), get(code="2025-20623")
    assert territory.today_place(duy_son) == duy_xuyen
    assert territory.today_place(duy_son, BEFORE) is None
    assert territory.territory().now_name(duy_son.pk) == "Xã Duy Xuyên"
    assert territory.today_place(duy_xuyen) is None  # current: nothing to add
    # a commune whose own succession is not in the demo subset: never "today's commune: the city"
    assert territory.today_place(get(code="20410")) is None
    held = AdministrativeUnit.objects.filter(pk__in=territory.holding(duy_xuyen))
    assert {u.name for u in held} == {"Xã Duy Xuyên", "Xã Duy Sơn", "Xã Duy Trinh", "Xã Duy Trung"}
    found = AdministrativeUnit.objects.filter(territory.unit_filter_q(duy_xuyen, ""))
    assert duy_son in found and get(code="20599") not in found  # Nam Phước went to Xã Nam Phước


def test_the_answer_costs_no_query_once_known_and_follows_a_new_succession(merged):
    territory.territory()
    duy_xuyen_district = get(code="508")
    with CaptureQueriesContext(connection) as queries:
        territory.territory()
        assert territory.labelled(duy_xuyen_district).endswith("(before 7/2025)")
    assert len(queries) == 0
    hoi_an_ward, son_phong = get(code="2025-20410"), get(code="20410")
    assert territory.today_place(son_phong) is None
    UnitSuccession.objects.create(
        predecessor=son_phong, successor=hoi_an_ward, date=datetime.date(2025, 7, 1)
    )
    assert territory.today_place(son_phong) == hoi_an_ward


def test_a_request_reads_the_units_generation_once(merged, monkeypatch):
    """A catalogue page asks for the territory ~150 times: one cache round trip, not one a call."""
    from accounts import branding

    territory.territory()  # built (and the branding's own read done) before counting
    reads = []
    real = branding.cache.get
    monkeypatch.setattr(branding.cache, "get", lambda key, *a, **kw: reads.append(key) or real(key, *a, **kw))
    territory._request_started()
    try:
        for _ in range(10):
            territory.territory()
        assert reads.count(branding.GENERATION_KEY) == 1
    finally:
        territory._request_finished()
    reads.clear()
    territory.territory()
    territory.territory()
    assert reads.count(branding.GENERATION_KEY) == 2  # outside a request (a task, a shell): every call
