"""One source per batch deadline (issue 13, defect 5).

A published plan's dossier-batch milestones are bound to the batches of the province's call of
the plan's year: the date, batch number and quota are stored once, on the batch. Every page and
reminder that shows a batch deadline shows that one date; editing the milestone edits it; the
call's back office cannot change it behind the plan's back; a call created later takes the plan's
batches; an existing database is reconciled (the plan's date wins).
"""

from __future__ import annotations

import datetime
import importlib
import re
import subprocess

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from dossiers import batches as dossier_batches
from dossiers import checks
from dossiers.admin import SubmissionBatchForm
from dossiers.models import DossierCall, SubmissionBatch
from notifications.models import ReminderLog
from notifications.services import run_reminders
from ocop_portal.workflow import TransitionRefused
from plans import services
from plans import workflows as pwf
from plans.models import AnnualPlan, Milestone, PlanProduct
from plans.pdf import plan_pdf
from products.models import Level, RegulationVersion
from tests.notifications import helpers as nh

from . import helpers as h

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 12, 1)
PLAN_DATES = [(1, D(2026, 10, 2), 50), (2, D(2026, 12, 11), 100)]  # the plan's milestones
CALL_DATES = [(1, D(2026, 12, 22), 50), (2, D(2027, 1, 30), 100)]  # what the call said (the defect)
DATE = re.compile(r"\d{2}/\d{2}/\d{4}")


def ddmmyyyy(d: datetime.date) -> str:
    return d.strftime("%d/%m/%Y")


def make_call(year=2026, rows=CALL_DATES) -> DossierCall:
    call = DossierCall.objects.create(
        year=year,
        level=Level.PROVINCE,
        regulation=RegulationVersion.objects.get(code="148-2023"),
        issuing_unit=h.unit("49"),
        title=f"Hồ sơ đánh giá, phân hạng sản phẩm OCOP cấp tỉnh năm {year}",
    )
    for number, deadline, quota in rows:
        SubmissionBatch.objects.create(call=call, number=number, deadline=deadline, quota_percent=quota)
    return call


def make_plan(year=2026, rows=PLAN_DATES, *, publish=True) -> AnnualPlan:
    plan = h.make_plan(year, signer_name="Trần Anh Tuấn", signer_title="Phó Chủ tịch")
    for number, deadline, quota in rows:
        Milestone.objects.create(
            plan=plan,
            kind=Milestone.Kind.DOSSIER_BATCH,
            label=f"Đợt {number}: gửi hồ sơ về cấp tỉnh",
            due_date=deadline,
            batch_number=number,
            quota_percent=quota,
        )
    Milestone.objects.create(
        plan=plan,
        kind=Milestone.Kind.PROVINCE_EVALUATION,
        label="Đánh giá cấp tỉnh",
        due_date=D(2026, 12, 26),
    )
    if publish:
        services.publish_plan(plan, by=h.province_user())
    return plan


def batch_dates(call) -> list:
    return [(b.number, b.deadline, b.quota_percent) for b in call.batches.order_by("number")]


def milestone_dates(plan) -> list:
    return [(m.number, m.deadline, m.quota) for m in plan.milestones.dossier_batches()]


# --- binding ---------------------------------------------------------------------------------------
def test_publishing_binds_the_milestones_and_the_plans_dates_win():
    call = make_call()
    plan = make_plan()
    assert batch_dates(call) == PLAN_DATES == milestone_dates(plan)
    for m in plan.milestones.dossier_batches():
        # Stored once: on the batch; the milestone keeps only its label.
        assert m.batch.call == call and (m.due_date, m.batch_number, m.quota_percent) == (None, None, None)
    assert not plan.milestones.get(kind="province_evaluation").is_bound
    # The call's logic (which batch a submission goes to) reads the same dates.
    assert checks.pick_batch(list(call.batches.all()), TODAY)[0].deadline == PLAN_DATES[1][1]


def test_a_draft_keeps_its_own_dates_and_leaves_the_call_alone():
    call = make_call()
    plan = make_plan(publish=False)
    assert batch_dates(call) == CALL_DATES
    assert not any(m.is_bound for m in plan.milestones.all())


def test_the_date_cannot_be_stored_twice():
    make_call()
    m = make_plan().milestones.dossier_batches().first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Milestone.objects.filter(pk=m.pk).update(due_date=D(2026, 10, 5))
    with pytest.raises(ProtectedError):  # a batch the plan states cannot vanish under it
        m.batch.delete()


def test_a_missing_batch_is_created_from_the_plan():
    call = make_call(rows=CALL_DATES[:1])
    make_plan()
    assert batch_dates(call) == PLAN_DATES
    assert call.batches.get(number=2).note == "Đợt 2: gửi hồ sơ về cấp tỉnh"


def test_two_milestones_for_one_batch_refuse_publication():
    make_call()
    plan = make_plan(rows=[(1, D(2026, 10, 2), 50), (1, D(2026, 12, 11), 100)], publish=False)
    with pytest.raises(TransitionRefused, match="batch 1"):
        services.publish_plan(plan, by=h.province_user())
    assert AnnualPlan.objects.get(pk=plan.pk).status == pwf.DRAFT  # nothing half-done


def test_a_call_created_after_publication_takes_the_plans_batches(django_capture_on_commit_callbacks):
    plan = make_plan()
    assert not any(m.is_bound for m in plan.milestones.all())  # no call yet: the plan's own dates
    with django_capture_on_commit_callbacks(execute=True):
        call = make_call(rows=[(1, D(2026, 11, 1), 30)])  # as the back office saves call + inline batch
    assert batch_dates(call) == PLAN_DATES and all(m.is_bound for m in plan.milestones.dossier_batches())


# --- editing: one place -----------------------------------------------------------------------------
def _milestone_post(plan, changes: dict, reason="Lùi hạn đợt 2 theo đề nghị của các huyện") -> dict:
    ms = list(plan.milestones.all())
    data = {
        "milestones-TOTAL_FORMS": str(len(ms)),
        "milestones-INITIAL_FORMS": str(len(ms)),
        "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "1000",
        "reason": reason,
    }
    for i, m in enumerate(ms):
        row = {
            "id": m.pk,
            "plan": plan.pk,
            "kind": m.kind,
            "label": m.label,
            "due_date": ddmmyyyy(m.deadline),
            "batch_number": m.number or "",
            "quota_percent": m.quota if m.quota is not None else "",
        }
        row.update(changes.get(m.pk, {}))
        data.update({f"milestones-{i}-{k}": v for k, v in row.items()})
    return data


def test_editing_a_bound_milestone_edits_the_batch_and_records_the_amendment(client_for):
    call = make_call()
    plan = make_plan()
    second = plan.milestones.dossier_batches().get(batch__number=2)
    client = client_for("province")
    form = client.get(f"/plans/{plan.pk}/milestones/").context["formset"].forms
    shown = {f.instance.pk: f.initial.get("due_date") for f in form if f.instance.pk}
    assert shown[second.pk] == D(2026, 12, 11)  # the form shows the batch's date
    response = client.post(
        f"/plans/{plan.pk}/milestones/", _milestone_post(plan, {second.pk: {"due_date": "18/12/2026"}})
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert call.batches.get(number=2).deadline == D(2026, 12, 18)
    second.refresh_from_db()
    assert second.due_date is None and second.deadline == D(2026, 12, 18)
    amendment = plan.amendments.get(section="milestones")
    assert amendment.changes == [
        {
            "action": "changed",
            "item": "Đợt 2: gửi hồ sơ về cấp tỉnh (11/12/2026)",
            "fields": [{"field": "due_date", "old": "11/12/2026", "new": "18/12/2026"}],
        }
    ]
    snapshot = plan.versions.order_by("-number").first().snapshot
    assert [m["due_date"] for m in snapshot["milestones"] if m["kind"] == "dossier_batch"] == [
        "2026-10-02",
        "2026-12-18",
    ]


def test_the_back_office_shows_a_bound_batch_read_only():
    call = make_call()
    make_plan()
    extra = SubmissionBatch.objects.create(call=call, number=3, deadline=D(2027, 2, 15), quota_percent=100)
    bound = call.batches.get(number=2)
    form = SubmissionBatchForm(instance=bound)
    assert all(form.fields[f].disabled for f in ("number", "deadline", "quota_percent"))
    assert "65/KH-UBND — Đợt 2: gửi hồ sơ về cấp tỉnh" in str(form.fields["deadline"].help_text)
    # A posted change to the disabled date is ignored; an unbound batch stays editable.
    posted = SubmissionBatchForm(
        {"number": 2, "deadline": "2027-01-30", "quota_percent": 100, "note": "x"}, instance=bound
    )
    assert posted.is_valid() and posted.cleaned_data["deadline"] == D(2026, 12, 11)
    assert not SubmissionBatchForm(instance=extra).fields["deadline"].disabled
    owners = dossier_batches.owners_of(call.batches.all())
    assert set(owners) == {m.batch_id for m in Milestone.objects.filter(batch__call=call)}


# --- every consumer: the one date -----------------------------------------------------------------
def _text(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_every_page_pdf_and_reminder_shows_the_one_date(client_for):
    ppl = nh.people()
    call = make_call()
    for i in range(4):
        nh.dossier(call, ppl["dx"], f"Sản phẩm Duy Xuyên {i}")
    plan = make_plan()
    PlanProduct.objects.create(plan=plan, product=h.product(), kind="new")
    source = {n: ddmmyyyy(b.deadline) for n, b in ((b.number, b) for b in call.batches.all())}
    assert source == {1: "02/10/2026", 2: "11/12/2026"}
    both = [source[1], source[2]]
    stale = ["22/12/2026", "30/01/2027"]

    with nh.at(TODAY, 9):
        province, district = client_for("province"), client_for("district")
        pages = {
            "plan": _text(province.get(f"/plans/{plan.pk}/")),
            "plan dashboard": _text(province.get(f"/plans/{plan.pk}/dashboard/")),
            "board": _text(province.get(f"/plans/{plan.pk}/board/")),
            "call": _text(province.get(f"/dossiers/calls/{call.pk}/")),
            "calls": _text(province.get("/dossiers/calls/")),
            "home (DARD)": _text(province.get("/dashboard/")),
            "home (district)": _text(district.get("/dashboard/")),
        }
    for name, text in pages.items():
        assert not any(d in text for d in stale), name
    for name in ("plan", "plan dashboard", "board", "call", "calls"):
        assert all(d in pages[name] for d in both), name
    assert (
        "Batch 1: deadline 02/10/2026" in pages["call"] and "Batch 2: by 11/12/2026 (100 %)" in pages["calls"]
    )
    assert "Next deadline 11/12/2026" in pages["home (DARD)"]
    assert "Next batch: 11/12/2026" in pages["home (district)"]
    assert "Next deadline 11/12/2026" in pages["home (district)"]

    raw = subprocess.run(["pdftotext", "-", "-"], input=plan_pdf(plan), capture_output=True, check=True)
    pdf = " ".join(raw.stdout.decode().split())
    for number, deadline in source.items():
        assert f"Đợt {number}: gửi hồ sơ về cấp tỉnh: trước ngày {deadline}" in pdf
    assert not any(d in pdf for d in stale)

    # Reminders: one per district officer and lead, for the batch (never a second one for the
    # milestone), on the one date.
    for day in (D(2026, 11, 27), D(2026, 12, 4), D(2026, 12, 10)):  # 14, 7 and 1 days before batch 2
        with nh.at(day):
            run_reminders()
    logs = ReminderLog.objects.filter(kind="dossier_batch")
    assert logs.exists() and set(logs.values_list("object_type", flat=True)) == {"batch"}
    assert set(logs.values_list("moment", flat=True)) == {D(2026, 12, 11)}
    assert all(source[2] in title for title in logs.values_list("title", flat=True))


def test_a_plan_without_a_call_is_reminded_from_its_own_date():
    ppl = nh.people()
    plan = make_plan()
    PlanProduct.objects.create(plan=plan, product=nh.product("Sản phẩm chưa có kỳ tiếp nhận"), kind="new")
    with nh.at(D(2026, 12, 4)):
        run_reminders()
    logs = ReminderLog.objects.filter(kind="dossier_batch", recipient=ppl["dx"])
    assert set(logs.values_list("object_type", "moment")) == {("milestone", D(2026, 12, 11))}


# --- reconciling an existing database -----------------------------------------------------------
class _Editor:
    connection = connection

    def execute(self, sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)


def test_the_migration_reconciles_a_database_where_the_dates_disagreed():
    from django.apps import apps

    call = make_call()
    plan = make_plan(publish=False)
    AnnualPlan.objects.filter(pk=plan.pk).update(status=pwf.PUBLISHED)  # as before the fix: unbound
    draft = make_plan(2027, publish=False)
    make_call(2027, [(1, D(2027, 7, 1), 50)])
    migration = importlib.import_module("plans.migrations.0003_milestone_bound_to_batch")
    migration.bind_published_plans(apps, _Editor())
    assert batch_dates(call) == PLAN_DATES == milestone_dates(plan)
    assert all(m.is_bound for m in plan.milestones.dossier_batches())
    assert not any(m.is_bound for m in draft.milestones.all())  # drafts keep their own dates
    migration.unbind(apps, _Editor())
    assert [
        (m.batch_number, m.due_date, m.quota_percent) for m in plan.milestones.dossier_batches()
    ] == PLAN_DATES
