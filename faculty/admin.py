from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.domain import DomainError

from . import services
from .models import (
    Assessment,
    AssessmentScheme,
    IndustryYearsDeclaration,
    InstructorEvaluation,
    PartTimeInstructor,
    ReformRecord,
    TeacherAward,
    TeacherCertificate,
    TeacherPlacement,
    TeacherProfile,
    TeachingAssignment,
    TrainingRecord,
)

# Whether evidence counts changes only through the verify and reject steps (who, when, why recorded),
# never by typing "verified" here.
EVIDENCE_READONLY = ["status", "reviewed_by", "reviewed_at", "rejection_reason"]


class CertificateInline(admin.TabularInline):
    model = TeacherCertificate
    extra = 0
    readonly_fields = EVIDENCE_READONLY


class IndustryYearsInline(admin.TabularInline):
    model = IndustryYearsDeclaration
    extra = 0
    readonly_fields = EVIDENCE_READONLY


@admin.register(TeacherProfile)
class TeacherProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "department", "title_rank", "industry_years", "is_specialist"]
    list_filter = ["department", "title_rank", "is_specialist"]
    search_fields = ["user__username", "user__display_name", "user__staff_no"]
    autocomplete_fields = ["user"]
    inlines = [CertificateInline, IndustryYearsInline]
    # The verified figure: it changes when a college admin verifies a declaration (faculty.services).
    readonly_fields = ["industry_years"]


@admin.register(TeacherPlacement)
class TeacherPlacementAdmin(SimpleHistoryAdmin):
    list_display = ["teacher", "host", "start_date", "end_date", "days", "status"]
    list_filter = ["status", "host"]
    search_fields = ["teacher__user__display_name", "host__name", "role", "project"]
    date_hierarchy = "start_date"
    # Status moves only through the workflow (admin action below), never by editing the field.
    readonly_fields = ["status", "return_reason", "confirmed_by", "confirmed_by_name", "confirmed_at", "link_sent_at"]
    actions = ["count_confirmed"]

    @admin.action(description=_("Count the selected confirmed placements"))
    def count_confirmed(self, request, queryset):
        done = 0
        for placement in queryset:
            try:
                services.placement_count(placement=placement, by=request.user)
                done += 1
            except DomainError as exc:
                self.message_user(request, f"{placement}: {exc.message}", messages.WARNING)
        self.message_user(request, _("%(n)s placements counted.") % {"n": done}, messages.SUCCESS)


@admin.register(TrainingRecord)
class TrainingRecordAdmin(admin.ModelAdmin):
    list_display = ["title", "profile", "kind", "start_date", "hours", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "profile__user__display_name"]
    readonly_fields = EVIDENCE_READONLY


@admin.register(ReformRecord)
class ReformRecordAdmin(admin.ModelAdmin):
    list_display = ["title", "profile", "kind", "year", "status"]
    list_filter = ["kind", "year", "status"]
    search_fields = ["title"]
    readonly_fields = EVIDENCE_READONLY


@admin.register(TeacherAward)
class TeacherAwardAdmin(SimpleHistoryAdmin):
    list_display = ["title", "profile", "level", "year", "incentive_cny"]
    list_filter = ["level", "year"]


@admin.register(PartTimeInstructor)
class PartTimeInstructorAdmin(admin.ModelAdmin):
    list_display = ["name", "enterprise", "position", "hourly_rate", "archived_at"]
    list_filter = ["enterprise"]
    search_fields = ["name", "expertise"]


@admin.register(TeachingAssignment)
class TeachingAssignmentAdmin(admin.ModelAdmin):
    list_display = ["instructor", "course", "term", "hours", "rate", "pay", "mentor"]
    list_filter = ["term"]
    readonly_fields = ["pay"]

    def save_model(self, request, obj, form, change):
        # Pay is always hours × rate, computed by the service.
        obj.pay = services.compute_pay(obj.hours, obj.rate)
        super().save_model(request, obj, form, change)


@admin.register(InstructorEvaluation)
class InstructorEvaluationAdmin(SimpleHistoryAdmin):
    list_display = ["assignment", "evaluator", "score", "created_at"]


@admin.register(AssessmentScheme)
class AssessmentSchemeAdmin(SimpleHistoryAdmin):
    list_display = ["year", "per_placement_day", "per_project", "per_mentored_assignment", "per_training_hour",
                    "per_reform", "max_score"]


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["profile", "year", "score", "computed_at"]
    list_filter = ["year"]
    readonly_fields = ["profile", "year", "scheme", "score", "breakdown", "computed_at", "computed_by"]

    def has_add_permission(self, request):
        return False  # scores are computed from evidence (faculty view or API), never typed
