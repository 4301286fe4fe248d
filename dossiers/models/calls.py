"""Calls for dossiers (one per evaluating level and year), their batches and per-district quotas."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import AdministrativeUnit
from products.models import Level, RegulationVersion


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

    history = HistoricalRecords(table_name="evaluation_historicaldossiercall")

    class Meta:
        db_table = "evaluation_dossiercall"  # kept from before the app split (issue 12)
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
        """``unit`` lies inside the issuing unit, or inside a unit it succeeded: the city's call after
        the 2025 merger also takes the dossiers of products registered in Quảng Nam's old communes."""
        if self.issuing_unit.contains(unit):
            return True
        from accounts.successions import history_paths

        return any(unit.path.startswith(path) for path in history_paths(self.issuing_unit))


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

    history = HistoricalRecords(table_name="evaluation_historicalsubmissionbatch")

    class Meta:
        db_table = "evaluation_submissionbatch"  # kept from before the app split (issue 12)
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

    history = HistoricalRecords(table_name="evaluation_historicalcalldistrictquota")

    class Meta:
        db_table = "evaluation_calldistrictquota"  # kept from before the app split (issue 12)
        verbose_name = _("registered products of a district")
        verbose_name_plural = _("registered products of districts")
        constraints = [
            models.UniqueConstraint(fields=["call", "district"], name="unique_call_district_quota")
        ]

    def __str__(self):
        return f"{self.call} — {self.district}: {self.registered_count}"
