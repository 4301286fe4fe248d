"""Back office for DARD staff: calls and batches, the checklist data, local criteria. Dossier and
report states change only through ``dossiers.services``, so they are read-only here."""

from django import forms
from django.contrib import admin as admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from dossiers import batches
from dossiers.models import (
    CallDistrictQuota,
    ChecklistRule,
    CommuneReport,
    DocumentKind,
    Dossier,
    DossierCall,
    DossierDocument,
    DossierTransition,
    LocalCriterion,
    LocalCriterionOption,
    SubmissionBatch,
)


class SubmissionBatchForm(forms.ModelForm):
    """A batch another record owns (a published plan's milestone) is read-only here."""

    OWNED_FIELDS = ("number", "deadline", "quota_percent")

    class Meta:
        model = SubmissionBatch
        fields = ["number", "deadline", "quota_percent", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        owner = batches.owner_of(self.instance) if self.instance.pk else None
        if owner is not None:
            for name in self.OWNED_FIELDS:
                self.fields[name].disabled = True
            self.fields["deadline"].help_text = format_html(
                '{} <a href="{}">{}</a>', _("Set by"), owner.url, owner.label
            )


class SubmissionBatchInline(admin.TabularInline):
    model = SubmissionBatch
    form = SubmissionBatchForm
    extra = 0


class CallDistrictQuotaInline(admin.TabularInline):
    model = CallDistrictQuota
    extra = 0
    autocomplete_fields = ("district",)


@admin.register(DossierCall)
class DossierCallAdmin(admin.ModelAdmin):
    list_display = ("__str__", "year", "level", "regulation", "issuing_unit", "late_policy")
    list_filter = ("year", "level", "regulation", "late_policy")
    autocomplete_fields = ("issuing_unit",)
    inlines = [SubmissionBatchInline, CallDistrictQuotaInline]


@admin.register(DocumentKind)
class DocumentKindAdmin(admin.ModelAdmin):
    list_display = ("order", "code", "name", "source", "applies_to_tourism_only")
    list_display_links = ("code", "name")
    search_fields = ("code", "name")


@admin.register(ChecklistRule)
class ChecklistRuleAdmin(admin.ModelAdmin):
    list_display = ("regulation", "group", "kind", "required")
    list_filter = ("regulation", "required", "kind")
    list_editable = ("required",)


class LocalCriterionOptionInline(admin.TabularInline):
    model = LocalCriterionOption
    extra = 0


@admin.register(LocalCriterion)
class LocalCriterionAdmin(admin.ModelAdmin):
    list_display = ("regulation", "order", "name", "is_sample_wording")
    list_filter = ("regulation",)
    inlines = [LocalCriterionOptionInline]


class DossierDocumentInline(admin.TabularInline):
    model = DossierDocument
    extra = 0
    can_delete = False
    fields = ("kind", "original_name", "size", "content_type", "sha256", "uploaded_by", "uploaded_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class DossierTransitionInline(admin.TabularInline):
    model = DossierTransition
    extra = 0
    can_delete = False
    fields = ("at", "name", "from_state", "to_state", "by", "reason")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    list_display = ("product", "year", "call", "status", "batch", "is_late", "submitted_at")
    list_filter = ("year", "status", "is_late", "call")
    search_fields = ("product__name",)
    list_select_related = ("product", "call", "call__regulation", "batch")
    readonly_fields = (
        "product",
        "year",
        "call",
        "status",
        "submitted_at",
        "submitted_on",
        "batch",
        "is_late",
        "accepted_at",
        "onsite_checked_on",
        "onsite_checked_by",
        "onsite_attested_at",
        "onsite_note",
        "created_by",
    )
    inlines = [DossierDocumentInline, DossierTransitionInline]

    def has_add_permission(self, request):
        return False


@admin.register(CommuneReport)
class CommuneReportAdmin(admin.ModelAdmin):
    list_display = ("commune", "call", "status", "meeting_date", "submitted_at")
    list_filter = ("status", "call")
    search_fields = ("commune__name",)
    readonly_fields = ("commune", "call", "status", "submitted_at", "submitted_by", "created_by")

    def has_add_permission(self, request):
        return False
