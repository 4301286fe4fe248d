"""The base of every django-filter filterset of the portal: "Tất cả" where no choice narrows the list.

A filter left empty means "all rows": Django's "---------" empty choice (``FILTERS_EMPTY_CHOICE_LABEL``
in the settings covers the choice and model-choice filters) and the NullBoolean "Chưa xác định" of a
yes/no filter both read "Tất cả" instead (:class:`AllYesNoSelect`, set here on every BooleanFilter).
"""

from __future__ import annotations

import django_filters
from django.forms import NullBooleanSelect
from django.utils.translation import gettext_lazy as _


class AllYesNoSelect(NullBooleanSelect):
    """A yes/no filter: "Tất cả" (no filtering), "Có", "Không"."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", _("All")), ("true", _("Yes")), ("false", _("No"))]


class PortalFilterSet(django_filters.FilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for flt in self.filters.values():
            if isinstance(flt, django_filters.BooleanFilter) and "widget" not in flt.extra:
                flt.extra["widget"] = AllYesNoSelect
