from __future__ import annotations

import logging

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from core.domain import DomainError
from core.views import FormPage, ListPageMixin, RoleRequiredMixin, StepView, apply_errors, redirect_back, require

from . import services
from .choices import DEPARTMENT_GRANTABLE_ROLES
from .filtersets import InvitationFilterSet, MembershipFilterSet, OrganizationFilterSet, UserFilterSet
from .forms import (
    AcceptInvitationForm,
    InvitationForm,
    MembershipForm,
    UserCreateForm,
    UserForm,
    partner_organizations,
)
from .models import ApiToken, Invitation, Membership, Organization, User
from .personal_data import masked
from .policies import InvitationPolicy, MembershipPolicy, UserPolicy
from .policy import access_for
from .steps import INVITATION_STEPS, MEMBERSHIP_STEPS, USER_STEPS
from .tokens import issue_token, revoke_token

log = logging.getLogger(__name__)


class OrganizationListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    template_name = "accounts/organization_list.html"
    allowed_roles = ("college_admin",)
    filterset_class = OrganizationFilterSet
    ordering_fields = ("name", "kind", "created_at")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = Organization.objects.visible_to(self.request.user).select_related("parent")
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        return ctx


class UserListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    template_name = "accounts/user_list.html"
    # A department administrator lists the people of their departments (User.objects.visible_to).
    allowed_roles = ("college_admin", "department_admin")
    filterset_class = UserFilterSet
    ordering_fields = ("username", "date_joined")

    def get_context_data(self, **kwargs):
        from django.db.models import Prefetch

        from .models import Membership

        ctx = super().get_context_data(**kwargs)
        qs = User.objects.visible_to(self.request.user).prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("organization"))
        )
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        acc = access_for(self.request.user)
        ctx["can_create"] = UserPolicy().can_create(self.request.user)
        ctx["can_open"] = acc.is_college_admin or acc.is_department_admin  # the person's page (accounts:user_detail)
        ctx["can_invite"] = InvitationPolicy().can_create(self.request.user)
        return ctx


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=60,
        help_text=_("The device or script this token is for. A new token under a name you already use "
                    "replaces the old one."),
    )


class ApiTokenListView(LoginRequiredMixin, View):
    """The user's own API tokens: list, issue one (its key is shown once, on this answer) and revoke."""

    template_name = "accounts/api_tokens.html"

    def _render(self, request, form, key: str = "", status: int = 200):
        return render(request, self.template_name, {
            "form": form, "key": key, "tokens": ApiToken.objects.visible_to(request.user),
        }, status=status)

    def get(self, request):
        return self._render(request, ApiTokenForm())

    def post(self, request):
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            try:
                token, key = issue_token(request.user, form.cleaned_data["name"])
            except DomainError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Token “%(name)s” issued.") % {"name": token.name})
                # Rendered, not redirected: the key exists only in this answer and is never stored.
                return self._render(request, ApiTokenForm(), key=key)
        return self._render(request, form, status=400)


class ApiTokenRevokeView(LoginRequiredMixin, View):
    def post(self, request, pk: int):
        token = get_object_or_404(ApiToken.objects.visible_to(request.user), pk=pk)
        revoke_token(token)
        messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
        return redirect_back(request, reverse("accounts:api_tokens"))


def lockout_response(request, original_response=None, credentials=None):
    """django-axes lockout: the contract's JSON error for the API, a page for the browser (both 429)."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": str(_("Too many failed login attempts; try again later.")), "code": "locked_out"}, status=429
        )
    return render(request, "registration/locked_out.html", status=429)


# --- People: accounts, roles, invitations -----------------------------------------------------------

def role_choices_for(user) -> dict:
    """What a role form offers ``user``: everything for a college admin; a department administrator's
    departments and the roles they give there (``DEPARTMENT_GRANTABLE_ROLES``)."""
    acc = access_for(user)
    if acc.is_college_admin:
        return {}
    return {"organizations": Organization.objects.filter(pk__in=acc.department_ids, is_active=True).order_by("name"),
            "roles": DEPARTMENT_GRANTABLE_ROLES}


class UserFormPage(FormPage):
    """Create (with an optional first role) or edit an account: college admins anyone's, a department
    administrator their department's students and teachers (a new account with its role there)."""

    allowed_roles = ("college_admin", "department_admin")
    success_message = _("The account was saved.")

    def get_object(self):
        if self.kwargs.get("pk") is None:
            require(UserPolicy().can_create(self.request.user))
            return None
        user = get_object_or_404(User.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
        require(UserPolicy().can_update(self.request.user, user))
        return user

    def get_title(self) -> str:
        return _("Edit account") if self.object else _("New account")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if not self.object:
            ctx["intro"] = _("The account has no password: once it is saved, send the person a password link "
                             "from their page.")
        return ctx

    def get_form(self, data=None, files=None):
        if self.object:
            return UserForm(data, instance=self.object)
        return UserCreateForm(data, **role_choices_for(self.request.user))

    def save(self, form):
        if self.object:
            return services.user_update(user=self.object, by=self.request.user, **form.cleaned_person())
        return services.user_create(by=self.request.user, **form.cleaned_person())

    def success_url(self, user) -> str:
        return reverse("accounts:user_detail", args=[user.pk])


class UserDetailView(RoleRequiredMixin, TemplateView):
    """One person as an administrator sees them: masked personal data, roles over time, how they sign in
    (last login, lockout, API tokens; for those who manage the account) and the steps on the account. A
    department administrator opens the people of their departments (another's: 404)."""

    template_name = "accounts/user_detail.html"
    allowed_roles = ("college_admin", "department_admin")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        person = get_object_or_404(User.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
        memberships = list(person.memberships.select_related("organization").order_by("-valid_from", "-id"))
        policy = MembershipPolicy()
        for m in memberships:
            m.steps = MEMBERSHIP_STEPS.allowed(m, self.request.user)
            m.can_edit = policy.can_update(self.request.user, m)
        can_edit = UserPolicy().can_update(self.request.user, person)
        ctx.update(
            person=person, memberships=memberships,
            phone=masked(person, "phone"), national_id=masked(person, "national_id"),
            can_edit=can_edit, can_grant=can_edit and MembershipPolicy().can_create(self.request.user),
            can_revoke=USER_STEPS.may_now(person, self.request.user, "revoke_tokens"),
            history_label=User._meta.label_lower,
            can_audit=access_for(self.request.user).is_college_admin,  # the audit pages are the college admins'
        )
        if can_edit:  # how a person signs in is for those who manage the account
            attempts = list(services.lockout_attempts(person).values_list("failures_since_start", flat=True))
            ctx.update(tokens=list(ApiToken.objects.live().filter(user=person)),
                       locked_out=services.is_locked_out(person), failed_attempts=sum(attempts))
        return ctx


class UserStepView(StepView):
    steps = USER_STEPS

    def success_url(self, obj) -> str:
        return reverse("accounts:user_detail", args=[obj.pk])


class MembershipFormPage(FormPage):
    """Give a person a role or change a role's period: college admins; a department administrator a student's
    or teacher's role in their department, to the people they manage."""

    allowed_roles = ("college_admin", "department_admin")
    success_message = _("The role was saved.")
    refused_message = _("The role was not saved.")
    grant = False  # True: ``pk`` names the person to give a role; False: the role to change

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.person = None

    def get_object(self):
        if self.grant:
            self.person = get_object_or_404(User.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
            require(MembershipPolicy().can_create(self.request.user)
                    and UserPolicy().can_update(self.request.user, self.person))
            return None
        membership = get_object_or_404(
            Membership.objects.visible_to(self.request.user).select_related("user", "organization"),
            pk=self.kwargs["pk"])
        require(MembershipPolicy().can_update(self.request.user, membership))
        self.person = membership.user
        return membership

    def get_title(self) -> str:
        if self.object:
            return _("Change the role %(role)s in %(org)s of %(name)s") % {
                "role": self.object.get_role_display(), "org": self.object.organization, "name": self.person}
        return _("Give %(name)s a role") % {"name": self.person}

    def get_form(self, data=None, files=None):
        return MembershipForm(data, instance=self.object, **role_choices_for(self.request.user))

    def save(self, form):
        data = dict(form.cleaned_data)
        if self.object:
            return services.membership_update(membership=self.object, by=self.request.user, **data)
        return services.membership_grant(by=self.request.user, user=self.person, **data)

    def success_url(self, membership) -> str:
        return reverse("accounts:user_detail", args=[membership.user_id])


class MembershipListView(LoginRequiredMixin, ListPageMixin, TemplateView):
    """Roles: every role given in the college for its administrators; the roles held in their departments for
    a department administrator; the colleagues of their organisation for a partner organisation's
    administrator, who may take a colleague's role away."""

    template_name = "accounts/membership_list.html"
    filterset_class = MembershipFilterSet
    ordering_fields = ("valid_from", "valid_until", "created_at")

    def dispatch(self, request, *args, **kwargs):
        acc = access_for(request.user)
        if request.user.is_authenticated and not (acc.is_college_admin or acc.is_department_admin
                                                  or acc.admin_org_ids):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = Membership.objects.visible_to(self.request.user).select_related("user", "organization")
        acc = access_for(self.request.user)
        if not acc.is_college_admin:
            # Their departments' roles and their colleagues', not the administrator's own other roles.
            qs = qs.filter(organization_id__in=acc.admin_org_ids | acc.department_ids)
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        for m in ctx["page"].object_list:
            m.steps = MEMBERSHIP_STEPS.allowed(m, self.request.user)
        ctx["can_invite"] = InvitationPolicy().can_create(self.request.user)
        # Administrators of the college or a department see roles and open the person's page; a partner's
        # administrator sees their colleagues.
        ctx["people_admin"] = acc.is_college_admin or acc.is_department_admin
        return ctx


class MembershipStepView(StepView):
    steps = MEMBERSHIP_STEPS
    select_related = ("user", "organization")

    def success_url(self, obj) -> str:
        return reverse("accounts:membership_list")


class InvitationListView(LoginRequiredMixin, ListPageMixin, TemplateView):
    """Invitations: all of them for college admins, their organisation's for a partner's administrator."""

    template_name = "accounts/invitation_list.html"
    filterset_class = InvitationFilterSet
    ordering_fields = ("created_at", "expires_at")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not InvitationPolicy().can_create(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = Invitation.objects.visible_to(self.request.user).select_related("organization", "invited_by")
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        for inv in ctx["page"].object_list:
            inv.steps = INVITATION_STEPS.allowed(inv, self.request.user)
        return ctx


class InvitationFormPage(FormPage):
    """Invite a partner's contact: college admins into any partner organisation, an organisation's
    administrator into their own."""

    title = _("Invite a partner contact")
    intro = _("The person receives an e-mail in the language chosen below, with a link to set their password "
              "and accept the platform's terms. The link works once and expires.")
    submit = _("Send the invitation")
    success_message = _("The invitation was sent.")
    cancel_url_name = "accounts:invitation_list"

    def get_object(self):
        require(InvitationPolicy().can_create(self.request.user))
        return None

    def get_title(self) -> str:
        # An organisation's own administrator invites colleagues (the link to this page says so too).
        return self.title if access_for(self.request.user).is_college_admin else _("Invite a colleague")

    def get_form(self, data=None, files=None):
        acc = access_for(self.request.user)
        orgs = partner_organizations()
        if not acc.is_college_admin:
            orgs = orgs.filter(pk__in=acc.admin_org_ids)
        return InvitationForm(data, organizations=orgs)

    def save(self, form):
        return services.invitation_create(by=self.request.user, **form.cleaned_data)

    def success_url(self, invitation) -> str:
        return reverse("accounts:invitation_list")


class InvitationStepView(StepView):
    steps = INVITATION_STEPS
    select_related = ("organization",)

    def success_url(self, obj) -> str:
        return reverse("accounts:invitation_list")


class InvitationAcceptView(View):
    """The invited person's landing page: choose a username and password, accept the terms, and arrive
    signed in. A forged link is a 403 page; an expired, revoked, used or replaced one a 410 page that says
    which (never a 500)."""

    template_name = "accounts/invitation_accept.html"

    def _closed(self, request, exc):
        return render(request, "accounts/invitation_closed.html", {"message": exc.message}, status=exc.status_code)

    def get(self, request, token):
        try:
            invitation = services.invitation_from_link(token)
        except DomainError as exc:
            return self._closed(request, exc)
        form = AcceptInvitationForm(initial={"username": invitation.email.split("@")[0],
                                             "display_name": invitation.display_name})
        return render(request, self.template_name, {"invitation": invitation, "form": form})

    def post(self, request, token):
        try:
            invitation = services.invitation_from_link(token)
        except DomainError as exc:
            return self._closed(request, exc)
        form = AcceptInvitationForm(request.POST)
        if form.is_valid():
            try:
                user = services.invitation_accept(
                    token=token, username=form.cleaned_data["username"], password=form.cleaned_data["password"],
                    display_name=form.cleaned_data["display_name"], accept_terms=form.cleaned_data["accept_terms"])
            except ValidationError as exc:
                apply_errors(form, exc)
            except DomainError as exc:
                if exc.status_code in (403, 410):  # the link died meanwhile (used in another tab, revoked)
                    return self._closed(request, exc)
                apply_errors(form, exc)
            else:
                login(request, user, backend="accounts.backends.AccessBackend")
                messages.success(request, _("Welcome: your account is ready."))
                return redirect("dashboard")
        return render(request, self.template_name, {"invitation": invitation, "form": form}, status=400)


class TermsView(TemplateView):
    """The platform's terms, which partners accept with their invitation (the version is a setting)."""

    template_name = "accounts/terms.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["version"] = services.terms_version()
        ctx["college"] = settings.IEI["COLLEGE_NAME"]
        return ctx
