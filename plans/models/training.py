"""Training sessions and their attendees (staff users or producers)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import AdministrativeUnit
from producers.models import Producer

from .plan import AnnualPlan


class TrainingSession(models.Model):
    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="training_sessions")
    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organised by (locality)"),
        help_text=_("The province for provincial courses, a district for its own"),
    )
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=300)
    trainer = models.CharField(_("trainer"), max_length=200, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")

    def __str__(self):
        return f"{self.topic} ({self.date:%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("plans:training_detail", args=[self.pk])


class TrainingAttendance(models.Model):
    """One attendee: a staff user (with their unit) or a producer."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="trainings"
    )
    producer = models.ForeignKey(
        Producer, null=True, blank=True, on_delete=models.CASCADE, related_name="trainings"
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("attendee's unit"),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, producer__isnull=True)
                | Q(user__isnull=True, producer__isnull=False),
                name="attendance_user_or_producer",
            ),
            models.UniqueConstraint(fields=["session", "user"], name="unique_attendance_user"),
            models.UniqueConstraint(fields=["session", "producer"], name="unique_attendance_producer"),
        ]

    def __str__(self):
        return str(self.user or self.producer)
