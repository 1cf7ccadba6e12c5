"""One FilterSet per model, shared by the API lists and the HTML list pages."""
import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet, StrictBooleanFilter

from .choices import (
    AgreementKind,
    AgreementStatus,
    CohortKind,
    ContactChannel,
    IndustrySegment,
    ProjectStatus,
)
from .models import Agreement, ContactLog, Enterprise, IndustryProject, OrderClass


class EnterpriseFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    segment = django_filters.ChoiceFilter(choices=IndustrySegment.choices, label=_("Industry segment"))
    is_aigc_leader = StrictBooleanFilter(label=_("AIGC leader"))
    is_certified_iei = StrictBooleanFilter(label=_("Certified IEI enterprise"))
    tag = django_filters.CharFilter(field_name="tags", lookup_expr="contains", method="by_tag", label=_("Tag"))

    class Meta:
        model = Enterprise
        fields = ["segment", "is_aigc_leader", "is_certified_iei"]

    def search(self, qs, name, value):
        return qs.filter(
            Q(organization__name__icontains=value) | Q(organization__name_en__icontains=value)
            | Q(organization__short_name__icontains=value) | Q(credit_code__iexact=value.strip())
        )

    def by_tag(self, qs, name, value):
        return qs.filter(tags__contains=[value.strip()])


class AgreementFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=AgreementKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=AgreementStatus.choices, label=_("Status"))
    party = django_filters.NumberFilter(method="by_party", label=_("Partner"))
    ends_before = django_filters.DateFilter(field_name="end_date", lookup_expr="lte", label=_("Ends by"))

    class Meta:
        model = Agreement
        fields = ["kind", "status"]

    def search(self, qs, name, value):
        through = Agreement.parties.through
        return qs.filter(
            Q(code__icontains=value) | Q(title__icontains=value)
            | Q(pk__in=through.objects.filter(organization__name__icontains=value).values("agreement_id"))
        )

    def by_party(self, qs, name, value):
        return qs.filter(pk__in=Agreement.parties.through.objects.filter(organization_id=value).values("agreement_id"))


class OrderClassFilterSet(FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=CohortKind.choices, label=_("Kind"))
    enterprise = django_filters.NumberFilter(field_name="enterprise_id", label=_("Enterprise"))
    cohort_year = django_filters.NumberFilter(label=_("Cohort year"))

    class Meta:
        model = OrderClass
        fields = ["kind", "cohort_year", "agreement"]


class IndustryProjectFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=ProjectStatus.choices, label=_("Status"))
    enterprise = django_filters.NumberFilter(field_name="enterprise_id", label=_("Enterprise"))
    competency = django_filters.NumberFilter(field_name="competencies", distinct=True, label=_("Competency"))

    class Meta:
        model = IndustryProject
        fields = ["status"]

    def search(self, qs, name, value):
        return qs.filter(Q(title__icontains=value) | Q(brief__icontains=value))


class ContactLogFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    channel = django_filters.ChoiceFilter(choices=ContactChannel.choices, label=_("Channel"))
    enterprise = django_filters.NumberFilter(field_name="enterprise_id", label=_("Enterprise"))
    follow_up_pending = StrictBooleanFilter(method="by_pending", label=_("Follow-up pending"))
    since = django_filters.DateFilter(field_name="occurred_on", lookup_expr="gte", label=_("Since"))

    class Meta:
        model = ContactLog
        fields = ["channel"]

    def search(self, qs, name, value):
        return qs.filter(Q(subject__icontains=value) | Q(summary__icontains=value))

    def by_pending(self, qs, name, value):
        pending = Q(follow_up_on__isnull=False, follow_up_done_at__isnull=True)
        return qs.filter(pending) if value else qs.exclude(pending)
