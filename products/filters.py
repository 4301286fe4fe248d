import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from ocop_portal.widgets import QuickSelect
from producers.filters import UnitScopedFilterSet

from . import workflows
from .forms import GroupChoiceField
from .models import Product, ProductGroup

STAR_CHOICES = [(3, "3★"), (4, "4★"), (5, "5★")]


class GroupChoiceFilter(django_filters.ModelChoiceFilter):
    """A group filter: picking a top group also matches its subgroups."""

    field_class = GroupChoiceField

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(group__in=[value, *value.subgroups.all()])


class ProductFilter(UnitScopedFilterSet):
    group = GroupChoiceFilter(
        queryset=ProductGroup.objects.select_related("regulation").order_by(
            "-regulation__effective_from", "code"
        ),
        label=_("Group"),
        widget=QuickSelect,
    )
    stars = django_filters.ChoiceFilter(choices=STAR_CHOICES, label=_("Stars"), widget=QuickSelect)
    state = django_filters.ChoiceFilter(
        choices=workflows.LIFECYCLE.choices, label=_("State"), widget=QuickSelect
    )
    registered_year = django_filters.NumberFilter(label=_("Year registered"))
    expiring = django_filters.NumberFilter(
        method="filter_expiring",
        label=_("Expiring within (months)"),
        min_value=0,
        max_value=120,
        widget=forms.NumberInput(attrs={"min": 0, "max": 120}),
    )
    producer = django_filters.NumberFilter(field_name="producer_id", widget=forms.HiddenInput)

    class Meta:
        model = Product
        fields = [
            "q",
            "district",
            "commune",
            "group",
            "stars",
            "state",
            "registered_year",
            "expiring",
            "producer",
        ]

    def filter_expiring(self, queryset, name, value):
        return queryset.expiring_within(int(value))
