"""Whose a faculty record is, for outbound webhooks and group-chat channels (core/registry.py)."""
from core.hosts import RecordScope

WEBHOOK_SCOPES = {
    "faculty.teacherplacement": RecordScope(enterprises=("host_id",), person="teacher__user_id",
                                            department="teacher__department_id", api="teacher-placement-detail"),
}
