"""Fixtures of the security suite: the demo data set as the shared world, and one user per role.

``matrix_actors`` adds, for the access matrix, the rows of enterprise B that the demo only has for
enterprise A, so every enterprise-owned resource is asked about on both tenants.

The access matrix asks hundreds of questions of the same data, so the demo seed is loaded once per
module inside an outer transaction that is rolled back at the end; each test still runs in its own
savepoint (pytest-django's ``db``), so a write made by one request never leaks into the next.
"""
from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction

SEED_PASSWORD = "Seed-Secret-2026"

# role name in the matrix -> demo username (accounts/demo.py USERS)
ROLE_USERS = {
    "admin": "admin",
    "teacher": "teacher",
    "ent_a": "enterprise",
    "ent_b": "enterprise2",
    "student": "student",
    "assoc": "association",
}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data set; yields the media folder its files were stored in."""
    from django.test import override_settings

    media = tmp_path_factory.mktemp("seed-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", password=SEED_PASSWORD, verbosity=0)
            yield media
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def actors(seeded, db, settings):
    """Role name -> user (``anon`` -> None), plus the two sides' organisations and people."""
    settings.MEDIA_ROOT = seeded
    from accounts.choices import Role
    from accounts.models import Membership, User

    users = {role: User.objects.get(username=name) for role, name in ROLE_USERS.items()}
    users["anon"] = None

    def org_of(username: str):
        return Membership.objects.get(user__username=username, role=Role.ENTERPRISE).organization

    sides = {
        "A": {"orgs": [org_of("enterprise")],
              "users": [User.objects.get(username=u) for u in ("teacher", "student", "enterprise")]},
        "B": {"orgs": [org_of("enterprise2")],
              "users": [User.objects.get(username=u) for u in ("teacher2", "student2", "enterprise2")]},
    }
    return users, sides


# A tiny valid PDF for the files the mirrored rows carry (CV, agreement scans, evidence).
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
# A one-pixel PNG for the photos of check-ins.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8cf"
                    "c0f01f0005000201e1d3c6a20000000049454e44ae426082")


def _clone(obj, **changes):
    """A copy of ``obj`` as a new row, with ``changes`` applied (many-to-many links are not copied)."""
    copy = type(obj)._base_manager.get(pk=obj.pk)
    copy.pk = copy.id = None
    copy._state.adding = True
    for name, value in changes.items():
        setattr(copy, name, value)
    copy.save()
    return copy


def _attach(obj, field: str, name: str) -> None:
    getattr(obj, field).save(name, ContentFile(PDF), save=True)


@pytest.fixture
def matrix_actors(actors):
    """``actors`` plus the rows of enterprise B that the demo data set only has for enterprise A.

    The demo gives enterprise A the whole internship pipeline, an order class, a part-time
    instructor and a hosted teacher placement, and enterprise B almost none of it, so the access
    matrix could not ask whether enterprise A is kept out of enterprise B's applicants, interns,
    logs, evaluations and files. Each row below mirrors the side-A row the matrix asks about (same
    states), with side B's enterprise and people, so the two halves of a line read alike. Files are
    attached on both sides, so the download routes answer on a real file. Everything is made inside
    the test's transaction and rolled back with it.
    """
    from accounts.models import User
    from curriculum.models import Course, CourseProject, StudentAchievement
    from faculty.models import PartTimeInstructor, TeacherPlacement, TeachingAssignment
    from faculty.services import teacher_profile_ensure
    from funding.models import FundingSource, Incentive, TrainingBase
    from internships.models import Application, InternEvaluation, Placement, Posting, WeeklyLog, WeeklyLogAttachment
    from notifications.models import Notification
    from partnerships.choices import DocumentKind, ProjectStatus
    from partnerships.models import Agreement, AgreementDocument, IndustryProject, OrderClass
    from reports.choices import JobStatus
    from reports.models import ReportJob

    users, sides = actors
    ent_a, ent_b = sides["A"]["orgs"][0], sides["B"]["orgs"][0]
    staff_a, staff_b = users["ent_a"], users["ent_b"]
    teacher2, student2 = User.objects.get(username="teacher2"), User.objects.get(username="student2")

    # Internships: an accepted application to B's posting, its running placement, logs and evaluations.
    application_a = Application.objects.filter(posting__enterprise=ent_a).order_by("pk").first()
    placement_a = Placement.objects.get(application=application_a)
    posting_b = Posting.objects.filter(enterprise=ent_b).order_by("pk").first()
    application_b = _clone(application_a, posting=posting_b, student=student2)
    Posting.objects.filter(pk=posting_b.pk).update(accepted_count=1)
    for application in (application_a, application_b):
        _attach(application, "cv", "cv.pdf")
    placement_b = _clone(placement_a, application=application_b, posting=posting_b, enterprise=ent_b,
                         student=student2, school_mentor=teacher2, enterprise_mentor=staff_b, created_by=None)
    _attach(placement_b, "agreement_file", "tripartite-agreement.pdf")
    for log in WeeklyLog.objects.filter(placement=placement_a).order_by("pk"):
        log_b = _clone(log, placement=placement_b, reviewed_by=teacher2 if log.reviewed_by_id else None)
        if log.week_no == 1:
            for week_log in (log, log_b):
                attachment = WeeklyLogAttachment(log=week_log, name="storyboard.pdf")
                _attach(attachment, "file", "storyboard.pdf")
    for evaluation in InternEvaluation.objects.filter(placement=placement_a).order_by("pk"):
        evaluator = teacher2 if evaluation.evaluator_id == placement_a.school_mentor_id else staff_b
        _clone(evaluation, placement=placement_b, evaluator=evaluator, evaluator_name=str(evaluator))
    # A's safety incident (demo) mirrored on B's placement; A's student hired by A (the demo's outcome is
    # student2's, hired by B).
    from internships.models import EmploymentOutcome, SafetyIncident

    _clone(SafetyIncident.objects.filter(placement=placement_a).order_by("pk").first(), placement=placement_b,
           reported_by=teacher2)
    EmploymentOutcome.objects.create(student=users["student"], placement=placement_a, kind="host_enterprise",
                                     employer=ent_a, position="剪辑助理", is_counterpart=True,
                                     monthly_salary="6000.00")

    # Partnerships: an order class of B on B's agreement (no students: each holds one active enrolment),
    # and a scan on each side's agreement.
    agreement_a = Agreement.objects.filter(parties=ent_a).exclude(parties=ent_b).order_by("pk").first()
    agreement_b = Agreement.objects.filter(parties=ent_b).exclude(parties=ent_a).order_by("pk").first()
    _clone(OrderClass.objects.filter(enterprise=ent_a).order_by("pk").first(),
                           enterprise=ent_b, agreement=agreement_b, name="幻境视效虚拟制片订单班")
    for agreement in (agreement_a, agreement_b):
        if not AgreementDocument.objects.filter(agreement=agreement).exists():
            document = AgreementDocument(agreement=agreement, kind=DocumentKind.SIGNED_SCAN, title="签字扫描件",
                                         uploaded_by=users["admin"])
            _attach(document, "file", "agreement.pdf")

    # Curriculum: a course project on an industry project of A (the demo's first is on B's), and an
    # achievement of each student outside a programme and on a competition without courses: the
    # demo's reach courses of teachers of both sides, so none of them is one side's alone.
    project_b = CourseProject.objects.filter(industry_project__enterprise=ent_b).order_by("pk").first()
    # A course adopts only a project that is open or under way (course_project_adopt); A's demo project
    # is a draft, so an open copy of it is made.
    project_a = _clone(IndustryProject.objects.filter(enterprise=ent_a).order_by("pk").first(),
                       status=ProjectStatus.OPEN, title="院线电影数字资产管理")
    _clone(project_b, industry_project=project_a,
           course=Course.objects.filter(owner=users["teacher"]).order_by("pk").first(), mentor=staff_a,
           title="院线电影数字资产管理（课程项目）")
    achievement = StudentAchievement.objects.filter(student=users["student"], kind="award").order_by("pk").first()
    competition = _clone(achievement.competition, name="院级AIGC短片创作大赛")
    for student in (users["student"], student2):
        _clone(achievement, student=student, program=None, competition=competition)

    # Faculty: B's part-time instructor and their teaching, and a teacher placement B hosts.
    instructor_b = _clone(PartTimeInstructor.objects.filter(enterprise=ent_a).order_by("pk").first(),
                          enterprise=ent_b, user=None, name="吴一帆", phone="13800001111",
                          email="wu.yf@demo.iei.example.cn")
    assignment_a = TeachingAssignment.objects.filter(instructor__enterprise=ent_a).order_by("pk").first()
    assignment_b = _clone(assignment_a, instructor=instructor_b, mentor=teacher2,
                          course=Course.objects.filter(owner=teacher2).order_by("pk").first())
    # The evaluation of A's teaching (demo) mirrored on B's, by B's mentor.
    from faculty.models import InstructorEvaluation

    _clone(InstructorEvaluation.objects.filter(assignment__instructor__enterprise=ent_a).order_by("pk").first(),
           assignment=assignment_b, evaluator=teacher2)
    hosted_a = TeacherPlacement.objects.filter(host=ent_a).order_by("pk").first()
    hosted_b = _clone(hosted_a, teacher=teacher_profile_ensure(user=teacher2), host=ent_b,
                      confirmed_by=staff_b, confirmed_by_name=str(staff_b))
    for hosted in (hosted_a, hosted_b):
        _attach(hosted, "evidence", "evidence.pdf")
    # Scans behind the teachers' evidence (certificates, training, years in industry) on both sides.
    from faculty.models import IndustryYearsDeclaration, TeacherCertificate, TrainingRecord

    for model, field in ((TeacherCertificate, "file"), (TrainingRecord, "certificate_file"),
                         (IndustryYearsDeclaration, "file")):
        for teacher in (users["teacher"], teacher2):
            row = model.objects.filter(profile__user=teacher).order_by("pk").first()
            if row is not None:
                _attach(row, field, "scan.pdf")

    # Funding: an off-campus base A hosts (the demo's is B's), B's surcharge credit, evidence of investment.
    base_b = TrainingBase.objects.filter(host=ent_b).order_by("pk").first()
    _clone(base_b, host=ent_a, agreement=agreement_a, name="星河影业AIGC校外实践基地")
    _clone(Incentive.objects.get(recipient_org=ent_a), recipient_org=ent_b)
    for org in (ent_a, ent_b):
        source = FundingSource.objects.filter(funder=org).order_by("pk").first()
        _attach(source, "document", "contract.pdf")

    # Per-user rows: a notification of teacher2, and an export each enterprise's staff asked for.
    _clone(Notification.objects.filter(recipient=users["teacher"]).order_by("pk").first(), recipient=teacher2)
    job = ReportJob.objects.filter(status=JobStatus.DONE).exclude(result="").order_by("pk").first()
    for staff in (staff_a, staff_b):
        _clone(job, requested_by=staff)
    # API tokens: one of each enterprise's staff, so "another user's token is a 404" is asked across tenants.
    from accounts.models import ApiToken

    for staff in (staff_a, staff_b):
        ApiToken.objects.create(user=staff, name="matrix")
    # Invitations: the demo's pending one is enterprise A's; B's administrator invited a colleague too.
    from accounts.models import Invitation

    _clone(Invitation.objects.filter(organization=ent_a).order_by("pk").first(), organization=ent_b,
           invited_by=staff_b, email="colleague@b.example.cn")
    # Attendance: B's intern keeps the days A's keeps (workplace, check-ins, leave, absences, breaches), and
    # teacher2 visits enterprise B.
    import uuid

    from attendance.models import Absence, CheckIn, LeaveRequest, SupervisionVisit, WorkingTimeBreach, Workplace

    _clone(Workplace.objects.get(placement=placement_a), placement=placement_b, updated_by=staff_b)
    for row in CheckIn.objects.filter(placement=placement_a).order_by("pk"):
        _clone(row, placement=placement_b, client_id=uuid.uuid4(), reviewed_by=staff_b if row.reviewed_by_id else None)
    for leave in LeaveRequest.objects.filter(placement=placement_a).order_by("pk"):
        _clone(leave, placement=placement_b, enterprise_decided_by=staff_b if leave.enterprise_decided_by_id else None,
               school_decided_by=teacher2 if leave.school_decided_by_id else None)
    for absence in Absence.objects.filter(placement=placement_a).order_by("pk"):
        _clone(absence, placement=placement_b)
    for breach in WorkingTimeBreach.objects.filter(placement=placement_a).order_by("pk"):
        _clone(breach, placement=placement_b, check_in=None)
    visit_b = _clone(SupervisionVisit.objects.filter(placements=placement_a).order_by("pk").first(),
                     teacher=teacher2, enterprise=ent_b)
    visit_b.placements.set([placement_b])
    for placement in (placement_a, placement_b):  # files on both sides, so the download routes answer on one
        CheckIn.objects.filter(placement=placement).order_by("pk").first().photo.save(
            "photo.png", ContentFile(PNG), save=True)
        _attach(LeaveRequest.objects.filter(placement=placement).order_by("pk").first(), "attachment", "note.pdf")
    return users, sides
