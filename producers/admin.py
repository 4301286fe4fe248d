"""Back office for DARD staff (the main UI is the staff registry at /producers/)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import OrganisationEvent, Producer, ProducerAccount


class OrganisationEventInline(admin.TabularInline):
    model = OrganisationEvent
    extra = 0
    fields = ("year", "kind", "note", "recorded_by", "recorded_at")
    readonly_fields = ("recorded_by", "recorded_at")


@admin.register(Producer)
class ProducerAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "tax_code", "commune", "founded_year")
    list_filter = ("kind",)
    search_fields = ("name", "name_ascii", "tax_code", "legal_representative")
    autocomplete_fields = ("commune",)
    list_select_related = ("commune",)
    inlines = [OrganisationEventInline]


@admin.register(OrganisationEvent)
class OrganisationEventAdmin(SimpleHistoryAdmin):
    list_display = ("producer", "year", "kind", "recorded_by", "recorded_at")
    list_filter = ("kind", "year")
    search_fields = ("producer__name", "producer__name_ascii")
    autocomplete_fields = ("producer",)
    list_select_related = ("producer", "recorded_by")
    readonly_fields = ("recorded_by", "recorded_at")


@admin.register(ProducerAccount)
class ProducerAccountAdmin(admin.ModelAdmin):
    list_display = ("user", "producer")
    search_fields = ("user__username", "producer__name", "producer__name_ascii")
    autocomplete_fields = ("user", "producer")
    list_select_related = ("user", "producer")
