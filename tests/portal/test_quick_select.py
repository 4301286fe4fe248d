"""``QuickSelect`` renders the same options as Django's ``Select`` describes them (its ``optgroups``)."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html

from ocop_portal.widgets import QuickSelect


def from_optgroups(widget, name, value, attrs=None):
    """The select as Django's own option dictionaries describe it."""
    context = widget.get_context(name, value, attrs)["widget"]
    parts = [format_html('<select name="{}"{}>', context["name"], flatatt(context["attrs"]))]
    for group_name, options, _index in context["optgroups"]:
        if group_name:
            parts.append(format_html('<optgroup label="{}">', group_name))
        for option in options:
            value = "" if option["value"] is None else option["value"]
            parts.append(
                format_html(
                    '<option value="{}"{}>{}</option>', value, flatatt(option["attrs"]), option["label"]
                )
            )
        if group_name:
            parts.append("</optgroup>")
    parts.append("</select>")
    return "".join(parts)


CHOICES = [
    (None, "---------"),
    (1, "Hội An"),
    ("x", 'Cà phê <"&">'),
    ("Nhóm", [(2, "Tiên Phước"), (3, "Đại Lộc")]),
    (3, "Đại Lộc (again)"),
]


@pytest.mark.parametrize("value", [None, "", 1, "1", "x", 3, "3", "nope"])
def test_same_options_as_django_describes(value):
    widget = QuickSelect(choices=CHOICES, attrs={"class": "form-select"})
    assert widget.render("unit", value, {"id": "id_unit"}) == from_optgroups(
        widget, "unit", value, {"id": "id_unit"}
    )


def test_the_selected_option_is_marked_once():
    html = QuickSelect(choices=CHOICES).render("unit", 3)
    assert html.count(" selected") == 1
    assert '<option value="3" selected>Đại Lộc</option>' in html


def test_model_choices(db):
    from accounts.models import AdministrativeUnit

    field = forms.ModelChoiceField(
        queryset=AdministrativeUnit.objects.order_by("name")[:20], widget=QuickSelect
    )
    unit = field.queryset[3] if field.queryset.count() > 3 else None
    value = unit.pk if unit else None
    assert field.widget.render("unit", value) == from_optgroups(field.widget, "unit", value)
