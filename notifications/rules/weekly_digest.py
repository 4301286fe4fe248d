"""Weekly digest (kind ``weekly_digest``): once per ISO week for DARD, due on ``OCOP_DIGEST_WEEKDAY``
(a run later in the week catches up): overdue tasks, districts behind a past batch's quota and the
certificates expiring within three months."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from dateutil.relativedelta import relativedelta

from certificates.models import Certificate
from dossiers.models import SubmissionBatch
from plans import workflows as pwf
from plans.models import Task

from ..models import Kind
from .base import Reminder, ReminderKind, Weekly, districts_of, link, province_staff
from .certificate_expiry import cert_queryset, cert_row
from .dossier_batch import batch_progress

LEADS = Weekly("OCOP_DIGEST_WEEKDAY")


def late_districts(today: datetime.date) -> list[dict]:
    """Districts behind the quota of a batch whose deadline has passed (calls of this year)."""
    rows = []
    batches = (
        SubmissionBatch.objects.filter(call__year=today.year, deadline__lt=today)
        .select_related("call", "call__issuing_unit", "call__issuing_unit__level")
        .order_by("deadline", "pk")
    )
    for batch in batches:
        districts = districts_of(batch.call.issuing_unit)
        progress = batch_progress(batch, districts, today, count_late=True)
        for district in districts:
            p = progress[district.pk]
            if p.registered and not p.met:
                rows.append(
                    {
                        "district": district.name,
                        "batch": batch.number,
                        "deadline": batch.deadline,
                        "submitted": p.submitted,
                        "needed": p.needed,
                        "registered": p.registered,
                    }
                )
    return rows


def week_of(today: datetime.date, weekday: int) -> datetime.date | None:
    """The moment: Monday of today's ISO week, once its digest is due (None before ``weekday``)."""
    if today.weekday() < weekday:
        return None
    return today - datetime.timedelta(days=today.weekday())


def audience() -> list:
    """DARD (province staff)."""
    return province_staff()


def is_relevant(today: datetime.date) -> bool:
    """Always: a digest lists what stands on the day it is sent."""
    return True


def _digest_context(today: datetime.date, monday: datetime.date):
    iso = monday.isocalendar()

    def build():
        overdue = list(
            Task.objects.filter(plan__status=pwf.PUBLISHED)
            .overdue(today)
            .select_related("lead_department")
            .order_by("due_date", "pk")
        )
        expiring = list(
            cert_queryset()
            .filter(
                status=Certificate.Status.VALID,
                valid_until__gte=today,
                valid_until__lte=today + relativedelta(months=3),
            )
            .order_by("valid_until", "number")
        )
        return {
            "week": f"{iso.week:02d}/{iso.year}",
            "monday": monday,
            "sunday": monday + datetime.timedelta(days=6),
            "overdue_tasks": [
                {
                    "title": t.title,
                    "lead": t.lead_name,
                    "due_date": t.due_date,
                    "days": (today - t.due_date).days,
                }
                for t in overdue
            ],
            "late_districts": late_districts(today),
            "expiring": [cert_row(c) for c in expiring],
        }

    return build


def reminders(today: datetime.date, *, dry_run: bool = False) -> Iterator[Reminder]:
    weekday = LEADS.get()
    monday = week_of(today, weekday)
    if monday is None:
        return
    recipients = audience()
    if not recipients or not is_relevant(today):
        return
    iso = monday.isocalendar()
    yield RULE.reminder(
        object_type="digest",
        object_id=0,
        moment=monday,
        lead=LEADS.tag(monday),
        due_on=monday + datetime.timedelta(days=weekday),
        recipients=recipients,
        build=_digest_context(today, monday),
        url=link("dashboard"),
        label=f"Tuần {iso.week:02d}/{iso.year}",
    )


RULE = ReminderKind(
    name="weekly_digest",
    kind=Kind.WEEKLY_DIGEST,
    template="weekly_digest",
    moments=week_of,
    leads=LEADS,
    audience=audience,
    relevant=is_relevant,
    reminders=reminders,
)
