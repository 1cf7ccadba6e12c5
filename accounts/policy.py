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

    @property
    def is_college_admin(self) -> bool:
        return self.is_superuser or Role.COLLEGE_ADMIN in self.roles

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
        for role in (Role.TEACHER, Role.ENTERPRISE, Role.ASSOCIATION, Role.STUDENT):
            if role in self.roles:
                return role
        return None

    @property
    def primary_role_label(self) -> str:
        return str(Role(self.primary_role).label) if self.primary_role else ""

    def has_role(self, *roles: str) -> bool:
        return any(r in self.roles for r in roles) or (self.is_superuser and Role.COLLEGE_ADMIN in roles)


ANONYMOUS = Access(user_id=None, is_authenticated=False)


def access_for(user) -> Access:
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_iei_access", None)
    if cached is not None:
        return cached
    from .models import Membership

    orgs: dict[str, set[int]] = {}
    loaded = getattr(user, "_iei_memberships", None)  # read with the user (accounts.backends)
    if loaded is not None:
        pairs = ((role, int(org_id)) for role, _, org_id in (row.rpartition(":") for row in loaded))
    else:
        pairs = Membership.objects.in_force().filter(user_id=user.pk).values_list("role", "organization_id")
    for role, org_id in pairs:
        orgs.setdefault(role, set()).add(org_id)
    acc = Access(
        user_id=user.pk,
        is_authenticated=True,
        is_superuser=bool(user.is_superuser),
        roles=frozenset(orgs),
        orgs_by_role={k: frozenset(v) for k, v in orgs.items()},
    )
    user._iei_access = acc
    return acc


def clear_access_cache(user) -> None:
    for attr in ("_iei_access", "_iei_memberships"):
        if hasattr(user, attr):
            delattr(user, attr)
