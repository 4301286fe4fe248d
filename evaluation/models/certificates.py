"""Evaluation: recognition decisions and certificates (rounds, councils and score sheets build on these)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accounts.models import AdministrativeUnit
from products.models import Product, RegulationVersion


class Level(models.TextChoices):
    DISTRICT = "district", pgettext_lazy("evaluation level", "District")
    PROVINCE = "province", pgettext_lazy("evaluation level", "Province")
    CENTRAL = "central", pgettext_lazy("evaluation level", "Central")


class RecognitionDecision(models.Model):
    """Quyết định công nhận: lists the recognised products; approving it issues the certificates."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    number = models.CharField(_("decision number"), max_length=60)
    date = models.DateField(_("decision date"))
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    issuing_unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="recognition_decisions",
        verbose_name=_("issuing authority"),
    )
    regulation = models.ForeignKey(
        RegulationVersion, on_delete=models.PROTECT, verbose_name=_("regulation version")
    )
    signer_name = models.CharField(_("signer"), max_length=150, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=150, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    approved_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "number"]
        verbose_name = _("recognition decision")
        verbose_name_plural = _("recognition decisions")
        constraints = [
            models.UniqueConstraint(fields=["issuing_unit", "number"], name="unique_decision_number")
        ]

    def __str__(self):
        return f"{self.number} ({self.date:%d/%m/%Y})"


def new_verification_code() -> str:
    """A random, unguessable public code: 96 bits, URL-safe."""
    return secrets.token_urlsafe(12)


class CertificateQuerySet(models.QuerySet):
    def valid(self, on=None):
        on = on or timezone.localdate()
        return self.filter(status=Certificate.Status.VALID, valid_until__gte=on)


class Certificate(models.Model):
    """Giấy chứng nhận sản phẩm OCOP: valid 36 months from issue."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")
        SUPERSEDED = "superseded", _("Superseded by a newer certificate")

    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("product")
    )
    decision = models.ForeignKey(
        RecognitionDecision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("decision"),
    )
    number = models.CharField(_("certificate number"), max_length=50, unique=True)
    stars = models.PositiveSmallIntegerField(_("stars"))
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"), db_index=True)
    verification_code = models.CharField(
        max_length=32, unique=True, default=new_verification_code, editable=False
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.VALID, db_index=True
    )
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CertificateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_on", "number"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stars__gte=3, stars__lte=5), name="certificate_stars_3_to_5"
            ),
        ]

    def __str__(self):
        return self.number

    def get_verify_url(self):
        return reverse("verify", args=[self.verification_code])

    @property
    def public_state(self) -> str:
        """valid | expired | revoked, as a certificate holder sees it today."""
        if self.status == self.Status.REVOKED:
            return "revoked"
        if self.status in (self.Status.EXPIRED,) or self.valid_until < timezone.localdate():
            return "expired"
        if self.status == self.Status.SUPERSEDED:
            return "superseded"
        return "valid"


class PdfJob(models.Model):
    """A background PDF job (e.g. all certificates of a decision as one ZIP), with its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    decision = models.ForeignKey(RecognitionDecision, on_delete=models.CASCADE, related_name="pdf_jobs")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="generated/", blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    @property
    def percent(self) -> int:
        return (
            int(100 * self.done / self.total)
            if self.total
            else (100 if self.status == self.Status.DONE else 0)
        )
