"""The inspection report form (a department reports what it found on a certified product) and the
revocation decision form (DARD records the decision that revokes a certificate)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from evaluation.forms import CrispyMixin
from ocop_portal.uploads.fields import PolicyFormField
from ocop_portal.uploads.types import INSPECTION_EVIDENCE
from products.models import Level, Product

from .models import Certificate, RevocationDecision


class InspectionForm(CrispyMixin, forms.Form):
    submit_label = _("Report to DARD")
    certificate = forms.ModelChoiceField(label=_("Certificate"), queryset=Certificate.objects.none())
    inspected_on = forms.DateField(label=_("Inspection date"), widget=forms.DateInput(attrs={"type": "date"}))
    finding = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    is_violation = forms.BooleanField(label=_("A violation was found"), required=False, initial=True)
    evidence = PolicyFormField(
        label=_("Evidence (PDF or image)"), profile=INSPECTION_EVIDENCE, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certificate"].queryset = Certificate.objects.valid().select_related("product")
        self.fields["certificate"].label_from_instance = lambda c: (
            f"{c.number} — {c.product.name} ({c.stars}★)"
        )
        self._helper()


class PaperCertificateForm(CrispyMixin, forms.Form):
    """DARD records a certificate issued on paper before the portal (a Certificate "recorded from paper")."""

    submit_label = _("Record the certificate")
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.none())
    stars = forms.TypedChoiceField(label=_("Stars"), choices=[(3, "3★"), (4, "4★"), (5, "5★")], coerce=int)
    level = forms.ChoiceField(
        label=_("Level"),
        choices=[("", _("As the regulation in force on the decision date says")), *Level.choices],
        required=False,
    )
    issuing_authority = forms.CharField(
        label=_("Issuing authority"),
        max_length=150,
        required=False,
        help_text=_(
            "As printed on the decision, e.g. UBND tỉnh Quảng Nam. Empty: the usual one for the level."
        ),
    )
    decision_number = forms.CharField(label=_("Recognition decision number"), max_length=60)
    decision_date = forms.DateField(
        label=_("Decision date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    number = forms.CharField(
        label=_("Certificate number"),
        max_length=50,
        required=False,
        help_text=_("As printed on the paper certificate; empty: the portal gives one (OCOP-QNA-<year>-G…)."),
    )
    issued_on = forms.DateField(
        label=_("Issued on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Empty: the decision date."),
    )
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Empty: 36 months from the date of issue."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = Product.objects.select_related("producer", "commune").order_by(
            "name_ascii", "pk"
        )
        self.fields["product"].label_from_instance = lambda p: (
            f"{p.name} — {p.producer.name} ({p.commune.name})"
        )
        self._helper()


class ProposalDecisionForm(forms.Form):
    """DARD's answer to a proposal on the review screen: confirm (authority, level) or reject (reason)."""

    issuing_authority = forms.CharField(label=_("Issuing authority"), max_length=150, required=False)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices, required=False)
    reason = forms.CharField(label=_("Reason for rejection"), max_length=2000, required=False)


class RevocationForm(CrispyMixin, forms.Form):
    """DARD records the People's Committee's revocation decision (Quyết định thu hồi)."""

    submit_label = _("Revoke the certificate")
    decision_number = forms.CharField(
        label=_("Revocation decision number"), max_length=60, help_text=_("e.g. 1234/QĐ-UBND")
    )
    decision_date = forms.DateField(
        label=_("Revocation decision date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    signer_name = forms.CharField(label=_("Signed by"), max_length=150)
    signer_title = forms.CharField(
        label=_("Signer's title"), max_length=150, help_text=_("e.g. Phó Chủ tịch UBND tỉnh")
    )
    reason = forms.CharField(
        label=_("Reason for revocation"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.add_input(Submit("submit", self.submit_label, css_class="btn-danger"))

    def decision(self) -> RevocationDecision:
        data = self.cleaned_data
        return RevocationDecision(
            number=data["decision_number"].strip(),
            date=data["decision_date"],
            signer_name=data["signer_name"].strip(),
            signer_title=data["signer_title"].strip(),
        )

    @classmethod
    def initial_for(cls, certificate: Certificate) -> dict:
        """The recognising decision's signer is the likely signer of its revocation."""
        decision = certificate.decision
        return {
            "signer_name": decision.signer_name if decision else "",
            "signer_title": decision.signer_title if decision else "",
        }
