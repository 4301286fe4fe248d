"""Scope: each role sees its own slice of the plan; other units' rows are 404, never data."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts import access
from plans import services
from plans.models import (
    Allocation,
    Disbursement,
    PeriodicReport,
    PlanProduct,
    ProgressAttachment,
    ProgressReport,
    Task,
    TrainingSession,
)
from products import workflows as pw

from . import helpers as h

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def world(users):
    plan = h.make_plan(TODAY.year, published=True)
    dai_loc_commune = h.unit("506").children.order_by("code").first().code
    mine = h.attach(plan, [h.product(state=pw.IN_DEVELOPMENT, commune="20599", name="Lụa Mã Châu")])[0]
    neighbour = h.attach(plan, [h.product(state=pw.IN_DEVELOPMENT, commune="20620", name="Chiếu cói")])[0]
    theirs = h.attach(plan, [h.product(state=pw.IN_DEVELOPMENT, commune=dai_loc_commune, name="Bánh tráng")])[
        0
    ]
    health = h.task(plan, lead="so-y-te")
    report = services.add_progress_report(health, by=users["province"], text="Kiểm tra ATTP", files=[h.pdf()])
    return {
        "plan": plan,
        "mine": mine,
        "neighbour": neighbour,
        "theirs": theirs,
        "health_attachment": report.attachments.get(),
    }


def test_products_list_is_scoped_to_the_unit(world, client_for):
    url = f"/plans/{world['plan'].pk}/products/"

    def listed(role):
        return {e.product.name for e in client_for(role).get(url).context["table"].data.data}

    assert listed("province") == listed("department") == {"Lụa Mã Châu", "Chiếu cói", "Bánh tráng"}
    assert listed("district") == {"Lụa Mã Châu", "Chiếu cói"}
    assert listed("district2") == {"Bánh tráng"}
    assert listed("commune") == {"Lụa Mã Châu"}


def test_district_dashboard_card_counts_its_products_per_step(world, client_for):
    cards = client_for("district").get("/dashboard/").context["cards"]
    card = next(c for c in cards if c["icon"] == "diagram-3")
    assert card["value"] == 2 and "4: 2" in card["text"]
    assert card["url"].endswith("/board/508/")


def test_attachment_of_another_departments_task_is_not_served(world, client_for):
    url = f"/plans/attachments/{world['health_attachment'].pk}/"
    assert client_for("province").get(url).status_code == 200
    assert client_for("department").get(url).status_code == 404  # Sở Công Thương, not Sở Y tế
    assert client_for("district").get(url).status_code == 404
    assert client_for("council").get(url).status_code == 403
    assert client_for("anonymous").get(url).status_code == 302


def test_querysets_of_a_district_stay_in_its_district(world, users):
    plan = world["plan"]
    by = users["province"]
    for code in ("508", "506"):
        services.record_allocation(plan, locality=h.unit(code), source="provincial", amount=100, by=by)
        services.record_disbursement(
            plan, locality=h.unit(code), source="provincial", amount=10, date=TODAY, by=by
        )
        TrainingSession.objects.create(plan=plan, unit=h.unit(code), date=TODAY, topic=code)
        PeriodicReport.objects.create(district=h.unit(code), year=TODAY.year, period="Q1")
    TrainingSession.objects.create(plan=plan, unit=h.unit("49"), date=TODAY, topic="49")
    district = users["district"]
    assert {a.locality.code for a in access.visible(district, Allocation)} == {"508"}
    assert {d.locality.code for d in access.visible(district, Disbursement)} == {"508"}
    assert {r.district.code for r in access.visible(district, PeriodicReport)} == {"508"}
    assert {s.topic for s in access.visible(district, TrainingSession)} == {"508", "49"}
    assert {s.topic for s in access.editable(district, TrainingSession)} == {"508"}
    assert not access.editable(district, Allocation).exists()
    assert access.editable(district, Disbursement).count() == 1
    assert not access.visible(users["council"], PlanProduct).exists()
    assert not access.visible(users["producer"], Task).exists()
    assert not access.visible(
        users["department"], ProgressReport
    ).exists()  # only the Sở Y tế task has reports
    assert not access.visible(users["department"], ProgressAttachment).exists()


def test_draft_plan_rows_are_invisible_outside_dard(users):
    draft = h.make_plan(TODAY.year + 1)
    h.attach(draft, [h.product(commune="20599")])
    h.task(draft, group="districts", due_date=datetime.date(TODAY.year + 1, 3, 31))
    for role in ("department", "district", "commune"):
        assert not access.visible(users[role], PlanProduct).filter(plan=draft).exists()
        assert not access.visible(users[role], Task).filter(plan=draft).exists()
    assert access.visible(users["province"], Task).filter(plan=draft).count() == 1


def test_plan_products_list_query_count_is_constant(world, client_for, django_assert_max_num_queries):
    client = client_for("province")
    url = f"/plans/{world['plan'].pk}/products/"
    client.get(url)
    with django_assert_max_num_queries(25) as ctx:
        client.get(url)
    n = len(ctx.captured_queries)
    h.attach(world["plan"], [h.product(state=pw.IDEA_ACCEPTED) for _ in range(12)])
    with django_assert_max_num_queries(n):
        client.get(url)
