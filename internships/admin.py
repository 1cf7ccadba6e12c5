from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Application,
    EmploymentOutcome,
    InternEvaluation,
    Placement,
    Posting,
    SafetyIncident,
    WeeklyLog,
    WeeklyLogAttachment,
)


@admin.register(Posting)
class PostingAdmin(admin.ModelAdmin):
    list_display = ["title", "enterprise", "post", "slots", "accepted_count", "status", "application_deadline"]
    list_filter = ["status", "night_shift", "overtime"]
    search_fields = ["title", "post", "enterprise__name"]
    autocomplete_fields = ["enterprise"]
    filter_horizontal = ["competencies"]
    readonly_fields = ["accepted_count", "status", "published_at"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["student", "posting", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["student__username", "student__display_name", "posting__title"]
    raw_id_fields = ["student", "posting"]
    readonly_fields = ["status"]


@admin.register(Placement)
class PlacementAdmin(SimpleHistoryAdmin):
    list_display = ["student", "enterprise", "post", "start_date", "end_date", "status", "school_mentor"]
    list_filter = ["status"]
    search_fields = ["student__username", "student__display_name", "enterprise__name", "post"]
    raw_id_fields = ["student", "enterprise", "posting", "application", "school_mentor", "enterprise_mentor"]
    readonly_fields = ["status", "started_at", "ended_at", "final_grade"]


class AttachmentInline(admin.TabularInline):
    model = WeeklyLogAttachment
    extra = 0


@admin.register(WeeklyLog)
class WeeklyLogAdmin(admin.ModelAdmin):
    list_display = ["placement", "week_no", "status", "grade", "submitted_at"]
    list_filter = ["status", "grade"]
    raw_id_fields = ["placement", "reviewed_by"]
    inlines = [AttachmentInline]


@admin.register(InternEvaluation)
class InternEvaluationAdmin(SimpleHistoryAdmin):
    list_display = ["placement", "stage", "evaluator_role", "status", "score", "submitted_at"]
    list_filter = ["stage", "evaluator_role", "status"]
    raw_id_fields = ["placement", "evaluator"]


@admin.register(EmploymentOutcome)
class EmploymentOutcomeAdmin(admin.ModelAdmin):
    list_display = ["student", "kind", "employer", "employer_name", "recorded_on"]
    list_filter = ["kind"]
    raw_id_fields = ["student", "placement", "employer", "recorded_by"]


@admin.register(SafetyIncident)
class SafetyIncidentAdmin(SimpleHistoryAdmin):
    list_display = ["placement", "occurred_on", "severity"]
    list_filter = ["severity"]
    raw_id_fields = ["placement", "reported_by"]
