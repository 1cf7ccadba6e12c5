"""Users, organisations and the memberships that give a user a role in an organisation."""
from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken, AuthTokenManager
from knox.settings import CONSTANTS

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
        if acc.is_teacher or acc.is_student:
            return self.filter(is_active=True)
        return self.filter(
            models.Q(kind__in=[OrganizationKind.COLLEGE, OrganizationKind.DEPARTMENT], is_active=True)
            | models.Q(id__in=acc.organization_ids)
        )

    def enterprises(self) -> OrganizationQuerySet:
        return self.filter(kind=OrganizationKind.ENTERPRISE)


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

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="org_unique_kind_name")]
        # The enterprise list is ordered by the organisation's name (a province has 10,000): an index walk, not a sort.
        indexes = [models.Index(fields=["name"], name="organization_name")]

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
        return self.filter(pk=user.pk)


class IeiUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person who signs in. Roles come from memberships, never from a field on the user."""

    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    phone = models.CharField(_("phone number"), max_length=32, blank=True)
    national_id = models.CharField(_("national ID number"), max_length=18, blank=True)
    student_no = models.CharField(_("student number"), max_length=32, blank=True, db_index=True)
    staff_no = models.CharField(_("staff number"), max_length=32, blank=True)
    language = models.CharField(_("preferred language"), max_length=10, choices=settings.LANGUAGES, blank=True)

    objects = IeiUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def name(self) -> str:
        return str(self)


class MembershipQuerySet(models.QuerySet):
    def in_force(self) -> MembershipQuerySet:
        """The memberships that give a role: active, in an active organisation."""
        return self.filter(is_active=True, organization__is_active=True)


class Membership(models.Model):
    """Gives a user one role in one organisation; a user may hold several."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, db_index=True)
    title = models.CharField(_("job title"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user__username", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organization}"

    def clean(self) -> None:
        allowed = ROLE_ORG_KINDS.get(self.role, set())
        if self.organization_id and self.organization.kind not in allowed:
            raise ValidationError({"organization": _("This role cannot be held in this kind of organisation.")})


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
