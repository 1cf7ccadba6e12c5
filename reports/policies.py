"""Write rights for report jobs; reads follow ReportJob.objects.visible_to."""
from accounts.policy import access_for
from core.api import Policy

from .choices import JobKind

# Kinds of job each role may request; exports follow each list's own scope, so every role may export.
ADMIN_ONLY_KINDS = {JobKind.ANNUAL_REPORT, JobKind.IMPORT}


class ReportJobPolicy(Policy):
    def can_create(self, user, data=None) -> bool:
        acc = access_for(user)
        if not acc.is_authenticated:
            return False
        kind = (data or {}).get("kind") if hasattr(data, "get") else None
        if kind in ADMIN_ONLY_KINDS:
            return acc.is_college_admin
        return True

    def can_update(self, user, obj) -> bool:
        return False

    def can_delete(self, user, obj) -> bool:
        return False

    def can_action(self, user, obj, action: str) -> bool:
        acc = access_for(user)
        if action in ("cancel", "retry"):
            return obj.requested_by_id == acc.user_id or acc.is_college_admin
        if action == "confirm":
            return acc.is_college_admin
        return False

    def can_import(self, user) -> bool:
        return access_for(user).is_college_admin

    def can_run_annual(self, user) -> bool:
        return access_for(user).is_college_admin
