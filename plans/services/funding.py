"""Funding: allocations per locality and source, and disbursements within them."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from accounts.models import Role
from ocop_portal.workflow import TransitionRefused

from ..models import Allocation, AnnualPlan, Disbursement
from .common import PROVINCIAL, _require_provincial, _role, _user


@transaction.atomic
def record_allocation(
    plan: AnnualPlan, *, locality, source: str, amount: int, by, decision_reference="", note=""
):
    _require_provincial(by)
    if int(amount) <= 0:
        raise TransitionRefused(_("The amount must be positive."))
    allocation = Allocation(
        plan=plan,
        locality=locality,
        source=source,
        amount=int(amount),
        decision_reference=decision_reference,
        note=note,
        created_by=_user(by),
    )
    allocation.full_clean()
    allocation.save()
    return allocation


def unspent(plan: AnnualPlan, locality, source: str) -> int:
    allocated = (
        Allocation.objects.filter(plan=plan, locality=locality, source=source).aggregate(s=Sum("amount"))["s"]
        or 0
    )
    spent = (
        Disbursement.objects.filter(plan=plan, locality=locality, source=source).aggregate(s=Sum("amount"))[
            "s"
        ]
        or 0
    )
    return allocated - spent


@transaction.atomic
def record_disbursement(
    plan: AnnualPlan,
    *,
    locality,
    source: str,
    amount: int,
    date: datetime.date,
    by,
    note: str = "",
    allocation=None,
) -> Disbursement:
    """A locality reports money spent; it cannot exceed what was allocated to it from that source."""
    role = _role(by)
    if role not in (*PROVINCIAL, Role.DISTRICT):
        raise TransitionRefused(_("You may not report disbursements."))
    if role == Role.DISTRICT and not locality.path.startswith(by.unit.path):
        raise TransitionRefused(_("You may only report disbursements of your own district."))
    if allocation is not None:
        if allocation.plan_id != plan.pk:
            raise TransitionRefused(_("This allocation belongs to another plan."))
        locality, source = allocation.locality, allocation.source
    amount = int(amount)
    if amount <= 0:
        raise TransitionRefused(_("The amount must be positive."))
    # Serialise concurrent reports of the same locality and source.
    list(Allocation.objects.select_for_update().filter(plan=plan, locality=locality, source=source))
    remaining = unspent(plan, locality, source)
    if amount > remaining:
        raise TransitionRefused(
            _(
                "This exceeds the unspent allocation of %(locality)s from this source (%(remaining)s VND left)."
            )
            % {"locality": locality, "remaining": f"{max(remaining, 0):,}".replace(",", ".")}
        )
    d = Disbursement(
        plan=plan,
        allocation=allocation,
        locality=locality,
        source=source,
        amount=amount,
        date=date,
        note=note,
        reported_by=_user(by),
    )
    d.full_clean()
    d.save()
    return d
