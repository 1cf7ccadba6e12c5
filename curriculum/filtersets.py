"""One FilterSet per model, shared by the API lists and the HTML list pages."""
import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import ArchivedFilter, ById, FilterSet, StrictBooleanFilter

from .choices import (
    AchievementKind,
    AchievementStatus,
    CertificateLevel,
    CompetencyCategory,
    CompetitionLevel,
    CourseProjectStatus,
    ModuleKind,
    ProgramStatus,
)
from .models import (
    Certificate,
    Competency,
    Competition,
    Course,
    CourseModule,
    CourseProject,
    JobPost,
    Program,
    StudentAchievement,
)


class CompetencyFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    category = django_filters.ChoiceFilter(choices=CompetencyCategory.choices, label=_("Category"))
    archived = ArchivedFilter()

    class Meta:
        model = Competency
        fields = ["category"]

    def search(self, qs, name, value):
        return qs.filter(Q(code__icontains=value) | Q(name__icontains=value) | Q(name_en__icontains=value))


class ProgramFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=ProgramStatus.choices, label=_("Status"))
    cohort_year = django_filters.NumberFilter(label=_("Cohort year"))

    class Meta:
        model = Program
        fields = ["status", "cohort_year", "major"]

    def search(self, qs, name, value):
        return qs.filter(Q(title__icontains=value) | Q(major__icontains=value))


class CourseModuleFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=ModuleKind.choices, label=_("Kind"))
    archived = ArchivedFilter()

    class Meta:
        model = CourseModule
        fields = ["kind", "program"]

    def search(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(description__icontains=value))


class CourseFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    module__kind = django_filters.ChoiceFilter(choices=ModuleKind.choices, label=_("Module kind"))
    stale = StrictBooleanFilter(field_name="is_stale", label=_("Stale"))
    topic = django_filters.CharFilter(method="by_topic", label=_("AIGC topic"))
    competency = ById(field_name="coverage__competency", distinct=True, label=_("Competency"))

    class Meta:
        model = Course
        fields = ["module", "owner"]

    def search(self, qs, name, value):
        return qs.filter(Q(code__icontains=value) | Q(name__icontains=value))

    def by_topic(self, qs, name, value):
        return qs.filter(aigc_topics__icontains=value)


class JobPostFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    competency = django_filters.NumberFilter(field_name="requirements__competency", distinct=True,
                                             label=_("Competency"))
    archived = ArchivedFilter()

    class Meta:
        model = JobPost
        fields = ["is_current", "enterprise"]

    def search(self, qs, name, value):
        return qs.filter(Q(title__icontains=value) | Q(description__icontains=value))


class CompetitionFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    level = django_filters.ChoiceFilter(choices=CompetitionLevel.choices, label=_("Level"))
    archived = ArchivedFilter()

    class Meta:
        model = Competition
        fields = ["level"]

    def search(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(organizer__icontains=value))


class CertificateFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    level = django_filters.ChoiceFilter(choices=CertificateLevel.choices, label=_("Level"))
    archived = ArchivedFilter()

    class Meta:
        model = Certificate
        fields = ["level"]

    def search(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(issuer__icontains=value))


class StudentAchievementFilterSet(FilterSet):
    kind = django_filters.ChoiceFilter(choices=AchievementKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=AchievementStatus.choices, label=_("Status"))
    cohort = django_filters.NumberFilter(field_name="program__cohort_year", label=_("Cohort year"))

    class Meta:
        model = StudentAchievement
        fields = ["kind", "status", "program"]


class CourseProjectFilterSet(FilterSet):
    status = django_filters.ChoiceFilter(choices=CourseProjectStatus.choices, label=_("Status"))

    class Meta:
        model = CourseProject
        fields = ["status", "course", "term"]
