"""Write rights for accounts resources."""
from core.api import Policy

from .choices import DEPARTMENT_GRANTABLE_ROLES
from .policy import access_for


class OrganizationPolicy(Policy):
    def can_create(self, user, data=None) -> bool:
        return access_for(user).is_college_admin

    def can_update(self, user, obj) -> bool:
        return access_for(user).is_college_admin

    def can_delete(self, user, obj) -> bool:
        return False  # organisations are deactivated, never deleted (history hangs off them)


class UserPolicy(Policy):
    """College admins manage every account; a department administrator those of their own department's
    students and teachers (``Access.manages_person``): create (with a role in their department), edit, the
    steps (deactivate, reactivate, password link, unlock, revoke tokens). The services check the same."""

    def can_create(self, user, data=None) -> bool:
        acc = access_for(user)
        return acc.is_college_admin or acc.is_department_admin

    def can_update(self, user, obj) -> bool:
        return access_for(user).manages_person(obj.pk)

    def can_delete(self, user, obj) -> bool:
        return False

    def prime(self, user, objs) -> None:
        access_for(user).prime(obj.pk for obj in objs)

    def can_action(self, user, obj, action: str) -> bool:
        if action == "reveal":
            return access_for(user).is_college_admin  # a full ID or phone number: the college admins' (audited)
        return access_for(user).manages_person(obj.pk)


def keeps_role(user, obj) -> bool:
    """Whether ``user`` changes or ends the role ``obj``: a college admin any; a department administrator a
    student's or teacher's role held in their department by one of the people they manage."""
    acc = access_for(user)
    if acc.is_college_admin:
        return True
    return (obj.role in DEPARTMENT_GRANTABLE_ROLES and acc.administers_department(obj.organization_id)
            and acc.manages_person(obj.user_id))


class MembershipPolicy(Policy):
    """College admins give, change and take roles; a department administrator a student's or teacher's role in
    their department to the people they manage (the service refuses another role or department: 400); a
    partner organisation's administrator only takes away (``end``) the roles of their organisation's people:
    colleagues join through an invitation."""

    def can_create(self, user, data=None) -> bool:
        acc = access_for(user)
        return acc.is_college_admin or acc.is_department_admin

    def can_update(self, user, obj) -> bool:
        return keeps_role(user, obj)

    def can_delete(self, user, obj) -> bool:
        return False  # a role is ended, never deleted: the audit trail keeps who held it when

    def prime(self, user, objs) -> None:
        access_for(user).prime(obj.user_id for obj in objs)

    def can_action(self, user, obj, action: str) -> bool:
        if keeps_role(user, obj):
            return True
        acc = access_for(user)
        return action == "end" and obj.organization_id in acc.admin_org_ids and obj.user_id != user.pk


class InvitationPolicy(Policy):
    """College admins invite anyone into any partner organisation; an organisation's administrator invites,
    resends and revokes for their own organisation (the scope already hides the others: 404)."""

    def can_create(self, user, data=None) -> bool:
        acc = access_for(user)
        return acc.is_college_admin or bool(acc.admin_org_ids)

    def can_update(self, user, obj) -> bool:
        return False  # an invitation is resent or revoked, never edited

    def can_delete(self, user, obj) -> bool:
        return False

    def can_action(self, user, obj, action: str) -> bool:
        acc = access_for(user)
        return acc.is_college_admin or obj.organization_id in acc.admin_org_ids
