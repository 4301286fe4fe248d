"""In-portal notifications and the reminder log that makes every reminder go out exactly once.

``ReminderLog`` is an idempotency journal: one row per (kind, object, moment, lead time,
recipient). The UNIQUE constraint on those columns, enforced by the database, is what guarantees
that a beat firing twice, a task redelivered after a worker crash (``acks_late``) or two workers
running at the same moment never send the same reminder twice: each process INSERTs the row
*first* (committed on its own) and sends only if its INSERT created it. See
:mod:`notifications.delivery` for the pending → sent protocol and retries.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    DOSSIER_BATCH = "dossier_batch", _("Dossier batch deadline")
    CERTIFICATE_EXPIRY = "certificate_expiry", _("Certificate expiring")
    CERTIFICATE_EXPIRED = "certificate_expired", _("Certificate expired: re-rating")
    TASK_DUE = "task_due", _("Task due")
    TASK_OVERDUE = "task_overdue", _("Task overdue")
    SCORING = "scoring", _("Scoring closes")
    WEEKLY_DIGEST = "weekly_digest", _("Weekly digest")
    RERATING_FLAG = "rerating_flag", _("Re-rating flag (action)")
    MESSAGE = "message", _("Message")


class ReminderLogQuerySet(models.QuerySet):
    def sent(self):
        return self.filter(status=ReminderLog.Status.SENT)


class ReminderLog(models.Model):
    """One delivery of one reminder to one recipient (or one scheduled action, recipient "system")."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending (claimed, not yet sent)")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed (gave up)")

    # --- the idempotency key ---
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    object_type = models.CharField(_("object type"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("object id"))
    moment = models.DateField(_("deadline / milestone date"))
    lead = models.CharField(_("lead time"), max_length=16, help_text=_("30d, 6m, 0d, overdue, 2022-W28"))
    recipient_key = models.CharField(_("recipient key"), max_length=260)
    # --- what happened ---
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reminder_logs",
        verbose_name=_("recipient"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    title = models.CharField(_("title"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    due_on = models.DateField(_("due on"))
    run_day = models.DateField(_("run day"), help_text=_("The day of the run that claimed it"))
    late = models.BooleanField(_("sent late (catch-up)"), default=False)
    emailed = models.BooleanField(_("e-mailed"), default=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    last_error = models.TextField(_("last error"), blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), default=timezone.now)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = ReminderLogQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reminder log entry")
        verbose_name_plural = _("reminder log")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_type", "object_id", "moment", "lead", "recipient_key"],
                name="unique_reminder_delivery",
            )
        ]
        indexes = [models.Index(fields=["status", "claimed_at"])]

    def __str__(self):
        return f"{self.kind} {self.lead} {self.object_type}#{self.object_id} {self.moment:%d/%m/%Y} → {self.recipient_key}"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_user(self, user):
        return self.filter(recipient=user)


class Notification(models.Model):
    """A message shown in the portal (the bell in the navbar and /notifications/)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices, default=Kind.MESSAGE)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # The delivery this notification belongs to: a retried delivery never creates a second one.
    reminder = models.OneToOneField(
        ReminderLog, null=True, blank=True, on_delete=models.SET_NULL, related_name="notification"
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(
                fields=["recipient", "created_at"], condition=Q(read_at__isnull=True), name="notif_unread_idx"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
