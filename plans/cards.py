"""Dashboard cards of the plans app: late tasks, my district's products per step, deadlines."""

from __future__ import annotations

import datetime

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.levels import COMMUNE, level_code
from accounts.models import Role

from . import board
from .models import AnnualPlan, Milestone, PlanProduct, ProgressReport, Task

UPCOMING_DAYS = 30


def current_plan(user, year: int | None = None):
    year = year or timezone.localdate().year
    return access.visible(user, AnnualPlan).filter(year=year).order_by("-status").first()


PROGRESS_ITEMS = 6


def _department_progress_card(user, tasks) -> dict:
    """The department's open tasks with the percent of their latest report (none: "chưa báo cáo")."""
    open_tasks = (
        tasks.exclude(status="done")
        .with_progress(access.visible(user, ProgressReport))
        .order_by(F("reported_on").desc(nulls_last=True), F("due_date").asc(nulls_last=True), "pk")
    )
    items = []
    for task in open_tasks[:PROGRESS_ITEMS]:
        if task.reported_percent is None:
            status = _("not reported yet")
        else:
            status = _("%(p)s %% on %(d)s") % {
                "p": task.reported_percent,
                "d": task.reported_on.strftime("%d/%m/%Y"),
            }
        items.append({"text": f"{task.title} — {status}", "url": task.get_absolute_url()})
    return {
        "title": _("Reported progress of my department's tasks"),
        "value": open_tasks.count(),
        "text": _("open tasks; the latest report of each:"),
        "items": items,
        "url": reverse("plans:task_list"),
        "link_text": _("All tasks"),
        "icon": "bar-chart-steps",
        "order": 41,
    }


def plan_cards(user) -> list[dict]:
    role = access.role_of(user)
    if role not in (Role.PROVINCE, Role.ADMIN, Role.DEPARTMENT, Role.DISTRICT):
        return []
    today = timezone.localdate()
    cards = []
    tasks = access.visible(user, Task)
    late = tasks.overdue(today)
    if role == Role.DEPARTMENT:
        title = _("Late tasks of my department")
    elif role == Role.DISTRICT and level_code(user.unit) == COMMUNE:
        title = _("Late tasks for the communes")
    elif role == Role.DISTRICT:
        title = _("Late tasks for the districts")
    else:
        title = _("Late tasks (all departments)")
    n_late = late.count()
    cards.append(
        {
            "title": title,
            "value": n_late,
            "text": _("%(n)s tasks not done yet in total") % {"n": tasks.exclude(status="done").count()},
            "url": reverse("plans:task_list") + "?overdue=true",
            "icon": "alarm",
            "order": 40,
        }
    )
    if role == Role.DEPARTMENT:
        cards.append(_department_progress_card(user, tasks))
    plan = current_plan(user)
    if plan is None:
        return cards
    entries = access.visible(user, PlanProduct).filter(plan=plan)
    if role == Role.DISTRICT:
        district = user.unit
        rows, totals = board.cycle_board(plan, entries, [district], as_of=today)
        per_step = " · ".join(f"{s}: {totals.counts[s]}" for s in board.STEPS)
        cards.append(
            {
                # The products of the year's plan only (not every product of the district).
                "title": (
                    _("Products of my commune in the %(year)s plan, per step")
                    if level_code(district) == COMMUNE
                    else _("Products of my district in the %(year)s plan, per step")
                )
                % {"year": plan.year},
                "value": totals.total,
                "text": _("Steps %(steps)s — %(stuck)s stuck past their window")
                % {"steps": per_step, "stuck": totals.stuck_total},
                "url": reverse("plans:board_district", args=[plan.pk, district.code]),
                "icon": "diagram-3",
                "order": 41,
            }
        )
    elif role in (Role.PROVINCE, Role.ADMIN):
        rows, totals = board.cycle_board(plan, entries, list(plan.districts()), as_of=today)
        cards.append(
            {
                "title": _("Plan %(year)s: products in the cycle") % {"year": plan.year},
                "value": totals.total,
                "text": _("%(stuck)s stuck past their step's window") % {"stuck": totals.stuck_total},
                "url": reverse("plans:board", args=[plan.pk]),
                "icon": "diagram-3",
                "order": 41,
            }
        )
    upcoming = (
        Milestone.objects.with_deadline()
        .filter(
            plan=plan,
            deadline_on__gte=today,
            deadline_on__lte=today + datetime.timedelta(days=UPCOMING_DAYS),
        )
        .order_by("deadline_on", "pk")
        .first()
    )
    if upcoming is not None:
        cards.append(
            {
                "title": _("Next deadline"),
                "value": upcoming.deadline.strftime("%d/%m/%Y"),
                "text": _("%(label)s — in %(days)s days")
                % {"label": upcoming.label, "days": upcoming.days_left(today)},
                "url": reverse("plans:detail", args=[plan.pk]) + "#milestones",
                "icon": "calendar-event",
                "order": 42,
            }
        )
    return cards
