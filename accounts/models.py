"""Users, organisations and the memberships that give a user a role in an organisation."""
from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import BigIntegerRangeField, DateRangeField, RangeOperators
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken, AuthTokenManager
from knox.settings import CONSTANTS
from simple_history.models import HistoricalRecords

from core.constraints import same_id
from core.search import DefersGrams, gram_field

from .choices import ROLE_ORG_KINDS, OrganizationKind, Role


class OrganizationQuerySet(models.QuerySet):
    def visible_to(self, user) -> OrganizationQuerySet:
        """College staff, teachers and students see the directory; partners see the college and themselves."""
        from .policy import access_for

        acc = access_for(user)
        if acc.is_college_admin:
            return self
        if not acc.is_authenticated:
            return self.none()
        if acc.is_teacher or acc.is_student or acc.is_department_admin:
            return self.filter(is_active=True)
        return self.filter(
            models.Q(kind__in=[OrganizationKind.COLLEGE, OrganizationKind.DEPARTMENT], is_active=True)
            | models.Q(id__in=acc.organization_ids)
        )

    def enterprises(self) -> OrganizationQuerySet:
        return self.filter(kind=OrganizationKind.ENTERPRISE)


class OrganizationManager(DefersGrams, models.Manager.from_queryset(OrganizationQuerySet)):
    pass


class Organization(models.Model):
    """A college, one of its departments, a partner enterprise, an association or a government body."""

    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # The characters and character pairs of the names, kept by PostgreSQL on every write: a search of the
    # organisations, and every search through an enterprise's name (postings, placements, visits), finds its
    # candidates in their GIN index instead of reading a province's 10,000 names (core.search).
    search_grams = gram_field("name", "name_en", "short_name", verbose_name=_("search grams"))

    objects = OrganizationManager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="org_unique_kind_name")]
        # The enterprise list is ordered by the organisation's name (a province has 10,000): an index walk, not a sort.
        indexes = [models.Index(fields=["name"], name="organization_name"),
                   GinIndex(fields=["search_grams"], name="organization_search_grams", fastupdate=False)]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        parent_is_college = self.parent is not None and self.parent.kind == OrganizationKind.COLLEGE
        if self.kind == OrganizationKind.DEPARTMENT and not parent_is_college:
            raise ValidationError({"parent": _("A department belongs to a college.")})


class UserQuerySet(models.QuerySet):
    def visible_to(self, user) -> UserQuerySet:
        from .policy import access_for

        acc = access_for(user)
        if acc.is_college_admin:
            return self
        if not acc.is_authenticated:
            return self.none()
        if acc.is_department_admin:
            # The people of their departments (students, teachers, fellow administrators), and themselves.
            return self.filter(models.Q(pk=user.pk) | models.Q(pk__in=acc.department_members()))
        return self.filter(pk=user.pk)


class IeiUserManager(DefersGrams, UserManager.from_queryset(UserQuerySet)):
    """The gram columns serve the search's WHERE only (core.search.gram_field); read with every user they were
    integer arrays parsed on each request's sign-in lookup."""


class LoginQuietHistory(HistoricalRecords):
    """simple-history, minus the saves a login makes (``last_login``, a re-hashed password): a login is
    not a change an administrator audits, and recording it would add a row to every sign-in."""

    QUIET_FIELDS = frozenset({"last_login", "password"})

    def post_save(self, instance, created, using=None, **kwargs):
        fields = kwargs.get("update_fields")
        if not created and fields and set(fields) <= self.QUIET_FIELDS:
            return
        super().post_save(instance, created, using=using, **kwargs)


class User(AbstractUser):
    """A person who signs in. Roles come from memberships, never from a field on the user."""

    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    phone = models.CharField(_("phone number"), max_length=32, blank=True)
    national_id = models.CharField(_("national ID number"), max_length=18, blank=True)
    student_no = models.CharField(_("student number"), max_length=32, blank=True, db_index=True)
    staff_no = models.CharField(_("staff number"), max_length=32, blank=True)
    language = models.CharField(_("preferred language"), max_length=10, choices=settings.LANGUAGES, blank=True)
    terms_version = models.CharField(
        _("terms accepted"), max_length=20, blank=True, default="", db_default="",
        help_text=_("The version of the platform's terms the person accepted (partners, on their invitation)."),
    )
    terms_accepted_at = models.DateTimeField(_("terms accepted at"), null=True, blank=True)
    # The characters and character pairs of the display name, kept by PostgreSQL (core.search.gram_field):
    # a search for part of a name (a surname of one character) then asks a GIN index instead of reading every
    # person, and a province has 220,000 of them. Every search of a list by its people's names goes through it.
    name_grams = gram_field("display_name", verbose_name=_("name search grams"))
    # The same for the username: people are searched by name *or* username, and an OR with one side unindexed
    # reads every person (two 30 ms scans of a province's people per top-bar search).
    username_grams = gram_field("username", verbose_name=_("username search grams"))
    # And for the numbers and the address some lists search beside the name (an outcome's student number, a
    # teacher's staff number, the people list's e-mail): one such LIKE in the OR read all 220,000 people (56 ms).
    number_grams = gram_field("student_no", "staff_no", "email", verbose_name=_("number and e-mail search grams"))

    # Audited without the secrets: no password hash, no full ID or phone number in the history table
    # (the audit pages would show them), and a login's own save (last_login) is not a change of the person.
    history = LoginQuietHistory(excluded_fields=["password", "phone", "national_id", "last_login", "name_grams",
                                                  "username_grams", "number_grams"])
    objects = IeiUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]
        constraints = [
            # Two people never share a student number (blank: staff and partners have none).
            models.UniqueConstraint(fields=["student_no"], condition=~Q(student_no=""), name="user_unique_student_no"),
        ]
        indexes = [GinIndex(fields=["name_grams"], name="user_name_grams", fastupdate=False),
                   GinIndex(fields=["username_grams"], name="user_username_grams", fastupdate=False),
                   GinIndex(fields=["number_grams"], name="user_number_grams", fastupdate=False)]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def name(self) -> str:
        return str(self)


class MembershipQuerySet(models.QuerySet):
    def in_force(self) -> MembershipQuerySet:
        """The memberships that give a role: active, in an active organisation, and today within their
        period (``valid_from`` to ``valid_until``, both days included; an empty bound is open)."""
        today = timezone.localdate()
        return self.filter(is_active=True, organization__is_active=True).filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=today),
            Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        )

    def not_over(self) -> MembershipQuerySet:
        """Memberships that give a role now or will: not withdrawn and not past their last day (whatever the
        organisation's state: a deactivated organisation may come back, and its roles with it)."""
        today = timezone.localdate()
        return self.filter(is_active=True).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))

    def visible_to(self, user) -> MembershipQuerySet:
        """College admins see every membership; a partner organisation's administrator those of their
        organisation (their colleagues); a department administrator those held in their departments; everyone
        their own."""
        from .policy import access_for

        acc = access_for(user)
        if acc.is_college_admin:
            return self
        if not acc.is_authenticated:
            return self.none()
        q = Q(user_id=user.pk)
        if acc.admin_org_ids:
            q |= Q(organization_id__in=acc.admin_org_ids)
        if acc.department_ids:
            q |= Q(organization_id__in=acc.department_ids)
        return self.filter(q)


def same_text(field: str) -> Func:
    """``same_id`` for a text column: a one-point range of the text's 64-bit hash.

    Core PostgreSQL has no GiST operator class for ``text WITH =`` (that is btree_gist, which the embedded
    server lacks, see core/constraints.py); ``hashtextextended`` is immutable, and
    tests/accounts/test_memberships.py proves the roles' hashes are distinct, so equal ranges mean equal text.
    """
    hashed = Func(F(field), Value(0), function="hashtextextended", output_field=models.BigIntegerField())
    return Func(hashed, hashed, Value("[]"), function="int8range", output_field=BigIntegerRangeField())


MEMBERSHIP_PERIOD = Func(F("valid_from"), F("valid_until"), Value("[]"), function="daterange",
                         output_field=DateRangeField())


class Membership(models.Model):
    """Gives a user one role in one organisation; a user may hold several."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, db_index=True)
    title = models.CharField(_("job title"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True, help_text=_("Empty: since always."))
    valid_until = models.DateField(_("valid until"), null=True, blank=True,
                                   help_text=_("The last day the role is held. Empty: until it is taken away."))
    # A flag, not a role of its own: an organisation's administrator is a partner like their colleagues
    # (the same scope in every app) who may also invite and remove them; the right lives and ends with
    # the very membership it is given on.
    is_org_admin = models.BooleanField(
        _("organisation administrator"), default=False, db_default=False,
        help_text=_("May invite and remove colleagues of this partner organisation."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user__username", "role"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_until__isnull=True) | Q(valid_from__isnull=True)
                                   | Q(valid_until__gte=F("valid_from")), name="membership_period_ordered"),
            # One role of one person in one organisation is given once over any period; it may be given
            # again for a later period (a new row), so the rule is an overlap, not a unique key.
            ExclusionConstraint(
                name="membership_no_overlap",
                expressions=[
                    (same_id("user"), RangeOperators.OVERLAPS),
                    (same_id("organization"), RangeOperators.OVERLAPS),
                    (same_text("role"), RangeOperators.OVERLAPS),
                    (MEMBERSHIP_PERIOD, RangeOperators.OVERLAPS),
                ],
                condition=Q(is_active=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organization}"

    @property
    def period_status(self) -> str:
        """Where today falls in the period: "upcoming", "current", "ended" or "withdrawn" (no query)."""
        today = timezone.localdate()
        if not self.is_active:
            return "withdrawn"
        if self.valid_until and self.valid_until < today:
            return "ended"
        if self.valid_from and self.valid_from > today:
            return "upcoming"
        return "current"

    def clean(self) -> None:
        allowed = ROLE_ORG_KINDS.get(self.role, set())
        if self.organization_id and self.organization.kind not in allowed:
            raise ValidationError({"organization": _("This role cannot be held in this kind of organisation.")})
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end is before the start.")})


class PersonalDataReveal(models.Model):
    """Audit of each time someone saw a full national ID or phone number."""

    actor = models.ForeignKey(User, verbose_name=_("revealed by"), on_delete=models.PROTECT, related_name="+")
    subject = models.ForeignKey(User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+")
    field = models.CharField(_("field"), max_length=30)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("personal data reveal")
        verbose_name_plural = _("personal data reveals")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.actor} → {self.subject}.{self.field}"


class ApiTokenManager(AuthTokenManager):
    """knox's manager: ``create(user=..., name=...)`` returns ``(row, key)`` with the configured expiry."""


class ApiTokenQuerySet(models.QuerySet):
    def live(self) -> ApiTokenQuerySet:
        """Tokens that still open the API: not expired."""
        return self.filter(expiry__gt=timezone.now())

    def visible_to(self, user) -> ApiTokenQuerySet:
        """Each user sees (and revokes) only their own live tokens, administrators included."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.live().filter(user=user)


class ApiToken(AbstractAuthToken):
    """An API token of one user (django-rest-knox): named, expiring, stored only as a hash.

    A user holds one token per name (a device or a script); issuing a token under a name replaces
    the one of that name (accounts/tokens.py). The key is shown once, when it is issued. The row's
    id, not a part of the secret, names it in URLs: knox's own primary key is the digest.
    """

    id = models.BigAutoField(primary_key=True)
    digest = models.CharField(max_length=CONSTANTS.DIGEST_LENGTH, unique=True)
    name = models.CharField(_("name"), max_length=60)

    objects = ApiTokenManager.from_queryset(ApiTokenQuerySet)()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="apitoken_one_per_name")]

    def __str__(self) -> str:
        return f"{self.user} · {self.name}"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")


class InvitationQuerySet(models.QuerySet):
    def visible_to(self, user) -> InvitationQuerySet:
        """College admins see every invitation; a partner organisation's administrator those of their
        organisation; nobody else any."""
        from .policy import access_for

        acc = access_for(user)
        if acc.is_college_admin:
            return self
        if not acc.is_authenticated or not acc.admin_org_ids:
            return self.none()
        return self.filter(organization_id__in=acc.admin_org_ids)

    def pending(self) -> InvitationQuerySet:
        """Neither accepted nor revoked (an expired one is pending until it is replaced or revoked)."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)


class Invitation(models.Model):
    """An e-mailed invitation for a partner's contact (an enterprise's or an association's) to join the platform.

    The link in the e-mail is a signed one-time token (core/signed_links.py) whose digest is kept here:
    resending makes a new token and the old one dead, accepting or revoking closes the invitation, and
    ``expires_at`` ends it. Accepting creates the person's account with the role below, records the
    terms version they accepted and signs them in (accounts/invitations.py).
    """

    email = models.EmailField(_("e-mail"))
    display_name = models.CharField(_("name"), max_length=100, blank=True)
    organization = models.ForeignKey(Organization, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="invitations")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_org_admin = models.BooleanField(_("organisation administrator"), default=False)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    invited_by = models.ForeignKey(User, verbose_name=_("invited by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_user = models.ForeignKey(User, verbose_name=_("account"), null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(User, verbose_name=_("revoked by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    terms_version = models.CharField(_("terms accepted"), max_length=20, blank=True)
    # SHA-256 of the link's token now in force: a resent invitation's older links no longer match.
    token_digest = models.CharField(max_length=64, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["token_digest"])
    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(Lower("email"), condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                                    name="invitation_one_pending_per_email"),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return InvitationStatus.ACCEPTED
        if self.revoked_at:
            return InvitationStatus.REVOKED
        if self.expires_at <= timezone.now():
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING

    def get_status_display(self) -> str:
        return str(InvitationStatus(self.status).label)
