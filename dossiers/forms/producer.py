"""Forms of the producer's own pages: the idea (form 01/02), the business plan (form 03), the reply."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from ocop_portal.uploads.fields import PolicyFormField
from ocop_portal.uploads.types import DOSSIER_DOCUMENTS
from products.forms import GroupChoiceField, groups_for
from products.models import Product


class IdeaForm(forms.Form):
    origin = forms.ChoiceField(
        label=_("Registration form"), choices=Product.Origin.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(label=_("Product name"), max_length=255)
    group = GroupChoiceField(label=_("Product group"), queryset=None)
    idea = forms.CharField(
        label=_("Product idea / description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the product is, what makes it local, how it is made."),
    )
    raw_materials = forms.CharField(
        label=_("Raw materials and their origin"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    market = forms.CharField(
        label=_("Expected market"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    expected_output = forms.CharField(label=_("Expected scale and output"), max_length=255, required=False)
    duplicate_reason = forms.CharField(
        label=_("Why your product differs from similar registered products"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "group"
        ].queryset = groups_for()  # the subgroups of the regulation in force, as staff pick
        self.duplicate_warning = False
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Send the idea")))

    def require_reason(self):
        self.duplicate_warning = True
        self.add_error(
            "duplicate_reason",
            _("Similar products are already registered: explain how yours differs, then send again."),
        )


class BusinessPlanForm(forms.Form):
    summary = forms.CharField(label=_("Summary and objectives"), widget=forms.Textarea(attrs={"rows": 3}))
    raw_materials = forms.CharField(
        label=_("Raw-material area"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    production = forms.CharField(
        label=_("Production organisation and technology"), widget=forms.Textarea(attrs={"rows": 3})
    )
    market = forms.CharField(
        label=_("Market and distribution channels"), widget=forms.Textarea(attrs={"rows": 2})
    )
    capital_vnd = forms.IntegerField(label=_("Total investment (VND)"), min_value=0, required=False)
    revenue_vnd = forms.IntegerField(label=_("Expected yearly revenue (VND)"), min_value=0, required=False)
    file = PolicyFormField(
        label=_("Plan document (optional: PDF, JPEG, PNG, DOCX, XLSX)"),
        profile=DOSSIER_DOCUMENTS,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_enctype = "multipart/form-data"
        self.helper.add_input(Submit("save", _("Send the business plan")))


class ReadyForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the officer"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Your reply to the remarks"), widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.IntegerField(required=False, widget=forms.Select)
    files = PolicyFormField(
        label=_("New files (PDF, JPEG, PNG, DOCX, XLSX)"),
        profile=DOSSIER_DOCUMENTS,
        multiple=True,
        required=False,
    )
