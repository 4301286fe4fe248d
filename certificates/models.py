"""Certificates (Giấy chứng nhận sản phẩm OCOP), the batch PDF jobs, inspections and their evidence."""

from __future__ import annotations

import datetime
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Department
from accounts.successions import today_unit
from evaluation.models import DecisionEntry, RecognitionDecision
from ocop_portal.uploads.fields import PolicyFileField
from products.models import Level, Product


def new_verification_code() -> str:
    """A random, unguessable public code: 96 bits, URL-safe."""
    return secrets.token_urlsafe(12)


@dataclass(frozen=True)
class RevocationDecision:
    """Quyết định thu hồi: what a revocation must name (see ``services.revoke_certificate``)."""

    number: str
    date: datetime.date
    signer_name: str
    signer_title: str


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
    decision_entry = models.OneToOneField(
        DecisionEntry,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificate",
        verbose_name=_("decision entry"),
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
    # A certificate issued on paper before the portal, recorded by DARD (certificates.paper).
    recorded_from_paper = models.BooleanField(_("recorded from a paper certificate"), default=False)
    issuing_authority = models.CharField(_("issuing authority"), max_length=150, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    source = models.CharField(_("source of the record"), max_length=255, blank=True)
    # The revocation decision (Quyết định thu hồi) of the recognising People's Committee. Blank on
    # certificates revoked before the portal recorded it; every revocation made since names it.
    revocation_decision_number = models.CharField(_("revocation decision number"), max_length=60, blank=True)
    revocation_decision_date = models.DateField(_("revocation decision date"), null=True, blank=True)
    revocation_signer_name = models.CharField(_("revocation decision signer"), max_length=150, blank=True)
    revocation_signer_title = models.CharField(
        _("revocation decision signer's title"), max_length=150, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CertificateQuerySet.as_manager()
    history = HistoricalRecords(table_name="evaluation_historicalcertificate")

    class Meta:
        db_table = "evaluation_certificate"  # kept from before the app split (issue 12)
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

    def recognising_unit(self):
        """The unit whose People's Committee recognised this certificate (and alone may revoke it): the
        decision's issuing unit, else the product's district (district level) or province."""
        if self.decision_id:
            return self.decision.issuing_unit
        commune = self.product.commune
        own = commune.ancestor_at("district" if self.level == Level.DISTRICT else "province")
        return own or commune.ancestor_at("province")

    @property
    def issuer_label(self) -> str:
        """ "UBND tỉnh Quảng Nam" on a 2023 certificate, "UBND thành phố Đà Nẵng" on one of the merged city:
        the People's Committee that recognised, as of the decision (never today's name of the area)."""
        if self.recorded_from_paper and self.issuing_authority:
            return self.issuing_authority.strip()
        unit = self.recognising_unit()
        return f"UBND {unit.name[:1].lower()}{unit.name[1:]}" if unit is not None else ""

    @property
    def revoking_authority(self) -> str:
        """ "Ủy ban nhân dân huyện Đại Lộc": the People's Committee that recognised (or its successor on the
        revocation's date), and so revokes. A
        certificate recorded from paper names the authority printed on its decision ("UBND tỉnh Quảng Nam")."""
        if self.recorded_from_paper and self.issuing_authority:
            name = self.issuing_authority.strip()
            return "Ủy ban nhân dân " + name[5:] if name.upper().startswith("UBND ") else name
        unit = self.recognising_unit()
        if unit is None:
            return "Ủy ban nhân dân"
        # A unit merged since (Quảng Nam into Thành phố Đà Nẵng, 01/07/2025) revokes through its successor.
        unit = today_unit(unit, self.revocation_decision_date or timezone.localdate()) or unit
        return f"Ủy ban nhân dân {unit.name[:1].lower()}{unit.name[1:]}"

    @property
    def revocation_decision(self) -> RevocationDecision | None:
        """The recorded revocation decision, or None (not revoked, or revoked before it was recorded)."""
        if not self.revocation_decision_number:
            return None
        return RevocationDecision(
            number=self.revocation_decision_number,
            date=self.revocation_decision_date,
            signer_name=self.revocation_signer_name,
            signer_title=self.revocation_signer_title,
        )

    @property
    def recognition_number(self) -> str:
        """The number of the recognition decision behind this certificate (portal or paper)."""
        return self.decision.number if self.decision_id else self.decision_number

    @property
    def recognition_date(self):
        return self.decision.date if self.decision_id else self.decision_date

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
    file = PolicyFileField(upload_to="generated/", blank=True, server_written=True)  # written by the job
    error = models.TextField(blank=True)
    # The last dispatch found the queue (Redis) down: the job waits and is sent again once it is back.
    waiting_for_queue = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "evaluation_pdfjob"  # kept from before the app split (issue 12)
        ordering = ["-created_at"]

    @property
    def percent(self) -> int:
        return (
            int(100 * self.done / self.total)
            if self.total
            else (100 if self.status == self.Status.DONE else 0)
        )


class Inspection(models.Model):
    """A department's inspection of a certified product; a violation can lead to revocation."""

    class Status(models.TextChoices):
        REPORTED = "reported", _("Reported to DARD")
        PROPOSED = "proposed", _("Revocation proposed")
        REVOKED = "revoked", _("Certificate revoked")
        DISMISSED = "dismissed", _("Dismissed")

    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="inspections")
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, verbose_name=_("inspecting department")
    )
    inspected_on = models.DateField(_("inspection date"))
    finding = models.TextField(_("finding"))
    is_violation = models.BooleanField(_("violation found"), default=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REPORTED)
    proposal = models.TextField(_("DARD proposal"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(table_name="evaluation_historicalinspection")

    class Meta:
        db_table = "evaluation_inspection"  # kept from before the app split (issue 12)
        ordering = ["-inspected_on"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")


def evidence_path(instance, filename):
    return f"inspections/{instance.inspection_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:6]}"


class InspectionEvidence(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="evidence")
    file = PolicyFileField(upload_to=evidence_path, profile="inspection")
    original_name = models.CharField(max_length=255)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "evaluation_inspectionevidence"  # kept from before the app split (issue 12)


class CertificateProposal(models.Model):
    """A rating recognised before the portal, proposed by a district officer's import: no certificate and
    nothing public until DARD confirms it (then a paper-recorded Certificate) or rejects it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting DARD")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")
        REPLACED = "replaced", _("Replaced by a newer proposal")

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="certificate_proposals", verbose_name=_("product")
    )
    stars = models.PositiveSmallIntegerField(_("stars"))
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    issuing_authority = models.CharField(_("issuing authority"), max_length=150, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    source_file = models.CharField(_("source file"), max_length=255, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True)
    source_row = models.PositiveIntegerField(_("row"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    certificate = models.OneToOneField(
        Certificate, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposal"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-proposed_at", "pk"]
        verbose_name = _("certificate proposal")
        verbose_name_plural = _("certificate proposals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stars__gte=3, stars__lte=5), name="proposal_stars_3_to_5"
            ),
            models.UniqueConstraint(
                fields=["product"],
                condition=models.Q(status="pending"),
                name="one_pending_proposal_per_product",
            ),
        ]

    def __str__(self):
        return f"{self.product} {self.stars}★ ({self.decision_number})"

    @property
    def source(self) -> str:
        if not self.source_file:
            return ""
        if not self.source_row:
            return self.source_file
        return gettext("%(file)s, row %(row)s") % {"file": self.source_file, "row": self.source_row}


class ReratingRequest(models.Model):
    """A producer asks for re-rating (đánh giá lại) of a certificate near or past expiry.

    It records the request and shows it to the local officer and DARD; the re-rating itself is the
    existing one of dossiers: the officer opens the product's dossier in the open call, which moves a
    recognised / expired product into re-rating (``dossiers.services.RERATING_SOURCES``). The request
    is handled once the product has left those states.
    """

    certificate = models.OneToOneField(
        Certificate, on_delete=models.CASCADE, related_name="rerating_request", verbose_name=_("certificate")
    )
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="rerating_requests", verbose_name=_("product")
    )
    note = models.TextField(_("note"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by")
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("re-rating request")
        verbose_name_plural = _("re-rating requests")

    def __str__(self):
        return f"{self.product} ({self.certificate.number})"
