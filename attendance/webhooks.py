"""Whose an attendance record is, for outbound webhooks and group-chat channels (core/registry.py).

A host enterprise's endpoints hear of its interns' check-ins, leave and breaches and of visits to it;
the daily notices are personal and reach the college's endpoints only.
"""
from core.hosts import RecordScope

WEBHOOK_SCOPES = {
    "attendance.checkin": RecordScope(enterprises=("placement__enterprise_id",), person="placement__student_id",
                                      api="check-in-detail"),
    "attendance.leaverequest": RecordScope(enterprises=("placement__enterprise_id",),
                                           person="placement__student_id", api="leave-request-detail"),
    "attendance.workingtimebreach": RecordScope(enterprises=("placement__enterprise_id",),
                                                person="placement__student_id", api="working-time-breach-detail"),
    "attendance.supervisionvisit": RecordScope(enterprises=("enterprise_id",), api="supervision-visit-detail"),
    "attendance.notice": RecordScope(person="recipient_id"),
}
