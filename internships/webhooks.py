"""Whose an internship record is, for outbound webhooks and group-chat channels (core/registry.py)."""
from core.hosts import RecordScope

WEBHOOK_SCOPES = {
    "internships.posting": RecordScope(enterprises=("enterprise_id",), api="posting-detail"),
    "internships.application": RecordScope(enterprises=("posting__enterprise_id",), person="student_id",
                                           api="application-detail"),
    "internships.placement": RecordScope(enterprises=("enterprise_id",), person="student_id", api="placement-detail"),
    "internships.weeklylog": RecordScope(enterprises=("placement__enterprise_id",), person="placement__student_id",
                                         api="weekly-log-detail"),
    "internships.internevaluation": RecordScope(enterprises=("placement__enterprise_id",),
                                                person="placement__student_id", api="intern-evaluation-detail"),
    "internships.safetyincident": RecordScope(enterprises=("placement__enterprise_id",),
                                              person="placement__student_id", api="safety-incident-detail"),
    "internships.complianceexception": RecordScope(enterprises=("placement__enterprise_id",),
                                                   person="placement__student_id"),
}
