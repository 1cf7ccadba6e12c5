import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from curriculum.choices import CompetencyCategory, GoalDimension, ModuleKind
from curriculum.models import (
    Certificate,
    Competency,
    Competition,
    Course,
    CourseCompetency,
    CourseModule,
    CourseProject,
    JobPost,
    JobPostCompetency,
    Program,
    ProgramGoal,
    StudentAchievement,
)


class CompetencyFactory(DjangoModelFactory):
    class Meta:
        model = Competency

    code = factory.Sequence(lambda n: f"C{n:03d}")
    name = factory.Sequence(lambda n: f"能力{n}")
    category = CompetencyCategory.TECHNOLOGY


class ProgramFactory(DjangoModelFactory):
    class Meta:
        model = Program

    major = factory.Sequence(lambda n: f"影视专业{n}")
    cohort_year = 2026
    title = factory.LazyAttribute(lambda p: f"{p.major}人才培养方案")


def complete_goals(program: Program) -> None:
    for dim in GoalDimension.values:
        ProgramGoal.objects.create(program=program, dimension=dim, statement=f"{dim} 目标", outcome="90% 达标")


class CourseModuleFactory(DjangoModelFactory):
    class Meta:
        model = CourseModule

    name = factory.Sequence(lambda n: f"模块{n}")
    kind = ModuleKind.TECHNOLOGY


class CourseFactory(DjangoModelFactory):
    class Meta:
        model = Course

    code = factory.Sequence(lambda n: f"AIGC{n:03d}")
    name = factory.Sequence(lambda n: f"课程{n}")
    credits = Decimal("2.0")
    module = factory.SubFactory(CourseModuleFactory)
    content_since = factory.LazyFunction(timezone.localdate)


class JobPostFactory(DjangoModelFactory):
    class Meta:
        model = JobPost

    title = factory.Sequence(lambda n: f"岗位{n}")


def require(job_post, competency, level=2):
    return JobPostCompetency.objects.create(job_post=job_post, competency=competency, level=level)


def cover(course, competency, level=2):
    return CourseCompetency.objects.create(course=course, competency=competency, level=level)


class CompetitionFactory(DjangoModelFactory):
    class Meta:
        model = Competition

    name = factory.Sequence(lambda n: f"技能大赛{n}")


class CertificateFactory(DjangoModelFactory):
    class Meta:
        model = Certificate

    name = factory.Sequence(lambda n: f"职业证书{n}")


class AchievementFactory(DjangoModelFactory):
    class Meta:
        model = StudentAchievement

    kind = "award"
    competition = factory.SubFactory(CompetitionFactory)
    title = "一等奖"
    achieved_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=10))


def industry_project(enterprise, status="open", competencies=()):
    from partnerships.models import IndustryProject

    ip = IndustryProject.objects.create(enterprise=enterprise, title="AIGC 宣传片", status=status)
    ip.competencies.add(*competencies)
    return ip


def posting(enterprise, status="published", competencies=()):
    from internships.models import Posting

    p = Posting.objects.create(enterprise=enterprise, title="AIGC 实习", post="AI 视频剪辑", status=status)
    p.competencies.add(*competencies)
    return p


class CourseProjectFactory(DjangoModelFactory):
    class Meta:
        model = CourseProject

    course = factory.SubFactory(CourseFactory)
    title = "企业项目实训"
    term = "2026-2027-1"


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
