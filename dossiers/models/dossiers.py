"""Evidence dossiers (hồ sơ minh chứng), their transitions, return reasons and documents."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import AdministrativeUnit
from ocop_portal.uploads.fields import PolicyFileField
from ocop_portal.workflow import TransitionLog
from products.models import Product

from .. import workflows as wf
from .calls import DossierCall, SubmissionBatch
from .checklist import DocumentKind


class DossierQuerySet(models.QuerySet):
    def in_unit(self, unit: AdministrativeUnit):
        return self.filter(product__commune__path__startswith=unit.path)

    def submitted_by(self, day):
        """Submitted (at least once) on or before ``day`` (local date of first submission)."""
        return self.filter(status__in=wf.SUBMITTED_AT_LEAST_ONCE, submitted_on__lte=day)

    def with_related(self):
        return self.select_related(
            "product",
            "product__commune",
            "product__commune__parent",
            "product__group",
            "product__group__parent",
            "product__producer",
            "call",
            "call__regulation",
            "batch",
        )


class Dossier(models.Model):
    """The evidence dossier of one product for one evaluation year."""

    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("product")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    call = models.ForeignKey(
        DossierCall, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("call for dossiers")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=wf.DOSSIER.choices, default=wf.DRAFT, db_index=True
    )
    # On-site check attestation (the 2023 letter: districts check on site before forwarding).
    onsite_checked_on = models.DateField(_("on-site check date"), null=True, blank=True)
    onsite_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("on-site check attested by"),
    )
    onsite_attested_at = models.DateTimeField(_("attested at"), null=True, blank=True)
    onsite_note = models.TextField(_("on-site check note"), blank=True)
    # Submission: the first submission fixes the batch; resubmissions keep it.
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted on (local date)"), null=True, blank=True, db_index=True)
    batch = models.ForeignKey(
        SubmissionBatch,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("batch"),
    )
    is_late = models.BooleanField(_("submitted after the deadline"), default=False)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DossierQuerySet.as_manager()

    history = HistoricalRecords(table_name="evaluation_historicaldossier")

    class Meta:
        db_table = "evaluation_dossier"  # kept from before the app split (issue 12)
        ordering = ["-year", "product__name", "pk"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        constraints = [
            models.UniqueConstraint(fields=["product", "year"], name="unique_dossier_product_year"),
        ]

    def __str__(self):
        return _("Dossier of %(product)s (%(year)s)") % {"product": self.product, "year": self.year}

    def get_absolute_url(self):
        return reverse("dossiers:detail", args=[self.pk])

    @property
    def status_label(self):
        return wf.DOSSIER.states.get(self.status, self.status)

    @property
    def is_editable_state(self) -> bool:
        return self.status in wf.EDITABLE

    @property
    def onsite_attested(self) -> bool:
        return self.onsite_attested_at is not None


class DossierTransition(TransitionLog):
    """One recorded move of a dossier: who, when, why."""

    subject_field = "dossier"
    workflow = wf.DOSSIER

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="transitions")

    class Meta(TransitionLog.Meta):
        db_table = "evaluation_dossiertransition"  # kept from before the app split (issue 12)
        verbose_name = _("dossier transition")
        verbose_name_plural = _("dossier transitions")

    def __str__(self):
        return f"{self.dossier_id}: {self.from_state} → {self.to_state}"


class DossierReturnReason(models.Model):
    """Why a dossier was returned, per document kind (kind empty = general remark)."""

    transition = models.ForeignKey(DossierTransition, on_delete=models.CASCADE, related_name="reasons")
    kind = models.ForeignKey(DocumentKind, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))

    class Meta:
        db_table = "evaluation_dossierreturnreason"  # kept from before the app split (issue 12)
        ordering = ["transition", "kind__order", "pk"]
        verbose_name = _("return reason")
        verbose_name_plural = _("return reasons")

    def __str__(self):
        return f"{self.kind or _('General')}: {self.reason}"


def dossier_document_path(instance, filename):
    """Generated storage name: dossiers/<dossier id>/<uuid>.<ext> — never the user's name."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    ext = "".join(ch for ch in ext if ch.isalnum())[:5] or "bin"
    return f"dossiers/{instance.dossier_id}/{uuid.uuid4().hex}.{ext}"


class DossierDocument(models.Model):
    """One uploaded file of a dossier. Stored via Django's default storage under a generated name."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    kind = models.ForeignKey(
        DocumentKind, on_delete=models.PROTECT, related_name="documents", verbose_name=_("document kind")
    )
    file = PolicyFileField(_("file"), upload_to=dossier_document_path, max_length=255, profile="dossier")
    original_name = models.CharField(_("file name"), max_length=180)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content_type = models.CharField(_("content type"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords(table_name="evaluation_historicaldossierdocument")

    class Meta:
        db_table = "evaluation_dossierdocument"  # kept from before the app split (issue 12)
        ordering = ["kind__order", "uploaded_at", "pk"]
        verbose_name = _("dossier document")
        verbose_name_plural = _("dossier documents")

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("dossiers:document_file", args=[self.pk])

    @property
    def previewable(self) -> bool:
        return self.content_type in ("application/pdf", "image/jpeg", "image/png")

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"

    @property
    def is_image(self) -> bool:
        return self.content_type in ("image/jpeg", "image/png")


@receiver(post_delete, sender=DossierDocument)
def _delete_stored_file(sender, instance, **kwargs):
    """A removed document (service, admin, cascade) takes its stored file along — once committed."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
