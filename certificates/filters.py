"""Certificate list filters (django-filter): by number or product, district, status and stars."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.levels import LOCAL_UNIT
from accounts.models import AdministrativeUnit
from ocop_portal.filtering import PortalFilterSet
from ocop_portal.text import fold

from .models import Certificate


class CertificateFilter(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Number or product"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Certificate.Status.choices)
    stars = django_filters.ChoiceFilter(label=_("Stars"), choices=[(s, f"{s}★") for s in (3, 4, 5)])
    district = django_filters.ModelChoiceFilter(
        label=LOCAL_UNIT,
        queryset=AdministrativeUnit.objects.local().order_by("name"),
        method="in_district",
    )

    class Meta:
        model = Certificate
        fields = ["q", "district", "status", "stars"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = (
                "form-select form-select-sm" if hasattr(field, "choices") else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)

    def search(self, qs, name, value):
        value = " ".join(value.split())[:100]
        if not value:
            return qs
        return qs.filter(Q(number__icontains=value) | Q(product__name_ascii__contains=fold(value)))

    def in_district(self, qs, name, value):
        return qs.filter(product__commune__path__startswith=value.path) if value else qs
