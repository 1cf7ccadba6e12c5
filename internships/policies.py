"""Write rights of the internships app; reads are decided by each model's ``visible_to`` scope."""
from __future__ import annotations

from accounts.policy import access_for
from core.api import Policy


def _owns_enterprise(user, enterprise_id: int) -> bool:
    return enterprise_id in access_for(user).enterprise_ids


class PostingPolicy(Policy):
    def can_create(self, user, data=None) -> bool:
        acc = access_for(user)
        return acc.is_college_admin or acc.is_enterprise

    def can_update(self, user, obj) -> bool:
        return access_for(user).is_college_admin or _owns_enterprise(user, obj.enterprise_id)

    def can_action(self, user, obj, action: str) -> bool:
        if action in ("approve", "return_to_draft"):
            return access_for(user).is_college_admin
        if action == "apply":
            return access_for(user).is_student
        return self.can_update(user, obj)


class ApplicationPolicy(Policy):
    STUDENT_ACTIONS = ("accept", "decline", "withdraw", "withdraw_acceptance")

    def can_create(self, user, data=None) -> bool:
        return access_for(user).is_student

    def can_action(self, user, obj, action: str) -> bool:
        acc = access_for(user)
        if action in self.STUDENT_ACTIONS:
            return obj.student_id == acc.user_id
        if action == "cv":
            return True
        return acc.is_college_admin or _owns_enterprise(user, obj.posting.enterprise_id)


class PlacementPolicy(Policy):
    def can_create(self, user, data=None) -> bool:
        return access_for(user).is_college_admin

    def can_update(self, user, obj) -> bool:
        acc = access_for(user)
        return acc.is_college_admin or _owns_enterprise(user, obj.enterprise_id)

    def can_action(self, user, obj, action: str) -> bool:
        acc = access_for(user)
        if action == "terminate":
            # The regulations let only the school end an internship early, never the student or the host.
            return acc.is_college_admin or (acc.is_teacher and obj.school_mentor_id == acc.user_id)
        if action == "cancel":
            # Before the start the host may call it off too (the post is gone); the student withdraws
            # their acceptance instead (ApplicationPolicy "withdraw_acceptance").
            return (acc.is_college_admin or (acc.is_teacher and obj.school_mentor_id == acc.user_id)
                    or _owns_enterprise(user, obj.enterprise_id))
        if action == "complete":
            return (acc.is_college_admin or obj.school_mentor_id == acc.user_id
                    or _owns_enterprise(user, obj.enterprise_id))
        if action == "evaluate":
            # Only the two mentors evaluate; a college admin oversees but does not grade.
            return (obj.school_mentor_id == acc.user_id or obj.enterprise_mentor_id == acc.user_id
                    or _owns_enterprise(user, obj.enterprise_id))
        if action == "evaluation_link":
            return (acc.is_college_admin or obj.school_mentor_id == acc.user_id
                    or obj.enterprise_mentor_id == acc.user_id or _owns_enterprise(user, obj.enterprise_id))
        if action in ("incident",):
            return acc.is_college_admin or obj.school_mentor_id == acc.user_id or _owns_enterprise(
                user, obj.enterprise_id)
        if action == "outcome":
            return acc.is_college_admin or obj.school_mentor_id == acc.user_id
        if action == "write_log":
            return obj.student_id == acc.user_id
        return self.can_update(user, obj)


class WeeklyLogPolicy(Policy):
    def can_create(self, user, data=None) -> bool:
        return access_for(user).is_student

    def can_update(self, user, obj) -> bool:
        return obj.placement.student_id == access_for(user).user_id

    def can_action(self, user, obj, action: str) -> bool:
        acc = access_for(user)
        if action == "review":
            return acc.is_college_admin or (acc.is_teacher and obj.placement.school_mentor_id == acc.user_id)
        if action == "comment":
            return (obj.placement.enterprise_mentor_id == acc.user_id
                    or _owns_enterprise(user, obj.placement.enterprise_id))
        if action == "attach":
            return self.can_update(user, obj)
        return False


class EvaluationPolicy(Policy):
    def can_create(self, user, data=None) -> bool:
        acc = access_for(user)
        return acc.is_college_admin or acc.is_teacher or acc.is_enterprise

