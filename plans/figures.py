"""Read-only figures: funding per locality, a district's figures for a period (the periodic
report's snapshot), and the provincial summary (Excel export)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import AdministrativeUnit
from producers.models import OrganisationEvent
from products.models import Product

from . import board, workflows
from .models import (
    Allocation,
    AnnualPlan,
    Disbursement,
    FundingSource,
    LeadGroup,
    PlanProduct,
    ProgressReport,
    Task,
    TrainingAttendance,
    TrainingSession,
    period_bounds,
)

LOW_SPENDING_RATE = 50  # % disbursed below which an allocation is flagged as largely unspent


@dataclass
class FundingRow:
    locality: AdministrativeUnit | None
    allocated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FundingSource.values, 0))
    disbursed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FundingSource.values, 0))

    @property
    def allocated_total(self) -> int:
        return sum(self.allocated.values())

    @property
    def disbursed_total(self) -> int:
        return sum(self.disbursed.values())

    @property
    def remainder(self) -> int:
        return self.allocated_total - self.disbursed_total

    @property
    def rate(self) -> float | None:
        return round(self.disbursed_total / self.allocated_total * 100, 1) if self.allocated_total else None

    @property
    def low_spending(self) -> bool:
        return self.remainder > 0 and (self.rate or 0) < LOW_SPENDING_RATE

    def by_source(self):
        return [
            (
                value,
                label,
                self.allocated[value],
                self.disbursed[value],
                self.allocated[value] - self.disbursed[value],
            )
            for value, label in FundingSource.choices
        ]


def funding_summary(allocations, disbursements) -> tuple[list[FundingRow], FundingRow]:
    """Allocated vs disbursed per locality and source, from already-scoped querysets."""
    rows: dict[int, FundingRow] = {}
    for item in allocations.values("locality_id", "source").annotate(s=Sum("amount")).order_by():
        rows.setdefault(item["locality_id"], FundingRow(None)).allocated[item["source"]] += item["s"] or 0
    for item in disbursements.values("locality_id", "source").annotate(s=Sum("amount")).order_by():
        rows.setdefault(item["locality_id"], FundingRow(None)).disbursed[item["source"]] += item["s"] or 0
    localities = AdministrativeUnit.objects.in_bulk(list(rows))
    for pk, row in rows.items():
        row.locality = localities.get(pk)
    ordered = sorted(rows.values(), key=lambda r: r.locality.path if r.locality else "")
    totals = FundingRow(None)
    for row in ordered:
        for s in FundingSource.values:
            totals.allocated[s] += row.allocated[s]
            totals.disbursed[s] += row.disbursed[s]
    return ordered, totals


def plan_for(province, year: int) -> AnnualPlan | None:
    return AnnualPlan.objects.filter(province=province, year=year).first()


def district_figures(district: AdministrativeUnit, year: int, period: str, *, as_of=None) -> dict:
    """The portal's figures for one district and period, as plain JSON-safe data."""
    as_of = as_of or timezone.localdate()
    start, end = period_bounds(year, period)
    until = min(end, as_of)
    province = district.parent
    plan = plan_for(province, year) if province else None
    data = {
        "as_of": as_of.isoformat(),
        "district": {"code": district.code, "name": district.name},
        "year": year,
        "period": period,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "plan": None,
    }
    # Products: recognised in the period, whatever the plan.
    recognised = (
        Product.objects.in_unit(district)
        .filter(certified_on__gte=start, certified_on__lte=until, stars__gte=3)
        .values("stars")
        .annotate(n=Count("pk"))
    )
    stars = {str(s): 0 for s in (3, 4, 5)}
    for item in recognised:
        stars[str(item["stars"])] = item["n"]
    data["recognised_in_period"] = {**stars, "total": sum(stars.values())}
    data["organisation_events"] = OrganisationEvent.objects.filter(
        year=year, producer__commune__path__startswith=district.path
    ).count()
    if plan is None:
        return data
    data["plan"] = {"id": plan.pk, "number": plan.number, "version": plan.version, "title": plan.title}
    entries = PlanProduct.objects.filter(plan=plan, product__commune__path__startswith=district.path)
    rows, totals = board.cycle_board(plan, entries, [district], as_of=as_of)
    data["products"] = {
        "total": totals.total,
        "new": entries.filter(kind=PlanProduct.Kind.NEW).count(),
        "upgrade": entries.filter(kind=PlanProduct.Kind.UPGRADE).count(),
        "by_step": {str(s): totals.counts[s] for s in board.STEPS},
        "stuck": totals.stuck_total,
    }
    tasks = Task.objects.filter(plan=plan, lead_group__in=[LeadGroup.DISTRICTS, LeadGroup.COMMUNES])
    data["tasks"] = {
        "total": tasks.count(),
        "done": tasks.filter(status=workflows.DONE).count(),
        "overdue": tasks.overdue(as_of).count(),
        "reports_in_period": ProgressReport.objects.filter(
            task__plan=plan, unit__path__startswith=district.path, date__gte=start, date__lte=until
        ).count(),
    }
    allocated = (
        Allocation.objects.filter(plan=plan, locality__path__startswith=district.path).aggregate(
            s=Sum("amount")
        )["s"]
        or 0
    )
    disb = Disbursement.objects.filter(plan=plan, locality__path__startswith=district.path)
    disbursed = disb.filter(date__lte=until).aggregate(s=Sum("amount"))["s"] or 0
    data["funding"] = {
        "allocated": allocated,
        "disbursed": disbursed,
        "disbursed_in_period": disb.filter(date__gte=start, date__lte=until).aggregate(s=Sum("amount"))["s"]
        or 0,
        "remaining": allocated - disbursed,
    }
    sessions = TrainingSession.objects.filter(
        plan=plan, unit__path__startswith=district.path, date__gte=start, date__lte=until
    )
    data["training"] = {
        "sessions": sessions.count(),
        "attendees": TrainingAttendance.objects.filter(session__in=sessions).count(),
        "district_staff_trained": TrainingAttendance.objects.filter(
            session__plan=plan,
            session__date__lte=until,
            user__isnull=False,
            unit__path__startswith=district.path,
        )
        .values("user_id")
        .distinct()
        .count(),
    }
    return data


FIGURE_LABELS = [
    ("recognised_in_period.total", _("Products recognised in the period")),
    ("recognised_in_period.3", _("— of which 3★")),
    ("recognised_in_period.4", _("— of which 4★")),
    ("products.total", _("Products on the plan list")),
    ("products.new", _("— new")),
    ("products.upgrade", _("— upgrade / re-rating")),
    ("products.stuck", _("Products stuck past their step's window")),
    ("tasks.total", _("Tasks for the districts")),
    ("tasks.done", _("— done")),
    ("tasks.overdue", _("— overdue")),
    ("tasks.reports_in_period", _("Progress reports sent in the period")),
    ("funding.allocated", _("Funds allocated (VND)")),
    ("funding.disbursed", _("Funds disbursed to date (VND)")),
    ("funding.disbursed_in_period", _("— in the period (VND)")),
    ("funding.remaining", _("Unspent (VND)")),
    ("training.sessions", _("Training sessions in the period")),
    ("training.attendees", _("— attendees")),
    ("training.district_staff_trained", _("Local staff trained this year")),
    ("organisation_events", _("Economic organisations founded or consolidated (year)")),
]


def flatten(figures: dict | None) -> list[tuple[str, object]]:
    """(label key, value) pairs of a figures snapshot in display order; missing ones skipped."""
    if not figures:
        return []
    out = []
    for path, label in FIGURE_LABELS:
        node = figures
        for part in path.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if node is not None:
            out.append((label, node))
    return out


def task_status_counts(plan: AnnualPlan, tasks=None, today: datetime.date | None = None) -> dict:
    tasks = tasks if tasks is not None else plan.tasks.all()
    today = today or timezone.localdate()
    agg = tasks.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=workflows.DONE)),
        in_progress=Count("pk", filter=Q(status=workflows.IN_PROGRESS)),
        open=Count("pk", filter=Q(status=workflows.OPEN)),
        overdue=Count("pk", filter=Q(due_date__lt=today) & ~Q(status=workflows.DONE)),
    )
    return agg
