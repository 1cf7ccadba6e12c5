"""HTML pages of the internships app; every row comes through a ``visible_to`` scope, every write via services."""
from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from accounts.choices import Role
from accounts.models import Organization
from accounts.policy import access_for
from core.counting import CountCachingPaginator, kept_aggregate
from core.domain import DomainError
from core.offline import service_worker as offline_service_worker
from core.search import SCOPE_IDS
from core.signed_links import InvalidLink, UsedLink
from core.steps import StepInputError, message_for
from core.uploads import inline_requested, serve_file
from core.views import (
    FormPage,
    ListPageMixin,
    RoleRequiredMixin,
    StepView,
    apply_errors,
    require,
    run_for_page,
)
from core.workflow import history_for

from . import services
from .choices import EvaluationStatus, IncidentStatus, LogStatus, PlacementStatus, PostingStatus
from .filtersets import (
    ApplicationFilterSet,
    EmploymentOutcomeFilterSet,
    PlacementFilterSet,
    PostingFilterSet,
    SafetyIncidentFilterSet,
    WeeklyLogFilterSet,
)
from .forms import (
    ApplicationForm,
    AttachmentForm,
    CancelForm,
    CommentForm,
    EvaluationForm,
    EvaluationLinkForm,
    FollowUpNoteForm,
    IncidentForm,
    OutcomeForm,
    OutcomeRecordForm,
    PlacementForm,
    PostingForm,
    ReviewForm,
    TerminateForm,
    WeeklyLogForm,
)
from .metrics import enterprise_numbers, enterprise_ranking
from .models import (
    CURRENT_PLACEMENT_STATES,
    STARTED_PLACEMENT_STATES,
    Application,
    ComplianceException,
    EmploymentOutcome,
    IncidentFollowUp,
    InternEvaluation,
    Placement,
    Posting,
    SafetyIncident,
    WeeklyLog,
    WeeklyLogAttachment,
)
from .policies import (
    EmploymentOutcomePolicy,
    PlacementPolicy,
    PostingPolicy,
    SafetyIncidentPolicy,
    WeeklyLogPolicy,
)
from .selectors import outcome_statistics
from .steps import APPLICATION_STEPS, INCIDENT_STEPS, PLACEMENT_STEPS, POSTING_STEPS, WEEKLY_LOG_STEPS

ALL_ROLES = ("college_admin", "department_admin", "teacher", "enterprise", "student")


# --- postings ---------------------------------------------------------------------------------------------

class PostingListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    template_name = "internships/posting_list.html"
    allowed_roles = ALL_ROLES
    filterset_class = PostingFilterSet
    ordering_fields = ("title", "created_at", "application_deadline", "stipend_monthly", "start_date")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        acc = access_for(self.request.user)
        qs = Posting.objects.visible_to(self.request.user).select_related("enterprise")
        if not (acc.is_college_admin or acc.is_enterprise):
            qs = qs.open()
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        ctx["can_create"] = PostingPolicy().can_create(self.request.user)
        ctx["heading"] = (_("All postings") if acc.is_college_admin else _("My postings") if acc.is_enterprise
                          else _("Open postings"))
        return ctx


def _enterprises_for(user):
    acc = access_for(user)
    qs = Organization.objects.enterprises().filter(is_active=True)
    return qs if acc.is_college_admin else qs.filter(pk__in=acc.enterprise_ids)


class PostingFormView(FormPage):
    allowed_roles = ("college_admin", "enterprise")
    success_message = _("The posting was saved.")

    def get_object(self):
        if self.kwargs.get("pk") is None:
            return None
        posting = get_object_or_404(Posting.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
        require(PostingPolicy().can_update(self.request.user, posting))
        return posting

    def get_title(self) -> str:
        return _("Edit posting") if self.object else _("New internship posting")

    def cancel_url(self) -> str:
        return reverse("internships:posting_list")

    def get_form(self, data=None, files=None):
        return PostingForm(data, instance=self.object, enterprises=_enterprises_for(self.request.user))

    def save(self, form):
        data = dict(form.cleaned_data)
        enterprise = data.pop("enterprise")
        competencies = data.pop("competencies")
        if self.object:
            return services.posting_update(posting=self.object, by=self.request.user, competencies=competencies,
                                           **data)
        return services.posting_create(by=self.request.user, enterprise=enterprise, competencies=competencies,
                                       **data)

    def success_url(self, posting) -> str:
        return reverse("internships:posting_detail", args=[posting.pk])


class PostingDetailView(RoleRequiredMixin, TemplateView):
    template_name = "internships/posting_detail.html"
    allowed_roles = ALL_ROLES

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        posting = get_object_or_404(
            Posting.objects.visible_to(user).select_related("enterprise").prefetch_related("competencies"),
            pk=kwargs["pk"])
        policy = PostingPolicy()
        ctx["posting"] = posting
        ctx["can_edit"] = policy.can_update(user, posting) and posting.status in (PostingStatus.DRAFT,
                                                                                  PostingStatus.PUBLISHED)
        ctx["can_manage"] = policy.can_update(user, posting)
        ctx["steps"] = POSTING_STEPS.allowed(posting, user)
        if ctx["can_manage"]:
            ctx["issues"] = services.posting_compliance_issues(posting) if posting.status == "draft" else []
            ctx["pipeline"] = list(Application.objects.visible_to(user).filter(posting=posting)
                                   .select_related("student", "posting").order_by("status", "-created_at"))
        acc = access_for(user)
        if acc.is_student:
            ctx["my_application"] = Application.objects.filter(posting=posting, student=user).first()
            ctx["is_open"] = Posting.objects.open().filter(pk=posting.pk).exists()
            ctx["apply_form"] = ApplicationForm()
        ctx["history"] = history_for(posting)[:10]
        return ctx


class PostingStepView(StepView):
    steps = POSTING_STEPS

    def success_url(self, obj) -> str:
        return reverse("internships:posting_detail", args=[obj.pk])


class ApplyView(RoleRequiredMixin, View):
    allowed_roles = ("student",)

    def post(self, request, pk):
        posting = get_object_or_404(Posting.objects.visible_to(request.user), pk=pk)
        form = ApplicationForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.application_create(posting=posting, student=request.user,
                                            note=form.cleaned_data["note"], cv=form.cleaned_data["cv"])
            except ValidationError as exc:
                apply_errors(form, exc)
            except DomainError as exc:
                messages.error(request, str(exc.message))
                return redirect("internships:posting_detail", pk=pk)
            else:
                messages.success(request, _("Your application was sent."))
                return redirect("internships:application_list")
        return render(request, "internships/form.html", {
            "form": form, "title": _("Apply for %(title)s") % {"title": posting.title}, "submit": _("Apply"),
            "cancel": reverse("internships:posting_detail", args=[pk]), "multipart": True})


# --- applications -----------------------------------------------------------------------------------------

class ApplicationListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    template_name = "internships/application_list.html"
    allowed_roles = ("college_admin", "department_admin", "enterprise", "student")
    filterset_class = ApplicationFilterSet
    ordering_fields = ("created_at", "status")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        acc = access_for(self.request.user)
        qs = Application.objects.visible_to(self.request.user).select_related("posting__enterprise", "student")
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        ctx["is_student_view"] = acc.is_student and not (acc.is_college_admin or acc.is_enterprise)
        ctx["heading"] = _("My applications") if ctx["is_student_view"] else _("Applicants")
        return ctx


class ApplicationStepView(StepView):
    steps = APPLICATION_STEPS
    select_related = ("posting",)

    def success_url(self, obj) -> str:
        return reverse("internships:application_list")


class ApplicationCvView(RoleRequiredMixin, View):
    allowed_roles = ("college_admin", "department_admin", "enterprise", "student")

    def get(self, request, pk):
        application = get_object_or_404(Application.objects.visible_to(request.user), pk=pk)
        return serve_file(application.cv, inline=inline_requested(request))


# --- placements -------------------------------------------------------------------------------------------

class PlacementListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    template_name = "internships/placement_list.html"
    allowed_roles = ALL_ROLES
    filterset_class = PlacementFilterSet
    ordering_fields = ("start_date", "end_date", "status", "post")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        acc = access_for(self.request.user)
        qs = Placement.objects.visible_to(self.request.user).select_related("student", "enterprise",
                                                                            "school_mentor", "enterprise_mentor")
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        start = PLACEMENT_STEPS.get("start")
        for p in ctx["page"].object_list:
            # Pending: what it lacks, read from the row; active: the status the services keep.
            p.awaiting_start = PLACEMENT_STEPS.applies(start, p)
            p.issues = services.placement_document_issues(p) if p.awaiting_start else []
            p.kept_status = p.status == PlacementStatus.ACTIVE
            p.rule_labels = [services.RULES.get(code, code) for code in p.compliance_issues]
        ctx["heading"] = (_("All placements") if acc.is_college_admin
                          else _("Placements of my department") if acc.is_department_admin
                          else _("My interns") if acc.is_enterprise
                          else _("My mentees") if acc.is_teacher else _("My placements"))
        ctx["can_create"] = PlacementPolicy().can_create(self.request.user)
        return ctx


class MyPlacementView(RoleRequiredMixin, View):
    allowed_roles = ("student",)

    def get(self, request):
        mine = Placement.objects.filter(student=request.user)
        placement = mine.filter(status__in=CURRENT_PLACEMENT_STATES).first() or mine.first()
        if placement:
            return redirect("internships:placement_detail", pk=placement.pk)
        return render(request, "internships/my_placement_empty.html")


class PlacementFormView(FormPage):
    allowed_roles = ("college_admin", "department_admin", "enterprise")
    multipart = True
    success_message = _("The placement was saved.")

    def get_object(self):
        if self.kwargs.get("pk") is None:
            require(PlacementPolicy().can_create(self.request.user))
            return None
        placement = get_object_or_404(Placement.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
        require(PlacementPolicy().can_update(self.request.user, placement))
        return placement

    def get_title(self) -> str:
        return _("Agreement, insurance and mentors") if self.object else _("Place a student directly")

    def cancel_url(self) -> str:
        if self.object:
            return reverse("internships:placement_detail", args=[self.object.pk])
        return reverse("internships:placement_list")

    def get_form(self, data=None, files=None):
        # Only a college admin may allow a breach of the rules the college can waive, with a reason.
        acc = access_for(self.request.user)
        form = PlacementForm(data, files, instance=self.object, allow_exception=acc.is_college_admin)
        if "student" in form.fields and acc.is_department_admin and not acc.is_college_admin:
            # placement_create_direct() refuses other students; the choice offers only their departments'.
            form.fields["student"].queryset = form.fields["student"].queryset.filter(
                pk__in=acc.department_members(Role.STUDENT))
        return form

    def save(self, form):
        placement = self.object
        data = {k: v for k, v in form.cleaned_data.items() if k in form.changed_data or not placement}
        if data.get("agreement_file") is False:
            data["agreement_file"] = None  # the "clear" checkbox of the file input
        if placement:
            return services.placement_update(placement=placement, by=self.request.user, **data)
        return services.placement_create_direct(by=self.request.user, student=data.pop("student"),
                                                enterprise=data.pop("enterprise"), **data)

    def success_url(self, placement) -> str:
        return reverse("internships:placement_detail", args=[placement.pk])


class PlacementDetailView(RoleRequiredMixin, TemplateView):
    template_name = "internships/placement_detail.html"
    allowed_roles = ALL_ROLES

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        placement = get_object_or_404(
            Placement.objects.visible_to(user).select_related("student", "enterprise", "posting", "school_mentor",
                                                              "enterprise_mentor"), pk=kwargs["pk"])
        policy = PlacementPolicy()
        logs = list(placement.weekly_logs.select_related("placement").prefetch_related("attachments"))
        logged = {log.week_no for log in logs}
        evaluations = InternEvaluation.objects.visible_to(user).filter(placement=placement)
        current = placement.status in CURRENT_PLACEMENT_STATES
        ctx.update({
            "placement": placement,
            # Read now, exceptions considered: what keeps it from starting, or what it breaks while active.
            "issues": services.placement_compliance_issues(placement) if current else [],
            "awaiting_start": PLACEMENT_STEPS.applies(PLACEMENT_STEPS.get("start"), placement),
            "exceptions": placement.compliance_exceptions.select_related("granted_by"),
            "logs": logs,
            "missing_weeks": [w for w in placement.due_weeks() if w not in logged],
            "evaluations": evaluations,
            "incidents": placement.incidents.select_related("reported_by"),
            "outcome": placement.outcomes.first(),
            "history": history_for(placement)[:10],
            "can_edit": policy.can_update(user, placement) and placement.status in CURRENT_PLACEMENT_STATES,
            "steps": PLACEMENT_STEPS.allowed(placement, user),
            "can_terminate": PLACEMENT_STEPS.may_now(placement, user, "terminate"),
            "can_cancel": PLACEMENT_STEPS.may_now(placement, user, "cancel"),
            "can_write_log": policy.can_action(user, placement, "write_log")
            and placement.status in STARTED_PLACEMENT_STATES,
            # Evaluating is not a step of the table (it creates an evaluation); the service takes it once
            # the placement has started.
            "can_evaluate": placement.status in STARTED_PLACEMENT_STATES
            and services.evaluator_role_for(user, placement) is not None,
            "can_request_link": PLACEMENT_STEPS.may_now(placement, user, "evaluation_link")
            and bool(placement.enterprise_mentor_email) and not placement.enterprise_mentor_id,
            "can_incident": policy.can_action(user, placement, "incident"),
            "can_outcome": policy.can_action(user, placement, "outcome"),
            "terminate_form": TerminateForm(),
            "cancel_form": CancelForm(),
            "link_form": EvaluationLinkForm(),
        })
        return ctx


class PlacementStepView(StepView):
    steps = PLACEMENT_STEPS

    def success_url(self, obj) -> str:
        return reverse("internships:placement_detail", args=[obj.pk])


class PlacementAgreementView(RoleRequiredMixin, View):
    allowed_roles = ALL_ROLES

    def get(self, request, pk):
        placement = get_object_or_404(Placement.objects.visible_to(request.user), pk=pk)
        return serve_file(placement.agreement_file, inline=inline_requested(request))


class PlacementChildFormView(FormPage):
    """Base of the forms hanging off one placement (log, evaluation, incident, outcome).

    ``save`` returns the page to go to and sets ``success_message`` (some name what was saved).
    """

    allowed_roles = ALL_ROLES
    policy_action = ""

    def get_object(self):
        placement = get_object_or_404(Placement.objects.visible_to(self.request.user).select_related("student"),
                                      pk=self.kwargs["pk"])
        require(PlacementPolicy().can_action(self.request.user, placement, self.policy_action))
        return placement

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["intro"] = str(self.object)
        return ctx

    def cancel_url(self) -> str:
        return reverse("internships:placement_detail", args=[self.object.pk])

    def get_form(self, data=None, files=None):
        return self.make_form(self.object, data, files)

    def make_form(self, placement, data=None, files=None):  # pragma: no cover - each page builds its form
        raise NotImplementedError

    def success_url(self, target) -> str:
        return target


class WeeklyLogCreateView(PlacementChildFormView):
    """The student's weekly log; the page keeps a draft on the device while offline (static/js/log_draft.js)."""

    policy_action = "write_log"
    title = _("Write a weekly log")
    multipart = True
    template_name = "internships/log_form.html"
    logged_weeks: list[int] = []

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        # The page forgets the drafts of weeks already on the server (a post whose answer was lost).
        ctx["logged_weeks_json"] = json.dumps(self.logged_weeks)
        return ctx

    def make_form(self, placement, data=None, files=None):
        logged = set(placement.weekly_logs.values_list("week_no", flat=True))
        self.logged_weeks = sorted(logged)
        today = timezone.localdate()
        weeks = [w for w in range(1, placement.week_count() + 1)
                 if placement.week_start(w) <= today and w not in logged]
        return WeeklyLogForm(data, files, weeks=weeks)

    def save(self, form):
        files = [form.cleaned_data["attachment"]] if form.cleaned_data.get("attachment") else []
        log = services.weekly_log_submit(placement=self.object, by=self.request.user,
                                         week_no=form.cleaned_data["week_no"], content=form.cleaned_data["content"],
                                         files=files)
        self.success_message = _("Your log of week %(n)s was submitted.") % {"n": log.week_no}
        return reverse("internships:log_detail", args=[log.pk])


class EvaluationCreateView(PlacementChildFormView):
    policy_action = "evaluate"
    title = _("Evaluate the intern")

    def make_form(self, placement, data=None, files=None):
        return EvaluationForm(data)

    success_message = _("The evaluation was submitted.")

    def save(self, form):
        role = services.evaluator_role_for(self.request.user, self.object)
        require(role is not None)
        services.evaluation_submit(placement=self.object, stage=form.cleaned_data["stage"], evaluator_role=role,
                                   by=self.request.user, scores=form.scores(), comment=form.cleaned_data["comment"])
        return reverse("internships:placement_detail", args=[self.object.pk])


class IncidentCreateView(PlacementChildFormView):
    policy_action = "incident"
    title = _("Report a safety incident")

    def make_form(self, placement, data=None, files=None):
        return IncidentForm(data)

    success_message = _("The incident was recorded.")

    def save(self, form):
        services.incident_report(placement=self.object, by=self.request.user, **form.cleaned_data)
        return reverse("internships:placement_detail", args=[self.object.pk])


class OutcomeView(PlacementChildFormView):
    policy_action = "outcome"
    title = _("Employment outcome")

    def make_form(self, placement, data=None, files=None):
        return OutcomeForm(data, instance=placement.outcomes.first())

    success_message = _("The employment outcome was recorded.")

    def save(self, form):
        services.outcome_record(student=self.object.student, by=self.request.user, placement=self.object,
                                **form.cleaned_data)
        return reverse("internships:placement_detail", args=[self.object.pk])


def service_worker(request):
    """The service worker of the student's placement pages (core/offline.py): the weekly log form opens
    without network once it has been opened with it, and its draft comes back (static/js/log_draft.js).

    Served from /internships/ so that it may control /internships/placements/; public like any script.
    Its caches are named apart from the attendance worker's, so neither clears the other's.
    """
    precache = [static("css/app.css"), static("js/app.js"), static("js/offline.js"), static("js/log_draft.js")]
    return offline_service_worker(name="iei-pages", scope=reverse("internships:placement_list"), precache=precache)


# --- weekly logs ------------------------------------------------------------------------------------------

def _attachment_count():
    per_log = (WeeklyLogAttachment.objects.filter(log=OuterRef("pk")).order_by().values("log")
               .annotate(n=Count("pk")).values("n")[:1])
    return Coalesce(Subquery(per_log), 0)


class WeeklyLogListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    template_name = "internships/log_list.html"
    allowed_roles = ALL_ROLES
    filterset_class = WeeklyLogFilterSet
    ordering_fields = ("submitted_at", "week_no", "status")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        acc = access_for(self.request.user)
        # A mentor's placements are read first (WeeklyLogQuerySet.visible_to): the page's order then walks their
        # own logs, not the province's.
        qs = (WeeklyLog.objects.visible_to(self.request.user, as_ids=SCOPE_IDS)
              .select_related("placement__student", "placement__enterprise")
              # A correlated count is computed for the page's rows only; Count() would group every log first.
              .annotate(n_attachments=_attachment_count()).order_by("status", "-submitted_at"))
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        ctx["heading"] = (_("Logs to review") if acc.is_teacher else _("My logs") if acc.is_student
                          else _("Weekly logs"))
        return ctx


class WeeklyLogDetailView(RoleRequiredMixin, View):
    allowed_roles = ALL_ROLES
    template_name = "internships/log_detail.html"

    def _log(self, pk):
        return get_object_or_404(
            WeeklyLog.objects.visible_to(self.request.user).select_related("placement__student", "reviewed_by")
            .prefetch_related(Prefetch("attachments", queryset=WeeklyLogAttachment.objects.all())), pk=pk)

    def _render(self, log, **forms):
        policy = WeeklyLogPolicy()
        user = self.request.user
        ctx = {"log": log,
               "can_review": WEEKLY_LOG_STEPS.may_now(log, user, "review"),
               "can_comment": WEEKLY_LOG_STEPS.may_now(log, user, "comment"),
               "can_edit": policy.can_update(user, log) and log.status == LogStatus.SUBMITTED,
               "review_form": forms.get("review_form") or ReviewForm(),
               "comment_form": forms.get("comment_form") or CommentForm(initial={"comment": log.enterprise_comment}),
               "edit_form": forms.get("edit_form") or WeeklyLogForm(instance=log),
               "attach_form": forms.get("attach_form") or AttachmentForm()}
        return render(self.request, self.template_name, ctx)

    def get(self, request, pk):
        return self._render(self._log(pk))

    def post(self, request, pk):
        log = self._log(pk)
        policy = WeeklyLogPolicy()
        what = request.POST.get("what")
        step = WEEKLY_LOG_STEPS.get(what) if what in ("review", "comment") else None
        if step is not None:
            # A declared step (internships/steps.py): the table says who may and runs its service.
            require(WEEKLY_LOG_STEPS.may(request.user, log, step))
            form, key = (ReviewForm if what == "review" else CommentForm)(request.POST), f"{what}_form"
            call = lambda: WEEKLY_LOG_STEPS.run(step, log, request.user, form.cleaned_data)  # noqa: E731
            done = step.message
        elif what == "edit":
            require(policy.can_update(request.user, log))
            form, key = WeeklyLogForm(request.POST, instance=WeeklyLog.objects.get(pk=log.pk)), "edit_form"
            call = lambda: services.weekly_log_update(log=log, by=request.user,  # noqa: E731
                                                      content=form.cleaned_data["content"])
            done = _("Your log was updated.")
        elif what == "attach":
            require(policy.can_update(request.user, log))
            form, key = AttachmentForm(request.POST, request.FILES), "attach_form"
            call = lambda: services.weekly_log_add_attachment(log=log, by=request.user,  # noqa: E731
                                                              file=form.cleaned_data["file"])
            done = _("The file was attached.")
        else:
            raise Http404
        if form.is_valid():
            try:
                call()
            except (ValidationError, StepInputError) as exc:
                apply_errors(form, exc)
            except DomainError as exc:
                # The log moved on (reviewed meanwhile): its form is no longer shown, so say it above the page.
                messages.error(request, message_for(exc))
                return redirect("internships:log_detail", pk=pk)
            else:
                messages.success(request, done)
                return redirect("internships:log_detail", pk=pk)
        return self._render(self._log(pk), **{key: form})


class AttachmentDownloadView(RoleRequiredMixin, View):
    allowed_roles = ALL_ROLES

    def get(self, request, pk):
        att = get_object_or_404(WeeklyLogAttachment.objects.filter(
            log__in=WeeklyLog.objects.visible_to(request.user)), pk=pk)
        return serve_file(att.file, download_name=att.name or None, inline=inline_requested(request))


# --- evaluation through a signed link (no account) --------------------------------------------------------

class EvaluateByLinkView(View):
    template_name = "internships/evaluate_link.html"

    def _load(self, token):
        try:
            return services.evaluation_for_link(token), None
        except UsedLink as exc:
            return None, (str(exc.message), 410)
        except InvalidLink as exc:
            return None, (str(exc.message), 403)

    def _refuse(self, error):
        message, code = error
        return render(self.request, "internships/link_refused.html", {"message": message}, status=code)

    def get(self, request, token):
        evaluation, error = self._load(token)
        if error:
            return self._refuse(error)
        if evaluation.status == EvaluationStatus.SUBMITTED:
            return self._refuse((_("This evaluation has been submitted already."), 410))
        form = EvaluationForm(with_stage=False, with_name=True, initial={"evaluator_name": evaluation.evaluator_name})
        return render(request, self.template_name, {"evaluation": evaluation, "form": form})

    def post(self, request, token):
        evaluation, error = self._load(token)
        if error:
            return self._refuse(error)
        form = EvaluationForm(request.POST, with_stage=False, with_name=True)
        if form.is_valid():
            try:
                services.evaluation_submit_by_link(token=token, scores=form.scores(),
                                                   comment=form.cleaned_data["comment"],
                                                   evaluator_name=form.cleaned_data["evaluator_name"])
            except (InvalidLink, UsedLink) as exc:
                return self._refuse((str(exc.message), exc.status_code))
            except DomainError as exc:
                return self._refuse((str(exc.message), 409))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return render(request, "internships/link_done.html", {"evaluation": evaluation})
        return render(request, self.template_name, {"evaluation": evaluation, "form": form})


# --- compliance (college admins) --------------------------------------------------------------------------

class ComplianceView(RoleRequiredMixin, TemplateView):
    """The rules across the placements' life: who breaks one now, and every exception the college allowed."""

    template_name = "internships/compliance.html"
    allowed_roles = ("college_admin",)
    BREACH_ROWS = 50

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        placements = Placement.objects.visible_to(user)
        excepted = Exists(ComplianceException.objects.filter(placement=OuterRef("pk")))
        # Counting the indexed status (and the partial index of breaches) keeps this cheap at scale.
        ctx["figures"] = kept_aggregate(
            placements.filter(status__in=CURRENT_PLACEMENT_STATES),
            active=Count("status", filter=Q(status=PlacementStatus.ACTIVE)),
            breach=Count("status", filter=Q(status=PlacementStatus.ACTIVE, compliance_ok=False)),
            not_ready=Count("status", filter=Q(status=PlacementStatus.PENDING, compliance_ok=False)))
        ctx["figures"]["excepted"] = placements.filter(excepted, status=PlacementStatus.ACTIVE).count()
        breaches = list(placements.filter(status=PlacementStatus.ACTIVE, compliance_ok=False)
                        .select_related("student", "enterprise").order_by("enterprise__name", "pk")
                        [:self.BREACH_ROWS])
        for p in breaches:
            p.rule_labels = [services.RULES.get(code, code) for code in p.compliance_issues]
        ctx["breaches"] = breaches
        exceptions = (ComplianceException.objects.visible_to(user)
                      .select_related("placement__student", "placement__enterprise", "granted_by"))
        ctx["page"] = CountCachingPaginator(exceptions, 25).get_page(self.request.GET.get("page"))
        return ctx


# --- numbers per enterprise (college admins) --------------------------------------------------------------

class EnterpriseNumbersView(RoleRequiredMixin, TemplateView):
    template_name = "internships/enterprise_numbers.html"
    allowed_roles = ("college_admin",)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        page = Paginator(enterprise_ranking(user=user), 50).get_page(self.request.GET.get("page"))
        found = Organization.objects.visible_to(user).select_related("enterprise").in_bulk(list(page.object_list))
        page.object_list = [found[pk] for pk in page.object_list if pk in found]
        numbers = enterprise_numbers(org.pk for org in page.object_list)
        for org in page.object_list:
            for key, value in numbers[org.pk].items():
                setattr(org, key, value)
        ctx["page"] = page
        ctx["rows"] = page.object_list
        return ctx


# --- employment outcomes ----------------------------------------------------------------------------------

ADMIN = ("college_admin",)


def _outcomes(user):
    return EmploymentOutcome.objects.visible_to(user).select_related("student", "employer", "program", "placement")


class OutcomeListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    """Where students went: the college's register, a mentor's interns, an enterprise's hires, a student's own."""

    template_name = "internships/outcome_list.html"
    allowed_roles = ALL_ROLES
    filterset_class = EmploymentOutcomeFilterSet
    ordering_fields = ("recorded_on", "monthly_salary", "kind")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, _outcomes(user))
        policy = EmploymentOutcomePolicy()
        ctx["can_create"] = policy.can_create(user)
        ctx["editable"] = {o.pk for o in ctx["page"].object_list if policy.can_update(user, o)}
        ctx["deletable"] = {o.pk for o in ctx["page"].object_list if policy.can_delete(user, o)}
        return ctx


class OutcomeStatisticsView(RoleRequiredMixin, ListPageMixin, TemplateView):
    """Employment rate, counterpart employment and average salary per programme and per enterprise."""

    template_name = "internships/outcome_statistics.html"
    allowed_roles = ADMIN
    filterset_class = EmploymentOutcomeFilterSet

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = EmploymentOutcome.objects.visible_to(self.request.user)
        fs = self.filterset_class(self.request.GET or None, queryset=qs, request=self.request)
        rows = fs.qs if fs.is_bound and fs.is_valid() else qs
        overall, programmes, enterprises = outcome_statistics(
            rows, without_programme=_("No programme"), without_employer=_("Not named"))
        ctx.update(filter=fs, overall=overall, programmes=programmes, enterprises=enterprises)
        return ctx


class OutcomeFormView(FormPage):
    """Record a graduate's outcome (by student number) or correct one."""

    allowed_roles = ALL_ROLES
    cancel_url_name = "internships:outcome_list"

    def get_object(self):
        user = self.request.user
        pk = self.kwargs.get("pk")
        if pk is None:
            require(EmploymentOutcomePolicy().can_create(user))
            return None
        outcome = get_object_or_404(_outcomes(user), pk=pk)
        require(EmploymentOutcomePolicy().can_update(user, outcome))
        return outcome

    def get_title(self) -> str:
        return _("Edit employment outcome") if self.object else _("Record an employment outcome")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if self.object:
            ctx["intro"] = str(self.object.student)
        return ctx

    def get_form(self, data=None, files=None):
        if self.object is None:
            return OutcomeRecordForm(data)
        return OutcomeForm(data, instance=self.object)

    def save(self, form):
        data = dict(form.cleaned_data)
        if self.object is None:
            data.pop("student_no")
            return services.outcome_create(student=form.student, by=self.request.user, **data)
        return services.outcome_update(outcome=self.object, by=self.request.user, **data)

    def success_url(self, result) -> str:
        return reverse("internships:outcome_list")


class OutcomeDeleteView(RoleRequiredMixin, View):
    def post(self, request, pk):
        outcome = get_object_or_404(EmploymentOutcome.objects.visible_to(request.user), pk=pk)
        require(EmploymentOutcomePolicy().can_delete(request.user, outcome))
        run_for_page(request, lambda: services.outcome_delete(outcome=outcome, by=request.user),
                     _("The employment outcome was deleted."))
        return redirect("internships:outcome_list")


# --- safety incidents -------------------------------------------------------------------------------------

class IncidentListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    """The safety-incident register, open ones first by default."""

    template_name = "internships/incident_list.html"
    allowed_roles = ALL_ROLES
    filterset_class = SafetyIncidentFilterSet
    ordering_fields = ("occurred_on", "severity", "status")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = (SafetyIncident.objects.visible_to(self.request.user)
              .select_related("placement__student", "placement__enterprise", "reported_by")
              .annotate(note_count=Count("follow_ups")))
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        return ctx


class IncidentDetailView(RoleRequiredMixin, TemplateView):
    template_name = "internships/incident_detail.html"
    allowed_roles = ALL_ROLES

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        incident = get_object_or_404(
            SafetyIncident.objects.visible_to(user).select_related(
                "placement__student", "placement__enterprise", "placement__school_mentor", "reported_by"),
            pk=kwargs["pk"])
        # The steps that write a note share one form; the page offers those the user may take now.
        steps = INCIDENT_STEPS.allowed(incident, user, buttons=False)
        ctx.update(
            incident=incident,
            notes=IncidentFollowUp.objects.filter(incident=incident).select_related("by"),
            history=history_for(incident),
            # One form per step, each with ids of its own (the note field is named "note" in each).
            step_forms=[(step, FollowUpNoteForm(auto_id=f"id_{step.name}_%s")) for step in steps],
            can_edit=incident.status != IncidentStatus.CLOSED and SafetyIncidentPolicy().can_update(user, incident),
        )
        return ctx


class IncidentEditView(FormPage):
    """Correct what was reported while the incident is open."""

    allowed_roles = ALL_ROLES

    def get_object(self):
        incident = get_object_or_404(SafetyIncident.objects.visible_to(self.request.user).select_related(
            "placement"), pk=self.kwargs["pk"])
        require(SafetyIncidentPolicy().can_update(self.request.user, incident))
        return incident

    title = _("Edit safety incident")

    def cancel_url(self) -> str:
        return reverse("internships:incident_detail", args=[self.object.pk])

    def get_form(self, data=None, files=None):
        return IncidentForm(data, instance=self.object)

    def save(self, form):
        return services.incident_update(incident=self.object, by=self.request.user, **form.cleaned_data)

    def success_url(self, result) -> str:
        return reverse("internships:incident_detail", args=[result.pk])


class IncidentStepView(StepView):
    steps = INCIDENT_STEPS
    select_related = ("placement",)

    def success_url(self, obj) -> str:
        return reverse("internships:incident_detail", args=[obj.pk])
