"""Regulation profiles: the level-authority table of each rule set, as data DARD corrects in the back office.

A profile is one rule set in force for a period (1048/781 from 2019, 148 from 24/02/2023, 148 as
amended by 1489 from 06/07/2025). It points at the regulation version whose criteria sets, product
groups, part maxima and star bands it uses (the amended profile reuses 148's, never a copy), and lists
its steps in order: the commune's local-criteria assessment where there is one, then the levels that
evaluate — what each recognises, which score forwards to which level, and who issues the recognition.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from products.models import Level, RegulationVersion

COMMUNE_STEP = "commune"
STEP_LEVELS = [(COMMUNE_STEP, pgettext_lazy("evaluation level", "Commune")), *Level.choices]
STARS = [MinValueValidator(1), MaxValueValidator(5)]


class ProfileQuerySet(models.QuerySet):
    def in_force_on(self, day: datetime.date) -> ProfileQuerySet:
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)


class RegulationProfile(models.Model):
    """One rule set (bộ quy định) for evaluation and recognition, in force from ``valid_from`` to
    ``valid_to`` (inclusive; empty: still in force)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255, help_text=_("Short label shown beside each round."))
    regulation = models.ForeignKey(
        RegulationVersion,
        on_delete=models.PROTECT,
        related_name="profiles",
        verbose_name=_("criteria sets and star bands of"),
        help_text=_("The regulation version whose criteria sets, product groups and star bands apply."),
    )
    legal_basis = models.TextField(
        _("legal basis"),
        help_text=_("Cited after “Căn cứ” on decisions, e.g. “Quyết định số 148/QĐ-TTg ngày 24/02/2023 …”."),
    )
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    source_note = models.TextField(_("source of these rules"), blank=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        ordering = ["valid_from", "code"]
        verbose_name = _("regulation profile")
        verbose_name_plural = _("regulation profiles")

    def __str__(self):
        return self.name

    def clean(self):
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("A rule set cannot end before it starts.")})

    def is_in_force_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @classmethod
    def in_force_on(cls, day: datetime.date) -> RegulationProfile | None:
        """The rule set in force on ``day`` (the latest to start, when two overlap)."""
        return cls.objects.in_force_on(day).order_by("-valid_from", "-pk").first()

    @classmethod
    def for_regulation(cls, regulation, day: datetime.date | None = None) -> RegulationProfile | None:
        """The rule set of ``regulation``: the one in force on ``day`` if any, else the regulation's own
        (same code: the unamended text), else its first."""
        profiles = cls.objects.filter(regulation=regulation)
        if day is not None:
            found = profiles.in_force_on(day).order_by("-valid_from", "-pk").first()
            if found:
                return found
        return profiles.filter(code=regulation.code).first() or profiles.order_by("valid_from", "pk").first()

    @property
    def evaluating_levels(self) -> list[ProfileLevel]:
        return [row for row in self.levels.all() if row.level != COMMUNE_STEP]

    @property
    def has_commune_step(self) -> bool:
        """The one truth on the commune's step (``RegulationVersion.has_commune_step`` reads it)."""
        return any(row.level == COMMUNE_STEP for row in self.levels.all())

    def level_row(self, level: str) -> ProfileLevel | None:
        return next((row for row in self.levels.all() if row.level == level), None)


class ProfileLevel(models.Model):
    """One step of a rule set: the commune's assessment of the local criteria, or a level whose council
    evaluates — the stars it recognises, the score that forwards to the next level, who issues."""

    profile = models.ForeignKey(RegulationProfile, on_delete=models.CASCADE, related_name="levels")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    level = models.CharField(_("level"), max_length=20, choices=STEP_LEVELS)
    recognises_from = models.PositiveSmallIntegerField(
        _("recognises from (stars)"), null=True, blank=True, validators=STARS
    )
    recognises_to = models.PositiveSmallIntegerField(
        _("recognises up to (stars)"), null=True, blank=True, validators=STARS
    )
    forward_threshold = models.DecimalField(
        _("forwards from (score)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("Products scoring at least this go to the next level. Empty: nothing is forwarded."),
    )
    forwards_to = models.CharField(_("forwards to"), max_length=20, choices=Level.choices, blank=True)
    certifies_highest_when_above = models.BooleanField(
        _("recognises its highest rank above it"),
        default=False,
        help_text=_(
            "A product scoring above what this level recognises is recognised at the level's highest rank "
            "(and prepared for the next level), instead of being only forwarded."
        ),
    )
    unit_level = models.CharField(
        _("administrative level that runs it"),
        max_length=20,
        help_text=_(
            "Code of the administrative level whose authority runs this step (province, district, commune)."
        ),
    )
    issuer = models.CharField(
        _("recognition issued by"), max_length=150, blank=True, help_text=_("e.g. UBND tỉnh/thành phố")
    )
    description = models.CharField(_("what this step does"), max_length=500, blank=True)

    class Meta:
        ordering = ["profile", "order", "pk"]
        verbose_name = _("level of a regulation profile")
        verbose_name_plural = _("levels of a regulation profile")
        constraints = [models.UniqueConstraint(fields=["profile", "level"], name="unique_profile_level")]

    def __str__(self):
        return f"{self.profile} · {self.get_level_display()}"

    def clean(self):
        errors = {}
        if (self.recognises_from is None) != (self.recognises_to is None):
            errors["recognises_to"] = _("Give both ends of the recognised stars, or neither.")
        elif self.recognises_from and self.recognises_to < self.recognises_from:
            errors["recognises_to"] = _("The highest recognised rank is below the lowest.")
        if (self.forward_threshold is None) != (not self.forwards_to):
            errors["forwards_to"] = _(
                "A forwarding score needs the level it forwards to, and the other way round."
            )
        if self.forwards_to and self.forwards_to == self.level:
            errors["forwards_to"] = _("A level cannot forward to itself.")
        if self.level == COMMUNE_STEP and (self.recognises_from or self.forward_threshold is not None):
            errors["level"] = _(
                "The commune step assesses the local criteria: it neither recognises nor forwards."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def recognises(self) -> frozenset[int]:
        if self.recognises_from is None or self.recognises_to is None:
            return frozenset()
        return frozenset(range(self.recognises_from, self.recognises_to + 1))

    @property
    def recognises_label(self) -> str:
        stars = sorted(self.recognises)
        if not stars:
            return "—"
        return f"{stars[0]}★" if len(stars) == 1 else f"{stars[0]}★–{stars[-1]}★"
