"""HTML pages of the training system. Rows come from each model's ``visible_to``; writes go through the
policies and services, and every action ends with a message."""
from __future__ import annotations

import csv
import io
from collections import defaultdict

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from accounts.choices import Role
from accounts.policy import access_for
from core.domain import DomainError
from core.replica import replica_reads
from core.uploads import inline_requested, serve_file
from core.views import (
    ListPageMixin,
    RoleRequiredMixin,
    StepView,
    apply_errors,
    redirect_back,
    require,
    run_for_page,
)
from core.workflow import history_for

from . import selectors, services
from .choices import CompetencyCategory, CourseProjectStatus, CoverageClass, GoalDimension, GraderRole, ProgramStatus
from .filtersets import (
    CompetencyFilterSet,
    CourseFilterSet,
    CourseProjectFilterSet,
    ProgramFilterSet,
    StudentAchievementFilterSet,
)
from .forms import (
    AchievementForm,
    CommentForm,
    CourseForm,
    CourseProjectForm,
    CoverageForm,
    GoalForm,
    GradeForm,
    ProgramCourseForm,
    ProgramForm,
    RevisionForm,
    TeamForm,
)
from .models import (
    Course,
    CourseProject,
    Program,
    ProjectTeam,
    StudentAchievement,
    TeamMember,
)
from .policies import CoursePolicy, CourseProjectPolicy, ProgramPolicy, StudentAchievementPolicy
from .steps import ACHIEVEMENT_STEPS, COURSE_PROJECT_STEPS, PROGRAM_STEPS

ALL_ROLES = tuple(Role.values)
STAFF = (Role.COLLEGE_ADMIN, Role.TEACHER)
REVIEWERS = (Role.COLLEGE_ADMIN, Role.DEPARTMENT_ADMIN, Role.TEACHER, Role.ENTERPRISE, Role.ASSOCIATION)



def _posted_id(request, name: str) -> int:
    """The id a one-click form names; anything but a number is a row that does not exist (404, not 500)."""
    value = request.POST.get(name, "")
    if not value.isdigit():
        raise Http404
    return int(value)


# --- programmes ---------------------------------------------------------------------------------

class ProgramListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    template_name = "curriculum/program_list.html"
    allowed_roles = ALL_ROLES
    filterset_class = ProgramFilterSet
    ordering_fields = ("title", "major", "cohort_year", "version", "status", "updated_at")
    review_only = False

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = Program.objects.visible_to(self.request.user).select_related("department")
        if self.review_only:
            qs = qs.filter(status=ProgramStatus.IN_REVIEW)
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        ctx["can_create"] = ProgramPolicy().can_create(self.request.user)
        ctx["review_only"] = self.review_only
        return ctx


class ProgramCreateView(RoleRequiredMixin, View):
    allowed_roles = (Role.COLLEGE_ADMIN, Role.DEPARTMENT_ADMIN)

    def get(self, request):
        return render(request, "curriculum/form_page.html",
                      {"form": ProgramForm(user=request.user), "title": _("New programme"),
                       "back": reverse("curriculum:program_list")})

    def post(self, request):
        form = ProgramForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                program = services.program_create(by=request.user, **form.cleaned_data)
            except (DomainError, ValidationError) as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Programme created as a draft."))
                return redirect("curriculum:program_detail", pk=program.pk)
        return render(request, "curriculum/form_page.html",
                      {"form": form, "title": _("New programme"), "back": reverse("curriculum:program_list")},
                      status=400)


def _program_for(request, pk) -> Program:
    return get_object_or_404(Program.objects.visible_to(request.user), pk=pk)


class ProgramDetailView(RoleRequiredMixin, View):
    """The programme page; its forms (goals, courses, review comments) post here, the steps to ProgramStepView."""

    allowed_roles = ALL_ROLES
    # action: (form, service taking program=, by= and the form's fields, message)
    FORMS = {
        "goal": (GoalForm, services.program_goal_add, gettext_lazy("Goal added.")),
        "course": (ProgramCourseForm, services.program_course_set, gettext_lazy("Course added to the programme.")),
        "comment": (CommentForm, services.program_comment, gettext_lazy("Comment added.")),
    }

    def context(self, request, program, **forms):
        goals = defaultdict(list)
        for g in program.goals.all():
            goals[g.dimension].append(g)
        policy = ProgramPolicy()
        acc = access_for(request.user)
        return {
            "program": program,
            "goals_by_dimension": [(label, goals.get(value, [])) for value, label in GoalDimension.choices],
            "program_courses": program.program_courses.select_related("course", "course__module"),
            "comments": program.comments.select_related("author", "organization"),
            "history": history_for(program),
            "versions": Program.objects.visible_to(request.user).filter(
                major=program.major, cohort_year=program.cohort_year).exclude(pk=program.pk),
            "can_manage": policy.can_update(request.user, program),
            "can_comment": policy.can_action(request.user, program, "comment") and not acc.is_teacher
            and program.status == ProgramStatus.IN_REVIEW,
            # goals, courses and the fields change only in a draft (services._require_draft)
            "is_draft": program.status == ProgramStatus.DRAFT,
            "steps": PROGRAM_STEPS.allowed(program, request.user),
            "can_return": PROGRAM_STEPS.may_now(program, request.user, "return_to_draft"),
            "can_new_version": PROGRAM_STEPS.may_now(program, request.user, "new_version"),
            "goal_form": forms.get("goal_form") or GoalForm(),
            "course_form": forms.get("course_form") or ProgramCourseForm(),
            "comment_form": forms.get("comment_form") or CommentForm(),
        }

    def get(self, request, pk):
        program = _program_for(request, pk)
        return render(request, "curriculum/program_detail.html", self.context(request, program))

    def post(self, request, pk):
        program = _program_for(request, pk)
        act = request.POST.get("action", "")
        require(ProgramPolicy().can_action(request.user, program, act))
        if act == "remove_goal":
            goal = get_object_or_404(program.goals, pk=_posted_id(request, "goal"))
            run_for_page(request, lambda: services.program_goal_remove(goal=goal, by=request.user),
                         _("Goal removed."))
        elif act == "remove_course":
            pc = get_object_or_404(program.program_courses, course_id=_posted_id(request, "course"))
            run_for_page(request, lambda: services.program_course_remove(program=program, by=request.user,
                                                                          course=pc.course), _("Course removed."))
        elif act in self.FORMS:
            form_class, service, success = self.FORMS[act]
            form = form_class(request.POST)
            if form.is_valid():
                try:
                    service(program=program, by=request.user, **form.cleaned_data)
                except (DomainError, ValidationError) as exc:
                    apply_errors(form, exc)
                else:
                    messages.success(request, success)
                    return redirect("curriculum:program_detail", pk=program.pk)
            program.refresh_from_db()
            return render(request, "curriculum/program_detail.html",
                          self.context(request, program, **{f"{act}_form": form}), status=400)
        else:
            messages.error(request, _("Unknown action."))
        return redirect("curriculum:program_detail", pk=program.pk)


class ProgramStepView(StepView):
    steps = PROGRAM_STEPS

    def success_url(self, obj) -> str:
        # a new version opens on its own page
        made = self.result if isinstance(self.result, Program) else obj
        return reverse("curriculum:program_detail", args=[made.pk])


class ProgramEditView(RoleRequiredMixin, View):
    allowed_roles = ALL_ROLES

    def _load(self, request, pk):
        program = _program_for(request, pk)
        require(ProgramPolicy().can_update(request.user, program))
        return program

    def _render(self, request, program, form, status=200):
        return render(request, "curriculum/form_page.html", {
            "form": form, "title": _("Edit %(p)s") % {"p": program},
            "back": reverse("curriculum:program_detail", args=[program.pk])}, status=status)

    def get(self, request, pk):
        program = self._load(request, pk)
        if program.status != ProgramStatus.DRAFT:
            messages.error(request, _("Only a draft programme can be changed; create a new version instead."))
            return redirect("curriculum:program_detail", pk=pk)
        return self._render(request, program, ProgramForm(instance=program, user=request.user))

    def post(self, request, pk):
        program = self._load(request, pk)
        form = ProgramForm(request.POST, instance=Program.objects.get(pk=pk), user=request.user)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k not in ("major", "cohort_year")}
            try:
                services.program_update(program=program, by=request.user, **data)
            except ValidationError as exc:
                apply_errors(form, exc)
            except DomainError as exc:  # no longer a draft: nothing on the form to correct
                messages.error(request, str(exc.message))
                return redirect("curriculum:program_detail", pk=pk)
            else:
                messages.success(request, _("Programme saved."))
                return redirect("curriculum:program_detail", pk=pk)
        return self._render(request, program, form, status=400)


class ProgramDiffView(RoleRequiredMixin, TemplateView):
    template_name = "curriculum/program_diff.html"
    allowed_roles = ALL_ROLES

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        new = _program_for(self.request, kwargs["pk"])
        against = self.request.GET.get("against") or new.previous_id
        siblings = Program.objects.visible_to(self.request.user).filter(
            major=new.major, cohort_year=new.cohort_year).exclude(pk=new.pk)
        ctx.update(new=new, siblings=siblings, old=None)
        if str(against or "").isdigit():
            old = get_object_or_404(siblings, pk=int(against))
            ctx["old"] = old
            ctx["diff"] = selectors.program_diff(old, new)
        return ctx


# --- courses ------------------------------------------------------------------------------------

class CourseListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    template_name = "curriculum/course_list.html"
    allowed_roles = ALL_ROLES
    filterset_class = CourseFilterSet
    ordering_fields = ("code", "name", "credits", "last_revised")
    mine = False

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = selectors.course_list(user=self.request.user)
        if self.mine:
            qs = qs.filter(owner=self.request.user)
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        ctx["mine"] = self.mine
        ctx["can_create"] = CoursePolicy().can_create(self.request.user)
        ctx["stale_months"] = settings.IEI["COURSE_STALE_MONTHS"]
        return ctx


class CourseFormView(RoleRequiredMixin, View):
    allowed_roles = ALL_ROLES

    def _load(self, request, pk):
        policy = CoursePolicy()
        if pk is None:
            require(policy.can_create(request.user))
            return None
        course = get_object_or_404(Course.objects.visible_to(request.user), pk=pk)
        require(policy.can_update(request.user, course))
        return course

    def _render(self, request, form, course, status=200):
        title = _("Edit %(c)s") % {"c": course} if course else _("New course")
        back = reverse("curriculum:course_detail", args=[course.pk]) if course else reverse("curriculum:course_list")
        return render(request, "curriculum/form_page.html", {"form": form, "title": title, "back": back,
                                                              "multipart": False}, status=status)

    def get(self, request, pk=None):
        course = self._load(request, pk)
        return self._render(request, CourseForm(instance=course, can_reassign=access_for(
            request.user).is_college_admin), course)

    def post(self, request, pk=None):
        course = self._load(request, pk)
        form = CourseForm(request.POST, instance=course, can_reassign=access_for(request.user).is_college_admin)
        if form.is_valid():
            saved = form.save()
            messages.success(request, _("Course saved."))
            return redirect("curriculum:course_detail", pk=saved.pk)
        return self._render(request, form, course, status=400)


class CourseDetailView(RoleRequiredMixin, View):
    allowed_roles = ALL_ROLES
    # action: (form, service taking course=, by= and the form's fields, message)
    FORMS = {
        "revision": (RevisionForm, services.course_add_revision, gettext_lazy("Revision recorded.")),
        "coverage": (CoverageForm, services.course_set_coverage, gettext_lazy("Coverage saved.")),
    }

    def _load(self, request, pk):
        return get_object_or_404(selectors.course_list(user=request.user), pk=pk)

    def context(self, request, course, revision_form=None, coverage_form=None):
        return {
            "course": course,
            "coverage": course.coverage.select_related("competency"),
            "revisions": course.revisions.select_related("by"),
            "projects": CourseProject.objects.visible_to(request.user).filter(course=course)
            .select_related("industry_project"),
            "competitions": course.competitions.all(),
            "certificates": course.certificates.all(),
            "can_update": CoursePolicy().can_update(request.user, course),
            "revision_form": revision_form or RevisionForm(initial={"revised_on": timezone.localdate()}),
            "coverage_form": coverage_form or CoverageForm(),
        }

    def get(self, request, pk):
        course = self._load(request, pk)
        return render(request, "curriculum/course_detail.html", self.context(request, course))

    def post(self, request, pk):
        course = self._load(request, pk)
        require(CoursePolicy().can_update(request.user, course))
        act = request.POST.get("action")
        if act in self.FORMS:
            form_class, save, success = self.FORMS[act]
            form = form_class(request.POST)
            if form.is_valid():
                try:
                    save(course=course, by=request.user, **form.cleaned_data)
                except (DomainError, ValidationError) as exc:
                    apply_errors(form, exc)
                else:
                    messages.success(request, success)
                    return redirect("curriculum:course_detail", pk=pk)
            return render(request, "curriculum/course_detail.html",
                          self.context(request, course, **{f"{act}_form": form}), status=400)
        if act == "remove_coverage":
            competency_id = _posted_id(request, "competency")
            run_for_page(request, lambda: services.course_remove_coverage(
                course=course, by=request.user, competency_id=competency_id), _("Coverage removed."))
            return redirect("curriculum:course_detail", pk=pk)
        messages.error(request, _("Unknown action."))
        return redirect("curriculum:course_detail", pk=pk)


# --- competency map and coverage ----------------------------------------------------------------

class CompetencyMapView(RoleRequiredMixin, ListPageMixin, TemplateView):
    """岗课赛证: each competency with the job posts, courses, competitions and certificates that meet it."""

    template_name = "curriculum/competency_map.html"
    allowed_roles = ALL_ROLES
    filterset_class = CompetencyFilterSet
    ordering_fields = ("code", "name", "category")

    CELL = selectors.MAP_CELL

    def get(self, request, *args, **kwargs):
        # The map changes when a programme or posting changes, not by the second: its many reads may
        # come from a read replica (core/replica.py), so the page is rendered inside the opt-in.
        with replica_reads():
            return super().get(request, *args, **kwargs).render()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = selectors.competency_map(user=self.request.user)
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        return ctx


def _coverage_for(request):
    acc = access_for(request.user)
    if not (acc.is_college_admin or acc.is_teacher or acc.is_enterprise or acc.is_association):
        raise PermissionDenied
    scoped = acc.enterprise_ids if acc.is_enterprise and not (acc.is_college_admin or acc.is_teacher) else None
    category = request.GET.get("category")
    category = category if category in CompetencyCategory.values else None
    return selectors.coverage_rows(enterprise_ids=scoped, category=category), scoped is not None


class CoverageView(RoleRequiredMixin, TemplateView):
    template_name = "curriculum/coverage.html"
    allowed_roles = REVIEWERS

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rows, scoped = _coverage_for(self.request)
        counts = defaultdict(int)
        for r in rows:
            counts[r.status] += 1
        matrix = selectors.coverage_matrix(rows) if rows else None
        ctx.update(rows=rows, scoped=scoped, svg=selectors.coverage_heatmap_svg(rows, matrix) if rows else "",
                   heat_by_module=bool(matrix and matrix[2]), heat_max=selectors.HEAT_MAX_COLUMNS,
                   categories=CompetencyCategory.choices, current=self.request.GET.get("category", ""),
                   counts=[(label, counts.get(value, 0), value) for value, label in
                           CoverageClass.choices],
                   thin_below=selectors.THIN_BELOW, surplus_above=selectors.SURPLUS_ABOVE)
        return ctx


class CoverageExportView(RoleRequiredMixin, View):
    allowed_roles = REVIEWERS

    def get(self, request, fmt):
        rows, _scoped = _coverage_for(request)
        table = selectors.coverage_table(rows)
        stamp = timezone.localdate().isoformat()
        if fmt == "csv":
            buf = io.StringIO()
            writer = csv.writer(buf)
            writer.writerow(selectors.coverage_headers())
            writer.writerows(table)
            resp = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
            resp["Content-Disposition"] = f'attachment; filename="coverage-{stamp}.csv"'
            return resp
        from openpyxl import Workbook
        from openpyxl.styles import Font, PatternFill

        wb = Workbook()
        ws = wb.active
        ws.title = _("Coverage")[:31]
        ws.append(selectors.coverage_headers())
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for r, values in zip(rows, table, strict=True):
            ws.append(values)
            ws.cell(row=ws.max_row, column=len(values)).fill = PatternFill(
                "solid", fgColor=selectors.STATUS_COLOURS[r.status].lstrip("#"))
        out = io.BytesIO()
        wb.save(out)
        resp = HttpResponse(out.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        resp["Content-Disposition"] = f'attachment; filename="coverage-{stamp}.xlsx"'
        return resp


# --- student achievements -----------------------------------------------------------------------

class AchievementListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    template_name = "curriculum/achievement_list.html"
    allowed_roles = (Role.COLLEGE_ADMIN, Role.DEPARTMENT_ADMIN, Role.TEACHER, Role.STUDENT)
    filterset_class = StudentAchievementFilterSet
    ordering_fields = ("achieved_on", "status", "created_at")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        qs = StudentAchievement.objects.visible_to(user).select_related("student", "competition", "certificate",
                                                                        "program")
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        policy = StudentAchievementPolicy()  # the page's students were primed by filtered_page
        for a in ctx["page"].object_list:
            a.can_reject = ACHIEVEMENT_STEPS.may_now(a, user, "reject")
            a.can_withdraw = services.achievement_is_open(a) and policy.can_delete(user, a)
        acc = access_for(user)
        ctx["is_student"] = acc.is_student and not acc.is_college_admin
        ctx["counts"] = selectors.achievement_counts(user=user) if not ctx["is_student"] else []
        return ctx


class AchievementCreateView(RoleRequiredMixin, View):
    allowed_roles = (Role.STUDENT,)

    def _render(self, request, form, status=200):
        return render(request, "curriculum/form_page.html", {
            "form": form, "title": _("Record an achievement"), "multipart": True,
            "back": reverse("curriculum:achievement_list")}, status=status)

    def get(self, request):
        return self._render(request, AchievementForm())

    def post(self, request):
        form = AchievementForm(request.POST, request.FILES)
        if form.is_valid():
            data = {k: form.cleaned_data.get(k) for k in ("kind", "competition", "certificate", "title",
                                                          "achieved_on", "program", "evidence")}
            try:
                services.achievement_submit(student=request.user, **data)
            except (DomainError, ValidationError) as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Achievement recorded; the college will verify it."))
                return redirect("curriculum:achievement_list")
        return self._render(request, form, status=400)


class AchievementStepView(RoleRequiredMixin, StepView):
    """POST verifies or rejects (ACHIEVEMENT_STEPS); GET of ``evidence`` at the same address is the evidence file."""

    allowed_roles = (Role.COLLEGE_ADMIN, Role.DEPARTMENT_ADMIN, Role.TEACHER, Role.STUDENT)
    steps = ACHIEVEMENT_STEPS

    def success_url(self, obj) -> str:
        return reverse("curriculum:achievement_list")

    def get(self, request, pk, step):
        ach = self.get_object(request, pk)
        if step != "evidence":
            return redirect("curriculum:achievement_list")
        return serve_file(ach.evidence, inline=inline_requested(request))


class AchievementWithdrawView(RoleRequiredMixin, View):
    """The page's counterpart of the API's DELETE: a student takes back an achievement not yet verified."""

    allowed_roles = (Role.COLLEGE_ADMIN, Role.DEPARTMENT_ADMIN, Role.TEACHER, Role.STUDENT)

    def post(self, request, pk):
        ach = get_object_or_404(StudentAchievement.objects.visible_to(request.user), pk=pk)
        require(StudentAchievementPolicy().can_delete(request.user, ach))
        run_for_page(request, lambda: services.achievement_withdraw(achievement=ach, by=request.user),
                     _("Achievement withdrawn."))
        return redirect_back(request, reverse("curriculum:achievement_list"))


# --- project-based teaching ---------------------------------------------------------------------

class CourseProjectListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    template_name = "curriculum/project_list.html"
    allowed_roles = (Role.COLLEGE_ADMIN, Role.TEACHER, Role.ENTERPRISE, Role.STUDENT)
    filterset_class = CourseProjectFilterSet
    ordering_fields = ("title", "term", "status", "created_at")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        qs = CourseProject.objects.visible_to(user).select_related(
            "course", "course__owner", "industry_project__enterprise", "mentor")
        acc = access_for(user)
        if acc.is_teacher and not acc.is_college_admin and self.request.GET.get("all") != "1":
            qs = qs.filter(course__owner=user)
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        ctx["can_create"] = CourseProjectPolicy().can_create(user)
        return ctx


class CourseProjectCreateView(RoleRequiredMixin, View):
    allowed_roles = (Role.COLLEGE_ADMIN, Role.TEACHER)

    def _render(self, request, form, status=200):
        return render(request, "curriculum/form_page.html", {
            "form": form, "title": _("Adopt an industry project"), "back": reverse("curriculum:project_list")},
            status=status)

    def get(self, request):
        return self._render(request, CourseProjectForm(user=request.user))

    def post(self, request):
        form = CourseProjectForm(request.POST, user=request.user)
        if form.is_valid():
            d = form.cleaned_data
            require(CourseProjectPolicy().can_create(request.user, {"course": str(d["course"].pk)}))
            try:
                project = services.course_project_adopt(
                    course=d["course"], industry_project=d["industry_project"], by=request.user, title=d["title"],
                    term=d["term"], mentor=d.get("mentor"), teacher_weight=d["teacher_weight"])
            except (DomainError, ValidationError) as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Industry project adopted by the course."))
                return redirect("curriculum:project_detail", pk=project.pk)
        return self._render(request, form, status=400)


class CourseProjectDetailView(RoleRequiredMixin, View):
    allowed_roles = (Role.COLLEGE_ADMIN, Role.TEACHER, Role.ENTERPRISE, Role.STUDENT)

    def _load(self, request, pk):
        return get_object_or_404(CourseProject.objects.visible_to(request.user).select_related(
            "course", "course__owner", "industry_project__enterprise", "mentor"), pk=pk)

    def context(self, request, project, team_form=None, grade_errors=None):
        teams = project.teams.prefetch_related(
            Prefetch("members", queryset=TeamMember.objects.select_related("student")), "grades")
        rows = []
        for t in teams:
            g = {x.grader_role: x for x in t.grades.all()}
            teacher, mentor = g.get(GraderRole.TEACHER), g.get(GraderRole.MENTOR)
            rows.append({"team": t, "teacher": teacher, "mentor": mentor,
                         "final": services.team_final_score(teacher=teacher and teacher.score,
                                                            mentor=mentor and mentor.score,
                                                            teacher_weight=project.teacher_weight)})
        policy = CourseProjectPolicy()
        can_manage = policy.can_update(request.user, project)
        return {"project": project, "rows": rows, "can_manage": can_manage,
                "steps": COURSE_PROJECT_STEPS.allowed(project, request.user),
                # teams are fixed once the project is completed (services.team_create)
                "can_add_team": can_manage and project.status != CourseProjectStatus.COMPLETED,
                "grader_role": services.grader_role_for(request.user, project)
                if policy.can_action(request.user, project, "grade") else None,
                "team_form": team_form or TeamForm(), "grade_errors": grade_errors or {},
                "history": history_for(project)}

    def get(self, request, pk):
        project = self._load(request, pk)
        return render(request, "curriculum/project_detail.html", self.context(request, project))

    def post(self, request, pk):
        project = self._load(request, pk)
        act = request.POST.get("action", "")
        require(CourseProjectPolicy().can_action(request.user, project, act))
        if act == "team":
            form = TeamForm(request.POST)
            if form.is_valid():
                try:
                    services.team_create(project=project, by=request.user, **form.cleaned_data)
                except (DomainError, ValidationError) as exc:
                    apply_errors(form, exc)
                else:
                    messages.success(request, _("Team created."))
                    return redirect("curriculum:project_detail", pk=pk)
            return render(request, "curriculum/project_detail.html", self.context(request, project, team_form=form),
                          status=400)
        if act == "grade":
            form = GradeForm(request.POST)
            if form.is_valid():
                team = get_object_or_404(ProjectTeam, pk=form.cleaned_data["team"], project=project)
                try:
                    services.team_grade(team=team, by=request.user, score=form.cleaned_data["score"],
                                        comment=form.cleaned_data["comment"])
                except ValidationError as exc:
                    apply_errors(form, exc)
                except DomainError as exc:  # not gradable now: nothing on the form to correct
                    messages.error(request, str(exc.message))
                    return redirect("curriculum:project_detail", pk=pk)
                else:
                    messages.success(request, _("Grade saved."))
                    return redirect("curriculum:project_detail", pk=pk)
            errors = {request.POST.get("team"): [e for errs in form.errors.values() for e in errs]}
            return render(request, "curriculum/project_detail.html",
                          self.context(request, project, grade_errors=errors), status=400)
        messages.error(request, _("Unknown action."))
        return redirect("curriculum:project_detail", pk=pk)


class CourseProjectStepView(StepView):
    steps = COURSE_PROJECT_STEPS
    select_related = ("course", "industry_project")

    def success_url(self, obj) -> str:
        return reverse("curriculum:project_detail", args=[obj.pk])


