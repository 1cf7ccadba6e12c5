import datetime

import factory
from factory.django import DjangoModelFactory

from accounts.choices import OrganizationKind
from notifications.choices import NotificationKind
from notifications.models import Notification
from partnerships.choices import AgreementKind, AgreementStatus
from partnerships.models import Agreement
from tests.accounts.factories import OrganizationFactory, UserFactory


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = NotificationKind.GENERAL
    title = factory.Sequence(lambda n: f"通知 {n}")
    body = "请查看详情。"
    url = "/notifications/"


class AgreementFactory(DjangoModelFactory):
    """A partnerships.Agreement anchor; only the fields the reminder reads."""

    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"XY-2026-{n:04d}")
    title = factory.Sequence(lambda n: f"虚拟拍摄实训基地共建协议 {n}")
    kind = AgreementKind.TRAINING_BASE
    status = AgreementStatus.ACTIVE
    college = factory.SubFactory(OrganizationFactory, kind=OrganizationKind.COLLEGE)
    start_date = datetime.date(2024, 1, 1)
    end_date = datetime.date(2027, 1, 1)

    @factory.post_generation
    def parties(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.parties.set(extracted)
