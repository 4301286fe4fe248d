"""Celery tasks: thin. They parse arguments and call the service; the service is idempotent."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone


@shared_task(bind=True, acks_late=True, max_retries=5)
def run_daily_reminders(self, today: str | None = None) -> dict:
    """Daily at 06:00 (beat "daily-reminders"): housekeeping + every reminder due today.

    ``acks_late``: a worker killed mid-run leaves the message unacknowledged, the broker redelivers
    it, and the rerun sends only what the first run had not (see notifications.delivery). If some
    deliveries were claimed moments ago by another (possibly dead) worker, the task comes back
    after the retry window to complete them; the day is fixed so that a retry after midnight still
    runs the same day.
    """
    from . import conf
    from .services import run_reminders

    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    results = run_reminders(day)
    busy = sum(r.status == "busy" for r in results)
    if busy:
        raise self.retry(
            kwargs={"today": day.isoformat()}, countdown=conf.get("OCOP_REMINDER_RETRY_AFTER_SECONDS") + 1
        )
    return {
        "sent": sum(r.status == "sent" for r in results),
        "failed": sum(r.status == "failed" for r in results),
        "late": sum(r.late and r.status == "sent" for r in results),
    }
