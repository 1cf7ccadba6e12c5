"""Write rights of the training system; reads are decided by each model's ``visible_to``."""
from __future__ import annotations

from accounts.choices import Role
from accounts.policy import access_for
from core.api import Policy


class CataloguePolicy(Policy):
    """Competencies, modules, job posts, competitions and certificates: the college keeps the map."""

    def can_create(self, user, data=None) -> bool:
        return access_for(user).is_college_admin

    def can_update(self, user, obj) -> bool:
        return access_for(user).is_college_admin

    def can_delete(self, user, obj) -> bool:
        return access_for(user).is_college_admin


class JobPostPolicy(CataloguePolicy):
    """The college keeps the industry-wide posts; a partner enterprise keeps its own (DESIGN.md section 2:
    an enterprise maintains its own organisation's records), never another's or an industry-wide one."""

    def can_create(self, user, data=None) -> bool:
        acc = access_for(user)
        if acc.is_college_admin:
            return True
        if not acc.is_enterprise:
            return False
        named = str((data or {}).get("enterprise") or "")
        # no enterprise or a malformed one is the serializer's 400; another enterprise's is refused here
        return not named.isdigit() or int(named) in acc.enterprise_ids

    def can_update(self, user, obj) -> bool:
        acc = access_for(user)
        return acc.is_college_admin or (obj.enterprise_id is not None and obj.enterprise_id in acc.enterprise_ids)

    can_delete = can_update


class CoursePolicy(CataloguePolicy):
    """The college creates courses; the owner teacher maintains them (revisions, coverage)."""

    def can_update(self, user, obj) -> bool:
        return access_for(user).is_college_admin or (obj.owner_id is not None and obj.owner_id == user.pk)


def _manages_program(acc, obj) -> bool:
    """A college admin manages every programme, a department administrator those of their departments."""
    return acc.is_college_admin or acc.administers_department(obj.department_id)


class ProgramPolicy(Policy):
    """College admins (and department administrators, for their departments) write and move programmes;
    partners and the association only comment in review."""

    REVIEWER_ACTIONS = {"comment"}

    def can_create(self, user, data=None) -> bool:
        # Which department a department administrator may create in is the service's rule (a 400 on the field).
        acc = access_for(user)
        return acc.is_college_admin or acc.is_department_admin

    def can_update(self, user, obj) -> bool:
        return _manages_program(access_for(user), obj)

    def can_action(self, user, obj, action: str) -> bool:
        acc = access_for(user)
        if action in self.REVIEWER_ACTIONS:
            return _manages_program(acc, obj) or acc.is_enterprise or acc.is_association
        return _manages_program(acc, obj)


class StudentAchievementPolicy(Policy):
    """Students record their own achievements; college admins verify them."""

    def prime(self, user, objs) -> None:
        access_for(user).prime(obj.student_id for obj in objs)

    def can_create(self, user, data=None) -> bool:
        return access_for(user).is_student

    def can_update(self, user, obj) -> bool:
        return obj.student_id == user.pk

    def can_delete(self, user, obj) -> bool:
        return obj.student_id == user.pk

    def can_action(self, user, obj, action: str) -> bool:
        if action in ("verify", "reject"):
            acc = access_for(user)
            return acc.is_college_admin or acc.administers_user(obj.student_id, Role.STUDENT)
        if action == "evidence":
            return True
        return self.can_update(user, obj)


class CourseProjectPolicy(Policy):
    """The course's teacher (or an admin) runs a course project; mentors of the enterprise grade it too."""

    def can_create(self, user, data=None) -> bool:
        acc = access_for(user)
        if acc.is_college_admin:
            return True
        if not acc.is_teacher:
            return False
        from .models import Course

        course_id = (data or {}).get("course")
        # an unknown course id is left to the serializer, which answers 400
        return not Course.objects.filter(pk=course_id).exclude(owner_id=user.pk).exists() if str(
            course_id or "").isdigit() else True

    def can_update(self, user, obj) -> bool:
        return access_for(user).is_college_admin or obj.course.owner_id == user.pk

    def can_action(self, user, obj, action: str) -> bool:
        if action == "grade":
            acc = access_for(user)
            return (self.can_update(user, obj) or obj.mentor_id == user.pk
                    or obj.industry_project.enterprise_id in acc.enterprise_ids)
        return self.can_update(user, obj)
