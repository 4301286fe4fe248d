from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import access

from .models import AccountRequest, OrganisationEvent, Producer


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


class SignupForm(forms.ModelForm):
    """The public sign-up of a producer (an inactive login waiting for the local officer)."""

    commune = CommuneChoiceField(queryset=None, label=_("commune / ward"))
    password1 = forms.CharField(label=_("password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("password (again)"), widget=forms.PasswordInput, strip=False)

    class Meta:
        model = AccountRequest
        fields = ["producer_name", "kind", "tax_code", "commune", "address", "full_name", "phone", "email"]

    def __init__(self, *args, **kwargs):
        from . import services

        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = services.signup_communes()
        self.fields["tax_code"].help_text = _("The number on your business registration (or tax code).")
        self.fields["email"].help_text = _("You sign in with this address; it receives the confirmation.")
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "producer_name",
            Row(Column("kind", css_class="col-md-6"), Column("tax_code", css_class="col-md-6")),
            Row(Column("commune", css_class="col-md-6"), Column("address", css_class="col-md-6")),
            Row(
                Column("full_name", css_class="col-md-4"),
                Column("phone", css_class="col-md-4"),
                Column("email", css_class="col-md-4"),
            ),
            Row(Column("password1", css_class="col-md-6"), Column("password2", css_class="col-md-6")),
        )
        self.helper.add_input(Submit("send", _("Send the request")))

    def clean(self):
        from django.contrib.auth.password_validation import validate_password

        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            try:
                validate_password(p1)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class ConfirmRequestForm(forms.Form):
    producer = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("registry producer"),
        empty_label=_("— create a new producer from the request —"),
    )

    def __init__(self, *args, suggestions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["producer"].queryset = suggestions
        self.helper = FormHelper()
        self.helper.form_tag = False
        button = Submit("confirm", _("Confirm the link"))
        button.field_classes = "btn btn-success"
        self.helper.add_input(button)


class RefuseRequestForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        button = Submit("refuse", _("Refuse"))
        button.field_classes = "btn btn-outline-danger"
        self.helper.add_input(button)


class ProducerLoginForm(forms.Form):
    username = forms.CharField(label=_("username"), max_length=150)
    full_name = forms.CharField(label=_("full name"), max_length=150)
    email = forms.EmailField(label=_("e-mail"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("create", _("Create the login")))
