"""Trade promotion: OCOP sales points and centres, fairs, participations and fair results."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accounts.levels import LOCAL_UNIT
from accounts.models import AdministrativeUnit, Department
from ocop_portal.collation import COLLATION
from ocop_portal.text import fold
from producers.models import Producer
from products.models import Product


class SalesPointQuerySet(models.QuerySet):
    def open_on(self, on: datetime.date | None = None):
        """Sales points operating on ``on`` (today by default).

        A point counts from ``opened_on`` (or always, when unknown) until ``closed_on``
        (exclusive); a point switched off without a closing date does not count.
        """
        on = on or timezone.localdate()
        opened = Q(opened_on__isnull=True) | Q(opened_on__lte=on)
        running = Q(active=True, closed_on__isnull=True) | Q(closed_on__gt=on)
        return self.filter(opened & running)

    def public(self):
        return self.filter(active=True)

    def in_unit(self, unit: AdministrativeUnit):
        """Points inside ``unit`` or inside a unit it succeeded (a 2025 ward finds the points recorded
        in the communes merged into it)."""
        from accounts.territory import unit_filter_q

        return self.filter(unit_filter_q(unit, "district") | unit_filter_q(unit, "commune"))

    def search(self, q: str):
        from ocop_portal.search import search_queryset

        return search_queryset(self, q, fields=("name",), folded_field="name_ascii")


class SalesPoint(models.Model):
    """An OCOP sales point (điểm bán), a district OCOP centre or the provincial OCOP centre.

    ``district`` is the local unit (a district before the 2025 reform, the commune or ward itself in a
    two-tier city); ``commune`` the commune or ward the address lies in.
    """

    class Kind(models.TextChoices):
        POINT = "point", _("Sales point")
        DISTRICT_CENTRE = "district_centre", _("District OCOP centre")
        PROVINCIAL_CENTRE = "provincial_centre", _("Provincial OCOP centre")

    name = models.CharField(_("name"), max_length=255, db_collation=COLLATION)
    name_ascii = models.CharField(max_length=255, editable=False, db_index=True)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices, default=Kind.POINT)
    address = models.CharField(_("address"), max_length=255)
    district = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="sales_points",
        verbose_name=LOCAL_UNIT,
        help_text=_(
            "The unit directly under the province: a district before the 2025 reform, the commune or "
            "ward of a two-tier city (filled from the commune when left empty)."
        ),
    )
    commune = models.ForeignKey(
        AdministrativeUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("commune"),
        limit_choices_to={"level__code": "commune"},
    )
    opening_hours = models.CharField(_("opening hours"), max_length=255, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    operator = models.CharField(
        _("operated by"), max_length=255, blank=True, help_text=_("Business or unit running the point")
    )
    products = models.ManyToManyField(
        Product, blank=True, related_name="sales_points", verbose_name=_("products carried")
    )
    active = models.BooleanField(_("active"), default=True)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SalesPointQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["name_ascii"])

    class Meta:
        ordering = ["district__code", "kind", "name"]
        verbose_name = _("sales point")
        verbose_name_plural = _("sales points")
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(opened_on__isnull=True)
                | Q(closed_on__gte=models.F("opened_on")),
                name="salespoint_closed_after_opened",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_ascii = fold(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        # "district" is the local unit: a district, or a commune/ward where the province is two-tier.
        if self.district_id and not self.district.is_local:
            errors["district"] = _("Choose a district, or a commune/ward directly under the province.")
        if self.commune_id:
            if self.commune.level.code != "commune":
                errors["commune"] = _("Choose a commune.")
            elif self.district_id and not self.district.contains(self.commune):
                errors["commune"] = _("The commune is not in the chosen district.")
        if self.opened_on and self.closed_on and self.closed_on < self.opened_on:
            errors["closed_on"] = _("The closing date is before the opening date.")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self):
        return reverse("tradefairs:salespoint_detail", args=[self.pk])


class FairQuerySet(models.QuerySet):
    def upcoming(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(start_date__gt=on)

    def in_progress(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(start_date__lte=on, end_date__gte=on)

    def current_or_upcoming(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(end_date__gte=on)

    def ended(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(end_date__lt=on)

    def search(self, q: str):
        from ocop_portal.search import search_queryset

        return search_queryset(self, q, fields=("name",), folded_field="name_ascii")


class Fair(models.Model):
    """A fair, exhibition or trade-promotion event where OCOP producers show their products."""

    class Scope(models.TextChoices):
        IN_PROVINCE = "in_province", _("In the province")
        OUT_OF_PROVINCE = "out_of_province", _("Out of the province")
        ABROAD = "abroad", _("Abroad")

    name = models.CharField(_("name"), max_length=255, db_collation=COLLATION)
    name_ascii = models.CharField(max_length=255, editable=False, db_index=True)
    city = models.CharField(_("city"), max_length=120)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    start_date = models.DateField(_("start date"), db_index=True)
    end_date = models.DateField(_("end date"), db_index=True)
    organiser = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fairs",
        verbose_name=_("organiser"),
    )
    organiser_note = models.CharField(
        _("co-organisers"), max_length=255, blank=True, help_text=_("Other organisers, partners")
    )
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices, default=Scope.IN_PROVINCE)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    # Results, recorded after the fair (services.record_results).
    visitors = models.PositiveIntegerField(_("visitors"), null=True, blank=True)
    sales_vnd = models.PositiveBigIntegerField(_("sales (VND)"), null=True, blank=True)
    contracts_signed = models.PositiveIntegerField(_("contracts signed"), null=True, blank=True)
    results_notes = models.TextField(_("notes on the results"), blank=True)
    results_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)
    results_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FairQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["name_ascii"])

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("fair")
        verbose_name_plural = _("fairs")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="fair_ends_after_start"
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_ascii = fold(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The fair cannot end before it starts.")})

    def get_absolute_url(self):
        return reverse("tradefairs:fair_detail", args=[self.pk])

    # --- state, as of today -------------------------------------------------------
    def status_on(self, on: datetime.date | None = None) -> str:
        on = on or timezone.localdate()
        if on < self.start_date:
            return "upcoming"
        if on <= self.end_date:
            return "in_progress"
        return "ended"

    @property
    def status(self) -> str:
        return self.status_on()

    @property
    def status_label(self):
        return {
            "upcoming": _("Upcoming"),
            "in_progress": pgettext_lazy("fair", "In progress"),  # "Đang diễn ra", not a task's
            "ended": _("Ended"),
        }[self.status]

    @property
    def has_ended(self) -> bool:
        return self.status == "ended"

    @property
    def has_results(self) -> bool:
        return self.results_recorded_at is not None


class Participation(models.Model):
    """A producer's stand at a fair, with the products it shows and (later) what it sold."""

    fair = models.ForeignKey(Fair, on_delete=models.CASCADE, related_name="participations")
    producer = models.ForeignKey(
        Producer, on_delete=models.PROTECT, related_name="fair_participations", verbose_name=_("producer")
    )
    products = models.ManyToManyField(
        Product, blank=True, related_name="fair_participations", verbose_name=_("products shown")
    )
    booth = models.CharField(_("booth"), max_length=60, blank=True)
    notes = models.CharField(_("notes"), max_length=255, blank=True)
    sales_vnd = models.PositiveBigIntegerField(_("sales (VND)"), null=True, blank=True)
    contracts_signed = models.PositiveIntegerField(_("contracts signed"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    registered_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["fair", "producer__name"]
        verbose_name = _("fair participation")
        verbose_name_plural = _("fair participations")
        constraints = [models.UniqueConstraint(fields=["fair", "producer"], name="unique_fair_participation")]

    def __str__(self):
        return f"{self.producer} @ {self.fair}"
