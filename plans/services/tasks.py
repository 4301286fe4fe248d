"""Department tasks: create, move through their workflow, progress reports with evidence,
recurrence, creation from the duty library, the generated “Tổ chức thực hiện”."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import Role
from ocop_portal.uploads.policy import sanitize_filename
from ocop_portal.workflow import TransitionRefused

from .. import workflows
from ..models import (
    AnnualPlan,
    DutyTemplate,
    ProgressAttachment,
    ProgressReport,
    Recurrence,
    Task,
    WorkflowLog,
)
from ..uploads import validate_attachment
from .common import PROVINCIAL, _require_provincial, _role, _user, refresh_pdf


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
    if task.plan.is_published:
        refresh_pdf(task.plan)  # its duties are the plan's "Tổ chức thực hiện"
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
    WorkflowLog.record(locked, name, previous, t.target, by=by, reason=reason)
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
            report=report,
            original_name=sanitize_filename(f.name)[:255],
            size=f.size,
            content_type=content_type,
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
    if created and plan.is_published:
        refresh_pdf(plan)
    return created


@transaction.atomic
def save_duty_template(template: DutyTemplate, *, cooperating: Iterable = (), by) -> DutyTemplate:
    _require_provincial(by)
    template.full_clean()
    template.save()
    template.cooperating.set(cooperating)
    return template
