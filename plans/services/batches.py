"""One source per batch deadline: a published plan's dossier-batch milestones *are* the batches of
the province's call of the plan's year.

Binding (:func:`bind_batches`) links each dossier-batch milestone of a published plan to the call's
batch of the same number — creating the batch when the call lacks it, giving an existing batch the
plan's date and quota (the plan is the signed document) — and moves the date there: from then on it
is stored once, on the batch (``Milestone.deadline`` reads it). It runs when the plan is published,
when its milestones are saved, and when the call or one of its batches is created afterwards (signal
in ``plans.apps``). Editing a bound milestone edits its batch (:func:`store_once`); the call's back
office shows bound batches read-only (:func:`batch_owners`, registered with ``dossiers.batches``).
"""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.successions import predecessors_of, today_unit
from dossiers import batches as dossier_batches
from dossiers.models import DossierCall, SubmissionBatch
from ocop_portal.workflow import TransitionRefused
from products.models import Level

from ..models import AnnualPlan, Milestone

log = logging.getLogger(__name__)


def provincial_call(plan: AnnualPlan) -> DossierCall | None:
    """The province's call for dossiers of the plan's year (the batches the plan's milestones set)."""
    issuers = [plan.province_id]
    successor = today_unit(plan.province, datetime.date(plan.year, 12, 31))
    if successor is not None and successor.pk != plan.province_id:
        issuers.insert(0, successor.pk)  # the province's successor issues the year's call (2025 merger)
    calls = DossierCall.objects.filter(year=plan.year, level=Level.PROVINCE, issuing_unit_id__in=issuers)
    return min(calls, key=lambda call: issuers.index(call.issuing_unit_id), default=None)


def batch_numbers(milestones) -> dict[int, int]:
    """{milestone pk: batch number} for dossier-batch milestones: their number, or their rank by date."""
    ordered = sorted(
        (m for m in milestones if m.kind == Milestone.Kind.DOSSIER_BATCH),
        key=lambda m: (m.deadline, m.pk or 0),
    )
    return {m.pk: m.number or rank for rank, m in enumerate(ordered, start=1)}


@transaction.atomic
def bind_batches(plan: AnnualPlan, *, strict: bool = True) -> list[dict]:
    """Bind the published plan's unbound dossier-batch milestones to the batches of its call.

    Returns the changes (one per milestone bound, with what changed on the batch). With ``strict``,
    a conflict (two milestones for one batch number) refuses; otherwise it is logged and skipped.
    """
    if not plan.is_published:
        return []
    call = provincial_call(plan)
    if call is None:
        return []
    milestones = list(plan.milestones.dossier_batches())
    numbers = batch_numbers(milestones)
    taken = {m.batch.number: m for m in milestones if m.batch_id}
    owned_elsewhere = set(
        Milestone.objects.filter(batch__call=call).exclude(plan=plan).values_list("batch__number", flat=True)
    )
    changes = []
    for m in sorted((m for m in milestones if not m.batch_id), key=lambda m: (m.due_date, m.pk)):
        number = numbers[m.pk]
        if number in taken or number in owned_elsewhere:
            message = _(
                "Two milestones are batch %(n)s of the call: give each dossier batch its own number."
            ) % {"n": number}
            if strict:
                raise TransitionRefused(message)
            log.warning("plan %s: milestone %s not bound: %s", plan.pk, m.pk, message)
            continue
        existing = SubmissionBatch.objects.filter(call=call, number=number).first()
        quota = m.quota_percent
        if quota is None:
            quota = existing.quota_percent if existing else 100
        batch, changed = dossier_batches.save_batch(
            call,
            number=number,
            deadline=m.due_date,
            quota_percent=quota,
            batch=existing,
            note=None if existing else m.label,
        )
        m.batch, m.due_date, m.batch_number, m.quota_percent = batch, None, None, None
        m.full_clean()
        m.save()
        taken[number] = m
        changes.append(
            {
                "action": "bound",
                "item": str(m),
                "batch": number,
                "call": call.pk,
                "fields": [c for c in changed if c["field"] != "batch"],
            }
        )
    return changes


def store_once(milestone: Milestone) -> None:
    """Before saving a milestone edited in a form: a bound milestone's date, number and quota go to
    its batch (the one place they are stored); a bound milestone no longer a dossier batch is unbound
    and keeps the date as its own."""
    if not milestone.batch_id:
        return
    batch = milestone.batch
    if milestone.kind != Milestone.Kind.DOSSIER_BATCH:
        milestone.due_date = milestone.due_date or batch.deadline
        milestone.batch, milestone.batch_number, milestone.quota_percent = None, None, None
        return
    dossier_batches.save_batch(
        batch.call,
        number=milestone.batch_number or batch.number,
        deadline=milestone.due_date or batch.deadline,
        quota_percent=milestone.quota_percent if milestone.quota_percent is not None else batch.quota_percent,
        batch=batch,
    )
    milestone.due_date, milestone.batch_number, milestone.quota_percent = None, None, None


def batch_owners(batch_ids: list[int]) -> dict[int, dossier_batches.Owner]:
    """The plan milestones owning these batches (registered with :mod:`dossiers.batches`)."""
    out = {}
    for m in Milestone.objects.filter(batch_id__in=batch_ids).select_related("plan"):
        plan = m.plan
        name = _("Plan %(number)s") % {"number": plan.number} if plan.number else str(plan)
        out[m.batch_id] = dossier_batches.Owner(
            label=f"{name} — {m.label}", url=reverse("plans:detail", args=[plan.pk]) + "#milestones"
        )
    return out


def bind_after_call_change(call: DossierCall) -> None:
    """A call (or one of its batches) was saved: bind the published plan of its year, if any."""
    if call.level != Level.PROVINCE:
        return
    provinces = [call.issuing_unit_id, *(unit.pk for unit in predecessors_of(call.issuing_unit))]
    for plan in AnnualPlan.objects.published().filter(year=call.year, province_id__in=provinces):
        if provincial_call(plan) == call:
            bind_batches(plan, strict=False)
