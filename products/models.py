"""Products, product groups under a regulation version, photos, sales channels."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords
from unidecode import unidecode

from accounts.levels import former_district
from accounts.models import AdministrativeUnit
from ocop_portal.collation import COLLATION
from ocop_portal.text import fold
from ocop_portal.uploads.fields import PolicyFileField, PolicyImageField
from ocop_portal.workflow import TransitionLog
from producers.models import Producer

from . import certification, workflows


class Level(models.TextChoices):
    """The level of government that evaluates and recognises (its rules come with the regulation)."""

    DISTRICT = "district", pgettext_lazy("evaluation level", "District")
    PROVINCE = "province", pgettext_lazy("evaluation level", "Province")
    CENTRAL = "central", pgettext_lazy("evaluation level", "Central")


class RegulationQuerySet(models.QuerySet):
    def with_commune_step(self) -> RegulationQuerySet:
        """Regulations whose rule sets (``evaluation.RegulationProfile``, reached by its reverse relation)
        include the commune's local-criteria step."""
        return self.filter(profiles__levels__level="commune").distinct()


class RegulationVersion(models.Model):
    """A national regulation on OCOP evaluation: 1048/QĐ-TTg (2019, amended 781/2020), 148/QĐ-TTg (2023)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=255)
    decision = models.CharField(_("decision"), max_length=100)
    effective_from = models.DateField(_("effective from"))
    part_a_max = models.PositiveSmallIntegerField(_("part A maximum"))
    part_b_max = models.PositiveSmallIntegerField(_("part B maximum"))
    part_c_max = models.PositiveSmallIntegerField(_("part C maximum"))

    objects = RegulationQuerySet.as_manager()

    class Meta:
        ordering = ["effective_from"]
        verbose_name = _("regulation version")
        verbose_name_plural = _("regulation versions")

    def __str__(self):
        return self.decision

    @property
    def has_commune_step(self) -> bool:
        """The commune assesses the local criteria under these criteria: read from the rule sets that use
        them (``evaluation.RegulationProfile``, the one truth: 148 and 148 as amended by 1489 have the
        commune step, 1048/781 has not)."""
        return RegulationVersion.objects.with_commune_step().filter(pk=self.pk).exists()

    def natural_key(self):
        return (self.code,)

    @classmethod
    def in_force_on(cls, day: datetime.date) -> RegulationVersion | None:
        return cls.objects.filter(effective_from__lte=day).order_by("-effective_from").first()


class ProductGroup(models.Model):
    """A product group (parent=None) or subgroup of one regulation version."""

    regulation = models.ForeignKey(RegulationVersion, on_delete=models.PROTECT, related_name="groups")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="subgroups"
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=255, db_collation=COLLATION)
    name_ascii = models.CharField(max_length=255, editable=False)
    is_tourism = models.BooleanField(_("tourism service (site inspection)"), default=False)

    class Meta:
        ordering = ["regulation", "code"]
        verbose_name = _("product group")
        verbose_name_plural = _("product groups")
        constraints = [models.UniqueConstraint(fields=["regulation", "code"], name="unique_group_code")]

    def __str__(self):
        return f"{self.code}. {self.name}"

    def save(self, *args, **kwargs):
        self.name_ascii = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def top(self) -> ProductGroup:
        return self.parent if self.parent_id else self


class Standard(models.Model):
    """A quality standard or certification a product holds: GAP, Organic, GMP, HACCP, ISO ..."""

    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100, db_collation=COLLATION)

    class Meta:
        ordering = ["name"]
        verbose_name = _("standard")
        verbose_name_plural = _("standards")

    def __str__(self):
        return self.name


class ProductQuerySet(models.QuerySet):
    def in_unit(self, unit: AdministrativeUnit):
        return self.filter(commune__path__startswith=unit.path)

    def certified(self, on: datetime.date | None = None):
        """Recognised, and backed on ``on`` (today by default) by a valid certificate whose number, stars,
        issue date and validity are the product's own (see :mod:`products.certification`)."""
        on = on or timezone.localdate()
        # Only the state beside the certificate test: the certificate's number, stars (3–5, a check
        # constraint) and validity (>= on) are the product's own, so filtering the product's columns
        # again would change nothing but the planner's estimate (those columns are correlated with the
        # state; multiplied as if independent they made 33 000 public rows look like one).
        return self.annotate(certificate_backed=certification.backed(on)).filter(
            certificate_backed=True, state=workflows.RECOGNISED
        )

    def public(self):
        return self.certified()

    def expiring_within(self, months: int, on: datetime.date | None = None):
        from dateutil.relativedelta import relativedelta

        on = on or timezone.localdate()
        return self.certified(on).filter(valid_until__lte=on + relativedelta(months=months))

    def search(self, q: str):
        from ocop_portal.search import search_queryset

        return search_queryset(self, q, fields=("name", "certificate_number"), folded_field="name_ascii")

    def with_related(self):
        return self.select_related("producer", "commune", "commune__parent", "group", "group__parent")

    # The rating fields are written only by the certificate services (products.certification).
    def update(self, **kwargs):
        certification.check_rating_write(kwargs)
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        certification.check_rating_write(fields)
        return super().bulk_update(objs, fields, *args, **kwargs)

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            certification.check_rating_write(obj.changed_rating_fields())
        return super().bulk_create(objs, *args, **kwargs)


RATING_ATTNAMES = certification.RATING_FIELDS  # the rating fields are plain columns: attname = name


class Product(models.Model):
    class Origin(models.TextChoices):
        NEW = "new", _("New product (form 01)")
        EXISTING = "existing", _("Existing product (form 02)")

    name = models.CharField(_("product name"), max_length=255, db_collation=COLLATION)
    name_ascii = models.CharField(max_length=255, editable=False, db_index=True)
    slug = models.SlugField(max_length=280, unique=True, editable=False)
    producer = models.ForeignKey(
        Producer, on_delete=models.PROTECT, related_name="products", verbose_name=_("producer")
    )
    commune = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="products",
        verbose_name=_("commune of production"),
        limit_choices_to={"level__code": "commune"},
    )
    group = models.ForeignKey(
        ProductGroup, on_delete=models.PROTECT, related_name="products", verbose_name=_("product group")
    )
    origin = models.CharField(_("registration"), max_length=20, choices=Origin.choices, default=Origin.NEW)
    registered_year = models.PositiveSmallIntegerField(_("year registered"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    story = models.TextField(_("product story"), blank=True)
    standards = models.ManyToManyField(Standard, blank=True, verbose_name=_("standards held"))
    has_traceability_stamp = models.BooleanField(_("traceability stamp"), default=False)
    state = models.CharField(
        _("state"),
        max_length=30,
        choices=workflows.LIFECYCLE.choices,
        default=workflows.IDEA_REGISTERED,
        db_index=True,
    )
    # Current rating, maintained by the certificates services (denormalised for lists and the catalogue).
    stars = models.PositiveSmallIntegerField(_("stars"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=50, blank=True)
    certified_on = models.DateField(_("recognised on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True, db_index=True)
    duplicate_reason = models.TextField(_("reason for registering despite similar products"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProductQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["name_ascii", "slug"])

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.CheckConstraint(
                condition=Q(stars__isnull=True) | Q(stars__gte=1, stars__lte=5), name="stars_1_to_5"
            ),
        ]
        indexes = [
            models.Index(fields=["state", "stars"]),
            # a producer's products recognised in a year, in date order (the plan dashboard's revenue cohort)
            models.Index(fields=["producer", "certified_on", "id"], name="products_producer_certified"),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_rating = {
            name: value for name, value in zip(field_names, values, strict=False) if name in RATING_ATTNAMES
        }
        return instance

    def changed_rating_fields(self) -> set[str]:
        """Rating fields set or changed since the row was loaded (all set ones for a new row)."""
        loaded = getattr(self, "_loaded_rating", None)
        if loaded is None or self._state.adding:
            return {f for f in certification.RATING_FIELDS if self.__dict__.get(f) not in (None, "")}
        return {
            f for f in certification.RATING_FIELDS if f in self.__dict__ and self.__dict__[f] != loaded.get(f)
        }

    def refresh_from_db(self, using=None, fields=None, **kwargs):
        super().refresh_from_db(using=using, fields=fields, **kwargs)
        loaded = getattr(self, "_loaded_rating", None) or {}
        for name in certification.RATING_FIELDS:
            if name in self.__dict__ and (fields is None or name in fields):
                loaded[name] = self.__dict__[name]
        self._loaded_rating = loaded
        self.__dict__.pop("_is_certified", None)
        self.__dict__.pop("certificate_backed", None)

    def save(self, *args, **kwargs):
        certification.check_rating_write(self.changed_rating_fields())
        self.name_ascii = fold(self.name)
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)
        self._loaded_rating = {f: self.__dict__[f] for f in certification.RATING_FIELDS if f in self.__dict__}
        self.__dict__.pop("_is_certified", None)
        self.__dict__.pop("certificate_backed", None)

    def _unique_slug(self) -> str:
        base = slugify(unidecode(self.name))[:240] or "san-pham"
        slug, n = base, 1
        while Product.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug

    def get_absolute_url(self):
        return reverse("products:detail", args=[self.pk])

    def get_public_url(self):
        return reverse("catalog:detail", args=[self.slug])

    @property
    def state_label(self):
        return workflows.LIFECYCLE.states.get(self.state, self.state)

    @property
    def cycle_step(self) -> int:
        return workflows.cycle_step(self.state)

    @property
    def district(self):
        """The district the product was registered in, when its commune lies in a three-tier tree
        (history since 01/07/2025); None for a commune or ward of a two-tier province."""
        return former_district(self.commune)

    @property
    def commune_today(self):
        """Today's commune or ward when the product's commune was merged since, else None."""
        from accounts.territory import today_place

        return today_place(self.commune)

    @property
    def is_certified(self) -> bool:
        """Shown to the public as certified: the same rule as ``Product.objects.certified()``."""
        if not (
            self.pk
            and self.state == workflows.RECOGNISED
            and self.certificate_number
            and self.valid_until is not None
            and self.valid_until >= timezone.localdate()
        ):
            return False
        # rows read through certified() carry the answer; others ask the database once
        cached = self.__dict__.get("certificate_backed", self.__dict__.get("_is_certified"))
        if cached is None:
            cached = self._is_certified = Product.objects.certified().filter(pk=self.pk).exists()
        return bool(cached)

    @property
    def stars_display(self) -> str:
        return "★" * (self.stars or 0)


class ProductTransition(TransitionLog):
    """One recorded move of a product through its lifecycle: who, when, why."""

    subject_field = "product"
    workflow = workflows.LIFECYCLE

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="transitions")

    class Meta(TransitionLog.Meta):
        verbose_name = _("product transition")
        verbose_name_plural = _("product transitions")

    def __str__(self):
        return f"{self.product}: {self.from_state} → {self.to_state}"


def product_image_path(instance, filename):
    import uuid
    from pathlib import Path

    return f"products/{instance.product_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:6]}"


class ProductImage(models.Model):
    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        PACKAGING = "packaging", _("Packaging")
        LABEL = "label", _("Label")

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PHOTO)
    image = PolicyImageField(_("image"), upload_to=product_image_path, profile="image")
    caption = models.CharField(_("caption"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("product image")
        verbose_name_plural = _("product images")

    def __str__(self):
        return self.caption or self.image.name


class EcommerceListing(models.Model):
    class Platform(models.TextChoices):
        SHOPEE = "shopee", "Shopee"
        LAZADA = "lazada", "Lazada"
        TIKI = "tiki", "Tiki"
        SENDO = "sendo", "Sendo"
        POSTMART = "postmart", "Postmart"
        VOSO = "voso", "Voso"
        OTHER = "other", _("Other")

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="listings")
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    url = models.URLField(_("link"), max_length=500)

    class Meta:
        ordering = ["platform"]
        verbose_name = _("e-commerce listing")
        verbose_name_plural = _("e-commerce listings")
        constraints = [models.UniqueConstraint(fields=["product", "platform", "url"], name="unique_listing")]

    def __str__(self):
        return f"{self.get_platform_display()}: {self.url}"


def import_upload_path(instance, filename):
    return f"imports/staging/{instance.token}.xlsx"


class ImportUpload(models.Model):
    """A spreadsheet just previewed, kept server-side for a short time so that "Xác nhận nhập" imports
    exactly that file (tied to the user who uploaded it and to the SHA-256 of its bytes)."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    file = PolicyFileField(upload_to=import_upload_path, profile="spreadsheet")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()


class ImportJob(models.Model):
    """A spreadsheet import run in the background ("Xác nhận nhập" of a previewed file), or the record of
    a rejected preview: its counts, its progress and every error (the page shows the first ones; the
    whole list downloads as a spreadsheet). Seen only by the user who started it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Rejected")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    upload = models.ForeignKey(
        ImportUpload, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    dry_run = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    producers_created = models.PositiveIntegerField(default=0)
    ratings_recorded = models.PositiveIntegerField(default=0)
    ratings_proposed = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # [[row, column, value, message], ...]
    warnings = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
