"""One FilterSet per model, shared by the API lists and the HTML tables."""
from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganizationKind
from accounts.models import Organization
from core.filters import ArchivedFilter, FilterSet
from core.search import any_of
from core.widgets import enterprise_lookup

from .choices import (
    AwardLevel,
    CertificateKind,
    EvidenceStatus,
    PlacementStatus,
    ReformKind,
    Standing,
    TitleRank,
    TrainingKind,
)
from .models import (
    Assessment,
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

# Related rows are filtered by id in a hidden input: a <select> of every teacher or course would cost
# one query per option label and grow with the table.
HIDDEN = forms.HiddenInput


def _departments(request):
    return Organization.objects.filter(kind=OrganizationKind.DEPARTMENT)


def _enterprises(request):
    # Only what the option labels need: a province has 10,000 enterprises.
    return Organization.objects.filter(kind=OrganizationKind.ENTERPRISE).only("id", "name")


class TeacherProfileFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    department = django_filters.ModelChoiceFilter(queryset=_departments, label=_("Department"))
    title_rank = django_filters.ChoiceFilter(choices=TitleRank.choices, label=_("Title rank"))
    # The link of the college admins' monthly digest (faculty/reminders.py): who is behind *now*.
    standing = django_filters.ChoiceFilter(choices=Standing.choices, method="by_standing",
                                           label=_("Practice standing"))

    class Meta:
        model = TeacherProfile
        fields = ["department", "title_rank", "is_specialist"]

    def search(self, qs, name, value):
        return qs.filter(
            Q(user__display_name__icontains=value) | Q(user__username__icontains=value)
            | Q(user__staff_no__icontains=value)
        )

    def by_standing(self, qs, name, value):
        """The teachers of ``qs`` whose standing today is ``value``, by services.teacher_standings.

        The standing is a rule in Python (pro-rata days in a moving window), not a column; it is not
        written a second time in SQL, which could drift from it. So the teachers of the list are read
        (three queries whatever their number) and the matching ids go back as one array parameter
        (``core.search.any_of``), where a list of 8,000 ids would be 8,000 parameters.
        """
        from .services import teacher_standings

        profiles = (qs.select_related(None).prefetch_related(None).order_by()
                    .only("id", "is_specialist", "employed_since"))
        standings = teacher_standings(profiles, as_of=timezone.localdate())
        ids = [pk for pk, s in standings.items() if s.status == value]
        return qs.filter(any_of("pk", ids))


class TeacherPlacementFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=PlacementStatus.choices, label=_("Status"))
    host = django_filters.ModelChoiceFilter(queryset=_enterprises, label=_("Host enterprise"),
                                                widget=enterprise_lookup())
    start_after = django_filters.DateFilter(field_name="end_date", lookup_expr="gte", label=_("Ends on or after"))
    start_before = django_filters.DateFilter(field_name="start_date", lookup_expr="lte", label=_("Starts on or before"))
    teacher = django_filters.NumberFilter(widget=HIDDEN)

    class Meta:
        model = TeacherPlacement
        fields = ["status", "host", "teacher"]

    def search(self, qs, name, value):
        return qs.filter(
            Q(role__icontains=value) | Q(project__icontains=value) | Q(teacher__user__display_name__icontains=value)
        )


class TrainingRecordFilterSet(FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=TrainingKind.choices, label=_("Kind"))
    # Bounded to the years a date can hold: year=0 used to reach the database layer and crash (500).
    year = django_filters.NumberFilter(field_name="end_date", lookup_expr="year", label=_("Year"),
                                       min_value=1, max_value=9999, decimal_places=0)
    status = django_filters.ChoiceFilter(choices=EvidenceStatus.choices, label=_("Verification"))

    profile = django_filters.NumberFilter(widget=HIDDEN)

    class Meta:
        model = TrainingRecord
        fields = ["kind", "status", "profile"]


class TeacherCertificateFilterSet(FilterSet):
    kind = django_filters.ChoiceFilter(choices=CertificateKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=EvidenceStatus.choices, label=_("Verification"))

    profile = django_filters.NumberFilter(widget=HIDDEN)

    class Meta:
        model = TeacherCertificate
        fields = ["kind", "status", "profile"]


class ReformRecordFilterSet(FilterSet):
    kind = django_filters.ChoiceFilter(choices=ReformKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=EvidenceStatus.choices, label=_("Verification"))

    profile = django_filters.NumberFilter(widget=HIDDEN)

    class Meta:
        model = ReformRecord
        fields = ["kind", "year", "status", "profile"]


class IndustryYearsDeclarationFilterSet(FilterSet):
    status = django_filters.ChoiceFilter(choices=EvidenceStatus.choices, label=_("Verification"))

    profile = django_filters.NumberFilter(widget=HIDDEN)

    class Meta:
        model = IndustryYearsDeclaration
        fields = ["status", "profile"]


class PartTimeInstructorFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    enterprise = django_filters.ModelChoiceFilter(queryset=_enterprises, label=_("Enterprise"),
                                                widget=enterprise_lookup())
    archived = ArchivedFilter()

    class Meta:
        model = PartTimeInstructor
        fields = ["enterprise", "archived"]

    def search(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(expertise__icontains=value) | Q(position__icontains=value))


class TeacherAwardFilterSet(FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Search"))
    level = django_filters.ChoiceFilter(choices=AwardLevel.choices, label=_("Level"))
    year = django_filters.NumberFilter(label=_("Year"), min_value=1, max_value=9999, decimal_places=0)

    profile = django_filters.NumberFilter(widget=HIDDEN)

    class Meta:
        model = TeacherAward
        fields = ["level", "year", "profile"]


class TeachingAssignmentFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    term = django_filters.CharFilter(label=_("Term"))

    instructor = django_filters.NumberFilter(widget=HIDDEN)
    course = django_filters.NumberFilter(widget=HIDDEN)
    mentor = django_filters.NumberFilter(widget=HIDDEN)

    class Meta:
        model = TeachingAssignment
        fields = ["instructor", "course", "term", "mentor"]

    def search(self, qs, name, value):
        return qs.filter(Q(instructor__name__icontains=value) | Q(course__name__icontains=value)
                         | Q(course__code__icontains=value))


class InstructorEvaluationFilterSet(FilterSet):
    term = django_filters.CharFilter(field_name="assignment__term", label=_("Term"))
    min_score = django_filters.NumberFilter(field_name="score", lookup_expr="gte", label=_("Score at least"),
                                            min_value=0, max_value=100)

    assignment = django_filters.NumberFilter(widget=HIDDEN)
    instructor = django_filters.NumberFilter(field_name="assignment__instructor", widget=HIDDEN)

    class Meta:
        model = InstructorEvaluation
        fields = ["assignment", "instructor", "term"]


class AssessmentFilterSet(FilterSet):
    year = django_filters.NumberFilter(label=_("Year"))
    department = django_filters.ModelChoiceFilter(
        field_name="profile__department", queryset=_departments, label=_("Department")
    )

    profile = django_filters.NumberFilter(widget=HIDDEN)

    class Meta:
        model = Assessment
        fields = ["year", "profile"]
