from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import access
from accounts.models import User
from ocop_portal.workflow import TransitionRefused
from products.models import Product, RegulationVersion

from .authority import level_rule, profile_for_round
from .models import CouncilMember, Level, RegulationProfile, Round
from .models.rounds import round_date


class CrispyMixin:
    submit_label = _("Save")

    def _helper(self):
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label, css_class="btn-ocop"))


class RoundForm(CrispyMixin, forms.ModelForm):
    """A new round. Its rule set defaults to the one in force on the round's date (a 2026 round: 148 as
    amended by 1489) and its level must be one of that rule set's levels. ``regulation`` (hidden, not
    offered) keeps older callers working: a criteria version posted without a rule set means that
    version's own rule set."""

    submit_label = _("Create the round")

    class Meta:
        model = Round
        fields = [
            "name",
            "year",
            "profile",
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
            "regulation": forms.HiddenInput,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = access.units_for(user).filter(level__code__in=["province", "district"])
        profiles = RegulationProfile.objects.select_related("regulation").prefetch_related("levels")
        self.fields["profile"].queryset = profiles
        self.fields["profile"].required = False
        self.fields["profile"].label = _("Rule set")
        self.fields["profile"].help_text = " · ".join(
            f"{p}: {', '.join(str(row.get_level_display()) for row in p.evaluating_levels)}" for p in profiles
        )
        if not self.is_bound and not self.initial.get("profile"):
            self.initial["profile"] = RegulationProfile.in_force_on(timezone.localdate())
        self.fields["regulation"].queryset = RegulationVersion.objects.all()
        self.fields["regulation"].required = False
        chosen = self._chosen_profile()
        if access.role_of(user) == "district":
            units = units.filter(pk=user.unit_id)
            self.fields["level"].choices = [(Level.DISTRICT, Level.DISTRICT.label)]
        elif chosen is not None:
            self.fields["level"].choices = [
                (row.level, row.get_level_display()) for row in chosen.evaluating_levels
            ]
        self.fields["unit"].queryset = units
        self._helper()

    def _chosen_profile(self):
        """The rule set the level choices follow: the posted one, else the initial one."""
        value = self.data.get("profile") if self.is_bound else self.initial.get("profile")
        if isinstance(value, RegulationProfile) or value in (None, ""):
            return value or None
        return self.fields["profile"].queryset.filter(pk=value).first() if str(value).isdigit() else None

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            profile = profile_for_round(
                year=data["year"],
                meeting_date=data.get("meeting_date"),
                regulation=data.get("regulation"),
                profile=data.get("profile"),
            )
            level_rule(profile, data["level"])
        except TransitionRefused as exc:
            raise forms.ValidationError(exc.message) from None
        data["profile"] = profile
        day = round_date(data["year"], data.get("meeting_date"))
        self.out_of_force = None if profile.is_in_force_on(day) else (profile, day)
        return data


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

    historical_note = forms.CharField(
        label=_("Historical record: where the scores come from"),
        required=False,
        max_length=255,
        help_text=_(
            "Only for a round of a past year scored on paper: products without a dossier in the portal "
            "are recorded as historical with this note. Leave empty to require each product's dossier."
        ),
    )

    def __init__(self, *args, queryset, year, historical=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["products"].queryset = queryset
        self.fields["products"].label_from_instance = lambda p: (
            f"{p.name} — {p.producer} ({p.commune}) · {p.state_label}"
        )
        self.fields["products"].help_text = _(
            "Products with an evidence dossier of %(year)s that the district has submitted or the "
            "evaluating level accepted."
        ) % {"year": year}
        if historical:
            self.fields["products"].help_text = ""
        else:
            del self.fields["historical_note"]
        self._helper()


class ForwardForm(CrispyMixin, forms.Form):
    submit_label = _("Forward")
    target = forms.ModelChoiceField(label=_("Next level round"), queryset=Round.objects.none())

    def __init__(self, *args, round, user, **kwargs):
        super().__init__(*args, **kwargs)
        rule = round.rule
        self.fields["target"].queryset = access.visible(user, Round).filter(
            level=rule.next_level or "-", profile=round.profile_id, status__in=["setup", "scoring"]
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


class ScoreSheetForm(forms.Form):
    """A member's score sheet: one radio group per criterion, the comment, the version it was opened at.

    ``complete`` (submitting, revising): every criterion needs an answer — a blank one is an error on
    its own field, so that an untouched sheet is never submitted as 0 points. ``revise``: the reason
    for changing a submitted sheet is required.
    """

    # the sheet's version when the form was opened (no token: opened before any sheet existed)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )

    def __init__(self, *args, parts, complete=False, revise=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.parts = parts
        self.criterion_fields = {}
        for part in parts:
            for c in part.criteria.all():
                name = f"c{c.pk}"
                self.criterion_fields[name] = c
                self.fields[name] = forms.TypedChoiceField(
                    label=f"{c.code}. {c.text}",
                    choices=[(o.pk, o.text) for o in c.options.all()],
                    coerce=int,
                    empty_value=None,
                    required=complete,
                    widget=forms.RadioSelect,
                    error_messages={
                        "required": _("Criterion %(code)s has no answer: choose one of its levels.")
                        % {"code": c.code},
                        "invalid_choice": _("Criterion %(code)s: the answer is not one of its options.")
                        % {"code": c.code},
                    },
                )
        if revise:
            self.fields["reason"] = forms.CharField(
                label=_("Reason for revising the submitted sheet"),
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
                error_messages={"required": _("Say why the submitted sheet is revised.")},
            )

    def answers(self) -> dict[int, int]:
        return {
            c.pk: self.cleaned_data[name]
            for name, c in self.criterion_fields.items()
            if self.cleaned_data.get(name) is not None
        }

    def missing_codes(self) -> list[str]:
        return [c.code for name, c in self.criterion_fields.items() if name in self.errors]

    def rows(self):
        """(part, [(criterion, field name, options, selected option id, errors)]) for the template."""
        data = self.data if self.is_bound else self.initial
        rows = []
        for part in self.parts:
            crits = []
            for c in part.criteria.all():
                name = f"c{c.pk}"
                raw = data.get(name)
                try:
                    selected = int(raw) if raw not in (None, "") else None
                except (TypeError, ValueError):
                    selected = None
                errors = self.errors.get(name, []) if self.is_bound else []
                crits.append((c, name, list(c.options.all()), selected, errors))
            rows.append((part, crits))
        return rows


def read_only_rows(parts, answers: dict[int, int]):
    """(part, part total, [(criterion, chosen option or None)]) for a submitted sheet."""
    rows = []
    for part in parts:
        crits, total = [], 0
        for c in part.criteria.all():
            chosen = next((o for o in c.options.all() if o.pk == answers.get(c.pk)), None)
            total += chosen.points if chosen else 0
            crits.append((c, chosen))
        rows.append((part, total, crits))
    return rows
