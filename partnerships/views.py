"""HTML pages of the partnerships app. Rows come from ``visible_to``, rights from ``policies``,
every change from ``services``; a refused change becomes a message, never a 500."""
from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.choices import OrganizationKind, Role
from accounts.models import Organization
from accounts.policy import access_for
from core.domain import DomainError
from core.registry import app_modules
from core.uploads import inline_requested, serve_file
from core.views import ListPageMixin, RoleRequiredMixin, StepView, apply_errors, require, run_for_page
from core.workflow import history_for

from . import services
from .choices import AgreementStatus, SignatureMethod
from .filtersets import (
    AgreementFilterSet,
    ContactLogFilterSet,
    EnterpriseFilterSet,
    IndustryProjectFilterSet,
    OrderClassFilterSet,
)
from .forms import (
    AgreementForm,
    CloseForm,
    ContactLogForm,
    DeliverForm,
    DocumentForm,
    EnrollForm,
    EnterpriseForm,
    JoinForm,
    MilestoneForm,
    OrderClassForm,
    ProjectForm,
    ReasonForm,
    SignForm,
)
from .models import (
    Agreement,
    ContactLog,
    Enterprise,
    IndustryProject,
    OrderClass,
    ProjectMember,
    ProjectMilestone,
)
from .policies import AgreementPolicy, ContactLogPolicy, EnterprisePolicy, IndustryProjectPolicy, OrderClassPolicy
from .selectors import Health, agreement_fulfilment, hiring_rate, order_classes_with_counts, partnership_health
from .steps import AGREEMENT_STEPS, CONTACT_STEPS, ORDER_CLASS_STEPS, PROJECT_STEPS, SUCCESSOR_STEPS

ALL_ROLES = tuple(Role.values)
AGREEMENT_ROLES = (Role.COLLEGE_ADMIN, Role.TEACHER, Role.ENTERPRISE, Role.ASSOCIATION)
ORDER_CLASS_ROLES = (Role.COLLEGE_ADMIN, Role.TEACHER, Role.ENTERPRISE, Role.STUDENT)
CONTACT_ROLES = (Role.COLLEGE_ADMIN, Role.TEACHER, Role.ENTERPRISE)
log = logging.getLogger(__name__)


# --- Enterprises -------------------------------------------------------------------------------------

class EnterpriseListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    """The partner directory, with each enterprise's health score where the user may see it."""

    template_name = "partnerships/enterprise_list.html"
    allowed_roles = (Role.COLLEGE_ADMIN, Role.TEACHER, Role.STUDENT, Role.ENTERPRISE)
    filterset_class = EnterpriseFilterSet
    ordering_fields = ("organization__name", "segment", "staff_count")

    def dispatch(self, request, *args, **kwargs):
        acc = access_for(request.user)
        if request.user.is_authenticated and acc.primary_role == Role.ENTERPRISE and len(acc.enterprise_ids) == 1:
            return redirect("partnerships:enterprise_detail", pk=next(iter(acc.enterprise_ids)))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = Enterprise.objects.visible_to(self.request.user).select_related("organization")
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        rows = list(ctx["page"].object_list)
        # The score is shown by the rule of the enterprise page (EnterprisePolicy.can_see_health), never
        # computed for a row the user may not see it on; without any such row the column is left out.
        policy = EnterprisePolicy()
        shown = [e.pk for e in rows if policy.can_see_health(self.request.user, e)]
        health = partnership_health(shown)
        ctx["rows"] = [(e, health.get(e.pk)) for e in rows]
        ctx["show_health"] = bool(shown)
        ctx["can_create"] = EnterprisePolicy().can_create(self.request.user)
        return ctx


class EnterpriseCreateView(RoleRequiredMixin, TemplateView):
    template_name = "partnerships/enterprise_form.html"
    allowed_roles = (Role.COLLEGE_ADMIN,)

    def get(self, request, *args, **kwargs):
        return self.render_to_response({"form": EnterpriseForm(), "title": _("New enterprise")})

    def post(self, request, *args, **kwargs):
        form = EnterpriseForm(request.POST)
        if form.is_valid():
            try:
                ent = services.enterprise_create(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Enterprise “%(name)s” created.") % {"name": ent.organization.name})
                return redirect("partnerships:enterprise_detail", pk=ent.pk)
        return self.render_to_response({"form": form, "title": _("New enterprise")})


class EnterpriseEditView(RoleRequiredMixin, TemplateView):
    template_name = "partnerships/enterprise_form.html"
    allowed_roles = (Role.COLLEGE_ADMIN, Role.ENTERPRISE)

    def get_enterprise(self):
        ent = get_object_or_404(Enterprise.objects.visible_to(self.request.user).select_related("organization"),
                                pk=self.kwargs["pk"])
        if not EnterprisePolicy().can_update(self.request.user, ent):
            raise PermissionDenied
        return ent

    def initial(self, ent):
        org = ent.organization
        data = {f: getattr(org, f) for f in services.ORGANIZATION_FIELDS}
        data.update({f: getattr(ent, f) for f in EnterpriseForm.base_fields if f not in data})
        return data

    def get(self, request, *args, **kwargs):
        ent = self.get_enterprise()
        form = EnterpriseForm(initial=self.initial(ent), college_admin=access_for(request.user).is_college_admin)
        return self.render_to_response({"form": form, "enterprise": ent, "title": _("Edit enterprise")})

    def post(self, request, *args, **kwargs):
        ent = self.get_enterprise()
        form = EnterpriseForm(request.POST, initial=self.initial(ent),
                              college_admin=access_for(request.user).is_college_admin)
        if form.is_valid():
            try:
                services.enterprise_update(enterprise=ent, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Profile saved."))
                return redirect("partnerships:enterprise_detail", pk=ent.pk)
        return self.render_to_response({"form": form, "enterprise": ent, "title": _("Edit enterprise")})


class EnterpriseDetailView(RoleRequiredMixin, TemplateView):
    """Everything about one partner: profile, agreements, cohorts, projects, contacts, health, other apps' panels."""

    template_name = "partnerships/enterprise_detail.html"
    allowed_roles = ALL_ROLES

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ent = get_object_or_404(Enterprise.objects.visible_to(user).select_related("organization"),
                                pk=self.kwargs["pk"])
        org = ent.organization
        acc = access_for(user)
        ctx.update(
            enterprise=ent, org=org,
            can_edit=EnterprisePolicy().can_update(user, ent),
            show_phone=acc.is_college_admin or acc.is_teacher or ent.pk in acc.enterprise_ids,
            agreements=Agreement.objects.visible_to(user).filter(
                pk__in=Agreement.parties.through.objects.filter(organization=org).values("agreement_id")
            ).order_by("-start_date")[:50],
            order_classes=order_classes_with_counts(
                OrderClass.objects.visible_to(user).filter(enterprise=org)
            ).order_by("-cohort_year")[:50],
            projects=IndustryProject.objects.visible_to(user).filter(enterprise=org)[:50],
            contacts=ContactLog.objects.visible_to(user).filter(enterprise=org).select_related("recorded_by")[:20],
            can_log_contact=ContactLogPolicy().can_create(user, {"enterprise": org.pk}),
            can_add_project=IndustryProjectPolicy().can_create(user, {"enterprise": org.pk}),
            can_create_agreement=AgreementPolicy().can_create(user),
        )
        if EnterprisePolicy().can_see_health(user, ent):
            ctx["health"] = partnership_health([org.pk])[org.pk]
            ctx["health_doc"] = Health.__doc__
        panels = []
        for mod in app_modules("panels"):
            fn = getattr(mod, "enterprise_panels", None)
            if fn is None:
                continue
            try:
                panels.extend(fn(self.request, org) or [])
            except Exception:  # noqa: BLE001 - another app's broken panel must not take the whole page down
                log.exception("enterprise panel of %s failed", mod.__name__)
        ctx["panels"] = sorted(panels, key=lambda c: c.order)
        return ctx


class MyEnterpriseView(RoleRequiredMixin, View):
    """The enterprise partner's portal entry: its own page."""

    allowed_roles = (Role.ENTERPRISE,)

    def get(self, request):
        ids = sorted(access_for(request.user).enterprise_ids)
        if not ids:
            raise Http404
        return redirect("partnerships:enterprise_detail", pk=ids[0])


# --- Agreements --------------------------------------------------------------------------------------

class AgreementListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    template_name = "partnerships/agreement_list.html"
    allowed_roles = AGREEMENT_ROLES
    filterset_class = AgreementFilterSet
    ordering_fields = ("code", "title", "start_date", "end_date", "status")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = Agreement.objects.visible_to(self.request.user).prefetch_related("parties")
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        ctx["can_create"] = AgreementPolicy().can_create(self.request.user)
        return ctx


class AgreementCreateView(RoleRequiredMixin, TemplateView):
    template_name = "partnerships/agreement_form.html"
    allowed_roles = (Role.COLLEGE_ADMIN,)

    def get(self, request, *args, **kwargs):
        initial = {}
        if request.GET.get("party"):
            initial["parties"] = [request.GET["party"]]
        return self.render_to_response({"form": AgreementForm(initial=initial), "title": _("New agreement")})

    def post(self, request, *args, **kwargs):
        form = AgreementForm(request.POST)
        if form.is_valid():
            try:
                a = services.agreement_create(by=request.user, code=form.cleaned_data["code"], **form.service_kwargs())
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Agreement %(code)s created as a draft.") % {"code": a.code})
                return redirect("partnerships:agreement_detail", pk=a.pk)
        return self.render_to_response({"form": form, "title": _("New agreement")})


class AgreementEditView(RoleRequiredMixin, TemplateView):
    template_name = "partnerships/agreement_form.html"
    allowed_roles = (Role.COLLEGE_ADMIN,)

    def get_agreement(self):
        return get_object_or_404(Agreement.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        a = self.get_agreement()
        initial = {"title": a.title, "kind": a.kind, "parties": list(a.parties.all()), "start_date": a.start_date,
                   "end_date": a.end_date, "summary": a.summary, "code": a.code}
        initial.update({f"commit_{c.kind}": c.amount for c in a.commitments.all()})
        return self.render_to_response({"form": AgreementForm(initial=initial), "agreement": a,
                                        "title": _("Edit agreement")})

    def post(self, request, *args, **kwargs):
        a = self.get_agreement()
        form = AgreementForm(request.POST)
        form.instance_pk = a.pk
        if form.is_valid():
            try:
                services.agreement_update(agreement=a, by=request.user, code=form.cleaned_data["code"] or a.code,
                                          **form.service_kwargs())
            except ValidationError as exc:
                apply_errors(form, exc)
            except DomainError as exc:
                messages.error(request, str(exc.message))
                return redirect("partnerships:agreement_detail", pk=a.pk)
            else:
                messages.success(request, _("Agreement saved."))
                return redirect("partnerships:agreement_detail", pk=a.pk)
        return self.render_to_response({"form": form, "agreement": a, "title": _("Edit agreement")})


class AgreementDetailView(RoleRequiredMixin, TemplateView):
    template_name = "partnerships/agreement_detail.html"
    allowed_roles = AGREEMENT_ROLES

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        a = get_object_or_404(
            Agreement.objects.visible_to(user).select_related("previous", "created_by")
            .prefetch_related("parties", "commitments", "documents"),
            pk=self.kwargs["pk"],
        )
        policy = AgreementPolicy()
        labels = {**dict(AgreementStatus.choices), **dict(SignatureMethod.choices)}
        ctx.update(
            agreement=a,
            steps=AGREEMENT_STEPS.allowed(a, user),
            # Editing and deleting are the draft's (services._require_draft decides again).
            can_edit=policy.can_update(user, a) and a.status == AgreementStatus.DRAFT,
            can_sign=AGREEMENT_STEPS.may_now(a, user, "sign"),
            can_terminate=AGREEMENT_STEPS.may_now(a, user, "terminate"),
            # Marking expired is offered once the end date has passed; before it the service refuses.
            can_expire=AGREEMENT_STEPS.may_now(a, user, "expire") and a.end_date < timezone.localdate(),
            can_upload=policy.can_action(user, a, "documents"),
            years=agreement_fulfilment(a),
            history=[(h, labels.get(h.from_status, h.from_status), labels.get(h.to_status, h.to_status))
                     for h in history_for(a)],
            successors=a.successors.all(),
            order_classes=a.order_classes.all(),
            sign_form=SignForm(initial={"signed_on": timezone.localdate(), "method": "electronic"}),
            reason_form=ReasonForm(), document_form=DocumentForm(),
        )
        ctx["show_actions"] = bool(ctx["steps"] or ctx["can_edit"] or ctx["can_sign"] or ctx["can_terminate"]
                                   or ctx["can_expire"])
        return ctx


class AgreementStepView(RoleRequiredMixin, StepView):
    """POST one declared agreement step (partnerships/steps.py); the service decides whether it applies.

    Amending and renewing make a new draft: the message names it and the page goes to it.
    """

    allowed_roles = AGREEMENT_ROLES
    steps = AGREEMENT_STEPS

    def success_url(self, obj) -> str:
        return reverse("partnerships:agreement_detail", args=[obj.pk])

    def post(self, request, pk, step):
        declared = self.steps.get(step.replace("-", "_"))
        if declared is None or declared.name not in SUCCESSOR_STEPS:
            return super().post(request, pk, step)
        agreement = self.get_object(request, pk)
        require(self.steps.may(request.user, agreement, declared))
        made = []
        if not run_for_page(request, lambda: made.append(
                self.steps.run(declared, agreement, request.user, request.POST)), ""):
            return redirect(self.success_url(agreement))
        messages.success(request, declared.message % {"code": made[0].code})
        return redirect(self.success_url(made[0]))


class AgreementDeleteView(RoleRequiredMixin, View):
    """Delete a draft (the API's DELETE); not a workflow step, so not one of the step table's."""

    allowed_roles = AGREEMENT_ROLES

    def post(self, request, pk: int):
        a = get_object_or_404(Agreement.objects.visible_to(request.user), pk=pk)
        require(AgreementPolicy().can_delete(request.user, a))
        if run_for_page(request, lambda: services.agreement_delete(agreement=a, by=request.user),
                        _("The draft was deleted.")):
            return redirect("partnerships:agreement_list")
        return redirect("partnerships:agreement_detail", pk=a.pk)


class AgreementDocumentView(RoleRequiredMixin, View):
    allowed_roles = AGREEMENT_ROLES

    def post(self, request, pk: int):
        a = get_object_or_404(Agreement.objects.visible_to(request.user), pk=pk)
        require(AgreementPolicy().can_action(request.user, a, "documents"))
        form = DocumentForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        else:
            run_for_page(request, lambda: services.agreement_add_document(agreement=a, by=request.user,
                                                                          **form.cleaned_data),
                         _("Document uploaded."))
        return redirect("partnerships:agreement_detail", pk=a.pk)

    def get(self, request, pk: int, doc_id: int | None = None):
        a = get_object_or_404(Agreement.objects.visible_to(request.user), pk=pk)
        if doc_id is None:
            # The upload URL has no page of its own (a GET on it used to crash): the list is on the detail page.
            return redirect("partnerships:agreement_detail", pk=a.pk)
        doc = get_object_or_404(a.documents.all(), pk=doc_id)
        return serve_file(doc.file, inline=inline_requested(request))


# --- Order classes -----------------------------------------------------------------------------------

class OrderClassListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    template_name = "partnerships/orderclass_list.html"
    allowed_roles = ORDER_CLASS_ROLES
    filterset_class = OrderClassFilterSet
    ordering_fields = ("name", "cohort_year", "quota", "graduation_date")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = order_classes_with_counts(OrderClass.objects.visible_to(self.request.user).select_related(
            "enterprise", "program", "agreement")).order_by("-cohort_year", "name")
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        ctx["can_create"] = OrderClassPolicy().can_create(self.request.user)
        return ctx


class OrderClassCreateView(RoleRequiredMixin, TemplateView):
    template_name = "partnerships/simple_form.html"
    allowed_roles = (Role.COLLEGE_ADMIN,)

    def render_form(self, form):
        return self.render_to_response({"form": form, "title": _("New order class"),
                                        "cancel": reverse("partnerships:orderclass_list")})

    def get(self, request, *args, **kwargs):
        return self.render_form(OrderClassForm(initial={"cohort_year": timezone.localdate().year}))

    def post(self, request, *args, **kwargs):
        form = OrderClassForm(request.POST)
        if form.is_valid():
            try:
                oc = services.order_class_create(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Order class created."))
                return redirect("partnerships:orderclass_detail", pk=oc.pk)
        return self.render_form(form)


class OrderClassDetailView(RoleRequiredMixin, TemplateView):
    template_name = "partnerships/orderclass_detail.html"
    allowed_roles = ORDER_CLASS_ROLES

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        oc = get_object_or_404(
            order_classes_with_counts(OrderClass.objects.visible_to(user)).select_related(
                "enterprise", "agreement", "program"),
            pk=self.kwargs["pk"],
        )
        may = {name: ORDER_CLASS_STEPS.may_now(oc, user, name) for name in ("enroll", "withdraw", "record_outcome")}
        sources = services.ENROLLMENT_STEP_SOURCES
        ctx.update(
            oc=oc, rate=hiring_rate(oc),
            steps=ORDER_CLASS_STEPS.allowed(oc, user),
            can_enroll=may["enroll"],
            # Per student: (enrolment, may withdraw it, may record its hiring outcome)
            rows=[(e, may["withdraw"] and e.status in sources["withdraw"],
                   may["record_outcome"] and e.status in sources["record_outcome"])
                  for e in oc.enrollments.select_related("student")],
            enroll_form=EnrollForm(),
        )
        return ctx


class OrderClassStepView(RoleRequiredMixin, StepView):
    """POST one declared order-class step; per-student steps name the enrolment in the form."""

    allowed_roles = ORDER_CLASS_ROLES
    steps = ORDER_CLASS_STEPS

    def success_url(self, obj) -> str:
        return reverse("partnerships:orderclass_detail", args=[obj.pk])


# --- Industry projects -------------------------------------------------------------------------------

class ProjectListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    template_name = "partnerships/project_list.html"
    allowed_roles = ALL_ROLES
    filterset_class = IndustryProjectFilterSet
    ordering_fields = ("title", "status", "start_date", "end_date", "created_at")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        # A correlated count per row of the page, not a join grouped over every project: the page is then
        # an index walk in the list's order (a province has 4,000 projects and 32,000 members).
        members = (ProjectMember.objects.filter(project=OuterRef("pk")).order_by().values("project")
                   .annotate(n=Count("pk")).values("n")[:1])
        qs = IndustryProject.objects.visible_to(self.request.user).select_related("enterprise").annotate(
            member_count=Coalesce(Subquery(members), 0)).order_by("-created_at")
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        ctx["can_create"] = IndustryProjectPolicy().can_create(self.request.user)
        return ctx


def _project_enterprises(user):
    acc = access_for(user)
    qs = Organization.objects.filter(kind=OrganizationKind.ENTERPRISE, is_active=True)
    return qs if acc.is_college_admin else qs.filter(pk__in=acc.enterprise_ids)


class ProjectCreateView(RoleRequiredMixin, TemplateView):
    template_name = "partnerships/simple_form.html"
    allowed_roles = (Role.COLLEGE_ADMIN, Role.ENTERPRISE)

    def render_form(self, form):
        return self.render_to_response({"form": form, "title": _("New industry project"),
                                        "cancel": reverse("partnerships:project_list")})

    def get(self, request, *args, **kwargs):
        return self.render_form(ProjectForm(enterprises=_project_enterprises(request.user)))

    def post(self, request, *args, **kwargs):
        form = ProjectForm(request.POST, enterprises=_project_enterprises(request.user))
        if form.is_valid():
            try:
                p = services.project_create(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Project saved as a draft; publish it when the brief is ready."))
                return redirect("partnerships:project_detail", pk=p.pk)
        return self.render_form(form)


class ProjectEditView(RoleRequiredMixin, TemplateView):
    template_name = "partnerships/simple_form.html"
    allowed_roles = (Role.COLLEGE_ADMIN, Role.ENTERPRISE)
    FIELDS = ("title", "brief", "deliverables", "start_date", "end_date", "max_students")

    def get_project(self):
        p = get_object_or_404(IndustryProject.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
        if not IndustryProjectPolicy().can_update(self.request.user, p):
            raise PermissionDenied
        return p

    def render_form(self, form, p):
        return self.render_to_response({"form": form, "title": _("Edit project"),
                                        "cancel": reverse("partnerships:project_detail", args=[p.pk])})

    def get(self, request, *args, **kwargs):
        p = self.get_project()
        initial = {f: getattr(p, f) for f in self.FIELDS}
        initial["competencies"] = list(p.competencies.all())
        return self.render_form(ProjectForm(initial=initial), p)

    def post(self, request, *args, **kwargs):
        p = self.get_project()
        form = ProjectForm(request.POST)
        if form.is_valid():
            try:
                services.project_update(project=p, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            except DomainError as exc:
                messages.error(request, str(exc.message))
                return redirect("partnerships:project_detail", pk=p.pk)
            else:
                messages.success(request, _("Project saved."))
                return redirect("partnerships:project_detail", pk=p.pk)
        return self.render_form(form, p)


class ProjectDetailView(RoleRequiredMixin, TemplateView):
    template_name = "partnerships/project_detail.html"
    allowed_roles = ALL_ROLES

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        p = get_object_or_404(
            IndustryProject.objects.visible_to(user).select_related("enterprise", "agreement").prefetch_related(
                "competencies", "milestones", Prefetch("members", queryset=ProjectMember.objects.select_related("user"))
            ),
            pk=self.kwargs["pk"],
        )
        acc = access_for(user)
        policy = IndustryProjectPolicy()
        mine = next((m for m in p.members.all() if m.user_id == user.pk), None)
        may = {name: PROJECT_STEPS.may_now(p, user, name)
               for name in ("deliver", "close", "join", "leave", "milestones")}
        ctx.update(
            project=p,
            steps=PROJECT_STEPS.allowed(p, user),
            # Editing is open while the project is a draft or open (services.project_update decides again).
            can_edit=policy.can_update(user, p) and p.status in services.PROJECT_EDITABLE,
            can_deliver=may["deliver"], can_close=may["close"], can_add_milestone=may["milestones"],
            can_complete=policy.can_action(user, p, "complete_milestone"),
            # Teachers and students join for themselves (the college adds others through the API).
            can_join=(acc.is_teacher or acc.is_student) and mine is None and may["join"],
            can_leave=mine is not None and may["leave"],
            join_form=JoinForm(initial={"role": "teacher" if acc.is_teacher else "student"}),
            deliver_form=DeliverForm(), close_form=CloseForm(), milestone_form=MilestoneForm(),
        )
        ctx["show_actions"] = bool(ctx["steps"] or ctx["can_edit"] or ctx["can_deliver"] or ctx["can_close"])
        return ctx


class ProjectStepView(RoleRequiredMixin, StepView):
    allowed_roles = ALL_ROLES
    steps = PROJECT_STEPS

    def success_url(self, obj) -> str:
        return reverse("partnerships:project_detail", args=[obj.pk])


class MilestoneCompleteView(RoleRequiredMixin, View):
    """Complete one milestone of a project (the API's milestones/{id}/complete/): a step of the milestone,
    named in the form, not of the project's table."""

    allowed_roles = ALL_ROLES

    def post(self, request, pk: int):
        p = get_object_or_404(IndustryProject.objects.visible_to(request.user), pk=pk)
        require(IndustryProjectPolicy().can_action(request.user, p, "complete_milestone"))
        try:
            milestone_id = int(request.POST.get("milestone", ""))
        except ValueError:
            raise Http404 from None
        m = get_object_or_404(ProjectMilestone.objects.filter(project=p), pk=milestone_id)
        run_for_page(request, lambda: services.milestone_complete(milestone=m, by=request.user),
                     _("Milestone completed."))
        return redirect("partnerships:project_detail", pk=p.pk)


# --- Contact log -------------------------------------------------------------------------------------

class ContactListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    template_name = "partnerships/contact_list.html"
    allowed_roles = CONTACT_ROLES
    filterset_class = ContactLogFilterSet
    ordering_fields = ("occurred_on", "follow_up_on")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = ContactLog.objects.visible_to(self.request.user).select_related("enterprise", "recorded_by")
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        ctx["can_create"] = ContactLogPolicy().can_create(self.request.user)
        ctx["rows"] = [(c, CONTACT_STEPS.may_now(c, self.request.user, "complete_follow_up"))
                       for c in ctx["page"].object_list]
        return ctx


class ContactCreateView(RoleRequiredMixin, TemplateView):
    template_name = "partnerships/simple_form.html"
    allowed_roles = CONTACT_ROLES

    def make_form(self, data=None):
        acc = access_for(self.request.user)
        qs = Organization.objects.filter(kind=OrganizationKind.ENTERPRISE, is_active=True)
        if not (acc.is_college_admin or acc.is_teacher):
            qs = qs.filter(pk__in=acc.enterprise_ids)
        initial = {"occurred_on": timezone.localdate(), "enterprise": self.request.GET.get("enterprise")}
        return ContactLogForm(data, initial=initial, enterprises=qs,
                              show_internal=acc.is_college_admin or acc.is_teacher)

    def render_form(self, form):
        return self.render_to_response({"form": form, "title": _("Log a contact"),
                                        "cancel": reverse("partnerships:contact_list")})

    def get(self, request, *args, **kwargs):
        return self.render_form(self.make_form())

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                log = services.contact_log_create(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Contact logged."))
                return redirect("partnerships:enterprise_detail", pk=log.enterprise_id)
        return self.render_form(form)


class ContactStepView(RoleRequiredMixin, StepView):
    """Mark a contact's follow-up done; back to the list the button was on (a local ``next`` only)."""

    allowed_roles = CONTACT_ROLES
    steps = CONTACT_STEPS

    def success_url(self, obj) -> str:
        return reverse("partnerships:contact_list")
