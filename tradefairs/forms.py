"""Staff forms for sales points, fairs, registrations and results (crispy, Bootstrap 5)."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import access, territory
from accounts.models import AdministrativeUnit, Department
from products import workflows
from products.models import Product

from . import policies
from .models import Fair, SalesPoint

DATE_WIDGET = forms.DateInput(
    attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off", "inputmode": "numeric"}, format="%d/%m/%Y"
)


def _helper(label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class SalesPointForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), max_length=300, required=False, assume_scheme="https")

    class Meta:
        model = SalesPoint
        fields = (
            "name",
            "kind",
            "address",
            "district",
            "commune",
            "opening_hours",
            "contact_name",
            "phone",
            "email",
            "website",
            "operator",
            "opened_on",
            "products",
        )
        widgets = {
            "opened_on": DATE_WIDGET,
            "products": forms.SelectMultiple(attrs={"size": 12}),
        }
        help_texts = {"products": _("Certified OCOP products on sale here (Ctrl/⌘-click to choose several).")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The units of the territory served today (Thành phố Đà Nẵng's communes and wards since
        # 01/07/2025); a unit of the old tree only when the point already carries it (history).
        t = territory.territory()
        units = access.units_for(user).filter(territory.served_q())
        if not policies.manages_all_trade_promotion(user) and user.unit_id:
            units = units.within(user.unit)
        kept = {self.instance.district_id, self.instance.commune_id} - {None}
        today = [pk for pk in units.values_list("pk", flat=True) if not t.is_history(pk)]
        units = AdministrativeUnit.objects.filter(pk__in=[*today, *kept]).select_related("level", "parent")
        self.fields["district"].queryset = units.local().order_by("name", "pk")
        self.fields["district"].required = False
        self.fields["district"].label_from_instance = territory.labelled
        self.fields["commune"].queryset = units.communes().order_by("name", "pk")
        self.fields["commune"].label_from_instance = lambda u: (
            territory.labelled(u) if u.local_unit_id == u.pk else f"{territory.labelled(u)} ({u.parent.name})"
        )
        products = Product.objects.certified()
        if self.instance.pk:  # keep what the point carries even if a certificate lapsed since
            products = Product.objects.filter(
                pk__in=list(products.values_list("pk", flat=True))
                + list(self.instance.products.values_list("pk", flat=True))
            )
        self.fields["products"].queryset = products.select_related("producer").order_by("name")
        self.fields["products"].label_from_instance = lambda p: (
            f"{p.name} — {p.producer.name} {p.stars_display}"
        )
        self.helper = _helper(_("Save"))


class FairForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), max_length=300, required=False, assume_scheme="https")

    class Meta:
        model = Fair
        fields = (
            "name",
            "city",
            "venue",
            "start_date",
            "end_date",
            "scope",
            "organiser",
            "organiser_note",
            "description",
            "website",
        )
        widgets = {
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = Department.objects.order_by("order", "name")
        if not policies.manages_all_trade_promotion(user):
            # another department organises its own fairs
            self.fields["organiser"].disabled = True
            self.fields["organiser"].required = False
            if not self.instance.pk:
                self.initial["organiser"] = user.department_id
        elif not self.instance.pk:
            trade = Department.objects.filter(code__in=policies.trade_department_codes()).first()
            self.initial.setdefault("organiser", trade.pk if trade else None)
        self.helper = _helper(_("Save"))

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The fair cannot end before it starts."))
        return data


class ChooseProducerForm(forms.Form):
    producer = forms.ModelChoiceField(queryset=None, label=_("Producer"))

    def __init__(self, *args, producers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["producer"].queryset = producers.order_by("name")


class ParticipationForm(forms.Form):
    products = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("Products shown"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one product to show at the fair.")},
    )
    booth = forms.CharField(label=_("Booth"), max_length=60, required=False)
    notes = forms.CharField(label=_("Notes"), max_length=255, required=False)

    def __init__(self, *args, producer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["products"].queryset = (
            Product.objects.filter(producer=producer).exclude(state=workflows.REVOKED).order_by("name")
        )
        self.fields["products"].label_from_instance = lambda p: (
            f"{p.name} {p.stars_display}" if p.is_certified else f"{p.name} ({p.state_label})"
        )
        self.helper = _helper(_("Register"))


class ResultsForm(forms.Form):
    visitors = forms.IntegerField(label=_("Visitors"), min_value=0, required=False)
    contracts_signed = forms.IntegerField(
        label=_("Contracts signed"),
        min_value=0,
        required=False,
        help_text=_("Leave empty to add up the producers' figures below."),
    )
    sales_vnd = forms.IntegerField(
        label=_("Sales (VND)"),
        min_value=0,
        max_value=10**15,
        required=False,
        help_text=_("Leave empty to add up the producers' figures below."),
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, participations, **kwargs):
        super().__init__(*args, **kwargs)
        self.participations = list(participations)
        for p in self.participations:
            self.fields[f"sales_{p.pk}"] = forms.IntegerField(
                label=_("Sales of %(producer)s (VND)") % {"producer": p.producer.name},
                min_value=0,
                max_value=10**15,
                required=False,
                initial=p.sales_vnd,
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
            )
            self.fields[f"contracts_{p.pk}"] = forms.IntegerField(
                label=_("Contracts of %(producer)s") % {"producer": p.producer.name},
                min_value=0,
                required=False,
                initial=p.contracts_signed,
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
            )
        self.helper = _helper(_("Save the results"))

    def producer_rows(self):
        """(participation, sales field, contracts field) for a table of the producers' figures."""
        return [(p, self[f"sales_{p.pk}"], self[f"contracts_{p.pk}"]) for p in self.participations]

    def participation_results(self) -> dict[int, tuple[int | None, int | None]]:
        return {
            p.pk: (self.cleaned_data.get(f"sales_{p.pk}"), self.cleaned_data.get(f"contracts_{p.pk}"))
            for p in self.participations
        }
