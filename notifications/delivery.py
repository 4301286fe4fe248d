"""Exactly-once delivery of a reminder to each recipient: claim a ReminderLog row, then send.

Protocol, per (reminder key, recipient):

1. **Claim.** Look the row up; if absent, INSERT it with status ``pending`` in its own short
   transaction (committed at once in autocommit mode). The UNIQUE constraint makes the INSERT the
   arbiter: when two processes race, PostgreSQL lets exactly one INSERT succeed; the other gets
   an IntegrityError, reads the winner's row and walks away. Only the process whose INSERT created
   the row sends.
2. **Send.** Create the in-portal notification (idempotent: one-to-one with the row), then send
   the e-mail (if the user wants e-mail and has an address), then mark the row ``sent`` with
   ``sent_at``.
3. **Failure and crashes.** If sending raises, the row stays ``pending`` with ``last_error``. A
   row left ``pending`` (failed send, or a worker killed between claim and send) may be
   re-claimed by a later run once it is older than ``OCOP_REMINDER_RETRY_AFTER_SECONDS``
   (15 min): the re-claim is an atomic ``UPDATE … WHERE status='pending' AND claimed_at < cutoff``,
   so again only one process wins. After ``OCOP_REMINDER_MAX_ATTEMPTS`` the row becomes
   ``failed`` and is not retried. A fresh ``pending`` row (another worker is sending right now,
   or died a moment ago) is reported as "busy": the Celery task then retries itself once the
   window has passed, so a claim left by a dead worker is completed the same day.

The one window this cannot close is a crash *after* the SMTP server accepted the message and
*before* the row is marked sent (a few milliseconds): the retry then sends it a second time.
SMTP has no idempotent send; at-least-once on that edge is the deliberate choice (a reminder lost
silently is worse than a rare duplicate).
"""

from __future__ import annotations

import datetime
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.branding import portal_province_name
from ocop_portal.site import absolute_url, site_url

from . import conf
from .bell import forget_unread_count
from .models import Notification, ReminderLog
from .rules.base import Recipient, Reminder

log = logging.getLogger(__name__)

LATE_TAG = "[trễ]"
BUSY = object()  # _claim: another process holds a fresh claim on this delivery


@dataclass
class ReminderResult:
    """What happened to one reminder for one recipient on one run day."""

    day: datetime.date
    kind: str
    lead: str
    object_type: str
    object_id: int
    moment: datetime.date
    recipient: str
    title: str
    late: bool
    status: str  # "sent" | "would_send" | "failed" | "busy" (claimed by another process)
    channels: tuple[str, ...] = ()
    error: str = ""

    def line(self) -> str:
        where = "+".join(self.channels) or "-"
        text = f"{self.day:%Y-%m-%d} {self.kind} {self.lead} → {self.recipient} [{where}] {self.title}"
        if self.status == "would_send":
            text = f"{text} (dry-run)"
        elif self.status == "failed":
            text = f"{text} FAILED: {self.error}"
        return text

    def __str__(self):  # pragma: no cover - convenience
        return self.line()


def _absolute(url: str) -> str:
    return absolute_url(url) if url.startswith("/") else url


def render(
    reminder: Reminder, recipient: Recipient, *, today: datetime.date, late: bool
) -> tuple[str, str, str]:
    """→ (subject, text, html), in Vietnamese."""
    context = {
        **reminder.context(),
        "recipient_name": recipient.name,
        "late": late,
        "today": today,
        "link": _absolute(reminder.url),
        "site_url": site_url(),
        "province_name": portal_province_name(today),
    }
    base = f"notifications/email/{reminder.template}"
    with translation.override("vi"):
        subject = render_to_string(f"{base}_subject.txt", context)
        text = render_to_string(f"{base}.txt", context)
        html = render_to_string(f"{base}.html", context)
    subject = re.sub(r"\s+", " ", subject).strip()
    if late:
        subject = f"{LATE_TAG} {subject}"
    text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    return subject[:255], text, html


def _claim(
    key: dict, existing: ReminderLog | None, *, recipient_key: str, user=None, email: str = "", defaults: dict
):
    """Become the one process that sends this delivery → the row; None (already sent or given up);
    BUSY (another process claimed it less than the retry window ago)."""
    now = timezone.now()
    if existing is None:
        try:
            with transaction.atomic():
                return ReminderLog.objects.create(
                    **key,
                    recipient_key=recipient_key,
                    recipient=user,
                    email=email,
                    claimed_at=now,
                    created_at=now,
                    **defaults,
                )
        except IntegrityError:
            existing = ReminderLog.objects.filter(**key, recipient_key=recipient_key).first()
            if existing is None:  # pragma: no cover - deleted in between
                return None
    if existing.status != ReminderLog.Status.PENDING:
        return None
    cutoff = now - datetime.timedelta(seconds=conf.get("OCOP_REMINDER_RETRY_AFTER_SECONDS"))
    won = ReminderLog.objects.filter(
        pk=existing.pk, status=ReminderLog.Status.PENDING, claimed_at__lt=cutoff
    ).update(claimed_at=now, attempts=F("attempts") + 1, run_day=defaults["run_day"], late=defaults["late"])
    if not won:
        return BUSY  # claimed moments ago by another process (sending now, or crashed: retry later)
    return ReminderLog.objects.get(pk=existing.pk)


def _send(
    row: ReminderLog, reminder: Reminder, recipient: Recipient, *, today, late, connection
) -> ReminderResult:
    result = ReminderResult(
        today,
        reminder.kind,
        reminder.lead,
        reminder.object_type,
        reminder.object_id,
        reminder.moment,
        recipient.label,
        reminder.label,
        late,
        "sent",
    )
    channels = []
    try:
        subject, text, html = render(reminder, recipient, today=today, late=late)
        result.title = subject
        if row.title != subject:
            ReminderLog.objects.filter(pk=row.pk).update(title=subject)
        if recipient.user is not None:
            Notification.objects.get_or_create(
                reminder=row,
                defaults=dict(
                    recipient=recipient.user, kind=reminder.kind, title=subject, body=text, url=reminder.url
                ),
            )
            forget_unread_count(recipient.user.pk)
            channels.append("portal")
        emailed = False
        if recipient.wants_email:
            message = EmailMultiAlternatives(
                subject, text, settings.DEFAULT_FROM_EMAIL, [recipient.address], connection=connection
            )
            message.attach_alternative(html, "text/html")
            message.send(fail_silently=False)
            emailed = True
            channels.append("e-mail")
        ReminderLog.objects.filter(pk=row.pk).update(
            status=ReminderLog.Status.SENT, sent_at=timezone.now(), emailed=emailed, last_error=""
        )
    except Exception as exc:  # noqa: BLE001 - any failure leaves the row pending for a retry
        log.exception("Reminder %s could not be sent to %s", row, recipient.label)
        gave_up = row.attempts >= conf.get("OCOP_REMINDER_MAX_ATTEMPTS")
        ReminderLog.objects.filter(pk=row.pk).update(
            last_error=f"{exc.__class__.__name__}: {exc}"[:2000],
            status=ReminderLog.Status.FAILED if gave_up else ReminderLog.Status.PENDING,
        )
        result.status = "failed"
        result.error = f"{exc.__class__.__name__}: {exc}"[:200]
    result.channels = tuple(channels)
    return result


def deliver(reminder: Reminder, *, today: datetime.date, dry_run: bool = False, connection=None):
    """Send ``reminder`` to each recipient that has not had it yet → list of ReminderResult."""
    late = today > reminder.due_on
    existing = {row.recipient_key: row for row in ReminderLog.objects.filter(**reminder.key)}
    results = []
    for recipient in reminder.recipients:
        row = existing.get(recipient.key)
        if dry_run:
            if row is not None and row.status != ReminderLog.Status.PENDING:
                continue
            subject, _text, _html = render(reminder, recipient, today=today, late=late)
            channels = (("portal",) if recipient.user is not None else ()) + (
                ("e-mail",) if recipient.wants_email else ()
            )
            results.append(
                ReminderResult(
                    today,
                    reminder.kind,
                    reminder.lead,
                    reminder.object_type,
                    reminder.object_id,
                    reminder.moment,
                    recipient.label,
                    subject,
                    late,
                    "would_send",
                    channels,
                )
            )
            continue
        if row is not None and row.status != ReminderLog.Status.PENDING:
            continue  # already sent (or given up)
        claimed = _claim(
            reminder.key,
            row,
            recipient_key=recipient.key,
            user=recipient.user,
            email=recipient.address,
            defaults={
                "due_on": reminder.due_on,
                "run_day": today,
                "late": late,
                "title": reminder.label[:255],
            },
        )
        if claimed is None:
            continue
        if claimed is BUSY:
            results.append(
                ReminderResult(
                    today,
                    reminder.kind,
                    reminder.lead,
                    reminder.object_type,
                    reminder.object_id,
                    reminder.moment,
                    recipient.label,
                    reminder.label,
                    late,
                    "busy",
                )
            )
            continue
        results.append(_send(claimed, reminder, recipient, today=today, late=late, connection=connection))
    return results


def claim_action(key: dict, *, today: datetime.date, due_on: datetime.date, title: str) -> ReminderLog | None:
    """Claim a scheduled *action* (recipient "system"), e.g. flagging a product for re-rating."""
    existing = ReminderLog.objects.filter(**key, recipient_key="system").first()
    if existing is not None and existing.status != ReminderLog.Status.PENDING:
        return None
    row = _claim(
        key,
        existing,
        recipient_key="system",
        defaults={"due_on": due_on, "run_day": today, "late": today > due_on, "title": title[:255]},
    )
    return None if row is BUSY else row
