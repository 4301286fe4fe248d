"""The plan itself: its text, legal bases, milestones, step windows, product list, versions and
amendments."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import AdministrativeUnit
from dossiers.models import SubmissionBatch
from products import workflows as product_workflows
from products.models import Product

from .. import workflows


class AnnualPlanQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=workflows.PUBLISHED)

    def for_year(self, year: int):
        return self.filter(year=year)


class AnnualPlan(models.Model):
    """Kế hoạch triển khai Chương trình OCOP năm N of one province."""

    province = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="ocop_plans",
        verbose_name=_("province"),
        limit_choices_to={"level__code": "province"},
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.CharField(_("number and symbol"), max_length=60, blank=True, help_text="65/KH-UBND")
    date = models.DateField(_("date"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    purposes = models.TextField(_("purposes and requirements"), blank=True)
    general_objectives = models.TextField(_("general objectives"), blank=True)
    specific_objectives = models.TextField(_("specific objectives"), blank=True)
    contents = models.TextField(_("contents"), blank=True)
    funding = models.TextField(_("funding sources"), blank=True)
    implementation_intro = models.TextField(
        _("introduction to the implementation section"),
        blank=True,
        help_text=_("Opening paragraph of “Tổ chức thực hiện”; the duties follow from the tasks."),
    )
    recipients = models.TextField(_("recipients (Nơi nhận)"), blank=True, help_text=_("One per line"))
    signer_name = models.CharField(_("signer"), max_length=150, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=workflows.PLAN.choices, default=workflows.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AnnualPlanQuerySet.as_manager()

    # Fields an amendment compares (the plan's own text).
    TEXT_FIELDS = (
        "number",
        "date",
        "title",
        "purposes",
        "general_objectives",
        "specific_objectives",
        "contents",
        "funding",
        "implementation_intro",
        "recipients",
        "signer_name",
        "signer_title",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "province"]
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        constraints = [models.UniqueConstraint(fields=["province", "year"], name="unique_plan_per_year")]

    def __str__(self):
        return self.title or f"OCOP {self.year}"

    def get_absolute_url(self):
        return reverse("plans:detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == workflows.PUBLISHED

    @property
    def issuing_unit(self) -> AdministrativeUnit:
        """The unit whose People's Committee issues the plan: the province, or the unit that held its
        territory on the plan's date (a Quảng Nam plan of 2026 is Thành phố Đà Nẵng's)."""
        from accounts.successions import today_unit

        return today_unit(self.province, self.date or self.year_start) or self.province

    @property
    def status_label(self):
        return workflows.PLAN.states.get(self.status, self.status)

    @property
    def year_start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def year_end(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)

    def districts(self):
        """The local units of the plan's province that exist during the plan year.

        The level directly under the province, read from the tree: districts in a three-tier province
        (Quảng Nam 2022–2023), communes and wards in a two-tier one (Đà Nẵng since 1 July 2025).
        """
        return (
            AdministrativeUnit.objects.local()
            .filter(parent=self.province)
            .valid_on(datetime.date(self.year, 12, 31))
            .order_by("code")
        )


class LegalBasis(models.Model):
    """A document the plan cites (Căn cứ ...)."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="legal_bases")
    kind = models.CharField(
        _("document type"), max_length=60, blank=True, help_text="Quyết định, Nghị quyết…"
    )
    reference = models.CharField(_("number"), max_length=60, help_text="919/QĐ-TTg")
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")

    def __str__(self):
        date = f" ngày {self.issued_on:%d/%m/%Y}" if self.issued_on else ""
        return f"{self.kind} số {self.reference}{date}".strip()

    def citation(self) -> str:
        text = str(self)
        if self.issuer:
            text += f" của {self.issuer}"
        if self.summary:
            text += f" {self.summary}"
        return text


class MilestoneQuerySet(models.QuerySet):
    def with_deadline(self):
        """Annotate ``deadline_on``: the milestone's date wherever it is stored (its batch's deadline
        for a milestone bound to a call's batch, its own date otherwise), for filtering and ordering."""
        return self.annotate(deadline_on=Coalesce("batch__deadline", "due_date"))

    def dossier_batches(self):
        return self.filter(kind=Milestone.Kind.DOSSIER_BATCH)


class MilestoneManager(models.Manager.from_queryset(MilestoneQuerySet)):
    def get_queryset(self):
        # A bound milestone reads its date from its batch: always fetch the batch with it.
        return super().get_queryset().select_related("batch")


class Milestone(models.Model):
    """A dated deadline of the plan (never a constant in code).

    Every date is stored once. A dossier-batch milestone of a published plan is *bound* to the batch
    of the province's call of the plan's year (``batch``): the batch holds the deadline, batch number
    and quota, and the milestone holds only its label (its own ``due_date``, ``batch_number`` and
    ``quota_percent`` are empty — a constraint says so). Read the date through :attr:`deadline`,
    filter and order through ``Milestone.objects.with_deadline()`` (``deadline_on``). Editing the
    milestone edits the batch (``plans.services.save_section``); the call's back office shows the
    bound batch read-only (``dossiers.batches``).
    """

    class Kind(models.TextChoices):
        IDEA_REGISTRATION = "idea_registration", _("Idea registration")
        PLAN_REGISTRATION = "plan_registration", _("Plan registration to DARD")
        DOSSIER_BATCH = "dossier_batch", _("Dossier batch to the province")
        DISTRICT_EVALUATION = "district_evaluation", _("District evaluation")
        PROVINCE_EVALUATION = "province_evaluation", _("Provincial evaluation")
        OTHER = "other", _("Other")

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    label = models.CharField(_("label"), max_length=255)
    due_date = models.DateField(
        _("due date"), null=True, blank=True, help_text=_("For a bound dossier batch: the batch's deadline.")
    )
    batch_number = models.PositiveSmallIntegerField(_("batch number"), null=True, blank=True)
    quota_percent = models.PositiveSmallIntegerField(
        _("quota (% of registered products)"), null=True, blank=True, help_text=_("For dossier batches")
    )
    batch = models.OneToOneField(
        SubmissionBatch,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_milestone",
        verbose_name=_("batch of the call"),
    )

    objects = MilestoneManager()

    history = HistoricalRecords()

    class Meta:
        ordering = [Coalesce("batch__deadline", "due_date").asc(), "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(
                condition=Q(quota_percent__isnull=True) | Q(quota_percent__lte=100),
                name="milestone_quota_at_most_100",
            ),
            # One place per date: its own, or (bound to a call's batch) the batch's.
            models.CheckConstraint(
                condition=Q(batch__isnull=True, due_date__isnull=False)
                | Q(
                    batch__isnull=False,
                    kind="dossier_batch",
                    due_date__isnull=True,
                    batch_number__isnull=True,
                    quota_percent__isnull=True,
                ),
                name="milestone_date_stored_once",
            ),
        ]

    def __str__(self):
        deadline = self.deadline
        return f"{self.label} ({deadline:%d/%m/%Y})" if deadline else self.label

    def clean(self):
        if self.kind != self.Kind.DOSSIER_BATCH and (self.quota_percent or self.batch_number):
            raise ValidationError(_("Only dossier batches have a batch number and a quota."))

    @property
    def is_bound(self) -> bool:
        return self.batch_id is not None

    @property
    def deadline(self) -> datetime.date | None:
        """The milestone's date: its batch's deadline when bound, its own otherwise."""
        return self.batch.deadline if self.batch_id else self.due_date

    @property
    def number(self) -> int | None:
        """The batch number (of the bound batch, or the milestone's own)."""
        return self.batch.number if self.batch_id else self.batch_number

    @property
    def quota(self) -> int | None:
        """The quota in % of registered products (of the bound batch, or the milestone's own)."""
        return self.batch.quota_percent if self.batch_id else self.quota_percent

    def days_left(self, today: datetime.date | None = None) -> int:
        return (self.deadline - (today or timezone.localdate())).days


class StepWindow(models.Model):
    """The window of one step of the six-step cycle in this plan (prefilled from the milestones)."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="step_windows")
    step = models.PositiveSmallIntegerField(_("step"), choices=list(product_workflows.CYCLE_STEPS.items()))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["step"]
        verbose_name = _("step window")
        verbose_name_plural = _("step windows")
        constraints = [
            models.UniqueConstraint(fields=["plan", "step"], name="unique_step_window"),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="step_window_ordered"),
        ]

    def __str__(self):
        return f"{self.step}. {self.label}: {self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"

    @property
    def label(self):
        return product_workflows.CYCLE_STEPS.get(self.step, self.step)

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError(_("The window ends before it starts."))


class PlanProduct(models.Model):
    """A product on the plan's list, new or upgrade/re-rating. Its district is its commune's."""

    class Kind(models.TextChoices):
        NEW = "new", _("New")
        UPGRADE = "upgrade", _("Upgrade / re-rating")

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="plan_products")
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="plan_entries", verbose_name=_("product")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NEW)
    note = models.CharField(_("note"), max_length=255, blank=True)
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["product__commune__path", "product__name"]
        verbose_name = _("plan product")
        verbose_name_plural = _("plan products")
        constraints = [models.UniqueConstraint(fields=["plan", "product"], name="unique_plan_product")]

    def __str__(self):
        return f"{self.product} ({self.get_kind_display()})"

    @property
    def district(self):
        return self.product.district

    @property
    def step(self) -> int:
        return self.product.cycle_step


class PlanVersion(models.Model):
    """A frozen snapshot of a published plan (version 1 at publication, +1 per amendment)."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("snapshot"))
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="unique_plan_version")]

    def __str__(self):
        return f"{self.plan} v{self.number}"


class Amendment(models.Model):
    """A change to a published plan: who, when, what changed, why. Bumps the version."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="amendments")
    version = models.PositiveIntegerField(_("resulting version"))
    section = models.CharField(_("section"), max_length=40)
    changes = models.JSONField(_("changes"), default=list)
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")

    def __str__(self):
        return f"{self.plan} v{self.version}: {self.section}"
