"""HTML pages; they use the same scopes, policies and services as the API."""
from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from accounts.choices import Role
from accounts.policy import access_for
from core.domain import DomainError
from core.uploads import inline_requested, serve_file
from core.views import FormPage as CoreFormPage
from core.views import ListPageMixin, RoleRequiredMixin, StepView, apply_errors, require

from . import calendar as booking_calendar
from . import forms, services
from .choices import INVESTMENT_KINDS, BookingStatus, EquipmentStatus, VersionStatus
from .filtersets import (
    BookingFilterSet,
    BudgetFilterSet,
    FundingSourceFilterSet,
    IncentiveFilterSet,
    ProgramEvaluationFilterSet,
    StandardFilterSet,
    TrainingBaseFilterSet,
)
from .models import (
    Booking,
    Budget,
    Equipment,
    EvaluationScore,
    Expenditure,
    FundingSource,
    Incentive,
    ProgramEvaluation,
    ProgramStandard,
    Standard,
    TrainingBase,
    rate,
)
from .policies import EquipmentPolicy, IncentivePolicy, ProgramEvaluationPolicy, StandardPolicy
from .steps import (
    BOOKING_STEPS,
    BUDGET_STEPS,
    EXPENDITURE_STEPS,
    FUNDING_SOURCE_STEPS,
    INCENTIVE_STEPS,
    PROGRAM_EVALUATION_STEPS,
    STANDARD_STEPS,
)

ADMIN = (Role.COLLEGE_ADMIN,)
BOOKERS = (Role.COLLEGE_ADMIN, Role.TEACHER, Role.STUDENT)

# A refused form shows the service's reason once, beside the form (core.views.apply_errors); the message
# above the page only says that the form needs attention ("Please correct the errors below.").


class FormPage(CoreFormPage):
    """core.views.FormPage with funding's template; a refused form also says so above the page."""

    template_name = "funding/form.html"
    refused_message = gettext_lazy("Please correct the errors below.")


class RoleStepView(RoleRequiredMixin, StepView):
    """A declared step posted from a page (core.views.StepView): the row from the user's scope (404), the
    right from the policy (403), a refusal as a message, back to a local ``next`` or ``success_url``.

    ``allowed_roles`` keeps the answer of the pages' role gate (403 before the row is looked up).
    """


# --- Funding sources and the enterprise's investment --------------------------------------------

class SourceListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    template_name = "funding/source_list.html"
    allowed_roles = ADMIN
    filterset_class = FundingSourceFilterSet
    ordering_fields = ("received_on", "amount", "title", "kind")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = FundingSource.objects.visible_to(self.request.user).select_related("funder")
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        return ctx


class SourceCreateView(FormPage):
    allowed_roles = ADMIN
    cancel_url_name = "funding:source_list"
    multipart = True

    @property
    def title(self):
        return _("Record a funding source")

    def get_form(self, data=None, files=None):
        return forms.FundingSourceForm(data, files)

    def save(self, form):
        return services.funding_source_create(by=self.request.user, **form.cleaned_data)

    success_message = gettext_lazy("The funding source was recorded.")

    def success_url(self, result):
        return reverse("funding:source_list")


class SourceDocumentView(RoleRequiredMixin, View):
    def get(self, request, pk):
        source = get_object_or_404(FundingSource.objects.visible_to(request.user), pk=pk)
        return serve_file(source.document, inline=inline_requested(request))


class SourceStepView(RoleStepView):
    steps = FUNDING_SOURCE_STEPS

    def success_url(self, obj) -> str:
        return reverse("funding:source_list")


class InvestmentView(RoleRequiredMixin, TemplateView):
    """An enterprise partner's own investment, its credit estimate and the bases it hosts."""

    template_name = "funding/investment.html"
    allowed_roles = (Role.ENTERPRISE,)

    def form(self, data=None, files=None):
        return forms.InvestmentForm(data, files, enterprise_ids=access_for(self.request.user).enterprise_ids)

    def get_context_data(self, form=None, **kwargs):
        from accounts.models import Organization

        ctx = super().get_context_data(**kwargs)
        acc = access_for(self.request.user)
        orgs = Organization.objects.filter(pk__in=acc.enterprise_ids).select_related("enterprise")
        ctx["summaries"] = [(org, services.enterprise_investment_summary(org=org)) for org in orgs]
        ctx["sources"] = FundingSource.objects.visible_to(self.request.user).filter(kind__in=INVESTMENT_KINDS)[:200]
        ctx["bases"] = TrainingBase.objects.visible_to(self.request.user).filter(
            host_id__in=acc.enterprise_ids).annotate(equipment_count=Count("equipment")).order_by("name")
        ctx["form"] = form or self.form()
        return ctx

    def post(self, request):
        form = self.form(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.funding_source_create(by=request.user, **form.cleaned_data)
            except (ValidationError, DomainError) as exc:
                apply_errors(form, exc)
                messages.error(request, _("Please correct the errors below."))
            else:
                messages.success(request, _("Your investment was recorded; the college will confirm it."))
                return redirect("funding:investment")
        return self.render_to_response(self.get_context_data(form=form), status=400)


# --- Budgets ------------------------------------------------------------------------------------

class BudgetListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    template_name = "funding/budget_list.html"
    allowed_roles = ADMIN
    filterset_class = BudgetFilterSet
    ordering_fields = ("year", "title", "status")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = Budget.objects.visible_to(self.request.user).with_totals()
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        for b in ctx["page"].object_list:
            b.rate = rate(b.total_spent, b.total_amount)
        ctx["form"] = forms.BudgetForm()
        return ctx

    def post(self, request):
        form = forms.BudgetForm(request.POST)
        if form.is_valid():
            try:
                budget = services.budget_create(by=request.user, **form.cleaned_data)
            except (ValidationError, DomainError) as exc:
                apply_errors(form, exc)  # listed in the message below: the list page has no form to show them on
            else:
                messages.success(request, _("The budget was created as a draft."))
                return redirect("funding:budget_detail", pk=budget.pk)
        messages.error(request, _("The budget could not be created: %(errors)s") % {
            "errors": " ".join(e for errs in form.errors.values() for e in errs)})
        return redirect("funding:budget_list")


class BudgetDetailView(RoleRequiredMixin, ListPageMixin, TemplateView):
    template_name = "funding/budget_detail.html"
    allowed_roles = ADMIN
    ordering_fields = ("spent_on", "amount", "payee")

    def budget(self):
        return get_object_or_404(Budget.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, line_form=None, spend_form=None, **kwargs):
        from .filtersets import ExpenditureFilterSet

        ctx = super().get_context_data(**kwargs)
        budget = self.budget()
        ctx["budget"] = budget
        ctx["steps"] = BUDGET_STEPS.allowed(budget, self.request.user)
        ctx["execution"] = services.budget_execution(budget=budget)
        self.filterset_class = ExpenditureFilterSet
        qs = Expenditure.objects.visible_to(self.request.user).filter(line__budget=budget).select_related("line")
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        ctx["line_form"] = line_form or forms.BudgetLineForm()
        ctx["spend_form"] = spend_form or forms.ExpenditureForm(budget=budget)
        return ctx

    def post(self, request, pk):
        budget = self.budget()
        if request.POST.get("form") == "line":
            form = forms.BudgetLineForm(request.POST)
            if form.is_valid():
                try:
                    services.budget_line_create(budget=budget, by=request.user, **form.cleaned_data)
                except (ValidationError, DomainError) as exc:
                    apply_errors(form, exc)
                    messages.error(request, _("Please correct the errors below."))
                else:
                    messages.success(request, _("The budget line was added."))
                    return redirect("funding:budget_detail", pk=pk)
            return self.render_to_response(self.get_context_data(line_form=form), status=400)
        form = forms.ExpenditureForm(request.POST, request.FILES, budget=budget)
        if form.is_valid():
            try:
                services.expenditure_record(by=request.user, **form.cleaned_data)
            except (ValidationError, DomainError) as exc:
                apply_errors(form, exc)
                messages.error(request, _("Please correct the errors below."))
            else:
                messages.success(request, _("The expenditure was recorded."))
                return redirect("funding:budget_detail", pk=pk)
        return self.render_to_response(self.get_context_data(spend_form=form), status=400)


class BudgetStepView(RoleStepView):
    steps = BUDGET_STEPS
    allowed_roles = ADMIN

    def success_url(self, obj) -> str:
        return reverse("funding:budget_detail", args=[obj.pk])


class ExpenditureStepView(RoleStepView):
    steps = EXPENDITURE_STEPS
    allowed_roles = ADMIN
    select_related = ("line",)

    def success_url(self, obj) -> str:
        return reverse("funding:budget_detail", args=[obj.line.budget_id])


class InvoiceView(RoleRequiredMixin, View):
    def get(self, request, pk):
        expenditure = get_object_or_404(Expenditure.objects.visible_to(request.user), pk=pk)
        return serve_file(expenditure.invoice, inline=inline_requested(request))


# --- Training bases, equipment, bookings --------------------------------------------------------

class BaseListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    template_name = "funding/base_list.html"
    allowed_roles = (Role.COLLEGE_ADMIN, Role.TEACHER, Role.STUDENT, Role.ENTERPRISE, Role.ASSOCIATION)
    filterset_class = TrainingBaseFilterSet
    ordering_fields = ("name", "kind", "capacity")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = TrainingBase.objects.visible_to(self.request.user).select_related("host").annotate(
            equipment_count=Count("equipment")).order_by("kind", "name")
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        return ctx


class BaseCreateView(FormPage):
    allowed_roles = ADMIN
    cancel_url_name = "funding:base_list"

    @property
    def title(self):
        return _("Add a training base")

    def get_form(self, data=None, files=None):
        return forms.TrainingBaseForm(data)

    def save(self, form):
        return services.training_base_save(by=self.request.user, **form.cleaned_data)

    success_message = gettext_lazy("The training base was saved.")

    def success_url(self, result):
        return reverse("funding:base_detail", args=[result.pk])


class BaseDetailView(RoleRequiredMixin, TemplateView):
    template_name = "funding/base_detail.html"
    allowed_roles = BaseListView.allowed_roles

    def get_context_data(self, equipment_form=None, maintenance_form=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        base = get_object_or_404(TrainingBase.objects.visible_to(self.request.user).select_related("host", "agreement"),
                                 pk=self.kwargs["pk"])
        ctx["base"] = base
        ctx["equipment"] = base.equipment.prefetch_related("maintenance")
        acc = access_for(self.request.user)
        ctx["can_book"] = acc.has_role(*BOOKERS)
        ctx["is_admin"] = acc.is_college_admin
        ctx["equipment_form"] = equipment_form or forms.EquipmentForm()
        ctx["maintenance_form"] = maintenance_form or forms.MaintenanceForm()
        return ctx

    def post(self, request, pk):
        require(EquipmentPolicy().can_create(request.user))  # items and their maintenance: the college's
        base = get_object_or_404(TrainingBase.objects.visible_to(request.user), pk=pk)
        if request.POST.get("form") == "maintenance":
            item = get_object_or_404(Equipment.objects.visible_to(request.user), pk=request.POST.get("equipment"),
                                     base=base)
            form = forms.MaintenanceForm(request.POST)
            if form.is_valid():
                try:
                    services.maintenance_record(equipment=item, by=request.user, **form.cleaned_data)
                except (ValidationError, DomainError) as exc:
                    apply_errors(form, exc)
                    messages.error(request, _("Please correct the errors below."))
                else:
                    messages.success(request, _("The maintenance was recorded."))
                    return redirect("funding:base_detail", pk=pk)
            return self.render_to_response(self.get_context_data(maintenance_form=form), status=400)
        form = forms.EquipmentForm(request.POST)
        if form.is_valid():
            try:
                services.equipment_save(by=request.user, base=base, **form.cleaned_data)
            except (ValidationError, DomainError) as exc:
                apply_errors(form, exc)
                messages.error(request, _("Please correct the errors below."))
            else:
                messages.success(request, _("The equipment item was added."))
                return redirect("funding:base_detail", pk=pk)
        return self.render_to_response(self.get_context_data(equipment_form=form), status=400)


def _period(request) -> tuple[datetime, datetime, str, str]:
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    try:
        start = datetime.strptime(request.GET.get("start", ""), "%Y-%m-%d").date()
    except ValueError:
        start = today - timedelta(days=29)
    try:
        end = datetime.strptime(request.GET.get("end", ""), "%Y-%m-%d").date()
    except ValueError:
        end = today
    if end < start:
        start, end = end, start
    return (datetime.combine(start, time.min, tzinfo=tz), datetime.combine(end + timedelta(days=1), time.min,
                                                                            tzinfo=tz), start.isoformat(),
            end.isoformat())


class UtilizationView(RoleRequiredMixin, TemplateView):
    template_name = "funding/utilization.html"
    allowed_roles = (Role.COLLEGE_ADMIN, Role.ENTERPRISE)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        start, end, ctx["start"], ctx["end"] = _period(self.request)
        ctx["data"] = data = services.utilization(start=start, end=end,
                                                  bases=TrainingBase.objects.visible_to(self.request.user))
        # Items are paginated: a province has thousands of pieces of equipment.
        ctx["page"] = Paginator(data["items"], 50).get_page(self.request.GET.get("page"))
        ctx["query"] = urlencode({"start": ctx["start"], "end": ctx["end"]})
        return ctx


class BookingListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    template_name = "funding/booking_list.html"
    allowed_roles = (Role.COLLEGE_ADMIN, Role.TEACHER, Role.STUDENT, Role.ENTERPRISE)
    filterset_class = BookingFilterSet
    ordering_fields = ("starts_at", "status", "created_at")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = Booking.objects.visible_to(self.request.user).select_related("base", "equipment", "booked_by")
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        ctx["can_book"] = access_for(self.request.user).has_role(*BOOKERS)
        return ctx


class BookingCreateView(FormPage):
    allowed_roles = BOOKERS
    template_name = "funding/booking_form.html"

    @property
    def title(self):
        return _("Book a room or equipment")

    def get_form(self, data=None, files=None):
        bases = TrainingBase.objects.visible_to(self.request.user).filter(is_active=True)
        equipment = Equipment.objects.visible_to(self.request.user).filter(
            status=EquipmentStatus.AVAILABLE, base__is_active=True).select_related("base")
        initial = {}
        if self.request.GET.get("equipment"):
            initial["resource"] = f"e{self.request.GET['equipment']}"
        elif self.request.GET.get("base"):
            initial["resource"] = f"b{self.request.GET['base']}"
        elif self.request.GET.get("resource"):
            initial["resource"] = self.request.GET["resource"]
        day = _day_param(self.request)
        if day is not None and day >= timezone.localdate():  # "Book this day" from the calendar
            initial["starts_at"] = datetime.combine(day, time(9), tzinfo=timezone.get_current_timezone())
            initial["ends_at"] = initial["starts_at"] + timedelta(hours=2)
        return forms.BookingForm(data, bases=list(bases), equipment=list(equipment), initial=initial)

    def get_context_data(self, **kwargs):
        # The chosen room's or item's week beside the form, so a taken slot is seen before booking; after a
        # refused post, the week of the asked slot with the bookings in its way marked.
        ctx = super().get_context_data(**kwargs)
        form = kwargs["form"]
        resource = form.chosen_resource()
        if resource is not None:
            asked = form.asked_slot()
            anchor = timezone.localtime(asked[0]).date() if asked else (_day_param(self.request)
                                                                          or timezone.localdate())
            ctx["calendar"] = booking_calendar.build(user=self.request.user, view=booking_calendar.WEEK,
                                                     anchor=anchor, resource=resource, asked=asked)
            ctx["calendar_resource"] = resource
            ctx["calendar_key"] = _resource_key(resource)
            ctx["today"] = timezone.localdate()
        return ctx

    def save(self, form):
        d = form.cleaned_data
        return services.booking_create(by=self.request.user, starts_at=d["starts_at"], ends_at=d["ends_at"],
                                       purpose=d["purpose"], participants=d["participants"], **form.target())

    success_message = gettext_lazy("Your booking was saved.")

    def success_url(self, result):
        if result.status == BookingStatus.PENDING:
            messages.info(self.request, _("This base needs approval: the booking is pending until it is approved."))
        return reverse("funding:booking_list")


def _day_param(request):
    try:
        return datetime.strptime(request.GET.get("date", ""), "%Y-%m-%d").date()
    except ValueError:
        return None


def _resource_key(resource) -> str:
    return f"{'e' if isinstance(resource, Equipment) else 'b'}{resource.pk}"


class BookingCalendarView(RoleRequiredMixin, TemplateView):
    """A week or a month of bookings, of one room / item or of the user's own (funding/calendar.py).

    The rooms and items offered are those of ``TrainingBase.objects.visible_to``; one outside it is a 404.
    Queries: the user's access, the rooms, the items, the bookings of the period: constant in the rows.
    """

    template_name = "funding/booking_calendar.html"
    allowed_roles = BookingListView.allowed_roles

    def get(self, request, *args, **kwargs):
        bases = list(TrainingBase.objects.visible_to(request.user).only("id", "name", "kind", "is_active"))
        equipment = list(Equipment.objects.visible_to(request.user).select_related("base")
                         .only("id", "name", "kind", "status", "base__id", "base__name", "base__kind",
                               "base__is_active"))
        form = forms.CalendarForm(request.GET, bases=bases, equipment=equipment)
        resources = {f"b{b.pk}": b for b in bases} | {f"e{e.pk}": e for e in equipment}
        raw = request.GET.get("resource", "")
        if re.fullmatch(r"[be][0-9]{1,18}", raw) and raw not in resources:
            raise Http404  # a room or item outside the user's scope, or none at all
        valid = form.is_valid()
        data = form.cleaned_data if valid else {}
        resource = resources.get(data.get("resource") or "")
        view = data.get("view") or booking_calendar.WEEK
        anchor = data.get("date") or timezone.localdate()
        cal = booking_calendar.build(user=request.user, view=view, anchor=anchor, resource=resource)
        key = _resource_key(resource) if resource is not None else ""

        def link(**change) -> str:
            params = {"resource": key, "view": view, "date": anchor.isoformat()} | change
            return "?" + urlencode({k: v for k, v in params.items() if v})

        ctx = self.get_context_data(
            form=form, calendar=cal, resource=resource, resource_key=key, view=view,
            can_book=access_for(request.user).has_role(*BOOKERS) and (resource is None or _bookable(resource)),
            today=timezone.localdate(),
            links={"previous": link(date=cal.previous.isoformat()), "next": link(date=cal.next.isoformat()),
                   "today": link(date=""), "week": link(view=booking_calendar.WEEK),
                   "month": link(view=booking_calendar.MONTH)},
        )
        return self.render_to_response(ctx, status=200 if valid else 400)


def _bookable(resource) -> bool:
    if isinstance(resource, Equipment):
        return resource.status == EquipmentStatus.AVAILABLE and resource.base.is_active
    return resource.is_active


class BookingStepView(RoleStepView):
    steps = BOOKING_STEPS
    allowed_roles = BookingListView.allowed_roles
    select_related = ("base",)  # the policy asks who hosts the base

    def success_url(self, obj) -> str:
        return reverse("funding:booking_list")


# --- Incentives ---------------------------------------------------------------------------------

class IncentiveListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    template_name = "funding/incentive_list.html"
    allowed_roles = (Role.COLLEGE_ADMIN, Role.TEACHER, Role.STUDENT, Role.ENTERPRISE)
    filterset_class = IncentiveFilterSet
    ordering_fields = ("year", "kind", "title", "amount", "status")

    def get_context_data(self, form=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = Incentive.objects.visible_to(self.request.user).select_related("recipient_user", "recipient_org")
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        ctx["is_admin"] = access_for(self.request.user).is_college_admin
        if ctx["is_admin"]:
            ctx["form"] = form or forms.IncentiveForm()
        return ctx

    def post(self, request):
        require(IncentivePolicy().can_create(request.user))
        form = forms.IncentiveForm(request.POST)
        if form.is_valid():
            try:
                services.incentive_create(by=request.user, **form.cleaned_data)
            except (ValidationError, DomainError) as exc:
                apply_errors(form, exc)
                messages.error(request, _("Please correct the errors below."))
            else:
                messages.success(request, _("The incentive was recorded."))
                return redirect("funding:incentive_list")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class IncentiveStepView(RoleStepView):
    steps = INCENTIVE_STEPS
    allowed_roles = ADMIN

    def success_url(self, obj) -> str:
        return reverse("funding:incentive_list")


# --- Standards ----------------------------------------------------------------------------------

class StandardListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    template_name = "funding/standard_list.html"
    allowed_roles = (Role.COLLEGE_ADMIN, Role.ASSOCIATION, Role.TEACHER, Role.ENTERPRISE)
    filterset_class = StandardFilterSet
    ordering_fields = ("code", "title", "kind")

    def form(self, data=None):
        acc = access_for(self.request.user)
        return forms.StandardForm(data, association_ids=None if acc.is_college_admin else acc.association_ids)

    def get_context_data(self, form=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = Standard.objects.visible_to(self.request.user).select_related("association").prefetch_related("versions")
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        ctx["can_create"] = StandardPolicy().can_create(self.request.user)
        if ctx["can_create"]:
            ctx["form"] = form or self.form()
        return ctx

    def post(self, request):
        require(StandardPolicy().can_create(request.user))
        form = self.form(request.POST)
        if form.is_valid():
            try:
                std = services.standard_create(by=request.user, **form.cleaned_data)
            except (ValidationError, DomainError) as exc:
                apply_errors(form, exc)
                messages.error(request, _("Please correct the errors below."))
            else:
                messages.success(request, _("The standard was created. Add its first version."))
                return redirect("funding:standard_detail", pk=std.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class StandardDetailView(RoleRequiredMixin, TemplateView):
    template_name = "funding/standard_detail.html"
    allowed_roles = StandardListView.allowed_roles

    def standard(self):
        return get_object_or_404(Standard.objects.visible_to(self.request.user).select_related("association"),
                                 pk=self.kwargs["pk"])

    def get_context_data(self, version_form=None, declare_form=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        std = self.standard()
        ctx["standard"] = std
        acc = access_for(self.request.user)
        ctx["can_edit"] = StandardPolicy().can_update(self.request.user, std)
        versions = list(std.versions.all() if ctx["can_edit"] else std.versions.exclude(status=VersionStatus.DRAFT))
        # Publishing is a step of the standard that names the version; it applies to the draft versions.
        ctx["publish"] = STANDARD_STEPS.get("publish")
        may_publish = STANDARD_STEPS.may_now(std, self.request.user, "publish")
        for v in versions:
            v.can_publish = may_publish and v.status == VersionStatus.DRAFT
        ctx["versions"] = versions
        current = std.versions.filter(status=VersionStatus.PUBLISHED).first()
        ctx["current"] = current
        ctx["declarations"] = (ProgramStandard.objects.filter(version__standard=std)
                               .select_related("program", "version"))
        ctx["can_declare"] = acc.is_college_admin and current is not None
        if ctx["can_edit"]:
            ctx["version_form"] = version_form or forms.StandardVersionForm()
        if ctx["can_declare"]:
            ctx["declare_form"] = declare_form or forms.DeclareForm(version=current, user=self.request.user)
        return ctx

    def post(self, request, pk):
        std = self.standard()
        policy = StandardPolicy()
        if request.POST.get("form") == "declare":
            require(policy.can_action(request.user, std, "declare"))
            current = std.versions.filter(status=VersionStatus.PUBLISHED).first()
            if current is None:
                raise Http404
            form = forms.DeclareForm(request.POST, version=current, user=request.user)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    services.program_standard_declare(program=data["program"], version=current, by=request.user,
                                                      met_items=[int(i) for i in data["met_items"]], note=data["note"])
                except (ValidationError, DomainError) as exc:
                    apply_errors(form, exc)
                    messages.error(request, _("Please correct the errors below."))
                else:
                    messages.success(request, _("The programme's checklist was saved."))
                    return redirect("funding:standard_detail", pk=pk)
            return self.render_to_response(self.get_context_data(declare_form=form), status=400)
        require(policy.can_update(request.user, std))
        form = forms.StandardVersionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.standard_version_add(standard=std, by=request.user, version=data["version"],
                                              summary=data["summary"], checklist=data["checklist"].splitlines())
            except (ValidationError, DomainError) as exc:
                apply_errors(form, exc)
                messages.error(request, _("Please correct the errors below."))
            else:
                messages.success(request, _("The version was added as a draft."))
                return redirect("funding:standard_detail", pk=pk)
        return self.render_to_response(self.get_context_data(version_form=form), status=400)


class StandardStepView(RoleStepView):
    """Publishing a version (``version`` posted beside the step) from the standard's page."""

    steps = STANDARD_STEPS
    allowed_roles = (Role.COLLEGE_ADMIN, Role.ASSOCIATION)

    def success_url(self, obj) -> str:
        return reverse("funding:standard_detail", args=[obj.pk])


# --- Evaluations --------------------------------------------------------------------------------

class EvaluationListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    template_name = "funding/evaluation_list.html"
    allowed_roles = (Role.COLLEGE_ADMIN, Role.ASSOCIATION, Role.ENTERPRISE, Role.TEACHER)
    filterset_class = ProgramEvaluationFilterSet
    ordering_fields = ("year", "party", "weighted_score", "created_at")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = ProgramEvaluation.objects.visible_to(self.request.user).select_related("program", "evaluator",
                                                                                     "organization")
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        ctx["summary"] = services.evaluation_summary(evaluations=ctx["filter"].qs if ctx["filter"].is_bound
                                                     and ctx["filter"].is_valid() else qs)
        ctx["can_create"] = ProgramEvaluationPolicy().can_create(self.request.user)
        return ctx


class EvaluationCreateView(FormPage):
    allowed_roles = (Role.COLLEGE_ADMIN, Role.ASSOCIATION, Role.ENTERPRISE)
    cancel_url_name = "funding:evaluation_list"

    @property
    def title(self):
        return _("Evaluate a programme")

    @property
    def intro(self):
        return _("Score each criterion from 0 to 100. You can submit the evaluation afterwards from the list.")

    def get_form(self, data=None, files=None):
        return forms.EvaluationForm(data, user=self.request.user, initial={"year": timezone.localdate().year})

    def save(self, form):
        d = form.cleaned_data
        return services.program_evaluation_save(by=self.request.user, program=d["program"], year=d["year"],
                                                scores=form.scores(), comment=d["comment"])

    success_message = gettext_lazy("The evaluation was saved as a draft.")

    def success_url(self, result):
        return reverse("funding:evaluation_detail", args=[result.pk])


class EvaluationDetailView(RoleRequiredMixin, TemplateView):
    template_name = "funding/evaluation_detail.html"
    allowed_roles = EvaluationListView.allowed_roles

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ev = get_object_or_404(ProgramEvaluation.objects.visible_to(self.request.user).select_related(
            "program", "evaluator", "organization").prefetch_related(
            Prefetch("scores", queryset=EvaluationScore.objects.select_related("criterion"))), pk=self.kwargs["pk"])
        ctx["evaluation"] = ev
        ctx["steps"] = PROGRAM_EVALUATION_STEPS.allowed(ev, self.request.user)
        return ctx


class EvaluationStepView(RoleStepView):
    steps = PROGRAM_EVALUATION_STEPS
    allowed_roles = EvaluationCreateView.allowed_roles

    def success_url(self, obj) -> str:
        return reverse("funding:evaluation_detail", args=[obj.pk])


