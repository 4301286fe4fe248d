"""Evaluation rounds, their councils, assigned products, conflicts and score sheets."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import AdministrativeUnit, Department
from ocop_portal.workflow import TransitionLog
from products.models import Level, Product, RegulationVersion

from ..workflows import ROUND
from .criteria import CriteriaSet, Criterion, CriterionOption
from .profiles import RegulationProfile


def round_date(year: int, meeting_date=None, today=None):
    """The day a round's rule set is chosen for: its meeting date, else today for this year's round,
    else the last day of a past year (a round recorded afterwards) or the first day of a future one."""
    if meeting_date:
        return meeting_date
    today = today or timezone.localdate()
    if year == today.year:
        return today
    return datetime.date(year, 12, 31) if year < today.year else datetime.date(year, 1, 1)


class Round(models.Model):
    """An evaluation round (đợt đánh giá) of one level, one year, one regulation version."""

    class Status(models.TextChoices):
        SETUP = "setup", _("Setting up")
        SCORING = "scoring", _("Scoring open")
        CLOSED = "closed", _("Scoring closed")
        DECIDED = "decided", _("Decision issued")

    name = models.CharField(_("name"), max_length=255)
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    regulation = models.ForeignKey(
        RegulationVersion, on_delete=models.PROTECT, verbose_name=_("regulation version")
    )
    # The rule set the round follows (its levels, what each recognises, forwarding); its criteria
    # sets are those of ``regulation`` (= profile.regulation).
    profile = models.ForeignKey(
        RegulationProfile, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("rule set")
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="rounds",
        verbose_name=_("evaluating authority"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SETUP, db_index=True
    )
    meeting_date = models.DateField(_("council meeting date"), null=True, blank=True)
    scoring_closes_on = models.DateField(_("scoring closes on"), null=True, blank=True)
    quorum = models.PositiveSmallIntegerField(_("quorum (submitted sheets)"), default=3)
    previous_level_round = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_level_rounds",
        verbose_name=_("forwarded from round"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "level", "name"]
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("evaluation:round_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        if self.profile_id is None and self.regulation_id is not None:
            # a round written without its rule set (older code, fixtures): the regulation's own
            self.profile = RegulationProfile.for_regulation(self.regulation)
        super().save(*args, **kwargs)

    @property
    def rule(self):
        from ..rules import rule_for

        return rule_for(self.profile, self.level)

    @property
    def scores_visible_to_all(self) -> bool:
        return self.status in (self.Status.CLOSED, self.Status.DECIDED)


class RoundTransition(TransitionLog):
    """One recorded move of a round: who, when, why."""

    subject_field = "round"
    workflow = ROUND

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="transitions")

    class Meta(TransitionLog.Meta):
        verbose_name = _("round transition")
        verbose_name_plural = _("round transitions")


class CouncilMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice chair")
        SECRETARY = "secretary", _("Secretary")
        MEMBER = "member", _("Member")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="council_seats")
    role = models.CharField(_("council role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("representing")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "role", "user__last_name"]
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="unique_council_member")]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"


class RoundProduct(models.Model):
    """A product assigned to a round, with its sheet and computed result."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        RECOGNISE = "recognise", _("To be recognised")
        FORWARD = "forward", _("Forwarded to the next level")
        NOT_REACHED = "not_reached", _("Not reached at this level")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="entries")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="round_entries")
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, verbose_name=_("score sheet"))
    is_rerating = models.BooleanField(_("re-rating"), default=False)
    forwarded_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="forwarded_to"
    )
    average = models.DecimalField(_("average score"), max_digits=5, decimal_places=2, null=True, blank=True)
    submitted_count = models.PositiveSmallIntegerField(default=0)
    stars = models.PositiveSmallIntegerField(_("computed stars"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    recognisable_stars = models.PositiveSmallIntegerField(null=True, blank=True)
    # A product enters a round with its evidence dossier of the round's year (submitted or accepted),
    # or as an explicitly marked historical record (scored on paper, before the portal held dossiers).
    is_historical = models.BooleanField(_("historical record (no dossier in the portal)"), default=False)
    historical_note = models.CharField(_("historical record: source"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "product__name"]
        verbose_name = _("product in round")
        verbose_name_plural = _("products in round")
        constraints = [models.UniqueConstraint(fields=["round", "product"], name="unique_round_product")]

    def __str__(self):
        return f"{self.product} @ {self.round}"

    @property
    def dossier_year(self) -> int:
        """The year of the dossier this entry is scored on (a forwarded product keeps the lower round's)."""
        return self.forwarded_from.round.year if self.forwarded_from_id else self.round.year


class ConflictDeclaration(models.Model):
    entry = models.ForeignKey(RoundProduct, on_delete=models.CASCADE, related_name="conflicts")
    member = models.ForeignKey(CouncilMember, on_delete=models.CASCADE, related_name="conflicts")
    reason = models.TextField(_("reason"))
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "member"], name="unique_conflict")]


class ScoreSheet(models.Model):
    """One member's score sheet for one product. Totals computed from the answers, never typed.

    A submitted sheet is locked: it changes only through an explicit revision (services.revise_scores),
    which keeps the replaced version as a :class:`ScoreSheetRevision`. ``version`` counts the saves; a
    form carries the version it was opened at, and a save from an older version is refused.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    entry = models.ForeignKey(RoundProduct, on_delete=models.CASCADE, related_name="sheets")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="sheets")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    part_a = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(0))
    part_b = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(0))
    part_c = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(0))
    total = models.DecimalField(_("total"), max_digits=5, decimal_places=2, default=Decimal(0))
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        constraints = [
            models.UniqueConstraint(fields=["entry", "member"], name="unique_sheet_per_member"),
            models.CheckConstraint(
                condition=models.Q(total__gte=0, total__lte=100), name="sheet_total_0_100"
            ),
        ]

    def __str__(self):
        return f"{self.entry.product} — {self.member.user}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class ScoreSheetRevision(models.Model):
    """A submitted version of a score sheet that its member replaced by an explicit revision."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField(_("revision number"))
    part_a = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(0))
    part_b = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(0))
    part_c = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(0))
    total = models.DecimalField(_("earlier total"), max_digits=5, decimal_places=2)
    comment = models.TextField(_("earlier comment"), blank=True)
    # [{"criterion": id, "code": "A1", "option": id, "points": "2.00"}, …]; empty when reconstructed
    # from the change history of a sheet replaced before sheets were locked.
    answers = models.JSONField(_("earlier answers"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("earlier version submitted at"), null=True, blank=True)
    revised_at = models.DateTimeField(_("revised at"), default=timezone.now)
    revised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reason for the revision"))

    class Meta:
        ordering = ["sheet", "number"]
        verbose_name = _("score sheet revision")
        verbose_name_plural = _("score sheet revisions")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "number"], name="unique_sheet_revision_number")
        ]

    def __str__(self):
        return f"{self.sheet} — {self.number}"


class ScoreAnswer(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT)
    option = models.ForeignKey(CriterionOption, on_delete=models.PROTECT)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="unique_answer_per_criterion")
        ]
