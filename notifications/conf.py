"""Settings of the reminders, with their defaults (override any of them in ocop_portal/settings.py).

Every moment is computed from data (batch deadlines, milestones, certificate validity, task due
dates, the end of scoring); only the *lead times* and catch-up windows are configured here.
"""

from __future__ import annotations

from django.conf import settings

DEFAULTS = {
    # Dossier batches (SubmissionBatch deadlines and plan milestones of kind "dossier_batch").
    "OCOP_REMINDER_LEAD_DAYS": [30, 14, 7, 1],
    # Certificates: months before ``valid_until``.
    "OCOP_CERTIFICATE_REMINDER_MONTHS": [6, 3, 1],
    # After expiry, the "expired, flag for re-rating" notice is still sent this many days late.
    "OCOP_EXPIRED_NOTICE_CATCHUP_DAYS": 30,
    # Tasks: days before the due date (0 = on the due day) and how long an overdue escalation may
    # still be sent late after the due date.
    "OCOP_TASK_REMINDER_LEAD_DAYS": [7, 1, 0],
    "OCOP_TASK_OVERDUE_CATCHUP_DAYS": 30,
    # Council members: days before ``Round.scoring_closes_on``.
    "OCOP_SCORING_REMINDER_LEAD_DAYS": [3, 1],
    # Weekly digest for DARD: weekday on which it becomes due (0 = Monday, ISO week).
    "OCOP_DIGEST_WEEKDAY": 0,
    # Exactly-once delivery: a row left "pending" (crash or failed send) may be retried after this
    # many seconds, at most this many attempts.
    "OCOP_REMINDER_RETRY_AFTER_SECONDS": 15 * 60,
    "OCOP_REMINDER_MAX_ATTEMPTS": 5,
    # PDF jobs still "queued" after this many minutes are sent to the broker again.
    "OCOP_REQUEUE_JOBS_AFTER_MINUTES": 10,
}


def get(name: str):
    value = getattr(settings, name, DEFAULTS[name])
    if isinstance(DEFAULTS[name], list):
        return sorted({int(v) for v in value}, reverse=True)
    return value
