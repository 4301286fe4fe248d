import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from accounts.levels import DISTRICT_BEFORE_REFORM, former_district_name
from accounts.territory import commune_with_today

from .models import AccountRequest, Producer


class ProducerTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Producer"))
    kind = tables.Column(verbose_name=_("Type"))
    tax_code = tables.Column(verbose_name=_("Tax code"))
    commune = tables.Column(verbose_name=_("Commune"), order_by=("commune__name",))
    district = tables.Column(
        accessor="commune",
        verbose_name=DISTRICT_BEFORE_REFORM,
        order_by=("commune__parent__name",),
    )
    legal_representative = tables.Column(verbose_name=_("Representative"))
    product_count = tables.Column(verbose_name=_("Products"), attrs={"td": {"class": "text-end"}})
    founded_year = tables.Column(verbose_name=_("Founded"))

    def render_district(self, value):
        return former_district_name(value)

    def render_commune(self, value):
        """The commune as registered, and today's commune or ward when it was merged since (no query)."""
        return commune_with_today(value)

    class Meta:
        model = Producer
        fields = (
            "name",
            "kind",
            "tax_code",
            "commune",
            "district",
            "legal_representative",
            "product_count",
            "founded_year",
        )
        order_by = ("name",)
        empty_text = _("No producer matches these filters.")


class AccountRequestTable(tables.Table):
    producer_name = tables.Column(linkify=True, verbose_name=_("Producer"))
    tax_code = tables.Column(verbose_name=_("Tax code"))
    commune = tables.Column(verbose_name=_("Commune"))
    full_name = tables.Column(verbose_name=_("Contact person"))
    email = tables.Column(verbose_name=_("E-mail"))
    created_at = tables.DateTimeColumn(format="d/m/Y H:i", verbose_name=_("Sent at"))
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = AccountRequest
        fields = ("producer_name", "tax_code", "commune", "full_name", "email", "created_at", "status")
        empty_text = _("No request.")
