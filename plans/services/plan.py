"""The plan: create, edit (amendments once published), sections, publish, step windows, the
product list, copy to a new year, manual target values."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop_portal.workflow import TransitionRefused

from .. import workflows
from ..citations import shift_year_text
from ..models import (
    Amendment,
    AnnualPlan,
    LegalBasis,
    Milestone,
    PlanProduct,
    StepWindow,
    Target,
    Task,
    WorkflowLog,
)
from . import batches
from .amendments import _amend, _check_amendable, _save_version
from .common import _plain, _require_provincial, _role, _user


@transaction.atomic
def create_plan(*, province, year: int, title: str, by, **fields) -> AnnualPlan:
    _require_provincial(by)
    if AnnualPlan.objects.filter(province=province, year=year).exists():
        raise TransitionRefused(_("A plan for %(year)s already exists.") % {"year": year})
    plan = AnnualPlan(province=province, year=year, title=title, created_by=_user(by), **fields)
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def update_plan(plan: AnnualPlan, *, by, reason: str = "", **fields) -> Amendment | None:
    """Change the plan's text fields; on a published plan this is an amendment (reason required)."""
    _check_amendable(plan, reason, by)
    locked = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    changes = []
    for name, value in fields.items():
        if name not in AnnualPlan.TEXT_FIELDS:
            raise ValueError(f"not an editable plan field: {name}")
        old = getattr(locked, name)
        if old != value:
            label = str(AnnualPlan._meta.get_field(name).verbose_name)
            changes.append({"field": name, "label": label, "old": _plain(old), "new": _plain(value)})
            setattr(locked, name, value)
    if not changes:
        return None
    locked.full_clean()
    locked.save()
    amendment = _amend(locked, by=by, reason=reason, section="plan", changes=changes)
    plan.refresh_from_db()
    return amendment


SECTION_MODELS = {
    "legal_bases": LegalBasis,
    "milestones": Milestone,
    "step_windows": StepWindow,
    "targets": Target,
}
SECTION_FIELDS = {
    "legal_bases": ("kind", "reference", "issued_on", "issuer", "summary", "order"),
    "milestones": ("kind", "label", "due_date", "batch_number", "quota_percent"),
    "step_windows": ("step", "start", "end"),
    "targets": ("kind", "label", "goal_value", "goal_max", "unit", "scope", "order"),
}


def _describe(obj) -> str:
    return str(obj)


def _value(obj, field: str):
    """A field's value as the plan states it (a bound milestone's date, number and quota are its batch's)."""
    if isinstance(obj, Milestone):
        field = MILESTONE_VALUES.get(field, field)
    return getattr(obj, field)


MILESTONE_VALUES = {"due_date": "deadline", "batch_number": "number", "quota_percent": "quota"}


@transaction.atomic
def save_section(plan: AnnualPlan, formset, *, section: str, by, reason: str = "") -> Amendment | None:
    """Save a formset of one section (legal bases, milestones, step windows, targets).

    The formset must be valid. On a published plan the changes become one amendment.
    """
    _check_amendable(plan, reason, by)
    fields = SECTION_FIELDS[section]
    changes = []
    instances = formset.save(commit=False)
    for obj in formset.deleted_objects:
        changes.append({"action": "removed", "item": _describe(obj)})
        obj.delete()
    changed_pks = {obj.pk for obj, _names in formset.changed_objects}
    for obj in instances:
        obj.plan = plan
        old = type(obj).objects.get(pk=obj.pk) if obj.pk and obj.pk in changed_pks else None
        if isinstance(obj, Milestone):
            batches.store_once(obj)  # a bound milestone's date is its batch's: write it there
        if old is not None:
            diff = [
                {"field": f, "old": _plain(_value(old, f)), "new": _plain(_value(obj, f))}
                for f in fields
                if _value(old, f) != _value(obj, f)
            ]
            if diff:
                changes.append({"action": "changed", "item": _describe(old), "fields": diff})
        elif not obj.pk:
            changes.append({"action": "added", "item": _describe(obj)})
        obj.full_clean()
        obj.save()
    if section == "milestones":
        changes += batches.bind_batches(plan)
    return _amend(plan, by=by, reason=reason, section=section, changes=changes)


@transaction.atomic
def publish_plan(plan: AnnualPlan, *, by) -> AnnualPlan:
    locked = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    t = workflows.PLAN.check(locked.status, "publish", role=_role(by))
    missing = [
        str(AnnualPlan._meta.get_field(f).verbose_name)
        for f in ("number", "date", "title")
        if not getattr(locked, f)
    ]
    if missing:
        raise TransitionRefused(_("Before publishing, fill in: %(fields)s.") % {"fields": ", ".join(missing)})
    if not locked.step_windows.exists():
        _write_step_windows(locked, compute_step_windows(locked))
    previous = locked.status
    locked.status = t.target
    locked.version = 1
    locked.published_at = timezone.now()
    locked.published_by = _user(by)
    locked.save()
    # The plan's dossier batches become the call's batches (one date each, stored on the batch).
    batches.bind_batches(locked)
    _save_version(locked, by)
    WorkflowLog.record(locked, "publish", previous, t.target, by=by)
    plan.refresh_from_db()
    return plan


# --- step windows ---------------------------------------------------------------------------
def compute_step_windows(plan: AnnualPlan) -> dict[int, tuple[datetime.date, datetime.date]]:
    """Windows per step from the milestones (mapping in workflows.STEP_MILESTONE_KINDS).

    A step ends at the latest milestone of its kinds; a step without milestones ends where the
    next defined step ends (or at the end of the year); windows never run backwards.
    """
    milestones = list(plan.milestones.all())
    steps = sorted(workflows.STEP_MILESTONE_KINDS)
    ends: dict[int, datetime.date | None] = {}
    for step in steps:
        dates = [m.deadline for m in milestones if m.kind in workflows.STEP_MILESTONE_KINDS[step]]
        ends[step] = max(dates) if dates else None
    year_end = plan.year_end
    ends[steps[-1]] = max([year_end, *[e for e in ends.values() if e]])
    for i, step in enumerate(steps):
        if ends[step] is None:
            ends[step] = next((ends[s] for s in steps[i + 1 :] if ends[s]), year_end)
    windows, previous_end = {}, None
    for step in steps:
        start = plan.year_start if previous_end is None else previous_end + datetime.timedelta(days=1)
        end = max(ends[step], previous_end or ends[step])
        start = min(start, end)
        windows[step] = (start, end)
        previous_end = end
    return windows


def _write_step_windows(plan, windows) -> list:
    changes = []
    existing = {w.step: w for w in plan.step_windows.all()}
    for step, (start, end) in windows.items():
        w = existing.get(step)
        if w is None:
            StepWindow.objects.create(plan=plan, step=step, start=start, end=end)
            changes.append({"action": "added", "item": f"{step}: {_plain(start)} – {_plain(end)}"})
        elif (w.start, w.end) != (start, end):
            changes.append(
                {
                    "action": "changed",
                    "item": str(step),
                    "fields": [
                        {"field": "start", "old": _plain(w.start), "new": _plain(start)},
                        {"field": "end", "old": _plain(w.end), "new": _plain(end)},
                    ],
                }
            )
            w.start, w.end = start, end
            w.save()
    return changes


@transaction.atomic
def prefill_step_windows(plan: AnnualPlan, *, by, reason: str = "") -> Amendment | None:
    """(Re)compute the step windows from the milestones."""
    _check_amendable(plan, reason, by)
    changes = _write_step_windows(plan, compute_step_windows(plan))
    return _amend(plan, by=by, reason=reason, section="step_windows", changes=changes)


# --- product list ---------------------------------------------------------------------------
@transaction.atomic
def add_products(plan: AnnualPlan, products: Iterable, *, kind: str, by, reason: str = "", note: str = ""):
    """Attach products to the plan's list (products already on it are skipped)."""
    _check_amendable(plan, reason, by)
    if kind not in PlanProduct.Kind.values:
        raise TransitionRefused(_("Unknown kind of plan product."))
    present = set(plan.plan_products.values_list("product_id", flat=True))
    added = []
    for product in products:
        if product.pk in present:
            continue
        added.append(PlanProduct(plan=plan, product=product, kind=kind, note=note, added_by=_user(by)))
        present.add(product.pk)
    PlanProduct.objects.bulk_create(added)
    changes = [
        {"action": "added", "item": e.product.name, "product_id": e.product_id, "kind": e.kind} for e in added
    ]
    _amend(plan, by=by, reason=reason, section="products", changes=changes)
    return added


@transaction.atomic
def remove_product(entry: PlanProduct, *, by, reason: str = "") -> None:
    plan = entry.plan
    _check_amendable(plan, reason, by)
    change = {
        "action": "removed",
        "item": entry.product.name,
        "product_id": entry.product_id,
        "kind": entry.kind,
    }
    entry.delete()
    _amend(plan, by=by, reason=reason, section="products", changes=[change])


# --- copy -----------------------------------------------------------------------------------
@transaction.atomic
def copy_plan(plan: AnnualPlan, year: int, by) -> AnnualPlan:
    """Start a new draft for ``year`` from ``plan``: text, legal bases, milestones (shifted by the
    year difference), step windows, targets and root tasks — not products, progress or funding.

    The plan's own years move (:func:`plans.citations.shift_year_text`); cited documents keep
    their numbers and dates."""
    _require_provincial(by)
    if AnnualPlan.objects.filter(province=plan.province, year=year).exists():
        raise TransitionRefused(_("A plan for %(year)s already exists.") % {"year": year})
    shift = relativedelta(years=year - plan.year)
    text = {
        f: shift_year_text(getattr(plan, f), plan.year, year)
        for f in AnnualPlan.TEXT_FIELDS
        if f not in ("date",)
    }
    text.update(number="", date=None)
    new = AnnualPlan.objects.create(
        province=plan.province, year=year, copied_from=plan, created_by=_user(by), **text
    )
    LegalBasis.objects.bulk_create(
        LegalBasis(
            plan=new,
            kind=b.kind,
            reference=b.reference,
            issued_on=b.issued_on,
            issuer=b.issuer,
            summary=b.summary,
            order=b.order,
        )
        for b in plan.legal_bases.all()
    )
    Milestone.objects.bulk_create(
        Milestone(
            plan=new,
            kind=m.kind,
            label=shift_year_text(m.label, plan.year, year),
            due_date=m.deadline + shift,  # the new draft's own dates, until it is published and bound
            batch_number=m.number,
            quota_percent=m.quota,
        )
        for m in plan.milestones.all()
    )
    StepWindow.objects.bulk_create(
        StepWindow(plan=new, step=w.step, start=w.start + shift, end=w.end + shift)
        for w in plan.step_windows.all()
    )
    Target.objects.bulk_create(
        Target(
            plan=new,
            kind=t.kind,
            label=shift_year_text(t.label, plan.year, year),
            goal_value=t.goal_value,
            goal_max=t.goal_max,
            unit=t.unit,
            scope=t.scope,
            order=t.order,
        )
        for t in plan.targets.all()
    )
    for t in plan.tasks.roots().prefetch_related("cooperating"):
        copy = Task.objects.create(
            plan=new,
            lead_department_id=t.lead_department_id,
            lead_group=t.lead_group,
            section_heading=t.section_heading,
            title=shift_year_text(t.title, plan.year, year),
            description=shift_year_text(t.description, plan.year, year),
            due_date=t.due_date + shift if t.due_date else None,
            recurrence=t.recurrence,
            template_id=t.template_id,
            order=t.order,
            created_by=_user(by),
        )
        copy.cooperating.set(t.cooperating.all())
    return new


# --- targets --------------------------------------------------------------------------------
@transaction.atomic
def set_manual_value(target: Target, value, *, by, note: str = "") -> Target:
    """Record progress on a free-form target (not an amendment: the goal does not change)."""
    _require_provincial(by)
    target.manual_value = None if value in (None, "") else Decimal(str(value))
    target.manual_note = note
    target.manual_updated_at = timezone.now()
    target.manual_updated_by = _user(by)
    target.save(update_fields=["manual_value", "manual_note", "manual_updated_at", "manual_updated_by"])
    return target


def evaluation_deadline(year: int, level: str):
    """The evaluation deadline of ``level`` in the year's published plan (a milestone), or None.

    Registered with evaluation as the source of a new round's scoring deadline."""
    kind = {
        "district": Milestone.Kind.DISTRICT_EVALUATION,
        "province": Milestone.Kind.PROVINCE_EVALUATION,
    }.get(level)
    if kind is None:
        return None
    milestone = (
        Milestone.objects.with_deadline()
        .filter(plan__year=year, plan__status=workflows.PUBLISHED, kind=kind)
        .order_by("deadline_on")
        .first()
    )
    return milestone.deadline if milestone else None
