"""The plan: publish → version snapshot, amendments with history, copy to a new year, visibility."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from ocop_portal.workflow import TransitionRefused
from plans import services, workflows
from plans.models import (
    Amendment,
    AnnualPlan,
    LegalBasis,
    Milestone,
    PlanProduct,
    PlanVersion,
    ProgressReport,
    Recurrence,
    Task,
)
from products import workflows as pw

from . import helpers as h

pytestmark = pytest.mark.django_db


def test_publish_needs_number_and_date_and_a_provincial_user(users):
    plan = h.make_plan(2023, number="")
    with pytest.raises(TransitionRefused, match="number"):
        services.publish_plan(plan, by=users["province"])
    AnnualPlan.objects.filter(pk=plan.pk).update(number="65/KH-UBND")
    with pytest.raises(TransitionRefused):
        services.publish_plan(plan, by=users["district"])
    plan.refresh_from_db()
    assert plan.status == workflows.DRAFT and not PlanVersion.objects.exists()


def test_publish_freezes_version_one(users):
    plan = h.make_plan(2023)
    h.add_milestones(plan, [("province_evaluation", datetime.date(2023, 10, 30))])
    h.attach(plan, [h.product(name="Nước mắm Cửa Khe")])
    h.task(plan, lead="so-cong-thuong", title="Tổ chức hội chợ")
    services.publish_plan(plan, by=users["province"])
    assert (plan.status, plan.version, plan.published_by) == (workflows.PUBLISHED, 1, users["province"])
    snap = plan.versions.get(number=1).snapshot
    assert snap["number"] == "65/KH-UBND" and snap["year"] == 2023
    assert snap["milestones"][0]["due_date"] == "2023-10-30"
    assert [p["name"] for p in snap["products"]] == ["Nước mắm Cửa Khe"]
    assert snap["tasks"][0]["lead"] == "Sở Công Thương"
    assert len(snap["step_windows"]) == 6
    assert list(services.log_for(plan).values_list("name", "to_state")) == [("publish", "published")]
    with pytest.raises(TransitionRefused):
        services.publish_plan(plan, by=users["province"])


def test_editing_a_draft_is_not_an_amendment(users):
    plan = h.make_plan(2023)
    assert services.update_plan(plan, by=users["province"], title="Kế hoạch OCOP 2023 (dự thảo 2)") is None
    plan.refresh_from_db()
    assert plan.title == "Kế hoạch OCOP 2023 (dự thảo 2)" and plan.version == 0
    assert not Amendment.objects.exists()


def test_amending_a_published_plan_records_who_what_why_and_bumps_the_version(users):
    plan = h.make_plan(2023, published=True, funding="Quyết định 3371/QĐ-UBND")
    with pytest.raises(TransitionRefused, match="reason"):
        services.update_plan(plan, by=users["province"], funding="Quyết định 3371/QĐ-UBND và nguồn NTM")
    plan.refresh_from_db()
    assert plan.funding == "Quyết định 3371/QĐ-UBND" and plan.version == 1
    amendment = services.update_plan(
        plan,
        by=users["province"],
        reason="Bổ sung nguồn kinh phí NTM Trung ương",
        funding="Quyết định 3371/QĐ-UBND và nguồn NTM",
        date=datetime.date(2023, 4, 20),
    )
    assert amendment.version == 2 and amendment.by == users["province"]
    changes = {c["field"]: (c["old"], c["new"]) for c in amendment.changes}
    assert changes == {
        "funding": ("Quyết định 3371/QĐ-UBND", "Quyết định 3371/QĐ-UBND và nguồn NTM"),
        "date": ("08/04/2023", "20/04/2023"),
    }
    plan.refresh_from_db()
    assert plan.version == 2
    assert plan.versions.get(number=2).snapshot["funding"].endswith("nguồn NTM")
    assert plan.versions.get(number=1).snapshot["funding"] == "Quyết định 3371/QĐ-UBND"
    assert services.update_plan(plan, by=users["province"], reason="x", funding=plan.funding) is None


def test_only_dard_amends(users):
    plan = h.make_plan(2023, published=True)
    with pytest.raises(TransitionRefused):
        services.update_plan(plan, by=users["department"], reason="x", title="y")
    with pytest.raises(TransitionRefused):
        services.add_products(plan, [h.product()], kind="new", by=users["district"], reason="x")


def test_product_list_changes_are_amendments_once_published(users):
    plan = h.make_plan(2023)
    first = h.product(name="Bánh tráng Đại Lộc")
    services.add_products(plan, [first], kind="new", by=users["province"])
    assert not Amendment.objects.exists()  # still a draft
    services.publish_plan(plan, by=users["province"])
    second = h.product(name="Mì Quảng")
    with pytest.raises(TransitionRefused):
        services.add_products(plan, [second], kind="upgrade", by=users["province"])
    added = services.add_products(
        plan, [second, first], kind="upgrade", by=users["province"], reason="Bổ sung theo đề nghị của huyện"
    )
    assert [e.product for e in added] == [second]  # already listed products are skipped
    entry = PlanProduct.objects.get(plan=plan, product=first)
    services.remove_product(entry, by=users["province"], reason="Chủ thể rút khỏi chương trình")
    history = list(plan.amendments.order_by("version").values_list("version", "section", "reason"))
    assert history == [
        (2, "products", "Bổ sung theo đề nghị của huyện"),
        (3, "products", "Chủ thể rút khỏi chương trình"),
    ]
    last = plan.amendments.get(version=3)
    assert last.changes == [
        {"action": "removed", "item": "Bánh tráng Đại Lộc", "product_id": first.pk, "kind": "new"}
    ]
    assert [p["name"] for p in plan.versions.get(number=3).snapshot["products"]] == ["Mì Quảng"]


def test_section_formset_amendment_through_the_view(client_for):
    plan = h.make_plan(2023, published=True)
    m = Milestone.objects.create(
        plan=plan,
        kind="dossier_batch",
        label="Đợt 1",
        due_date=datetime.date(2023, 7, 15),
        batch_number=1,
        quota_percent=50,
    )
    data = {
        "milestones-TOTAL_FORMS": "1",
        "milestones-INITIAL_FORMS": "1",
        "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "1000",
        "milestones-0-id": str(m.pk),
        "milestones-0-plan": str(plan.pk),
        "milestones-0-kind": "dossier_batch",
        "milestones-0-label": "Đợt 1",
        "milestones-0-due_date": "31/07/2023",
        "milestones-0-batch_number": "1",
        "milestones-0-quota_percent": "50",
    }
    client = client_for("province")
    response = client.post(f"/plans/{plan.pk}/milestones/", data)
    assert response.status_code == 200 and "reason" in response.content.decode().lower()
    m.refresh_from_db()
    assert m.due_date == datetime.date(2023, 7, 15)
    response = client.post(f"/plans/{plan.pk}/milestones/", {**data, "reason": "Lùi hạn nộp hồ sơ đợt 1"})
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.due_date == datetime.date(2023, 7, 31)
    amendment = plan.amendments.get()
    assert amendment.section == "milestones"
    assert amendment.changes[0]["fields"] == [{"field": "due_date", "old": "15/07/2023", "new": "31/07/2023"}]


def test_milestone_quota_only_for_dossier_batches(client_for):
    plan = h.make_plan(2023)
    data = {
        "milestones-TOTAL_FORMS": "1",
        "milestones-INITIAL_FORMS": "0",
        "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "1000",
        "milestones-0-kind": "district_evaluation",
        "milestones-0-label": "Đánh giá cấp huyện",
        "milestones-0-due_date": "31/07/2023",
        "milestones-0-quota_percent": "50",
    }
    response = client_for("province").post(f"/plans/{plan.pk}/milestones/", data)
    assert response.status_code == 200 and not Milestone.objects.exists()


def test_copy_plan_to_the_next_year(users):
    plan = h.make_plan(
        2022,
        published=True,
        specific_objectives="Hỗ trợ 268 sản phẩm; ít nhất 70% sản phẩm năm 2022 đạt 3 sao; tổng kết năm 2022, triển khai nhiệm vụ năm 2023.",
        purposes="Cụ thể hóa Nghị quyết số 07/2021/NQ-HĐND ngày 13/01/2021.",
    )
    LegalBasis.objects.create(
        plan=plan, kind="Nghị quyết", reference="07/2021/NQ-HĐND", issued_on=datetime.date(2021, 1, 13)
    )
    h.add_milestones(
        plan,
        [
            ("dossier_batch", datetime.date(2022, 7, 15), 50),
            ("dossier_batch", datetime.date(2022, 9, 15), 100),
        ],
    )
    manual = h.target(plan, "manual", 2, unit="hội chợ")
    services.set_manual_value(manual, 2, by=users["province"])
    h.target(plan, "share_3star", 70)
    t = h.task(
        plan,
        lead="so-nnptnt",
        cooperating=["so-tai-chinh"],
        due_date=datetime.date(2022, 3, 31),
        recurrence=Recurrence.QUARTERLY,
        status="done",
    )
    services.spawn_next_occurrence(t)
    services.add_progress_report(t, by=users["province"], text="Đã họp quý I")
    h.attach(plan, [h.product(state=pw.RECOGNISED)])

    new = services.copy_plan(plan, 2023, by=users["province"])
    assert (new.year, new.status, new.version, new.number, new.date, new.copied_from) == (
        2023,
        "draft",
        0,
        "",
        None,
        plan,
    )
    assert new.title.endswith("năm 2023")
    assert (
        "năm 2023 đạt 3 sao" in new.specific_objectives
        and "triển khai nhiệm vụ năm 2024" in new.specific_objectives
    )
    assert new.purposes == plan.purposes  # cited documents untouched
    assert list(new.legal_bases.values_list("reference", flat=True)) == ["07/2021/NQ-HĐND"]
    assert list(new.milestones.values_list("due_date", "quota_percent")) == [
        (datetime.date(2023, 7, 15), 50),
        (datetime.date(2023, 9, 15), 100),
    ]
    assert new.step_windows.count() == 6 and new.step_windows.get(step=6).end == datetime.date(2023, 12, 31)
    assert new.targets.count() == 2 and new.targets.get(kind="manual").manual_value is None
    assert new.targets.get(kind="manual").goal_value == Decimal("2")
    copied = new.tasks.get()  # the root task only, not its spawned occurrence
    assert (copied.status, copied.due_date, copied.recurrence) == (
        "open",
        datetime.date(2023, 3, 31),
        "quarterly",
    )
    assert list(copied.cooperating.values_list("code", flat=True)) == ["so-tai-chinh"]
    assert not new.plan_products.exists()
    assert not ProgressReport.objects.filter(task__plan=new).exists()
    with pytest.raises(TransitionRefused):
        services.copy_plan(plan, 2023, by=users["province"])


def test_copy_shifts_leap_day_milestones(users):
    plan = h.make_plan(2024)
    h.add_milestones(plan, [("plan_registration", datetime.date(2024, 2, 29))])
    new = services.copy_plan(plan, 2025, by=users["province"])
    assert new.milestones.get().due_date == datetime.date(2025, 2, 28)


def test_copy_view(client_for):
    plan = h.make_plan(2023, published=True)
    response = client_for("province").post(f"/plans/{plan.pk}/copy/", {"year": "2024"})
    new = AnnualPlan.objects.get(year=2024)
    assert response.status_code == 302 and response["Location"] == f"/plans/{new.pk}/"


def test_edit_view_requires_a_reason_when_published(client_for):
    plan = h.make_plan(2023, published=True)
    client = client_for("province")
    form = client.get(f"/plans/{plan.pk}/edit/").context["form"]
    data = {k: (v if v is not None else "") for k, v in form.initial.items() if k in AnnualPlan.TEXT_FIELDS}
    data["date"] = "08/04/2023"
    data["signer_name"] = "Trần Anh Tuấn"
    response = client.post(f"/plans/{plan.pk}/edit/", data)
    assert response.status_code == 200 and not Amendment.objects.exists()
    response = client.post(f"/plans/{plan.pk}/edit/", {**data, "reason": "Bổ sung người ký"})
    assert response.status_code == 302
    amendment = Amendment.objects.get()
    assert amendment.changes == [
        {"field": "signer_name", "label": "signer", "old": "", "new": "Trần Anh Tuấn"}
    ]


def test_drafts_are_for_dard_only_published_plans_for_all_staff(client_for):
    draft = h.make_plan(2024)
    published = h.make_plan(2023, published=True)
    for role in ("department", "district", "commune"):
        client = client_for(role)
        assert client.get(f"/plans/{draft.pk}/").status_code == 404
        assert client.get(f"/plans/{published.pk}/").status_code == 200
        listed = set(client.get("/plans/").context["table"].data.data)
        assert listed == {published}
    assert set(client_for("province").get("/plans/").context["table"].data.data) == {draft, published}


def test_plan_detail_shows_the_generated_implementation_section(client_for):
    plan = h.make_plan(2023, published=True)
    h.task(
        plan,
        lead="so-cong-thuong",
        title="Hội chợ",
        description="Chủ trì tổ chức các cuộc Hội chợ sản phẩm OCOP.",
    )
    h.task(plan, group="districts", title="Báo cáo", description="Báo cáo định kỳ về Sở NN&PTNT.")
    response = client_for("department").get(f"/plans/{plan.pk}/")
    assert response.context["implementation"] == [
        ("Sở Công Thương", ["Chủ trì tổ chức các cuộc Hội chợ sản phẩm OCOP."]),
        ("Ủy ban nhân dân các huyện, thị xã, thành phố", ["Báo cáo định kỳ về Sở NN&PTNT."]),
    ]
    assert "Báo cáo định kỳ về Sở NN&amp;PTNT." in response.content.decode()
    assert Task.objects.count() == 2
