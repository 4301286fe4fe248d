"""Funding of a plan: allocations per locality and source, and the disbursements against them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import AdministrativeUnit

from .plan import AnnualPlan


class FundingSource(models.TextChoices):
    PROVINCIAL = "provincial", _("Provincial budget (decision)")
    NTM_CENTRAL = "ntm_central", _("NTM central budget")
    OTHER = "other", _("Other")


class Allocation(models.Model):
    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="allocations")
    locality = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("locality")
    )
    source = models.CharField(_("source"), max_length=20, choices=FundingSource.choices)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    decision_reference = models.CharField(
        _("decision"), max_length=120, blank=True, help_text="3371/QĐ-UBND ngày 09/12/2022"
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["locality__path", "source", "pk"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")

    def __str__(self):
        return f"{self.locality} · {self.get_source_display()} · {self.amount:,} ₫"


class Disbursement(models.Model):
    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="disbursements")
    allocation = models.ForeignKey(
        Allocation, null=True, blank=True, on_delete=models.PROTECT, related_name="disbursements"
    )
    locality = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("locality")
    )
    source = models.CharField(_("source"), max_length=20, choices=FundingSource.choices)
    date = models.DateField(_("date"))
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="disbursement_positive")]

    def __str__(self):
        return f"{self.locality} · {self.date:%d/%m/%Y} · {self.amount:,} ₫"
