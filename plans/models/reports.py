"""Districts' periodic reports to DARD and producers' yearly revenue figures."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import AdministrativeUnit
from producers.models import Producer
from products.models import Product

from .. import workflows


class Period(models.TextChoices):
    Q1 = "Q1", _("Quarter 1")
    Q2 = "Q2", _("Quarter 2")
    Q3 = "Q3", _("Quarter 3")
    Q4 = "Q4", _("Quarter 4")
    ANNUAL = "annual", _("Annual")


def period_bounds(year: int, period: str) -> tuple[datetime.date, datetime.date]:
    if period == Period.ANNUAL:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    q = int(period[1])
    start = datetime.date(year, 3 * q - 2, 1)
    end_month = 3 * q
    end = (datetime.date(year + (end_month == 12), end_month % 12 + 1, 1)) - datetime.timedelta(days=1)
    return start, end


class PeriodicReport(models.Model):
    """A local unit's quarterly or annual report to DARD: figures from the portal plus narrative.

    The unit is the level directly under the province (``district`` keeps its name): a district in a
    three-tier province, a commune or ward in a two-tier one (Đà Nẵng since 1 July 2025)."""

    district = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="ocop_reports",
        verbose_name=_("district"),
        limit_choices_to=models.Q(local_unit=models.F("pk")),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=10, choices=Period.choices)
    narrative = models.TextField(_("narrative"), blank=True)
    difficulties = models.TextField(_("difficulties and proposals"), blank=True)
    figures = models.JSONField(_("figures at submission"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=workflows.REPORT.choices, default=workflows.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
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
        ordering = ["-year", "period", "district__code"]
        verbose_name = _("periodic report")
        verbose_name_plural = _("periodic reports")
        constraints = [
            models.UniqueConstraint(fields=["district", "year", "period"], name="unique_periodic_report")
        ]

    def __str__(self):
        return f"{self.district} · {self.get_period_display()} {self.year}"

    def get_absolute_url(self):
        return reverse("plans:report_detail", args=[self.pk])

    @property
    def status_label(self):
        return workflows.REPORT.states.get(self.status, self.status)

    @property
    def bounds(self):
        return period_bounds(self.year, self.period)


class RevenueReport(models.Model):
    """Revenue and profit a producer reports for a year (whole producer, or one product)."""

    producer = models.ForeignKey(
        Producer, on_delete=models.CASCADE, related_name="revenue_reports", verbose_name=_("producer")
    )
    product = models.ForeignKey(
        Product,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="revenue_reports",
        verbose_name=_("product"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    revenue = models.PositiveBigIntegerField(_("revenue (VND)"))
    profit = models.BigIntegerField(_("profit (VND)"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "producer__name"]
        verbose_name = _("revenue report")
        verbose_name_plural = _("revenue reports")
        constraints = [
            models.UniqueConstraint(
                fields=["producer", "product", "year"],
                name="unique_revenue_product_year",
                condition=Q(product__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["producer", "year"],
                name="unique_revenue_producer_year",
                condition=Q(product__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.product or self.producer} {self.year}: {self.revenue:,} ₫"

    def clean(self):
        if self.product_id and self.producer_id and self.product.producer_id != self.producer_id:
            raise ValidationError({"product": _("This product belongs to another producer.")})
