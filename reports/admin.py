from django.contrib import admin

from .models import KpiSnapshot, ReportJob


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "status", "progress", "requested_by", "created_at", "expires_at"]
    list_filter = ["kind", "status", "file_format"]
    search_fields = ["requested_by__username", "failure_reason"]
    readonly_fields = ["kind", "params", "status", "failure_reason", "progress", "attempts", "source", "result",
                       "result_name", "summary", "expires_at", "requested_by", "created_at", "started_at",
                       "finished_at", "language", "file_format"]
    list_select_related = ["requested_by"]

    def has_add_permission(self, request) -> bool:
        return False  # jobs are requested through the service, which enqueues them


@admin.register(KpiSnapshot)
class KpiSnapshotAdmin(admin.ModelAdmin):
    list_display = ["period", "taken_at"]
    readonly_fields = ["period", "figures", "taken_at"]

    def has_add_permission(self, request) -> bool:
        return False
