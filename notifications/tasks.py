"""Celery tasks: thin. They parse arguments and call the service; the service is idempotent."""

from __future__ import annotations

import datetime

from celery import shared_task


@shared_task(acks_late=True)
def run_daily_reminders(today: str | None = None) -> dict:
    """Daily at 06:00 (beat "daily-reminders"): housekeeping + every reminder due today.

    ``acks_late``: a worker killed mid-run leaves the message unacknowledged, the broker redelivers
    it, and the rerun sends only what the first run had not (see notifications.delivery).
    """
    from .services import run_reminders

    day = datetime.date.fromisoformat(today) if today else None
    results = run_reminders(day)
    return {
        "sent": sum(r.status == "sent" for r in results),
        "failed": sum(r.status == "failed" for r in results),
        "late": sum(r.late and r.status == "sent" for r in results),
    }
