"""Criteria sets as versioned data: parts, criteria and answer options with their points."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from products.models import ProductGroup, RegulationVersion


class CriteriaSet(models.Model):
    """A score sheet (phiếu đánh giá) for a product group under a regulation version. Data, not code."""

    regulation = models.ForeignKey(RegulationVersion, on_delete=models.PROTECT, related_name="criteria_sets")
    group = models.ForeignKey(
        ProductGroup, on_delete=models.PROTECT, related_name="criteria_sets", verbose_name=_("product group")
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=255)
    is_sample = models.BooleanField(
        _("sample sheet"),
        default=True,
        help_text=_("A sample with the correct part maxima, not the official wording."),
    )
    source = models.CharField(_("source"), max_length=255, blank=True)

    class Meta:
        ordering = ["regulation", "group__code", "code"]
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        constraints = [
            models.UniqueConstraint(fields=["regulation", "code"], name="unique_criteria_set_code")
        ]

    def __str__(self):
        label = f"{self.regulation.decision} · {self.name}"
        return f"{label} ({_('sample')})" if self.is_sample else label


class CriteriaPart(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="parts")
    code = models.CharField(max_length=2)  # A, B, C
    name = models.CharField(_("name"), max_length=255)
    max_points = models.DecimalField(_("maximum points"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "code"], name="unique_part_code")]

    def __str__(self):
        return f"{self.code}. {self.name} ({self.max_points})"


class Criterion(models.Model):
    part = models.ForeignKey(CriteriaPart, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(max_length=20)
    text = models.CharField(_("criterion"), max_length=500)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self):
        return f"{self.code}. {self.text}"


class CriterionOption(models.Model):
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(_("answer"), max_length=500)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "points"]

    def __str__(self):
        return f"{self.text} ({self.points})"
