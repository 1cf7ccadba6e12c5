from __future__ import annotations

import logging

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from core.domain import DomainError
from core.views import ListPageMixin, RoleRequiredMixin, apply_errors, redirect_back

from .filtersets import OrganizationFilterSet, UserFilterSet
from .models import ApiToken, Organization, User
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
    allowed_roles = ("college_admin",)
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
