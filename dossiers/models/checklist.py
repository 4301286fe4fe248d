"""The checklist as data: document kinds, which are required per regulation and group, and the
commune's local criteria with their answer options."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from products.models import ProductGroup, RegulationVersion


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
        db_table = "evaluation_documentkind"  # kept from before the app split (issue 12)
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

    history = HistoricalRecords(table_name="evaluation_historicalchecklistrule")

    class Meta:
        db_table = "evaluation_checklistrule"  # kept from before the app split (issue 12)
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
        db_table = "evaluation_localcriterion"  # kept from before the app split (issue 12)
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
        db_table = "evaluation_localcriterionoption"  # kept from before the app split (issue 12)
        ordering = ["criterion", "order"]
        verbose_name = _("local criterion option")
        verbose_name_plural = _("local criterion options")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "code"], name="unique_local_criterion_option"),
        ]

    def __str__(self):
        return self.label
