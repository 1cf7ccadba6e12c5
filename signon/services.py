"""Who a campus identity is on the platform: the one place every sign-on protocol asks.

CAS, OpenID Connect and LDAP each hand over an ``Identity`` built from what the campus server said,
through the attribute mapping of settings (``IEI_SIGNON[<protocol>]["ATTRIBUTES"]``). ``sign_on``
finds the account the college imported (by student or staff number, e-mail or username, as
``IEI_SIGNON["MATCH_BY"]`` says), keeps its name and e-mail current, and creates an account only when
``IEI_SIGNON["CREATE_USERS"]`` allows it: a campus server vouches for a person, not for their place
on the platform. ``password_login_allowed`` is the rule that lets partners keep their passwords
when students and staff must use the campus sign-on.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganizationKind, Role
from accounts.models import Membership, Organization, User
from core.domain import DomainError

from . import conf

log = logging.getLogger(__name__)

FIELDS = ("number", "username", "name", "email", "department")
# Roles of the college's own people: with PASSWORD_LOGIN "partners" they sign in through the campus only.
CAMPUS_ROLES = frozenset({Role.STUDENT, Role.TEACHER, Role.COLLEGE_ADMIN, Role.DEPARTMENT_ADMIN})
PARTNER_ROLES = frozenset({Role.ENTERPRISE, Role.ASSOCIATION})


class SignOnRefused(DomainError):
    """The campus server vouched for someone the platform will not sign in; the message says why."""

    status_code = 403
    code = "sign_on_refused"
    default_message = _("The campus sign-on was refused.")


class SignOnFailed(DomainError):
    """The campus server's answer did not pass validation (ticket, token, state): nobody is signed in."""

    status_code = 403
    code = "sign_on_failed"
    default_message = _("The campus sign-on could not be completed; please try again.")


class PasswordLoginDisabled(DomainError):
    status_code = 403
    code = "password_login_disabled"
    default_message = _("Students and staff sign in with their campus account: use the campus sign-on on "
                        "the login page. Password login is kept for partner enterprises and associations.")


@dataclass(frozen=True)
class Identity:
    """A person as a campus server described them, in the platform's terms."""

    protocol: str  # "cas", "oidc" or "ldap"
    subject: str  # the server's own name for the person (CAS user, OIDC sub, LDAP DN), for the log
    number: str = ""  # student or staff number
    username: str = ""
    name: str = ""
    email: str = ""
    department: str = ""

    def key(self, match_by: str) -> str:
        return getattr(self, match_by)


def _first(value) -> str:
    """One text value from an attribute that servers send as a string, a list or bytes."""
    if isinstance(value, list | tuple):
        value = next((v for v in value if v not in (None, "", b"")), "")
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return "" if value is None else str(value).strip()


def identity_from(protocol: str, subject: str, attributes: Mapping) -> Identity:
    """The ``Identity`` the mapping of settings reads from a server's attributes (or claims)."""
    mapping = conf.protocol_options(protocol)["ATTRIBUTES"]
    values = {field: _first(attributes.get(mapping[field])) if mapping.get(field) else "" for field in FIELDS}
    values["email"] = values["email"].lower()
    return Identity(protocol=protocol, subject=subject, **values)


# --- finding the account -------------------------------------------------------------------------

def match_users(identity: Identity) -> list[User]:
    """The accounts the identity names (none, one, or several when the college's data is ambiguous)."""
    match_by = conf.options()["MATCH_BY"]
    key = identity.key(match_by)
    if not key:
        raise SignOnRefused(_("The campus server did not send the %(what)s this platform matches people by; "
                              "ask the college's IT office.") % {"what": _describe(match_by)}, code="no_identifier")
    if match_by == "number":
        lookup = Q(student_no=key) | Q(staff_no=key)
    elif match_by == "email":
        lookup = Q(email__iexact=key)
    else:
        lookup = Q(username=key)
    return list(User.objects.filter(lookup).order_by("pk")[:2])


def _describe(match_by: str) -> str:
    return {"number": _("student or staff number"), "email": _("e-mail address"), "username": _("username")}[match_by]


def _check_may_sign_on(user: User) -> None:
    if not user.is_active:
        raise SignOnRefused(_("This account is disabled; ask the college's administrator."), code="inactive")
    roles = set(Membership.objects.in_force().filter(user=user).values_list("role", flat=True))
    if roles and roles <= PARTNER_ROLES:
        # A campus directory vouches for the college's people; a partner's account keeps its own password.
        raise SignOnRefused(_("This is a partner account: sign in with its password."), code="partner_account")


def find_user(identity: Identity) -> User | None:
    """The one account the identity names, or None when the college has not imported the person."""
    users = match_users(identity)
    if len(users) > 1:
        log.warning("sign-on %s: %s names several accounts", identity.protocol, identity.subject)
        raise SignOnRefused(_("Several accounts carry this %(what)s; ask the college's administrator to fix "
                              "the records.") % {"what": _describe(conf.options()["MATCH_BY"])}, code="ambiguous")
    if not users:
        return None
    _check_may_sign_on(users[0])
    return users[0]


@transaction.atomic
def update_profile(*, user: User, identity: Identity) -> User:
    """The name and e-mail the campus server holds, written to the account when they differ."""
    if not conf.options()["UPDATE_PROFILE"]:
        return user
    changed = []
    if identity.name and identity.name != user.display_name:
        user.display_name = identity.name[:User._meta.get_field("display_name").max_length]
        changed.append("display_name")
    if identity.email and identity.email != user.email.lower():
        user.email = identity.email
        changed.append("email")
    if changed:
        user.save(update_fields=changed)
    return user


# --- creating an account -------------------------------------------------------------------------

def department_for(name: str) -> Organization | None:
    """The active department the identity names (by name, short name or English name), else the college."""
    departments = Organization.objects.filter(kind=OrganizationKind.DEPARTMENT, is_active=True)
    if name:
        found = departments.filter(Q(name=name) | Q(short_name=name) | Q(name_en__iexact=name)).order_by("pk").first()
        if found is not None:
            return found
    colleges = Organization.objects.filter(kind=OrganizationKind.COLLEGE, is_active=True).order_by("pk")
    return colleges.first()


@transaction.atomic
def create_user(*, identity: Identity) -> User:
    """An account for a person the college has not imported, only when settings allow it.

    The membership is ``CREATE_ROLE`` (student or teacher) in the department the identity names; the
    number goes to the student or staff number, as the role says. The account has no usable password.
    """
    options = conf.options()
    if not options["CREATE_USERS"]:
        log.info("sign-on %s: %s is not on the platform and no account is created", identity.protocol,
                 identity.subject)
        raise SignOnRefused(_("Your campus account is not known on this platform yet. The college adds students "
                              "and staff; ask its administrator."), code="unknown_person")
    match_by = options["MATCH_BY"]
    username = (identity.username or identity.key(match_by) or identity.number)[:150]
    if not username:
        raise SignOnRefused(code="no_identifier")
    organization = department_for(identity.department)
    if organization is None:
        raise SignOnRefused(_("The platform has no college to place new accounts in yet."), code="no_department")
    role = Role.TEACHER if options["CREATE_ROLE"] == "teacher" else Role.STUDENT
    user = User(username=username, display_name=identity.name[:100], email=identity.email)
    if identity.number:
        if role == Role.STUDENT:
            user.student_no = identity.number[:32]
        else:
            user.staff_no = identity.number[:32]
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        # Two first sign-ins of one person at once: the other made the account; any other holder of the
        # username is someone else, whom this identity must not take over.
        existing = find_user(identity)
        if existing is not None:
            return existing
        raise SignOnRefused(_("The username %(name)s is taken by another account; ask the college's administrator.")
                            % {"name": username}, code="username_taken") from None
    membership = Membership(user=user, organization=organization, role=role)
    membership.full_clean()
    membership.save()
    log.info("sign-on %s: created %s as %s in %s", identity.protocol, user.username, role, organization)
    return user


@transaction.atomic
def sign_on(*, identity: Identity) -> User:
    """The account a campus identity signs in to: found and brought up to date, or created if allowed."""
    user = find_user(identity)
    if user is None:
        return create_user(identity=identity)
    return update_profile(user=user, identity=identity)


# --- password login ------------------------------------------------------------------------------

def password_login_allowed(user: User) -> bool:
    """Whether ``user`` may sign in with a password of the platform's own.

    With ``IEI_SIGNON["PASSWORD_LOGIN"] == "partners"``, anyone who holds a role of the college's people
    (student, teacher, administrator) signs in through the campus sign-on only; partner enterprises'
    and associations' staff, and accounts without a role (operators), keep their passwords.
    """
    if not conf.passwords_for_partners_only():
        return True
    roles = set(Membership.objects.in_force().filter(user=user).values_list("role", flat=True))
    return not roles & CAMPUS_ROLES


def password_refusal() -> PasswordLoginDisabled:
    """The refusal, naming the buttons of the login page (or the campus password where LDAP checks it)."""
    labels = [str(p.label) for p in conf.buttons()]
    if labels:
        return PasswordLoginDisabled(_("Students and staff sign in with their campus account: use the “%(button)s” "
                                       "button on the login page. Password login is kept for partner enterprises "
                                       "and associations.") % {"button": labels[0]})
    if conf.ldap_enabled():
        return PasswordLoginDisabled(_("Students and staff sign in with their campus username and password, not "
                                       "a password of this platform."))
    return PasswordLoginDisabled()
