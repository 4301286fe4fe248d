from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import access
from accounts.models import User
from products.models import Product, RegulationVersion

from .models import CouncilMember, Level, Round


class CrispyMixin:
    submit_label = _("Save")

    def _helper(self):
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label, css_class="btn-ocop"))


class RoundForm(CrispyMixin, forms.ModelForm):
    submit_label = _("Create the round")

    class Meta:
        model = Round
        fields = [
            "name",
            "year",
            "level",
            "regulation",
            "unit",
            "meeting_date",
            "scoring_closes_on",
            "quorum",
        ]
        widgets = {
            "meeting_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "scoring_closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = access.units_for(user).filter(level__code__in=["province", "district"])
        if access.role_of(user) == "district":
            units = units.filter(pk=user.unit_id)
            self.fields["level"].choices = [(Level.DISTRICT, Level.DISTRICT.label)]
        self.fields["unit"].queryset = units
        self.fields["regulation"].queryset = RegulationVersion.objects.all()
        self._helper()


class MemberForm(CrispyMixin, forms.Form):
    submit_label = _("Add to the council")
    user = forms.ModelChoiceField(label=_("Member"), queryset=User.objects.none())
    role = forms.ChoiceField(
        label=_("Council role"), choices=CouncilMember.Role.choices, initial=CouncilMember.Role.MEMBER
    )

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True, role__in=["province", "department", "district", "council"])
            .exclude(council_seats__round=round)
            .select_related("department", "unit")
            .order_by("last_name", "first_name")
        )
        self.fields["user"].label_from_instance = lambda u: (
            f"{u} — {u.department or u.unit or u.get_role_display()}"
        )
        self._helper()


class AssignForm(CrispyMixin, forms.Form):
    submit_label = _("Assign to the round")
    products = forms.ModelMultipleChoiceField(
        label=_("Products"), queryset=Product.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["products"].queryset = queryset
        self.fields["products"].label_from_instance = lambda p: (
            f"{p.name} — {p.producer} ({p.commune}) · {p.state_label}"
        )
        self._helper()


class ForwardForm(CrispyMixin, forms.Form):
    submit_label = _("Forward")
    target = forms.ModelChoiceField(label=_("Next level round"), queryset=Round.objects.none())

    def __init__(self, *args, round, user, **kwargs):
        super().__init__(*args, **kwargs)
        rule = round.rule
        self.fields["target"].queryset = access.visible(user, Round).filter(
            level=rule.next_level or "-", regulation=round.regulation, status__in=["setup", "scoring"]
        )
        self._helper()


class DecisionForm(CrispyMixin, forms.Form):
    submit_label = _("Prepare the decision")
    number = forms.CharField(label=_("Decision number"), max_length=60, help_text=_("e.g. 1234/QĐ-UBND"))
    date = forms.DateField(label=_("Decision date"), widget=forms.DateInput(attrs={"type": "date"}))
    signer_name = forms.CharField(label=_("Signer"), max_length=150)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=150, initial="Phó Chủ tịch")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


def score_form_fields(parts, initial: dict[int, int]):
    """Build (part, [(criterion, field_name, options, selected)]) rows for the score sheet template."""
    rows = []
    for part in parts:
        crits = []
        for c in part.criteria.all():
            crits.append((c, f"c{c.pk}", list(c.options.all()), initial.get(c.pk)))
        rows.append((part, crits))
    return rows
