"""List filters (django-filter)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import territory
from accounts.levels import LOCAL_UNIT
from accounts.models import AdministrativeUnit, Department
from ocop_portal.filtering import PortalFilterSet
from products import workflows as product_workflows

from . import workflows
from .models import AnnualPlan, Period, PeriodicReport, PlanProduct, RevenueReport, Task


def _year_choices():
    this = timezone.localdate().year
    return [(y, y) for y in range(this + 1, 2018, -1)]


class PlanFilter(PortalFilterSet):
    year = django_filters.ChoiceFilter(label=_("Year"), choices=_year_choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=workflows.PLAN.choices)

    class Meta:
        model = AnnualPlan
        fields = ["year", "status"]


class TaskFilter(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    year = django_filters.ChoiceFilter(label=_("Year"), field_name="plan__year", choices=_year_choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=workflows.TASK.choices)
    lead_department = django_filters.ModelChoiceFilter(
        label=_("Lead department"), queryset=Department.objects.all()
    )
    overdue = django_filters.BooleanFilter(label=_("Overdue only"), method="filter_overdue")

    class Meta:
        model = Task
        fields = ["q", "year", "status", "lead_department", "overdue"]

    def search(self, qs, name, value):
        return qs.filter(Q(title__icontains=value) | Q(description__icontains=value)) if value else qs

    def filter_overdue(self, qs, name, value):
        if value:
            return qs.overdue()
        return qs


STEP_CHOICES = [(s, f"{s}. {label}") for s, label in product_workflows.CYCLE_STEPS.items()]


class PlanProductFilter(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Product"), field_name="product__name_ascii", method="search")
    district = django_filters.ModelChoiceFilter(
        label=LOCAL_UNIT, queryset=AdministrativeUnit.objects.none(), method="filter_district"
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PlanProduct.Kind.choices)
    step = django_filters.ChoiceFilter(label=_("Step"), choices=STEP_CHOICES, method="filter_step")

    class Meta:
        model = PlanProduct
        fields = ["q", "district", "kind", "step"]

    def __init__(self, *args, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if districts is not None:
            self.filters["district"].queryset = districts

    def search(self, qs, name, value):
        from ocop_portal.text import fold

        for word in fold(value).split():
            qs = qs.filter(product__name_ascii__contains=word)
        return qs

    def filter_district(self, qs, name, value):
        # a 2025 commune or ward also finds the products registered in the communes merged into it
        return qs.filter(territory.unit_filter_q(value, "product__commune")) if value else qs

    def filter_step(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(product__state__in=product_workflows.states_at_step(int(value)))


class PeriodicReportFilter(PortalFilterSet):
    year = django_filters.ChoiceFilter(label=_("Year"), choices=_year_choices)
    period = django_filters.ChoiceFilter(label=_("Period"), choices=Period.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=workflows.REPORT.choices)

    class Meta:
        model = PeriodicReport
        fields = ["year", "period", "status"]


class RevenueFilter(PortalFilterSet):
    year = django_filters.ChoiceFilter(label=_("Year"), choices=_year_choices)
    q = django_filters.CharFilter(label=_("Producer"), method="search")

    class Meta:
        model = RevenueReport
        fields = ["year", "q"]

    def search(self, qs, name, value):
        from ocop_portal.text import fold

        for word in fold(value).split():
            qs = qs.filter(producer__name_ascii__contains=word)
        return qs
