"""Write rights for faculty resources (reads are decided by each model's ``visible_to``)."""
from __future__ import annotations

from accounts.choices import Role
from accounts.policy import access_for
from core.api import Policy

from .choices import EvidenceStatus, PlacementStatus
from .models import IndustryYearsDeclaration


def _owns(user, profile_user_id: int) -> bool:
    return access_for(user).is_teacher and profile_user_id == user.pk


def _administers(user, teacher_user_id: int) -> bool:
    """The college admin, or the administrator of the teacher's department."""
    acc = access_for(user)
    return acc.is_college_admin or acc.administers_user(teacher_user_id, Role.TEACHER)


class TeacherProfilePolicy(Policy):
    def prime(self, user, objs) -> None:
        access_for(user).prime(obj.user_id for obj in objs)

    def can_create(self, user, data=None) -> bool:
        return access_for(user).is_college_admin

    def can_update(self, user, obj) -> bool:
        return _administers(user, obj.user_id) or _owns(user, obj.user_id)

    def can_action(self, user, obj, action: str) -> bool:
        return self.can_update(user, obj)


class TeacherPlacementPolicy(Policy):
    """The teacher records and submits; the host enterprise confirms or returns; the college counts."""

    def prime(self, user, objs) -> None:
        access_for(user).prime(obj.teacher.user_id for obj in objs)

    def can_create(self, user, data=None) -> bool:
        acc = access_for(user)
        return acc.is_teacher or acc.is_college_admin

    def can_update(self, user, obj) -> bool:
        return _owns(user, obj.teacher.user_id) or _administers(user, obj.teacher.user_id)

    def can_delete(self, user, obj) -> bool:
        return self.can_update(user, obj)

    def can_action(self, user, obj, action: str) -> bool:
        acc = access_for(user)
        if action == "submit":
            return _owns(user, obj.teacher.user_id)
        # Only the host enterprise's own users confirm, and never the teacher, even one who is also
        # staff of the host (issue 18 item 7).
        is_host = obj.host_id in acc.enterprise_ids and obj.teacher.user_id != user.pk
        if action == "confirm":
            return is_host
        if action == "return_":
            # The host returns a submission; the college may send back a confirmed one it will not count.
            return is_host or (_administers(user, obj.teacher.user_id) and obj.status == PlacementStatus.CONFIRMED
                               and obj.teacher.user_id != user.pk)
        if action == "count":
            return _administers(user, obj.teacher.user_id)
        return False


class TeacherOwnedPolicy(Policy):
    """Training, certificates, reform records: the teacher keeps their own, the college admin any."""

    def prime(self, user, objs) -> None:
        access_for(user).prime(obj.profile.user_id for obj in objs)

    def can_create(self, user, data=None) -> bool:
        acc = access_for(user)
        return acc.is_teacher or acc.is_college_admin

    def can_update(self, user, obj) -> bool:
        return _administers(user, obj.profile.user_id) or _owns(user, obj.profile.user_id)

    def can_delete(self, user, obj) -> bool:
        return self.can_update(user, obj)


class EvidencePolicy(TeacherOwnedPolicy):
    """A teacher's evidence: the teacher keeps their own; a college admin other than the teacher
    verifies or rejects it (nobody verifies their own, even one who is both teacher and admin)."""

    def can_delete(self, user, obj) -> bool:
        # A verified declaration of years in industry is the record behind the profile's figure: it stays.
        if isinstance(obj, IndustryYearsDeclaration) and obj.status == EvidenceStatus.VERIFIED:
            return False
        return super().can_delete(user, obj)

    def can_action(self, user, obj, action: str) -> bool:
        if action in ("verify", "reject"):
            return _administers(user, obj.profile.user_id) and obj.profile.user_id != user.pk
        return False


class TeacherAwardPolicy(TeacherOwnedPolicy):
    """Awards: the teacher records their own, a college admin any (the incentive is the college's: services)."""


class PartTimeInstructorPolicy(Policy):
    """The college contracts part-time instructors; their enterprise sees them (DESIGN gives it no write here)."""

    def can_create(self, user, data=None) -> bool:
        return access_for(user).is_college_admin

    def can_update(self, user, obj) -> bool:
        return access_for(user).is_college_admin

    def can_delete(self, user, obj) -> bool:
        return access_for(user).is_college_admin


class TeachingAssignmentPolicy(Policy):
    def can_create(self, user, data=None) -> bool:
        return access_for(user).is_college_admin

    def can_update(self, user, obj) -> bool:
        return access_for(user).is_college_admin

    def can_delete(self, user, obj) -> bool:
        return access_for(user).is_college_admin

    def can_action(self, user, obj, action: str) -> bool:
        if action == "evaluate":
            acc = access_for(user)
            return acc.is_college_admin or (acc.is_teacher and user.pk in (obj.mentor_id, obj.course.owner_id))
        return False


class InstructorEvaluationPolicy(Policy):
    """Whoever may evaluate the assignment writes an evaluation; its author or a college admin corrects it. Nobody
    deletes one: it is the record of that teaching (and keeps its assignment from being deleted)."""

    def can_create(self, user, data=None) -> bool:
        acc = access_for(user)
        return acc.is_college_admin or acc.is_teacher

    def can_update(self, user, obj) -> bool:
        return access_for(user).is_college_admin or (obj.evaluator_id is not None and obj.evaluator_id == user.pk)


class AssessmentPolicy(Policy):
    def can_create(self, user, data=None) -> bool:
        return access_for(user).is_college_admin

    def can_action(self, user, obj, action: str) -> bool:
        return access_for(user).is_college_admin
