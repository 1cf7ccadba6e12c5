from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .choices import PostingStatus
from .models import (
    Application,
    ComplianceException,
    EmploymentOutcome,
    IncidentFollowUp,
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

    def get_readonly_fields(self, request, obj=None):
        # Past the draft the rules hold (services.posting_update checks them): change it in the app.
        if obj is not None and obj.status != PostingStatus.DRAFT:
            return [*self.readonly_fields, *services.POSTING_FIELDS]
        return self.readonly_fields


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
    readonly_fields = ["status", "started_at", "ended_at", "final_grade", "compliance_ok", "compliance_issues",
                       "compliance_checked_at"]

    def get_readonly_fields(self, request, obj=None):
        # The compliance rules hold for the placement's whole life (services.placement_update checks each
        # change and records the college's exceptions): the admin site never bypasses them.
        if obj is not None:
            return [*self.readonly_fields, "student", "enterprise", *services.PLACEMENT_EDIT_FIELDS]
        return self.readonly_fields

    def has_add_permission(self, request):
        return False  # a placement comes from an accepted offer or services.placement_create_direct


@admin.register(ComplianceException)
class ComplianceExceptionAdmin(admin.ModelAdmin):
    list_display = ["placement", "rule", "granted_by", "granted_at"]
    list_filter = ["rule"]
    raw_id_fields = ["placement", "granted_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # the record of who allowed what, and why, is never edited


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
class EmploymentOutcomeAdmin(SimpleHistoryAdmin):
    list_display = ["student", "kind", "employer", "employer_name", "is_counterpart", "monthly_salary", "recorded_on"]
    list_filter = ["kind", "is_counterpart"]
    raw_id_fields = ["student", "placement", "program", "employer", "recorded_by"]


class IncidentFollowUpInline(admin.TabularInline):
    model = IncidentFollowUp
    extra = 0
    raw_id_fields = ["by"]


@admin.register(SafetyIncident)
class SafetyIncidentAdmin(SimpleHistoryAdmin):
    list_display = ["placement", "occurred_on", "severity", "status"]
    list_filter = ["severity", "status"]
    raw_id_fields = ["placement", "reported_by"]
    # The status moves through the steps (internships/steps.py), which record who and when.
    readonly_fields = ["status"]
    inlines = [IncidentFollowUpInline]
