"""Back office for DARD staff (the main UI is the staff registry at /products/).

State and rating are read-only here: they change only through the services (lifecycle
actions on the product page, evaluation and certificates, spreadsheet import).
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    EcommerceListing,
    Product,
    ProductGroup,
    ProductImage,
    ProductTransition,
    RegulationVersion,
    Standard,
)


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    extra = 0


class EcommerceListingInline(admin.TabularInline):
    model = EcommerceListing
    extra = 0


class ProductTransitionInline(admin.TabularInline):
    model = ProductTransition
    extra = 0
    can_delete = False
    fields = ("at", "name", "from_state", "to_state", "by", "reason")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Product)
class ProductAdmin(SimpleHistoryAdmin):
    list_display = ("name", "producer", "commune", "group", "state", "stars", "valid_until")
    list_filter = ("state", "stars", "group__regulation", "origin")
    search_fields = ("name", "name_ascii", "certificate_number", "producer__name", "producer__name_ascii")
    autocomplete_fields = ("producer", "commune")
    list_select_related = ("producer", "commune", "group")
    readonly_fields = ("state", "stars", "certificate_number", "certified_on", "valid_until", "created_by")
    filter_horizontal = ("standards",)
    inlines = [ProductImageInline, EcommerceListingInline, ProductTransitionInline]


@admin.register(RegulationVersion)
class RegulationVersionAdmin(admin.ModelAdmin):
    list_display = ("decision", "code", "effective_from", "part_a_max", "part_b_max", "part_c_max")


@admin.register(ProductGroup)
class ProductGroupAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "regulation", "parent", "is_tourism")
    list_filter = ("regulation",)
    search_fields = ("name", "code")


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")
