"""Back office for DARD staff: the rule sets (regulation profiles) and their level-authority tables.

Rounds, sheets and decisions change only through the services (the pages under /evaluation/); the rule
sets are reference data that DARD corrects here — a correction applies to the next computation of a
round's results (the outcomes already stored on closed rounds stay as they were decided).
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import ProfileLevel, RegulationProfile
from .models.profiles import COMMUNE_STEP


class ProfileLevelFormSet(forms.BaseInlineFormSet):
    """Across the rows of one rule set: a level forwards only to a level the rule set has, after it."""

    def clean(self):
        super().clean()
        rows = [
            f.cleaned_data
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("level")
        ]
        order = {row["level"]: row.get("order") or 0 for row in rows}
        if not any(level != COMMUNE_STEP for level in order):
            raise ValidationError(_("A rule set needs at least one level that evaluates."))
        for row in rows:
            target = row.get("forwards_to")
            if target and target not in order:
                raise ValidationError(
                    _("%(level)s forwards to %(target)s, which this rule set does not have.")
                    % {"level": row["level"], "target": target}
                )
            if target and order[target] <= order[row["level"]]:
                raise ValidationError(
                    _("%(level)s forwards to %(target)s, which does not come after it.")
                    % {"level": row["level"], "target": target}
                )


class ProfileLevelInline(admin.TabularInline):
    model = ProfileLevel
    formset = ProfileLevelFormSet
    extra = 0
    fields = (
        "order",
        "level",
        "recognises_from",
        "recognises_to",
        "forward_threshold",
        "forwards_to",
        "certifies_highest_when_above",
        "unit_level",
        "issuer",
        "description",
    )


@admin.register(RegulationProfile)
class RegulationProfileAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "regulation", "valid_from", "valid_to")
    list_select_related = ("regulation",)
    search_fields = ("name", "code", "legal_basis")
    inlines = [ProfileLevelInline]
