"""Who hears of an attendance event (attendance/recipients.py), and that the notifications host delivers it."""
import datetime
import uuid

import pytest

from attendance import services
from attendance.daily import run_daily
from attendance.models import LeaveRequest, Notice
from attendance.recipients import EVENT_RECIPIENTS
from core.events import Event, catalogue

from .conftest import near

pytestmark = pytest.mark.django_db


def told(name: str, obj) -> set[int]:
    event = Event(name=name, model=f"{obj._meta.app_label}.{obj._meta.model_name}", object_id=obj.pk)
    return {u for audience in EVENT_RECIPIENTS[name](event) for u in audience.user_ids}


def test_every_name_is_a_declared_event():
    assert set(EVENT_RECIPIENTS) <= set(catalogue())


def test_a_flagged_check_in_tells_both_mentors(student, teacher, enterprise_user, placement):
    row, _created = services.check_in_record(student=student, kind="in", client_id=uuid.uuid4(),
                                             reason="客户现场", **near(2000))
    assert told("attendance.checkin.flagged", row) == {teacher.pk, enterprise_user.pk}


def test_leave_goes_to_each_approver_in_turn_then_back_to_the_student(student, teacher, enterprise_user,
                                                                     admin_user, placement):
    leave = services.leave_request_create(student=student, start_date=datetime.date(2026, 3, 12),
                                          end_date=datetime.date(2026, 3, 12), reason="病", kind="sick")
    assert told("attendance.leaverequest.created", leave) == {enterprise_user.pk}
    services.leave_approve(leave=leave, by=enterprise_user)
    assert told("attendance.leaverequest.awaiting_school", leave) == {teacher.pk}
    services.leave_approve(leave=leave, by=teacher)
    assert told("attendance.leaverequest.approved", leave) == {student.pk, teacher.pk, enterprise_user.pk}
    placement.school_mentor = None
    placement.save()
    other = services.leave_request_create(student=student, start_date=datetime.date(2026, 3, 16),
                                          end_date=datetime.date(2026, 3, 16), reason="事")
    services.leave_approve(leave=other, by=enterprise_user)
    assert told("attendance.leaverequest.awaiting_school", LeaveRequest.objects.get(pk=other.pk)) == {admin_user.pk}


def test_the_daily_notice_reaches_its_one_recipient_through_the_host(student, placement, clock):
    from notifications.models import Notification
    from notifications.subscribers import notify_event

    clock.set("2026-03-11", 10, 0)
    run_daily()
    notice = Notice.objects.get(recipient=student)
    event = Event(name=f"attendance.notice.{notice.kind}", model="attendance.notice", object_id=notice.pk)
    assert notify_event(event) == 1
    assert notify_event(event) == 0  # delivered again: nothing more
    note = Notification.objects.get(recipient=student)
    assert note.url == "/attendance/"
