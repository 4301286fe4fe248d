"""Every state change of the plans app: one transaction each, TransitionRefused on a refused move.

Plans: create, edit (amendments once published), publish (version snapshot), copy to a new year,
attach/detach products, step windows. Tasks: create, move through their workflow, progress
reports with evidence, recurrence, creation from the duty library. Training, funding, periodic
reports and revenue figures.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import Role
from ocop_portal.workflow import TransitionRefused

from . import workflows
from .models import (
    Allocation,
    Amendment,
    AnnualPlan,
    Disbursement,
    DutyTemplate,
    LegalBasis,
    Milestone,
    PeriodicReport,
    PlanProduct,
    PlanVersion,
    ProgressAttachment,
    ProgressReport,
    Recurrence,
    StepWindow,
    Target,
    Task,
    TrainingAttendance,
    TrainingSession,
    WorkflowLog,
)
from .uploads import validate_attachment

PROVINCIAL = (Role.PROVINCE, Role.ADMIN)


def _role(user):
    return access.role_of(user) if user is not None else None


def _require_provincial(user):
    if user is not None and _role(user) not in PROVINCIAL:
        raise TransitionRefused(_("Only provincial DARD staff may do this."))


def _log(obj, name: str, from_state: str, to_state: str, *, by, reason: str = "") -> WorkflowLog:
    return WorkflowLog.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        name=name,
        from_state=from_state,
        to_state=to_state,
        by=by if getattr(by, "is_authenticated", False) else None,
        reason=reason,
    )


def log_for(obj):
    return WorkflowLog.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("by")


def _user(by):
    return by if getattr(by, "is_authenticated", False) else None


def _plain(value):
    """JSON-safe form of a field value (dates as dd/mm/yyyy for people reading the history)."""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return value


# =============================================================================================
# Snapshots, versions, amendments
# =============================================================================================
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
                due_date=m.due_date,
                batch_number=m.batch_number,
                quota_percent=m.quota_percent,
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


# =============================================================================================
# Plans
# =============================================================================================
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
        if obj.pk and obj.pk in changed_pks:
            old = type(obj).objects.get(pk=obj.pk)
            diff = [
                {"field": f, "old": _plain(getattr(old, f)), "new": _plain(getattr(obj, f))}
                for f in fields
                if getattr(old, f) != getattr(obj, f)
            ]
            if diff:
                changes.append({"action": "changed", "item": _describe(old), "fields": diff})
        elif not obj.pk:
            changes.append({"action": "added", "item": _describe(obj)})
        obj.full_clean()
        obj.save()
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
    _save_version(locked, by)
    _log(locked, "publish", previous, t.target, by=by)
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
        dates = [m.due_date for m in milestones if m.kind in workflows.STEP_MILESTONE_KINDS[step]]
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
def _shift_year_text(text: str, old: int, new: int) -> str:
    """“năm 2022” → “năm 2023” (and the following year), leaving cited documents untouched."""
    if not text:
        return text
    mapping = {str(old): str(new), str(old + 1): str(new + 1)}
    return re.sub(
        rf"(năm|Năm|NĂM)(\s+)({old}|{old + 1})\b",
        lambda m: f"{m.group(1)}{m.group(2)}{mapping[m.group(3)]}",
        text,
    )


@transaction.atomic
def copy_plan(plan: AnnualPlan, year: int, by) -> AnnualPlan:
    """Start a new draft for ``year`` from ``plan``: text, legal bases, milestones (shifted by the
    year difference), step windows, targets and root tasks — not products, progress or funding."""
    _require_provincial(by)
    if AnnualPlan.objects.filter(province=plan.province, year=year).exists():
        raise TransitionRefused(_("A plan for %(year)s already exists.") % {"year": year})
    shift = relativedelta(years=year - plan.year)
    text = {
        f: _shift_year_text(getattr(plan, f), plan.year, year)
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
            label=_shift_year_text(m.label, plan.year, year),
            due_date=m.due_date + shift,
            batch_number=m.batch_number,
            quota_percent=m.quota_percent,
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
            label=_shift_year_text(t.label, plan.year, year),
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
            title=_shift_year_text(t.title, plan.year, year),
            description=_shift_year_text(t.description, plan.year, year),
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


# =============================================================================================
# Tasks
# =============================================================================================
def can_manage_task(user, task: Task) -> bool:
    """Status changes: provincial staff, or staff of the lead department."""
    role = _role(user)
    if role in PROVINCIAL:
        return True
    return (
        role == Role.DEPARTMENT and task.lead_department_id and user.department_id == task.lead_department_id
    )


def can_report(user, task: Task) -> bool:
    """Progress reports: provincial staff; departments leading/cooperating; localities on locality-led tasks."""
    role = _role(user)
    if role not in (*PROVINCIAL, Role.DEPARTMENT, Role.DISTRICT, Role.COMMUNE):
        return False
    return access.visible(user, Task).filter(pk=task.pk).exists()


@transaction.atomic
def save_task(task: Task, *, by, cooperating: Iterable = ()) -> Task:
    _require_provincial(by)
    if not task.pk:
        task.created_by = _user(by)
    task.full_clean()
    task.save()
    task.cooperating.set(cooperating)
    return task


@transaction.atomic
def transition_task(task: Task, name: str, *, by, reason: str = "") -> Task:
    locked = Task.objects.select_for_update().get(pk=task.pk)
    if by is not None and not can_manage_task(by, locked):
        raise TransitionRefused(_("Only the lead department or DARD may change this task's status."))
    t = workflows.TASK.check(locked.status, name, role=_role(by), reason=reason)
    previous = locked.status
    locked.status = t.target
    locked.completed_at = timezone.now() if t.target == workflows.DONE else None
    locked.save(update_fields=["status", "completed_at"])
    _log(locked, name, previous, t.target, by=by, reason=reason)
    task.refresh_from_db()
    return task


@transaction.atomic
def add_progress_report(
    task: Task, *, by, text: str, percent: int = 0, date: datetime.date | None = None, files: Iterable = ()
) -> ProgressReport:
    if not can_report(by, task):
        raise TransitionRefused(_("You may not report on this task."))
    if not (text or "").strip():
        raise TransitionRefused(_("Describe the progress."))
    if not 0 <= int(percent) <= 100:
        raise TransitionRefused(_("The percentage must be between 0 and 100."))
    files = list(files)
    checked = []
    for f in files:
        try:
            checked.append((f, validate_attachment(f)))
        except ValidationError as exc:
            raise TransitionRefused(" ".join(exc.messages)) from exc
    role = _role(by)
    report = ProgressReport.objects.create(
        task=task,
        by=_user(by),
        department=by.department if role in (Role.DEPARTMENT, *PROVINCIAL) else None,
        unit=by.unit if role in (Role.DISTRICT, Role.COMMUNE) else None,
        date=date or timezone.localdate(),
        text=text.strip(),
        percent=int(percent),
    )
    for f, content_type in checked:
        attachment = ProgressAttachment(
            report=report, original_name=f.name[:255], size=f.size, content_type=content_type
        )
        attachment.file.save(f.name, f, save=False)
        attachment.save()
    if task.status == workflows.OPEN and can_manage_task(by, task):
        transition_task(task, "start", by=by, reason=_("Progress reported"))
    return report


@transaction.atomic
def spawn_next_occurrence(task: Task, *, by=None) -> Task:
    """Create the next occurrence of a recurring task (idempotent: returns an existing one).

    The occurrence belongs to the plan of the year its due date falls in; that plan must exist.
    """
    existing = task.next_occurrences.order_by("pk").first()
    if existing is not None:
        return existing
    if task.recurrence == Recurrence.NONE:
        raise TransitionRefused(_("This task does not recur."))
    due = task.next_due_date()
    if due is None:
        raise TransitionRefused(_("A recurring task needs a due date."))
    plan = task.plan
    if due.year != plan.year:
        plan = AnnualPlan.objects.filter(province=plan.province, year=due.year).first()
        if plan is None:
            raise TransitionRefused(
                _("There is no plan for %(year)s yet: copy this year's plan first.") % {"year": due.year}
            )
    nxt = Task.objects.create(
        plan=plan,
        lead_department_id=task.lead_department_id,
        lead_group=task.lead_group,
        section_heading=task.section_heading,
        title=task.title,
        description=task.description,
        due_date=due,
        recurrence=task.recurrence,
        previous=task,
        template_id=task.template_id,
        order=task.order,
        created_by=_user(by),
    )
    nxt.cooperating.set(task.cooperating.all())
    return nxt


def spawn_due_occurrences(today: datetime.date | None = None) -> list[Task]:
    """For recurring tasks that are done or past due and have no next occurrence yet: spawn it."""
    today = today or timezone.localdate()
    created = []
    candidates = Task.objects.exclude(recurrence=Recurrence.NONE).filter(
        due_date__isnull=False, next_occurrences__isnull=True
    )
    for task in candidates.filter(Q(due_date__lt=today) | Q(status=workflows.DONE)).order_by("pk"):
        try:
            created.append(spawn_next_occurrence(task))
        except TransitionRefused:
            continue
    return created


@transaction.atomic
def create_tasks_from_templates(plan: AnnualPlan, templates: Iterable[DutyTemplate], *, by) -> list[Task]:
    """One task per chosen duty template (templates already used in this plan are skipped)."""
    _require_provincial(by)
    used = set(plan.tasks.filter(template__isnull=False).values_list("template_id", flat=True))
    created = []
    for tpl in templates:
        if tpl.pk in used:
            continue
        task = Task.objects.create(
            plan=plan,
            lead_department_id=tpl.lead_department_id,
            lead_group=tpl.lead_group,
            section_heading=tpl.section_heading,
            title=tpl.title_for(plan.year),
            description=tpl.text_for(plan.year),
            due_date=tpl.due_date_for(plan.year),
            recurrence=tpl.recurrence,
            template=tpl,
            order=tpl.order,
            created_by=_user(by),
        )
        task.cooperating.set(tpl.cooperating.all())
        created.append(task)
        used.add(tpl.pk)
    return created


@transaction.atomic
def save_duty_template(template: DutyTemplate, *, cooperating: Iterable = (), by) -> DutyTemplate:
    _require_provincial(by)
    template.full_clean()
    template.save()
    template.cooperating.set(cooperating)
    return template


def implementation_section(plan: AnnualPlan) -> list[tuple[str, list[str]]]:
    """“Tổ chức thực hiện” generated from the plan's tasks: [(unit heading, [duty texts])].

    Units appear in the order of their first task; recurring occurrences are not repeated.
    """
    groups: dict[str, list[str]] = {}
    for task in plan.tasks.roots().select_related("lead_department").order_by("order", "pk"):
        groups.setdefault(task.heading, []).append((task.description or task.title).strip())
    return list(groups.items())


# =============================================================================================
# Training
# =============================================================================================
def _require_edit(user, obj):
    if user is not None and not access.can_change(user, obj):
        raise TransitionRefused(_("You may not change this record."))


@transaction.atomic
def save_training_session(session: TrainingSession, *, by) -> TrainingSession:
    role = _role(by)
    if role not in (*PROVINCIAL, Role.DISTRICT):
        raise TransitionRefused(_("You may not record training sessions."))
    if role == Role.DISTRICT and not session.unit.path.startswith(by.unit.path):
        raise TransitionRefused(_("You may only record sessions of your own district."))
    if not session.pk:
        session.created_by = _user(by)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def add_attendees(session: TrainingSession, *, by, users: Iterable = (), producers: Iterable = ()) -> int:
    _require_edit(by, session)
    present_users = set(session.attendances.filter(user__isnull=False).values_list("user_id", flat=True))
    present_producers = set(
        session.attendances.filter(producer__isnull=False).values_list("producer_id", flat=True)
    )
    rows = [
        TrainingAttendance(session=session, user=u, unit=u.unit) for u in users if u.pk not in present_users
    ]
    rows += [
        TrainingAttendance(session=session, producer=p, unit=p.commune)
        for p in producers
        if p.pk not in present_producers
    ]
    TrainingAttendance.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def remove_attendance(attendance: TrainingAttendance, *, by) -> None:
    _require_edit(by, attendance.session)
    attendance.delete()


# =============================================================================================
# Funding
# =============================================================================================
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


# =============================================================================================
# Periodic reports
# =============================================================================================
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
    from .figures import district_figures

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
    _log(locked, "submit", workflows.DRAFT, t.target, by=by)
    report.refresh_from_db()
    return report


@transaction.atomic
def return_periodic_report(report: PeriodicReport, *, by, reason: str) -> PeriodicReport:
    locked = PeriodicReport.objects.select_for_update().get(pk=report.pk)
    t = workflows.REPORT.check(locked.status, "return", role=_role(by), reason=reason)
    locked.status = t.target
    locked.save(update_fields=["status", "updated_at"])
    _log(locked, "return", workflows.SUBMITTED, t.target, by=by, reason=reason)
    report.refresh_from_db()
    return report


# =============================================================================================
# Revenue figures
# =============================================================================================
@transaction.atomic
def record_revenue(*, producer, year: int, revenue: int, by, product=None, profit=None):
    """Record (or correct) a producer's revenue for a year; one row per producer/product/year."""
    from .models import RevenueReport

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
