"""Targets of a plan; each kind measures itself through the registry in :mod:`plans.measurement`."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ocop_portal import numbers

from .. import measurement
from .plan import AnnualPlan


class Target(models.Model):
    """A target of the plan; its kind knows how to measure itself (see plans/targets.py)."""

    class Kind(models.TextChoices):
        SHARE_3STAR = "share_3star", _("Share of plan products reaching 3★ or more")
        NEW_4STAR = "new_4star", _("New 4★ products in the year")
        SUPPORTED_PRODUCTS = "supported_products", _("Recognised products supported (upgrade/re-rating)")
        ECONOMIC_ORGS = "economic_orgs", _("Economic organisations founded or consolidated")
        SALES_POINT_DISTRICTS = "sales_point_districts", _("Districts with at least one OCOP sales point")
        FAIRS_HELD = "fairs_held", _("OCOP fairs held")
        TRAINING_STAFF = "training_staff", _("District/commune OCOP staff trained")
        TRAINING_PRODUCERS = "training_producers", _("New producers of the year trained")
        REVENUE_GROWTH = "revenue_growth", _("Revenue growth one year after recognition")
        MANUAL = "manual", _("Free-form (updated by hand)")

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="targets")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.MANUAL)
    label = models.CharField(_("label"), max_length=300)
    goal_value = models.DecimalField(_("goal"), max_digits=14, decimal_places=2)
    goal_max = models.DecimalField(
        _("goal (upper bound)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text="%, sản phẩm, huyện, lần…")
    scope = models.CharField(
        _("scope"),
        max_length=30,
        blank=True,
        help_text=_("Optional refinement of the kind, e.g. fairs: in_province / out_of_province"),
    )
    manual_value = models.DecimalField(
        _("value entered by hand"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    manual_note = models.CharField(_("note on the value"), max_length=255, blank=True)
    manual_updated_at = models.DateTimeField(null=True, blank=True)
    manual_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.CheckConstraint(
                condition=Q(goal_max__isnull=True) | Q(goal_max__gte=models.F("goal_value")),
                name="target_goal_range_ordered",
            )
        ]

    def __str__(self):
        return self.label

    def clean(self):
        if self.goal_max is not None and self.goal_value is not None and self.goal_max < self.goal_value:
            raise ValidationError({"goal_max": _("The upper bound is below the goal.")})

    def measure(self):
        """The target's current measurement (the measuring functions live in :mod:`plans.targets`)."""
        return measurement.measure(self)

    @property
    def goal_display(self) -> str:
        def fmt(v):  # "1,5", "70", "12.000": as entered, in the portal's number format
            if v is None:
                return ""
            v = v.normalize()
            return numbers.format_number(v, max(0, -v.as_tuple().exponent))

        text = fmt(self.goal_value)
        if self.goal_max is not None:
            text += f"–{fmt(self.goal_max)}"
        return f"{text} {self.unit}".strip()
