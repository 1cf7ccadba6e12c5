from __future__ import annotations

import logging

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.views import ListPageMixin, RoleRequiredMixin

from .filtersets import OrganizationFilterSet, UserFilterSet
from .models import Organization, User

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


def lockout_response(request, original_response=None, credentials=None):
    """django-axes lockout: the contract's JSON error for the API, a page for the browser (both 429)."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": str(_("Too many failed login attempts; try again later.")), "code": "locked_out"}, status=429
        )
    return render(request, "registration/locked_out.html", status=429)
