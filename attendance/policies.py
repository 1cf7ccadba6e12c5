"""Write rights of attendance; reads are decided by each model's ``visible_to`` scope.

The people of a placement: the student, the school mentor (a teacher), the enterprise side (its
named enterprise mentor and the staff of the host enterprise) and the college admins.
"""
from __future__ import annotations

from accounts.choices import Role
from accounts.policy import access_for
from core.api import Policy

from .choices import LeaveStatus


def is_enterprise_side(user, placement) -> bool:
    acc = access_for(user)
    return placement.enterprise_mentor_id == acc.user_id or placement.enterprise_id in acc.enterprise_ids


def is_school_side(user, placement) -> bool:
    """The school mentor decides for the school; the college admins (and the administrator of the student's
    department) when the placement has none, or stand in."""
    acc = access_for(user)
    return (acc.is_college_admin or acc.administers_user(placement.student_id, Role.STUDENT)
            or (acc.is_teacher and placement.school_mentor_id == acc.user_id))


def is_mentor(user, placement) -> bool:
    return is_school_side(user, placement) or is_enterprise_side(user, placement)


class _PlacementRowPolicy(Policy):
    """A policy of rows bound to a placement: the school side's answer asks about the placement's student."""

    def prime(self, user, objs) -> None:
        access_for(user).prime(obj.placement.student_id for obj in objs)


class CheckInPolicy(_PlacementRowPolicy):
    def can_create(self, user, data=None) -> bool:
        return access_for(user).is_student

    def can_action(self, user, obj, action: str) -> bool:
        if action in ("accept", "reject"):
            return is_mentor(user, obj.placement)
        return action == "photo"  # a download: the row was found through the reader's scope


class LeaveRequestPolicy(_PlacementRowPolicy):
    def can_create(self, user, data=None) -> bool:
        return access_for(user).is_student

    def can_action(self, user, obj, action: str) -> bool:
        if action == "cancel":
            return obj.placement.student_id == access_for(user).user_id
        if action in ("approve", "refuse"):
            if obj.status == LeaveStatus.AWAITING_ENTERPRISE:
                return is_enterprise_side(user, obj.placement)
            if obj.status == LeaveStatus.AWAITING_SCHOOL:
                return is_school_side(user, obj.placement)
            # Decided already: whoever could decide it hears a 409 from the step, not a 403.
            return is_mentor(user, obj.placement)
        if action == "attachment":
            return True  # the row was found through the reader's scope
        return False


class CalendarDayPolicy(Policy):
    def can_create(self, user, data=None) -> bool:
        return access_for(user).is_college_admin

    def can_update(self, user, obj) -> bool:
        return access_for(user).is_college_admin

    def can_delete(self, user, obj) -> bool:
        return access_for(user).is_college_admin


class RulesPolicy(Policy):
    def can_update(self, user, obj) -> bool:
        return access_for(user).is_college_admin


class WorkplacePolicy(_PlacementRowPolicy):
    """The enterprise or the school mentor sets where the intern works (the college admins too)."""

    def can_update(self, user, obj) -> bool:
        return is_mentor(user, obj.placement)


class BreachPolicy(_PlacementRowPolicy):
    def can_action(self, user, obj, action: str) -> bool:
        if action == "acknowledge":
            return is_school_side(user, obj.placement)
        return False


class VisitPolicy(Policy):
    def can_create(self, user, data=None) -> bool:
        acc = access_for(user)
        return acc.is_teacher or acc.is_college_admin

    def can_update(self, user, obj) -> bool:
        return obj.teacher_id == access_for(user).user_id

    def can_action(self, user, obj, action: str) -> bool:
        if action == "photos":
            return self.can_update(user, obj)
        return False
