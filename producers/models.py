"""Producers ("chủ thể OCOP"): enterprises, cooperatives, cooperative groups, households."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.levels import former_district
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
        """The producer's district in a three-tier tree (history since 01/07/2025), None when two-tier."""
        return former_district(self.commune)

    @property
    def commune_today(self):
        """Today's commune or ward when the producer's commune was merged since, else None."""
        from accounts.territory import today_place

        return today_place(self.commune)


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


class AccountRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=AccountRequest.Status.PENDING)


class AccountRequest(models.Model):
    """A producer's sign-up: an inactive login waiting for the local officer to link it to a producer.

    The local officer of the commune's area (a district officer in a three-tier tree, the commune's
    economic office in a two-tier one) or DARD confirms it — matched to a registry producer or with a
    new one — or refuses it with a reason. The user is told by e-mail either way.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        CONFIRMED = "confirmed", _("Confirmed")
        REFUSED = "refused", _("Refused")

    producer_name = models.CharField(_("producer name"), max_length=255)
    kind = models.CharField(_("type"), max_length=20, choices=ProducerKind.choices)
    tax_code = models.CharField(_("business registration / tax code"), max_length=20)
    commune = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    full_name = models.CharField(_("contact person"), max_length=150)
    phone = models.CharField(_("phone"), max_length=30)
    email = models.EmailField(_("e-mail"))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="account_request",
        verbose_name=_("login"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    producer = models.ForeignKey(
        Producer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="account_requests",
        verbose_name=_("producer"),
    )
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    objects = AccountRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("account request")
        verbose_name_plural = _("account requests")
        constraints = [
            models.UniqueConstraint(
                fields=["email"], condition=Q(status="pending"), name="one_pending_account_request_per_email"
            )
        ]

    def __str__(self):
        return f"{self.producer_name} ({self.email})"

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        self.tax_code = (self.tax_code or "").strip()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("producers:request_detail", args=[self.pk])
