import datetime

import pytest
from django.core import mail
from django.utils import timezone

from internships.choices import ApplicationStatus, EvaluationStatus, EvaluatorRole, LogStatus, PlacementStatus
from internships.models import Application, InternEvaluation, Placement, Posting, WeeklyLog
from notifications import reminders
from notifications.choices import NotificationKind
from notifications.models import Notification

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 29)  # a Sunday


def days(n):
    return TODAY + datetime.timedelta(days=n)


def at(date):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(10)))


def run(name, today=TODAY):
    return reminders.run_rule(name, today=today)


@pytest.fixture
def placement(student, teacher, enterprise_org):
    # weeks: 1 = Nov 2–8, 2 = Nov 9–15, 3 = Nov 16–22, 4 = Nov 23–29
    return Placement.objects.create(student=student, enterprise=enterprise_org, post="AIGC分镜师",
                                    start_date=datetime.date(2026, 11, 2), end_date=datetime.date(2027, 4, 30),
                                    status=PlacementStatus.ACTIVE, school_mentor=teacher)


def log(placement, week, status=LogStatus.SUBMITTED, submitted=None):
    return WeeklyLog.objects.create(placement=placement, week_no=week, content="完成了虚拟拍摄场景的分镜。",
                                    status=status, submitted_at=at(submitted or TODAY))


# --- weekly log not written ------------------------------------------------------------------------

def test_missing_log_reminds_the_student_once(placement, student, teacher):
    # week 3 ended Nov 22; a day's grace has passed; week 4 ends today, so it is not yet due
    assert run("weekly_log_missing") == 1
    n = Notification.objects.get()
    assert n.recipient == student and n.kind == NotificationKind.WEEKLY_LOG_MISSING and "3" in n.title
    assert n.key == f"weekly_log_missing:placement:{placement.pk}:w3"
    assert run("weekly_log_missing") == 0


def test_written_log_means_no_reminder(placement):
    log(placement, 3)
    assert run("weekly_log_missing") == 0


def test_not_before_the_grace_day(student, enterprise_org):
    Placement.objects.create(student=student, enterprise=enterprise_org, post="剪辑", status=PlacementStatus.ACTIVE,
                             start_date=days(-7), end_date=days(90))  # week 1 ended yesterday
    assert run("weekly_log_missing") == 1
    Notification.objects.all().delete()
    Placement.objects.all().delete()
    Placement.objects.create(student=student, enterprise=enterprise_org, post="剪辑", status=PlacementStatus.ACTIVE,
                             start_date=days(-6), end_date=days(90))  # week 1 ends today
    assert run("weekly_log_missing") == 0


def test_pending_placements_are_not_reminded(placement):
    Placement.objects.filter(pk=placement.pk).update(status=PlacementStatus.PENDING)
    assert run("weekly_log_missing") == 0


def test_the_next_week_is_a_new_reminder(placement):
    assert run("weekly_log_missing") == 1
    assert run("weekly_log_missing", today=days(7)) == 1  # week 4
    assert Notification.objects.count() == 2


# --- weekly log not reviewed -----------------------------------------------------------------------

def test_unreviewed_log_reminds_the_mentor_after_n_days(placement, teacher, student):
    log(placement, 2, submitted=days(-3))
    log(placement, 3, submitted=days(-2))  # not yet
    assert run("weekly_log_unreviewed") == 1
    n = Notification.objects.get()
    assert n.recipient == teacher and "2" in n.title
    assert run("weekly_log_unreviewed") == 0


def test_reviewed_logs_are_left_alone(placement):
    log(placement, 2, status=LogStatus.REVIEWED, submitted=days(-10))
    assert run("weekly_log_unreviewed") == 0


def test_review_threshold_from_settings(settings, placement):
    settings.IEI_REMINDERS = {"WEEKLY_LOG_REVIEW_DAYS": 1}
    log(placement, 3, submitted=days(-1))
    assert run("weekly_log_unreviewed") == 1


# --- applications waiting ----------------------------------------------------------------------------

@pytest.fixture
def posting(enterprise_org):
    return Posting.objects.create(enterprise=enterprise_org, title="虚拟制片实习生", post="虚拟制片助理", slots=3)


def application(posting, student, age_days, status=ApplicationStatus.SUBMITTED):
    a = Application.objects.create(posting=posting, student=student, status=status)
    Application.objects.filter(pk=a.pk).update(updated_at=at(days(-age_days)))
    return a


def test_waiting_application_reminds_the_enterprise_only(posting, student, student2, enterprise_user,
                                                         other_enterprise_user, admin_user):
    application(posting, student, 8)
    application(posting, student2, 6)  # not yet
    assert run("application_waiting") == 1
    assert Notification.objects.get().recipient == enterprise_user
    assert run("application_waiting") == 0


def test_a_moved_application_waits_again_under_a_new_key(posting, student, enterprise_user):
    a = application(posting, student, 8)
    run("application_waiting")
    Application.objects.filter(pk=a.pk).update(status=ApplicationStatus.SHORTLISTED)
    assert run("application_waiting") == 1
    assert run("application_waiting") == 0


@pytest.mark.parametrize("status", [ApplicationStatus.OFFERED, ApplicationStatus.REJECTED, ApplicationStatus.ACCEPTED])
def test_decided_applications_are_not_waiting(posting, student, enterprise_user, status):
    application(posting, student, 30, status=status)
    assert run("application_waiting") == 0


# --- placement documents ----------------------------------------------------------------------------

@pytest.fixture
def pending(student, teacher, enterprise_org):
    return Placement.objects.create(student=student, enterprise=enterprise_org, post="调色助理", school_mentor=teacher,
                                    start_date=days(7), end_date=days(160), status=PlacementStatus.PENDING)


def test_placement_without_documents_is_flagged_to_admin_mentor_and_enterprise(
        pending, admin_user, teacher, enterprise_user, other_enterprise_user, student):
    assert run("placement_compliance") == 3
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {
        admin_user.pk, teacher.pk, enterprise_user.pk}
    assert run("placement_compliance") == 0


def test_not_before_n_days(pending, admin_user):
    Placement.objects.filter(pk=pending.pk).update(start_date=days(8))
    assert run("placement_compliance") == 0


def test_complete_documents_mean_no_reminder(pending, admin_user):
    Placement.objects.filter(pk=pending.pk).update(
        agreement_file="internships/agreements/x.pdf", agreement_signed_on=days(-1), insurer="中国人保",
        insurance_policy_no="P-1", insurance_start=days(7), insurance_end=days(160))
    assert run("placement_compliance") == 0


def test_insurance_that_does_not_cover_the_placement_is_flagged(pending, admin_user):
    Placement.objects.filter(pk=pending.pk).update(
        agreement_file="internships/agreements/x.pdf", agreement_signed_on=days(-1), insurer="中国人保",
        insurance_policy_no="P-1", insurance_start=days(7), insurance_end=days(100))
    assert run("placement_compliance") == 2  # admin and school mentor
    body = Notification.objects.first().body
    assert "保险" in body or "insurance" in body


# --- evaluation due ---------------------------------------------------------------------------------

def evaluation(placement, age_days):
    ev = InternEvaluation.objects.create(placement=placement, stage="midterm", status=EvaluationStatus.REQUESTED,
                                         evaluator_role=EvaluatorRole.ENTERPRISE_MENTOR)
    InternEvaluation.objects.filter(pk=ev.pk).update(created_at=at(days(-age_days)))
    return ev


def test_mentor_without_account_gets_a_working_signed_link_once_per_period(placement):
    from internships.services import evaluation_for_link

    Placement.objects.filter(pk=placement.pk).update(enterprise_mentor_name="王导",
                                                     enterprise_mentor_email="wang@xh.cn")
    ev = evaluation(placement, 5)
    assert run("evaluation_due") == 1
    assert run("evaluation_due") == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["wang@xh.cn"]
    token = mail.outbox[0].body.split("/internships/evaluate/")[1].split("/")[0]
    assert evaluation_for_link(token).pk == ev.pk
    assert run("evaluation_due", today=days(5)) == 1  # the next period
    assert len(mail.outbox) == 2


def test_mentor_with_account_is_notified_with_the_link(placement, enterprise_user):
    Placement.objects.filter(pk=placement.pk).update(enterprise_mentor=enterprise_user)
    evaluation(placement, 6)
    assert run("evaluation_due") == 1
    n = Notification.objects.get()
    assert n.recipient == enterprise_user and n.url.startswith("/internships/evaluate/")


def test_evaluation_not_yet_due_or_submitted(placement, enterprise_user):
    Placement.objects.filter(pk=placement.pk).update(enterprise_mentor=enterprise_user)
    ev = evaluation(placement, 4)
    assert run("evaluation_due") == 0
    InternEvaluation.objects.filter(pk=ev.pk).update(status=EvaluationStatus.SUBMITTED, score=90,
                                                     created_at=at(days(-20)))
    assert run("evaluation_due") == 0


def test_a_membership_no_longer_in_force_is_not_reminded(posting, student, enterprise_user, enterprise_org):
    """The users of an enterprise are those whose membership is in force (Membership.objects.in_force()):
    an organisation deactivated since takes its users' role away, and their reminders with it."""
    from accounts.models import Organization

    application(posting, student, 8)
    Organization.objects.filter(pk=enterprise_org.pk).update(is_active=False)
    assert run("application_waiting") == 0
    assert not Notification.objects.filter(recipient=enterprise_user).exists()
