import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from accounts.levels import DISTRICT_BEFORE_REFORM, former_district_name

from .models import Certificate, Inspection


class CertificateTable(tables.Table):
    number = tables.Column(linkify=("certificates:certificate_detail", {"pk": tables.A("pk")}))
    product = tables.Column(verbose_name=_("Product"), accessor="product__name")
    district = tables.Column(
        verbose_name=DISTRICT_BEFORE_REFORM, accessor="product__commune", orderable=False
    )

    def render_district(self, value):
        return former_district_name(value)

    class Meta:
        model = Certificate
        fields = ("number", "product", "district", "stars", "level", "issued_on", "valid_until", "status")
        empty_text = _("No certificate matches.")


class InspectionTable(tables.Table):
    certificate = tables.Column(
        linkify=("certificates:inspection_detail", {"pk": tables.A("pk")}), accessor="certificate__number"
    )
    product = tables.Column(accessor="certificate__product__name", verbose_name=_("Product"))

    class Meta:
        model = Inspection
        fields = ("certificate", "product", "department", "inspected_on", "is_violation", "status")
