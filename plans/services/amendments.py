"""Snapshots of a plan, its frozen versions and the amendments of a published plan."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from ocop_portal.workflow import TransitionRefused

from ..models import Amendment, AnnualPlan, PlanVersion
from .common import _require_provincial, _user, refresh_pdf


def snapshot(plan: AnnualPlan) -> dict:
    """The whole plan as plain data: what a version freezes."""
    data = {f: getattr(plan, f) for f in AnnualPlan.TEXT_FIELDS}
    data.update(
        year=plan.year,
        province=plan.province.code,
        legal_bases=[
            dict(
                kind=b.kind, reference=b.reference, issued_on=b.issued_on, issuer=b.issuer, summary=b.summary
            )
            for b in plan.legal_bases.all()
        ],
        milestones=[
            dict(
                kind=m.kind,
                label=m.label,
                due_date=m.deadline,
                batch_number=m.number,
                quota_percent=m.quota,
            )
            for m in plan.milestones.all()
        ],
        step_windows=[dict(step=w.step, start=w.start, end=w.end) for w in plan.step_windows.all()],
        targets=[
            dict(
                kind=t.kind,
                label=t.label,
                goal_value=t.goal_value,
                goal_max=t.goal_max,
                unit=t.unit,
                scope=t.scope,
            )
            for t in plan.targets.all()
        ],
        products=[
            dict(product_id=e.product_id, name=e.product.name, kind=e.kind, commune=e.product.commune.code)
            for e in plan.plan_products.select_related("product", "product__commune").order_by("product_id")
        ],
        tasks=[
            dict(
                title=t.title,
                lead=t.lead_name,
                cooperating=[str(d) for d in t.cooperating.all()],
                due_date=t.due_date,
                recurrence=t.recurrence,
            )
            for t in plan.tasks.roots().select_related("lead_department").prefetch_related("cooperating")
        ],
    )
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _save_version(plan: AnnualPlan, by) -> PlanVersion:
    """A new version of the plan (publication, amendment); its PDF is laid out once committed."""
    refresh_pdf(plan)
    return PlanVersion.objects.create(
        plan=plan, number=plan.version, snapshot=snapshot(plan), created_by=_user(by)
    )


def _check_amendable(plan: AnnualPlan, reason: str, by):
    _require_provincial(by)
    if plan.is_published and not (reason or "").strip():
        raise TransitionRefused(_("The plan is published: give a reason for the amendment."))


def _amend(plan: AnnualPlan, *, by, reason: str, section: str, changes: list) -> Amendment | None:
    """Record an amendment of a published plan (no-op for drafts or when nothing changed)."""
    if not plan.is_published or not changes:
        return None
    plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    plan.version += 1
    plan.save(update_fields=["version", "updated_at"])
    amendment = Amendment.objects.create(
        plan=plan,
        version=plan.version,
        section=section,
        changes=json.loads(json.dumps(changes, cls=DjangoJSONEncoder, default=str)),
        reason=reason.strip(),
        by=_user(by),
    )
    _save_version(plan, by)
    return amendment
