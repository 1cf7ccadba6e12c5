"""Write rights of the internships app; reads are decided by each model's ``visible_to`` scope."""
from __future__ import annotations

from accounts.choices import Role
from accounts.policy import access_for
from core.api import Policy


def _owns_enterprise(user, enterprise_id: int) -> bool:
    return enterprise_id in access_for(user).enterprise_ids


def _administers(user, student_id: int) -> bool:
    """The college admin, or the administrator of the student's department: the school side of an internship."""
    acc = access_for(user)
    return acc.is_college_admin or acc.administers_user(student_id, Role.STUDENT)


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

    def prime(self, user, objs) -> None:
        access_for(user).prime(obj.student_id for obj in objs)

    def can_create(self, user, data=None) -> bool:
        return access_for(user).is_student

    def can_action(self, user, obj, action: str) -> bool:
        acc = access_for(user)
        if action in self.STUDENT_ACTIONS:
            return obj.student_id == acc.user_id
        if action == "cv":
            return True
        return _administers(user, obj.student_id) or _owns_enterprise(user, obj.posting.enterprise_id)


class PlacementPolicy(Policy):
    def prime(self, user, objs) -> None:
        access_for(user).prime(obj.student_id for obj in objs)

    def can_create(self, user, data=None) -> bool:
        # Which students a department administrator may place is placement_create_direct()'s rule (a 400).
        acc = access_for(user)
        return acc.is_college_admin or acc.is_department_admin

    def can_update(self, user, obj) -> bool:
        return _administers(user, obj.student_id) or _owns_enterprise(user, obj.enterprise_id)

    def can_action(self, user, obj, action: str) -> bool:
        acc = access_for(user)
        if action == "terminate":
            # The regulations let only the school end an internship early, never the student or the host.
            return _administers(user, obj.student_id) or (acc.is_teacher and obj.school_mentor_id == acc.user_id)
        if action == "cancel":
            # Before the start the host may call it off too (the post is gone); the student withdraws
            # their acceptance instead (ApplicationPolicy "withdraw_acceptance").
            return (_administers(user, obj.student_id) or (acc.is_teacher and obj.school_mentor_id == acc.user_id)
                    or _owns_enterprise(user, obj.enterprise_id))
        if action == "complete":
            return (_administers(user, obj.student_id) or obj.school_mentor_id == acc.user_id
                    or _owns_enterprise(user, obj.enterprise_id))
        if action == "evaluate":
            # Only the two mentors evaluate; a college admin oversees but does not grade.
            return (obj.school_mentor_id == acc.user_id or obj.enterprise_mentor_id == acc.user_id
                    or _owns_enterprise(user, obj.enterprise_id))
        if action == "evaluation_link":
            return (_administers(user, obj.student_id) or obj.school_mentor_id == acc.user_id
                    or obj.enterprise_mentor_id == acc.user_id or _owns_enterprise(user, obj.enterprise_id))
        if action in ("incident",):
            return _administers(user, obj.student_id) or obj.school_mentor_id == acc.user_id or _owns_enterprise(
                user, obj.enterprise_id)
        if action == "outcome":
            return _administers(user, obj.student_id) or obj.school_mentor_id == acc.user_id
        if action == "write_log":
            return obj.student_id == acc.user_id
        return self.can_update(user, obj)


class WeeklyLogPolicy(Policy):
    def prime(self, user, objs) -> None:
        access_for(user).prime(obj.placement.student_id for obj in objs)

    def can_create(self, user, data=None) -> bool:
        return access_for(user).is_student

    def can_update(self, user, obj) -> bool:
        return obj.placement.student_id == access_for(user).user_id

    def can_action(self, user, obj, action: str) -> bool:
        acc = access_for(user)
        if action == "review":
            return (_administers(user, obj.placement.student_id)
                    or (acc.is_teacher and obj.placement.school_mentor_id == acc.user_id))
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



class EmploymentOutcomePolicy(Policy):
    """The college records outcomes; a school mentor keeps their interns' (also from the placement page);
    the student and the enterprises only read them (the scope)."""

    def can_create(self, user, data=None) -> bool:
        return access_for(user).is_college_admin

    def can_update(self, user, obj) -> bool:
        acc = access_for(user)
        return acc.is_college_admin or (acc.is_teacher and obj.placement_id is not None
                                         and obj.placement.school_mentor_id == acc.user_id)

    def can_delete(self, user, obj) -> bool:
        return access_for(user).is_college_admin


class SafetyIncidentPolicy(Policy):
    """Reported from the placement (PlacementPolicy "incident"); the school follows it up and closes it, the
    host enterprise adds what it did; nobody deletes an incident."""

    def can_create(self, user, data=None) -> bool:
        # The placement named must be in the reporter's scope (the serializer's choice): a department
        # administrator reports only on their own students' placements.
        acc = access_for(user)
        return acc.is_college_admin or acc.is_teacher or acc.is_enterprise or acc.is_department_admin

    def prime(self, user, objs) -> None:
        access_for(user).prime(obj.placement.student_id for obj in objs)

    def _school(self, user, obj) -> bool:
        acc = access_for(user)
        return (_administers(user, obj.placement.student_id)
                or (acc.is_teacher and obj.placement.school_mentor_id == acc.user_id))

    def can_update(self, user, obj) -> bool:
        return self._school(user, obj) or (obj.reported_by_id is not None and obj.reported_by_id == user.pk)

    def can_action(self, user, obj, action: str) -> bool:
        if action in ("start_follow_up", "close"):
            return self._school(user, obj)
        if action == "add_note":
            return self._school(user, obj) or _owns_enterprise(user, obj.placement.enterprise_id)
        return False
