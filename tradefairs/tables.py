"""Tables of the staff lists (django-tables2)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts import territory
from accounts.levels import LOCAL_UNIT

from .models import Fair, SalesPoint


class SalesPointTable(tables.Table):
    name = tables.Column(verbose_name=_("Name"), linkify=True, order_by=("name",))
    kind = tables.Column(verbose_name=_("Type"))
    district = tables.Column(verbose_name=LOCAL_UNIT, order_by=("district__name",))
    address = tables.Column(verbose_name=_("Address"))
    product_count = tables.Column(verbose_name=_("Products"), attrs={"td": {"class": "text-end"}})
    active = tables.BooleanColumn(verbose_name=_("Active"))
    edit = tables.Column(empty_values=(), orderable=False, verbose_name="")

    class Meta:
        model = SalesPoint
        fields = ("name", "kind", "district", "address", "product_count", "active")
        order_by = ("district",)
        empty_text = _("No sales point matches these filters.")

    def __init__(self, *args, editable_ids=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.editable_ids = editable_ids

    def render_district(self, record):
        """The unit the point was recorded in, "(trước 7/2025)" when history, and today's ward."""
        place = record.commune or record.district
        now = territory.today_place(place)
        label = territory.labelled(record.district)
        if now is None:
            return label
        return format_html('{} <span class="text-muted small">→ {}</span>', label, now.name)

    def render_edit(self, record):
        if record.pk not in self.editable_ids:
            return ""
        return format_html(
            '<a href="{}" class="btn btn-sm btn-outline-secondary">{}</a>',
            reverse("tradefairs:salespoint_edit", args=[record.pk]),
            _("Edit"),
        )


class FairTable(tables.Table):
    name = tables.Column(verbose_name=_("Fair"), linkify=True, order_by=("name",))
    city = tables.Column(verbose_name=_("City"))
    start_date = tables.DateColumn(verbose_name=_("From"), format="d/m/Y")
    end_date = tables.DateColumn(verbose_name=_("To"), format="d/m/Y")
    scope = tables.Column(verbose_name=_("Scope"))
    organiser = tables.Column(verbose_name=_("Organiser"))
    participant_count = tables.Column(verbose_name=_("Producers"), attrs={"td": {"class": "text-end"}})
    sales_vnd = tables.Column(verbose_name=_("Sales (VND)"), attrs={"td": {"class": "text-end"}})

    class Meta:
        model = Fair
        fields = (
            "name",
            "city",
            "start_date",
            "end_date",
            "scope",
            "organiser",
            "participant_count",
            "sales_vnd",
        )
        order_by = ("-start_date",)
        empty_text = _("No fair matches these filters.")

    def render_sales_vnd(self, value):
        return f"{value:,}".replace(",", ".")
