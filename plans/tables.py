"""List tables (django-tables2)."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.levels import LOCAL_UNIT
from products import workflows as product_workflows

from .models import (
    AnnualPlan,
    DutyTemplate,
    PeriodicReport,
    PlanProduct,
    RevenueReport,
    Task,
    TrainingSession,
)

DATE_FORMAT = "d/m/Y"


class VNDColumn(tables.Column):
    attrs = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}

    def render(self, value):
        return f"{value:,}".replace(",", ".") if value is not None else "—"


class PlanTable(tables.Table):
    title = tables.Column(verbose_name=_("Plan"), linkify=True)
    number = tables.Column(verbose_name=_("Number"))
    date = tables.DateColumn(DATE_FORMAT, verbose_name=_("Date"))
    status = tables.Column(verbose_name=_("Status"))
    version = tables.Column(verbose_name=_("Version"))

    class Meta:
        model = AnnualPlan
        fields = ["year", "title", "number", "date", "status", "version"]
        order_by = ["-year"]

    def render_status(self, record):
        css = "success" if record.is_published else "secondary"
        return format_html('<span class="badge text-bg-{}">{}</span>', css, record.status_label)


class TaskTable(tables.Table):
    title = tables.Column(verbose_name=_("Task"), linkify=True)
    plan = tables.Column(verbose_name=_("Plan"), accessor="plan__year")
    lead = tables.Column(verbose_name=_("Lead"), accessor="lead_department", orderable=False, empty_values=())
    due_date = tables.DateColumn(DATE_FORMAT, verbose_name=_("Due"))
    recurrence = tables.Column(verbose_name=_("Recurrence"))
    status = tables.Column(verbose_name=_("Status"))
    progress = tables.Column(
        verbose_name=_("Reported progress"), accessor="reported_percent", empty_values=(), orderable=False
    )

    class Meta:
        model = Task
        fields = ["plan", "lead", "title", "due_date", "recurrence", "status", "progress"]
        row_attrs = {"class": lambda record: "table-danger" if record.overdue else ""}

    def render_lead(self, record):
        return record.lead_name

    def render_progress(self, record):
        """The latest report's percent (``TaskQuerySet.with_progress``), with its date."""
        percent = getattr(record, "reported_percent", None)
        if percent is None:
            return "—"
        return format_html(
            '<span class="text-nowrap" data-percent="{}">{} %</span> <span class="small text-muted">{}</span>',
            percent,
            percent,
            record.reported_on.strftime("%d/%m/%Y"),
        )

    def render_status(self, record):
        badge = format_html(
            '<span class="badge text-bg-{}">{}</span>', _status_css(record.status), record.status_label
        )
        if record.overdue:
            badge += format_html(' <span class="badge text-bg-danger">{}</span>', _("overdue"))
        return badge


def _status_css(status):
    return {"open": "secondary", "in_progress": "primary", "done": "success"}.get(status, "secondary")


class PlanProductTable(tables.Table):
    product = tables.Column(verbose_name=_("Product"), accessor="product__name")
    producer = tables.Column(verbose_name=_("Producer"), accessor="product__producer__name")
    district = tables.Column(verbose_name=LOCAL_UNIT, accessor="product__commune__local_unit__name")
    commune = tables.Column(verbose_name=_("Commune"), accessor="product__commune__name")
    kind = tables.Column(verbose_name=_("Kind"))
    step = tables.Column(verbose_name=_("Step"), accessor="product__state", orderable=False, empty_values=())
    state = tables.Column(verbose_name=_("State"), accessor="product__state")
    stars = tables.Column(verbose_name=_("Stars"), accessor="product__stars")
    actions = tables.TemplateColumn(
        template_name="plans/includes/plan_product_actions.html", verbose_name="", orderable=False
    )

    class Meta:
        model = PlanProduct
        fields = ["product", "producer", "district", "commune", "kind", "step", "state", "stars"]

    def render_step(self, record):
        # From the product's lifecycle state itself (the column's value is the state's label).
        step = record.step
        return f"{step}. {product_workflows.CYCLE_STEPS[step]}"

    def render_state(self, value):
        return product_workflows.LIFECYCLE.states.get(value, value)

    def render_stars(self, value):
        return "★" * value if value else "—"


class TrainingTable(tables.Table):
    date = tables.DateColumn(DATE_FORMAT, verbose_name=_("Date"))
    topic = tables.Column(verbose_name=_("Topic"), linkify=True)
    unit = tables.Column(verbose_name=_("Organised by"))
    trainer = tables.Column(verbose_name=_("Trainer"))
    location = tables.Column(verbose_name=_("Location"))
    attendees = tables.Column(verbose_name=_("Attendees"), orderable=False, empty_values=())

    class Meta:
        model = TrainingSession
        fields = ["date", "topic", "unit", "trainer", "location", "attendees"]
        order_by = ["-date"]

    def render_attendees(self, record):
        return getattr(record, "n_attendees", "")


class PeriodicReportTable(tables.Table):
    district = tables.Column(verbose_name=LOCAL_UNIT, linkify=lambda record: record.get_absolute_url())
    year = tables.Column(verbose_name=_("Year"))
    period = tables.Column(verbose_name=_("Period"))
    status = tables.Column(verbose_name=_("Status"))
    submitted_at = tables.DateTimeColumn("d/m/Y H:i", verbose_name=_("Submitted"))

    class Meta:
        model = PeriodicReport
        fields = ["district", "year", "period", "status", "submitted_at"]

    def render_status(self, record):
        css = "success" if record.status == "submitted" else "secondary"
        return format_html('<span class="badge text-bg-{}">{}</span>', css, record.status_label)


class RevenueTable(tables.Table):
    producer = tables.Column(verbose_name=_("Producer"))
    product = tables.Column(verbose_name=_("Product"), default="—")
    year = tables.Column(verbose_name=_("Year"))
    revenue = VNDColumn(verbose_name=_("Revenue (VND)"))
    profit = VNDColumn(verbose_name=_("Profit (VND)"))

    class Meta:
        model = RevenueReport
        fields = ["producer", "product", "year", "revenue", "profit"]


class DutyTemplateTable(tables.Table):
    lead = tables.Column(verbose_name=_("Lead"), accessor="lead_department", orderable=False, empty_values=())
    title = tables.Column(verbose_name=_("Duty"))
    recurrence = tables.Column(verbose_name=_("Recurrence"))
    due = tables.Column(verbose_name=_("Due"), accessor="due_month", orderable=False, empty_values=())
    source = tables.Column(verbose_name=_("Source"))
    edit = tables.Column(verbose_name="", accessor="pk", orderable=False, empty_values=())

    class Meta:
        model = DutyTemplate
        fields = ["order", "lead", "title", "recurrence", "due", "source", "active"]

    def render_lead(self, record):
        return record.lead_name

    def render_due(self, record):
        return f"{record.due_day or 28:02d}/{record.due_month:02d}" if record.due_month else "—"

    def render_edit(self, value):
        return format_html('<a href="{}">{}</a>', reverse("plans:duty_edit", args=[value]), _("Edit"))
