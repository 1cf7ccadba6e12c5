from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.choices import OrganizationKind
from funding.choices import BaseKind, BookingStatus, BudgetCategory, BudgetStatus, EquipmentKind, SourceKind
from funding.models import (
    Booking,
    Budget,
    BudgetLine,
    Equipment,
    EvaluationCriterion,
    FundingSource,
    Incentive,
    Standard,
    StandardVersion,
    TrainingBase,
)
from tests.accounts.factories import OrganizationFactory


class FundingSourceFactory(DjangoModelFactory):
    class Meta:
        model = FundingSource

    kind = SourceKind.GOVERNMENT
    title = factory.Sequence(lambda n: f"专项资金{n}")
    funder_name = "市教育局"
    amount = Decimal("1000000.00")
    received_on = date(2026, 3, 1)


class BudgetFactory(DjangoModelFactory):
    class Meta:
        model = Budget

    year = 2026
    title = factory.Sequence(lambda n: f"产教融合预算{n}")
    status = BudgetStatus.APPROVED


class BudgetLineFactory(DjangoModelFactory):
    class Meta:
        model = BudgetLine

    budget = factory.SubFactory(BudgetFactory)
    category = BudgetCategory.TRAINING_BASE
    name = factory.Sequence(lambda n: f"预算行{n}")
    amount = Decimal("1000.00")


class TrainingBaseFactory(DjangoModelFactory):
    class Meta:
        model = TrainingBase

    name = factory.Sequence(lambda n: f"AIGC实训室{n}")
    kind = BaseKind.ON_CAMPUS
    capacity = 40


class OffCampusBaseFactory(TrainingBaseFactory):
    kind = BaseKind.OFF_CAMPUS
    host = factory.SubFactory(OrganizationFactory, kind=OrganizationKind.ENTERPRISE)


class EquipmentFactory(DjangoModelFactory):
    class Meta:
        model = Equipment

    base = factory.SubFactory(TrainingBaseFactory)
    name = factory.Sequence(lambda n: f"GPU 工作站 {n:02d}")
    kind = EquipmentKind.GPU_WORKSTATION
    asset_no = factory.Sequence(lambda n: f"GPU-{n:04d}")


def slot(days: int = 1, hour: int = 9, hours: int = 2):
    start = (timezone.localtime() + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
    return start, start + timedelta(hours=hours)


class BookingFactory(DjangoModelFactory):
    class Meta:
        model = Booking

    equipment = factory.SubFactory(EquipmentFactory)
    base = factory.LazyAttribute(lambda b: b.equipment.base if b.equipment else TrainingBaseFactory())
    booked_by = None
    starts_at = factory.Sequence(lambda n: slot(days=1 + n)[0])
    ends_at = factory.LazyAttribute(lambda b: b.starts_at + timedelta(hours=2))
    purpose = "AIGC 短片渲染"
    status = BookingStatus.APPROVED


class IncentiveFactory(DjangoModelFactory):
    class Meta:
        model = Incentive

    title = factory.Sequence(lambda n: f"产教融合奖学金{n}")
    year = 2026


class StandardFactory(DjangoModelFactory):
    class Meta:
        model = Standard

    association = factory.SubFactory(OrganizationFactory, kind=OrganizationKind.ASSOCIATION)
    kind = "training"
    code = factory.Sequence(lambda n: f"T/CAIGC {n:03d}-2026")
    title = factory.Sequence(lambda n: f"AIGC影视人才培养标准{n}")


class StandardVersionFactory(DjangoModelFactory):
    class Meta:
        model = StandardVersion

    standard = factory.SubFactory(StandardFactory)
    version = factory.Sequence(lambda n: f"1.{n}")
    checklist = factory.LazyFunction(lambda: ["开设AIGC技术课程", "企业导师参与教学", "真实项目实训"])


class CriterionFactory(DjangoModelFactory):
    class Meta:
        model = EvaluationCriterion

    code = factory.Sequence(lambda n: f"C{n}")
    name = factory.Sequence(lambda n: f"评价指标{n}")
    weight = Decimal("1.00")
