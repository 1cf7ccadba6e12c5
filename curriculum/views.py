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
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.choices import Role
from accounts.policy import access_for
from core.domain import DomainError
from core.uploads import serve_file
from core.views import ListPageMixin, RoleRequiredMixin
from core.workflow import history_for

from . import selectors, services
from .choices import CompetencyCategory, CoverageClass, GoalDimension, GraderRole, ProgramStatus
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
    NoteForm,
    ProgramCourseForm,
    ProgramForm,
    RevisionForm,
    TeamForm,
)
from .models import (
    Course,
    CourseCompetency,
    CourseProject,
    Program,
    ProjectTeam,
    StudentAchievement,
    TeamMember,
)
from .policies import CoursePolicy, CourseProjectPolicy, ProgramPolicy, StudentAchievementPolicy

ALL_ROLES = tuple(Role.values)
STAFF = (Role.COLLEGE_ADMIN, Role.TEACHER)
REVIEWERS = (Role.COLLEGE_ADMIN, Role.TEACHER, Role.ENTERPRISE, Role.ASSOCIATION)


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc.messages)


def _run(request, fn, success: str, form=None) -> bool:
    """Calls a service; a domain error becomes an error message, a validation error goes onto the form."""
    try:
        fn()
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return False
    except ValidationError as exc:
        if form is not None:
            _apply_errors(form, exc)
        else:
            messages.error(request, " ".join(exc.messages))
        return False
    messages.success(request, success)
    return True


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
    allowed_roles = (Role.COLLEGE_ADMIN,)

    def get(self, request):
        return render(request, "curriculum/form_page.html",
                      {"form": ProgramForm(), "title": _("New programme"), "back": reverse("curriculum:program_list")})

    def post(self, request):
        form = ProgramForm(request.POST)
        created = {}
        if form.is_valid() and _run(request, lambda: created.setdefault("p", services.program_create(
                by=request.user, **form.cleaned_data)), _("Programme created as a draft."), form):
            return redirect("curriculum:program_detail", pk=created["p"].pk)
        return render(request, "curriculum/form_page.html",
                      {"form": form, "title": _("New programme"), "back": reverse("curriculum:program_list")},
                      status=400)


def _program_for(request, pk) -> Program:
    return get_object_or_404(Program.objects.visible_to(request.user), pk=pk)


class ProgramDetailView(RoleRequiredMixin, View):
    allowed_roles = ALL_ROLES

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
            "can_manage": policy.can_action(request.user, program, "approve"),
            "can_comment": policy.can_action(request.user, program, "comment") and not acc.is_teacher
            and program.status == ProgramStatus.IN_REVIEW,
            "is_draft": program.status == ProgramStatus.DRAFT,
            "goal_form": forms.get("goal_form") or GoalForm(),
            "course_form": forms.get("course_form") or ProgramCourseForm(),
            "comment_form": forms.get("comment_form") or CommentForm(),
            "note_form": NoteForm(),
        }

    def get(self, request, pk):
        program = _program_for(request, pk)
        return render(request, "curriculum/program_detail.html", self.context(request, program))

    def post(self, request, pk):
        program = _program_for(request, pk)
        act = request.POST.get("action", "")
        policy = ProgramPolicy()
        if not policy.can_action(request.user, program, act):
            raise PermissionDenied
        forms = {}
        ok = False
        if act == "comment":
            form = forms["comment_form"] = CommentForm(request.POST)
            ok = form.is_valid() and _run(request, lambda: services.program_comment(
                program=program, by=request.user, body=form.cleaned_data["body"]), _("Comment added."), form)
        elif act == "goal":
            form = forms["goal_form"] = GoalForm(request.POST)
            ok = form.is_valid() and _run(request, lambda: services.program_goal_add(
                program=program, by=request.user, **form.cleaned_data), _("Goal added."), form)
        elif act == "course":
            form = forms["course_form"] = ProgramCourseForm(request.POST)
            ok = form.is_valid() and _run(request, lambda: services.program_course_set(
                program=program, by=request.user, **form.cleaned_data), _("Course added to the programme."), form)
        elif act == "remove_goal":
            goal = get_object_or_404(program.goals, pk=request.POST.get("goal"))
            ok = _run(request, lambda: services.program_goal_remove(goal=goal, by=request.user), _("Goal removed."))
        elif act == "remove_course":
            pc = get_object_or_404(program.program_courses, course_id=request.POST.get("course"))
            ok = _run(request, lambda: services.program_course_remove(program=program, by=request.user,
                                                                       course=pc.course), _("Course removed."))
        elif act in ("submit", "approve", "return"):
            fn = {"submit": services.program_submit, "approve": services.program_approve}.get(act)
            note = request.POST.get("note", "")[:300]
            msg = {"submit": _("Programme submitted for review."), "approve": _("Programme approved."),
                   "return": _("Programme returned to draft.")}[act]
            ok = _run(request, (lambda: fn(program=program, by=request.user)) if fn else (
                lambda: services.program_return(program=program, by=request.user, note=note)), msg)
        elif act == "new_version":
            made = {}
            if _run(request, lambda: made.setdefault("p", services.program_new_version(program=program,
                                                                                        by=request.user)),
                    _("A new draft version was created.")):
                return redirect("curriculum:program_detail", pk=made["p"].pk)
        else:
            messages.error(request, _("Unknown action."))
        if ok or not forms:
            return redirect("curriculum:program_detail", pk=program.pk)
        program.refresh_from_db()
        return render(request, "curriculum/program_detail.html", self.context(request, program, **forms),
                      status=400)


class ProgramEditView(RoleRequiredMixin, View):
    allowed_roles = ALL_ROLES

    def _load(self, request, pk):
        program = _program_for(request, pk)
        if not ProgramPolicy().can_update(request.user, program):
            raise PermissionDenied
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
        return self._render(request, program, ProgramForm(instance=program))

    def post(self, request, pk):
        program = self._load(request, pk)
        form = ProgramForm(request.POST, instance=Program.objects.get(pk=pk))
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k not in ("major", "cohort_year")}
            if _run(request, lambda: services.program_update(program=program, by=request.user, **data),
                    _("Programme saved."), form):
                return redirect("curriculum:program_detail", pk=pk)
            if not form.errors:
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
            if not policy.can_create(request.user):
                raise PermissionDenied
            return None
        course = get_object_or_404(Course.objects.visible_to(request.user), pk=pk)
        if not policy.can_update(request.user, course):
            raise PermissionDenied
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
        if not CoursePolicy().can_update(request.user, course):
            raise PermissionDenied
        act = request.POST.get("action")
        if act == "revision":
            form = RevisionForm(request.POST)
            if form.is_valid() and _run(request, lambda: services.course_add_revision(
                    course=course, by=request.user, **form.cleaned_data), _("Revision recorded."), form):
                return redirect("curriculum:course_detail", pk=pk)
            return render(request, "curriculum/course_detail.html",
                          self.context(request, course, revision_form=form), status=400)
        if act == "coverage":
            form = CoverageForm(request.POST)
            if form.is_valid() and _run(request, lambda: services.course_set_coverage(
                    course=course, **form.cleaned_data), _("Coverage saved."), form):
                return redirect("curriculum:course_detail", pk=pk)
            return render(request, "curriculum/course_detail.html",
                          self.context(request, course, coverage_form=form), status=400)
        if act == "remove_coverage":
            CourseCompetency.objects.filter(course=course, competency_id=request.POST.get("competency")).delete()
            messages.success(request, _("Coverage removed."))
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
    allowed_roles = (Role.COLLEGE_ADMIN, Role.TEACHER, Role.STUDENT)
    filterset_class = StudentAchievementFilterSet
    ordering_fields = ("achieved_on", "status", "created_at")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        qs = StudentAchievement.objects.visible_to(user).select_related("student", "competition", "certificate",
                                                                        "program")
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        acc = access_for(user)
        ctx["is_student"] = acc.is_student and not acc.is_college_admin
        ctx["can_verify"] = acc.is_college_admin
        ctx["counts"] = selectors.achievement_counts(user=user) if not ctx["is_student"] else []
        ctx["note_form"] = NoteForm()
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
            if _run(request, lambda: services.achievement_submit(student=request.user, **data),
                    _("Achievement recorded; the college will verify it."), form):
                return redirect("curriculum:achievement_list")
        return self._render(request, form, status=400)


class AchievementActionView(RoleRequiredMixin, View):
    allowed_roles = (Role.COLLEGE_ADMIN, Role.TEACHER, Role.STUDENT)

    def _load(self, request, pk):
        return get_object_or_404(StudentAchievement.objects.visible_to(request.user), pk=pk)

    def get(self, request, pk, act):
        ach = self._load(request, pk)
        if act != "evidence":
            return redirect("curriculum:achievement_list")
        return serve_file(ach.evidence)

    def post(self, request, pk, act):
        ach = self._load(request, pk)
        if act not in ("verify", "reject", "withdraw") or not StudentAchievementPolicy().can_action(
                request.user, ach, act):
            raise PermissionDenied
        note = request.POST.get("note", "")[:300]
        if act == "verify":
            _run(request, lambda: services.achievement_verify(achievement=ach, by=request.user, note=note),
                 _("Achievement verified."))
        elif act == "reject":
            _run(request, lambda: services.achievement_reject(achievement=ach, by=request.user, note=note),
                 _("Achievement rejected."))
        else:
            _run(request, lambda: services.achievement_withdraw(achievement=ach, by=request.user),
                 _("Achievement withdrawn."))
        return redirect("curriculum:achievement_list")


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
        made = {}
        if form.is_valid():
            d = form.cleaned_data
            if not CourseProjectPolicy().can_create(request.user, {"course": str(d["course"].pk)}):
                raise PermissionDenied
            if _run(request, lambda: made.setdefault("p", services.course_project_adopt(
                    course=d["course"], industry_project=d["industry_project"], by=request.user, title=d["title"],
                    term=d["term"], mentor=d.get("mentor"), teacher_weight=d["teacher_weight"])),
                    _("Industry project adopted by the course."), form):
                return redirect("curriculum:project_detail", pk=made["p"].pk)
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
        return {"project": project, "rows": rows, "can_manage": policy.can_update(request.user, project),
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
        if not CourseProjectPolicy().can_action(request.user, project, act):
            raise PermissionDenied
        if act == "team":
            form = TeamForm(request.POST)
            if form.is_valid() and _run(request, lambda: services.team_create(
                    project=project, by=request.user, **form.cleaned_data), _("Team created."), form):
                return redirect("curriculum:project_detail", pk=pk)
            return render(request, "curriculum/project_detail.html", self.context(request, project, team_form=form),
                          status=400)
        if act == "grade":
            form = GradeForm(request.POST)
            if form.is_valid():
                team = get_object_or_404(ProjectTeam, pk=form.cleaned_data["team"], project=project)
                if _run(request, lambda: services.team_grade(team=team, by=request.user,
                                                             score=form.cleaned_data["score"],
                                                             comment=form.cleaned_data["comment"]),
                        _("Grade saved."), form) or not form.errors:
                    return redirect("curriculum:project_detail", pk=pk)
            errors = {request.POST.get("team"): [e for errs in form.errors.values() for e in errs]}
            return render(request, "curriculum/project_detail.html",
                          self.context(request, project, grade_errors=errors), status=400)
        if act in ("start", "complete"):
            fn = services.course_project_start if act == "start" else services.course_project_complete
            _run(request, lambda: fn(project=project, by=request.user),
                 _("Project started.") if act == "start" else _("Project completed."))
            return redirect("curriculum:project_detail", pk=pk)
        messages.error(request, _("Unknown action."))
        return redirect("curriculum:project_detail", pk=pk)


