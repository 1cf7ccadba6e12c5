"""Whose a partnership record is, for outbound webhooks and group-chat channels (core/registry.py)."""
from core.hosts import RecordScope

WEBHOOK_SCOPES = {
    "partnerships.agreement": RecordScope(enterprises=("parties__id",), api="agreement-detail"),
    "partnerships.enrollment": RecordScope(enterprises=("order_class__enterprise_id",), person="student_id"),
    "partnerships.industryproject": RecordScope(enterprises=("enterprise_id",), api="industry-project-detail"),
    # An internal note stays internal: the integrations host also asks ContactLog.visible_to as the partner.
    "partnerships.contactlog": RecordScope(enterprises=("enterprise_id",), api="contact-log-detail"),
}
