"""Tasks overdue (kind ``task_overdue``): the day after the due date of an open task of a published
plan, to the head(s) of the lead unit and DARD; still sent up to ``OCOP_TASK_OVERDUE_CATCHUP_DAYS``
late. Relevant while the task is not done."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from accounts.models import Role, User
from plans.models import LeadGroup, ProgressReport, Task

from ..models import Kind
from .base import (
    ONE_DAY,
    CatchUp,
    Recipient,
    Reminder,
    ReminderKind,
    active_users,
    ddmmyyyy,
    dedupe,
    link,
    province_staff,
)
from .task_due import open_tasks, task_context

LEADS = CatchUp("OCOP_TASK_OVERDUE_CATCHUP_DAYS", lead="overdue")


def overdue(today: datetime.date, window: int):
    """Open tasks whose due date passed within the catch-up window."""
    return open_tasks().filter(due_date__lt=today, due_date__gte=today - datetime.timedelta(days=window + 1))


def heads(task: Task) -> list[Recipient]:
    """The head(s) of the lead unit; for locality-led tasks, heads of localities that have not reported."""
    if task.lead_department_id:
        return [Recipient(u) for u in active_users(department_id=task.lead_department_id, is_unit_head=True)]
    role = Role.DISTRICT if task.lead_group == LeadGroup.DISTRICTS else Role.COMMUNE
    reported = ProgressReport.objects.filter(task=task, unit__isnull=False).values("unit_id")
    return [
        Recipient(u)
        for u in User.objects.filter(is_active=True, role=role, is_unit_head=True)
        .exclude(unit_id__in=reported)
        .order_by("username")
    ]


def audience(task: Task, dard: list[Recipient]) -> list[Recipient]:
    """The lead unit's head(s), then DARD (each person once)."""
    return dedupe([*heads(task), *dard])


def reminders(today: datetime.date, *, dry_run: bool = False) -> Iterator[Reminder]:
    dard = None
    for task in overdue(today, LEADS.get()):
        dard = province_staff() if dard is None else dard
        recipients = audience(task, dard)
        if not recipients:
            continue
        yield RULE.reminder(
            object_type="task",
            object_id=task.pk,
            moment=task.due_date,
            lead=LEADS.lead,
            due_on=task.due_date + ONE_DAY,
            recipients=recipients,
            build=task_context(task, overdue_days=(today - task.due_date).days),
            url=link("plans:task_detail", task.pk),
            label=f"{task.title} · quá hạn {ddmmyyyy(task.due_date)}",
        )


RULE = ReminderKind(
    name="tasks_overdue",
    kind=Kind.TASK_OVERDUE,
    template="task_overdue",
    moments=overdue,
    leads=LEADS,
    audience=audience,
    relevant=open_tasks,
    reminders=reminders,
)
