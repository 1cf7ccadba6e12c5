import factory
from factory.django import DjangoModelFactory

from reports.choices import FileFormat, JobKind, JobStatus
from reports.models import KpiSnapshot, ReportJob
from tests.accounts.factories import UserFactory


class ReportJobFactory(DjangoModelFactory):
    class Meta:
        model = ReportJob

    kind = JobKind.EXPORT
    file_format = FileFormat.CSV
    params = factory.LazyFunction(lambda: {"spec": "organizations", "columns": [], "query": ""})
    status = JobStatus.QUEUED
    requested_by = factory.SubFactory(UserFactory)


class KpiSnapshotFactory(DjangoModelFactory):
    class Meta:
        model = KpiSnapshot

    period = factory.Sequence(lambda n: __import__("datetime").date(2020 + n // 12, n % 12 + 1, 1))
    figures = factory.LazyFunction(lambda: {"active_agreements": 3, "dual_qualified_ratio": 50.0})
