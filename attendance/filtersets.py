"""One FilterSet per model, shared by the API lists and the HTML tables."""
import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from accounts.models import Organization
from accounts.policy import access_for
from core.filters import FilterSet, StrictBooleanFilter
from core.search import search_q
from core.widgets import enterprise_lookup
from internships.models import Placement

from .choices import BreachKind, BreachStatus, CalendarDayKind, CheckKind, FlagStatus, LeaveKind, LeaveStatus, VisitMode
from .models import Absence, CalendarDay, CheckIn, LeaveRequest, SupervisionVisit, WorkingTimeBreach
from .selectors import in_department

STUDENT_FIELDS = ["placement__student__display_name", "placement__student__username",
                  "placement__student__student_no"]


def _enterprises(request):
    return Organization.objects.visible_to(getattr(request, "user", None)).enterprises().only("id", "name")


def _departments(request):
    """The departments a list may be narrowed to: every active one, but only their own to a department
    administrator whose rows are all their departments' students (no other role reaches placements: a
    teacher mentors, a partner hosts, a student interns anywhere). Another department's id is then not a
    choice: a form error (400 in the API), not a filter that leaks whether that department has rows."""
    from accounts.choices import OrganizationKind

    qs = Organization.objects.filter(kind=OrganizationKind.DEPARTMENT, is_active=True).only("id", "name")
    acc = access_for(getattr(request, "user", None))
    if acc.is_department_admin and not (acc.is_college_admin or acc.is_teacher or acc.is_student
                                        or acc.enterprise_ids):
        qs = qs.filter(pk__in=acc.department_ids)
    return qs


@extend_schema_field(OpenApiTypes.INT)
class DepartmentFilter(django_filters.ModelChoiceFilter):
    """A department by id (a drop-down of the departments in HTML)."""


class _PlacementFilters(FilterSet):
    """Filters every placement-bound list shares: the placement, its student's search, enterprise, department."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    placement = django_filters.NumberFilter(widget=forms.HiddenInput)
    enterprise = django_filters.ModelChoiceFilter(queryset=_enterprises, field_name="placement__enterprise",
                                                  label=_("Enterprise"), widget=enterprise_lookup())
    department = DepartmentFilter(queryset=_departments, method="by_department", label=_("Department"))

    def search(self, qs, name, value):
        return qs.filter(search_q(qs.model, STUDENT_FIELDS, value))

    def by_department(self, qs, name, value):
        return qs.filter(in_department(value.pk, "placement__student_id")) if value else qs


class CheckInFilterSet(_PlacementFilters):
    kind = django_filters.ChoiceFilter(choices=CheckKind.choices, label=_("Kind"))
    flag_status = django_filters.ChoiceFilter(choices=FlagStatus.choices, label=_("Review"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From"),
                                          widget=forms.DateInput(attrs={"type": "date"}))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("Until"),
                                        widget=forms.DateInput(attrs={"type": "date"}))
    offline = StrictBooleanFilter(label=_("Sent later from offline"))

    class Meta:
        model = CheckIn
        fields = ["kind", "flag_status", "placement", "offline"]


class LeaveRequestFilterSet(_PlacementFilters):
    status = django_filters.ChoiceFilter(choices=LeaveStatus.choices, label=_("Status"))
    kind = django_filters.ChoiceFilter(choices=LeaveKind.choices, label=_("Kind"))
    date_from = django_filters.DateFilter(field_name="end_date", lookup_expr="gte", label=_("From"),
                                          widget=forms.DateInput(attrs={"type": "date"}))
    date_to = django_filters.DateFilter(field_name="start_date", lookup_expr="lte", label=_("Until"),
                                        widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = LeaveRequest
        fields = ["status", "kind", "placement"]


class AbsenceFilterSet(_PlacementFilters):
    streak_min = django_filters.NumberFilter(field_name="streak", lookup_expr="gte", label=_("Days in a row, at least"),
                                             min_value=1, max_value=366)
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From"),
                                          widget=forms.DateInput(attrs={"type": "date"}))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("Until"),
                                        widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = Absence
        fields = ["placement"]


class WorkingTimeBreachFilterSet(_PlacementFilters):
    kind = django_filters.ChoiceFilter(choices=BreachKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=BreachStatus.choices, label=_("Status"))

    class Meta:
        model = WorkingTimeBreach
        fields = ["kind", "status", "placement"]


class CalendarDayFilterSet(FilterSet):
    kind = django_filters.ChoiceFilter(choices=CalendarDayKind.choices, label=_("Kind"))
    year = django_filters.NumberFilter(field_name="date", lookup_expr="year", label=_("Year"), min_value=2000,
                                       max_value=2100)

    class Meta:
        model = CalendarDay
        fields = ["kind"]


class SupervisionVisitFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    enterprise = django_filters.ModelChoiceFilter(queryset=_enterprises, label=_("Enterprise"),
                                                  widget=enterprise_lookup())
    mode = django_filters.ChoiceFilter(choices=VisitMode.choices, label=_("How"))
    teacher = django_filters.NumberFilter(widget=forms.HiddenInput)
    placement = django_filters.NumberFilter(field_name="placements", widget=forms.HiddenInput)
    date_from = django_filters.DateFilter(field_name="visited_on", lookup_expr="gte", label=_("From"),
                                          widget=forms.DateInput(attrs={"type": "date"}))
    date_to = django_filters.DateFilter(field_name="visited_on", lookup_expr="lte", label=_("Until"),
                                        widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = SupervisionVisit
        fields = ["enterprise", "mode", "teacher"]

    def search(self, qs, name, value):
        return qs.filter(search_q(SupervisionVisit, ["findings", "follow_up", "enterprise__name"], value))


class WorkplaceFilterSet(FilterSet):
    """The workplaces endpoint lists placements (each with its workplace or the defaults)."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    enterprise = django_filters.ModelChoiceFilter(queryset=_enterprises, label=_("Enterprise"),
                                                  widget=enterprise_lookup())
    has_position = StrictBooleanFilter(field_name="workplace__latitude", lookup_expr="isnull", exclude=True,
                                       label=_("Position set"))

    class Meta:
        model = Placement
        fields = ["enterprise", "status"]

    def search(self, qs, name, value):
        return qs.filter(search_q(Placement, ["student__display_name", "student__username", "enterprise__name"],
                                  value))
