import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet

from .choices import JobKind, JobStatus
from .models import ReportJob


class ReportJobFilterSet(FilterSet):
    kind = django_filters.ChoiceFilter(choices=JobKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=JobStatus.choices, label=_("Status"))

    class Meta:
        model = ReportJob
        fields = ["kind", "status"]
