"""The plan steps in “Việc cần làm” (see :mod:`ocop_portal.todo`):

- tasks of the plan not done yet, due within 60 days or late: a department's own tasks (lead or
  cooperating), the districts' tasks for a district officer; DARD sees the tasks its own department
  leads (every late task of every department stays on the task list and its card);
- district officers: periodic reports to DARD still in draft (written, or returned for changes);
- DARD: periodic reports submitted by the districts, to read and accept or return.

Two queries whatever the number of rows.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from accounts import access
from accounts.models import Role
from ocop_portal.todo import Todo

from . import workflows
from .models import PeriodicReport, Task

HORIZON = datetime.timedelta(days=60)


def todo_items(user, today) -> list[Todo]:
    role = access.role_of(user)
    if role not in (Role.PROVINCE, Role.ADMIN, Role.DEPARTMENT, Role.DISTRICT):
        return []
    tasks = (
        access.visible(user, Task)
        .exclude(status=workflows.DONE)
        .filter(due_date__isnull=False, due_date__lte=today + HORIZON)
    )
    if role in (Role.PROVINCE, Role.ADMIN):
        tasks = tasks.filter(lead_department_id=user.department_id) if user.department_id else tasks.none()
    items = [
        Todo(
            text=_("Task: %(title)s") % {"title": t.title},
            url=t.get_absolute_url(),
            deadline=t.due_date,
            kind=_("Task"),
            detail=t.get_status_display(),
        )
        for t in tasks.order_by("due_date", "pk")
    ]
    reports = access.visible(user, PeriodicReport)
    if role == Role.DISTRICT:
        reports = reports.filter(status=workflows.DRAFT)
        text = _("Send the periodic report to DARD: %(report)s")
    else:
        reports = reports.filter(status=workflows.SUBMITTED) if role != Role.DEPARTMENT else reports.none()
        text = _("Read the district's periodic report: %(report)s")
    items += [
        Todo(
            text=text % {"report": r},
            url=r.get_absolute_url(),
            deadline=r.bounds[1] if role == Role.DISTRICT else None,  # a report covers a period that ends
            kind=_("Periodic report"),
        )
        for r in reports.select_related("district").order_by("year", "period", "pk")
    ]
    return items
