"""Builders for the plans tests (and the authorization matrix)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import AdministrativeUnit, Department, Role, User
from plans import services
from plans.models import AnnualPlan, Milestone, PlanProduct, StepWindow, Target, Task
from products import workflows as pw
from tests.factories import ProducerFactory, ProductFactory

PDF = b"%PDF-1.4\n%test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def unit(code):
    return AdministrativeUnit.objects.get(code=code)


def dept(code):
    return Department.objects.get(code=code)


def province_user():
    user, _ = User.objects.get_or_create(
        username="h_province",
        defaults=dict(role=Role.PROVINCE, unit=unit("49"), department=dept("so-nnptnt")),
    )
    return user


def make_plan(year=2023, *, published=False, number="65/KH-UBND", by=None, **fields) -> AnnualPlan:
    by = by or province_user()
    plan = services.create_plan(
        province=unit("49"),
        year=year,
        title=f"Kế hoạch triển khai Chương trình Mỗi xã một sản phẩm năm {year}",
        number=number,
        date=datetime.date(year, 4, 8),
        by=by,
        **fields,
    )
    if published:
        services.publish_plan(plan, by=by)
    return plan


def _choice_label(model, field: str, code: str) -> str:
    return str(dict(model._meta.get_field(field).flatchoices).get(code, code))


def add_milestones(plan, rows):
    """rows: (kind, due_date[, quota]) tuples."""
    out = []
    batches = plan.milestones.filter(kind="dossier_batch").count()
    for row in rows:
        kind, due = row[0], row[1]
        quota = row[2] if len(row) > 2 else None
        if kind == "dossier_batch":
            batches += 1
        out.append(
            Milestone.objects.create(
                plan=plan,
                kind=kind,
                label=_choice_label(Milestone, "kind", kind),  # what a person would type, not the code
                due_date=due,
                quota_percent=quota,
                batch_number=batches if kind == "dossier_batch" else None,
            )
        )
    return out


def set_windows(plan, windows):
    """windows: {step: (start, end)}"""
    StepWindow.objects.filter(plan=plan).delete()
    for step, (start, end) in windows.items():
        StepWindow.objects.create(plan=plan, step=step, start=start, end=end)


def product(state=pw.IDEA_REGISTERED, commune="20599", **kwargs):
    producer = kwargs.pop("producer", None) or ProducerFactory(commune=unit(commune))
    return ProductFactory(producer=producer, commune=producer.commune, state=state, **kwargs)


def attach(plan, products, kind=PlanProduct.Kind.NEW):
    return [PlanProduct.objects.create(plan=plan, product=p, kind=kind) for p in products]


def target(plan, kind, goal, goal_max=None, **kwargs):
    return Target.objects.create(
        plan=plan,
        kind=kind,
        label=kwargs.pop("label", _choice_label(Target, "kind", kind)),
        goal_value=Decimal(str(goal)),
        goal_max=None if goal_max is None else Decimal(str(goal_max)),
        **kwargs,
    )


def task(plan, *, lead=None, group="", cooperating=(), **fields) -> Task:
    t = Task.objects.create(
        plan=plan,
        lead_department=dept(lead) if lead else None,
        lead_group=group,
        title=fields.pop("title", f"Nhiệm vụ {lead or group}"),
        **fields,
    )
    t.cooperating.set([dept(c) for c in cooperating])
    return t


def pdf(name="bao-cao.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")
