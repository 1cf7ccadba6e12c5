"""Who a user is in the platform: roles and the organisations they hold them in.

``access_for(user)`` is the single entry point every app's scoping method and policy uses. It
loads the user's memberships once per request and caches the answer on the user object.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .choices import Role


@dataclass(frozen=True)
class Access:
    user_id: int | None
    is_authenticated: bool
    is_superuser: bool = False
    roles: frozenset[str] = frozenset()
    # role -> ids of the organisations where the user holds it
    orgs_by_role: dict[str, frozenset[int]] = field(default_factory=dict)
    # partner organisations (enterprise, association) the user administers: invites and removes colleagues
    admin_org_ids: frozenset[int] = frozenset()
    # Answers worked out once per request (department_member_ids); not part of the identity.
    _memo: dict = field(default_factory=dict, compare=False, repr=False, hash=False)

    @property
    def is_college_admin(self) -> bool:
        return self.is_superuser or Role.COLLEGE_ADMIN in self.roles

    @property
    def is_department_admin(self) -> bool:
        """Administers one or more departments (二级学院). Never implies ``is_college_admin``."""
        return Role.DEPARTMENT_ADMIN in self.roles

    @property
    def department_ids(self) -> frozenset[int]:
        """Departments the user administers: their students, teachers, placements and programmes."""
        return self.orgs_by_role.get(Role.DEPARTMENT_ADMIN, frozenset())

    def department_members(self, *roles: str):
        """Subquery of the ids of users holding ``roles`` (any role if none) in the user's departments.

        A person belongs to a department through a membership in force held there (a student's or a
        teacher's), so a student who moves department moves out of the old administrator's scope.
        """
        from .models import Membership

        qs = Membership.objects.in_force().filter(organization_id__in=self.department_ids)
        if roles:
            qs = qs.filter(role__in=roles)
        return qs.values("user_id")

    def department_member_ids(self, *roles: str) -> frozenset[int]:
        """The same people as ids, loaded once per request: the policies ask it of row after row."""
        key = ("members", tuple(sorted(roles)))
        if key not in self._memo:
            self._memo[key] = (frozenset(self.department_members(*roles).values_list("user_id", flat=True))
                               if self.department_ids else frozenset())
        return self._memo[key]

    def administers_user(self, user_id: int | None, *roles: str) -> bool:
        """Whether ``user_id`` is one of the people (holding ``roles``) of a department the user administers."""
        return user_id is not None and bool(self.department_ids) and user_id in self.department_member_ids(*roles)

    def administers_department(self, org_id: int | None) -> bool:
        return org_id is not None and org_id in self.department_ids

    def managed_people_ids(self) -> frozenset[int]:
        """Ids of the people whose account and roles a department administrator manages (``managed_people``),
        loaded once per request: the people pages ask it of row after row."""
        key = ("managed",)
        if key not in self._memo:
            self._memo[key] = (frozenset(managed_people(self.department_ids).values_list("user_id", flat=True))
                               if self.department_ids else frozenset())
        return self._memo[key]

    def manages_person(self, user_id: int | None) -> bool:
        """Whether the user edits this person's account, gives and takes their roles, sends them a password
        link: a college admin anyone's, a department administrator only their own department's students and
        teachers (``managed_people``)."""
        if self.is_college_admin:
            return True
        return user_id is not None and bool(self.department_ids) and user_id in self.managed_people_ids()

    @property
    def is_teacher(self) -> bool:
        return Role.TEACHER in self.roles

    @property
    def is_student(self) -> bool:
        return Role.STUDENT in self.roles

    @property
    def is_enterprise(self) -> bool:
        return Role.ENTERPRISE in self.roles

    @property
    def is_association(self) -> bool:
        return Role.ASSOCIATION in self.roles

    @property
    def enterprise_ids(self) -> frozenset[int]:
        """Enterprises the user acts for as an enterprise partner."""
        return self.orgs_by_role.get(Role.ENTERPRISE, frozenset())

    @property
    def association_ids(self) -> frozenset[int]:
        return self.orgs_by_role.get(Role.ASSOCIATION, frozenset())

    @property
    def organization_ids(self) -> frozenset[int]:
        return frozenset().union(*self.orgs_by_role.values()) if self.orgs_by_role else frozenset()

    @property
    def primary_role(self) -> str | None:
        """The role whose dashboard the user lands on, in order of responsibility."""
        if self.is_college_admin:
            return Role.COLLEGE_ADMIN
        for role in (Role.DEPARTMENT_ADMIN, Role.TEACHER, Role.ENTERPRISE, Role.ASSOCIATION, Role.STUDENT):
            if role in self.roles:
                return role
        return None

    @property
    def primary_role_label(self) -> str:
        return str(Role(self.primary_role).label) if self.primary_role else ""

    def has_role(self, *roles: str) -> bool:
        return any(r in self.roles for r in roles) or (self.is_superuser and Role.COLLEGE_ADMIN in roles)


ANONYMOUS = Access(user_id=None, is_authenticated=False)

# The roles of a partner organisation's people: only there does an organisation administer its own staff.
PARTNER_ROLES = frozenset({Role.ENTERPRISE, Role.ASSOCIATION})


def managed_people(department_ids):
    """Subquery of the ids of the people a department administrator of ``department_ids`` manages.

    A person is theirs who holds a student's or teacher's role in force in one of those departments and no
    other role that is not over: someone who is also a college admin, a partner, a department administrator
    or a teacher of another department is the college admins' to manage, so a department administrator can
    never change the e-mail (and then the password) of an account that reaches beyond their department.
    Superusers are never theirs.
    """
    from django.db.models import Q

    from .choices import DEPARTMENT_GRANTABLE_ROLES
    from .models import Membership

    theirs = Q(organization_id__in=department_ids, role__in=DEPARTMENT_GRANTABLE_ROLES)
    elsewhere = Membership.objects.not_over().exclude(theirs).values("user_id")
    return (Membership.objects.in_force().filter(theirs).filter(user__is_superuser=False)
            .exclude(user_id__in=elsewhere).values("user_id"))


def access_for(user) -> Access:
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_iei_access", None)
    if cached is not None:
        return cached
    from .models import Membership

    orgs: dict[str, set[int]] = {}
    admin_orgs: set[int] = set()
    loaded = getattr(user, "_iei_memberships", None)  # read with the user (accounts.backends)
    if loaded is not None:
        # "<role>:<organisation id>", plus ":a" where the membership makes the user the organisation's admin
        triples = ((parts[0], int(parts[1]), len(parts) > 2) for parts in (row.split(":") for row in loaded))
    else:
        triples = Membership.objects.in_force().filter(user_id=user.pk).values_list(
            "role", "organization_id", "is_org_admin")
    for role, org_id, org_admin in triples:
        orgs.setdefault(role, set()).add(org_id)
        if org_admin and role in PARTNER_ROLES:
            admin_orgs.add(org_id)
    acc = Access(
        user_id=user.pk,
        is_authenticated=True,
        is_superuser=bool(user.is_superuser),
        roles=frozenset(orgs),
        orgs_by_role={k: frozenset(v) for k, v in orgs.items()},
        admin_org_ids=frozenset(admin_orgs),
    )
    user._iei_access = acc
    return acc


def clear_access_cache(user) -> None:
    for attr in ("_iei_access", "_iei_memberships"):
        if hasattr(user, attr):
            delattr(user, attr)
