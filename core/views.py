"""The shell's HTML bases: role-gated pages, the landing dashboard, list pages, health and errors."""
from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from .access import access_for
from .counting import CountCachingPaginator, count_limit_for
from .dashboard import compose
from .domain import DomainError
from .filters import known_total_of
from .replica import replica_status
from .rest import stably_ordered

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
        ctx["cards"] = compose(self.request)
        ctx["role_label"] = access_for(self.request.user).primary_role_label
        return ctx


class ListPageMixin:
    """Filter, order and paginate a scoped queryset for an HTML table (the FilterSet is shared with the API)."""

    filterset_class = None
    paginate_by = 25
    ordering_fields: tuple[str, ...] = ()
    # Values filters take while the request names none (a catalogue shows its active entries first).
    filter_defaults: dict[str, str] = {}
    # The policy the page's rows are asked about (their step buttons, what may be edited); None: the policy of
    # the rows' step table (core/steps.py), if their model declares one. ``filtered_page`` primes it.
    policy_class = None

    def row_policy(self, queryset):
        """The policy ``filtered_page`` primes with the page's rows, or None."""
        if self.policy_class is not None:
            return self.policy_class()
        from .steps import table_for

        table = table_for(queryset.model)
        return table.policy() if table is not None else None

    def filtered_page(self, request, queryset):
        data = request.GET
        if self.filter_defaults:
            data = data.copy()
            for name, value in self.filter_defaults.items():
                data.setdefault(name, value)
        fs = self.filterset_class(data or None, queryset=queryset, request=request)
        filtered = fs.is_bound and fs.is_valid()
        qs = fs.qs if filtered else queryset
        order = request.GET.get("ordering", "")
        if order.lstrip("-") in self.ordering_fields:
            qs = qs.order_by(order)
        # A total something keeps (FilterSet.known_total), for the rows the filters chose (all, when none is given).
        known = known_total_of(self.filterset_class, request.user, data) if filtered or not fs.is_bound else None
        page = CountCachingPaginator(stably_ordered(qs), self.paginate_by, count_limit=count_limit_for(request.GET),
                                     known_total=known).get_page(request.GET.get("page"))
        self.prime_page(request, queryset, page)
        params = request.GET.copy()
        params.pop("page", None)
        return fs, page, params.urlencode()

    def prime_page(self, request, queryset, page) -> None:
        """Name the page's rows to their policy (``Policy.prime``) before the view, its template or the bulk bar
        asks about them row after row: one query for the page's people, not one per row, on every list.

        Only a page of model instances is primed (a grouped ``values()`` list has no rows to ask about). The page
        is read here, once: its queryset keeps the rows, so the view and the template read these same rows.
        """
        policy = self.row_policy(queryset)
        if policy is None:
            return
        rows = list(page.object_list)
        if rows and isinstance(rows[0], queryset.model):
            policy.prime(request.user, rows)


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
    body = {"status": "ok" if healthy else "error", "checks": checks}
    # A replica that is down or lagging does not make the service unhealthy (its reads go to the
    # primary), so it is reported beside the checks, not among them.
    replica = replica_status()
    if replica is not None:
        body["replica"] = replica
    return JsonResponse(body, status=200 if healthy else 503)


def error_403(request, exception=None):
    return render(request, "errors/403.html", {"message": _("You do not have permission to do this.")}, status=403)


# --- one way for HTML views to run a service, show its errors and go back ------------------------------

def apply_errors(form, exc) -> None:
    """Put a service's refusal on ``form``: field errors on their fields, the rest above the form."""
    from .steps import message_for

    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, message_for(exc))


def run_for_page(request, fn, success: str) -> bool:
    """Run a one-click service call; a refusal becomes a message on the next page, never a 500."""
    from .steps import StepInputError, message_for

    try:
        fn()
    except (DomainError, ValidationError, StepInputError) as exc:
        messages.error(request, message_for(exc))
        return False
    if success:
        messages.success(request, success)
    return True


def safe_next(request, default: str) -> str:
    """The ``next`` the request names (POST, then GET) if it points into this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


def redirect_back(request, default: str):
    return redirect(safe_next(request, default))


class StepView(LoginRequiredMixin, View):
    """POST ``<step>`` of a declared table (core/steps.py) on one row the user can see.

    ``steps`` is the table, ``success_url(obj)`` where to go afterwards unless a local ``next`` says
    otherwise. The row comes from the model's scope (404 outside it), the right from the policy (403).
    ``self.result`` is what the service returned (None when it refused); a step that made another row
    of the model (a new version, the import a dry run started) goes to ``success_url`` of that row.
    A route without ``pk`` posts a collection step (``detail=False``); ``success_url`` gets None.
    """

    steps = None
    select_related: tuple[str, ...] = ()

    def success_url(self, obj) -> str:  # pragma: no cover - each route names its page
        raise NotImplementedError

    def get_object(self, request, pk):
        qs = self.steps.model.objects.visible_to(request.user)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        return get_object_or_404(qs, pk=pk)

    def post(self, request, pk=None, step=""):
        table = self.steps
        declared = table.get(step.replace("-", "_"))
        if declared is None or declared.detail != (pk is not None):
            raise Http404
        obj = self.get_object(request, pk) if declared.detail else None
        if not table.may(request.user, obj, declared):
            raise PermissionDenied
        self.result = None

        def run():
            self.result = table.run(declared, obj, request.user, request.POST)

        if run_for_page(request, run, ""):
            if text := declared.done_message(self.result):
                messages.success(request, text)
            made = self.result
            if obj is not None and isinstance(made, table.model) and made.pk != obj.pk:
                return redirect(self.success_url(made))  # the new row's page, whatever the button's next
        return redirect_back(request, self.success_url(obj))


def require(allowed: bool) -> None:
    """403 unless the policy said yes (the row itself was already found through the user's scope)."""
    if not allowed:
        raise PermissionDenied


class FormPage(RoleRequiredMixin, TemplateView):
    """The one create/edit page: a form, a service call, its refusals on the form, a message, a redirect.

    A page names ``allowed_roles``, ``title`` (and ``intro``), builds its form in ``get_form`` and calls
    its service in ``save(form)``; a domain or validation error of the service lands on the form (field
    errors on their fields) and the page answers 400 with nothing written. ``get_object`` (edit pages)
    finds the row through the user's scope (404) and checks the policy (403) before anything else.
    """

    template_name = "core/form_page.html"
    title = ""
    intro = ""
    submit = _("Save")
    multipart = False
    success_message = _("Saved.")
    refused_message = ""  # optional message above the page when the form comes back with errors
    cancel_url_name = ""  # where Cancel leads; without it, back where the user came from on this site

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = None

    def get_object(self):
        """The row an edit page changes (None for a create page)."""
        return None

    def get_form(self, data=None, files=None):  # pragma: no cover - every page builds its form
        raise NotImplementedError

    def save(self, form):  # pragma: no cover - every page calls its service
        raise NotImplementedError

    def success_url(self, result) -> str:  # pragma: no cover
        raise NotImplementedError

    def cancel_url(self) -> str:
        """The page named by ``cancel_url_name``, else back where the user came from, if that is this site."""
        if self.cancel_url_name:
            return reverse(self.cancel_url_name)
        referer = self.request.META.get("HTTP_REFERER", "")
        if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={self.request.get_host()},
                                                       require_https=self.request.is_secure()):
            return referer
        return ""

    def get_title(self) -> str:
        return self.title

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update({"title": self.get_title(), "intro": self.intro, "submit": self.submit, "object": self.object,
                    "multipart": self.multipart, "cancel_url": self.cancel_url()})
        return ctx

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        from .steps import StepInputError

        self.object = self.get_object()
        form = self.get_form(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = self.save(form)
            except (DomainError, ValidationError, StepInputError) as exc:
                apply_errors(form, exc)
                if self.refused_message:
                    messages.error(request, self.refused_message)
            else:
                if self.success_message:
                    messages.success(request, self.success_message)
                return redirect(self.success_url(result))
        return self.render_to_response(self.get_context_data(form=form), status=400)


# --- bulk steps: one step of a declared table on the rows a list's checkboxes name ----------------------

def bulk_table(label: str):
    """The step table of the model ``app_label.modelname`` if it declares bulk steps, else 404."""
    from django.apps import apps

    from .steps import table_for

    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise Http404 from None
    table = table_for(model)
    if table is None or not table.bulk_steps():
        raise Http404
    return table


class BulkStepView(LoginRequiredMixin, View):
    """POST ``ids`` (the checked rows), ``step`` (the button pressed) and the step's input.

    Each row goes through ``Steps.run_bulk``: the model's scope (another tenant's row is "not found"), the
    policy per row, the service in a transaction of its own. The answer is a summary page naming what was
    done and what was refused and why, with the way back to the list.
    """

    template_name = "core/bulk_result.html"

    def post(self, request, label):
        from .steps import MAX_BULK, StepInputError, message_for

        table = bulk_table(label)
        step = table.get(request.POST.get("step", "").replace("-", "_"))
        if step is None or not step.bulk:
            raise Http404
        back = safe_next(request, reverse("dashboard"))
        try:
            ids = [int(v) for v in request.POST.getlist("ids")]
        except ValueError:
            ids = None
        error = ""
        if not ids:
            error = _("Select at least one row.") if ids is not None else _("The selection is not valid.")
        elif len(set(ids)) > MAX_BULK:
            error = _("Select at most %(n)d rows at once.") % {"n": MAX_BULK}
        if error:
            messages.error(request, error)
            return redirect(back)
        try:
            result = table.run_bulk(step, ids, request.user, request.POST)
        except StepInputError as exc:
            messages.error(request, message_for(exc))
            return redirect(back)
        return render(request, self.template_name, {"step": step, "result": result, "back": back,
                                                    "model_name": table.model._meta.verbose_name_plural})


class SearchView(LoginRequiredMixin, TemplateView):
    """The top bar's search (core/site_search.py): the records the user may see, grouped by kind."""

    template_name = "core/search.html"

    def get_context_data(self, **kwargs):
        from .site_search import MAX_TERM, PER_KIND, search

        ctx = super().get_context_data(**kwargs)
        term = " ".join(self.request.GET.get("q", "").split())[:MAX_TERM]
        ctx.update({"q": term, "groups": search(self.request.user, term) if term else [], "per_kind": PER_KIND})
        return ctx
