from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row, Submit
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import access
from ocop_portal.uploads.fields import PolicyFormField
from ocop_portal.uploads.types import SPREADSHEETS
from producers.forms import CommuneChoiceField, communes_for
from producers.models import Producer

from .models import EcommerceListing, Product, ProductGroup, ProductImage, RegulationVersion, Standard


class ProducerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} — {obj.commune.name}"


class GroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code}. {obj.name} ({obj.regulation.decision})"


def groups_for(instance: Product | None = None):
    """Subgroups of the regulation in force today, plus the product's current group."""
    regulation = RegulationVersion.in_force_on(timezone.localdate())
    condition = Q(regulation=regulation, parent__isnull=False) if regulation else Q(parent__isnull=False)
    if instance is not None and instance.group_id:
        condition |= Q(pk=instance.group_id)
    return ProductGroup.objects.filter(condition).select_related("regulation").order_by("regulation", "code")


class ProductForm(forms.ModelForm):
    producer = ProducerChoiceField(queryset=None, label=_("Producer"))
    commune = CommuneChoiceField(
        queryset=None,
        label=_("Commune of production"),
        required=False,
        help_text=_("Leave empty to use the producer's commune."),
    )
    group = GroupChoiceField(queryset=None, label=_("Product group"))
    duplicate_reason = forms.CharField(
        label=_("Reason to register despite the similar products"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    duplicate_confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Product
        fields = [
            "name",
            "producer",
            "commune",
            "group",
            "origin",
            "registered_year",
            "description",
            "story",
            "standards",
            "has_traceability_stamp",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "story": forms.Textarea(attrs={"rows": 4}),
            "standards": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.duplicate_matches = []
        instance = self.instance if self.instance.pk else None
        producers = access.editable(user, Producer)
        if instance is not None:  # keep the current producer selectable (it may be registered elsewhere)
            producers = producers | Producer.objects.filter(pk=instance.producer_id)
        producers = producers.select_related("commune").order_by("name")
        self.fields["producer"].queryset = producers
        self.fields["commune"].queryset = communes_for(user)
        self.fields["group"].queryset = groups_for(instance)
        self.fields["standards"].queryset = Standard.objects.all()
        self.fields["standards"].required = False
        self.fields["registered_year"].initial = timezone.localdate().year
        creating = instance is None
        # On edit too: renaming a product (or moving it to another group) into a close match of another
        # producer's product asks for the same reason as registering it.
        if self.data.get(self.add_prefix("duplicate_confirm")) in ("1", "True", "true", "on"):
            self.fields["duplicate_reason"].required = True
        self.helper = FormHelper()
        self.helper.form_tag = False
        layout = [
            "name",
            Row(Column("producer", css_class="col-md-6"), Column("commune", css_class="col-md-6")),
            Row(
                Column("group", css_class="col-md-6"),
                Column("origin", css_class="col-md-3"),
                Column("registered_year", css_class="col-md-3"),
            ),
            "description",
            "story",
            Field("standards", wrapper_class="standards-inline"),
            "has_traceability_stamp",
        ]
        if creating:
            layout = [Field("duplicate_reason"), "duplicate_confirm", *layout]
        self.helper.layout = Layout(*layout)

    @property
    def needs_reason(self) -> bool:
        return "duplicate_reason" in self.fields and self.fields["duplicate_reason"].required

    def require_reason(self, matches):
        """After a DuplicateWarning: list the matches and ask for a reason to proceed."""
        self.duplicate_matches = matches
        self.fields["duplicate_reason"].required = True
        self.data = self.data.copy()
        self.data[self.add_prefix("duplicate_confirm")] = "1"
        self.add_error(
            "duplicate_reason",
            _("Similar products are already registered. Give a reason to register this one anyway."),
        )

    def clean_registered_year(self):
        year = self.cleaned_data.get("registered_year")
        if year and not 2018 <= year <= timezone.localdate().year + 1:
            raise forms.ValidationError(_("Enter a year from 2018 on."))
        return year

    def clean(self):
        data = super().clean()
        if not data.get("commune") and data.get("producer"):
            data["commune"] = data["producer"].commune
            if not self.fields["commune"].queryset.filter(pk=data["commune"].pk).exists():
                self.add_error("commune", _("The producer's commune is outside your area: choose a commune."))
        elif not data.get("commune") and "commune" not in self.errors:
            self.add_error("commune", _("This field is required."))
        return data

    def model_fields(self) -> dict:
        names = [n for n in self.Meta.fields if n != "standards"]
        return {n: self.cleaned_data[n] for n in names if n in self.cleaned_data}


class ListingForm(forms.Form):
    platform = forms.ChoiceField(label=_("Platform"), choices=[("", "—"), *EcommerceListing.Platform.choices])
    url = forms.URLField(label=_("Link"), max_length=500, assume_scheme="https")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["platform"].required = False
        self.fields["url"].required = False

    def clean(self):
        data = super().clean()
        if data.get("url") and not data.get("platform"):
            self.add_error("platform", _("Choose the platform."))
        if data.get("platform") and not data.get("url"):
            self.add_error("url", _("Give the link."))
        return data


ListingFormSet = forms.formset_factory(ListingForm, extra=2, max_num=30)


def listing_formset(product, data=None):
    initial = [{"platform": item.platform, "url": item.url} for item in product.listings.all()]
    return ListingFormSet(data=data, initial=initial, prefix="listings")


class ImageForm(forms.ModelForm):
    """The image field is the upload policy's (JPEG, PNG, WEBP by content; size; decodes)."""

    class Meta:
        model = ProductImage
        fields = ["kind", "image", "caption"]


class TransitionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ImportForm(forms.Form):
    file = PolicyFormField(
        label=_("Spreadsheet (.xlsx)"),
        profile=SPREADSHEETS,
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"enctype": "multipart/form-data"}
        self.helper.add_input(Submit("upload", _("Upload and preview")))
