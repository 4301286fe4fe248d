"""Users, roles, administrative units (a tree whose levels are data) and departments."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ocop_portal.collation import COLLATION

from .levels import COMMUNE, DISTRICT, PROVINCE, local_office_label


class NaturalKeyManager(models.Manager):
    key_field = "code"

    def get_by_natural_key(self, code):
        return self.get(**{self.key_field: code})


class UnitLevel(models.Model):
    """A tier of the administrative tree: province, district, commune — as data.

    A province that runs two-tier (after the 2025 reform) simply has no unit at the
    district level: communes hang directly under the province.
    """

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    depth = models.PositiveSmallIntegerField(_("depth"), help_text=_("0 = province"))

    objects = NaturalKeyManager()

    class Meta:
        ordering = ["depth"]
        verbose_name = _("unit level")
        verbose_name_plural = _("unit levels")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class UnitQuerySet(models.QuerySet):
    def at_level(self, code: str):
        return self.filter(level__code=code)

    def provinces(self):
        return self.at_level(PROVINCE)

    def districts(self):
        return self.at_level(DISTRICT)

    def communes(self):
        return self.at_level(COMMUNE)

    def valid_on(self, day: datetime.date | None = None):
        day = day or timezone.localdate()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def within(self, unit: AdministrativeUnit, *, include_self: bool = True):
        qs = self.filter(path__startswith=unit.path)
        return qs if include_self else qs.exclude(pk=unit.pk)

    def local(self):
        """Units directly under a province: districts in a three-tier tree, communes in a two-tier one.

        This is the level that guides producers and assembles dossiers (the "local officer" level);
        it is derived from the tree, never from a level code.
        """
        return self.filter(parent__isnull=False, parent__parent__isnull=True)

    def official(self, code: str, day: datetime.date | None = None):
        """Units carrying the official (GSO) ``code`` valid on ``day`` (today by default)."""
        return self.filter(official_code=code).valid_on(day)


class UnitManager(NaturalKeyManager.from_queryset(UnitQuerySet)):
    pass


class AdministrativeUnit(models.Model):
    """A province, district or commune. Never deleted: closed with ``valid_to``.

    ``path`` is a materialised path of official codes ("/49/508/20599/") so that
    "everything inside this district" is one indexed ``startswith`` filter.
    """

    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_(
            "The portal's key: the official code for the pre-2025 tree, '2025-<code>' for the 2025 tree."
        ),
    )
    official_code = models.CharField(_("official code"), max_length=20, blank=True, db_index=True)
    name = models.CharField(_("name"), max_length=150, db_collation=COLLATION)
    name_ascii = models.CharField(max_length=150, editable=False, db_index=True)
    short_name = models.CharField(_("short name"), max_length=100, blank=True, db_collation=COLLATION)
    division_type = models.CharField(_("division type"), max_length=40, blank=True)
    level = models.ForeignKey(UnitLevel, on_delete=models.PROTECT, verbose_name=_("level"))
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    path = models.CharField(max_length=255, editable=False, db_index=True)
    local_unit = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("local unit"),
        help_text=_("The unit directly under the province that holds this one (itself at that level)."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = UnitManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["path"]
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        indexes = [models.Index(fields=["level", "name_ascii"])]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)

    def save(self, *args, **kwargs):
        from ocop_portal.text import fold

        self.name_ascii = fold(self.name)
        self.official_code = self.official_code or self.code
        self.path = f"{self.parent.path if self.parent_id else '/'}{self.code}/"
        is_local = bool(self.parent_id) and self.parent.parent_id is None
        if not is_local:
            self.local_unit_id = self.parent.local_unit_id if self.parent_id else None
        super().save(*args, **kwargs)
        if is_local and self.local_unit_id != self.pk:
            self.local_unit_id = self.pk
            type(self).objects.filter(pk=self.pk).update(local_unit=self.pk)

    def fill_derived(self) -> None:
        """Set ``official_code`` and ``local_unit`` on a row saved raw (fixtures)."""
        parent = self.parent if self.parent_id else None
        if parent is None:
            local = None
        elif parent.parent_id is None:
            local = self.pk
        else:
            local = parent.local_unit_id
        official = self.official_code or self.code
        if (local, official) != (self.local_unit_id, self.official_code):
            type(self).objects.filter(pk=self.pk).update(local_unit=local, official_code=official)
            self.local_unit_id, self.official_code = local, official

    @property
    def level_code(self) -> str:
        return self.level.code

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def ancestor_codes(self) -> list[str]:
        return [c for c in self.path.strip("/").split("/") if c]

    def ancestor_at(self, level_code: str) -> AdministrativeUnit | None:
        """The unit at ``level_code`` above (or equal to) this one, or None (two-tier)."""
        if self.level.code == level_code:
            return self
        return (
            AdministrativeUnit.objects.filter(code__in=self.ancestor_codes(), level__code=level_code)
            .select_related("level")
            .first()
        )

    def contains(self, other: AdministrativeUnit) -> bool:
        return other.path.startswith(self.path)

    @property
    def is_local(self) -> bool:
        """Directly under a province: the level of the local officer (district, or commune when two-tier)."""
        return self.local_unit_id is not None and self.local_unit_id == self.pk

    @property
    def local_office_label(self) -> str:
        """What the local officer bound to this unit is called, from the unit's level."""
        return local_office_label(self)

    @property
    def full_name(self) -> str:
        """ "Xã Duy Sơn, Huyện Duy Xuyên, Tỉnh Quảng Nam": the unit and its ancestors."""
        names, unit = [], self
        while unit is not None:
            names.append(unit.name)
            unit = unit.parent if unit.parent_id else None
        return ", ".join(names)


class UnitSuccession(models.Model):
    """A recorded merge/split: ``predecessor`` was succeeded by ``successor`` on ``date``."""

    predecessor = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="successions_out"
    )
    successor = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="successions_in")
    date = models.DateField(_("date"))
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        constraints = [models.UniqueConstraint(fields=["predecessor", "successor"], name="unique_succession")]

    def __str__(self):
        return f"{self.predecessor} → {self.successor} ({self.date:%d/%m/%Y})"


class Department(models.Model):
    """A provincial department or agency (Sở Công Thương, KH&CN, ...): a unit of its own."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200, db_collation=COLLATION)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    province = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="departments")
    is_dard = models.BooleanField(
        _("is the standing agency (DARD)"), default=False, help_text=_("Sở Nông nghiệp và PTNT")
    )
    order = models.PositiveSmallIntegerField(default=0)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    predecessors = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="successors",
        verbose_name=_("predecessors"),
        help_text=_("Departments merged into this one (e.g. agriculture + natural resources, 2025)."),
    )
    succession_note = models.TextField(_("succession note"), blank=True)

    objects = NaturalKeyManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.short_name or self.name

    def natural_key(self):
        return (self.code,)


class Role(models.TextChoices):
    PROVINCE = "province", _("Provincial DARD staff")
    DEPARTMENT = "department", _("Department staff")
    # "district" is the stored value: the local officer bound to the unit directly under the province
    # (a district in a three-tier tree, a commune/ward's economic office in a two-tier one).
    DISTRICT = "district", _("Local officer (district / commune economic office)")
    COMMUNE = "commune", _("Commune official")
    COUNCIL = "council", _("Council member")
    PRODUCER = "producer", _("Producer")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PRODUCER)
    unit = models.ForeignKey(
        AdministrativeUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("administrative unit"),
        help_text=_("Province for provincial staff, the district or commune for local officials."),
    )
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("department"),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    is_unit_head = models.BooleanField(_("head of unit"), default=False)
    email_notifications = models.BooleanField(_("receive e-mail notifications"), default=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.role in (Role.DISTRICT, Role.COMMUNE):
            if not self.unit_id:
                raise ValidationError({"unit": _("This role must be bound to a unit.")})
            if self.role == Role.DISTRICT and not self.unit.is_local:
                raise ValidationError(
                    {
                        "unit": _(
                            "A local officer is bound to a unit directly under the province "
                            "(a district, or a commune/ward where the province has no district tier)."
                        )
                    }
                )
            if self.role == Role.COMMUNE and self.unit.level.code != COMMUNE:
                raise ValidationError({"unit": _("The unit does not match the role's level.")})
        if self.role == Role.DEPARTMENT and not self.department_id:
            raise ValidationError({"department": _("Department staff must belong to a department.")})

    # Role helpers used by templates and the access policy.
    @property
    def is_provincial(self) -> bool:
        return self.is_superuser or self.role in (Role.PROVINCE, Role.ADMIN)

    @property
    def is_district(self) -> bool:
        return self.role == Role.DISTRICT

    @property
    def is_commune(self) -> bool:
        return self.role == Role.COMMUNE

    @property
    def role_label(self) -> str:
        """The role as the person's office is called: a local officer's label follows the unit's level."""
        if self.role == Role.DISTRICT and self.unit_id:
            return self.unit.local_office_label
        return self.get_role_display()

    @property
    def is_department(self) -> bool:
        return self.role == Role.DEPARTMENT

    @property
    def is_council(self) -> bool:
        return self.role == Role.COUNCIL

    @property
    def is_staff_user(self) -> bool:
        """Anyone who works in the back office of the programme (not a producer)."""
        return self.is_superuser or self.role != Role.PRODUCER
