"""One FilterSet per model, shared by the API lists and the HTML tables."""
import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from core.filters import FilterSet, StrictBooleanFilter
from core.search import search_q
from core.widgets import enterprise_lookup

from .choices import (
    ApplicationStatus,
    EvaluationStage,
    EvaluationStatus,
    EvaluatorRole,
    LogStatus,
    PlacementStatus,
    PostingStatus,
)
from .models import Application, ComplianceException, InternEvaluation, Placement, Posting, WeeklyLog

COMPLIANCE_CHOICES = [("complete", _("Documents complete")), ("missing", _("Documents missing")),
                      ("breach", _("Active, breaking a rule")), ("exception", _("With an exception"))]


def _enterprises(request):
    # Only what the option labels need: a province has 10,000 enterprises.
    return Organization.objects.visible_to(getattr(request, "user", None)).enterprises().only("id", "name")


class PostingFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=PostingStatus.choices, label=_("Status"))
    enterprise = django_filters.ModelChoiceFilter(queryset=_enterprises, label=_("Enterprise"),
                                                widget=enterprise_lookup())
    competencies = django_filters.NumberFilter(field_name="competencies", widget=forms.HiddenInput)
    location = django_filters.CharFilter(lookup_expr="icontains", label=_("Location"))
    min_stipend = django_filters.NumberFilter(field_name="stipend_monthly", lookup_expr="gte",
                                              label=_("Stipend at least (CNY)"))
    open_only = StrictBooleanFilter(method="by_open", label=_("Open for applications"))

    class Meta:
        model = Posting
        fields = ["status", "enterprise", "competencies"]

    def search(self, qs, name, value):
        return qs.filter(search_q(Posting, ["title", "post", "description", "enterprise__name", "location"], value))

    def by_open(self, qs, name, value):
        if value is None:
            return qs
        today = timezone.localdate()
        is_open = Q(status=PostingStatus.PUBLISHED) & (Q(application_deadline__isnull=True)
                                                       | Q(application_deadline__gte=today))
        return qs.filter(is_open) if value else qs.exclude(is_open)


class ApplicationFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=ApplicationStatus.choices, label=_("Status"))
    posting = django_filters.NumberFilter(label=_("Posting"))

    class Meta:
        model = Application
        fields = ["status", "posting"]

    def search(self, qs, name, value):
        return qs.filter(search_q(Application, ["student__display_name", "student__username", "posting__title"], value))


class PlacementFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=PlacementStatus.choices, label=_("Status"))
    enterprise = django_filters.ModelChoiceFilter(queryset=_enterprises, label=_("Enterprise"),
                                                widget=enterprise_lookup())
    compliance = django_filters.ChoiceFilter(choices=COMPLIANCE_CHOICES, method="by_compliance",
                                             label=_("Compliance"))
    school_mentor = django_filters.NumberFilter(widget=forms.HiddenInput)
    student = django_filters.NumberFilter(widget=forms.HiddenInput)

    class Meta:
        model = Placement
        fields = ["status", "enterprise", "school_mentor", "student"]

    def search(self, qs, name, value):
        return qs.filter(search_q(Placement, ["student__display_name", "student__username", "post", "enterprise__name"],
                                  value))

    def by_compliance(self, qs, name, value):
        if value == "breach":
            # The kept status (services.refresh_compliance); the partial index placement_in_breach serves it.
            return qs.filter(compliance_ok=False, status=PlacementStatus.ACTIVE)
        if value == "exception":
            return qs.filter(Exists(ComplianceException.objects.filter(placement=OuterRef("pk"))))
        missing = (Q(agreement_file="") | Q(agreement_signed_on__isnull=True) | Q(insurer="")
                   | Q(insurance_policy_no="") | Q(insurance_start__isnull=True) | Q(insurance_end__isnull=True))
        return qs.filter(missing) if value == "missing" else qs.exclude(missing)


class WeeklyLogFilterSet(FilterSet):
    status = django_filters.ChoiceFilter(choices=LogStatus.choices, label=_("Status"))
    placement = django_filters.NumberFilter(widget=forms.HiddenInput)

    class Meta:
        model = WeeklyLog
        fields = ["status", "placement"]


class InternEvaluationFilterSet(FilterSet):
    stage = django_filters.ChoiceFilter(choices=EvaluationStage.choices, label=_("Stage"))
    evaluator_role = django_filters.ChoiceFilter(choices=EvaluatorRole.choices, label=_("Evaluator"))
    status = django_filters.ChoiceFilter(choices=EvaluationStatus.choices, label=_("Status"))
    placement = django_filters.NumberFilter(widget=forms.HiddenInput)

    class Meta:
        model = InternEvaluation
        fields = ["stage", "evaluator_role", "status", "placement"]
