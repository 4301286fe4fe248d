"""Forms of the dossier pages. Forms collect input; services decide and change state."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import access
from ocop_portal.uploads.fields import PolicyFormField
from ocop_portal.uploads.types import DOSSIER_DOCUMENTS, SIGNED_MINUTES
from products.models import Product, RegulationVersion

from .. import checks, services
from ..models import CommuneAssessment, Dossier, LocalCriterion


class DossierCreateForm(forms.Form):
    call = forms.ModelChoiceField(label=_("Call for dossiers"), queryset=None)
    product = forms.ModelChoiceField(label=_("Product"), queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = checks.calls_for(user).order_by("-year", "level")
        # only products whose dossier may open now: at step 4, or rated (they enter re-rating)
        self.fields["product"].queryset = (
            access.editable(user, Product)
            .filter(state__in=services.ASSEMBLY_STATES + services.RERATING_SOURCES)
            .select_related("commune")
            .order_by("name", "pk")
        )
        self.fields["product"].label_from_instance = lambda p: f"{p.name} — {p.commune}"
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Create the dossier")))

    def clean(self):
        data = super().clean()
        call, product = data.get("call"), data.get("product")
        if call and product and Dossier.objects.filter(product=product, year=call.year).exists():
            raise forms.ValidationError(
                _("%(product)s already has a dossier for %(year)s.") % {"product": product, "year": call.year}
            )
        return data


class UploadForm(forms.Form):
    kind = forms.IntegerField(widget=forms.HiddenInput)
    # Several files in one input, each checked by the upload policy (type by content, size, name).
    files = PolicyFormField(
        label=_("Files (PDF, JPEG, PNG, DOCX, XLSX)"),
        profile=DOSSIER_DOCUMENTS,
        multiple=True,
        required=False,
    )


class OnsiteCheckForm(forms.Form):
    checked_on = forms.DateField(
        label=_("Date of the on-site check"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    confirm = forms.BooleanField(
        label=_("I attest that the product's production site was checked on site and the dossier matches it.")
    )


class ReturnForm(forms.Form):
    general = forms.CharField(
        label=_("General remark"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind_fields = []
        for line in lines:
            name = f"kind_{line.kind.pk}"
            self.fields[name] = forms.CharField(
                label=line.kind.name,
                widget=forms.Textarea(attrs={"rows": 1, "class": "form-control form-control-sm"}),
                required=False,
            )
            self.kind_fields.append((line, self[name]))

    def clean(self):
        data = super().clean()
        if not data.get("general", "").strip() and not any(
            (data.get(f"kind_{line.kind.pk}") or "").strip() for line, _ in self.kind_fields
        ):
            raise forms.ValidationError(_("Give at least one reason: per document kind or in general."))
        return data

    def reasons(self) -> dict[int, str]:
        return {
            line.kind.pk: self.cleaned_data.get(f"kind_{line.kind.pk}", "")
            for line, _ in self.kind_fields
            if (self.cleaned_data.get(f"kind_{line.kind.pk}") or "").strip()
        }


class CommuneReportStartForm(forms.Form):
    call = forms.ModelChoiceField(label=_("Call for dossiers"), queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = (
            checks.calls_for(user)
            .filter(regulation__in=RegulationVersion.objects.with_commune_step())
            .order_by("-year")
        )
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Start the report")))


class CommuneReportForm(forms.Form):
    """Meeting details plus, for each product and local criterion, a level and a comment.

    The fields needed to send the report are required (crispy marks them with an asterisk; the
    browser does not block, ``use_required_attribute`` is off): "Save and submit" checks them and shows
    each error on its field; "Save the draft" keeps whatever is filled in.
    """

    use_required_attribute = False

    meeting_date = forms.DateField(
        label=_("Meeting date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    chair_name = forms.CharField(label=_("Chair (commune chairman)"), max_length=150, required=False)
    chair_title = forms.CharField(label=_("Chair's title"), max_length=150, required=False)
    participants = forms.CharField(
        label=_("Participants (one per line)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    conclusion = forms.CharField(
        label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    minutes = PolicyFormField(
        label=_("Signed and stamped minutes (scan, PDF or image)"),
        profile=SIGNED_MINUTES,
        required=False,
        help_text=_("The legal document: the minutes of the meeting, signed by the chair and stamped."),
    )

    def __init__(self, *args, report, **kwargs):
        kwargs["initial"] = {
            "meeting_date": report.meeting_date,
            "chair_name": report.chair_name,
            "chair_title": report.chair_title,
            "participants": report.participants,
            "conclusion": report.conclusion,
            **(kwargs.get("initial") or {}),
        }
        super().__init__(*args, **kwargs)
        self.report = report
        self.criteria = list(
            LocalCriterion.objects.filter(regulation=report.call.regulation).prefetch_related("options")
        )
        self.items = list(report.items.select_related("dossier__product"))
        existing = {
            (a.item_id, a.criterion_id): a for a in CommuneAssessment.objects.filter(item__report=report)
        }
        self.rows = []  # [(item, [(criterion, option field, comment field)])]
        for item in self.items:
            cells = []
            for criterion in self.criteria:
                current = existing.get((item.pk, criterion.pk))
                opt_name, com_name = f"o_{item.pk}_{criterion.pk}", f"c_{item.pk}_{criterion.pk}"
                self.fields[opt_name] = forms.TypedChoiceField(
                    label=criterion.name,
                    choices=[("", "—")] + [(o.pk, o.label) for o in criterion.options.all()],
                    coerce=int,
                    empty_value=None,
                    required=False,
                    initial=current.option_id if current else None,
                )
                self.fields[com_name] = forms.CharField(
                    label=_("Comment"),
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 1}),
                    initial=current.comment if current else "",
                )
                cells.append((criterion, self[opt_name], self[com_name]))
            self.rows.append((item, cells))
        self.submitting = self.data.get("submit") is not None if self.is_bound else False
        if report.minutes:
            self.fields["minutes"].help_text = _("Stored: %(name)s. Choose a file only to replace it.") % {
                "name": report.minutes_name
            }
        for name in self.required_to_send():
            # marked on the page; enforced only when sending (a draft may be incomplete)
            self.fields[name].required = self.submitting or not self.is_bound

    def required_to_send(self) -> list[str]:
        names = ["meeting_date", "chair_name", "participants"]
        if not self.report.minutes:
            names.append("minutes")
        names += [f"o_{item.pk}_{criterion.pk}" for item in self.items for criterion in self.criteria]
        return names

    def answers(self) -> dict:
        return {
            (item.pk, criterion.pk): (
                self.cleaned_data.get(f"o_{item.pk}_{criterion.pk}"),
                self.cleaned_data.get(f"c_{item.pk}_{criterion.pk}", ""),
            )
            for item in self.items
            for criterion in self.criteria
        }
