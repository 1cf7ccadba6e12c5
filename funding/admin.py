from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Booking,
    Budget,
    BudgetLine,
    Equipment,
    EvaluationCriterion,
    EvaluationScore,
    Expenditure,
    FundingSource,
    Incentive,
    MaintenanceRecord,
    ProgramEvaluation,
    ProgramStandard,
    Standard,
    StandardVersion,
    TrainingBase,
)

# Money and status fields are read-only here: they change only through the services, which keep the rules.


@admin.register(FundingSource)
class FundingSourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "funder", "funder_name", "amount", "received_on", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "funder_name", "funder__name"]
    readonly_fields = ["status", "recorded_by"]
    autocomplete_fields = ["funder"]


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0
    readonly_fields = ["spent", "override_allowance"]


@admin.register(Budget)
class BudgetAdmin(SimpleHistoryAdmin):
    list_display = ["year", "title", "status"]
    list_filter = ["year", "status"]
    readonly_fields = ["status"]
    inlines = [BudgetLineInline]


@admin.register(BudgetLine)
class BudgetLineAdmin(SimpleHistoryAdmin):
    list_display = ["budget", "category", "name", "amount", "spent", "override_allowance"]
    list_filter = ["category", "budget__year"]
    readonly_fields = ["spent", "override_allowance"]


@admin.register(Expenditure)
class ExpenditureAdmin(SimpleHistoryAdmin):
    list_display = ["spent_on", "payee", "line", "amount", "override_amount", "status"]
    list_filter = ["status", "line__category"]
    search_fields = ["payee", "description"]
    readonly_fields = ["line", "amount", "override_amount", "override_reason", "status", "recorded_by"]

    def has_add_permission(self, request):
        return False  # recorded through the budget page so the line lock and overspend rule apply


class EquipmentInline(admin.TabularInline):
    model = Equipment
    extra = 0


@admin.register(TrainingBase)
class TrainingBaseAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "host", "capacity", "requires_approval", "is_active"]
    list_filter = ["kind", "requires_approval", "is_active"]
    search_fields = ["name"]
    inlines = [EquipmentInline]


class MaintenanceInline(admin.TabularInline):
    model = MaintenanceRecord
    extra = 0


@admin.register(Equipment)
class EquipmentAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "asset_no", "base", "status"]
    list_filter = ["kind", "status", "base"]
    search_fields = ["name", "asset_no"]
    inlines = [MaintenanceInline]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["base", "equipment", "booked_by", "starts_at", "ends_at", "status"]
    list_filter = ["status", "base"]
    readonly_fields = ["status", "decided_by", "decided_at"]

    def has_add_permission(self, request):
        return False  # bookings go through the booking service (overlap → clear message)


@admin.register(Incentive)
class IncentiveAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "year", "recipient_user", "recipient_org", "amount", "status"]
    list_filter = ["kind", "status", "year"]
    readonly_fields = ["status", "awarded_on"]


class StandardVersionInline(admin.StackedInline):
    model = StandardVersion
    extra = 0
    readonly_fields = ["status", "published_on"]


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "kind", "association"]
    list_filter = ["kind"]
    search_fields = ["code", "title"]
    inlines = [StandardVersionInline]


@admin.register(ProgramStandard)
class ProgramStandardAdmin(admin.ModelAdmin):
    list_display = ["program", "version", "declared_by", "updated_at"]


@admin.register(EvaluationCriterion)
class EvaluationCriterionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "weight", "archived_at"]
    list_editable = ["weight"]


class ScoreInline(admin.TabularInline):
    model = EvaluationScore
    extra = 0


@admin.register(ProgramEvaluation)
class ProgramEvaluationAdmin(SimpleHistoryAdmin):
    list_display = ["program", "year", "party", "organization", "evaluator", "weighted_score", "status"]
    list_filter = ["year", "party", "status"]
    readonly_fields = ["status", "weighted_score", "submitted_at"]
    inlines = [ScoreInline]
