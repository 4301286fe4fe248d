"""Evidence dossiers (hồ sơ minh chứng), their documents, submission calls and batches,
and the commune assessment report of Decision 148/2023.

Model map::

    DossierCall (year, level, regulation, issuing unit, late policy)
      └─ SubmissionBatch (number, deadline, quota %)          batches of the call
      └─ CallDistrictQuota (district, registered count)       optional plan numbers
    DocumentKind ── ChecklistRule (regulation, top group|all, required)   the checklist, as data
    Dossier (product, year, call, status, on-site attestation, batch)
      ├─ DossierDocument (kind, file, original name, size, sha256, content type)
      ├─ DossierTransition (who, when, why)
      │    └─ DossierReturnReason (kind|general, reason)
      └─ CommuneReportItem ─ CommuneReport (commune, call, meeting, chair, participants)
           └─ CommuneAssessment (LocalCriterion, LocalCriterionOption, comment)

A ``DossierCall`` is the "call for dossiers" of an evaluation round: the rounds part of
the evaluation app links its rounds to a call. It is deliberately small.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import AdministrativeUnit
from products.models import Product, ProductGroup, RegulationVersion

from .. import dossier_workflows as wf
from .certificates import Level

__all__ = [
    "DossierCall",
    "SubmissionBatch",
    "CallDistrictQuota",
    "DocumentKind",
    "ChecklistRule",
    "Dossier",
    "DossierQuerySet",
    "DossierTransition",
    "DossierReturnReason",
    "DossierDocument",
    "dossier_document_path",
    "LocalCriterion",
    "LocalCriterionOption",
    "CommuneReport",
    "CommuneReportItem",
    "CommuneAssessment",
]


class DossierCall(models.Model):
    """A call for evidence dossiers: one evaluating level, one year, one regulation version.

    Dossiers of products inside ``issuing_unit`` are submitted to it in ``batches``. A provincial
    call is issued by the province; a district-level call (148/2023: the district council
    recognises 3★) by the district.
    """

    class LatePolicy(models.TextChoices):
        REFUSE = "refuse", _("Refuse late submissions")
        FLAG = "flag", _("Accept late submissions, flagged")

    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("evaluating level"), max_length=20, choices=Level.choices)
    regulation = models.ForeignKey(
        RegulationVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("regulation version")
    )
    issuing_unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="dossier_calls",
        verbose_name=_("issuing unit"),
    )
    title = models.CharField(_("title"), max_length=255, blank=True)
    late_policy = models.CharField(
        _("late submissions"), max_length=10, choices=LatePolicy.choices, default=LatePolicy.REFUSE
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "level", "pk"]
        verbose_name = _("call for dossiers")
        verbose_name_plural = _("calls for dossiers")
        constraints = [
            models.UniqueConstraint(fields=["year", "level", "issuing_unit"], name="unique_dossier_call"),
        ]

    def __str__(self):
        return self.title or f"{self.get_level_display()} {self.year} — {self.regulation}"

    def get_absolute_url(self):
        return reverse("dossiers:call_detail", args=[self.pk])

    def covers(self, unit: AdministrativeUnit) -> bool:
        return self.issuing_unit.contains(unit)


class SubmissionBatch(models.Model):
    """A submission batch of a call: dossiers due by ``deadline``.

    ``quota_percent`` is cumulative: the share of the district's registered products that must
    have been submitted by this deadline (2022: batch 1 = 50, batch 2 = 100, "the rest").
    """

    call = models.ForeignKey(DossierCall, on_delete=models.CASCADE, related_name="batches")
    number = models.PositiveSmallIntegerField(_("batch"))
    deadline = models.DateField(_("deadline"))
    quota_percent = models.PositiveSmallIntegerField(
        _("quota (% of registered products, cumulative)"), default=100
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["call", "deadline", "number"]
        verbose_name = _("submission batch")
        verbose_name_plural = _("submission batches")
        constraints = [
            models.UniqueConstraint(fields=["call", "number"], name="unique_batch_number"),
            models.CheckConstraint(condition=Q(quota_percent__lte=100), name="batch_quota_at_most_100"),
        ]

    def __str__(self):
        return _("Batch %(n)s (by %(d)s)") % {"n": self.number, "d": self.deadline.strftime("%d/%m/%Y")}


class CallDistrictQuota(models.Model):
    """The number of registered products of a district for a call, as stated in the plan.

    Optional: without it, a district's registered products are those with a dossier in the call.
    """

    call = models.ForeignKey(DossierCall, on_delete=models.CASCADE, related_name="district_quotas")
    district = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    registered_count = models.PositiveIntegerField(_("registered products"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("registered products of a district")
        verbose_name_plural = _("registered products of districts")
        constraints = [
            models.UniqueConstraint(fields=["call", "district"], name="unique_call_district_quota")
        ]

    def __str__(self):
        return f"{self.call} — {self.district}: {self.registered_count}"


class DocumentKind(models.Model):
    """A kind of evidence document (form 01/02, business plan, test reports ...), as data."""

    class Source(models.TextChoices):
        UPLOAD = "upload", _("Uploaded files")
        COMMUNE_REPORT = "commune_report", _("Filled online by the commune")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    applies_to_tourism_only = models.BooleanField(_("tourism products only"), default=False)
    source = models.CharField(_("provided as"), max_length=20, choices=Source.choices, default=Source.UPLOAD)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("document kind")
        verbose_name_plural = _("document kinds")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)

    @property
    def is_uploaded(self) -> bool:
        return self.source == self.Source.UPLOAD


class ChecklistRule(models.Model):
    """Under ``regulation``, products of ``group`` (a top group; empty = every group) need ``kind``.

    A rule for a specific group overrides the all-groups rule of the same kind. Kinds marked
    "tourism products only" never apply to other groups.
    """

    regulation = models.ForeignKey(
        RegulationVersion, on_delete=models.CASCADE, related_name="+", verbose_name=_("regulation version")
    )
    group = models.ForeignKey(
        ProductGroup,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("product group"),
        limit_choices_to={"parent__isnull": True},
        help_text=_("A top group; empty means every group."),
    )
    kind = models.ForeignKey(DocumentKind, on_delete=models.CASCADE, related_name="rules")
    required = models.BooleanField(_("required"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["regulation", "group", "kind__order"]
        verbose_name = _("checklist rule")
        verbose_name_plural = _("checklist rules")
        constraints = [
            models.UniqueConstraint(
                fields=["regulation", "group", "kind"],
                condition=Q(group__isnull=False),
                name="unique_checklist_rule_group",
            ),
            models.UniqueConstraint(
                fields=["regulation", "kind"],
                condition=Q(group__isnull=True),
                name="unique_checklist_rule_all_groups",
            ),
        ]

    def __str__(self):
        scope = self.group or _("all groups")
        need = _("required") if self.required else _("optional")
        return f"{self.regulation} · {scope} · {self.kind}: {need}"


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

    history = HistoricalRecords()

    class Meta:
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


class DossierTransition(models.Model):
    """One recorded move of a dossier: who, when, why."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="transitions")
    name = models.CharField(max_length=40)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("dossier transition")
        verbose_name_plural = _("dossier transitions")

    def __str__(self):
        return f"{self.dossier_id}: {self.from_state} → {self.to_state}"

    @property
    def to_label(self):
        return wf.DOSSIER.states.get(self.to_state, self.to_state)


class DossierReturnReason(models.Model):
    """Why a dossier was returned, per document kind (kind empty = general remark)."""

    transition = models.ForeignKey(DossierTransition, on_delete=models.CASCADE, related_name="reasons")
    kind = models.ForeignKey(DocumentKind, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))

    class Meta:
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
    file = models.FileField(_("file"), upload_to=dossier_document_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=180)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content_type = models.CharField(_("content type"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
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


class LocalCriterion(models.Model):
    """One of the four local criteria the commune assesses under 148/2023 (as data)."""

    regulation = models.ForeignKey(RegulationVersion, on_delete=models.CASCADE, related_name="+")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=255)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_sample_wording = models.BooleanField(
        _("sample wording"),
        default=True,
        help_text=_("The official wording is not in the source documents: the answer options are samples."),
    )

    class Meta:
        ordering = ["regulation", "order"]
        verbose_name = _("local criterion")
        verbose_name_plural = _("local criteria")
        constraints = [
            models.UniqueConstraint(fields=["regulation", "code"], name="unique_local_criterion"),
        ]

    def __str__(self):
        return self.name


class LocalCriterionOption(models.Model):
    criterion = models.ForeignKey(LocalCriterion, on_delete=models.CASCADE, related_name="options")
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=255)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["criterion", "order"]
        verbose_name = _("local criterion option")
        verbose_name_plural = _("local criterion options")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "code"], name="unique_local_criterion_option"),
        ]

    def __str__(self):
        return self.label


class CommuneReport(models.Model):
    """Biên bản đánh giá của UBND xã: the commune's assessment of the local criteria of its
    products in one call, after a meeting chaired by the commune chairman (148/2023).

    Editable while a draft; once submitted it becomes part of each assessed product's dossier.
    """

    commune = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="commune_reports",
        verbose_name=_("commune"),
        limit_choices_to={"level__code": "commune"},
    )
    call = models.ForeignKey(
        DossierCall, on_delete=models.PROTECT, related_name="commune_reports", verbose_name=_("call")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=wf.COMMUNE_REPORT.choices,
        default=wf.REPORT_DRAFT,
        db_index=True,
    )
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    chair_name = models.CharField(_("chair (commune chairman)"), max_length=150, blank=True)
    chair_title = models.CharField(_("chair's title"), max_length=150, blank=True, default="Chủ tịch UBND xã")
    participants = models.TextField(_("participants"), blank=True, help_text=_("One per line."))
    conclusion = models.TextField(_("conclusion"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-call__year", "commune__name", "pk"]
        verbose_name = _("commune assessment report")
        verbose_name_plural = _("commune assessment reports")
        constraints = [
            # One open draft per commune and call; further (supplementary) reports once submitted.
            models.UniqueConstraint(
                fields=["commune", "call"],
                condition=Q(status="draft"),
                name="one_draft_commune_report_per_call",
            ),
        ]

    def __str__(self):
        return _("Commune report %(commune)s (%(year)s)") % {"commune": self.commune, "year": self.call.year}

    def get_absolute_url(self):
        return reverse("dossiers:commune_report_detail", args=[self.pk])

    @property
    def status_label(self):
        return wf.COMMUNE_REPORT.states.get(self.status, self.status)

    @property
    def is_submitted(self) -> bool:
        return self.status == wf.REPORT_SUBMITTED

    @property
    def participant_list(self) -> list[str]:
        return [line.strip() for line in self.participants.splitlines() if line.strip()]


class CommuneReportItem(models.Model):
    """One product (through its dossier) assessed in a commune report."""

    report = models.ForeignKey(CommuneReport, on_delete=models.CASCADE, related_name="items")
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="commune_items")

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "dossier__product__name", "pk"]
        verbose_name = _("assessed product")
        verbose_name_plural = _("assessed products")
        constraints = [
            models.UniqueConstraint(fields=["report", "dossier"], name="unique_commune_report_item"),
        ]

    def __str__(self):
        return f"{self.report} · {self.dossier.product}"


class CommuneAssessment(models.Model):
    """The commune's answer on one local criterion for one product."""

    item = models.ForeignKey(CommuneReportItem, on_delete=models.CASCADE, related_name="assessments")
    criterion = models.ForeignKey(LocalCriterion, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(LocalCriterionOption, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(_("comment"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "criterion__order"]
        verbose_name = _("commune assessment")
        verbose_name_plural = _("commune assessments")
        constraints = [
            models.UniqueConstraint(fields=["item", "criterion"], name="unique_commune_assessment"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.option}"


@receiver(post_delete, sender=DossierDocument)
def _delete_stored_file(sender, instance, **kwargs):
    """A removed document (service, admin, cascade) takes its stored file along — once committed."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
