import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import access, territory
from accounts.levels import LOCAL_UNIT
from ocop_portal.filtering import PortalFilterSet
from ocop_portal.widgets import QuickSelect

from .models import OrganisationEvent, Producer, ProducerKind


def _units(request):
    """Units the user may filter by, in the territory served (both trees): their own district/commune
    tree for local officials.

    Only what a choice shows and the filter reads (pk, name, path): the ≈ 500 units of both trees are
    read for every list page, one model instance each, without their level."""
    return (
        access.units_for(getattr(request, "user", None))
        .filter(territory.served_q())
        .select_related(None)
        .only("pk", "name", "path")
        .order_by("level__depth", "parent__name", "name", "pk")  # Vietnamese order
    )


class UnitScopedFilterSet(PortalFilterSet):
    """Adds ``q``, ``district`` and ``commune`` filters whose choices follow the user's scope.

    ``unit_lookup`` is the path to the row's commune (e.g. "commune").
    """

    unit_lookup = "commune"

    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    district = django_filters.ModelChoiceFilter(
        queryset=lambda request: _units(request).local(),
        method="filter_unit",
        label=LOCAL_UNIT,
        widget=QuickSelect,
    )
    commune = django_filters.ModelChoiceFilter(
        queryset=lambda request: _units(request).communes(),
        method="filter_unit",
        label=_("Commune"),
        widget=QuickSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].widget.attrs.update(placeholder=_("Name, without accents is fine"))
        for name in ("district", "commune"):  # "Huyện Duy Xuyên (trước 7/2025)" beside today's wards
            if name in self.form.fields:
                self.form.fields[name].label_from_instance = territory.labelled

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_unit(self, queryset, name, value):
        """Rows inside ``value``, and for a 2025 commune or ward the rows of the communes merged into it."""
        return queryset.filter(territory.unit_filter_q(value, self.unit_lookup))


class ProducerFilter(UnitScopedFilterSet):
    kind = django_filters.ChoiceFilter(choices=ProducerKind.choices, label=_("Type"))
    founded_year = django_filters.NumberFilter(label=_("Founding year"))
    event_year = django_filters.NumberFilter(
        method="filter_event_year",
        label=_("Founded/consolidated in"),
        widget=forms.NumberInput(attrs={"placeholder": _("year")}),
    )
    event_kind = django_filters.ChoiceFilter(
        choices=OrganisationEvent.Kind.choices, method="filter_event_kind", label=_("Event")
    )

    class Meta:
        model = Producer
        fields = ["q", "district", "commune", "kind", "founded_year", "event_year", "event_kind"]

    def filter_event_year(self, queryset, name, value):
        kind = self.form.cleaned_data.get("event_kind")
        events = OrganisationEvent.objects.filter(year=value)
        if kind:
            events = events.filter(kind=kind)
        return queryset.filter(pk__in=events.values("producer_id"))

    def filter_event_kind(self, queryset, name, value):
        if self.form.cleaned_data.get("event_year"):
            return queryset  # combined in filter_event_year
        return queryset.filter(pk__in=OrganisationEvent.objects.filter(kind=value).values("producer_id"))
