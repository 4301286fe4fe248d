"""Tasks due (kind ``task_due``): 7/1/0 days before the due date of an open task of a published plan
(``OCOP_TASK_REMINDER_LEAD_DAYS``), to the lead unit (with the cooperating departments) or, for a
locality-led task, every district or commune officer. Relevant while the task is not done."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from accounts.models import Role
from plans import workflows as pwf
from plans.models import LeadGroup, Task

from ..models import Kind
from .base import Ladder, Recipient, Reminder, ReminderKind, active_users, ddmmyyyy, link

LEADS = Ladder("OCOP_TASK_REMINDER_LEAD_DAYS")


def open_tasks():
    """Relevance of every task reminder: the task's plan is published and the task is not done."""
    return (
        Task.objects.filter(plan__status=pwf.PUBLISHED)
        .exclude(status=pwf.DONE)
        .select_related("plan", "lead_department")
        .prefetch_related("cooperating")
        .order_by("due_date", "pk")
    )


def task_context(task: Task, *, lead=None, overdue_days=None):
    def build():
        last = task.reports.order_by("-date", "-pk").first()
        return {
            "task": task,
            "title": task.title,
            "lead_name": task.lead_name,
            "due_date": task.due_date,
            "days_left": lead,
            "overdue_days": overdue_days,
            "status": task.status_label,
            "plan": str(task.plan),
            "last_report": last,
        }

    return build


def due_soon(today: datetime.date, leads):
    """Open tasks due at most the longest lead time away."""
    return open_tasks().filter(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=max(leads)))


def audience(task: Task) -> list[Recipient]:
    """The lead department and the cooperating ones (staff and DARD users attached to them), or every
    district / commune officer for a locality-led task."""
    if task.lead_department_id:
        departments = [task.lead_department_id, *(d.pk for d in task.cooperating.all())]
        users = active_users(department_id__in=departments, role__in=[Role.DEPARTMENT, Role.PROVINCE])
    elif task.lead_group == LeadGroup.DISTRICTS:
        users = active_users(role=Role.DISTRICT)
    elif task.lead_group == LeadGroup.COMMUNES:
        users = active_users(role=Role.COMMUNE)
    else:  # pragma: no cover - the check constraint forbids it
        users = []
    return [Recipient(u) for u in users]


def reminders(today: datetime.date, *, dry_run: bool = False) -> Iterator[Reminder]:
    leads = LEADS.get()
    if not leads:
        return
    for task, lead, due in LEADS.steps(today, due_soon(today, leads), lambda t: t.due_date, leads):
        recipients = audience(task)
        if not recipients:
            continue
        yield RULE.reminder(
            object_type="task",
            object_id=task.pk,
            moment=task.due_date,
            lead=LEADS.tag(lead),
            due_on=due,
            recipients=recipients,
            build=task_context(task, lead=lead),
            url=link("plans:task_detail", task.pk),
            label=f"{task.title} · hạn {ddmmyyyy(task.due_date)}",
        )


RULE = ReminderKind(
    name="tasks_due",
    kind=Kind.TASK_DUE,
    template="task_due",
    moments=due_soon,
    leads=LEADS,
    audience=audience,
    relevant=open_tasks,
    reminders=reminders,
)
