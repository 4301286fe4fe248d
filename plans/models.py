"""Annual OCOP plans: the plan text, milestones, product list, step windows, targets, tasks,
training, funding, periodic reports and revenue figures.

State changes go through :mod:`plans.services`; these models hold data and row invariants.
"""

from __future__ import annotations

import datetime
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import AdministrativeUnit, Department
from producers.models import Producer
from products import workflows as product_workflows
from products.models import Product

from . import workflows


class WorkflowLog(models.Model):
    """One recorded transition of a plan, task or periodic report: who, when, why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    name = models.CharField(max_length=40)
    from_state = models.CharField(max_length=30, blank=True)
    to_state = models.CharField(max_length=30)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("workflow log entry")
        verbose_name_plural = _("workflow log")

    def __str__(self):
        return f"{self.name}: {self.from_state} → {self.to_state}"


# =============================================================================================
# The plan
# =============================================================================================
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
    def status_label(self):
        return workflows.PLAN.states.get(self.status, self.status)

    @property
    def year_start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def year_end(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)

    def districts(self):
        """Districts of the plan's province that exist during the plan year."""
        return (
            AdministrativeUnit.objects.districts()
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


class Milestone(models.Model):
    """A dated deadline of the plan (never a constant in code)."""

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
    due_date = models.DateField(_("due date"))
    batch_number = models.PositiveSmallIntegerField(_("batch number"), null=True, blank=True)
    quota_percent = models.PositiveSmallIntegerField(
        _("quota (% of registered products)"), null=True, blank=True, help_text=_("For dossier batches")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(
                condition=Q(quota_percent__isnull=True) | Q(quota_percent__lte=100),
                name="milestone_quota_at_most_100",
            )
        ]

    def __str__(self):
        return f"{self.label} ({self.due_date:%d/%m/%Y})"

    def clean(self):
        if self.kind != self.Kind.DOSSIER_BATCH and (self.quota_percent or self.batch_number):
            raise ValidationError(_("Only dossier batches have a batch number and a quota."))

    def days_left(self, today: datetime.date | None = None) -> int:
        return (self.due_date - (today or timezone.localdate())).days


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


# =============================================================================================
# Targets
# =============================================================================================
class Target(models.Model):
    """A target of the plan; its kind knows how to measure itself (see plans/targets.py)."""

    class Kind(models.TextChoices):
        SHARE_3STAR = "share_3star", _("Share of plan products reaching 3★ or more")
        NEW_4STAR = "new_4star", _("New 4★ products in the year")
        SUPPORTED_PRODUCTS = "supported_products", _("Recognised products supported (upgrade/re-rating)")
        ECONOMIC_ORGS = "economic_orgs", _("Economic organisations founded or consolidated")
        SALES_POINT_DISTRICTS = "sales_point_districts", _("Districts with at least one OCOP sales point")
        FAIRS_HELD = "fairs_held", _("OCOP fairs held")
        TRAINING_STAFF = "training_staff", _("District/commune OCOP staff trained")
        TRAINING_PRODUCERS = "training_producers", _("New producers of the year trained")
        REVENUE_GROWTH = "revenue_growth", _("Revenue growth one year after recognition")
        MANUAL = "manual", _("Free-form (updated by hand)")

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="targets")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.MANUAL)
    label = models.CharField(_("label"), max_length=300)
    goal_value = models.DecimalField(_("goal"), max_digits=14, decimal_places=2)
    goal_max = models.DecimalField(
        _("goal (upper bound)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text="%, sản phẩm, huyện, lần…")
    scope = models.CharField(
        _("scope"),
        max_length=30,
        blank=True,
        help_text=_("Optional refinement of the kind, e.g. fairs: in_province / out_of_province"),
    )
    manual_value = models.DecimalField(
        _("value entered by hand"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    manual_note = models.CharField(_("note on the value"), max_length=255, blank=True)
    manual_updated_at = models.DateTimeField(null=True, blank=True)
    manual_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.CheckConstraint(
                condition=Q(goal_max__isnull=True) | Q(goal_max__gte=models.F("goal_value")),
                name="target_goal_range_ordered",
            )
        ]

    def __str__(self):
        return self.label

    def clean(self):
        if self.goal_max is not None and self.goal_value is not None and self.goal_max < self.goal_value:
            raise ValidationError({"goal_max": _("The upper bound is below the goal.")})

    def measure(self):
        from .targets import measure

        return measure(self)

    @property
    def goal_display(self) -> str:
        def fmt(v):
            return f"{v.normalize():f}" if v is not None else ""

        text = fmt(self.goal_value)
        if self.goal_max is not None:
            text += f"–{fmt(self.goal_max)}"
        return f"{text} {self.unit}".strip()


# =============================================================================================
# Department tasks
# =============================================================================================
class LeadGroup(models.TextChoices):
    """A lead that is not one department but every unit of a level."""

    NONE = "", _("—")
    DISTRICTS = "districts", _("All districts, towns and cities")
    COMMUNES = "communes", _("All communes, wards and townships")


GROUP_HEADINGS = {
    LeadGroup.DISTRICTS: "Ủy ban nhân dân các huyện, thị xã, thành phố",
    LeadGroup.COMMUNES: "Ủy ban nhân dân các xã, phường, thị trấn",
}


class Recurrence(models.TextChoices):
    NONE = "none", _("Once")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")


def _lead_check(prefix=""):
    dept = f"{prefix}lead_department__isnull"
    return Q(**{dept: False}, lead_group="") | Q(**{dept: True}, lead_group__in=["districts", "communes"])


class DutyTemplate(models.Model):
    """A standard duty of a unit, from the plans' “Tổ chức thực hiện”; instantiated as tasks."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    lead_department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duty_templates",
        verbose_name=_("lead department"),
    )
    lead_group = models.CharField(_("lead localities"), max_length=20, choices=LeadGroup.choices, blank=True)
    cooperating = models.ManyToManyField(
        Department,
        blank=True,
        related_name="cooperating_duty_templates",
        verbose_name=_("cooperating departments"),
    )
    section_heading = models.CharField(
        _("heading in “Tổ chức thực hiện”"),
        max_length=255,
        blank=True,
        help_text=_("Leave empty to use the lead unit's name"),
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("duty text"))
    recurrence = models.CharField(
        _("recurrence"), max_length=20, choices=Recurrence.choices, default=Recurrence.NONE
    )
    due_month = models.PositiveSmallIntegerField(_("due month"), null=True, blank=True)
    due_day = models.PositiveSmallIntegerField(_("due day"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=120, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("duty template")
        verbose_name_plural = _("duty templates")
        constraints = [models.CheckConstraint(condition=_lead_check(), name="duty_template_one_lead")]

    def __str__(self):
        return f"{self.lead_name}: {self.title}"

    @property
    def lead_name(self) -> str:
        if self.lead_department_id:
            return str(self.lead_department)
        return str(LeadGroup(self.lead_group).label) if self.lead_group else ""

    @staticmethod
    def fill(text: str, year: int) -> str:
        return (text or "").replace("{next_year}", str(year + 1)).replace("{year}", str(year))

    def title_for(self, year: int) -> str:
        return self.fill(self.title, year)

    def text_for(self, year: int) -> str:
        return self.fill(self.text, year)

    def due_date_for(self, year: int) -> datetime.date | None:
        if not self.due_month:
            return None
        day = self.due_day or 28
        for d in (day, 30, 29, 28):
            try:
                return datetime.date(year, self.due_month, d)
            except ValueError:
                continue
        return None

    def clean(self):
        if bool(self.lead_department_id) == bool(self.lead_group):
            raise ValidationError(_("Choose either a lead department or a group of localities."))


class TaskQuerySet(models.QuerySet):
    def overdue(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(due_date__lt=today).exclude(status=workflows.DONE)

    def for_department(self, department):
        return self.filter(Q(lead_department=department) | Q(cooperating=department)).distinct()

    def roots(self):
        return self.filter(previous__isnull=True)


class Task(models.Model):
    """A duty assigned to a unit by the plan, with progress reports."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="tasks")
    lead_department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lead_tasks",
        verbose_name=_("lead department"),
    )
    lead_group = models.CharField(_("lead localities"), max_length=20, choices=LeadGroup.choices, blank=True)
    cooperating = models.ManyToManyField(
        Department, blank=True, related_name="cooperating_tasks", verbose_name=_("cooperating departments")
    )
    section_heading = models.CharField(_("heading in “Tổ chức thực hiện”"), max_length=255, blank=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    recurrence = models.CharField(
        _("recurrence"), max_length=20, choices=Recurrence.choices, default=Recurrence.NONE
    )
    status = models.CharField(
        _("status"), max_length=20, choices=workflows.TASK.choices, default=workflows.OPEN, db_index=True
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_occurrences",
        verbose_name=_("previous occurrence"),
    )
    template = models.ForeignKey(
        DutyTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TaskQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "due_date", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [models.CheckConstraint(condition=_lead_check(), name="task_one_lead")]
        indexes = [models.Index(fields=["plan", "status", "due_date"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plans:task_detail", args=[self.pk])

    def clean(self):
        if bool(self.lead_department_id) == bool(self.lead_group):
            raise ValidationError(_("Choose either a lead department or a group of localities."))

    @property
    def lead_name(self) -> str:
        if self.lead_department_id:
            return str(self.lead_department)
        return str(LeadGroup(self.lead_group).label) if self.lead_group else ""

    @property
    def heading(self) -> str:
        if self.section_heading:
            return self.section_heading
        if self.lead_department_id:
            return self.lead_department.name
        return GROUP_HEADINGS.get(self.lead_group, "")

    @property
    def status_label(self):
        return workflows.TASK.states.get(self.status, self.status)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return bool(self.due_date and self.due_date < today and self.status != workflows.DONE)

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    def next_due_date(self) -> datetime.date | None:
        from dateutil.relativedelta import relativedelta

        if not self.due_date or self.recurrence == Recurrence.NONE:
            return None
        step = relativedelta(months=3) if self.recurrence == Recurrence.QUARTERLY else relativedelta(years=1)
        nxt = self.due_date + step
        # Keep quarter ends on the last day of the month (31/03 → 30/06 → 30/09 → 31/12).
        if self.recurrence == Recurrence.QUARTERLY and (self.due_date + datetime.timedelta(days=1)).day == 1:
            nxt = (nxt.replace(day=1) + relativedelta(months=1)) - datetime.timedelta(days=1)
        return nxt


def progress_attachment_path(instance, filename):
    suffix = Path(filename).suffix.lower()[:8]
    return f"plans/progress/{instance.report.task_id}/{uuid.uuid4().hex}{suffix}"


class ProgressReport(models.Model):
    """A progress report on a task by one of its units."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reporting department"),
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reporting locality"),
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("progress"))
    percent = models.PositiveSmallIntegerField(_("percent done"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [models.CheckConstraint(condition=Q(percent__lte=100), name="progress_percent_max_100")]

    def __str__(self):
        return f"{self.task}: {self.percent}% ({self.date:%d/%m/%Y})"

    @property
    def reporter_name(self) -> str:
        return str(self.department or self.unit or "")


class ProgressAttachment(models.Model):
    """Evidence attached to a progress report; stored under MEDIA_ROOT, served by an access-checked view."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=progress_attachment_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    content_type = models.CharField(max_length=100)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("plans:attachment", args=[self.pk])


# =============================================================================================
# Training
# =============================================================================================
class TrainingSession(models.Model):
    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="training_sessions")
    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organised by (locality)"),
        help_text=_("The province for provincial courses, a district for its own"),
    )
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=300)
    trainer = models.CharField(_("trainer"), max_length=200, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")

    def __str__(self):
        return f"{self.topic} ({self.date:%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("plans:training_detail", args=[self.pk])


class TrainingAttendance(models.Model):
    """One attendee: a staff user (with their unit) or a producer."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="trainings"
    )
    producer = models.ForeignKey(
        Producer, null=True, blank=True, on_delete=models.CASCADE, related_name="trainings"
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("attendee's unit"),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, producer__isnull=True)
                | Q(user__isnull=True, producer__isnull=False),
                name="attendance_user_or_producer",
            ),
            models.UniqueConstraint(fields=["session", "user"], name="unique_attendance_user"),
            models.UniqueConstraint(fields=["session", "producer"], name="unique_attendance_producer"),
        ]

    def __str__(self):
        return str(self.user or self.producer)


# =============================================================================================
# Funding
# =============================================================================================
class FundingSource(models.TextChoices):
    PROVINCIAL = "provincial", _("Provincial budget (decision)")
    NTM_CENTRAL = "ntm_central", _("NTM central budget")
    OTHER = "other", _("Other")


class Allocation(models.Model):
    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="allocations")
    locality = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("locality")
    )
    source = models.CharField(_("source"), max_length=20, choices=FundingSource.choices)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    decision_reference = models.CharField(
        _("decision"), max_length=120, blank=True, help_text="3371/QĐ-UBND ngày 09/12/2022"
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["locality__path", "source", "pk"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")

    def __str__(self):
        return f"{self.locality} · {self.get_source_display()} · {self.amount:,} ₫"


class Disbursement(models.Model):
    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="disbursements")
    allocation = models.ForeignKey(
        Allocation, null=True, blank=True, on_delete=models.PROTECT, related_name="disbursements"
    )
    locality = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("locality")
    )
    source = models.CharField(_("source"), max_length=20, choices=FundingSource.choices)
    date = models.DateField(_("date"))
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="disbursement_positive")]

    def __str__(self):
        return f"{self.locality} · {self.date:%d/%m/%Y} · {self.amount:,} ₫"


# =============================================================================================
# Periodic reports and revenue figures
# =============================================================================================
class Period(models.TextChoices):
    Q1 = "Q1", _("Quarter 1")
    Q2 = "Q2", _("Quarter 2")
    Q3 = "Q3", _("Quarter 3")
    Q4 = "Q4", _("Quarter 4")
    ANNUAL = "annual", _("Annual")


def period_bounds(year: int, period: str) -> tuple[datetime.date, datetime.date]:
    if period == Period.ANNUAL:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    q = int(period[1])
    start = datetime.date(year, 3 * q - 2, 1)
    end_month = 3 * q
    end = (datetime.date(year + (end_month == 12), end_month % 12 + 1, 1)) - datetime.timedelta(days=1)
    return start, end


class PeriodicReport(models.Model):
    """A district's quarterly or annual report to DARD: figures from the portal plus narrative."""

    district = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="ocop_reports",
        verbose_name=_("district"),
        limit_choices_to={"level__code": "district"},
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=10, choices=Period.choices)
    narrative = models.TextField(_("narrative"), blank=True)
    difficulties = models.TextField(_("difficulties and proposals"), blank=True)
    figures = models.JSONField(_("figures at submission"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=workflows.REPORT.choices, default=workflows.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "period", "district__code"]
        verbose_name = _("periodic report")
        verbose_name_plural = _("periodic reports")
        constraints = [
            models.UniqueConstraint(fields=["district", "year", "period"], name="unique_periodic_report")
        ]

    def __str__(self):
        return f"{self.district} · {self.get_period_display()} {self.year}"

    def get_absolute_url(self):
        return reverse("plans:report_detail", args=[self.pk])

    @property
    def status_label(self):
        return workflows.REPORT.states.get(self.status, self.status)

    @property
    def bounds(self):
        return period_bounds(self.year, self.period)


class RevenueReport(models.Model):
    """Revenue and profit a producer reports for a year (whole producer, or one product)."""

    producer = models.ForeignKey(
        Producer, on_delete=models.CASCADE, related_name="revenue_reports", verbose_name=_("producer")
    )
    product = models.ForeignKey(
        Product,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="revenue_reports",
        verbose_name=_("product"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    revenue = models.PositiveBigIntegerField(_("revenue (VND)"))
    profit = models.BigIntegerField(_("profit (VND)"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "producer__name"]
        verbose_name = _("revenue report")
        verbose_name_plural = _("revenue reports")
        constraints = [
            models.UniqueConstraint(
                fields=["producer", "product", "year"],
                name="unique_revenue_product_year",
                condition=Q(product__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["producer", "year"],
                name="unique_revenue_producer_year",
                condition=Q(product__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.product or self.producer} {self.year}: {self.revenue:,} ₫"

    def clean(self):
        if self.product_id and self.producer_id and self.product.producer_id != self.producer_id:
            raise ValidationError({"product": _("This product belongs to another producer.")})
