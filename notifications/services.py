"""Reminders and in-portal notifications: the one service used by Celery beat and the command.

``run_reminders(today)`` = housekeeping (expire certificates, flag re-rating candidates, spawn
recurring tasks) + every reminder due on ``today`` (see :mod:`notifications.rules`) delivered
exactly once (see :mod:`notifications.delivery`). It runs outside any transaction on purpose:
each delivery is committed on its own, so a crash loses nothing already sent and leaves nothing
half-claimed for long. The bell's cached unread count lives in :mod:`notifications.bell`.
"""

from __future__ import annotations

import datetime
import logging
import zlib

from django.core.mail import get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates import services as certificate_services
from ocop_portal.workflow import TransitionRefused
from plans import services as plan_services

from . import rules
from .bell import forget_now_and_on_commit, forget_unread_count, unread_count
from .delivery import ReminderResult, claim_action, deliver
from .models import Kind, Notification, ReminderLog
from .rules.certificate_expired import next_draft_plan, recently_expired

log = logging.getLogger(__name__)

__all__ = [
    "ReminderResult",
    "forget_unread_count",
    "mark_all_read",
    "mark_read",
    "notify",
    "run_reminders",
    "unread_count",
]

_HOUSEKEEPING_LOCK = zlib.crc32(b"ocop-reminders-housekeeping")


def _write(out, text: str) -> None:
    if out is not None:
        out.write(text if text.endswith("\n") else f"{text}\n")


def _serialise_housekeeping() -> None:
    """Two workers never spawn the same recurring task twice: one housekeeping at a time."""
    if db_connection.vendor == "postgresql":
        with db_connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_HOUSEKEEPING_LOCK])


def housekeeping(today: datetime.date, *, out=None) -> dict:
    """Expire certificates past validity, spawn due recurring tasks, flag re-rating candidates."""
    with transaction.atomic():
        _serialise_housekeeping()
        expired = certificate_services.expire_due(today)
        spawned = plan_services.spawn_due_occurrences(today)
    flagged = flag_rerating(today)
    if expired:
        _write(
            out,
            f"{today:%Y-%m-%d} # {len(expired)} certificate(s) expired: {', '.join(c.number for c in expired)}",
        )
    if spawned:
        _write(out, f"{today:%Y-%m-%d} # {len(spawned)} recurring task occurrence(s) created")
    for line in flagged:
        _write(out, f"{today:%Y-%m-%d} # {line}")
    return {"expired": expired, "spawned": spawned, "flagged": flagged}


def flag_rerating(today: datetime.date) -> list[str]:
    """Each recently expired certificate's product becomes a re-rating candidate, exactly once.

    The product is already out of the catalogue (state "expired"), which is what the plans app's
    product picker lists as "Recognised / expired". When a *draft* plan for this year or later
    exists, the product is also added to its list as "upgrade / re-rating". Published plans are
    not amended automatically: DARD is told (certificate_expired notice) and decides.
    """
    lines = []
    for cert in recently_expired(today):
        key = dict(
            kind=Kind.RERATING_FLAG,
            object_type="certificate",
            object_id=cert.pk,
            moment=cert.valid_until,
            lead="flag",
        )
        row = claim_action(
            key,
            today=today,
            due_on=cert.valid_until + datetime.timedelta(days=1),
            title=f"Đánh giá lại: {cert.product.name}",
        )
        if row is None:
            continue
        plan = next_draft_plan(cert.product, today)
        note = f"Giấy chứng nhận {cert.number} hết hạn ngày {cert.valid_until:%d/%m/%Y}"
        try:
            if plan is not None:
                plan_services.add_products(plan, [cert.product], kind="upgrade", by=None, note=note[:255])
                what = f"{cert.product.name}: re-rating candidate, added to the draft plan {plan.year}"
            else:
                what = f"{cert.product.name}: re-rating candidate (no draft plan yet)"
        except TransitionRefused as exc:
            what = f"{cert.product.name}: re-rating candidate ({exc.message})"
        ReminderLog.objects.filter(pk=row.pk).update(
            status=ReminderLog.Status.SENT, sent_at=timezone.now(), title=what[:255]
        )
        lines.append(what)
    return lines


def run_reminders(
    today: datetime.date | None = None, *, dry_run: bool = False, out=None
) -> list[ReminderResult]:
    """Run the day's housekeeping and send every reminder due on ``today`` that was not sent yet.

    ``dry_run``: change nothing, list what would be sent. ``out``: a stream that gets one line per
    reminder sent (or that would be sent) and a line per housekeeping action.
    """
    today = today or timezone.localdate()
    if not dry_run:
        try:
            housekeeping(today, out=out)
        except Exception as exc:  # noqa: BLE001 - a housekeeping bug must not hold back the reminders
            log.exception("Reminder housekeeping failed on %s", today)
            _write(out, f"{today:%Y-%m-%d} # housekeeping failed: {exc.__class__.__name__}: {exc}")
    mail_connection = None if dry_run else get_connection()
    results: list[ReminderResult] = []
    for reminder in rules.collect(today, dry_run=dry_run):
        for result in deliver(reminder, today=today, dry_run=dry_run, connection=mail_connection):
            results.append(result)
            if result.status != "busy":
                _write(out, result.line())
    return results


# --- in-portal notifications -------------------------------------------------------------------------
@transaction.atomic
def notify(user, *, title: str, body: str = "", url: str = "", kind: str = Kind.MESSAGE) -> Notification:
    """A one-off in-portal notification (no e-mail)."""
    notification = Notification.objects.create(
        recipient=user, kind=kind, title=title[:255], body=body, url=url
    )
    forget_now_and_on_commit(user.pk)
    return notification


@transaction.atomic
def mark_read(notification: Notification, *, by) -> Notification:
    if notification.recipient_id != getattr(by, "pk", None):
        raise TransitionRefused(_("This notification is not yours."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        forget_now_and_on_commit(by.pk)
    return notification


@transaction.atomic
def mark_all_read(user) -> int:
    count = Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
    forget_now_and_on_commit(user.pk)
    return count
