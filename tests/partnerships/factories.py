import datetime as dt

import factory
from factory.django import DjangoModelFactory

from accounts.choices import OrganizationKind
from partnerships.choices import AgreementKind, ProjectStatus
from partnerships.models import Agreement, ContactLog, Enterprise, IndustryProject, OrderClass
from tests.accounts.factories import OrganizationFactory

VALID_CREDIT_CODE = "91110000802100433B"  # a real, published code
OTHER_VALID_CREDIT_CODE = "91440300708461136T"


class EnterpriseFactory(DjangoModelFactory):
    class Meta:
        model = Enterprise

    organization = factory.SubFactory(OrganizationFactory, kind=OrganizationKind.ENTERPRISE)
    segment = "film"
    staff_count = 100


class AgreementFactory(DjangoModelFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"T-{n:05d}")
    title = factory.Sequence(lambda n: f"合作协议{n}")
    kind = AgreementKind.GENERAL
    college = factory.SubFactory(OrganizationFactory, kind=OrganizationKind.COLLEGE)
    start_date = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=30))
    end_date = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=700))

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        if create and extracted:
            self.parties.set(extracted)


class OrderClassFactory(DjangoModelFactory):
    class Meta:
        model = OrderClass

    agreement = factory.SubFactory(AgreementFactory, kind=AgreementKind.ORDER_CLASS, status="active")
    enterprise = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"订单班{n}")
    cohort_year = 2025
    quota = 2
    hiring_commitment = 1
    graduation_date = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=365))


class IndustryProjectFactory(DjangoModelFactory):
    class Meta:
        model = IndustryProject

    enterprise = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"AI辅助剧本开发项目{n}")
    brief = "为网络短剧开发AI辅助剧本流程"
    status = ProjectStatus.DRAFT


class ContactLogFactory(DjangoModelFactory):
    class Meta:
        model = ContactLog

    enterprise = factory.SubFactory(OrganizationFactory)
    channel = "meeting"
    occurred_on = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=3))
    subject = factory.Sequence(lambda n: f"洽谈{n}")
