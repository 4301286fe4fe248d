from django.contrib import admin

from .models import Notification, ReminderLog


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = (
        "kind",
        "lead",
        "object_type",
        "object_id",
        "moment",
        "recipient_key",
        "status",
        "late",
        "emailed",
        "attempts",
        "sent_at",
    )
    list_filter = ("kind", "status", "late", "emailed")
    search_fields = ("recipient_key", "title", "email")
    date_hierarchy = "moment"
    readonly_fields = [f.name for f in ReminderLog._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("title", "recipient", "kind", "created_at", "read_at")
    list_filter = ("kind",)
    search_fields = ("title", "recipient__username")
    raw_id_fields = ("recipient", "reminder")
