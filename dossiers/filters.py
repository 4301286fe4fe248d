"""Filters of the dossier list (django-filter)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts import access
from accounts.levels import LOCAL_UNIT
from ocop_portal.filtering import PortalFilterSet
from ocop_portal.text import fold

from . import checks
from . import workflows as wf
from .models import Dossier


class DossierFilter(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Product"), method="filter_q")
    year = django_filters.NumberFilter(label=_("Year"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=wf.STATUS_FILTER_CHOICES, method="filter_status"
    )
    call = django_filters.ModelChoiceFilter(label=_("Call"), queryset=None)
    district = django_filters.ModelChoiceFilter(
        label=LOCAL_UNIT, queryset=None, field_name="product__commune__local_unit"
    )
    late = django_filters.BooleanFilter(label=_("Late"), field_name="is_late")

    class Meta:
        model = Dossier
        fields = ["q", "year", "status", "call", "district", "late"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["call"].queryset = checks.calls_for(user)
        self.filters["district"].queryset = access.units_for(user).local()

    def filter_status(self, queryset, name, value):
        return queryset.filter(status__in=wf.STATUS_GROUPS.get(value, (value,)))

    def filter_q(self, queryset, name, value):
        folded = fold(value)
        return queryset.filter(Q(product__name_ascii__contains=folded) | Q(product__name__icontains=value))
