"""One FilterSet per model, shared by the API lists and the HTML tables."""
import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from core.filters import FilterSet, StrictBooleanFilter, named_filters
from core.search import search_q
from core.widgets import enterprise_lookup

from .choices import (
    ApplicationStatus,
    EvaluationStage,
    EvaluationStatus,
    EvaluatorRole,
    IncidentSeverity,
    IncidentStatus,
    LogStatus,
    OutcomeKind,
    PlacementStatus,
    PostingStatus,
)
from .models import (
    Application,
    ComplianceException,
    EmploymentOutcome,
    InternEvaluation,
    Placement,
    Posting,
    SafetyIncident,
    WeeklyLog,
)

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


def _status_tally(model, statuses, user, params) -> int | None:
    """The total of ``model``'s list for ``user`` narrowed by nothing but a valid status (``params``), from the
    tally the database keeps (the model's ``tallied_total``); None for any other narrowing: count the rows."""
    status = params.get("status") or None
    if named_filters(params) - {"status"} or (status is not None and status not in statuses.values):
        return None
    return model.objects.tallied_total(user, status)


class ApplicationFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=ApplicationStatus.choices, label=_("Status"))
    posting = django_filters.NumberFilter(label=_("Posting"))

    class Meta:
        model = Application
        fields = ["status", "posting"]

    def search(self, qs, name, value):
        return qs.filter(search_q(Application, ["student__display_name", "student__username", "posting__title"], value))

    @classmethod
    def known_total(cls, user, params) -> int | None:
        """A list narrowed by nothing but its status: the total is the tally's (``tallied_total``)."""
        return _status_tally(Application, ApplicationStatus, user, params)


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

    @classmethod
    def known_total(cls, user, params) -> int | None:
        """A list narrowed by nothing but its status: the total is the tally's (``tallied_total``)."""
        return _status_tally(Placement, PlacementStatus, user, params)

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

    @classmethod
    def known_total(cls, user, params) -> int | None:
        """A list narrowed by nothing but its status: the total is the tally's (``tallied_total``)."""
        return _status_tally(WeeklyLog, LogStatus, user, params)


class InternEvaluationFilterSet(FilterSet):
    stage = django_filters.ChoiceFilter(choices=EvaluationStage.choices, label=_("Stage"))
    evaluator_role = django_filters.ChoiceFilter(choices=EvaluatorRole.choices, label=_("Evaluator"))
    status = django_filters.ChoiceFilter(choices=EvaluationStatus.choices, label=_("Status"))
    placement = django_filters.NumberFilter(widget=forms.HiddenInput)

    class Meta:
        model = InternEvaluation
        fields = ["stage", "evaluator_role", "status", "placement"]


class EmploymentOutcomeFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=OutcomeKind.choices, label=_("Outcome"))
    employer = django_filters.ModelChoiceFilter(queryset=_enterprises, label=_("Employer"), widget=enterprise_lookup())
    is_counterpart = StrictBooleanFilter(label=_("In the field of study"))
    recorded_from = django_filters.DateFilter(field_name="recorded_on", lookup_expr="gte", label=_("Recorded from"),
                                              widget=forms.DateInput(attrs={"type": "date"}))
    recorded_to = django_filters.DateFilter(field_name="recorded_on", lookup_expr="lte", label=_("Recorded until"),
                                            widget=forms.DateInput(attrs={"type": "date"}))

    program = django_filters.NumberFilter(widget=forms.HiddenInput)
    student = django_filters.NumberFilter(widget=forms.HiddenInput)
    placement = django_filters.NumberFilter(widget=forms.HiddenInput)

    class Meta:
        model = EmploymentOutcome
        fields = ["kind", "employer", "is_counterpart", "program", "student", "placement"]

    def search(self, qs, name, value):
        return qs.filter(Q(student__display_name__icontains=value) | Q(student__username__icontains=value)
                         | Q(student__student_no__icontains=value) | Q(employer_name__icontains=value)
                         | Q(employer__name__icontains=value) | Q(position__icontains=value))


class SafetyIncidentFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=IncidentStatus.choices, label=_("Status"))
    severity = django_filters.ChoiceFilter(choices=IncidentSeverity.choices, label=_("Severity"))
    enterprise = django_filters.ModelChoiceFilter(field_name="placement__enterprise", queryset=_enterprises,
                                                  label=_("Enterprise"), widget=enterprise_lookup())
    occurred_from = django_filters.DateFilter(field_name="occurred_on", lookup_expr="gte", label=_("From"),
                                              widget=forms.DateInput(attrs={"type": "date"}))
    occurred_to = django_filters.DateFilter(field_name="occurred_on", lookup_expr="lte", label=_("Until"),
                                            widget=forms.DateInput(attrs={"type": "date"}))

    placement = django_filters.NumberFilter(widget=forms.HiddenInput)

    class Meta:
        model = SafetyIncident
        fields = ["status", "severity", "enterprise", "placement"]

    def search(self, qs, name, value):
        return qs.filter(Q(description__icontains=value) | Q(placement__student__display_name__icontains=value)
                         | Q(placement__student__username__icontains=value))
