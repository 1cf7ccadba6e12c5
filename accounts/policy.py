"""Who a user is in the platform: roles and the organisations they hold them in.

``access_for(user)`` is the single entry point every app's scoping method and policy uses. It
loads the user's memberships once per request and caches the answer on the user object.
"""
from __future__ import annotations

from collections.abc import Iterable
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
    # Answers worked out once per request, per person asked about (``prime``); not part of the identity.
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

    def prime(self, user_ids: Iterable[int | None]) -> None:
        """Name the people a page is about to ask about (its rows' user ids) before it asks.

        The first ``administers_user`` / ``manages_person`` question about any of them then answers for all of
        them in one query, so a list costs one query for its page however many rows ask, where it used to load
        every person of the departments (tens of thousands at province scale). A person not primed is looked
        up alone, in one query bounded by that person's rows. A no-op for anyone who administers no department.
        """
        if self.department_ids:
            self._memo.setdefault("primed", set()).update(uid for uid in user_ids if uid is not None)

    def _unanswered(self, answers: dict, user_id: int) -> set[int]:
        """``user_id`` and the primed people ``answers`` does not hold yet: the batch of the next query."""
        return {user_id, *(uid for uid in self._memo.get("primed", ()) if uid not in answers)}

    def _department_roles_of(self, user_id: int) -> frozenset[str]:
        """The roles ``user_id`` holds in force in the user's departments (memoised per person)."""
        from .models import Membership

        answers = self._memo.setdefault("member_roles", {})
        if user_id not in answers:
            batch = self._unanswered(answers, user_id)
            found: dict[int, set[str]] = {}
            for uid, role in (Membership.objects.in_force()
                              .filter(organization_id__in=self.department_ids, user_id__in=batch)
                              .order_by().values_list("user_id", "role").distinct()):
                found.setdefault(uid, set()).add(role)
            for uid in batch:
                answers[uid] = frozenset(found.get(uid, ()))
        return answers[user_id]

    def administers_user(self, user_id: int | None, *roles: str) -> bool:
        """Whether ``user_id`` is one of the people (holding ``roles``) of a department the user administers.

        Asked of row after row by the policies: ``prime`` the page's people first (see there)."""
        if user_id is None or not self.department_ids:
            return False
        held = self._department_roles_of(user_id)
        return bool(held & set(roles)) if roles else bool(held)

    def administers_department(self, org_id: int | None) -> bool:
        return org_id is not None and org_id in self.department_ids

    def manages_person(self, user_id: int | None) -> bool:
        """Whether the user edits this person's account, gives and takes their roles, sends them a password
        link: a college admin anyone's, a department administrator only their own department's students and
        teachers (``managed_people``). Memoised per person; ``prime`` a page's people first."""
        if self.is_college_admin:
            return True
        if user_id is None or not self.department_ids:
            return False
        answers = self._memo.setdefault("managed", {})
        if user_id not in answers:
            batch = self._unanswered(answers, user_id)
            theirs = set(managed_people(self.department_ids, among=batch).order_by().values_list("user_id", flat=True))
            for uid in batch:
                answers[uid] = uid in theirs
        return answers[user_id]

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


def managed_people(department_ids, *, among: Iterable[int] | None = None):
    """Subquery of the ids of the people a department administrator of ``department_ids`` manages.

    A person is theirs who holds a student's or teacher's role in force in one of those departments and no
    other role that is not over: someone who is also a college admin, a partner, a department administrator
    or a teacher of another department is the college admins' to manage, so a department administrator can
    never change the e-mail (and then the password) of an account that reaches beyond their department.
    Superusers are never theirs.

    ``among`` asks about those people only (``Access.manages_person``): the same rule, with both the
    memberships and the "elsewhere" subquery bounded by their ids instead of every person of the departments.
    """
    from django.db.models import Q

    from .choices import DEPARTMENT_GRANTABLE_ROLES
    from .models import Membership

    theirs = Q(organization_id__in=department_ids, role__in=DEPARTMENT_GRANTABLE_ROLES)
    memberships = Membership.objects.all() if among is None else Membership.objects.filter(user_id__in=among)
    elsewhere = memberships.not_over().exclude(theirs).values("user_id")
    return (memberships.in_force().filter(theirs).filter(user__is_superuser=False)
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
