"""Back office for DARD staff. Day-to-day work goes through the portal's pages and services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Fair, Participation, SalesPoint


@admin.register(SalesPoint)
class SalesPointAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "district", "active", "opened_on", "closed_on")
    list_filter = ("kind", "active", "district")
    search_fields = ("name", "name_ascii", "address")
    filter_horizontal = ("products",)
    raw_id_fields = ("district", "commune")


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    raw_id_fields = ("producer", "products")
    fields = ("producer", "products", "booth", "sales_vnd", "contracts_signed", "registered_at")


@admin.register(Fair)
class FairAdmin(SimpleHistoryAdmin):
    list_display = ("name", "city", "start_date", "end_date", "scope", "organiser", "sales_vnd")
    list_filter = ("scope", "organiser")
    search_fields = ("name", "name_ascii", "city")
    date_hierarchy = "start_date"
    readonly_fields = ("results_recorded_at", "results_recorded_by")
    inlines = [ParticipationInline]
