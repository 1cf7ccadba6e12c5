from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Agreement,
    AgreementCommitment,
    AgreementDocument,
    Association,
    ContactLog,
    Enrollment,
    Enterprise,
    IndustryProject,
    OrderClass,
    ProjectMember,
    ProjectMilestone,
)


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ("organization", "segment", "staff_count", "credit_code", "is_aigc_leader", "is_certified_iei")
    list_filter = ("segment", "is_aigc_leader", "is_certified_iei")
    search_fields = ("organization__name", "organization__name_en", "credit_code")
    raw_id_fields = ("organization",)


@admin.register(Association)
class AssociationAdmin(admin.ModelAdmin):
    list_display = ("organization", "level", "member_count")
    list_filter = ("level",)
    search_fields = ("organization__name",)
    raw_id_fields = ("organization",)


class CommitmentInline(admin.TabularInline):
    model = AgreementCommitment
    extra = 0


class DocumentInline(admin.TabularInline):
    model = AgreementDocument
    extra = 0
    readonly_fields = ("uploaded_by", "uploaded_at")


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ("code", "title", "kind", "status", "start_date", "end_date", "version")
    list_filter = ("kind", "status", "signature_method")
    search_fields = ("code", "title", "parties__name")
    date_hierarchy = "start_date"
    filter_horizontal = ("parties",)
    raw_id_fields = ("previous", "created_by", "college")
    # Status moves only through the services (recorded transitions), never by editing the field here.
    readonly_fields = ("status", "approved_at", "created_at", "updated_at")
    inlines = [CommitmentInline, DocumentInline]


class EnrollmentInline(admin.TabularInline):
    model = Enrollment
    extra = 0
    raw_id_fields = ("student",)
    readonly_fields = ("status", "outcome", "outcome_recorded_at")


@admin.register(OrderClass)
class OrderClassAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "enterprise", "cohort_year", "quota", "hiring_commitment", "graduation_date")
    list_filter = ("kind", "cohort_year")
    search_fields = ("name", "enterprise__name")
    raw_id_fields = ("agreement", "enterprise", "program")
    inlines = [EnrollmentInline]


class MemberInline(admin.TabularInline):
    model = ProjectMember
    extra = 0
    raw_id_fields = ("user",)


class MilestoneInline(admin.TabularInline):
    model = ProjectMilestone
    extra = 0


@admin.register(IndustryProject)
class IndustryProjectAdmin(admin.ModelAdmin):
    list_display = ("title", "enterprise", "status", "start_date", "end_date", "rating")
    list_filter = ("status",)
    search_fields = ("title", "brief", "enterprise__name")
    raw_id_fields = ("enterprise", "agreement", "created_by")
    filter_horizontal = ("competencies",)
    readonly_fields = ("status", "published_at")
    inlines = [MemberInline, MilestoneInline]


@admin.register(ContactLog)
class ContactLogAdmin(admin.ModelAdmin):
    list_display = ("occurred_on", "enterprise", "channel", "subject", "follow_up_on", "follow_up_done_at")
    list_filter = ("channel", "is_internal")
    search_fields = ("subject", "summary", "enterprise__name")
    raw_id_fields = ("enterprise", "agreement", "recorded_by")
    date_hierarchy = "occurred_on"
