from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import AdministrativeUnit, Department, UnitLevel, UnitSuccession, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "get_full_name", "role", "unit", "department", "is_active")
    list_filter = ("role", "is_active", "department")
    search_fields = ("username", "first_name", "last_name", "email")
    autocomplete_fields = ("unit",)
    fieldsets = BaseUserAdmin.fieldsets + (
        (
            _("OCOP role"),
            {
                "fields": (
                    "role",
                    "unit",
                    "department",
                    "position",
                    "phone",
                    "is_unit_head",
                    "email_notifications",
                )
            },
        ),
    )


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "official_code", "level", "parent", "valid_from", "valid_to")
    list_filter = ("level",)
    search_fields = ("name", "name_ascii", "code", "official_code")
    autocomplete_fields = ("parent",)


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ("predecessor", "successor", "date", "legal_basis")
    autocomplete_fields = ("predecessor", "successor")


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ("name", "short_name", "code", "is_dard", "order", "valid_from", "valid_to")
    filter_horizontal = ("predecessors",)


admin.site.register(UnitLevel)
