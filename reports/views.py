from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from accounts.choices import Role
from accounts.policy import access_for
from core.domain import DomainError
from core.uploads import serve_file
from core.views import ListPageMixin, RoleRequiredMixin, StepView, apply_errors, safe_next

from . import services
from .api.views import template_response
from .filtersets import ReportJobFilterSet
from .forms import AnnualReportForm, ExportForm, ImportForm
from .imports import import_targets
from .kpi import KPI_LABELS, series
from .models import KpiSnapshot, ReportJob
from .policies import ReportJobPolicy
from .steps import JOB_STEPS

ALL_ROLES = tuple(Role.values)


def _lang() -> str:
    return (get_language() or "zh-hans").lower()


class JobListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    """My reports: every job the user may see, with progress and download, and the annual report form."""

    template_name = "reports/job_list.html"
    allowed_roles = ALL_ROLES
    filterset_class = ReportJobFilterSet
    ordering_fields = ("created_at", "status", "kind")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = ReportJob.objects.visible_to(self.request.user).select_related("requested_by")
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        policy = ReportJobPolicy()
        ctx["can_annual"] = policy.can_run_annual(self.request.user)
        ctx["can_import"] = policy.can_import(self.request.user)
        ctx.setdefault("annual_form", AnnualReportForm(initial={"language": _lang()}))
        return ctx

    def post(self, request, *args, **kwargs):
        if not ReportJobPolicy().can_run_annual(request.user):
            messages.error(request, _("Only college administrators run the annual report."))
            return redirect("reports:job_list")
        form = AnnualReportForm(request.POST)
        if form.is_valid():
            try:
                services.annual_report_request(user=request.user, year=form.cleaned_data["year"],
                                               file_format=form.cleaned_data["file_format"],
                                               language=form.cleaned_data["language"])
            except ValidationError as exc:
                apply_errors(form, exc)
            except DomainError as exc:
                messages.error(request, exc.message)
                return redirect("reports:job_list")
            else:
                messages.success(request, _("The annual report is being prepared; it appears below when ready."))
                return redirect("reports:job_list")
        messages.error(request, _("Please correct the errors below."))
        return self.render_to_response(self.get_context_data(annual_form=form))


class JobDetailView(RoleRequiredMixin, TemplateView):
    """One job: its progress, its file, the check of an import's rows and the steps open to the user."""

    template_name = "reports/job_detail.html"
    allowed_roles = ALL_ROLES

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["job"] = get_object_or_404(
            ReportJob.objects.visible_to(self.request.user).select_related("requested_by"), pk=kwargs["pk"])
        return ctx


def job_status(request, pk: int):
    """JSON for static/js/app.js's poller: {progress, status_display, done}."""
    if not request.user.is_authenticated:
        # Like every page: an expired session goes to the login page (DESIGN.md section 5).
        return redirect_to_login(request.get_full_path())
    job = get_object_or_404(ReportJob.objects.visible_to(request.user), pk=pk)
    return JsonResponse({"progress": job.progress, "status_display": str(job.get_status_display()),
                         "done": job.is_finished, "status": job.status})


def job_download(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    job = get_object_or_404(ReportJob.objects.visible_to(request.user), pk=pk)
    if not job.is_downloadable:
        messages.error(request, _("There is no file to download for this job."))
        return redirect("reports:job_detail", pk=job.pk)
    return serve_file(job.result, download_name=job.result_name)


class JobStepView(RoleRequiredMixin, StepView):
    """POST a step of JOB_STEPS (cancel, retry, confirm an import); the same table, policy and services as the API."""

    allowed_roles = ALL_ROLES
    steps = JOB_STEPS

    def success_url(self, obj) -> str:
        return reverse("reports:job_detail", args=[obj.pk])


class ExportView(RoleRequiredMixin, TemplateView):
    """Choose the columns and format of an export; the list page's filters travel in ``query``."""

    template_name = "reports/export_form.html"
    allowed_roles = ALL_ROLES

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if "form" not in ctx:
            params = self.request.GET.copy()
            spec = params.pop("spec", [""])[0]
            params.pop("page", None)
            ctx["form"] = ExportForm(initial={"spec": spec, "query": params.urlencode(), "file_format": "xlsx"},
                                     spec_name=spec)
        return ctx

    def post(self, request, *args, **kwargs):
        form = ExportForm(request.POST)
        if form.is_valid():
            try:
                job = services.export_request(
                    user=request.user, spec_name=form.cleaned_data["spec"], columns=form.cleaned_data["columns"],
                    file_format=form.cleaned_data["file_format"], query=form.cleaned_data["query"], language=_lang(),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The export is being prepared; download it here when it is ready."))
                return redirect("reports:job_detail", pk=job.pk)
        messages.error(request, _("Please correct the errors below."))
        return self.render_to_response(self.get_context_data(form=form))


class SelectedExportView(RoleRequiredMixin, View):
    """POST ``spec``, ``ids`` (the rows checked in a list's bulk bar) and ``file_format``: their export.

    The same service as ``POST /api/v1/<resource>/export/``: the rows come from the user's scope and a row
    outside it is refused, never written. When every chosen row was written the file is the answer; when
    some were refused, the job's page says which, with the file to download.
    """

    allowed_roles = ALL_ROLES
    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        back = safe_next(request, reverse("reports:job_list"))
        try:
            result = services.export_selected(
                user=request.user, spec_name=request.POST.get("spec", ""), ids=request.POST.getlist("ids"),
                file_format=request.POST.get("file_format", ""), language=_lang())
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(back)
        job = result.job
        if job.is_downloadable and not result.refused:
            return serve_file(job.result, download_name=job.result_name)
        if result.refused:
            n = len(result.refused)
            messages.warning(request, ngettext(
                "%(n)s selected row was not exported: it is not among the rows you may see (%(ids)s).",
                "%(n)s selected rows were not exported: they are not among the rows you may see (%(ids)s).", n,
            ) % {"n": n, "ids": ", ".join(str(r["id"]) for r in result.refused)})
        return redirect("reports:job_detail", pk=job.pk)


class ImportView(RoleRequiredMixin, TemplateView):
    template_name = "reports/import_form.html"
    allowed_roles = (Role.COLLEGE_ADMIN,)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", ImportForm())
        ctx["targets"] = import_targets()
        return ctx

    def post(self, request, *args, **kwargs):
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                job = services.import_request(user=request.user, target=form.cleaned_data["target"],
                                              upload=form.cleaned_data["source"],
                                              dry_run=form.cleaned_data["dry_run"], language=_lang())
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The file was received and is being checked."))
                return redirect("reports:job_detail", pk=job.pk)
        messages.error(request, _("Please correct the errors below."))
        return self.render_to_response(self.get_context_data(form=form))


class ImportTemplateView(RoleRequiredMixin, View):
    allowed_roles = (Role.COLLEGE_ADMIN,)

    def get(self, request, target: str):
        if target not in dict(import_targets()):
            raise Http404
        return template_response(target)


class KpiTrendView(RoleRequiredMixin, TemplateView):
    """Monthly KPI snapshots as trend charts and a table (college admins)."""

    template_name = "reports/kpi_trends.html"
    allowed_roles = (Role.COLLEGE_ADMIN,)

    def get_context_data(self, **kwargs):
        from .charts import line_chart

        ctx = super().get_context_data(**kwargs)
        snaps = list(KpiSnapshot.objects.visible_to(self.request.user).order_by("-period")[:24])
        ctx["snapshots"] = snaps
        ctx["labels"] = [(k, v) for k, v in KPI_LABELS.items()]
        ctx["charts"] = [(label, line_chart(series(snaps, key), title=str(label)))
                         for key, label in KPI_LABELS.items() if series(snaps, key)]
        ctx["rows"] = [(s, [s.figures.get(k) for k in KPI_LABELS]) for s in snaps]
        ctx["is_admin"] = access_for(self.request.user).is_college_admin
        ctx["export_url"] = reverse("reports:export")
        return ctx
