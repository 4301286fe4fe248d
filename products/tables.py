import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.levels import DISTRICT_BEFORE_REFORM, former_district_name
from accounts.territory import commune_with_today

from .models import Product


class StarsColumn(tables.Column):
    def render(self, value):
        return format_html('<span class="text-warning" title="{}">{}</span>', value, "★" * int(value))


class ProductTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Product"), order_by=("name", "pk"))
    producer = tables.Column(
        linkify=lambda record: record.producer.get_absolute_url(),
        verbose_name=_("Producer"),
        order_by=("producer__name",),
    )
    commune = tables.Column(verbose_name=_("Commune"), order_by=("commune__name",))
    district = tables.Column(
        accessor="commune",
        verbose_name=DISTRICT_BEFORE_REFORM,
        order_by=("commune__parent__name",),
    )
    group = tables.Column(accessor="group__code", verbose_name=_("Group"), order_by=("group__code",))
    state = tables.Column(verbose_name=_("State"))
    stars = StarsColumn(verbose_name=_("Stars"))
    valid_until = tables.DateColumn(format="d/m/Y", verbose_name=_("Valid until"))
    registered_year = tables.Column(verbose_name=_("Year"))

    def render_district(self, value):
        return former_district_name(value)

    def render_commune(self, value):
        """The commune as registered, and today's commune or ward when it was merged since (no query)."""
        return commune_with_today(value)

    class Meta:
        model = Product
        fields = (
            "name",
            "producer",
            "commune",
            "district",
            "group",
            "state",
            "stars",
            "valid_until",
            "registered_year",
        )
        empty_text = _("No product matches these filters.")

    def render_state(self, record):
        return record.state_label

    def render_group(self, record):
        return format_html('<span title="{}">{}</span>', record.group.name, record.group.code)
