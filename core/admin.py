from django.contrib import admin

from .models import StatusChange


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["content_type", "object_id", "from_status", "to_status", "by", "at"]
    list_filter = ["content_type"]
    readonly_fields = [f.name for f in StatusChange._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
