"""Producers ("chủ thể OCOP"): enterprises, cooperatives, cooperative groups, households."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import AdministrativeUnit
from ocop_portal.collation import COLLATION
from ocop_portal.text import fold


class ProducerKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise (DN)")
    COOPERATIVE = "cooperative", _("Cooperative (HTX)")
    COOP_GROUP = "coop_group", _("Cooperative group (THT)")
    HOUSEHOLD = "household", _("Registered household business")


class ProducerQuerySet(models.QuerySet):
    def in_unit(self, unit: AdministrativeUnit):
        return self.filter(commune__path__startswith=unit.path)

    def search(self, q: str):
        from ocop_portal.search import search_queryset

        return search_queryset(self, q, fields=("name", "tax_code"), folded_field="name_ascii")


class Producer(models.Model):
    name = models.CharField(_("name"), max_length=255, db_collation=COLLATION)
    name_ascii = models.CharField(max_length=255, editable=False, db_index=True)
    kind = models.CharField(_("type"), max_length=20, choices=ProducerKind.choices)
    tax_code = models.CharField(
        _("business registration / tax code"), max_length=20, blank=True, help_text=_("Unique when present")
    )
    legal_representative = models.CharField(_("legal representative"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    commune = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="producers",
        verbose_name=_("commune"),
        limit_choices_to={"level__code": "commune"},
    )
    founded_year = models.PositiveSmallIntegerField(_("founding year"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProducerQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("producer")
        verbose_name_plural = _("producers")
        constraints = [
            models.UniqueConstraint(
                fields=["tax_code"], condition=~Q(tax_code=""), name="unique_tax_code_when_present"
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_ascii = fold(self.name)
        self.tax_code = (self.tax_code or "").strip()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("producers:detail", args=[self.pk])

    @property
    def district(self):
        return self.commune.ancestor_at("district")


class OrganisationEvent(models.Model):
    """An economic organisation founded or consolidated in a year (a plan target counts these)."""

    class Kind(models.TextChoices):
        FOUNDED = "founded", _("Newly founded")
        CONSOLIDATED = "consolidated", _("Consolidated")

    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="organisation_events")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("organisation event")
        verbose_name_plural = _("organisation events")
        constraints = [models.UniqueConstraint(fields=["producer", "year", "kind"], name="unique_org_event")]

    def __str__(self):
        return f"{self.producer} — {self.get_kind_display()} {self.year}"


class ProducerAccount(models.Model):
    """Binds an (optional) producer login to its producer."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="producer_account"
    )
    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="accounts")

    class Meta:
        verbose_name = _("producer account")
        verbose_name_plural = _("producer accounts")

    def __str__(self):
        return f"{self.user} → {self.producer}"
