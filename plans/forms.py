"""Forms of the plans app (crispy-forms, Bootstrap 5)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import access
from accounts.levels import LOCAL_UNIT
from accounts.models import AdministrativeUnit, Role, User
from ocop_portal.uploads.fields import PolicyFormField
from ocop_portal.uploads.types import TASK_ATTACHMENTS
from producers.models import Producer
from products.models import Product

from .models import (
    AnnualPlan,
    DutyTemplate,
    FundingSource,
    LegalBasis,
    Milestone,
    Period,
    PlanProduct,
    StepWindow,
    Target,
    Task,
    TrainingSession,
)

DATE = forms.DateInput(attrs={"type": "text", "placeholder": "dd/mm/yyyy", "autocomplete": "off"})


def _years():
    this = timezone.localdate().year
    return [(y, y) for y in range(this + 1, 2018, -1)]


class ReasonMixin(forms.Form):
    """Adds an amendment reason, required once the plan is published."""

    reason = forms.CharField(
        label=_("Reason for the amendment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the plan is already published."),
    )

    def __init__(self, *args, plan=None, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)
        if plan is None or not plan.is_published:
            self.fields.pop("reason")

    def clean_reason(self):
        reason = self.cleaned_data.get("reason", "").strip()
        if self.plan is not None and self.plan.is_published and not reason:
            raise ValidationError(_("The plan is published: give a reason for the amendment."))
        return reason


class ReasonForm(ReasonMixin):
    pass


class PlanForm(forms.ModelForm):
    class Meta:
        model = AnnualPlan
        fields = ["year", *AnnualPlan.TEXT_FIELDS]
        widgets = {
            "date": DATE,
            "purposes": forms.Textarea(attrs={"rows": 4}),
            "general_objectives": forms.Textarea(attrs={"rows": 4}),
            "specific_objectives": forms.Textarea(attrs={"rows": 6}),
            "contents": forms.Textarea(attrs={"rows": 6}),
            "funding": forms.Textarea(attrs={"rows": 2}),
            "implementation_intro": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 4}),
        }


class PlanEditForm(ReasonMixin, forms.ModelForm):
    class Meta(PlanForm.Meta):
        fields = list(AnnualPlan.TEXT_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, plan=kwargs.get("instance"), **kwargs)


class CopyPlanForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year of the new plan"), coerce=int, choices=_years)


def _formset(model, fields, widgets=None, extra=1):
    return inlineformset_factory(
        AnnualPlan, model, fields=fields, extra=extra, can_delete=True, widgets=widgets or {}
    )


LegalBasisFormSet = _formset(
    LegalBasis,
    ["order", "kind", "reference", "issued_on", "issuer", "summary"],
    {"issued_on": DATE, "summary": forms.Textarea(attrs={"rows": 2})},
    extra=2,
)


class MilestoneForm(forms.ModelForm):
    """A milestone's date, batch number and quota as the plan states them: for a milestone bound to a
    call's batch they are the batch's (shown here, saved there by ``plans.services.save_section``)."""

    class Meta:
        model = Milestone
        fields = ["kind", "label", "due_date", "batch_number", "quota_percent"]
        widgets = {"due_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        m = self.instance
        if m.pk and m.batch_id:
            self.initial.update(due_date=m.deadline, batch_number=m.number, quota_percent=m.quota)
            self.fields["due_date"].help_text = _("The deadline of batch %(n)s of the call for dossiers.") % {
                "n": m.number
            }
        else:
            self.fields["due_date"].help_text = ""
        self.fields["due_date"].required = True


class BaseMilestoneFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        dossier_batches = [
            f.cleaned_data
            for f in self.forms
            if f.cleaned_data
            and not f.cleaned_data.get("DELETE")
            and f.cleaned_data.get("kind") == Milestone.Kind.DOSSIER_BATCH
        ]
        numbers = [d["batch_number"] for d in dossier_batches if d.get("batch_number")]
        if len(numbers) != len(set(numbers)):
            raise ValidationError(_("Each dossier batch needs its own batch number."))


MilestoneFormSet = inlineformset_factory(
    AnnualPlan, Milestone, form=MilestoneForm, formset=BaseMilestoneFormSet, extra=2, can_delete=True
)
StepWindowFormSet = _formset(StepWindow, ["step", "start", "end"], {"start": DATE, "end": DATE}, extra=0)
TargetFormSet = _formset(
    Target, ["order", "kind", "label", "goal_value", "goal_max", "unit", "scope"], extra=2
)


class TargetValueForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = ["manual_value", "manual_note"]


class AddProductsForm(ReasonMixin):
    kind = forms.ChoiceField(label=_("Mark as"), choices=PlanProduct.Kind.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=255)
    products = forms.ModelMultipleChoiceField(
        label=_("Products"), queryset=Product.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["products"].queryset = candidates if candidates is not None else Product.objects.none()


class ProductSearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False)
    district = forms.ModelChoiceField(
        label=LOCAL_UNIT, queryset=AdministrativeUnit.objects.none(), required=False
    )
    recognised = forms.ChoiceField(
        label=_("Rating"),
        required=False,
        choices=[
            ("", _("All")),
            ("pipeline", _("In the pipeline")),
            ("recognised", _("Recognised / expired")),
        ],
    )

    def __init__(self, *args, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if districts is not None:
            self.fields["district"].queryset = districts


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = [
            "lead_department",
            "lead_group",
            "cooperating",
            "section_heading",
            "title",
            "description",
            "due_date",
            "recurrence",
            "order",
        ]
        widgets = {
            "due_date": DATE,
            "cooperating": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self):
        data = super().clean()
        if bool(data.get("lead_department")) == bool(data.get("lead_group")):
            raise ValidationError(_("Choose either a lead department or a group of localities."))
        lead = data.get("lead_department")
        if lead and lead in (data.get("cooperating") or []):
            self.add_error("cooperating", _("The lead department cannot also cooperate."))
        return data


class TemplatePickForm(forms.Form):
    templates = forms.ModelMultipleChoiceField(
        label=_("Standard duties"),
        queryset=DutyTemplate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        used = plan.tasks.filter(template__isnull=False).values("template_id") if plan else []
        self.fields["templates"].queryset = (
            DutyTemplate.objects.filter(active=True).exclude(pk__in=used).select_related("lead_department")
        )


class TransitionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ProgressReportForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 4}))
    percent = forms.IntegerField(label=_("Percent done"), min_value=0, max_value=100, initial=0)
    files = PolicyFormField(
        label=_("Evidence files"),
        profile=TASK_ATTACHMENTS,
        multiple=True,
        required=False,
        help_text=_("PDF, Word, Excel, OpenDocument, JPEG or PNG; 20 MB at most each."),
    )

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise ValidationError(_("The date is in the future."))
        return date


class DutyTemplateForm(forms.ModelForm):
    class Meta:
        model = DutyTemplate
        fields = [
            "code",
            "lead_department",
            "lead_group",
            "cooperating",
            "section_heading",
            "title",
            "text",
            "recurrence",
            "due_month",
            "due_day",
            "source",
            "order",
            "active",
        ]
        widgets = {"cooperating": forms.CheckboxSelectMultiple, "text": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        data = super().clean()
        if bool(data.get("lead_department")) == bool(data.get("lead_group")):
            raise ValidationError(_("Choose either a lead department or a group of localities."))
        month, day = data.get("due_month"), data.get("due_day")
        if month and not 1 <= month <= 12:
            self.add_error("due_month", _("A month is between 1 and 12."))
        if day and not 1 <= day <= 31:
            self.add_error("due_day", _("A day is between 1 and 31."))
        return data


def local_units(user, province):
    """The province and its local units (districts, or communes when two-tier), narrowed to the
    local officer's own unit."""
    qs = AdministrativeUnit.objects.filter(
        pk__in=[
            province.pk,
            *AdministrativeUnit.objects.local().filter(parent=province).values_list("pk", flat=True),
        ]
    ).select_related("level")
    if access.role_of(user) == Role.DISTRICT:
        qs = qs.filter(pk=user.unit_id)
    return qs.order_by("level__depth", "name", "pk")


class TrainingSessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = ["unit", "date", "topic", "trainer", "location", "notes"]
        widgets = {"date": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = local_units(user, plan.province)


class AttendeesForm(forms.Form):
    users = forms.ModelMultipleChoiceField(
        label=_("District and commune officers"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    producers = forms.ModelMultipleChoiceField(
        label=_("Producers"),
        queryset=Producer.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )

    def __init__(self, *args, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        scope = session.unit if session.unit.level.code != "province" else session.plan.province
        self.fields["users"].queryset = (
            User.objects.filter(
                is_active=True, role__in=[Role.DISTRICT, Role.COMMUNE], unit__path__startswith=scope.path
            )
            .exclude(trainings__session=session)
            .select_related("unit")
            .order_by("unit__path", "last_name")
        )
        self.fields["producers"].queryset = (
            Producer.objects.in_unit(scope).exclude(trainings__session=session).order_by("name")
        )
        self.fields["users"].label_from_instance = lambda u: f"{u} — {u.unit}"

    def clean(self):
        data = super().clean()
        if not data.get("users") and not data.get("producers"):
            raise ValidationError(_("Choose at least one attendee."))
        return data


class AllocationForm(forms.Form):
    locality = forms.ModelChoiceField(label=_("Locality"), queryset=AdministrativeUnit.objects.none())
    source = forms.ChoiceField(label=_("Source"), choices=FundingSource.choices)
    amount = forms.IntegerField(label=_("Amount (VND)"), min_value=1)
    decision_reference = forms.CharField(label=_("Decision"), required=False, max_length=120)
    note = forms.CharField(label=_("Note"), required=False, max_length=255)

    def __init__(self, *args, user=None, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locality"].queryset = local_units(user, plan.province)


class DisbursementForm(forms.Form):
    locality = forms.ModelChoiceField(label=_("Locality"), queryset=AdministrativeUnit.objects.none())
    source = forms.ChoiceField(label=_("Source"), choices=FundingSource.choices)
    date = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    amount = forms.IntegerField(label=_("Amount (VND)"), min_value=1)
    note = forms.CharField(label=_("Note"), required=False, max_length=255)

    def __init__(self, *args, user=None, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locality"].queryset = local_units(user, plan.province)
        if access.role_of(user) == Role.DISTRICT:
            self.fields["locality"].initial = user.unit_id

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise ValidationError(_("The date is in the future."))
        return date


class PeriodicReportCreateForm(forms.Form):
    district = forms.ModelChoiceField(label=LOCAL_UNIT, queryset=AdministrativeUnit.objects.none())
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=_years)
    period = forms.ChoiceField(label=_("Period"), choices=Period.choices)
    narrative = forms.CharField(
        label=_("Narrative"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    difficulties = forms.CharField(
        label=_("Difficulties and proposals"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        districts = AdministrativeUnit.objects.local().order_by("name", "pk")
        if access.role_of(user) == Role.DISTRICT:
            districts = districts.filter(pk=user.unit_id)
            self.fields["district"].initial = user.unit_id
        self.fields["district"].queryset = districts
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["period"].initial = f"Q{(today.month - 1) // 3 + 1}"


class PeriodicReportEditForm(forms.Form):
    narrative = forms.CharField(label=_("Narrative"), widget=forms.Textarea(attrs={"rows": 8}))
    difficulties = forms.CharField(
        label=_("Difficulties and proposals"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class RevenueForm(forms.Form):
    producer = forms.ModelChoiceField(label=_("Producer"), queryset=Producer.objects.none())
    product = forms.ModelChoiceField(
        label=_("Product (optional)"),
        queryset=Product.objects.none(),
        required=False,
        help_text=_("Leave empty for the producer's whole business."),
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=_years)
    revenue = forms.IntegerField(label=_("Revenue (VND)"), min_value=0)
    profit = forms.IntegerField(label=_("Profit (VND)"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["producer"].queryset = access.visible(user, Producer).order_by("name")
        self.fields["product"].queryset = (
            access.visible(user, Product).select_related("producer").order_by("name")
        )
        self.fields["year"].initial = timezone.localdate().year - 1

    def clean(self):
        data = super().clean()
        product, producer = data.get("product"), data.get("producer")
        if product and producer and product.producer_id != producer.pk:
            self.add_error("product", _("This product belongs to another producer."))
        return data
