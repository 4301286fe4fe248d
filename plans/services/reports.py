"""Districts' periodic reports (write, submit with frozen figures, return) and producers'
revenue figures."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from ocop_portal.workflow import TransitionRefused

from .. import workflows
from ..figures import district_figures
from ..models import PeriodicReport, RevenueReport, WorkflowLog
from .common import PROVINCIAL, _require_edit, _role, _user


@transaction.atomic
def create_periodic_report(
    *, district, year: int, period: str, by, narrative: str = "", difficulties: str = ""
):
    role = _role(by)
    if role not in (*PROVINCIAL, Role.DISTRICT):
        raise TransitionRefused(_("You may not write periodic reports."))
    if role == Role.DISTRICT and district.pk != by.unit_id:
        raise TransitionRefused(_("You may only report for your own district."))
    if PeriodicReport.objects.filter(district=district, year=year, period=period).exists():
        raise TransitionRefused(_("This district already has a report for that period."))
    report = PeriodicReport(
        district=district,
        year=year,
        period=period,
        narrative=narrative,
        difficulties=difficulties,
        created_by=_user(by),
    )
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def update_periodic_report(
    report: PeriodicReport, *, by, narrative: str, difficulties: str = ""
) -> PeriodicReport:
    _require_edit(by, report)
    if report.status != workflows.DRAFT:
        raise TransitionRefused(_("A submitted report cannot be changed; ask DARD to return it."))
    report.narrative, report.difficulties = narrative, difficulties
    report.save(update_fields=["narrative", "difficulties", "updated_at"])
    return report


@transaction.atomic
def submit_periodic_report(
    report: PeriodicReport, *, by, as_of: datetime.date | None = None
) -> PeriodicReport:
    """Freeze the portal's figures for the district and period, and send the report to DARD."""
    locked = PeriodicReport.objects.select_for_update().get(pk=report.pk)
    _require_edit(by, locked)
    t = workflows.REPORT.check(locked.status, "submit", role=_role(by))
    if not locked.narrative.strip():
        raise TransitionRefused(_("Write the narrative before submitting."))
    locked.figures = district_figures(locked.district, locked.year, locked.period, as_of=as_of)
    locked.status = t.target
    locked.submitted_at = timezone.now()
    locked.submitted_by = _user(by)
    locked.save()
    WorkflowLog.record(locked, "submit", workflows.DRAFT, t.target, by=by)
    report.refresh_from_db()
    return report


@transaction.atomic
def return_periodic_report(report: PeriodicReport, *, by, reason: str) -> PeriodicReport:
    locked = PeriodicReport.objects.select_for_update().get(pk=report.pk)
    t = workflows.REPORT.check(locked.status, "return", role=_role(by), reason=reason)
    locked.status = t.target
    locked.save(update_fields=["status", "updated_at"])
    WorkflowLog.record(locked, "return", workflows.SUBMITTED, t.target, by=by, reason=reason)
    report.refresh_from_db()
    return report


# =============================================================================================
# Revenue figures
# =============================================================================================
@transaction.atomic
def record_revenue(*, producer, year: int, revenue: int, by, product=None, profit=None):
    """Record (or correct) a producer's revenue for a year; one row per producer/product/year."""
    role = _role(by)
    if role == Role.PRODUCER:
        own = getattr(getattr(by, "producer_account", None), "producer_id", None)
        if own != producer.pk:
            raise TransitionRefused(_("You may only report your own figures."))
    elif role == Role.DISTRICT:
        if not producer.commune.path.startswith(by.unit.path):
            raise TransitionRefused(_("This producer is outside your district."))
    elif role not in PROVINCIAL:
        raise TransitionRefused(_("You may not record revenue figures."))
    if product is not None and product.producer_id != producer.pk:
        raise TransitionRefused(_("This product belongs to another producer."))
    if int(revenue) < 0:
        raise TransitionRefused(_("Revenue cannot be negative."))
    row, _created = RevenueReport.objects.update_or_create(
        producer=producer,
        product=product,
        year=year,
        defaults=dict(revenue=int(revenue), profit=profit, reported_by=_user(by)),
    )
    return row
