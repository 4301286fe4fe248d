import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import RecognitionDecision, Round


class RoundTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Round"))
    entry_count = tables.Column(verbose_name=_("Products"), orderable=False)
    profile = tables.Column(verbose_name=_("Rule set"), order_by=("profile__valid_from",))

    class Meta:
        model = Round
        fields = ("name", "year", "level", "profile", "unit", "status", "scoring_closes_on", "entry_count")
        order_by = ("-year",)


class DecisionTable(tables.Table):
    number = tables.Column(linkify=("evaluation:decision_detail", {"pk": tables.A("pk")}))

    class Meta:
        model = RecognitionDecision
        fields = ("number", "date", "level", "issuing_unit", "profile", "status")
