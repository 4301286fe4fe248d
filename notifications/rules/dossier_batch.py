"""Dossier batch deadlines (kind ``dossier_batch``), to the district officers, per district.

Two sources of moments, one e-mail, one date each: each ``SubmissionBatch`` deadline of a call
(quota progress and the dossiers still to complete) — a published plan's dossier-batch milestones
are bound to these batches and hold no date of their own — and each ``dossier_batch`` milestone of
a published plan that is *not* bound to a batch (its province has no call for that year yet;
progress computed from the plan's product list). Lead times:
``OCOP_REMINDER_LEAD_DAYS``. Relevant while the district's quota is not met; for the last batch,
also while dossiers still wait.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from dossiers import checks
from dossiers import workflows as dwf
from dossiers.models import CallDistrictQuota, Dossier, SubmissionBatch
from plans import workflows as pwf
from plans.models import Milestone, PlanProduct

from ..models import Kind
from .base import Ladder, Recipient, Reminder, ReminderKind, ddmmyyyy, district_officers, districts_of, link

LEADS = Ladder("OCOP_REMINDER_LEAD_DAYS")


@dataclass
class PendingProduct:
    name: str
    commune: str
    status: str
    missing: list[str]


def _dossier_gaps(dossier: Dossier) -> list[str]:
    missing = [str(kind) for kind in checks.missing_required(dossier)]
    if not dossier.onsite_attested:
        missing.append("Chưa xác nhận kiểm tra thực tế tại cơ sở")
    if dossier.status == dwf.RETURNED:
        missing.insert(0, "Hồ sơ bị trả lại để bổ sung")
    return missing or ["Đã đủ thành phần: cần bấm nộp hồ sơ"]


def _pending_rows(dossiers) -> list[PendingProduct]:
    return [
        PendingProduct(d.product.name, d.product.commune.name, d.status_label, _dossier_gaps(d))
        for d in dossiers
    ]


def batch_progress(
    batch: SubmissionBatch, districts, on: datetime.date, *, count_late: bool = False
) -> dict[int, checks.QuotaProgress]:
    """Per district: registered products vs. dossiers submitted by ``min(on, deadline)`` (by ``on``
    with ``count_late``: late submissions count toward catching up). Two queries."""
    call = batch.call
    by_day = on if count_late else min(on, batch.deadline)
    counts: dict[int, dict] = defaultdict(lambda: {"registered": 0, "submitted": 0})
    for district_id, status, submitted_on in Dossier.objects.filter(
        call=call, product__commune__local_unit__in=districts
    ).values_list("product__commune__local_unit_id", "status", "submitted_on"):
        counts[district_id]["registered"] += 1
        if status in dwf.SUBMITTED_AT_LEAST_ONCE and submitted_on and submitted_on <= by_day:
            counts[district_id]["submitted"] += 1
    planned = dict(
        CallDistrictQuota.objects.filter(call=call, district__in=districts).values_list(
            "district_id", "registered_count"
        )
    )
    out = {}
    for d in districts:
        registered = planned.get(d.pk, counts[d.pk]["registered"])
        out[d.pk] = checks.quota_progress(registered, counts[d.pk]["submitted"], batch.quota_percent)
    return out


# --- shared by both sources -------------------------------------------------------------------------
def audience(districts) -> dict[int, list[Recipient]]:
    """The district officers of each district (one reminder per district)."""
    return district_officers([d.pk for d in districts])


def is_relevant(progress: checks.QuotaProgress, *, is_last: bool, waiting) -> bool:
    """While the quota is not met; for the last batch, also while dossiers wait."""
    return not (progress.met and (not is_last or not waiting))


# --- the batches of dossier calls -------------------------------------------------------------------
def batch_deadlines(today: datetime.date, leads):
    """Batches whose deadline is at most the longest lead time away."""
    return (
        SubmissionBatch.objects.filter(
            deadline__gte=today, deadline__lte=today + datetime.timedelta(days=max(leads))
        )
        .select_related("call", "call__issuing_unit", "call__issuing_unit__level")
        .order_by("deadline", "call_id", "number")
    )


def _unsubmitted(call, district):
    return (
        Dossier.objects.filter(call=call, status__in=dwf.EDITABLE)
        .in_unit(district)
        .with_related()
        .order_by("product__name", "pk")
    )


def batch_reminders(today: datetime.date, *, dry_run: bool = False) -> Iterator[Reminder]:
    leads = LEADS.get()
    if not leads:
        return
    for batch, lead, due in LEADS.steps(today, batch_deadlines(today, leads), lambda b: b.deadline, leads):
        call = batch.call
        districts = districts_of(call.issuing_unit)
        progress = batch_progress(batch, districts, today)
        officers = audience(districts)
        is_last = not call.batches.filter(deadline__gt=batch.deadline).exists()
        waiting = Counter(
            Dossier.objects.filter(
                call=call, status__in=dwf.EDITABLE, product__commune__local_unit__in=districts
            ).values_list("product__commune__local_unit_id", flat=True)
        )
        for district in districts:
            recipients = officers.get(district.pk)
            p = progress[district.pk]
            if not recipients:
                continue
            if not is_relevant(p, is_last=is_last, waiting=waiting[district.pk]):
                continue
            pending = _unsubmitted(call, district)
            yield BATCH_DEADLINES.reminder(
                object_type="batch",
                object_id=batch.pk,
                moment=batch.deadline,
                lead=LEADS.tag(lead),
                due_on=due,
                recipients=recipients,
                build=_batch_context(batch, call, district, p, pending, lead, is_last),
                url=link("dossiers:call_detail", call.pk),
                label=f"Lô {batch.number} hạn {ddmmyyyy(batch.deadline)} · {district.display_name}",
            )


def _batch_context(batch, call, district, progress, pending, lead, is_last):
    def build():
        rows = _pending_rows(pending)
        submitted_or_pending = progress.submitted + len(rows)
        return {
            "call_title": str(call),
            "batch_number": batch.number,
            "deadline": batch.deadline,
            "quota_percent": batch.quota_percent,
            "is_last_batch": is_last,
            "district": district.name,
            "days_left": lead,
            "progress": progress,
            "pending": rows,
            "without_dossier": max(progress.registered - submitted_or_pending, 0),
        }

    return build


# --- the milestones of published plans --------------------------------------------------------------
def plan_milestones(today: datetime.date, leads):
    """Dossier-batch milestones of published plans, not bound to a call's batch (a bound one is
    reminded as its batch), at most the longest lead time away."""
    return (
        Milestone.objects.filter(
            kind=Milestone.Kind.DOSSIER_BATCH,
            plan__status=pwf.PUBLISHED,
            batch__isnull=True,
            due_date__gte=today,
            due_date__lte=today + datetime.timedelta(days=max(leads)),
        )
        .select_related("plan", "plan__province")
        .order_by("due_date", "pk")
    )


def milestone_reminders(today: datetime.date, *, dry_run: bool = False) -> Iterator[Reminder]:
    """Dossier-batch milestones of published plans that are not bound to a call's batch."""
    leads = LEADS.get()
    if not leads:
        return
    for m, lead, due in LEADS.steps(today, plan_milestones(today, leads), lambda m: m.due_date, leads):
        plan = m.plan
        entries = list(
            PlanProduct.objects.filter(plan=plan)
            .select_related("product", "product__commune")
            .order_by("product__name")
        )
        dossiers = {
            d.product_id: d
            for d in Dossier.objects.filter(
                year=plan.year, product__in=[e.product_id for e in entries]
            ).with_related()
        }
        by_district: dict[int, list] = defaultdict(list)
        for e in entries:
            by_district[e.product.commune.local_unit_id].append(e.product)
        is_last = (m.quota_percent or 100) >= 100 or not (
            plan.milestones.dossier_batches().with_deadline().filter(deadline_on__gt=m.due_date).exists()
        )
        districts = [d for d in plan.districts() if by_district.get(d.pk)]
        officers = audience(districts)
        for district in districts:
            products = by_district[district.pk]
            submitted = [
                p
                for p in products
                if p.pk in dossiers
                and dossiers[p.pk].status in dwf.SUBMITTED_AT_LEAST_ONCE
                and dossiers[p.pk].submitted_on
                and dossiers[p.pk].submitted_on <= today
            ]
            waiting = [p for p in products if p not in submitted]
            progress = checks.quota_progress(len(products), len(submitted), m.quota_percent or 100)
            recipients = officers.get(district.pk)
            if not recipients or not is_relevant(progress, is_last=is_last, waiting=waiting):
                continue
            yield PLAN_MILESTONES.reminder(
                object_type="milestone",
                object_id=m.pk,
                moment=m.due_date,
                lead=LEADS.tag(lead),
                due_on=due,
                recipients=recipients,
                build=_milestone_context(m, district, progress, waiting, dossiers, lead, is_last),
                url=link("plans:detail", plan.pk),
                label=f"{m.label} hạn {ddmmyyyy(m.due_date)} · {district.display_name}",
            )


def _milestone_context(m, district, progress, waiting, dossiers, lead, is_last):
    def build():
        rows = []
        for p in waiting:
            d = dossiers.get(p.pk)
            if d is None:
                rows.append(
                    PendingProduct(p.name, p.commune.name, "Chưa lập hồ sơ", ["Chưa lập hồ sơ minh chứng"])
                )
            else:
                rows.append(PendingProduct(p.name, p.commune.name, d.status_label, _dossier_gaps(d)))
        return {
            "call_title": str(m.plan),
            "batch_number": m.batch_number or "",
            "milestone_label": m.label,
            "deadline": m.due_date,
            "quota_percent": m.quota_percent or 100,
            "is_last_batch": is_last,
            "district": district.name,
            "days_left": lead,
            "progress": progress,
            "pending": rows,
            "without_dossier": 0,
        }

    return build


BATCH_DEADLINES = ReminderKind(
    name="dossier_batches",
    kind=Kind.DOSSIER_BATCH,
    template="dossier_batch",
    moments=batch_deadlines,
    leads=LEADS,
    audience=audience,
    relevant=is_relevant,
    reminders=batch_reminders,
)

PLAN_MILESTONES = ReminderKind(
    name="plan_milestone_batches",
    kind=Kind.DOSSIER_BATCH,
    template="dossier_batch",
    moments=plan_milestones,
    leads=LEADS,
    audience=audience,
    relevant=is_relevant,
    reminders=milestone_reminders,
)
