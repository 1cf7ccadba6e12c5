from django.contrib import admin

from .models import Notification, NotificationPreference, ReminderLog


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "in_app", "email_state", "read_at", "created_at"]
    list_filter = ["kind", "email_state", "in_app"]
    search_fields = ["title", "recipient__username", "key"]
    raw_id_fields = ["recipient"]
    readonly_fields = ["content_type", "object_id", "key", "emailed_at", "created_at"]
    date_hierarchy = "created_at"


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "in_app", "email", "email_frequency"]
    list_filter = ["kind", "email_frequency"]
    search_fields = ["user__username"]
    raw_id_fields = ["user"]


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    """Read-only: deleting a row would let its reminder be sent again."""

    list_display = ["key", "rule", "recipients", "created_at"]
    list_filter = ["rule"]
    search_fields = ["key"]
    readonly_fields = ["key", "rule", "recipients", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
