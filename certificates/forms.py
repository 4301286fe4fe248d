"""The inspection report form (a department reports what it found on a certified product)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluation.forms import CrispyMixin

from .models import Certificate


class InspectionForm(CrispyMixin, forms.Form):
    submit_label = _("Report to DARD")
    certificate = forms.ModelChoiceField(label=_("Certificate"), queryset=Certificate.objects.none())
    inspected_on = forms.DateField(label=_("Inspection date"), widget=forms.DateInput(attrs={"type": "date"}))
    finding = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    is_violation = forms.BooleanField(label=_("A violation was found"), required=False, initial=True)
    evidence = forms.FileField(label=_("Evidence (PDF or image)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certificate"].queryset = Certificate.objects.valid().select_related("product")
        self.fields["certificate"].label_from_instance = lambda c: (
            f"{c.number} — {c.product.name} ({c.stars}★)"
        )
        self._helper()
