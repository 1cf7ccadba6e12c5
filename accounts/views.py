from __future__ import annotations

import logging

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from config.counting import CountCachingPaginator
from config.rest import stably_ordered

from .filtersets import OrganizationFilterSet, UserFilterSet
from .models import Organization, User
from .policy import access_for
from .registry import app_modules

log = logging.getLogger(__name__)


class RoleRequiredMixin(LoginRequiredMixin):
    """HTML counterpart of the API policy: a page declares the roles that may open it (403 otherwise)."""

    allowed_roles: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        acc = access_for(request.user)
        if self.allowed_roles and not any(acc.has_role(r) for r in self.allowed_roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DashboardView(LoginRequiredMixin, TemplateView):
    template_name = "dashboard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        cards = []
        for mod in app_modules("dashboard"):
            cards.extend(mod.cards(self.request))
        ctx["cards"] = sorted(cards, key=lambda c: c.order)
        ctx["role_label"] = dict(_role_labels()).get(access_for(self.request.user).primary_role, "")
        return ctx


def _role_labels():
    from .choices import Role

    return Role.choices


class ListPageMixin:
    """Filter, order and paginate a scoped queryset for an HTML table (the FilterSet is shared with the API)."""

    filterset_class = None
    paginate_by = 25
    ordering_fields: tuple[str, ...] = ()

    def filtered_page(self, request, queryset):
        fs = self.filterset_class(request.GET or None, queryset=queryset, request=request)
        qs = fs.qs if fs.is_bound and fs.is_valid() else queryset
        order = request.GET.get("ordering", "")
        if order.lstrip("-") in self.ordering_fields:
            qs = qs.order_by(order)
        page = CountCachingPaginator(stably_ordered(qs), self.paginate_by).get_page(request.GET.get("page"))
        params = request.GET.copy()
        params.pop("page", None)
        return fs, page, params.urlencode()


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


@never_cache
def healthz(request):
    """200 when PostgreSQL and Redis both answer, 503 otherwise; no authentication, no details leaked."""
    checks = {}
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
            cur.fetchone()
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        log.exception("health check: database")
        checks["database"] = "error"
    try:
        from django_redis import get_redis_connection

        get_redis_connection("default").ping()
        checks["redis"] = "ok"
    except Exception:  # noqa: BLE001
        log.exception("health check: redis")
        checks["redis"] = "error"
    healthy = all(v == "ok" for v in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)


def error_403(request, exception=None):
    return render(request, "errors/403.html", {"message": _("You do not have permission to do this.")}, status=403)


def lockout_response(request, original_response=None, credentials=None):
    """django-axes lockout: the contract's JSON error for the API, a page for the browser (both 429)."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": str(_("Too many failed login attempts; try again later.")), "code": "locked_out"}, status=429
        )
    return render(request, "registration/locked_out.html", status=429)
