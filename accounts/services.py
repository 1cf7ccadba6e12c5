"""Every write on people: accounts, roles (memberships over a period), password links, lockouts, tokens and
the invitations of partner contacts. The people pages and the API call these; none repeats a rule.

Rules kept here (and, where the database can, also there):
- a username (in any case), a student number and a staff number name one person (400 on the field);
- a role of a person in an organisation is given once over any period (409; the exclusion constraint
  ``membership_no_overlap`` is the last guard when two administrators give it at once);
- an invitation goes to an address nobody uses yet (409), is single-use, expires, and a resend kills the
  link sent before; an organisation's administrator invites and removes only their own colleagues;
- a department administrator manages only their own department's students and teachers (403 on anyone else,
  ``Access.manages_person``) and gives only a student's or teacher's role in their own department (400 on the
  field: another department, a college-wide or a partner's role stay the college admins').
"""
from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.domain import DomainError, Overlap, RuleViolation, TransitionNotAllowed
from core.signed_links import InvalidLink, LinkPayload, UsedLink, make_link_token, read_link_token, spend_link

from .choices import DEPARTMENT_GRANTABLE_ROLES, ROLE_ORG_KINDS, Role
from .models import ApiToken, Invitation, InvitationStatus, Membership, Organization, User
from .policies import keeps_role
from .policy import PARTNER_ROLES, access_for, clear_access_cache

USER_FIELDS = ("username", "display_name", "first_name", "last_name", "email", "phone", "national_id",
               "student_no", "staff_no", "language")
INVITATION_PURPOSE = "accounts.invitation"


# --- who manages whom -------------------------------------------------------------------------------

class PersonNotManaged(DomainError):
    """The actor may not manage this person's account or roles (the pages and the API ask the same policy
    first; this is the last guard, for every other caller)."""

    status_code = 403
    code = "not_your_department"
    default_message = gettext_lazy("Department administrators manage the students and teachers of their own "
                                   "department only; ask a college administrator.")


def _check_manages(by: User | None, person: User) -> None:
    """``by`` (None: the platform itself, e.g. the import or the demo) manages ``person``'s account."""
    if by is not None and not access_for(by).manages_person(person.pk):
        raise PersonNotManaged()


def _check_grantable(by: User | None, organization: Organization, role: str) -> None:
    """A college admin gives any role; a department administrator a student's or teacher's in their own
    department only (400 on the field that is not theirs); nobody else any."""
    if by is None:
        return
    acc = access_for(by)
    if acc.is_college_admin:
        return
    if not acc.is_department_admin:
        raise PersonNotManaged(_("Only administrators give roles."))
    errors: dict[str, str] = {}
    if role not in DEPARTMENT_GRANTABLE_ROLES:
        errors["role"] = _("A department administrator gives the roles of student and teacher only; the college "
                           "administrators give the others.")
    if organization.pk not in acc.department_ids:
        errors["organization"] = _("A department administrator gives roles in their own department only.")
    if errors:
        raise ValidationError(errors)


def _check_keeps(by: User | None, membership: Membership) -> None:
    """``by`` changes or ends this role (``policies.keeps_role``: a college admin any, a department
    administrator a student's or teacher's role of their department held by a person they manage)."""
    if by is not None and not keeps_role(by, membership):
        raise PersonNotManaged()


# --- accounts -------------------------------------------------------------------------------------

def _check_unique(user: User) -> None:
    """The same username (whatever its case), student number or staff number is never given to two people."""
    others = User.objects.exclude(pk=user.pk) if user.pk else User.objects.all()
    errors: dict[str, str] = {}
    if others.filter(username__iexact=user.username).exists():
        errors["username"] = _("A user with this username already exists.")
    if user.student_no and others.filter(student_no=user.student_no).exists():
        errors["student_no"] = _("This student number is already registered.")
    if user.staff_no and others.filter(staff_no=user.staff_no).exists():
        errors["staff_no"] = _("This staff number is already registered.")
    if errors:
        raise ValidationError(errors)


def _save_person(user: User) -> User:
    user.full_clean(exclude=["password"], validate_unique=False, validate_constraints=False)
    _check_unique(user)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        # Another request took the username or number between the check and the write: say which.
        _check_unique(user)
        raise ValidationError({"username": _("A user with this username already exists.")}) from exc
    return user


@transaction.atomic
def user_create(*, by: User | None, username: str, display_name: str = "", first_name: str = "",
                last_name: str = "", email: str = "", phone: str = "", national_id: str = "",
                student_no: str = "", staff_no: str = "", language: str = "",
                organization: Organization | None = None, role: str = "",
                valid_from: datetime.date | None = None, valid_until: datetime.date | None = None) -> User:
    """A new account without a usable password (the person sets one through an e-mailed link), and the
    role it is given, if any, in the same transaction. A department administrator's new account always comes
    with a student's or teacher's role in their department: an account of nobody's would be out of their
    reach (and their scope) the moment it is saved."""
    if by is not None and not access_for(by).is_college_admin:
        if organization is None or not role:
            raise ValidationError({"role": _("Give the new account a student's or teacher's role in your "
                                             "department.")})
        _check_grantable(by, organization, role)
    user = User(username=(username or "").strip(), display_name=display_name, first_name=first_name,
                last_name=last_name, email=(email or "").strip(), phone=phone, national_id=national_id,
                student_no=(student_no or "").strip(), staff_no=(staff_no or "").strip(), language=language)
    user.set_unusable_password()
    _save_person(user)
    if organization is not None or role:
        if organization is None or not role:
            raise ValidationError({"role": _("Name both the role and the organisation, or neither.")})
        _grant(by=by, user=user, organization=organization, role=role, valid_from=valid_from,
               valid_until=valid_until)
    return user


@transaction.atomic
def user_update(*, user: User, by: User | None, **fields) -> User:
    _check_manages(by, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    for key, value in fields.items():
        if key not in USER_FIELDS:
            raise ValueError(f"unexpected field {key}")
        setattr(user, key, value.strip() if isinstance(value, str) and key != "national_id" else value)
    return _save_person(user)


@transaction.atomic
def user_deactivate(*, user: User, by: User | None) -> User:
    """The account can no longer sign in: its sessions stop at the next request (the backend refuses an
    inactive user) and its API tokens are revoked (accounts/tokens.py)."""
    if by is not None and by.pk == user.pk:
        raise RuleViolation(_("You cannot deactivate your own account."), code="own_account")
    _check_manages(by, user)
    locked = User.objects.select_for_update().get(pk=user.pk)
    if not locked.is_active:
        raise TransitionNotAllowed(_("This account is already deactivated."))
    locked.is_active = False
    locked.save(update_fields=["is_active"])
    return locked


@transaction.atomic
def user_reactivate(*, user: User, by: User | None) -> User:
    _check_manages(by, user)
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.is_active:
        raise TransitionNotAllowed(_("This account is active."))
    locked.is_active = True
    locked.save(update_fields=["is_active"])
    return locked


def password_link(user: User) -> str:
    """The one-time link of Django's password reset for ``user``: it dies once the password changes (the
    token signs the password hash and the last login) and after PASSWORD_RESET_TIMEOUT."""
    from django.urls import reverse

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("accounts:password_reset_confirm", args=[uid, default_token_generator.make_token(user)])
    return settings.SITE_URL.rstrip("/") + path


@transaction.atomic
def user_send_password_reset(*, user: User, by: User | None) -> User:
    """E-mail the person a one-time link to choose a new password; nobody else ever sees a password."""
    _check_manages(by, user)
    if not user.is_active:
        raise TransitionNotAllowed(_("Reactivate the account before sending a password link."))
    if not user.email:
        raise RuleViolation(_("This user has no e-mail address to send the link to."), code="no_email")
    from .tasks import send_password_link

    pk = user.pk
    transaction.on_commit(lambda: send_password_link.delay(pk))
    return user


def lockout_attempts(user: User):
    """django-axes' failed-login records of the username (keyed by username and address)."""
    from axes.models import AccessAttempt

    return AccessAttempt.objects.filter(username=user.username)


def is_locked_out(user: User) -> bool:
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return lockout_attempts(user).filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
                                         attempt_time__gte=since).exists()


@transaction.atomic
def user_unlock(*, user: User, by: User | None) -> User:
    """Clear the failed logins that lock the username out (from every address)."""
    _check_manages(by, user)
    from axes.utils import reset

    reset(username=user.username)
    return user


@transaction.atomic
def user_revoke_tokens(*, user: User, by: User | None, token: int | None = None) -> User:
    """Revoke one API token of the user (``token``: its id) or all of them."""
    _check_manages(by, user)
    mine = ApiToken.objects.filter(user=user)
    if token is not None:
        mine = mine.filter(pk=token)
        if not mine.exists():
            raise ValidationError({"token": _("This user holds no such token.")})
    mine.delete()
    return user


# --- roles ------------------------------------------------------------------------------------------

def _check_period(valid_from, valid_until) -> None:
    if valid_from and valid_until and valid_until < valid_from:
        raise ValidationError({"valid_until": _("The end is before the start.")})


def _overlapping(membership: Membership):
    """Active memberships of the same person, organisation and role whose period meets this one's."""
    # The rule of the exclusion constraint, whose condition is the row's own ``is_active`` (not in_force():
    # a role in a deactivated organisation, or one that has not begun, still may not be given twice).
    qs = Membership.objects.filter(Q(is_active=True), user_id=membership.user_id,
                                   organization_id=membership.organization_id,
                                   role=membership.role).exclude(pk=membership.pk)
    if membership.valid_until:
        qs = qs.exclude(valid_from__gt=membership.valid_until)
    if membership.valid_from:
        qs = qs.exclude(valid_until__lt=membership.valid_from)
    return qs


def _save_membership(membership: Membership) -> Membership:
    _check_period(membership.valid_from, membership.valid_until)
    clash = _overlapping(membership).first() if membership.is_active else None
    if clash is not None:
        raise Overlap(_("%(user)s already holds this role in %(org)s over that period (%(period)s).") % {
            "user": membership.user, "org": membership.organization, "period": period_label(clash)})
    try:
        with transaction.atomic():
            membership.save()
    except (IntegrityError, OperationalError) as exc:
        # membership_no_overlap: the same role was given at the same moment by someone else. Two inserts
        # racing on an exclusion constraint may also end in PostgreSQL's deadlock error (40P01) for one.
        if isinstance(exc, OperationalError) and getattr(exc.__cause__, "pgcode", None) != "40P01":
            raise
        raise Overlap(_("This role is already held over that period.")) from exc
    clear_access_cache(membership.user)
    return membership


def period_label(membership: Membership) -> str:
    start = membership.valid_from.isoformat() if membership.valid_from else "…"
    end = membership.valid_until.isoformat() if membership.valid_until else "…"
    return f"{start} – {end}"


@transaction.atomic
def membership_grant(*, by: User | None, user: User, organization: Organization, role: str,
                     valid_from: datetime.date | None = None, valid_until: datetime.date | None = None,
                     title: str = "", is_org_admin: bool = False) -> Membership:
    """Give ``user`` the role ``role`` in ``organization`` from ``valid_from`` to ``valid_until`` (both days
    included; empty ends are open). A department administrator gives a student's or teacher's role in their
    department (400 otherwise) to a person they manage (403 otherwise)."""
    _check_grantable(by, organization, role)
    _check_manages(by, user)
    return _grant(by=by, user=user, organization=organization, role=role, valid_from=valid_from,
                  valid_until=valid_until, title=title, is_org_admin=is_org_admin)


def _grant(*, by: User | None, user: User, organization: Organization, role: str,
           valid_from: datetime.date | None = None, valid_until: datetime.date | None = None, title: str = "",
           is_org_admin: bool = False) -> Membership:
    """``membership_grant`` once the actor's rights were checked (``user_create`` checks before the person exists)."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if organization.kind not in ROLE_ORG_KINDS.get(role, set()):
        raise ValidationError({"organization": _("This role cannot be held in this kind of organisation.")})
    if is_org_admin and role not in PARTNER_ROLES:
        raise ValidationError({"is_org_admin": _("Only a partner's staff administer their own organisation.")})
    membership = Membership(user=user, organization=organization, role=role, valid_from=valid_from,
                            valid_until=valid_until, title=title, is_org_admin=is_org_admin)
    return _save_membership(membership)


@transaction.atomic
def membership_update(*, membership: Membership, by: User | None, **fields) -> Membership:
    membership = Membership.objects.select_for_update(of=("self",)).select_related("user", "organization").get(
        pk=membership.pk)
    _check_keeps(by, membership)
    for key, value in fields.items():
        if key not in {"valid_from", "valid_until", "title", "is_org_admin"}:
            raise ValueError(f"unexpected field {key}")
        setattr(membership, key, value)
    if membership.is_org_admin and membership.role not in PARTNER_ROLES:
        raise ValidationError({"is_org_admin": _("Only a partner's staff administer their own organisation.")})
    return _save_membership(membership)


def membership_in_force(membership: Membership) -> bool:
    return Membership.objects.in_force().filter(pk=membership.pk).exists()


@transaction.atomic
def membership_end(*, membership: Membership, by: User | None, until: datetime.date | None = None) -> Membership:
    """Take the role away: it is held through ``until`` (default: yesterday, so it ends now). A role whose
    period had not begun by then is withdrawn instead. The row stays, for the audit trail."""
    membership = Membership.objects.select_for_update(of=("self",)).select_related("user", "organization").get(
        pk=membership.pk)
    if by is not None and membership.user_id == by.pk and not access_for(by).is_college_admin:
        raise RuleViolation(_("You cannot remove yourself; ask another administrator."), code="own_membership")
    if by is not None and membership.organization_id not in access_for(by).admin_org_ids:
        _check_keeps(by, membership)  # a partner's administrator ends their colleagues' roles (MembershipPolicy)
    if not membership.is_active or (membership.valid_until and membership.valid_until < timezone.localdate()):
        raise TransitionNotAllowed(_("This role has already ended."))
    last_day = until or (timezone.localdate() - datetime.timedelta(days=1))
    if membership.valid_until and last_day > membership.valid_until:
        raise ValidationError({"until": _("Ending can only bring the last day forward; change the role to extend it.")})
    if membership.valid_from and last_day < membership.valid_from:
        membership.is_active = False
    else:
        membership.valid_until = last_day
    membership.save()
    clear_access_cache(membership.user)
    return membership


# --- invitations ------------------------------------------------------------------------------------

class InvitationClosed(DomainError):
    """The invitation's link no longer opens it: expired, revoked, accepted or replaced by a newer one."""

    status_code = 410
    code = "invitation_closed"
    default_message = gettext_lazy("This invitation is no longer open.")


class AlreadyRegistered(DomainError):
    code = "already_registered"
    default_message = gettext_lazy("Someone with this e-mail address already has an account.")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def terms_version() -> str:
    return str(settings.IEI.get("TERMS_VERSION", "1"))


def _ttl() -> datetime.timedelta:
    return datetime.timedelta(days=int(settings.IEI.get("INVITATION_TTL_DAYS", 14)))


def _check_inviter(by: User | None, organization: Organization) -> None:
    """College admins invite anywhere; an organisation's administrator only into that organisation."""
    if by is None:
        return  # the import and the demo act for the college
    acc = access_for(by)
    if not acc.is_college_admin and organization.pk not in acc.admin_org_ids:
        raise RuleViolation(_("You invite colleagues of your own organisation only."), code="not_your_organisation")


@transaction.atomic
def invitation_create(*, by: User | None, email: str, organization: Organization, display_name: str = "",
                      role: str = "", is_org_admin: bool = False, language: str = "") -> Invitation:
    """Invite a partner's contact; the e-mail (in ``language``) leaves once the transaction commits."""
    _check_inviter(by, organization)
    email = (email or "").strip()
    role = role or {"enterprise": Role.ENTERPRISE, "association": Role.ASSOCIATION}.get(organization.kind, "")
    if role not in PARTNER_ROLES:
        raise ValidationError({"role": _("Invitations are for the staff of partner enterprises and associations.")})
    if organization.kind not in ROLE_ORG_KINDS.get(role, set()):
        raise ValidationError({"organization": _("This role cannot be held in this kind of organisation.")})
    if not organization.is_active:
        raise ValidationError({"organization": _("This organisation is deactivated.")})
    language = language or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Unknown language.")})
    invitation = Invitation(email=email, display_name=display_name, organization=organization, role=role,
                            is_org_admin=is_org_admin, language=language, invited_by=by,
                            expires_at=timezone.now() + _ttl())
    invitation.full_clean(exclude=["token_digest", "invited_by"], validate_constraints=False)
    if User.objects.filter(email__iexact=email).exists():
        raise AlreadyRegistered()
    waiting = Invitation.objects.pending().filter(email__iexact=email).select_for_update().first()
    if waiting is not None:
        if waiting.status == InvitationStatus.PENDING:
            raise Overlap(_("An invitation to this address is already waiting; resend it instead."),
                          code="invitation_pending")
        waiting.revoked_at = timezone.now()  # an expired invitation makes way for the new one
        waiting.save(update_fields=["revoked_at"])
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError as exc:  # invitation_one_pending_per_email: invited twice at the same moment
        raise Overlap(_("An invitation to this address is already waiting; resend it instead."),
                      code="invitation_pending") from exc
    _send_after_commit(invitation)
    return invitation


def _send_after_commit(invitation: Invitation) -> None:
    from .tasks import send_invitation

    pk = invitation.pk
    transaction.on_commit(lambda: send_invitation.delay(pk))


def _locked_open(invitation: Invitation) -> Invitation:
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at:
        raise TransitionNotAllowed(_("This invitation was accepted."))
    if locked.revoked_at:
        raise TransitionNotAllowed(_("This invitation was revoked."))
    return locked


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by: User | None) -> Invitation:
    """Send a new link, open for another full period; the link sent before stops working now."""
    locked = _locked_open(invitation)
    locked.token_digest = ""
    locked.sent_at = None
    locked.expires_at = timezone.now() + _ttl()
    locked.save(update_fields=["token_digest", "sent_at", "expires_at"])
    _send_after_commit(locked)
    return locked


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User | None) -> Invitation:
    locked = _locked_open(invitation)
    locked.revoked_at = timezone.now()
    locked.revoked_by = by
    locked.token_digest = ""
    locked.save(update_fields=["revoked_at", "revoked_by", "token_digest"])
    return locked


def invitation_issue_link(invitation_id: int) -> tuple[Invitation, str] | None:
    """A fresh token for an open invitation not yet sent, recorded as the one in force (the task that
    e-mails it calls this); None when there is nothing to send (closed, or sent already)."""
    token = make_link_token(INVITATION_PURPOSE, invitation_id)
    claimed = Invitation.objects.pending().filter(pk=invitation_id, sent_at__isnull=True).update(
        token_digest=_digest(token), sent_at=timezone.now())
    if not claimed:
        return None
    return Invitation.objects.select_related("organization", "invited_by").get(pk=invitation_id), token


def _read_link(token: str) -> tuple[Invitation, LinkPayload]:
    max_days = int(settings.IEI.get("INVITATION_TTL_DAYS", 14)) + 1  # expires_at decides; this only bounds it
    try:
        payload = read_link_token(token, INVITATION_PURPOSE, max_age_days=max_days)
    except UsedLink as exc:
        raise InvitationClosed(_("This invitation has already been accepted. Sign in instead."),
                               code="invitation_used") from exc
    except InvalidLink as exc:
        if isinstance(exc.__cause__, signing.SignatureExpired):
            raise InvitationClosed(_("This invitation has expired. Ask for a new one."),
                                   code="invitation_expired") from exc
        raise
    invitation = Invitation.objects.select_related("organization").filter(pk=payload.object_id).first()
    if invitation is None:
        raise InvalidLink()
    if invitation.accepted_at:
        raise InvitationClosed(_("This invitation has already been accepted. Sign in instead."),
                               code="invitation_used")
    if invitation.revoked_at:
        raise InvitationClosed(_("This invitation was withdrawn."), code="invitation_revoked")
    if invitation.token_digest != _digest(token):
        raise InvitationClosed(_("A newer invitation was sent: open the link in the latest e-mail."),
                               code="invitation_replaced")
    if invitation.expires_at <= timezone.now():
        raise InvitationClosed(_("This invitation has expired. Ask for a new one."), code="invitation_expired")
    return invitation, payload


def invitation_from_link(token: str) -> Invitation:
    """The open invitation a link is for. Forged: InvalidLink (403); expired, revoked, accepted or replaced
    by a resend: InvitationClosed (410), each saying which."""
    return _read_link(token)[0]


@transaction.atomic
def invitation_accept(*, token: str, username: str, password: str, display_name: str = "",
                      accept_terms: bool = False) -> User:
    """Create the invited person's account with the invitation's role, record the terms they accepted and
    close the invitation. The link is spent in the same transaction, so two tabs cannot both accept."""
    invitation, _payload = _read_link(token)
    Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
    invitation, payload = _read_link(token)  # read again under the row lock: a resend or revoke may have won
    if not accept_terms:
        raise ValidationError({"accept_terms": _("Accept the terms of the platform to continue.")})
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise AlreadyRegistered()
    user = User(username=(username or "").strip(), email=invitation.email,
                display_name=(display_name or "").strip() or invitation.display_name,
                language=invitation.language, terms_version=terms_version(), terms_accepted_at=timezone.now())
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    _save_person(user)
    membership_grant(by=None, user=user, organization=invitation.organization, role=invitation.role,
                     valid_from=timezone.localdate(), is_org_admin=invitation.is_org_admin)
    spend_link(payload)
    invitation.accepted_at = timezone.now()
    invitation.accepted_user = user
    invitation.terms_version = user.terms_version
    invitation.token_digest = ""
    invitation.save(update_fields=["accepted_at", "accepted_user", "terms_version", "token_digest"])
    return user
