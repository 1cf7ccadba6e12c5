import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.choices import OrganizationKind, Role
from faculty.choices import CertificateKind, EvidenceStatus, PlacementStatus, TrainingKind
from faculty.models import (
    PartTimeInstructor,
    TeacherCertificate,
    TeacherPlacement,
    TeacherProfile,
    TeachingAssignment,
    TrainingRecord,
)
from tests.accounts.factories import OrganizationFactory, make_member


class TeacherProfileFactory(DjangoModelFactory):
    class Meta:
        model = TeacherProfile

    user = factory.LazyAttribute(lambda o: make_member(Role.TEACHER, o.department))
    department = factory.SubFactory(
        OrganizationFactory, kind=OrganizationKind.DEPARTMENT,
        parent=factory.SubFactory(OrganizationFactory, kind=OrganizationKind.COLLEGE),
    )
    title_rank = "lecturer"
    industry_years = 0


class TeacherPlacementFactory(DjangoModelFactory):
    class Meta:
        model = TeacherPlacement

    teacher = factory.SubFactory(TeacherProfileFactory)
    host = factory.SubFactory(OrganizationFactory, kind=OrganizationKind.ENTERPRISE)
    start_date = dt.date(2025, 3, 1)
    end_date = dt.date(2025, 3, 31)
    days = 20
    role = "AIGC 分镜设计"
    project = "《山海》AI预告片"
    status = PlacementStatus.DRAFT


class TeacherCertificateFactory(DjangoModelFactory):
    class Meta:
        model = TeacherCertificate

    profile = factory.SubFactory(TeacherProfileFactory)
    kind = CertificateKind.INDUSTRY
    name = "影视后期特效师（高级）"
    issued_on = dt.date(2022, 6, 1)
    # Evidence already on record (verified); tests of the verification flow make pending rows themselves.
    status = EvidenceStatus.VERIFIED
    reviewed_at = factory.LazyFunction(timezone.now)


class TrainingRecordFactory(DjangoModelFactory):
    class Meta:
        model = TrainingRecord

    profile = factory.SubFactory(TeacherProfileFactory)
    kind = TrainingKind.AIGC_TRAINING
    title = factory.Sequence(lambda n: f"AIGC 视频生成研修班 {n}")
    start_date = dt.date(2025, 7, 1)
    end_date = dt.date(2025, 7, 5)
    hours = Decimal("32.0")
    status = EvidenceStatus.VERIFIED
    reviewed_at = factory.LazyFunction(timezone.now)


class PartTimeInstructorFactory(DjangoModelFactory):
    class Meta:
        model = PartTimeInstructor

    name = factory.Sequence(lambda n: f"兼职教师{n}")
    enterprise = factory.SubFactory(OrganizationFactory, kind=OrganizationKind.ENTERPRISE)
    hourly_rate = Decimal("300.00")
    phone = "13812345678"


class TeachingAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = TeachingAssignment

    instructor = factory.SubFactory(PartTimeInstructorFactory)
    course = factory.SubFactory("tests.faculty.factories.CourseFactory")
    term = "2025-2026-1"
    hours = Decimal("32.0")
    rate = Decimal("300.00")
    pay = factory.LazyAttribute(lambda o: o.hours * o.rate)


class CourseFactory(DjangoModelFactory):
    class Meta:
        model = "curriculum.Course"

    code = factory.Sequence(lambda n: f"FAC{n:04d}")
    name = factory.Sequence(lambda n: f"AIGC 影像创作 {n}")
