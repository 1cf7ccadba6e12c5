"""One FilterSet per model, shared by the API lists and the HTML tables."""
import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import ArchivedFilter, FilterSet

from .choices import (
    BaseKind,
    BookingStatus,
    BudgetCategory,
    BudgetStatus,
    EquipmentKind,
    EquipmentStatus,
    EvaluationParty,
    EvaluationStatus,
    ExpenditureStatus,
    IncentiveKind,
    IncentiveStatus,
    SourceKind,
    SourceStatus,
    StandardKind,
)
from .models import (
    Booking,
    Budget,
    Equipment,
    EvaluationCriterion,
    Expenditure,
    FundingSource,
    Incentive,
    ProgramEvaluation,
    Standard,
    TrainingBase,
)


class FundingSourceFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=SourceKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=SourceStatus.choices, label=_("Status"))
    received_after = django_filters.DateFilter(field_name="received_on", lookup_expr="gte", label=_("Received from"))
    received_before = django_filters.DateFilter(field_name="received_on", lookup_expr="lte", label=_("Received until"))

    class Meta:
        model = FundingSource
        fields = ["kind", "status", "funder"]

    def search(self, qs, name, value):
        return qs.filter(Q(title__icontains=value) | Q(funder_name__icontains=value) | Q(funder__name__icontains=value))


class BudgetFilterSet(FilterSet):
    year = django_filters.NumberFilter(label=_("Year"))
    status = django_filters.ChoiceFilter(choices=BudgetStatus.choices, label=_("Status"))

    class Meta:
        model = Budget
        fields = ["year", "status"]


class ExpenditureFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    budget = django_filters.NumberFilter(field_name="line__budget", label=_("Budget"))
    category = django_filters.ChoiceFilter(field_name="line__category", choices=BudgetCategory.choices,
                                           label=_("Category"))
    status = django_filters.ChoiceFilter(choices=ExpenditureStatus.choices, label=_("Status"))
    spent_after = django_filters.DateFilter(field_name="spent_on", lookup_expr="gte", label=_("From"))
    spent_before = django_filters.DateFilter(field_name="spent_on", lookup_expr="lte", label=_("Until"))

    class Meta:
        model = Expenditure
        fields = ["line", "status"]

    def search(self, qs, name, value):
        return qs.filter(Q(payee__icontains=value) | Q(description__icontains=value))


class TrainingBaseFilterSet(FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=BaseKind.choices, label=_("Kind"))

    class Meta:
        model = TrainingBase
        fields = ["kind", "host", "is_active"]


class EquipmentFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=EquipmentKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=EquipmentStatus.choices, label=_("Status"))

    class Meta:
        model = Equipment
        fields = ["base", "kind", "status"]

    def search(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(asset_no__icontains=value))


class BookingFilterSet(FilterSet):
    status = django_filters.ChoiceFilter(choices=BookingStatus.choices, label=_("Status"))
    starts_after = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="gte", label=_("From"))
    starts_before = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="lte", label=_("Until"))

    class Meta:
        model = Booking
        fields = ["status", "base", "equipment"]


class IncentiveFilterSet(FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=IncentiveKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=IncentiveStatus.choices, label=_("Status"))
    year = django_filters.NumberFilter(label=_("Year"))

    class Meta:
        model = Incentive
        fields = ["kind", "status", "year"]


class StandardFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=StandardKind.choices, label=_("Kind"))

    class Meta:
        model = Standard
        fields = ["kind", "association"]

    def search(self, qs, name, value):
        return qs.filter(Q(title__icontains=value) | Q(code__icontains=value))


class EvaluationCriterionFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    archived = ArchivedFilter()

    class Meta:
        model = EvaluationCriterion
        fields: list[str] = []

    def search(self, qs, name, value):
        return qs.filter(Q(code__icontains=value) | Q(name__icontains=value))


class ProgramEvaluationFilterSet(FilterSet):
    party = django_filters.ChoiceFilter(choices=EvaluationParty.choices, label=_("Party"))
    status = django_filters.ChoiceFilter(choices=EvaluationStatus.choices, label=_("Status"))
    year = django_filters.NumberFilter(label=_("Year"))

    class Meta:
        model = ProgramEvaluation
        fields = ["program", "year", "party", "status"]
