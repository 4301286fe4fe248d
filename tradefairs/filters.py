"""Filters of the staff lists (django-filter)."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import territory
from accounts.levels import LOCAL_UNIT
from ocop_portal.filtering import PortalFilterSet

from .models import Fair, SalesPoint


def _local_units(request):
    """Today's communes and wards and the former districts of the territory served (both trees)."""
    return territory.local_units().order_by("name", "pk")


class LocalUnitChoiceFilter(django_filters.ModelChoiceFilter):
    """A local unit labelled for a list mixing both trees ("Huyện Duy Xuyên (trước 7/2025)")."""

    @property
    def field(self):
        field = super().field
        field.label_from_instance = territory.labelled
        return field


class SalesPointFilter(PortalFilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    district = LocalUnitChoiceFilter(queryset=_local_units, method="filter_unit", label=LOCAL_UNIT)
    kind = django_filters.ChoiceFilter(choices=SalesPoint.Kind.choices, label=_("Type"))
    active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = SalesPoint
        fields = ["q", "district", "kind", "active"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_unit(self, queryset, name, value):
        return queryset.in_unit(value)


class FairFilter(PortalFilterSet):
    STATUS = (("upcoming", _("Upcoming")), ("in_progress", _("In progress")), ("ended", _("Ended")))

    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    year = django_filters.NumberFilter(field_name="start_date", lookup_expr="year", label=_("Year"))
    scope = django_filters.ChoiceFilter(choices=Fair.Scope.choices, label=_("Scope"))
    status = django_filters.ChoiceFilter(choices=STATUS, method="filter_status", label=_("Status"))

    class Meta:
        model = Fair
        fields = ["q", "year", "scope", "status"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_status(self, queryset, name, value):
        today = timezone.localdate()
        return {
            "upcoming": queryset.upcoming(today),
            "in_progress": queryset.in_progress(today),
            "ended": queryset.ended(today),
        }.get(value, queryset)
