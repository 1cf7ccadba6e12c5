from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Certificate,
    Competency,
    Competition,
    Course,
    CourseCompetency,
    CourseModule,
    CourseProject,
    CourseRevision,
    JobPost,
    JobPostCompetency,
    Program,
    ProgramComment,
    ProgramCourse,
    ProgramGoal,
    ProjectTeam,
    StudentAchievement,
    TeamGrade,
    TeamMember,
)


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "category"]
    list_filter = ["category"]
    search_fields = ["code", "name", "name_en"]


class ProgramGoalInline(admin.TabularInline):
    model = ProgramGoal
    extra = 0


class ProgramCourseInline(admin.TabularInline):
    model = ProgramCourse
    extra = 0
    autocomplete_fields = ["course"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    """Status is read-only here: it moves only through the workflow actions of the site."""

    list_display = ["title", "major", "cohort_year", "version", "status"]
    list_filter = ["status", "cohort_year"]
    search_fields = ["title", "major"]
    readonly_fields = ["status", "approved_at", "previous"]
    inlines = [ProgramGoalInline, ProgramCourseInline]


@admin.register(ProgramComment)
class ProgramCommentAdmin(admin.ModelAdmin):
    list_display = ["program", "author", "organization", "created_at"]
    search_fields = ["body"]


@admin.register(CourseModule)
class CourseModuleAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "program"]
    list_filter = ["kind"]
    search_fields = ["name"]


class CourseCompetencyInline(admin.TabularInline):
    model = CourseCompetency
    extra = 0


class CourseRevisionInline(admin.TabularInline):
    model = CourseRevision
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "module", "owner", "credits"]
    list_filter = ["module__kind"]
    search_fields = ["code", "name"]
    inlines = [CourseCompetencyInline, CourseRevisionInline]


class JobPostCompetencyInline(admin.TabularInline):
    model = JobPostCompetency
    extra = 0


@admin.register(JobPost)
class JobPostAdmin(admin.ModelAdmin):
    list_display = ["title", "enterprise", "is_current"]
    list_filter = ["is_current"]
    search_fields = ["title"]
    inlines = [JobPostCompetencyInline]


@admin.register(Competition)
class CompetitionAdmin(admin.ModelAdmin):
    list_display = ["name", "organizer", "level"]
    list_filter = ["level"]
    search_fields = ["name"]
    filter_horizontal = ["competencies", "courses"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["name", "issuer", "level"]
    list_filter = ["level"]
    search_fields = ["name"]
    filter_horizontal = ["competencies", "courses"]


@admin.register(StudentAchievement)
class StudentAchievementAdmin(SimpleHistoryAdmin):
    list_display = ["student", "kind", "title", "achieved_on", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "student__username", "student__display_name"]
    readonly_fields = ["status", "verified_by", "verified_at"]


class ProjectTeamInline(admin.TabularInline):
    model = ProjectTeam
    extra = 0


@admin.register(CourseProject)
class CourseProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "industry_project", "term", "status"]
    list_filter = ["status"]
    search_fields = ["title"]
    readonly_fields = ["status"]
    inlines = [ProjectTeamInline]


@admin.register(TeamMember)
class TeamMemberAdmin(admin.ModelAdmin):
    list_display = ["team", "student", "project"]


@admin.register(TeamGrade)
class TeamGradeAdmin(SimpleHistoryAdmin):
    list_display = ["team", "grader_role", "grader", "score"]
    list_filter = ["grader_role"]
