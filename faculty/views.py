"""HTML pages: the teacher's portfolio, the enterprise's confirmation queue, the college's faculty view."""
from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, DecimalField, Prefetch, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from accounts.policy import access_for
from core.catalogue_views import CatalogueDeleteView
from core.domain import DomainError
from core.uploads import inline_requested, serve_file
from core.views import (
    FormPage,
    ListPageMixin,
    RoleRequiredMixin,
    StepView,
    redirect_back,
    require,
    run_for_page,
)
from core.workflow import history_for

from . import services
from .choices import PlacementStatus
from .filtersets import (
    AssessmentFilterSet,
    InstructorEvaluationFilterSet,
    PartTimeInstructorFilterSet,
    TeacherAwardFilterSet,
    TeacherPlacementFilterSet,
    TeacherProfileFilterSet,
    TeachingAssignmentFilterSet,
)
from .forms import (
    AssessmentSchemeForm,
    AssignmentForm,
    AwardForm,
    CertificateForm,
    ComputeAssessmentForm,
    IndustryYearsForm,
    InstructorEvaluationForm,
    InstructorForm,
    LinkAnswerForm,
    PlacementForm,
    ReformForm,
    ReturnForm,
    TrainingForm,
)
from .models import (
    Assessment,
    AssessmentScheme,
    IndustryYearsDeclaration,
    InstructorEvaluation,
    PartTimeInstructor,
    TeacherAward,
    TeacherCertificate,
    TeacherPlacement,
    TeacherProfile,
    TeachingAssignment,
    TrainingRecord,
)
from .policies import (
    InstructorEvaluationPolicy,
    PartTimeInstructorPolicy,
    TeacherAwardPolicy,
    TeacherPlacementPolicy,
    TeachingAssignmentPolicy,
)
from .steps import (
    CERTIFICATE_STEPS,
    INDUSTRY_YEARS_STEPS,
    INSTRUCTOR_STEPS,
    PLACEMENT_STEPS,
    REFORM_STEPS,
    TRAINING_STEPS,
)
from .summary import college_summary, compute

ADMIN = ("college_admin",)
# Pages whose rows come through visible_to, so a department administrator sees their teachers' alone.
DEPARTMENT_ADMIN = ("department_admin",)
TEACHER = ("teacher",)
ENTERPRISE = ("enterprise",)


class PortfolioView(RoleRequiredMixin, TemplateView):
    """The teacher's own record: standing, dual-qualified status, placements, training, assessment."""

    template_name = "faculty/portfolio.html"
    allowed_roles = TEACHER

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        profile = services.teacher_profile_ensure(user=self.request.user)
        standing = services.teacher_standings([profile])[profile.pk]
        ctx.update(
            profile=profile,
            standing=standing,
            dual=services.dual_statuses([profile], counted_days={profile.pk: standing.counted_days})[profile.pk],
            placements=TeacherPlacement.objects.visible_to(self.request.user).filter(teacher=profile)
            .select_related("host"),
            trainings=profile.trainings.all(),
            # Only verified hours count (services: "Verified evidence only"); pending ones are shown apart.
            training_hours=profile.trainings.verified().aggregate(t=Sum("hours"))["t"] or Decimal("0"),
            pending_hours=profile.trainings.pending().aggregate(t=Sum("hours"))["t"] or Decimal("0"),
            certificates=profile.certificates.all(),
            reforms=profile.reforms.select_related("course"),
            declaration=profile.industry_years_declarations.first(),
            awards=profile.awards.all(),
            assessments=profile.assessments.all(),
        )
        return ctx


class _TeacherFormPage(FormPage):
    """Create one record of the teacher's own (training, certificate, reform) through its service."""

    allowed_roles = TEACHER
    form_class = None
    service = None

    def get_form(self, data=None, files=None):
        return self.form_class(data, files)

    def save(self, form):
        profile = services.teacher_profile_ensure(user=self.request.user)
        return type(self).service(profile=profile, by=self.request.user, **form.cleaned_data)

    def success_url(self, result) -> str:
        return reverse("faculty:portfolio")


# What a teacher records here is evidence: it waits for a college admin's verification.
PENDING_MESSAGE = gettext_lazy("Saved. It counts once a college admin has verified it.")


class TrainingCreateView(_TeacherFormPage):
    form_class = TrainingForm
    service = services.training_create
    title = gettext_lazy("Record training")
    success_message = PENDING_MESSAGE


class CertificateCreateView(_TeacherFormPage):
    form_class = CertificateForm
    service = services.certificate_create
    title = gettext_lazy("Add a certificate")
    success_message = PENDING_MESSAGE


class ReformCreateView(_TeacherFormPage):
    form_class = ReformForm
    service = services.reform_create
    title = gettext_lazy("Record a teaching reform")
    success_message = PENDING_MESSAGE


class IndustryYearsCreateView(_TeacherFormPage):
    form_class = IndustryYearsForm
    service = services.industry_years_declare
    title = gettext_lazy("Declare years in industry")
    intro = gettext_lazy("The figure counts toward dual-qualified status once a college admin has verified it.")
    success_message = gettext_lazy("Declared. It counts once a college admin has verified it.")


class PlacementFormView(FormPage):
    """Record a new placement or correct a draft / returned one."""

    allowed_roles = TEACHER
    multipart = True
    success_message = gettext_lazy("Placement saved as a draft. Submit it when the evidence is complete.")
    intro = gettext_lazy("On submission the host enterprise confirms it: its staff in the platform, or the contact "
                         "the enterprise registered through a one-time e-mailed link.")

    def get_object(self):
        pk = self.kwargs.get("pk")
        if pk is None:
            return None
        placement = get_object_or_404(TeacherPlacement.objects.visible_to(self.request.user), pk=pk)
        require(TeacherPlacementPolicy().can_update(self.request.user, placement))
        return placement

    def get_title(self) -> str:
        return _("Edit placement") if self.object else _("Record an industry placement")

    def get_form(self, data=None, files=None):
        return PlacementForm(data, files, instance=self.object, user=self.request.user)

    def save(self, form):
        data = dict(form.cleaned_data)
        if data.get("evidence") is False:  # "clear" ticked on the file input
            data["evidence"] = ""
        elif "evidence" not in self.request.FILES:
            data.pop("evidence", None)
        if self.object is None:
            profile = services.teacher_profile_ensure(user=self.request.user)
            return services.placement_create(teacher=profile, by=self.request.user, **data)
        return services.placement_update(placement=self.object, by=self.request.user, **data)

    def success_url(self, result) -> str:
        return reverse("faculty:placement_detail", args=[result.pk])


class PlacementDetailView(RoleRequiredMixin, TemplateView):
    template_name = "faculty/placement_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        placement = get_object_or_404(
            TeacherPlacement.objects.visible_to(user).select_related("teacher__user", "host", "agreement"),
            pk=kwargs["pk"],
        )
        policy = TeacherPlacementPolicy()
        ctx.update(
            placement=placement,
            history=history_for(placement),
            can_edit=placement.status in services.EDITABLE_STATES and policy.can_update(user, placement),
            can_delete=placement.status == PlacementStatus.DRAFT and policy.can_delete(user, placement),
            steps=PLACEMENT_STEPS.allowed(placement, user),
            can_return=PLACEMENT_STEPS.may_now(placement, user, "return_"),
            return_form=ReturnForm(),
        )
        return ctx


class PlacementStepView(StepView):
    """POST-only workflow buttons; the same table, policy and services as the API."""

    steps = PLACEMENT_STEPS
    select_related = ("teacher",)

    def success_url(self, obj) -> str:
        return reverse("faculty:placement_detail", args=[obj.pk])


class PlacementDeleteView(RoleRequiredMixin, View):
    """Delete a draft (not a workflow step: the row goes away, the API's DELETE does the same)."""

    def post(self, request, pk):
        placement = get_object_or_404(TeacherPlacement.objects.visible_to(request.user).select_related("teacher"),
                                      pk=pk)
        require(TeacherPlacementPolicy().can_delete(request.user, placement))
        if run_for_page(request, lambda: services.placement_delete(placement=placement, by=request.user),
                        _("Draft deleted.")):
            return redirect("faculty:portfolio")
        return redirect_back(request, reverse("faculty:placement_detail", args=[pk]))


class PlacementEvidenceView(RoleRequiredMixin, View):
    def get(self, request, pk):
        placement = get_object_or_404(TeacherPlacement.objects.visible_to(request.user), pk=pk)
        return serve_file(placement.evidence, inline=inline_requested(request))


# --- evidence verification ---------------------------------------------------------------------------

class VerificationQueueView(RoleRequiredMixin, TemplateView):
    """What teachers declared and a college admin has to verify or reject, oldest first, per kind."""

    template_name = "faculty/verifications.html"
    allowed_roles = ADMIN + DEPARTMENT_ADMIN
    SHOWN = 50  # per kind; the rest are counted (a province has thousands of teachers)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        sections = []
        for key, title, table, related in (
            ("industry_years", _("Years in industry"), INDUSTRY_YEARS_STEPS, ()),
            ("certificate", _("Certificates"), CERTIFICATE_STEPS, ()),
            ("training", _("Training"), TRAINING_STEPS, ()),
            ("reform", _("Teaching reform"), REFORM_STEPS, ("course",)),
        ):
            qs = table.model.objects.visible_to(user).pending()
            rows = list(qs.select_related("profile__user", "profile__department", *related)
                        .order_by("created_at", "pk")[:self.SHOWN])
            # Not a list page (ListPageMixin primes those): each kind's first rows, primed here, so the teachers
            # of the rows cost one query, not one per row.
            table.policy().prime(user, rows)
            sections.append({
                "key": key, "title": title, "total": qs.count() if len(rows) == self.SHOWN else len(rows),
                "action": f"faculty:{key}_action",
                "rows": [{"record": r, "steps": table.allowed(r, user), "can_reject": table.may_now(r, user, "reject")}
                         for r in rows],
            })
        ctx["sections"] = sections
        return ctx


class _EvidenceStepView(StepView):
    """Verify or reject one piece of evidence (the same table, policy and service as the API)."""

    select_related = ("profile",)

    def success_url(self, obj) -> str:
        return reverse("faculty:verifications")


class CertificateStepView(_EvidenceStepView):
    steps = CERTIFICATE_STEPS


class TrainingStepView(_EvidenceStepView):
    steps = TRAINING_STEPS


class ReformStepView(_EvidenceStepView):
    steps = REFORM_STEPS


class IndustryYearsStepView(_EvidenceStepView):
    steps = INDUSTRY_YEARS_STEPS


class _EvidenceFileView(RoleRequiredMixin, View):
    """The scan behind a piece of evidence, for its teacher and the college admins who verify it."""

    model = None
    field = "file"

    def get(self, request, pk):
        record = get_object_or_404(self.model.objects.visible_to(request.user), pk=pk)
        return serve_file(getattr(record, self.field), inline=inline_requested(request))


class CertificateFileView(_EvidenceFileView):
    model = TeacherCertificate


class TrainingFileView(_EvidenceFileView):
    model = TrainingRecord
    field = "certificate_file"


class IndustryYearsFileView(_EvidenceFileView):
    model = IndustryYearsDeclaration


class ConfirmationQueueView(RoleRequiredMixin, ListPageMixin, TemplateView):
    """Placements hosted by the enterprise user's own company; submitted ones first."""

    template_name = "faculty/confirmation_queue.html"
    allowed_roles = ENTERPRISE + ADMIN
    filterset_class = TeacherPlacementFilterSet
    ordering_fields = ("start_date", "days", "status")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        acc = access_for(self.request.user)
        qs = TeacherPlacement.objects.visible_to(self.request.user).exclude(status=PlacementStatus.DRAFT)
        if acc.enterprise_ids:
            qs = qs.filter(host_id__in=acc.enterprise_ids)
        qs = qs.select_related("teacher__user", "teacher__department", "host").order_by("-start_date")
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        ctx["waiting"] = qs.filter(status=PlacementStatus.SUBMITTED).count()
        # Returning needs a reason, so it is a link to the placement's page rather than a button here.
        ctx["returnable"] = {p.pk for p in ctx["page"].object_list
                             if PLACEMENT_STEPS.may_now(p, self.request.user, "return_")}
        return ctx


class PlacementLinkView(View):
    """The host's registered contact answers through the one-time link in their e-mail. Someone signed in
    who opens it must be of the host enterprise and not the teacher (403 otherwise, issue 18 item 7)."""

    def _placement(self, request, token):
        try:
            return services.placement_from_link(token, request.user), None
        except DomainError as exc:  # InvalidLink 403, UsedLink 410, NotTheHost 403
            return None, (exc.message, exc.status_code)

    def get(self, request, token):
        placement, error = self._placement(request, token)
        if error:
            return render(request, "faculty/link_error.html", {"message": error[0]}, status=error[1])
        return render(request, "faculty/placement_link.html", {
            "placement": placement, "form": LinkAnswerForm(initial={"name": placement.contact_name}),
        })

    def post(self, request, token):
        placement, error = self._placement(request, token)
        if error:
            return render(request, "faculty/link_error.html", {"message": error[0]}, status=error[1])
        form = LinkAnswerForm(request.POST)
        confirm = request.POST.get("answer") == "confirm"
        if form.is_valid():
            if not confirm and not form.cleaned_data["reason"].strip():
                form.add_error("reason", _("Say why the placement is returned."))
            else:
                try:
                    services.placement_answer_by_link(token=token, confirm=confirm, user=request.user,
                                                      **form.cleaned_data)
                except DomainError as exc:
                    # A link refused (403/410), the answer not from the host (403) or the state moved on (409).
                    return render(request, "faculty/link_error.html", {"message": exc.message},
                                  status=exc.status_code)
                done = _("Thank you: the placement is confirmed.") if confirm else _(
                    "Thank you: the placement was returned to the teacher.")
                return render(request, "faculty/link_error.html", {"message": done, "ok": True})
        return render(request, "faculty/placement_link.html", {"placement": placement, "form": form}, status=400)


class FacultyOverviewView(RoleRequiredMixin, ListPageMixin, TemplateView):
    """The college admin's view: dual-qualified ratios, practice days and standing, who is behind."""

    template_name = "faculty/overview.html"
    allowed_roles = ADMIN + DEPARTMENT_ADMIN
    filterset_class = TeacherProfileFilterSet
    ordering_fields = ("user__username", "department__name", "industry_years", "title_rank")
    paginate_by = 25

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        base = TeacherProfile.objects.visible_to(self.request.user).select_related("user", "department")
        # The college-wide figures are cached (faculty/summary.py); only the page's rows are computed here.
        # A department administrator's figures are their teachers' alone (never the other departments').
        department_view = not access_for(self.request.user).is_college_admin
        summary = compute(timezone.localdate(), base) if department_view else college_summary()
        fs, page, query = self.filtered_page(self.request, base)
        profiles = list(page.object_list)
        standings = services.teacher_standings(profiles)
        dual = services.dual_statuses(profiles, counted_days={p.pk: standings[p.pk].counted_days for p in profiles})
        rows = [{"profile": p, "standing": standings[p.pk], "dual": dual[p.pk]} for p in profiles]
        named = base.in_bulk(summary.behind_sample)
        college = services.RatioRow(_("College"), summary.qualified, summary.teachers)
        ctx.update(
            filter=fs, page=page, query=query, rows=rows, college=college, departments=summary.department_rows(),
            behind=[named[pk] for pk in summary.behind_sample if pk in named], behind_total=summary.behind,
            at_risk_total=summary.at_risk, total_days=summary.counted_days, pending_days=summary.pending_days,
            standings=standings, department_view=department_view,
        )
        return ctx


def _instructor_queryset(user):
    money = DecimalField(max_digits=14, decimal_places=2)
    return (
        PartTimeInstructor.objects.visible_to(user).select_related("enterprise")
        .annotate(total_hours=Coalesce(Sum("assignments__hours"), Value(Decimal("0")), output_field=money),
                  total_pay=Coalesce(Sum("assignments__pay"), Value(Decimal("0")), output_field=money))
    )


class InstructorStepView(StepView):
    """POST archive or restore (INSTRUCTOR_STEPS): the roster is a catalogue (core/catalogue.py)."""

    steps = INSTRUCTOR_STEPS

    def success_url(self, obj) -> str:
        return reverse("faculty:instructors")


class InstructorListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    """Part-time instructors with their teaching: the college's register, an enterprise's own staff."""

    template_name = "faculty/instructors.html"
    allowed_roles = ADMIN + ENTERPRISE
    filterset_class = PartTimeInstructorFilterSet
    ordering_fields = ("name", "hourly_rate", "total_hours", "total_pay")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        qs = _instructor_queryset(user).prefetch_related(
            Prefetch("assignments", queryset=TeachingAssignment.objects.select_related("course", "mentor"))
        )
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        ctx["grand_total"] = TeachingAssignment.objects.visible_to(user).aggregate(
            t=Sum("pay"))["t"] or Decimal("0")
        policy = PartTimeInstructorPolicy()
        ctx["can_create"] = policy.can_create(user)
        ctx["editable"] = {i.pk for i in ctx["page"].object_list if policy.can_update(user, i)}
        return ctx


class InstructorFormView(FormPage):
    """Register a part-time instructor or change one (archiving is a step on the list: INSTRUCTOR_STEPS)."""

    allowed_roles = ADMIN
    cancel_url_name = "faculty:instructors"

    def get_object(self):
        pk = self.kwargs.get("pk")
        if pk is None:
            require(PartTimeInstructorPolicy().can_create(self.request.user))
            return None
        instructor = get_object_or_404(PartTimeInstructor.objects.visible_to(self.request.user), pk=pk)
        require(PartTimeInstructorPolicy().can_update(self.request.user, instructor))
        return instructor

    def get_title(self) -> str:
        return _("Edit part-time instructor") if self.object else _("Register a part-time instructor")

    def get_form(self, data=None, files=None):
        return InstructorForm(data, instance=self.object)

    def save(self, form):
        if self.object is None:
            return services.instructor_create(by=self.request.user, **form.cleaned_data)
        return services.instructor_update(instructor=self.object, by=self.request.user, **form.cleaned_data)

    def success_url(self, result) -> str:
        return reverse("faculty:instructors")


class InstructorDeleteView(CatalogueDeleteView):
    """POST: delete an instructor who never taught (the service refuses one in use: archive instead)."""

    model = PartTimeInstructor
    policy_class = PartTimeInstructorPolicy
    done = gettext_lazy("The instructor was deleted.")
    list_url_name = "faculty:instructors"

    def delete(self, obj):
        services.instructor_delete(instructor=obj, by=self.request.user)


# --- teaching assignments and their evaluations ----------------------------------------------------------

class AssignmentListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    """Who teaches what, for how many hours and pay, and how it was evaluated."""

    template_name = "faculty/assignments.html"
    allowed_roles = ADMIN + TEACHER + ENTERPRISE
    filterset_class = TeachingAssignmentFilterSet
    ordering_fields = ("term", "hours", "pay", "instructor__name")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        qs = (TeachingAssignment.objects.visible_to(user).select_related("instructor", "course", "mentor")
              .annotate(evaluation_count=Count("evaluations"), average_score=Avg("evaluations__score")))
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        policy = TeachingAssignmentPolicy()
        rows = ctx["page"].object_list
        ctx["can_create"] = policy.can_create(user)
        # The policy's answers per row (the course is loaded with the row: no query per row).
        ctx["editable"] = {a.pk for a in rows if policy.can_update(user, a)}
        ctx["evaluable"] = {a.pk for a in rows if policy.can_action(user, a, "evaluate")}
        return ctx


class AssignmentFormView(FormPage):
    allowed_roles = ADMIN
    cancel_url_name = "faculty:assignments"

    def get_object(self):
        pk = self.kwargs.get("pk")
        if pk is None:
            require(TeachingAssignmentPolicy().can_create(self.request.user))
            return None
        assignment = get_object_or_404(TeachingAssignment.objects.visible_to(self.request.user), pk=pk)
        require(TeachingAssignmentPolicy().can_update(self.request.user, assignment))
        return assignment

    def get_title(self) -> str:
        return _("Edit teaching assignment") if self.object else _("Record a teaching assignment")

    def get_form(self, data=None, files=None):
        return AssignmentForm(data, instance=self.object)

    def save(self, form):
        data = dict(form.cleaned_data)
        if self.object is None:
            return services.assignment_create(by=self.request.user, **data)
        data.pop("instructor", None)
        data.pop("course", None)
        return services.assignment_update(assignment=self.object, by=self.request.user, **data)

    def success_url(self, result) -> str:
        return reverse("faculty:assignments")


class AssignmentDeleteView(CatalogueDeleteView):
    """POST: delete a teaching assignment through its service (scope 404, policy 403, the same delete page)."""

    model = TeachingAssignment
    policy_class = TeachingAssignmentPolicy
    done = gettext_lazy("The teaching assignment was deleted.")
    list_url_name = "faculty:assignments"

    def delete(self, obj):
        services.assignment_delete(assignment=obj, by=self.request.user)


class EvaluationListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    template_name = "faculty/evaluations.html"
    allowed_roles = ADMIN + TEACHER + ENTERPRISE
    filterset_class = InstructorEvaluationFilterSet
    ordering_fields = ("score", "created_at")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        qs = InstructorEvaluation.objects.visible_to(user).select_related(
            "assignment__instructor", "assignment__course", "evaluator")
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        policy = InstructorEvaluationPolicy()
        ctx["editable"] = {e.pk for e in ctx["page"].object_list if policy.can_update(user, e)}
        return ctx


class EvaluationFormView(FormPage):
    """Evaluate an assignment (``evaluation_create``: ``pk`` names the assignment) or change one's evaluation."""

    allowed_roles = ADMIN + TEACHER
    cancel_url_name = "faculty:evaluations"

    def get_object(self):
        user = self.request.user
        if self.request.resolver_match.url_name == "evaluation_create":
            self.assignment = get_object_or_404(
                TeachingAssignment.objects.visible_to(user).select_related("instructor", "course"),
                pk=self.kwargs["pk"])
            require(TeachingAssignmentPolicy().can_action(user, self.assignment, "evaluate"))
            return None
        evaluation = get_object_or_404(
            InstructorEvaluation.objects.visible_to(user).select_related("assignment__instructor",
                                                                         "assignment__course"),
            pk=self.kwargs["pk"])
        require(InstructorEvaluationPolicy().can_update(user, evaluation))
        self.assignment = evaluation.assignment
        return evaluation

    def get_title(self) -> str:
        return _("Edit evaluation") if self.object else _("Evaluate the teaching")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["intro"] = str(self.assignment)
        return ctx

    def get_form(self, data=None, files=None):
        return InstructorEvaluationForm(data, instance=self.object)

    def save(self, form):
        if self.object is None:
            return services.evaluation_create(assignment=self.assignment, by=self.request.user,
                                              **form.cleaned_data)
        return services.evaluation_update(evaluation=self.object, by=self.request.user, **form.cleaned_data)

    def success_url(self, result) -> str:
        return reverse("faculty:evaluations")


# --- awards ---------------------------------------------------------------------------------------------

class AwardListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    """Awards and incentives: a teacher's own, or every teacher's for the college."""

    template_name = "faculty/awards.html"
    allowed_roles = ADMIN + TEACHER
    filterset_class = TeacherAwardFilterSet
    policy_class = TeacherAwardPolicy  # no step table: filtered_page primes the page's teachers for this policy
    ordering_fields = ("year", "title", "level", "incentive_cny")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        qs = TeacherAward.objects.visible_to(user).select_related("profile__user")
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        policy = TeacherAwardPolicy()
        ctx["can_create"] = policy.can_create(user)
        ctx["editable"] = {a.pk for a in ctx["page"].object_list if policy.can_update(user, a)}
        return ctx


class AwardFormView(FormPage):
    allowed_roles = ADMIN + TEACHER
    cancel_url_name = "faculty:awards"

    def get_object(self):
        pk = self.kwargs.get("pk")
        if pk is None:
            return None
        award = get_object_or_404(TeacherAward.objects.visible_to(self.request.user).select_related("profile"),
                                  pk=pk)
        require(TeacherAwardPolicy().can_update(self.request.user, award))
        return award

    def get_title(self) -> str:
        return _("Edit award") if self.object else _("Record an award")

    def _admin(self) -> bool:
        return access_for(self.request.user).is_college_admin

    def get_form(self, data=None, files=None):
        return AwardForm(data, instance=self.object, admin=self._admin())

    def save(self, form):
        data = dict(form.cleaned_data)
        if self.object is not None:
            return services.award_update(award=self.object, by=self.request.user, **data)
        profile = data.pop("profile", None)
        if profile is None:
            if not access_for(self.request.user).is_teacher:
                raise ValidationError({"profile": _("Choose the teacher.")})
            profile = services.teacher_profile_ensure(user=self.request.user)
        return services.award_create(profile=profile, by=self.request.user, **data)

    def success_url(self, result) -> str:
        return reverse("faculty:awards")


class AwardDeleteView(CatalogueDeleteView):
    model = TeacherAward
    policy_class = TeacherAwardPolicy
    done = gettext_lazy("The award was deleted.")
    list_url_name = "faculty:awards"

    def delete(self, obj):
        services.award_delete(award=obj, by=self.request.user)


class AssessmentSchemeFormView(FormPage):
    """The points of one assessment year, kept in the platform rather than Django admin (issue 20)."""

    model = AssessmentScheme
    allowed_roles = ADMIN
    cancel_url_name = "faculty:assessments"

    def get_object(self):
        year = self.kwargs["year"]
        if not 2000 <= year <= 2100:
            raise Http404
        return AssessmentScheme.objects.filter(year=year).first()

    def get_title(self) -> str:
        return _("Assessment points of %(year)s") % {"year": self.kwargs["year"]}

    def get_form(self, data=None, files=None):
        instance = self.object
        if instance is None:
            # the defaults a computation would use for this year (services.scheme_for), not yet stored
            instance = AssessmentScheme(year=self.kwargs["year"], award_points=services.default_award_points())
        return AssessmentSchemeForm(data, instance=instance)

    def save(self, form):
        return services.scheme_update(year=self.kwargs["year"], by=self.request.user, **form.cleaned_data)

    def success_url(self, result) -> str:
        messages.success(self.request, _("The assessment points of %(year)s were saved; compute the year again to "
                                         "apply them.") % {"year": result.year})
        return reverse("faculty:assessments")


class AssessmentListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    template_name = "faculty/assessments.html"
    allowed_roles = ADMIN
    filterset_class = AssessmentFilterSet
    ordering_fields = ("score", "year")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = Assessment.objects.visible_to(self.request.user).select_related("profile__user", "profile__department")
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        ctx["compute_form"] = kwargs.get("compute_form") or ComputeAssessmentForm(
            initial={"year": timezone.localdate().year - 1})
        ctx["scheme_year"] = timezone.localdate().year - 1
        return ctx

    def post(self, request):
        form = ComputeAssessmentForm(request.POST)
        if form.is_valid():
            rows = services.assessment_compute(year=form.cleaned_data["year"], by=request.user)
            messages.success(request, _("%(n)s assessments computed for %(year)s.") % {
                "n": len(rows), "year": form.cleaned_data["year"]})
            return redirect(f"{reverse('faculty:assessments')}?year={form.cleaned_data['year']}")
        messages.error(request, _("Please correct the errors below."))
        return self.render_to_response(self.get_context_data(compute_form=form))


class AssessmentExportView(RoleRequiredMixin, View):
    allowed_roles = ADMIN

    def get(self, request):
        qs = Assessment.objects.visible_to(request.user).select_related("profile__user", "profile__department")
        fs = AssessmentFilterSet(request.GET or None, queryset=qs, request=request)
        rows = fs.qs if fs.is_bound and fs.is_valid() else qs
        resp = HttpResponse(services.assessments_xlsx(rows),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        resp["Content-Disposition"] = f'attachment; filename="faculty-assessment-{timezone.localdate():%Y%m%d}.xlsx"'
        return resp
