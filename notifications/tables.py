"""The notification list (django-tables2)."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Notification


class NotificationTable(tables.Table):
    created_at = tables.DateTimeColumn(verbose_name=_("Date"), format="d/m/Y H:i")
    title = tables.TemplateColumn(
        template_name="notifications/_title_cell.html", verbose_name=_("Notification"), orderable=False
    )
    kind = tables.Column(verbose_name=_("Kind"))
    actions = tables.TemplateColumn(
        template_name="notifications/_actions_cell.html", verbose_name="", orderable=False
    )

    class Meta:
        model = Notification
        fields = ("created_at", "title", "kind", "actions")
        order_by = ("-created_at",)
        row_attrs = {
            "id": lambda record: f"notification-{record.pk}",
            "class": lambda record: "" if record.read_at else "table-warning",
        }
