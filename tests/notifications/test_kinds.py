"""Each reminder kind and lead time, with time-machine: the clock is moved to the reminder's day
and ``run_reminders()`` takes "today" from it, as the beat task does."""

from __future__ import annotations

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail

from certificates import services as evaluation_services
from certificates.models import Certificate
from evaluation.models import ConflictDeclaration, Level, Round
from notifications.models import Notification, ReminderLog
from notifications.services import run_reminders
from plans import services as plan_services
from plans import workflows as pwf
from plans.models import PlanProduct, Recurrence, Task
from products import workflows as pw
from products.models import Product
from tests.factories import revocation_decision
from tests.notifications import helpers as h

D = h.D
BATCH_1 = D(2022, 7, 15)


def run_on(day: datetime.date):
    with h.at(day):
        return run_reminders()


def sent(results):
    return sorted((r.kind, r.lead, r.recipient) for r in results if r.status == "sent")


# --- dossier batches -------------------------------------------------------------------------------
@pytest.fixture
def batch_world(db):
    ppl = h.people()
    call = h.call_2022()
    h.dossier(call, ppl["dx"], "Nước mắm Duy Xuyên")
    h.dossier(call, ppl["dx"], "Bánh tráng Duy Xuyên")
    h.dossier(call, ppl["dx"], "Lụa Mã Châu", complete=True)
    return {**ppl, "call": call}


@pytest.mark.parametrize("lead", [30, 14, 7, 1])
def test_dossier_batch_reminder_for_each_lead_time(batch_world, lead):
    results = run_on(BATCH_1 - datetime.timedelta(days=lead))
    batch = [r for r in results if r.kind == "dossier_batch"]
    assert sorted((r.lead, r.recipient, r.late) for r in batch) == [
        (f"{lead}d", "dx_officer", False),
        (f"{lead}d", "dx_quiet", False),
    ]
    message = next(m for m in mail.outbox if m.to == ["dx_officer@example.vn"])
    assert f"(còn {lead} ngày)" in message.subject and "lô 1 ngày 15/07/2022" in message.subject
    body = message.body
    # Quota: 3 registered, 50 % → 2 to submit, 0 submitted.
    assert "Sản phẩm đăng ký: 3" in body and "đăng ký): 2" in body and "còn thiếu 2" in body
    # The products still to complete, with what is missing.
    assert "Nước mắm Duy Xuyên" in body and "Lụa Mã Châu" in body
    assert "Phương án / dự án sản xuất kinh doanh (mẫu 03)" in body
    assert "Chưa xác nhận kiểm tra thực tế tại cơ sở" in body
    assert "Đã đủ thành phần: cần bấm nộp hồ sơ" in body  # the complete one waits to be submitted
    html = message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html" and "<table" in html and "Lụa Mã Châu" in html
    # Nobody outside Duy Xuyên is told; nothing more the same day.
    assert not ReminderLog.objects.filter(recipient=batch_world["dl"]).exists()
    assert not [r for r in run_on(BATCH_1 - datetime.timedelta(days=lead)) if r.kind == "dossier_batch"]


def test_no_dossier_reminder_between_lead_times_or_after_the_deadline(batch_world):
    run_on(BATCH_1 - datetime.timedelta(days=30))
    for day in (BATCH_1 - datetime.timedelta(days=29), BATCH_1 - datetime.timedelta(days=20)):
        assert not [r for r in run_on(day) if r.kind == "dossier_batch"]
    assert not [r for r in run_on(BATCH_1 + datetime.timedelta(days=1)) if r.kind == "dossier_batch"]


def test_lead_times_come_from_settings(batch_world, settings):
    settings.OCOP_REMINDER_LEAD_DAYS = [10]
    assert not [r for r in run_on(BATCH_1 - datetime.timedelta(days=14)) if r.kind == "dossier_batch"]
    results = [r for r in run_on(BATCH_1 - datetime.timedelta(days=10)) if r.kind == "dossier_batch"]
    assert {r.lead for r in results} == {"10d"}


def test_a_district_that_met_a_non_final_quota_is_not_reminded(batch_world):
    dx = batch_world["dx"]
    ready = [h.dossier(batch_world["call"], dx, f"Sản phẩm đủ {i}", complete=True) for i in range(3)]
    for d in ready:
        h.submit(d, dx, D(2022, 6, 1))
    # 6 registered, 50 % → 3 needed, 3 submitted: batch 1 is met although 3 dossiers still wait.
    assert not [r for r in run_on(D(2022, 7, 1)) if r.kind == "dossier_batch"]
    # The last batch (100 %) still reminds about the waiting ones.
    results = [r for r in run_on(D(2022, 9, 1)) if r.kind == "dossier_batch"]
    assert {r.lead for r in results} == {"14d"}


def test_plan_milestone_without_a_call_reminds_from_the_plan_products(db):
    ppl = h.people()
    plan = h.plan(2022, milestones=[(BATCH_1, 50), (D(2022, 9, 15), 100)])
    products = [h.product(f"Sản phẩm kế hoạch {i}") for i in range(3)]
    plan_services.add_products(plan, products, kind="new", by=None, reason="Danh sách kèm theo")
    results = [r for r in run_on(D(2022, 7, 8)) if r.kind == "dossier_batch"]
    assert sorted((r.object_type, r.lead, r.recipient) for r in results) == [
        ("milestone", "7d", "dx_officer"),
        ("milestone", "7d", "dx_quiet"),
    ]
    body = next(m for m in mail.outbox if m.to == [ppl["dx"].email]).body
    assert "Nộp hồ sơ lô 1" in body and "Sản phẩm đăng ký: 3" in body and "Chưa lập hồ sơ" in body


def test_milestone_bound_to_a_call_batch_is_reminded_once_as_the_batch(batch_world):
    """Issue 13: a published plan's milestone is bound to the call's batch (one date, on the batch):
    one reminder per officer, for the batch, even with products on the plan's list."""
    plan = h.plan(2022, milestones=[(BATCH_1, 50)])
    plan_services.add_products(plan, [h.product("Sản phẩm kế hoạch")], kind="new", by=None, reason="x")
    plan_services.bind_batches(plan)
    assert plan.milestones.get().batch == batch_world["call"].batches.get(number=1)
    results = [r for r in run_on(D(2022, 7, 8)) if r.kind == "dossier_batch"]
    assert {r.object_type for r in results} == {"batch"} and len(results) == 2


def test_milestones_of_a_draft_plan_are_not_reminded(db):
    h.people()
    plan = h.plan(2022, status=pwf.DRAFT, milestones=[(BATCH_1, 50)])
    plan_services.add_products(plan, [h.product("Sản phẩm dự thảo")], kind="new", by=None)
    assert not [r for r in run_on(D(2022, 7, 8)) if r.kind == "dossier_batch"]


# --- certificates ----------------------------------------------------------------------------------
VALID_UNTIL = D(2022, 10, 31)


@pytest.fixture
def cert_world(db):
    ppl = h.people()
    producer, producer_user = h.producer_with_account()
    cert = h.certificate("Nước mắm Cửa Khe", valid_until=VALID_UNTIL, producer=producer)
    return {**ppl, "producer_user": producer_user, "cert": cert}


@pytest.mark.parametrize("months,day", [(6, D(2022, 4, 30)), (3, D(2022, 7, 31)), (1, D(2022, 9, 30))])
def test_certificate_expiry_reminders_6_3_1_months(cert_world, months, day):
    assert VALID_UNTIL - relativedelta(months=months) == day
    results = [r for r in run_on(day) if r.kind == "certificate_expiry"]
    assert sorted((r.lead, r.recipient, r.object_type) for r in results) == [
        (f"{months}m", "dx_officer", "district"),
        (f"{months}m", "dx_quiet", "district"),
        (f"{months}m", "nsx_account", "producer"),
    ]
    message = next(m for m in mail.outbox if m.to == [cert_world["producer_user"].email])
    assert "31/10/2022" in message.subject and f"còn {months} tháng" in message.subject
    assert "Nước mắm Cửa Khe" in message.body and cert_world["cert"].number in message.body
    # The day before: the previous step (or nothing) — never this one.
    earlier = [r for r in run_on(day - datetime.timedelta(days=1)) if r.kind == "certificate_expiry"]
    assert all(r.lead != f"{months}m" for r in earlier)


def test_producer_without_an_account_gets_a_plain_email(db):
    h.people()
    producer = h.ProducerFactory(commune=h.unit(h.NAM_PHUOC), email="htx@example.vn")
    h.certificate("Mật ong", valid_until=VALID_UNTIL, producer=producer)
    results = [r for r in run_on(D(2022, 4, 30)) if r.recipient == "htx@example.vn"]
    assert [(r.kind, r.channels) for r in results] == [("certificate_expiry", ("e-mail",))]
    message = next(m for m in mail.outbox if m.to == ["htx@example.vn"])
    assert message.body.startswith(f"Kính gửi {producer.name},")
    row = ReminderLog.objects.get(recipient_key="e:htx@example.vn")
    assert row.emailed and row.recipient is None and not Notification.objects.filter(reminder=row).exists()


def test_renewed_or_revoked_certificates_are_not_reminded(cert_world):
    other = h.certificate("Rượu Đại Lộc", valid_until=VALID_UNTIL, commune=h.dai_loc_commune().code)
    evaluation_services.revoke_certificate(
        other, decision=revocation_decision(D(2022, 3, 1)), reason="Vi phạm"
    )
    with h.at(D(2022, 4, 1)):
        evaluation_services.issue_certificate(
            cert_world["cert"].product, stars=5, issued_on=D(2022, 4, 1), level=Level.CENTRAL
        )
    assert not [r for r in run_on(D(2022, 4, 30)) if r.kind.startswith("certificate")]
    assert not [r for r in run_on(D(2022, 11, 1)) if r.kind.startswith("certificate")]


def test_at_expiry_the_certificate_expires_and_the_product_is_flagged_for_rerating(cert_world):
    draft_2023 = h.plan(2023, status=pwf.DRAFT)
    product = cert_world["cert"].product
    assert Product.objects.certified(on=D(2022, 10, 31)).filter(pk=product.pk).exists()
    results = run_on(D(2022, 11, 1))
    cert = Certificate.objects.get(pk=cert_world["cert"].pk)
    product.refresh_from_db()
    assert cert.status == Certificate.Status.EXPIRED and product.state == pw.EXPIRED
    assert not Product.objects.certified(on=D(2022, 11, 1)).filter(pk=product.pk).exists()
    expired = sorted((r.object_type, r.recipient) for r in results if r.kind == "certificate_expired")
    assert expired == [("district", "dx_officer"), ("district", "dx_quiet"), ("province", "dard_staff")]
    entry = PlanProduct.objects.get(plan=draft_2023, product=product)
    assert entry.kind == PlanProduct.Kind.UPGRADE and cert.number in entry.note
    dard_mail = next(m for m in mail.outbox if m.to == [cert_world["dard"].email])
    assert "đánh giá lại" in dard_mail.subject and "Kế hoạch năm 2023" in dard_mail.body
    # Exactly once: the flag and the notice are not repeated the next days.
    assert not [r for r in run_on(D(2022, 11, 2)) if r.kind == "certificate_expired"]
    assert ReminderLog.objects.filter(kind="rerating_flag").count() == 1


def test_a_published_plan_is_not_amended_by_the_rerating_flag(cert_world):
    published = h.plan(2023, status=pwf.PUBLISHED)
    run_on(D(2022, 11, 1))
    assert not PlanProduct.objects.filter(plan=published).exists()
    assert ReminderLog.objects.get(kind="rerating_flag").title.endswith("(no draft plan yet)")


# --- tasks -----------------------------------------------------------------------------------------
DUE = D(2022, 3, 31)


@pytest.fixture
def task_world(db):
    ppl = h.people()
    plan = h.plan(2022)
    task = h.task(plan, "Tổ chức hội chợ OCOP", DUE, recurrence=Recurrence.QUARTERLY)
    return {**ppl, "plan": plan, "task": task}


@pytest.mark.parametrize("lead", [7, 1, 0])
def test_task_reminders_before_and_at_due(task_world, lead):
    results = [r for r in run_on(DUE - datetime.timedelta(days=lead)) if r.kind == "task_due"]
    assert sorted((r.lead, r.recipient) for r in results) == [
        (f"{lead}d", "ct_head"),
        (f"{lead}d", "ct_staff"),
    ]
    subject = next(m.subject for m in mail.outbox if m.to == [task_world["ct_staff"].email])
    assert ("hôm nay" in subject) == (lead == 0) and "Tổ chức hội chợ OCOP" in subject


def test_overdue_task_escalates_to_the_head_and_dard_and_spawns_the_next_occurrence(task_world):
    results = run_on(DUE + datetime.timedelta(days=1))
    overdue = sorted((r.lead, r.recipient) for r in results if r.kind == "task_overdue")
    assert overdue == [("overdue", "ct_head"), ("overdue", "dard_staff")]
    body = next(m.body for m in mail.outbox if m.to == [task_world["dard"].email] and "quá hạn" in m.subject)
    assert "quá hạn 1 ngày" in body and "Sở Công Thương" in body
    nxt = Task.objects.get(previous=task_world["task"])
    assert nxt.due_date == D(2022, 6, 30) and nxt.status == pwf.OPEN
    assert not [r for r in run_on(DUE + datetime.timedelta(days=2)) if r.kind == "task_overdue"]


def test_done_task_gets_no_reminder_and_its_next_occurrence_is_spawned(task_world):
    with h.at(D(2022, 3, 20)):
        plan_services.transition_task(task_world["task"], "complete", by=task_world["ct_head"])
    results = run_on(D(2022, 3, 24))
    assert not [r for r in results if r.kind.startswith("task") and r.object_id == task_world["task"].pk]
    assert Task.objects.filter(previous=task_world["task"], due_date=D(2022, 6, 30)).exists()


def test_tasks_of_draft_plans_are_not_reminded(db):
    h.people()
    h.task(h.plan(2022, status=pwf.DRAFT), "Nhiệm vụ dự thảo", DUE)
    assert not [r for r in run_on(DUE) if r.kind.startswith("task")]


def test_locality_led_task_escalates_to_heads_of_localities_that_have_not_reported(db):
    ppl = h.people()
    h.person("dl_head", "district", unit_code=h.DAI_LOC, is_unit_head=True)
    task = h.task(h.plan(2022), "Báo cáo quý I", DUE, group="districts")
    with h.at(D(2022, 3, 30)):
        plan_services.add_progress_report(task, by=ppl["dx"], text="Đã triển khai", percent=60)
    overdue = sorted(
        r.recipient for r in run_on(DUE + datetime.timedelta(days=1)) if r.kind == "task_overdue"
    )
    assert overdue == ["dard_staff", "dl_head"]  # Duy Xuyên's head reported: not escalated


# --- evaluation ------------------------------------------------------------------------------------
CLOSES = D(2022, 10, 20)


@pytest.mark.parametrize("lead", [3, 1])
def test_council_members_with_unscored_products_are_reminded(db, lead):
    ppl = h.people()
    h.scoring_round([ppl["m1"], ppl["m2"]], CLOSES, scored_by=[ppl["m1"]])
    results = [r for r in run_on(CLOSES - datetime.timedelta(days=lead)) if r.kind == "scoring"]
    assert [(r.lead, r.recipient) for r in results] == [(f"{lead}d", "council_2")]
    message = next(m for m in mail.outbox if m.to == [ppl["m2"].email])
    assert "Trà thảo mộc hội đồng" in message.body and "20/10/2022" in message.subject


def test_conflict_of_interest_and_closed_rounds_are_not_reminded(db):
    ppl = h.people()
    round_ = h.scoring_round([ppl["m1"], ppl["m2"]], CLOSES, scored_by=[ppl["m1"]])
    entry = round_.entries.get()
    ConflictDeclaration.objects.create(
        entry=entry, member=round_.members.get(user=ppl["m2"]), reason="Người thân"
    )
    assert not [r for r in run_on(CLOSES - datetime.timedelta(days=3)) if r.kind == "scoring"]
    ConflictDeclaration.objects.all().delete()
    Round.objects.filter(pk=round_.pk).update(status=Round.Status.CLOSED)
    assert not [r for r in run_on(CLOSES - datetime.timedelta(days=1)) if r.kind == "scoring"]


# --- weekly digest ---------------------------------------------------------------------------------
def test_weekly_digest_once_per_iso_week_with_its_content(db):
    ppl = h.people()
    call = h.call_2022()
    h.dossier(call, ppl["dx"], "Nước mắm Duy Xuyên")
    plan = h.plan(2022)
    h.task(plan, "Nhiệm vụ chậm", D(2022, 7, 1))
    h.certificate("Nước mắm Cửa Khe", valid_until=D(2022, 9, 30))
    monday = D(2022, 7, 18)  # ISO week 29
    digests = []
    for offset in range(14):
        digests += [r for r in run_on(monday + datetime.timedelta(days=offset)) if r.kind == "weekly_digest"]
    assert [(r.lead, r.day, r.recipient, r.late) for r in digests] == [
        ("2022-W29", monday, "dard_staff", False),
        ("2022-W30", monday + datetime.timedelta(days=7), "dard_staff", False),
    ]
    body = next(m.body for m in mail.outbox if "Tổng hợp tuần 29/2022" in m.subject)
    assert "Nhiệm vụ chậm" in body and "quá 17 ngày" in body
    assert "Huyện Duy Xuyên: lô 1 (hạn 15/07/2022) đã nộp 0/1" in body
    assert "Nước mắm Cửa Khe" in body and "30/09/2022" in body


def test_digest_weekday_is_configurable(db, settings):
    h.people()
    settings.OCOP_DIGEST_WEEKDAY = 4  # Friday
    assert not [r for r in run_on(D(2022, 7, 21)) if r.kind == "weekly_digest"]  # Thursday
    assert [r.lead for r in run_on(D(2022, 7, 22)) if r.kind == "weekly_digest"] == ["2022-W29"]
