"""Reading the dossier rules: which kinds a product needs, what is missing, which batch a
submission falls in, quota arithmetic, who is the evaluating level. No state changes here.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import AdministrativeUnit, Role
from products.models import Level, ProductGroup, RegulationVersion

from . import workflows as wf
from .models import (
    CallDistrictQuota,
    ChecklistRule,
    CommuneAssessment,
    CommuneReport,
    CommuneReportItem,
    Dossier,
    DossierCall,
    DossierReturnReason,
    LocalCriterion,
    SubmissionBatch,
)

# --- Checklist -------------------------------------------------------------------------------------


def top_group_in(regulation: RegulationVersion, group: ProductGroup) -> ProductGroup | None:
    """The product's top group under ``regulation`` (matched by code when classified under another
    version, e.g. a 148 product in a 1048 call)."""
    top = group.top
    if top.regulation_id == regulation.pk:
        return top
    return ProductGroup.objects.filter(regulation=regulation, parent__isnull=True, code=top.code).first()


def applicable_rules(regulation: RegulationVersion, group: ProductGroup) -> list[ChecklistRule]:
    """The checklist rules for a product of ``group`` under ``regulation``, one per kind, in order.

    A group rule overrides the all-groups rule of the same kind; tourism-only kinds are dropped
    for non-tourism groups.
    """
    top = top_group_in(regulation, group)
    is_tourism = group.is_tourism or (top is not None and top.is_tourism)
    scope = Q(group__isnull=True) | Q(group=top) if top else Q(group__isnull=True)
    chosen: dict[int, ChecklistRule] = {}
    for rule in ChecklistRule.objects.filter(regulation=regulation).filter(scope).select_related("kind"):
        if rule.kind.applies_to_tourism_only and not is_tourism:
            continue
        if rule.kind_id not in chosen or rule.group_id is not None:
            chosen[rule.kind_id] = rule
    return sorted(chosen.values(), key=lambda r: (r.kind.order, r.kind.code))


def awaiting_commune_report(commune):
    """Dossiers of ``commune``'s products, in calls whose regulation has the commune step, that no
    submitted commune report covers yet: the commune official's to-do list (list page and dashboard).
    A commune of today's tree also assesses the products of the communes it succeeded."""
    from accounts.successions import were_within_q

    return (
        Dossier.objects.filter(
            were_within_q("product__commune", commune),
            call__regulation__in=RegulationVersion.objects.with_commune_step(),
        )
        .exclude(commune_items__report__status=wf.REPORT_SUBMITTED)
        .select_related("product", "call")
        .order_by("product__name", "pk")
    )


def commune_reported(dossier_ids) -> set[int]:
    """Dossiers covered by a submitted commune assessment report."""
    return set(
        CommuneReportItem.objects.filter(dossier_id__in=list(dossier_ids), report__status=wf.REPORT_SUBMITTED)
        .values_list("dossier_id", flat=True)
        .distinct()
    )


@dataclass
class ChecklistLine:
    kind: object
    required: bool
    documents: list = field(default_factory=list)
    present: bool = False
    reasons: list = field(default_factory=list)  # return reasons of the latest return

    @property
    def missing(self) -> bool:
        return self.required and not self.present


def last_return(dossier: Dossier):
    """The latest return of the dossier (a transition with ``general`` — its general remarks — and
    ``kind_reasons``, the remarks per document kind), or None."""
    last = dossier.transitions.filter(name="return").select_related("by").order_by("-at", "-pk").first()
    if last is None:
        return None
    reasons = list(DossierReturnReason.objects.filter(transition=last).select_related("kind"))
    last.general = [r.reason for r in reasons if r.kind_id is None]
    last.kind_reasons = [r for r in reasons if r.kind_id is not None]
    return last


def last_return_reasons(dossier: Dossier) -> dict[int | None, list[str]]:
    last = dossier.transitions.filter(name="return").order_by("-at", "-pk").first()
    out: dict[int | None, list[str]] = defaultdict(list)
    if last is None:
        return out
    for r in DossierReturnReason.objects.filter(transition=last):
        out[r.kind_id].append(r.reason)
    return out


def checklist(dossier: Dossier, *, documents=None, with_reasons: bool = False) -> list[ChecklistLine]:
    """Every applicable kind with its documents and whether it is present."""
    rules = applicable_rules(dossier.call.regulation, dossier.product.group)
    if documents is None:
        documents = list(dossier.documents.select_related("uploaded_by"))
    by_kind = defaultdict(list)
    for doc in documents:
        by_kind[doc.kind_id].append(doc)
    reported = (
        dossier.pk in commune_reported([dossier.pk]) if any(not r.kind.is_uploaded for r in rules) else False
    )
    reasons = last_return_reasons(dossier) if with_reasons and dossier.status == wf.RETURNED else {}
    lines = []
    for rule in rules:
        docs = by_kind.get(rule.kind_id, [])
        present = bool(docs) if rule.kind.is_uploaded else reported
        lines.append(ChecklistLine(rule.kind, rule.required, docs, present, reasons.get(rule.kind_id, [])))
    return lines


def missing_required(dossier: Dossier) -> list:
    return [line.kind for line in checklist(dossier) if line.missing]


def applicable_kind_ids(dossier: Dossier) -> set[int]:
    return {r.kind_id for r in applicable_rules(dossier.call.regulation, dossier.product.group)}


# --- Batches and quotas ----------------------------------------------------------------------------


def pick_batch(batches, today: datetime.date) -> tuple[SubmissionBatch | None, bool]:
    """The earliest batch whose deadline is not passed → (batch, late=False); all passed →
    (last batch, late=True); a call without batches → (None, False)."""
    ordered = sorted(batches, key=lambda b: (b.deadline, b.number))
    for batch in ordered:
        if batch.deadline >= today:
            return batch, False
    if ordered:
        return ordered[-1], True
    return None, False


def quota_needed(registered: int, percent: int) -> int:
    """Products to submit by a batch deadline: ceil(registered × percent / 100), integers only.

    >>> quota_needed(7, 50)
    4
    """
    if registered <= 0 or percent <= 0:
        return 0
    return -(-registered * min(percent, 100) // 100)


@dataclass(frozen=True)
class QuotaProgress:
    registered: int
    needed: int
    submitted: int

    @property
    def met(self) -> bool:
        return self.submitted >= self.needed

    @property
    def remaining(self) -> int:
        return max(self.needed - self.submitted, 0)

    @property
    def percent_of_needed(self) -> int:
        if self.needed == 0:
            return 100
        return min(100, self.submitted * 100 // self.needed)


def quota_progress(registered: int, submitted: int, percent: int) -> QuotaProgress:
    return QuotaProgress(registered, quota_needed(registered, percent), submitted)


@dataclass
class DistrictQuotaRow:
    district: AdministrativeUnit
    registered: int
    registered_from_plan: bool
    batches: list  # [(batch, QuotaProgress)]


def district_quotas(call: DossierCall, districts) -> list[DistrictQuotaRow]:
    """Per district and batch: registered products vs. dossiers submitted by the batch deadline.

    Registered = the plan's number (:class:`CallDistrictQuota`) or, without it, the district's
    products with a dossier in the call. Three queries whatever the number of districts.
    """
    districts = list(districts)
    batches = list(call.batches.all())
    annotations = {"registered": Count("pk")}
    for b in batches:
        annotations[f"b{b.pk}"] = Count(
            "pk", filter=Q(status__in=wf.SUBMITTED_AT_LEAST_ONCE, submitted_on__lte=b.deadline)
        )
    counts = {
        row["product__commune__local_unit_id"]: row
        for row in Dossier.objects.filter(call=call, product__commune__local_unit__in=districts)
        .values("product__commune__local_unit_id")
        .annotate(**annotations)
    }
    planned = dict(
        CallDistrictQuota.objects.filter(call=call, district__in=districts).values_list(
            "district_id", "registered_count"
        )
    )
    rows = []
    for d in districts:
        row = counts.get(d.pk, {})
        registered = planned.get(d.pk, row.get("registered", 0))
        rows.append(
            DistrictQuotaRow(
                d,
                registered,
                d.pk in planned,
                [(b, quota_progress(registered, row.get(f"b{b.pk}", 0), b.quota_percent)) for b in batches],
            )
        )
    return rows


# --- Who may do what -------------------------------------------------------------------------------


def is_evaluating_level(user, call: DossierCall) -> bool:
    """Provincial staff for provincial calls; the issuing district's officers for district calls."""
    role = access.role_of(user)
    if role in (Role.ADMIN, Role.PROVINCE):
        return True
    if role == Role.DISTRICT and call.level == Level.DISTRICT and user.unit_id:
        return user.unit_id == call.issuing_unit_id
    return False


def calls_for(user):
    """Calls a user may see (and pick for a new dossier)."""
    return access.visible(user, DossierCall).select_related("regulation", "issuing_unit")


def missing_message(kinds) -> str:
    return _("Required documents are missing: %(kinds)s.") % {"kinds": "; ".join(str(k) for k in kinds)}


def commune_report_refusal(report: CommuneReport) -> str | None:
    """Why the draft cannot be sent yet (None when it can): asked before the confirmation step too."""
    problems = []
    if not report.meeting_date:
        problems.append(_("the meeting date"))
    if not report.chair_name:
        problems.append(_("the chair"))
    if not report.participant_list:
        problems.append(_("the participants"))
    if not report.minutes:
        problems.append(_("the signed and stamped minutes (scan)"))
    if problems:
        return _("Fill in %(fields)s before submitting.") % {"fields": ", ".join(problems)}
    items = list(report.items.select_related("dossier__product"))
    if not items:
        return _("The report assesses no product.")
    criteria = list(LocalCriterion.objects.filter(regulation=report.call.regulation))
    answered = set(
        CommuneAssessment.objects.filter(item__report=report).values_list("item_id", "criterion_id")
    )
    incomplete = [
        str(i.dossier.product) for i in items if any((i.pk, c.pk) not in answered for c in criteria)
    ]
    if incomplete:
        return _("Every criterion must be answered for: %(products)s.") % {"products": "; ".join(incomplete)}
    return None
