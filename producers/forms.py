from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import access

from .models import OrganisationEvent, Producer


class CommuneChoiceField(forms.ModelChoiceField):
    """A commune picker labelled "district › commune", ordered by the unit tree."""

    def label_from_instance(self, obj):
        parent = obj.parent
        return f"{parent.name} › {obj.name}" if parent and parent.parent_id else obj.name


def communes_for(user):
    """Communes ``user`` may pick (their district's / commune's only for local officials)."""
    return (
        access.units_for(user).communes().select_related("parent").order_by("parent__name", "name", "pk")
    )  # Vietnamese order, by district


class ProducerForm(forms.ModelForm):
    commune = CommuneChoiceField(queryset=None, label=_("commune"))

    class Meta:
        model = Producer
        fields = [
            "name",
            "kind",
            "tax_code",
            "legal_representative",
            "phone",
            "email",
            "address",
            "commune",
            "founded_year",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["commune"].queryset = communes_for(user)
        self.fields["founded_year"].widget.attrs.update(min=1900, max=timezone.localdate().year)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "name",
            Row(Column("kind", css_class="col-md-6"), Column("tax_code", css_class="col-md-6")),
            Row(
                Column("legal_representative", css_class="col-md-4"),
                Column("phone", css_class="col-md-4"),
                Column("email", css_class="col-md-4"),
            ),
            Row(Column("commune", css_class="col-md-6"), Column("address", css_class="col-md-6")),
            "founded_year",
            "notes",
        )
        self.helper.add_input(Submit("save", _("Save")))

    def clean_founded_year(self):
        year = self.cleaned_data.get("founded_year")
        if year and not 1900 <= year <= timezone.localdate().year:
            raise forms.ValidationError(_("Enter a year between 1900 and this year."))
        return year

    def clean_tax_code(self):
        code = (self.cleaned_data.get("tax_code") or "").strip()
        if code:
            clash = Producer.objects.filter(tax_code=code)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise forms.ValidationError(_("Another producer already has this tax code."))
        return code


class OrganisationEventForm(forms.ModelForm):
    class Meta:
        model = OrganisationEvent
        fields = ["kind", "year", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        self.fields["year"].widget.attrs.update(min=1990, max=timezone.localdate().year + 1)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 1990 <= year <= timezone.localdate().year + 1:
            raise forms.ValidationError(_("Enter a plausible year."))
        return year
