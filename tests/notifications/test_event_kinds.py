"""Every step someone waits on tells the right people (issue 19 item 1), through each app's recipients.py.

Events are built as the dispatcher hands them to the subscriber (``notify_event``); what matters here
is who is told, under which kind, in whose language, with which link, and never the actor.
"""
import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import Role
from core.events import Event
from funding.models import Expenditure
from internships.models import InternEvaluation, SafetyIncident, WeeklyLog
from notifications import catalogue
from notifications.choices import EmailFrequency, EmailState, NotificationKind
from notifications.models import Notification, NotificationPreference
from notifications.subscribers import notify_event
from tests.accounts.factories import make_member
from tests.curriculum.factories import ProgramFactory
from tests.faculty.factories import TeacherPlacementFactory
from tests.funding.factories import BookingFactory, BudgetLineFactory, IncentiveFactory
from tests.internships.factories import ApplicationFactory, PlacementFactory, PostingFactory
from tests.notifications.factories import AgreementFactory

pytestmark = pytest.mark.django_db


def event(name: str, obj, actor=None, **data) -> Event:
    return Event(name=name, model=f"{obj._meta.app_label}.{obj._meta.model_name}", object_id=obj.pk,
                 actor_id=getattr(actor, "pk", actor), data=data)


def told(kind: str) -> set[int]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


@pytest.fixture
def mentor(department):
    return make_member(Role.TEACHER, department, username="mentor")


@pytest.fixture
def placement(student, enterprise_org, enterprise_user, mentor):
    return PlacementFactory(student=student, enterprise=enterprise_org, school_mentor=mentor,
                            enterprise_mentor=enterprise_user)


def test_shortlisting_tells_the_student(student, enterprise_org, enterprise_user):
    a = ApplicationFactory(posting=PostingFactory(enterprise=enterprise_org), student=student)
    assert notify_event(event("internships.application.shortlisted", a, enterprise_user)) == 1
    n = Notification.objects.get()
    assert n.recipient == student and n.kind == NotificationKind.APPLICATION_DECIDED


def test_an_accepted_offer_tells_the_enterprise_and_the_school_mentor(placement, student, enterprise_user, mentor):
    a = ApplicationFactory(posting=PostingFactory(enterprise=placement.enterprise), student=student,
                           status="accepted")
    placement.application = a
    placement.save(update_fields=["application"])
    notify_event(event("internships.application.accepted", a, student))
    assert told(NotificationKind.OFFER_ANSWERED) == {enterprise_user.pk, mentor.pk}


@pytest.mark.parametrize("what", ["active", "completed", "terminated"])
def test_a_placement_step_tells_the_student_both_mentors_and_the_college(placement, student, enterprise_user, mentor,
                                                                         admin_user, what):
    notify_event(event(f"internships.placement.{what}", placement))
    assert told(NotificationKind.PLACEMENT_CHANGED) == {student.pk, enterprise_user.pk, mentor.pk, admin_user.pk}
    n = Notification.objects.get(recipient=student)
    assert n.url == reverse("internships:placement_detail", args=[placement.pk]) and n.target == placement


def test_a_placement_started_by_the_admin_leaves_the_admin_out(placement, admin_user, student):
    notify_event(event("internships.placement.active", placement, admin_user))
    assert admin_user.pk not in told(NotificationKind.PLACEMENT_CHANGED)
    assert student.pk in told(NotificationKind.PLACEMENT_CHANGED)


def test_weekly_logs_tell_the_mentor_then_the_student(placement, student, mentor, enterprise_user):
    log = WeeklyLog.objects.create(placement=placement, week_no=3, content="分镜练习")
    notify_event(event("internships.weeklylog.created", log, student))
    assert told(NotificationKind.WEEKLY_LOG_SUBMITTED) == {mentor.pk}
    notify_event(event("internships.weeklylog.reviewed", log, mentor))
    notify_event(event("internships.weeklylog.commented", log, enterprise_user))
    assert Notification.objects.filter(kind=NotificationKind.WEEKLY_LOG_REVIEWED, recipient=student).count() == 2
    assert Notification.objects.get(kind=NotificationKind.WEEKLY_LOG_SUBMITTED).url == reverse(
        "internships:log_detail", args=[log.pk])


@pytest.mark.parametrize("name", ["internships.internevaluation.requested", "internships.internevaluation.submitted"])
def test_evaluation_steps_tell_the_school_mentor(placement, mentor, name):
    ev = InternEvaluation.objects.create(placement=placement, stage="final", evaluator_role="enterprise_mentor",
                                         status="requested")
    notify_event(event(name, ev))
    assert told(NotificationKind.EVALUATION_CHANGED) == {mentor.pk}


def test_a_serious_incident_is_e_mailed_at_once_whatever_the_preference(
        placement, mentor, admin_user, student, eager_celery, django_capture_on_commit_callbacks):
    for user in (mentor, admin_user):
        NotificationPreference.objects.create(user=user, kind=NotificationKind.SAFETY_INCIDENT_SERIOUS,
                                              in_app=False, email=False, email_frequency=EmailFrequency.DIGEST)
    incident = SafetyIncident.objects.create(placement=placement, occurred_on=datetime.date.today(),
                                             severity="serious", description="手部划伤", reported_by=student)
    with django_capture_on_commit_callbacks(execute=True):
        notify_event(event("internships.safetyincident.created", incident, student))
    rows = Notification.objects.filter(kind=NotificationKind.SAFETY_INCIDENT_SERIOUS)
    assert {n.recipient_id for n in rows} == {mentor.pk, admin_user.pk}
    assert all(n.in_app and n.email_state == EmailState.SENT for n in rows)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([mentor.email, admin_user.email])


def test_a_minor_incident_follows_the_preference(placement, mentor, admin_user, student):
    NotificationPreference.objects.create(user=mentor, kind=NotificationKind.SAFETY_INCIDENT, in_app=False,
                                          email=False)
    incident = SafetyIncident.objects.create(placement=placement, occurred_on=datetime.date.today(),
                                             severity="minor", description="轻微擦伤", reported_by=student)
    notify_event(event("internships.safetyincident.created", incident, student))
    assert told(NotificationKind.SAFETY_INCIDENT) == {admin_user.pk}
    assert Notification.objects.get().email_state == EmailState.DIGEST


def test_teacher_placements_tell_the_host_then_the_teacher(enterprise_org, enterprise_user):
    p = TeacherPlacementFactory(host=enterprise_org)
    teacher = p.teacher.user
    notify_event(event("faculty.teacherplacement.submitted", p, teacher))
    assert told(NotificationKind.TEACHER_PLACEMENT_SUBMITTED) == {enterprise_user.pk}
    notify_event(event("faculty.teacherplacement.confirmed", p, enterprise_user))
    assert told(NotificationKind.TEACHER_PLACEMENT_DECIDED) == {teacher.pk}
    assert Notification.objects.get(recipient=teacher).url == reverse("faculty:placement_detail", args=[p.pk])


@pytest.mark.parametrize("what", ["approved", "rejected", "cancelled"])
def test_a_booking_decision_tells_the_requester(teacher, admin_user, what):
    b = BookingFactory(booked_by=teacher)
    notify_event(event(f"funding.booking.{what}", b, admin_user))
    assert told(NotificationKind.BOOKING_DECIDED) == {teacher.pk}


def test_an_incentive_decision_tells_the_applicant(student, admin_user):
    i = IncentiveFactory(recipient_user=student)
    notify_event(event("funding.incentive.approved", i, admin_user))
    assert told(NotificationKind.INCENTIVE_DECIDED) == {student.pk}


def test_an_overspend_override_tells_the_other_college_admins(admin_user, college):
    other = make_member(Role.COLLEGE_ADMIN, college, username="admin2")
    line = BudgetLineFactory()
    e = Expenditure.objects.create(line=line, amount=100, spent_on=datetime.date.today(), payee="渲染农场",
                                   recorded_by=admin_user)
    notify_event(event("funding.expenditure.overspend_override", e, admin_user, override_amount="50.00"))
    assert told(NotificationKind.OVERSPEND_OVERRIDE) == {other.pk}


@pytest.mark.parametrize("what", ["under_review", "draft", "active", "expired"])
def test_an_agreement_step_tells_both_parties(enterprise_org, enterprise_user, other_enterprise_user, admin_user,
                                              what):
    a = AgreementFactory(parties=[enterprise_org], status=what)
    notify_event(event(f"partnerships.agreement.{what}", a))
    assert told(NotificationKind.AGREEMENT_CHANGED) == {admin_user.pk, enterprise_user.pk}


def test_a_programme_in_review_tells_its_reviewers_and_a_comment_its_owner(admin_user, enterprise_user, student):
    p = ProgramFactory(created_by=admin_user, status="in_review")
    notify_event(event("curriculum.program.in_review", p, admin_user))
    assert told(NotificationKind.PROGRAM_REVIEW) == {enterprise_user.pk}
    notify_event(event("curriculum.program.commented", p, enterprise_user))
    assert told(NotificationKind.PROGRAM_COMMENTED) == {admin_user.pk}


def test_each_recipient_reads_it_in_their_own_language(placement, student, mentor):
    student.language, mentor.language = "en", "zh-hans"
    student.save(update_fields=["language"])
    mentor.save(update_fields=["language"])
    notify_event(event("internships.placement.completed", placement))
    assert "is completed" in Notification.objects.get(recipient=student).title
    assert "is completed" not in Notification.objects.get(recipient=mentor).title


def test_the_catalogue_in_the_docs_is_the_one_the_code_declares():
    text = catalogue.DOC.read_text()
    assert catalogue.render_doc(text) == text, "run: python manage.py notification_catalogue --write"
    declared = {r.event for r in catalogue.rows()}
    assert {"internships.safetyincident.created", "funding.booking.cancelled", "curriculum.program.commented",
            "faculty.teacherplacement.submitted", "partnerships.agreement.active"} <= declared


def test_every_domain_provider_declares_its_kind_and_audience():
    for r in catalogue.rows():
        if not r.event.startswith("integrations."):
            assert r.kind != NotificationKind.GENERAL and str(r.who), r.event


def test_the_preferences_page_shows_the_catalogue(client, student):
    client.force_login(student)
    response = client.get(reverse("notifications:preferences"))
    assert response.status_code == 200
    assert [r.event for r in response.context["catalogue"]] == [r.event for r in catalogue.rows()]
    assert "catalogue" in response.content.decode()


def test_the_badge_endpoint_is_one_query_and_follows_new_notifications(client, student):
    client.force_login(student)
    url = reverse("notifications:unread")
    client.get(url)  # the session and user are loaded once; what is left is the count
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200 and response.json() == {"unread": 0}
    counts = [q["sql"] for q in ctx.captured_queries if "notifications_notification" in q["sql"]]
    assert len(counts) == 1 and "COUNT" in counts[0].upper()
    Notification.objects.create(recipient=student, kind="general", title="x")
    assert client.get(url).json() == {"unread": 1}
    assert client.get(url)["Cache-Control"] == "no-store"


def test_the_badge_endpoint_refuses_anonymous_users(client):
    response = client.get(reverse("notifications:unread"))
    assert response.status_code == 401


def test_the_top_bar_renders_the_count_for_pages_without_javascript(client, student):
    Notification.objects.create(recipient=student, kind="general", title="x")
    client.force_login(student)
    html = client.get(reverse("notifications:list")).content.decode()
    assert f'data-unread-url="{reverse("notifications:unread")}"' in html
    assert '<span data-unread-count>1</span>' in html
