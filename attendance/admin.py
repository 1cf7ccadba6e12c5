from django.contrib import admin

from .models import (
    Absence,
    AttendanceRules,
    CalendarDay,
    CheckIn,
    JobRun,
    LeaveRequest,
    Notice,
    SupervisionVisit,
    VisitPhoto,
    WorkingTimeBreach,
    Workplace,
)


@admin.register(AttendanceRules)
class AttendanceRulesAdmin(admin.ModelAdmin):
    list_display = ["leave_approval_order", "leave_backdate_days", "reminder_time", "visits_per_placement"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "date"


@admin.register(Workplace)
class WorkplaceAdmin(admin.ModelAdmin):
    list_display = ["placement", "address", "latitude", "longitude", "radius_m", "weekdays"]
    raw_id_fields = ["placement"]


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "placement", "at", "distance_m", "flag_status", "offline"]
    list_filter = ["kind", "flag_status", "offline"]
    raw_id_fields = ["placement", "reviewed_by"]
    date_hierarchy = "date"
    readonly_fields = ["client_id", "client_time", "server_time", "at", "date", "latitude", "longitude",
                       "accuracy_m", "distance_m", "flags"]


@admin.register(LeaveRequest)
class LeaveRequestAdmin(admin.ModelAdmin):
    list_display = ["placement", "start_date", "end_date", "kind", "days", "status"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["placement", "enterprise_decided_by", "school_decided_by"]
    readonly_fields = ["status", "days", "approval_order"]


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    list_display = ["date", "placement", "streak"]
    raw_id_fields = ["placement"]
    date_hierarchy = "date"


@admin.register(WorkingTimeBreach)
class WorkingTimeBreachAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "placement", "hours", "status"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["placement", "check_in", "acknowledged_by"]


class VisitPhotoInline(admin.TabularInline):
    model = VisitPhoto
    extra = 0


@admin.register(SupervisionVisit)
class SupervisionVisitAdmin(admin.ModelAdmin):
    list_display = ["visited_on", "enterprise", "teacher", "mode"]
    list_filter = ["mode"]
    raw_id_fields = ["teacher", "enterprise", "placements"]
    inlines = [VisitPhotoInline]


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ["day", "started_at", "finished_at"]
    readonly_fields = ["day", "started_at", "finished_at", "stats"]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["day", "recipient", "kind"]
    list_filter = ["kind"]
    raw_id_fields = ["recipient", "run"]
