"""Back office for DARD staff. The portal's own pages are the main UI: they record amendments,
transitions and access checks, so the plan's workflow fields are read-only here."""

from django.contrib import admin

from .models import (
    Allocation,
    Amendment,
    AnnualPlan,
    Disbursement,
    DutyTemplate,
    LegalBasis,
    Milestone,
    PeriodicReport,
    PlanProduct,
    PlanVersion,
    ProgressReport,
    RevenueReport,
    StepWindow,
    Target,
    Task,
    TrainingSession,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LegalBasisInline(ReadOnlyInline):
    model = LegalBasis
    fields = ("order", "kind", "reference", "issued_on", "issuer")


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    fields = ("kind", "label", "deadline", "number", "quota", "batch")
    readonly_fields = fields


class StepWindowInline(ReadOnlyInline):
    model = StepWindow
    fields = ("step", "start", "end")


class TargetInline(ReadOnlyInline):
    model = Target
    fields = ("order", "kind", "label", "goal_value", "goal_max", "unit")


@admin.register(AnnualPlan)
class AnnualPlanAdmin(admin.ModelAdmin):
    list_display = ("year", "title", "number", "date", "status", "version")
    list_filter = ("status", "year")
    search_fields = ("title", "number")
    readonly_fields = ("status", "version", "published_at", "published_by", "copied_from", "created_by")
    inlines = [LegalBasisInline, MilestoneInline, StepWindowInline, TargetInline]

    def has_change_permission(self, request, obj=None):
        # A published plan changes only through the portal, which records the amendment.
        return super().has_change_permission(request, obj) and (obj is None or not obj.is_published)


@admin.register(Amendment)
class AmendmentAdmin(admin.ModelAdmin):
    list_display = ("plan", "version", "section", "by", "at")
    list_filter = ("section",)
    readonly_fields = [f.name for f in Amendment._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(PlanVersion)
class PlanVersionAdmin(admin.ModelAdmin):
    list_display = ("plan", "number", "created_at", "created_by")
    readonly_fields = [f.name for f in PlanVersion._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(PlanProduct)
class PlanProductAdmin(admin.ModelAdmin):
    list_display = ("product", "plan", "kind", "added_at")
    list_filter = ("kind", "plan")
    search_fields = ("product__name",)
    raw_id_fields = ("product",)

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DutyTemplate)
class DutyTemplateAdmin(admin.ModelAdmin):
    list_display = ("code", "lead_department", "lead_group", "title", "recurrence", "due_month", "active")
    list_filter = ("lead_department", "lead_group", "recurrence", "active")
    search_fields = ("code", "title", "text")
    filter_horizontal = ("cooperating",)


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("title", "plan", "lead_department", "lead_group", "due_date", "status")
    list_filter = ("status", "plan", "lead_department", "recurrence")
    search_fields = ("title", "description")
    readonly_fields = ("status", "completed_at", "previous")
    filter_horizontal = ("cooperating",)


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ("task", "date", "percent", "department", "unit", "by")
    list_filter = ("department",)


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    list_display = ("topic", "date", "unit", "plan")
    list_filter = ("plan",)


@admin.register(Allocation)
class AllocationAdmin(admin.ModelAdmin):
    list_display = ("plan", "locality", "source", "amount", "decision_reference")
    list_filter = ("plan", "source")


@admin.register(Disbursement)
class DisbursementAdmin(admin.ModelAdmin):
    list_display = ("plan", "locality", "source", "date", "amount", "reported_by")
    list_filter = ("plan", "source")


@admin.register(PeriodicReport)
class PeriodicReportAdmin(admin.ModelAdmin):
    list_display = ("district", "year", "period", "status", "submitted_at")
    list_filter = ("year", "period", "status")
    readonly_fields = ("status", "figures", "submitted_at", "submitted_by")


@admin.register(RevenueReport)
class RevenueReportAdmin(admin.ModelAdmin):
    list_display = ("producer", "product", "year", "revenue", "profit")
    list_filter = ("year",)
    raw_id_fields = ("producer", "product")
