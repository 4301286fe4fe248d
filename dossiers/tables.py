"""Tables of the dossier pages (django-tables2)."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.levels import DISTRICT_BEFORE_REFORM, former_district_name

from .models import CommuneReport, Dossier


class DossierTable(tables.Table):
    product = tables.Column(
        _("Product"), linkify=lambda record: record.get_absolute_url(), order_by="product__name"
    )
    commune = tables.Column(_("Commune"), accessor="product__commune", order_by="product__commune__name")
    district = tables.Column(
        DISTRICT_BEFORE_REFORM, accessor="product__commune", order_by="product__commune__parent__name"
    )
    year = tables.Column(_("Year"))
    status = tables.Column(_("Status"))
    documents = tables.Column(_("Files"), accessor="document_count", orderable=True)
    batch = tables.Column(_("Batch"), order_by="batch__number")
    submitted_at = tables.DateTimeColumn(format="d/m/Y", verbose_name=_("Submitted"))

    def render_district(self, value):
        return former_district_name(value)

    class Meta:
        model = Dossier
        fields = ("product", "commune", "district", "year", "status", "documents", "batch", "submitted_at")
        empty_text = _("No dossier.")

    def render_status(self, record):
        css = {
            "draft": "secondary",
            "submitted": "primary",
            "returned": "warning",
            "resubmitted": "info",
            "accepted": "success",
        }.get(record.status, "secondary")
        late = (
            format_html(' <span class="badge text-bg-danger">{}</span>', _("late")) if record.is_late else ""
        )
        return format_html('<span class="badge text-bg-{}">{}</span>{}', css, record.status_label, late)

    def render_batch(self, value):
        return value.number


class CommuneReportTable(tables.Table):
    commune = tables.Column(_("Commune"), linkify=lambda record: record.get_absolute_url())
    call = tables.Column(_("Call"))
    meeting_date = tables.DateColumn(format="d/m/Y", verbose_name=_("Meeting date"))
    products = tables.Column(_("Products"), accessor="item_count")
    status = tables.Column(_("Status"))
    submitted_at = tables.DateTimeColumn(format="d/m/Y", verbose_name=_("Submitted"))

    class Meta:
        model = CommuneReport
        fields = ("commune", "call", "meeting_date", "products", "status", "submitted_at")
        empty_text = _("No commune report.")

    def render_status(self, record):
        css = "success" if record.is_submitted else "secondary"
        return format_html('<span class="badge text-bg-{}">{}</span>', css, record.status_label)
