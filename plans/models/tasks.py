"""Department tasks: the duty library (templates), tasks with recurrence, progress reports and their
evidence."""

from __future__ import annotations

import datetime
import uuid
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import AdministrativeUnit, Department
from ocop_portal.uploads.fields import PolicyFileField

from .. import workflows
from .plan import AnnualPlan


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

    def with_progress(self, reports=None):
        """Annotate the latest progress report's ``reported_percent`` and ``reported_on`` (None
        without a report), among ``reports`` (a ProgressReport queryset: the ones the viewer may
        see; all by default) — the report :meth:`Task.latest_report_in` returns."""
        reports = ProgressReport.objects.all() if reports is None else reports
        latest = reports.filter(task=OuterRef("pk")).order_by(*ProgressReport.LATEST_FIRST)
        return self.annotate(
            reported_percent=Subquery(latest.values("percent")[:1]),
            reported_on=Subquery(latest.values("date")[:1]),
            reported_id=Subquery(latest.values("pk")[:1]),
        )

    def latest_reported(self):
        """Tasks with a report, the most recently reported first (after :meth:`with_progress`)."""
        return self.filter(reported_id__isnull=False).order_by("-reported_on", "-reported_id")


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

    def latest_report_in(self, reports):
        """The task's latest progress report among ``reports`` (by report date, then entry)."""
        return reports.filter(task=self).order_by(*ProgressReport.LATEST_FIRST).first()

    def next_due_date(self) -> datetime.date | None:
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

    LATEST_FIRST = ("-date", "-pk")

    class Meta:
        ordering = ["-date", "-pk"]  # = LATEST_FIRST
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
    file = PolicyFileField(
        _("file"), upload_to=progress_attachment_path, max_length=255, profile="attachment"
    )
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
