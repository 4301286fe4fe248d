"""Page flows through the forms, query budgets, and the demo data."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from plans import workflows
from plans.models import (
    Allocation,
    AnnualPlan,
    DutyTemplate,
    PlanProduct,
    RevenueReport,
    Target,
    Task,
    TrainingAttendance,
    TrainingSession,
)
from plans.sections import implementation_section
from producers.models import ProducerAccount
from products import workflows as pw

from . import helpers as h

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_create_publish_and_fill_a_plan_through_the_pages(client_for, users):
    client = client_for("province")
    response = client.post(
        "/plans/new/",
        {
            "year": TODAY.year,
            "title": f"Kế hoạch OCOP năm {TODAY.year}",
            "number": "12/KH-UBND",
            "date": "15/01/" + str(TODAY.year),
        },
    )
    plan = AnnualPlan.objects.get(year=TODAY.year)
    assert response.status_code == 302 and plan.created_by == users["province"]
    assert (
        client.post("/plans/new/", {"year": TODAY.year, "title": "x"}).status_code == 200
    )  # one plan a year
    product = h.product(state=pw.IDEA_ACCEPTED, name="Trà mãng cầu")
    page = client.get(f"/plans/{plan.pk}/products/add/?q=mang cau")
    assert product in page.context["shown"]
    response = client.post(
        f"/plans/{plan.pk}/products/add/", {"kind": "new", "products": [product.pk], "note": ""}
    )
    assert response.status_code == 302 and PlanProduct.objects.filter(plan=plan, product=product).exists()
    asked = client.post(f"/plans/{plan.pk}/publish/")  # without the confirmation field: only asked
    plan.refresh_from_db()
    assert asked.status_code == 200 and plan.status == workflows.DRAFT
    assert 'name="confirmed" value="1"' in asked.content.decode()
    response = client.post(f"/plans/{plan.pk}/publish/", {"confirmed": "1"})
    plan.refresh_from_db()
    assert response.status_code == 302 and plan.status == workflows.PUBLISHED and plan.version == 1
    response = client.post(
        f"/plans/{plan.pk}/products/add/", {"kind": "upgrade", "products": [h.product().pk], "note": ""}
    )
    assert response.status_code == 200 and plan.plan_products.count() == 1  # reason required now
    entry = plan.plan_products.get()
    response = client.post(f"/plans/products/{entry.pk}/remove/", {"reason": "Chủ thể xin rút"})
    assert response.status_code == 302 and not plan.plan_products.exists()
    assert plan.amendments.get().reason == "Chủ thể xin rút"


def test_task_pages(client_for, users):
    plan = h.make_plan(TODAY.year, published=True)
    client = client_for("province")
    response = client.post(
        f"/plans/{plan.pk}/tasks/new/",
        {
            "lead_department": h.dept("so-cong-thuong").pk,
            "lead_group": "",
            "cooperating": [h.dept("so-nnptnt").pk],
            "title": "Hội chợ OCOP tại Hội An",
            "description": "Chủ trì tổ chức Hội chợ.",
            "due_date": "30/11/" + str(TODAY.year),
            "recurrence": "yearly",
            "order": 1,
        },
    )
    task = Task.objects.get()
    assert response.status_code == 302 and task.cooperating.get().code == "so-nnptnt"
    both = client.post(
        f"/plans/{plan.pk}/tasks/new/",
        {
            "lead_department": h.dept("so-y-te").pk,
            "lead_group": "districts",
            "title": "x",
            "recurrence": "none",
            "order": 0,
        },
    )
    assert both.status_code == 200 and Task.objects.count() == 1
    dept = client_for("department")
    assert dept.post(f"/plans/tasks/{task.pk}/do/start/").status_code == 302
    task.refresh_from_db()
    assert task.status == workflows.IN_PROGRESS
    assert (
        client_for("department").post(f"/plans/tasks/{task.pk}/do/reopen/").status_code == 302
    )  # refused: message
    task.refresh_from_db()
    assert task.status == workflows.IN_PROGRESS
    detail = dept.get(f"/plans/tasks/{task.pk}/")
    assert detail.context["can_manage"] and [t.name for t in detail.context["transitions"]] == ["complete"]


def test_training_pages(client_for, users):
    plan = h.make_plan(TODAY.year, published=True)
    client = client_for("district")
    form = client.get(f"/plans/{plan.pk}/training/new/").context["form"]
    assert [u.code for u in form.fields["unit"].queryset] == ["508"]
    response = client.post(
        f"/plans/{plan.pk}/training/new/",
        {
            "unit": h.unit("508").pk,
            "date": TODAY.strftime("%d/%m/%Y"),
            "topic": "Hướng dẫn phương án kinh doanh",
        },
    )
    session = TrainingSession.objects.get()
    assert response.status_code == 302 and session.created_by == users["district"]
    producer = h.product(commune="20599").producer
    response = client.post(
        f"/plans/training/{session.pk}/attendees/",
        {"users": [users["commune"].pk], "producers": [producer.pk]},
    )
    assert response.status_code == 302
    assert set(TrainingAttendance.objects.values_list("unit__code", flat=True)) == {"20599"}
    other = client_for("district2").post(
        f"/plans/{plan.pk}/training/new/",
        {"unit": h.unit("508").pk, "date": TODAY.strftime("%d/%m/%Y"), "topic": "x"},
    )
    assert other.status_code == 200 and TrainingSession.objects.count() == 1


def test_allocation_and_revenue_pages(client_for, users):
    plan = h.make_plan(TODAY.year, published=True)
    response = client_for("province").post(
        f"/plans/{plan.pk}/funding/allocations/new/",
        {
            "locality": h.unit("508").pk,
            "source": "provincial",
            "amount": "450000000",
            "decision_reference": "3371/QĐ-UBND",
        },
    )
    assert response.status_code == 302 and Allocation.objects.get().amount == 450_000_000
    product = h.product(commune="20599")
    response = client_for("district").post(
        "/plans/revenue/new/",
        {
            "producer": product.producer.pk,
            "product": product.pk,
            "year": TODAY.year - 1,
            "revenue": "800000000",
            "profit": "90000000",
        },
    )
    assert response.status_code == 302
    outside = h.product(commune=h.unit("506").children.order_by("code").first().code)
    response = client_for("district").post(
        "/plans/revenue/new/", {"producer": outside.producer.pk, "year": TODAY.year - 1, "revenue": "1"}
    )
    assert response.status_code == 200  # not one of this district's producers
    ProducerAccount.objects.create(user=users["producer"], producer=product.producer)
    response = client_for("producer").post(
        "/plans/revenue/new/",
        {
            "producer": product.producer.pk,
            "product": product.pk,
            "year": TODAY.year - 1,
            "revenue": "850000000",
        },
    )
    assert response.status_code == 302
    row = RevenueReport.objects.get()  # corrected, not duplicated
    assert row.revenue == 850_000_000 and row.reported_by == users["producer"]
    listed = client_for("producer").get("/plans/revenue/").context["table"].data.data
    assert list(listed) == [row]


def test_manual_target_value_page(client_for):
    plan = h.make_plan(TODAY.year, published=True)
    target = h.target(plan, "manual", 1, unit="đợt")
    response = client_for("province").post(
        f"/plans/targets/{target.pk}/value/", {"manual_value": "1", "manual_note": "Nhật Bản"}
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.manual_value == 1 and not plan.amendments.exists()


@pytest.mark.parametrize(
    "url,make",
    [
        ("/plans/", lambda i: h.make_plan(2000 + i, published=True)),
        ("/plans/reports/", lambda i: h.unit("508") and _report(i)),
        (
            "/plans/duties/",
            lambda i: DutyTemplate.objects.create(code=f"d{i}", lead_group="districts", title="x", text="x"),
        ),
    ],
)
def test_list_query_budget(client_for, django_assert_max_num_queries, url, make):
    client = client_for("province")
    for i in range(2):
        make(i)
    client.get(url)
    with django_assert_max_num_queries(20) as ctx:
        client.get(url)
    n = len(ctx.captured_queries)
    for i in range(2, 10):
        make(i)
    with django_assert_max_num_queries(n):
        client.get(url)


def _report(i):
    from plans.models import PeriodicReport

    return PeriodicReport.objects.create(district=h.unit("508"), year=2000 + i, period="Q1")


def test_dashboard_and_detail_query_budgets(client_for, django_assert_max_num_queries, users):
    plan = h.make_plan(TODAY.year, published=True)
    for kind, goal in (("share_3star", 70), ("economic_orgs", 10), ("manual", 1)):
        h.target(plan, kind, goal)
    h.attach(plan, [h.product(state=pw.IN_DEVELOPMENT) for _ in range(3)])
    h.task(plan, lead="so-cong-thuong", due_date=TODAY - datetime.timedelta(days=2))
    client = client_for("province")
    for url in (f"/plans/{plan.pk}/dashboard/", f"/plans/{plan.pk}/"):
        client.get(url)
        with django_assert_max_num_queries(45) as ctx:
            client.get(url)
        n = len(ctx.captured_queries)
        h.attach(plan, [h.product(state=pw.PLAN_APPROVED) for _ in range(10)])
        for _ in range(5):
            h.task(plan, lead="so-y-te", due_date=TODAY - datetime.timedelta(days=1))
        with django_assert_max_num_queries(n):
            client.get(url)


def test_demo_loads_the_seed_plans_and_is_idempotent():
    call_command("seed_demo", "--allow-production", stdout=io.StringIO())
    p22, p23, current = (AnnualPlan.objects.get(year=y) for y in (2022, 2023, TODAY.year))
    assert (p22.number, p22.date) == ("2134/KH-UBND", datetime.date(2022, 4, 8))
    # The 2022 plan's batches are the 2022 call's (bound at publication, one date each).
    assert [(m.deadline, m.quota, m.batch.call.year) for m in p22.milestones.all()] == [
        (datetime.date(2022, 7, 15), 50, 2022),
        (datetime.date(2022, 9, 15), 100, 2022),
    ]
    assert (
        p22.legal_bases.count() == 3
        and p22.targets.filter(kind="supported_products", goal_value=268).exists()
    )
    dates = set(p23.milestones.values_list("due_date", flat=True))
    assert {datetime.date(2023, 2, 10), datetime.date(2023, 10, 30)} <= dates
    t23 = {t.kind: t for t in p23.targets.all()}
    assert (t23["new_4star"].goal_value, t23["new_4star"].goal_max) == (10, 15)
    assert p23.targets.filter(kind="fairs_held", scope="out_of_province", goal_value=3).exists()
    assert len(implementation_section(p23)) == 12
    assert p23.plan_products.exists() and p23.status == workflows.PUBLISHED
    assert current.status == workflows.PUBLISHED and current.amendments.count() >= 1 and current.version >= 2
    assert (
        current.tasks.overdue().exists()
        and current.tasks.filter(status="done", reports__isnull=False).exists()
    )
    deadlines = [m.deadline for m in current.milestones.all()]
    assert current.training_sessions.exists() and any(d > TODAY for d in deadlines)
    assert any(d < TODAY for d in deadlines)
    # The current year: batch 1 before batch 2, one passed and one open, each the call's batch.
    batches = list(current.milestones.dossier_batches())
    assert [m.number for m in batches] == [1, 2] and all(m.is_bound for m in batches)
    assert batches[0].deadline < TODAY <= batches[1].deadline
    assert [(b.number, b.deadline) for b in batches[0].batch.call.batches.all()] == [
        (m.number, m.deadline) for m in batches
    ]
    # Cited documents keep their dates; only the plan's own years moved.
    assert (
        "148/QĐ-TTg ngày 24/02/2023" in current.contents
        and f"24/02/{TODAY.year}" not in current.purposes + current.contents
    )
    assert current.plan_products.filter(kind="upgrade", product__state=pw.RECOGNISED).exists()
    assert current.plan_products.filter(kind="new").exclude(product__state=pw.RECOGNISED).exists()
    assert any(target.measure().value is not None for target in Target.objects.filter(plan=current))
    from plans.figures import funding_summary

    rows, _ = funding_summary(current.allocations.all(), current.disbursements.all())
    assert any(r.low_spending for r in rows) and any(r.remainder == 0 or r.rate >= 90 for r in rows)
    counts = (AnnualPlan.objects.count(), Task.objects.count(), PlanProduct.objects.count())
    call_command("seed_demo", "--allow-production", stdout=io.StringIO())
    assert (AnnualPlan.objects.count(), Task.objects.count(), PlanProduct.objects.count()) == counts
