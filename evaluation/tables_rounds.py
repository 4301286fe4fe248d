import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Certificate, Inspection, RecognitionDecision, Round


class RoundTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Round"))
    entry_count = tables.Column(verbose_name=_("Products"), orderable=False)

    class Meta:
        model = Round
        fields = ("name", "year", "level", "regulation", "unit", "status", "scoring_closes_on", "entry_count")
        order_by = ("-year",)


class CertificateTable(tables.Table):
    number = tables.Column(linkify=("evaluation:certificate_detail", {"pk": tables.A("pk")}))
    product = tables.Column(verbose_name=_("Product"), accessor="product__name")
    district = tables.Column(
        verbose_name=_("District"), accessor="product__commune__parent__name", orderable=False
    )

    class Meta:
        model = Certificate
        fields = ("number", "product", "district", "stars", "level", "issued_on", "valid_until", "status")


class DecisionTable(tables.Table):
    number = tables.Column(linkify=("evaluation:decision_detail", {"pk": tables.A("pk")}))

    class Meta:
        model = RecognitionDecision
        fields = ("number", "date", "level", "issuing_unit", "regulation", "status")


class InspectionTable(tables.Table):
    certificate = tables.Column(
        linkify=("evaluation:inspection_detail", {"pk": tables.A("pk")}), accessor="certificate__number"
    )
    product = tables.Column(accessor="certificate__product__name", verbose_name=_("Product"))

    class Meta:
        model = Inspection
        fields = ("certificate", "product", "department", "inspected_on", "is_violation", "status")
