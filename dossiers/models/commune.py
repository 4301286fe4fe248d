"""The commune assessment report (Decision 148/2023): the commune's statement on the local criteria."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import AdministrativeUnit
from ocop_portal.uploads.fields import PolicyFileField

from .. import workflows as wf
from .calls import DossierCall
from .checklist import LocalCriterion, LocalCriterionOption
from .dossiers import Dossier


def minutes_path(instance, filename):
    return f"commune-reports/{instance.pk or 'new'}/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:6]}"


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
    # The legal document: the signed and stamped minutes, scanned (PDF or image), required to send.
    minutes = PolicyFileField(
        _("signed and stamped minutes"), upload_to=minutes_path, max_length=255, blank=True, profile="minutes"
    )
    minutes_name = models.CharField(_("minutes file name"), max_length=255, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(table_name="evaluation_historicalcommunereport")

    class Meta:
        db_table = "evaluation_communereport"  # kept from before the app split (issue 12)
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

    history = HistoricalRecords(table_name="evaluation_historicalcommunereportitem")

    class Meta:
        db_table = "evaluation_communereportitem"  # kept from before the app split (issue 12)
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

    history = HistoricalRecords(table_name="evaluation_historicalcommuneassessment")

    class Meta:
        db_table = "evaluation_communeassessment"  # kept from before the app split (issue 12)
        ordering = ["item", "criterion__order"]
        verbose_name = _("commune assessment")
        verbose_name_plural = _("commune assessments")
        constraints = [
            models.UniqueConstraint(fields=["item", "criterion"], name="unique_commune_assessment"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.option}"
