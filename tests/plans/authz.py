"""Authorization-matrix rows for the plans app (/plans/...).

The world: this year's *published* plan (every staff role may read it) and next year's *draft*
(provincial staff only: others get 404). Its objects sit in Duy Xuyên (508): the district2
officer (Đại Lộc) gets 404 on them. Department staff (Sở Công Thương) lead one task; a task led
by Sở Y tế is invisible to them. Council members and producers have no business here (403),
except producers on their own revenue figures.
"""

from __future__ import annotations

LOGIN = 302
OUTSIDERS = {"anonymous": LOGIN, "council": 403, "producer": 403}
STAFF = dict(OUTSIDERS)
PROVINCIAL = {**OUTSIDERS, "department": 403, "district": 403, "district2": 403, "commune": 403}
IN_DUY_XUYEN = {**OUTSIDERS, "district2": 404}


def build(world):
    import datetime

    from django.utils import timezone

    from plans import services
    from plans.models import (
        Allocation,
        Disbursement,
        DutyTemplate,
        PeriodicReport,
        PlanProduct,
        Recurrence,
        TrainingAttendance,
        TrainingSession,
    )
    from tests.plans import helpers as h

    today = timezone.localdate()
    by = world["users"]["province"]
    plan = h.make_plan(today.year, published=True, by=by)
    h.add_milestones(plan, [("district_evaluation", today + datetime.timedelta(days=20))])
    services.prefill_step_windows(plan, by=by, reason="matrix")
    manual = h.target(plan, "manual", 1, unit="hội nghị")
    draft = h.make_plan(today.year + 1, by=by)
    entry = PlanProduct.objects.create(plan=plan, product=h.product(commune="20599"), kind="new")
    ct_task = h.task(
        plan,
        lead="so-cong-thuong",
        cooperating=["so-nnptnt"],
        due_date=today,
        recurrence=Recurrence.QUARTERLY,
    )
    report = services.add_progress_report(
        ct_task, by=world["users"]["department"], text="Đã tổ chức hội chợ", percent=50, files=[h.pdf()]
    )
    health_task = h.task(plan, lead="so-y-te")
    health_report = services.add_progress_report(health_task, by=by, text="Kiểm tra ATTP", files=[h.pdf()])
    district_task = h.task(plan, group="districts")
    session = TrainingSession.objects.create(
        plan=plan, unit=h.unit("508"), date=today, topic="Tập huấn chu trình OCOP", trainer="Chi cục PTNT"
    )
    attendance = TrainingAttendance.objects.create(
        session=session, user=world["users"]["district"], unit=h.unit("508")
    )
    Allocation.objects.create(plan=plan, locality=h.unit("508"), source="provincial", amount=500_000_000)
    Disbursement.objects.create(
        plan=plan, locality=h.unit("508"), source="provincial", amount=100_000_000, date=today
    )
    draft_report = PeriodicReport.objects.create(
        district=h.unit("508"), year=today.year, period="Q1", narrative="Báo cáo quý I"
    )
    submitted = PeriodicReport.objects.create(
        district=h.unit("508"), year=today.year, period="Q2", narrative="Báo cáo quý II", status="submitted"
    )
    world["plans"] = {
        "plan": plan,
        "draft": draft,
        "entry": entry,
        "target": manual,
        "ct_task": ct_task,
        "attachment": report.attachments.get(),
        "health_task": health_task,
        "health_attachment": health_report.attachments.get(),
        "district_task": district_task,
        "session": session,
        "attendance": attendance,
        "draft_report": draft_report,
        "submitted": submitted,
        "duty": DutyTemplate.objects.create(
            code="matrix", lead_department=h.dept("so-y-te"), title="Hướng dẫn ATTP", text="Hướng dẫn ATTP"
        ),
    }


def _w(world, key):
    return world["plans"][key]


def _plan_url(suffix=""):
    return lambda w: f"/plans/{_w(w, 'plan').pk}/{suffix}"


def _reset_draft(world):
    from plans.models import AnnualPlan, PlanVersion

    draft = _w(world, "draft")
    AnnualPlan.objects.filter(pk=draft.pk).update(status="draft", version=0)
    PlanVersion.objects.filter(plan=draft).delete()
    return {"confirmed": "1"}  # past the confirmation step


def _restore_entry(world):
    from plans.models import PlanProduct

    entry = _w(world, "entry")
    if not PlanProduct.objects.filter(pk=entry.pk).exists():
        PlanProduct.objects.create(pk=entry.pk, plan=entry.plan, product=entry.product, kind=entry.kind)
    return {"reason": "Rút khỏi danh sách theo đề nghị của huyện"}


def _reopen_task(world):
    from plans.models import Task

    Task.objects.filter(pk=_w(world, "ct_task").pk).update(status="open")
    return {}


def _restore_attendance(world):
    from plans.models import TrainingAttendance

    a = _w(world, "attendance")
    if not TrainingAttendance.objects.filter(pk=a.pk).exists():
        TrainingAttendance.objects.create(pk=a.pk, session=a.session, user=a.user, unit=a.unit)
    return {}


def _redraft(world):
    from plans.models import PeriodicReport

    PeriodicReport.objects.filter(pk=_w(world, "draft_report").pk).update(status="draft", figures=None)
    return {}


def _resubmit(world):
    from plans.models import PeriodicReport

    PeriodicReport.objects.filter(pk=_w(world, "submitted").pk).update(status="submitted")
    return {"reason": "Bổ sung số liệu"}


ROWS = {
    # --- plans ----------------------------------------------------------------------------------
    "plans:list": {"url": "/plans/", "default": 200, "expect": STAFF},
    "plans:create": {"url": "/plans/new/", "default": 200, "expect": PROVINCIAL},
    "plans:current": {"url": "/plans/current/", "default": 302, "expect": {"council": 403, "producer": 403}},
    "plans:detail": {"url": _plan_url(), "default": 200, "expect": STAFF},
    "plans:edit": {"url": _plan_url("edit/"), "default": 200, "expect": PROVINCIAL},
    "plans:publish": {
        "url": lambda w: f"/plans/{_w(w, 'draft').pk}/publish/",
        "method": "post",
        "data": _reset_draft,
        "default": 302,
        "expect": {**OUTSIDERS, "department": 404, "district": 404, "district2": 404, "commune": 404},
    },
    "plans:copy": {"url": _plan_url("copy/"), "default": 200, "expect": PROVINCIAL},
    "plans:history": {"url": _plan_url("history/"), "default": 200, "expect": STAFF},
    "plans:version": {"url": _plan_url("versions/1/"), "default": 200, "expect": STAFF},
    "plans:legal_bases": {"url": _plan_url("legal-bases/"), "default": 200, "expect": PROVINCIAL},
    "plans:milestones": {"url": _plan_url("milestones/"), "default": 200, "expect": PROVINCIAL},
    "plans:step_windows": {"url": _plan_url("windows/"), "default": 200, "expect": PROVINCIAL},
    "plans:prefill_windows": {
        "url": _plan_url("windows/prefill/"),
        "method": "post",
        "default": 302,
        "expect": PROVINCIAL,
    },
    "plans:targets": {"url": _plan_url("targets/"), "default": 200, "expect": PROVINCIAL},
    "plans:target_value": {
        "url": lambda w: f"/plans/targets/{_w(w, 'target').pk}/value/",
        "default": 200,
        "expect": PROVINCIAL,
    },
    "plans:dashboard": {"url": _plan_url("dashboard/"), "default": 200, "expect": STAFF},
    "plans:export": {"url": _plan_url("export.xlsx"), "default": 200, "expect": PROVINCIAL},
    "plans:pdf": {"url": _plan_url("plan.pdf"), "default": 200, "expect": STAFF},
    "plans:products": {"url": _plan_url("products/"), "default": 200, "expect": STAFF},
    "plans:product_add": {"url": _plan_url("products/add/"), "default": 200, "expect": PROVINCIAL},
    "plans:product_remove": {
        "url": lambda w: f"/plans/products/{_w(w, 'entry').pk}/remove/",
        "method": "post",
        "data": _restore_entry,
        "default": 302,
        "expect": {**OUTSIDERS, "department": 403, "district": 403, "district2": 404, "commune": 403},
    },
    "plans:board": {"url": _plan_url("board/"), "default": 200, "expect": STAFF},
    "plans:board_district": {"url": _plan_url("board/508/"), "default": 200, "expect": IN_DUY_XUYEN},
    # --- tasks ----------------------------------------------------------------------------------
    "plans:task_create": {"url": _plan_url("tasks/new/"), "default": 200, "expect": PROVINCIAL},
    "plans:task_from_templates": {
        "url": _plan_url("tasks/from-library/"),
        "default": 200,
        "expect": PROVINCIAL,
    },
    "plans:task_list": {"url": "/plans/tasks/", "default": 200, "expect": STAFF},
    "plans:task_detail": {
        "url": lambda w: f"/plans/tasks/{_w(w, 'ct_task').pk}/",
        "default": 200,
        "expect": {**OUTSIDERS, "district": 404, "district2": 404, "commune": 404},
    },
    "plans:task_edit": {
        "url": lambda w: f"/plans/tasks/{_w(w, 'ct_task').pk}/edit/",
        "default": 200,
        "expect": {**OUTSIDERS, "department": 403, "district": 404, "district2": 404, "commune": 404},
    },
    "plans:task_transition": {
        "url": lambda w: f"/plans/tasks/{_w(w, 'ct_task').pk}/do/start/",
        "method": "post",
        "data": _reopen_task,
        "default": 302,
        "expect": {**OUTSIDERS, "district": 404, "district2": 404, "commune": 404},
    },
    "plans:task_report": {
        "url": lambda w: f"/plans/tasks/{_w(w, 'ct_task').pk}/report/",
        "default": 200,
        "expect": {**OUTSIDERS, "district": 404, "district2": 404, "commune": 404},
    },
    "plans:task_spawn": {
        "url": lambda w: f"/plans/tasks/{_w(w, 'ct_task').pk}/spawn/",
        "method": "post",
        "default": 302,
        "expect": {**OUTSIDERS, "district": 404, "district2": 404, "commune": 404},
    },
    "plans:attachment": {
        "url": lambda w: f"/plans/attachments/{_w(w, 'attachment').pk}/",
        "default": 200,
        "expect": {**OUTSIDERS, "district": 404, "district2": 404, "commune": 404},
    },
    "plans:duty_list": {"url": "/plans/duties/", "default": 200, "expect": {**OUTSIDERS, "commune": 403}},
    "plans:duty_create": {"url": "/plans/duties/new/", "default": 200, "expect": PROVINCIAL},
    "plans:duty_edit": {
        "url": lambda w: f"/plans/duties/{_w(w, 'duty').pk}/edit/",
        "default": 200,
        "expect": PROVINCIAL,
    },
    # --- training -------------------------------------------------------------------------------
    "plans:training_list": {"url": _plan_url("training/"), "default": 200, "expect": STAFF},
    "plans:training_create": {
        "url": _plan_url("training/new/"),
        "default": 200,
        "expect": {**OUTSIDERS, "department": 403, "commune": 403},
    },
    "plans:training_detail": {
        "url": lambda w: f"/plans/training/{_w(w, 'session').pk}/",
        "default": 200,
        "expect": {**OUTSIDERS, "district2": 404, "commune": 404},
    },
    "plans:training_edit": {
        "url": lambda w: f"/plans/training/{_w(w, 'session').pk}/edit/",
        "default": 200,
        "expect": {**OUTSIDERS, "department": 403, "district2": 404, "commune": 404},
    },
    "plans:training_attendees": {
        "url": lambda w: f"/plans/training/{_w(w, 'session').pk}/attendees/",
        "method": "post",
        "default": 302,
        "expect": {**OUTSIDERS, "department": 403, "district2": 404, "commune": 404},
    },
    "plans:attendance_remove": {
        "url": lambda w: f"/plans/attendances/{_w(w, 'attendance').pk}/remove/",
        "method": "post",
        "data": _restore_attendance,
        "default": 302,
        "expect": {**OUTSIDERS, "department": 403, "district2": 404, "commune": 404},
    },
    # --- funding --------------------------------------------------------------------------------
    "plans:funding": {"url": _plan_url("funding/"), "default": 200, "expect": STAFF},
    "plans:funding_locality": {
        "url": _plan_url("funding/508/"),
        "default": 200,
        "expect": {**OUTSIDERS, "district2": 404, "commune": 404},
    },
    "plans:allocation_create": {
        "url": _plan_url("funding/allocations/new/"),
        "default": 200,
        "expect": PROVINCIAL,
    },
    "plans:disbursement_create": {
        "url": _plan_url("funding/disbursements/new/"),
        "default": 200,
        "expect": {**OUTSIDERS, "department": 403, "commune": 403},
    },
    # --- periodic reports and revenue -----------------------------------------------------------
    "plans:report_list": {"url": "/plans/reports/", "default": 200, "expect": {**OUTSIDERS, "commune": 403}},
    "plans:report_create": {
        "url": "/plans/reports/new/",
        "default": 200,
        "expect": {**OUTSIDERS, "department": 403, "commune": 403},
    },
    "plans:report_detail": {
        "url": lambda w: f"/plans/reports/{_w(w, 'draft_report').pk}/",
        "default": 200,
        "expect": {**OUTSIDERS, "district2": 404, "commune": 403},
    },
    "plans:report_edit": {
        "url": lambda w: f"/plans/reports/{_w(w, 'draft_report').pk}/edit/",
        "default": 200,
        "expect": {**OUTSIDERS, "department": 403, "district2": 404, "commune": 403},
    },
    "plans:report_submit": {
        "url": lambda w: f"/plans/reports/{_w(w, 'draft_report').pk}/submit/",
        "method": "post",
        "data": _redraft,
        "default": 302,
        "expect": {**OUTSIDERS, "department": 403, "district2": 404, "commune": 403},
    },
    "plans:report_return": {
        "url": lambda w: f"/plans/reports/{_w(w, 'submitted').pk}/return/",
        "method": "post",
        "data": _resubmit,
        "default": 302,
        "expect": {**OUTSIDERS, "department": 403, "district": 403, "district2": 404, "commune": 403},
    },
    "plans:revenue_list": {
        "url": "/plans/revenue/",
        "default": 200,
        "expect": {"anonymous": LOGIN, "commune": 403, "council": 403},
    },
    "plans:revenue_create": {
        "url": "/plans/revenue/new/",
        "default": 200,
        "expect": {"anonymous": LOGIN, "department": 403, "commune": 403, "council": 403},
    },
}
