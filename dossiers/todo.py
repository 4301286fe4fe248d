"""The dossier steps in “Việc cần làm” (see :mod:`ocop_portal.todo`).

- district officer: each dossier of the year still to complete and submit (draft or returned), with
  how many required documents are missing, before the deadline of its call's next open batch;
- commune official: the commune report to file for the products waiting for it, per call, before the
  call's next batch (the district cannot submit the dossiers without it), and drafts still to send;
- provincial staff: dossiers submitted and waiting for acceptance or return.

A fixed number of queries: the dossiers, the batches of their calls, the documents' kinds, the
commune reports, and the checklist rules of each (regulation, product group) pair in play — a handful
of pairs whatever the number of dossiers.
"""

from __future__ import annotations

from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import Role
from ocop_portal.todo import Todo

from . import checks
from . import workflows as wf
from .models import CommuneReport, Dossier, DossierDocument, SubmissionBatch


def _next_deadlines(call_ids, today) -> dict:
    """call id → the next open batch (deadline not passed), else the last batch (late)."""
    batches = defaultdict(list)
    for batch in SubmissionBatch.objects.filter(call_id__in=set(call_ids)).order_by("deadline", "number"):
        batches[batch.call_id].append(batch)
    return {call_id: checks.pick_batch(rows, today)[0] for call_id, rows in batches.items()}


def _missing_counts(dossiers) -> dict[int, int]:
    present = defaultdict(set)
    for dossier_id, kind_id in DossierDocument.objects.filter(dossier__in=dossiers).values_list(
        "dossier_id", "kind_id"
    ):
        present[dossier_id].add(kind_id)
    reported = checks.commune_reported(d.pk for d in dossiers)
    rules_of = {}
    out = {}
    for d in dossiers:
        key = (d.call.regulation_id, d.product.group_id)
        if key not in rules_of:
            rules_of[key] = [
                r for r in checks.applicable_rules(d.call.regulation, d.product.group) if r.required
            ]
        missing = 0
        for rule in rules_of[key]:
            has = rule.kind_id in present[d.pk] if rule.kind.is_uploaded else d.pk in reported
            missing += not has
        out[d.pk] = missing + (not d.onsite_attested)
    return out


def _to_complete(user, today) -> list[Todo]:
    dossiers = list(
        access.visible(user, Dossier)
        .filter(status__in=wf.EDITABLE, year__gte=today.year)
        .select_related("product", "product__group", "product__group__parent", "call", "call__regulation")
    )
    if not dossiers:
        return []
    batches = _next_deadlines([d.call_id for d in dossiers], today)
    missing = _missing_counts(dossiers)
    items = []
    for d in dossiers:
        batch = batches.get(d.call_id)
        n = missing[d.pk]
        if d.status == wf.RETURNED:
            detail = _("Returned for completion")
        elif n:
            detail = _("%(n)s required item(s) missing") % {"n": n}
        else:
            detail = _("Complete: ready to submit")
        if batch:
            detail += " · " + str(batch)
        items.append(
            Todo(
                text=_("Complete and submit the dossier: %(product)s") % {"product": d.product.name},
                url=d.get_absolute_url(),
                deadline=batch.deadline if batch else None,
                kind=_("Dossier"),
                detail=detail,
            )
        )
    return items


def _to_review(user, today) -> list[Todo]:
    dossiers = list(
        access.visible(user, Dossier)
        .filter(status__in=wf.STATUS_GROUPS[wf.TO_REVIEW])
        .select_related("product", "call", "batch")
        .order_by("submitted_at", "pk")
    )
    return [
        Todo(
            text=_("Accept or return the dossier: %(product)s") % {"product": d.product.name},
            url=d.get_absolute_url(),
            deadline=None,
            kind=_("Dossier"),
            detail=_("Submitted on %(day)s") % {"day": d.submitted_at.strftime("%d/%m/%Y")}
            if d.submitted_at
            else "",
        )
        for d in dossiers
        if checks.is_evaluating_level(user, d.call)
    ]


def _commune(user, today) -> list[Todo]:
    waiting = list(checks.awaiting_commune_report(user.unit))
    drafts = list(
        CommuneReport.objects.filter(commune=user.unit, status=wf.REPORT_DRAFT).select_related("call")
    )
    calls = {d.call_id: d.call for d in waiting} | {r.call_id: r.call for r in drafts}
    if not calls:
        return []
    batches = _next_deadlines(calls, today)
    by_call = defaultdict(list)
    for d in waiting:
        by_call[d.call_id].append(d.product.name)
    draft_of = {r.call_id: r for r in drafts}
    items = []
    for call_id, call in sorted(calls.items(), key=lambda kv: kv[1].year):
        batch = batches.get(call_id)
        names = by_call.get(call_id, [])
        report = draft_of.get(call_id)
        url = (
            reverse("dossiers:commune_report_edit", args=[report.pk])
            if report
            else reverse("dossiers:commune_reports")
        )
        text = (
            _("Send the commune report %(year)s (signed minutes attached)") % {"year": call.year}
            if report
            else _("File the commune report %(year)s") % {"year": call.year}
        )
        detail = (
            _("%(n)s product(s): %(names)s") % {"n": len(names), "names": ", ".join(names[:3])}
            + ("…" if len(names) > 3 else "")
            if names
            else ""
        )
        items.append(
            Todo(
                text=text,
                url=url,
                deadline=batch.deadline if batch else None,
                kind=_("Commune report"),
                detail=detail,
            )
        )
    return items


def todo_items(user, today) -> list[Todo]:
    role = access.role_of(user)
    if role == Role.DISTRICT:
        return _to_complete(user, today)
    if role in (Role.PROVINCE, Role.ADMIN):
        return _to_review(user, today)
    if role == Role.COMMUNE and user.unit_id:
        return _commune(user, today)
    return []
