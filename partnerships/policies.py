"""Write rights for partnerships resources; reads are decided by each model's ``visible_to``."""
from __future__ import annotations

from accounts.policy import access_for
from core.api import Policy

from .choices import ProjectStatus


def _org_id(data, key: str = "enterprise") -> int | None:
    if data is None:
        return None
    value = data.get(key) if hasattr(data, "get") else None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class EnterprisePolicy(Policy):
    def can_create(self, user, data=None) -> bool:
        return access_for(user).is_college_admin

    def can_update(self, user, obj) -> bool:
        acc = access_for(user)
        return acc.is_college_admin or obj.pk in acc.enterprise_ids

    def can_action(self, user, obj, action: str) -> bool:
        return self.can_update(user, obj)

    def can_see_health(self, user, obj) -> bool:
        """The partnership health score: the college's staff and the enterprise's own people, never students.

        One rule for the enterprise page, the directory and the API (a list must not show what the page hides).
        """
        acc = access_for(user)
        return acc.is_college_admin or acc.is_teacher or obj.pk in acc.enterprise_ids


class AssociationPolicy(Policy):
    def can_create(self, user, data=None) -> bool:
        return access_for(user).is_college_admin

    def can_update(self, user, obj) -> bool:
        acc = access_for(user)
        return acc.is_college_admin or obj.pk in acc.association_ids


class AgreementPolicy(Policy):
    """Agreements are the college's instruments: partners read theirs, the college office writes."""

    def can_create(self, user, data=None) -> bool:
        return access_for(user).is_college_admin

    def can_update(self, user, obj) -> bool:
        return access_for(user).is_college_admin

    def can_delete(self, user, obj) -> bool:
        return access_for(user).is_college_admin

    def can_action(self, user, obj, action: str) -> bool:
        if action in ("documents_list", "download", "fulfilment", "transitions"):
            return True
        return access_for(user).is_college_admin


class OrderClassPolicy(Policy):
    def can_create(self, user, data=None) -> bool:
        return access_for(user).is_college_admin

    def can_update(self, user, obj) -> bool:
        return access_for(user).is_college_admin

    def can_action(self, user, obj, action: str) -> bool:
        acc = access_for(user)
        if action == "record_outcome":
            # The enterprise knows whom it hired; it records that for its own class.
            return acc.is_college_admin or obj.enterprise_id in acc.enterprise_ids
        return acc.is_college_admin


class IndustryProjectPolicy(Policy):
    def can_create(self, user, data=None) -> bool:
        acc = access_for(user)
        if acc.is_college_admin:
            return True
        return acc.is_enterprise and (_org_id(data) is None or _org_id(data) in acc.enterprise_ids)

    def can_update(self, user, obj) -> bool:
        acc = access_for(user)
        return acc.is_college_admin or obj.enterprise_id in acc.enterprise_ids

    def can_delete(self, user, obj) -> bool:
        return self.can_update(user, obj) and obj.status == ProjectStatus.DRAFT

    def can_action(self, user, obj, action: str) -> bool:
        acc = access_for(user)
        if action in ("join", "leave"):
            return acc.is_teacher or acc.is_student or acc.is_college_admin
        if action == "complete_milestone":
            lead = any(m.user_id == user.pk and m.role == "lead_teacher" for m in obj.members.all())
            return self.can_update(user, obj) or lead
        return self.can_update(user, obj)


class ContactLogPolicy(Policy):
    def can_create(self, user, data=None) -> bool:
        acc = access_for(user)
        if acc.is_college_admin or acc.is_teacher:
            return True
        return acc.is_enterprise and (_org_id(data) is None or _org_id(data) in acc.enterprise_ids)

    def can_update(self, user, obj) -> bool:
        acc = access_for(user)
        return acc.is_college_admin or obj.recorded_by_id == user.pk

    def can_delete(self, user, obj) -> bool:
        return self.can_update(user, obj)

    def can_action(self, user, obj, action: str) -> bool:
        acc = access_for(user)
        if action == "complete_follow_up":
            return self.can_update(user, obj) or obj.enterprise_id in acc.enterprise_ids
        return self.can_update(user, obj)
