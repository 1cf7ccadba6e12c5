"""HTML pages of attendance, phone first (a 390 px screen): every row through a ``visible_to`` scope,
every write through ``attendance.services``, every workflow step from ``attendance/steps.py``."""
from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from accounts.choices import OrganizationKind
from accounts.models import Organization
from accounts.policy import access_for
from core.domain import DomainError
from core.offline import service_worker as offline_service_worker
from core.search import SCOPE_IDS
from core.uploads import inline_requested, serve_file
from core.views import ListPageMixin, RoleRequiredMixin, StepView, apply_errors, redirect_back, require
from internships.models import Placement

from . import selectors, services
from .calendar import WorkWeek, calendar_map, parse_term, term_of, week_start
from .choices import CheckKind, DayState, FlagStatus, NoticeKind
from .filtersets import (
    AbsenceFilterSet,
    CalendarDayFilterSet,
    CheckInFilterSet,
    LeaveRequestFilterSet,
    SupervisionVisitFilterSet,
    WorkingTimeBreachFilterSet,
)
from .forms import (
    CalendarDayForm,
    FollowUpForm,
    LeaveForm,
    PhotoForm,
    ReasonForm,
    RulesForm,
    SheetForm,
    VisitForm,
    WorkplaceForm,
)
from .models import (
    Absence,
    AttendanceRules,
    CalendarDay,
    CheckIn,
    LeaveRequest,
    Notice,
    SupervisionVisit,
    VisitPhoto,
    WorkingTimeBreach,
    Workplace,
)
from .policies import CalendarDayPolicy, LeaveRequestPolicy, VisitPolicy, WorkplacePolicy
from .sheets import sheet_response
from .steps import BREACH_STEPS, CHECK_IN_STEPS, LEAVE_STEPS

STUDENT = ("student",)
# A department administrator (二级学院) reads every page a college admin reads, narrowed by the same
# ``visible_to`` scopes to their department's students (the API has always answered them so), and stands in
# for the school on them where the policies say so (attendance/policies.py: is_school_side).
MENTORS = ("college_admin", "department_admin", "teacher", "enterprise")
EVERYONE = ("college_admin", "department_admin", "teacher", "enterprise", "student")
ADMIN = ("college_admin",)


def _month(request) -> datetime.date:
    """The month a page shows: ``?month=YYYY-MM``, this month when absent or not a month."""
    try:
        first = datetime.datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
        if 2000 <= first.year <= 2100:
            return first
    except ValueError:
        pass
    return timezone.localdate().replace(day=1)


def _shift_month(first: datetime.date, months: int) -> datetime.date:
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _calendar_weeks(att: selectors.Attendance, start: datetime.date, end: datetime.date) -> list[list]:
    """Weeks of (day, state) from Monday to Sunday for a month grid; days outside the month are None."""
    first = week_start(start)
    weeks, week, day = [], [], first
    while day <= end or day.weekday() != 0:
        week.append((day, att.days.get(day)) if start <= day <= end else None)
        if len(week) == 7:
            weeks.append(week)
            week = []
        day += datetime.timedelta(days=1)
    return weeks


def _weekly_rates(placement: Placement, start: datetime.date, end: datetime.date) -> list[dict]:
    """The attendance rate of each week (Monday to Sunday) touching the period."""
    out = []
    monday = week_start(start)
    while monday <= end:
        sunday = monday + datetime.timedelta(days=6)
        att = selectors.attendance_of([placement], monday, sunday)[0]
        out.append({"monday": monday, "sunday": sunday, "present": att.present, "absent": att.absent,
                    "leave": att.leave, "rate": att.rate})
        monday += datetime.timedelta(days=7)
    return out


# ----------------------------------------------------------------------------- the student's pages

class CheckInPageView(RoleRequiredMixin, TemplateView):
    """Today's check-in from a phone: the position from the browser, kept on the phone when offline."""

    template_name = "attendance/check_in.html"
    allowed_roles = EVERYONE

    def get(self, request, *args, **kwargs):
        if not access_for(request.user).is_student:
            return redirect("attendance:board")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        placement = services.active_placement_of(user)
        today = timezone.localdate()
        ctx.update(placement=placement, today=today)
        if placement is None:
            return ctx
        workplace = Workplace.for_placement(placement)
        recent = {(c.date, c.kind): c for c in CheckIn.objects.filter(
            placement=placement, date__gte=today - datetime.timedelta(days=1), date__lte=today)}
        today_in, today_out = recent.get((today, CheckKind.IN)), recent.get((today, CheckKind.OUT))
        yesterday = today - datetime.timedelta(days=1)
        if today_in:
            open_shift = None if today_out else today_in
        elif (yesterday, CheckKind.IN) in recent and (yesterday, CheckKind.OUT) not in recent \
                and timezone.now() - recent[(yesterday, CheckKind.IN)].at < services.MAX_SHIFT:
            open_shift = recent[(yesterday, CheckKind.IN)]  # a shift begun last evening, still open
        else:
            open_shift = None
        week = WorkWeek.of(workplace)
        cal = calendar_map()
        holiday = CalendarDay.objects.filter(date=today).first()
        monday = week_start(today)
        att = selectors.attendance_of([placement], monday, monday + datetime.timedelta(days=6))[0]
        ctx.update(workplace=workplace, today_in=today_in, today_out=today_out, open_shift=open_shift,
                   working_today=week.is_working_day(today, cal), holiday=holiday, week=att,
                   week_days=sorted(att.days.items()),
                   next_kind=CheckKind.OUT if open_shift else (None if today_out else CheckKind.IN))
        return ctx


class MyAttendanceView(RoleRequiredMixin, TemplateView):
    """The student's month: each day's state, the rate, the leave asked."""

    template_name = "attendance/mine.html"
    allowed_roles = STUDENT

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        placement = (Placement.objects.visible_to(user).filter(student=user, status__in=selectors.RAN)
                     .select_related("enterprise", "workplace").order_by("-start_date").first())
        ctx["placement"] = placement
        if placement is None:
            return ctx
        ctx.update(_month_context(self.request, placement))
        ctx["leaves"] = LeaveRequest.objects.filter(placement=placement).order_by("-start_date")[:10]
        return ctx


def _month_context(request, placement: Placement) -> dict:
    first = _month(request)
    start, end = selectors.month_bounds(first)
    att = selectors.attendance_of([placement], start, end)[0]
    return {"month": first, "prev_month": _shift_month(first, -1), "next_month": _shift_month(first, 1),
            "weekday_labels": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
            "states": DayState.choices,
            "att": att, "weeks": _calendar_weeks(att, start, end), "weekly": _weekly_rates(placement, start, end),
            "check_ins": CheckIn.objects.filter(placement=placement, date__gte=start, date__lte=end)
            .order_by("-date", "-kind")}


# ----------------------------------------------------------------------------- mentors' pages

class BoardView(RoleRequiredMixin, ListPageMixin, TemplateView):
    """Today's board: who checked in, who is on leave, who not yet; this week's rate beside each."""

    template_name = "attendance/board.html"
    allowed_roles = MENTORS

    def get_context_data(self, **kwargs):
        from django.core.paginator import Paginator

        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        qs = selectors.today_board(self.request.user, today)
        only = self.request.GET.get("show", "")
        if only == "missing":
            qs = qs.filter(in_at__isnull=True, on_leave=False)
        elif only == "flagged":
            qs = qs.filter(in_flag=FlagStatus.OPEN)
        page = Paginator(qs, self.paginate_by).get_page(self.request.GET.get("page"))
        monday = week_start(today)
        rates = {a.placement.pk: a for a in selectors.attendance_of(list(page.object_list), monday,
                                                                    monday + datetime.timedelta(days=6))}
        ctx.update(page=page, today=today, rates=rates, show=only, query=f"show={only}" if only else "")
        acc = access_for(self.request.user)
        if acc.is_college_admin or acc.is_department_admin:
            # The long streaks of the last closed day: the college's, or the administrator's department's.
            rules = AttendanceRules.current()
            last_closed = Absence.objects.order_by("-date").values_list("date", flat=True).first()
            ctx["long_absences"] = (Absence.objects.visible_to(self.request.user)
                                    .filter(date=last_closed, streak__gte=rules.streak_admin_days)
                                    .count() if last_closed else 0)
            ctx["streak_admin_days"] = rules.streak_admin_days
        return ctx


class PlacementAttendanceView(RoleRequiredMixin, TemplateView):
    """One placement's attendance and working-time compliance: the month, weekly rates, breaches, visits."""

    template_name = "attendance/placement.html"
    allowed_roles = EVERYONE

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        placement = get_object_or_404(Placement.objects.visible_to(user).select_related(
            "student", "enterprise", "school_mentor", "workplace"), pk=kwargs["pk"])
        ctx["placement"] = placement
        ctx.update(_month_context(self.request, placement))
        ctx["workplace"] = Workplace.for_placement(placement)
        ctx["can_edit_workplace"] = WorkplacePolicy().can_update(user, ctx["workplace"])
        ctx["breaches"] = WorkingTimeBreach.objects.filter(placement=placement).order_by("-date")[:20]
        ctx["visits"] = SupervisionVisit.objects.filter(placements=placement).select_related("teacher").order_by(
            "-visited_on")[:10]
        ctx["leaves"] = LeaveRequest.objects.filter(placement=placement).order_by("-start_date")[:10]
        ctx["absences"] = Absence.objects.filter(placement=placement).order_by("-date")[:10]
        return ctx


class WorkplaceFormView(RoleRequiredMixin, View):
    allowed_roles = MENTORS
    template_name = "attendance/workplace_form.html"

    def _load(self, request, pk):
        placement = get_object_or_404(Placement.objects.visible_to(request.user).select_related(
            "student", "enterprise", "workplace"), pk=pk)
        workplace = Workplace.for_placement(placement)
        require(WorkplacePolicy().can_update(request.user, workplace))
        return placement, workplace

    def _render(self, request, form, placement):
        return render(request, self.template_name, {"form": form, "placement": placement})

    def get(self, request, pk):
        placement, workplace = self._load(request, pk)
        return self._render(request, WorkplaceForm(instance=workplace), placement)

    def post(self, request, pk):
        placement, workplace = self._load(request, pk)
        form = WorkplaceForm(request.POST, instance=Workplace.for_placement(placement))
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                services.workplace_update(placement=placement, by=request.user, **values)
            except (ValidationError, DomainError) as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The workplace was saved."))
                return redirect("attendance:placement", pk=placement.pk)
        return self._render(request, form, placement)


# ----------------------------------------------------------------------------- check-ins

class CheckInListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    template_name = "attendance/check_in_list.html"
    allowed_roles = EVERYONE
    filterset_class = CheckInFilterSet
    ordering_fields = ("date", "distance_m")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = CheckIn.objects.visible_to(self.request.user, as_ids=SCOPE_IDS).select_related(
            "placement__student", "placement__enterprise")
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        return ctx


class CheckInDetailView(RoleRequiredMixin, TemplateView):
    template_name = "attendance/check_in_detail.html"
    allowed_roles = EVERYONE

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        row = get_object_or_404(CheckIn.objects.visible_to(self.request.user).select_related(
            "placement__student", "placement__enterprise", "reviewed_by"), pk=kwargs["pk"])
        ctx.update(row=row, steps=CHECK_IN_STEPS.allowed(row, self.request.user),
                   can_reject=CHECK_IN_STEPS.may_now(row, self.request.user, "reject"), reject_form=ReasonForm())
        return ctx


class CheckInStepView(StepView):
    steps = CHECK_IN_STEPS
    select_related = ("placement",)

    def success_url(self, obj) -> str:
        return reverse("attendance:check_in_detail", args=[obj.pk])


class CheckInPhotoView(RoleRequiredMixin, View):
    allowed_roles = EVERYONE

    def get(self, request, pk):
        check_in = get_object_or_404(CheckIn.objects.visible_to(request.user), pk=pk)
        return serve_file(check_in.photo, inline=inline_requested(request))


# ----------------------------------------------------------------------------- leave

class LeaveListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    template_name = "attendance/leave_list.html"
    allowed_roles = EVERYONE
    filterset_class = LeaveRequestFilterSet
    ordering_fields = ("start_date", "created_at", "status")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        qs = LeaveRequest.objects.visible_to(user, as_ids=SCOPE_IDS).select_related("placement__student",
                                                                         "placement__enterprise")
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        ctx["can_ask"] = access_for(user).is_student and services.active_placement_of(user) is not None
        policy = LeaveRequestPolicy()
        waiting = list(qs.filter(status__in=("awaiting_enterprise", "awaiting_school"))
                       .order_by("start_date", "pk")[:50])
        # The leaves to decide are not the page's rows (which filtered_page primed): the students of these 50
        # in one query, not one per row.
        policy.prime(user, waiting)
        ctx["to_decide"] = [leave for leave in waiting if policy.can_action(user, leave, "approve")
                            and leave.placement.student_id != user.pk]
        return ctx


class LeaveCreateView(RoleRequiredMixin, View):
    allowed_roles = STUDENT
    template_name = "attendance/leave_form.html"

    def _render(self, request, form):
        rules = AttendanceRules.current()
        return render(request, self.template_name, {"form": form, "rules": rules,
                                                    "placement": services.active_placement_of(request.user)})

    def get(self, request):
        return self._render(request, LeaveForm(initial={"start_date": timezone.localdate(),
                                                        "end_date": timezone.localdate()}))

    def post(self, request):
        form = LeaveForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                leave = services.leave_request_create(student=request.user, **form.cleaned_data)
            except (ValidationError, DomainError) as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Your leave request was sent."))
                return redirect("attendance:leave_detail", pk=leave.pk)
        return self._render(request, form)


class LeaveDetailView(RoleRequiredMixin, TemplateView):
    template_name = "attendance/leave_detail.html"
    allowed_roles = EVERYONE

    def get_context_data(self, **kwargs):
        from core.workflow import history_for

        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        leave = get_object_or_404(LeaveRequest.objects.visible_to(user).select_related(
            "placement__student", "placement__enterprise", "placement__school_mentor", "enterprise_decided_by",
            "school_decided_by"), pk=kwargs["pk"])
        ctx.update(leave=leave, steps=LEAVE_STEPS.allowed(leave, user),
                   can_refuse=LEAVE_STEPS.may_now(leave, user, "refuse") and leave.placement.student_id != user.pk,
                   refuse_form=ReasonForm(), history=history_for(leave)[:10])
        if leave.placement.student_id == user.pk:  # the student cancels, never approves their own leave
            ctx["steps"] = [s for s in ctx["steps"] if s.name == "cancel"]
        return ctx


class LeaveStepView(StepView):
    steps = LEAVE_STEPS
    select_related = ("placement",)

    def success_url(self, obj) -> str:
        return reverse("attendance:leave_detail", args=[obj.pk])


class LeaveAttachmentView(RoleRequiredMixin, View):
    allowed_roles = EVERYONE

    def get(self, request, pk):
        leave = get_object_or_404(LeaveRequest.objects.visible_to(request.user), pk=pk)
        return serve_file(leave.attachment, inline=inline_requested(request))


# ----------------------------------------------------------------------------- absences and breaches

class AbsenceListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    """Absences closed by the daily job; college admins open it on the long streaks."""

    template_name = "attendance/absence_list.html"
    allowed_roles = EVERYONE
    filterset_class = AbsenceFilterSet
    ordering_fields = ("date", "streak")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = Absence.objects.visible_to(self.request.user, as_ids=SCOPE_IDS).select_related(
            "placement__student", "placement__enterprise")
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        ctx["streak_admin_days"] = AttendanceRules.current().streak_admin_days
        return ctx


class BreachListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    template_name = "attendance/breach_list.html"
    allowed_roles = EVERYONE
    filterset_class = WorkingTimeBreachFilterSet
    ordering_fields = ("date", "kind")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = WorkingTimeBreach.objects.visible_to(self.request.user, as_ids=SCOPE_IDS).select_related(
            "placement__student", "placement__enterprise")
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request, qs)
        return ctx


class BreachDetailView(RoleRequiredMixin, TemplateView):
    template_name = "attendance/breach_detail.html"
    allowed_roles = EVERYONE

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        breach = get_object_or_404(WorkingTimeBreach.objects.visible_to(self.request.user).select_related(
            "placement__student", "placement__enterprise", "check_in", "acknowledged_by"), pk=kwargs["pk"])
        ctx.update(breach=breach, can_follow_up=BREACH_STEPS.may_now(breach, self.request.user, "acknowledge"),
                   form=FollowUpForm())
        return ctx


class BreachStepView(StepView):
    steps = BREACH_STEPS
    select_related = ("placement",)

    def success_url(self, obj) -> str:
        return reverse("attendance:breach_detail", args=[obj.pk])


# ----------------------------------------------------------------------------- supervision visits

def _visitable(user):
    """Placements a visitor may name: a teacher's own mentees, every running placement for a college admin."""
    qs = Placement.objects.filter(status__in=selectors.RAN)
    return qs if access_for(user).is_college_admin else qs.filter(school_mentor_id=user.pk)


class VisitListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    template_name = "attendance/visit_list.html"
    allowed_roles = MENTORS
    filterset_class = SupervisionVisitFilterSet
    ordering_fields = ("visited_on",)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(self.request,
                                                                      selectors.visits_for(self.request.user))
        ctx["can_create"] = VisitPolicy().can_create(self.request.user)
        return ctx


class VisitFormView(RoleRequiredMixin, View):
    allowed_roles = ("college_admin", "teacher")
    template_name = "attendance/visit_form.html"

    def _visit(self, request, pk):
        if pk is None:
            return None
        visit = get_object_or_404(SupervisionVisit.objects.visible_to(request.user), pk=pk)
        require(VisitPolicy().can_update(request.user, visit))
        return visit

    def _form(self, request, visit, data=None):
        initial = {}
        if visit is not None:
            initial = {"enterprise": visit.enterprise_id, "visited_on": visit.visited_on, "mode": visit.mode,
                       "placements": list(visit.placements.values_list("pk", flat=True)),
                       "findings": visit.findings, "follow_up": visit.follow_up}
        elif request.GET.get("placement", "").isdigit():
            placement = _visitable(request.user).filter(pk=int(request.GET["placement"])).first()
            if placement is not None:
                initial = {"enterprise": placement.enterprise_id, "placements": [placement.pk]}
        form = VisitForm(data, placements=_visitable(request.user), initial=initial)
        if visit is not None:
            form.fields["enterprise"].disabled = True
        return form

    def _render(self, request, form, visit):
        return render(request, self.template_name, {"form": form, "visit": visit})

    def get(self, request, pk=None):
        visit = self._visit(request, pk)
        return self._render(request, self._form(request, visit), visit)

    def post(self, request, pk=None):
        visit = self._visit(request, pk)
        form = self._form(request, visit, request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                if visit is None:
                    visit = services.visit_record(by=request.user, **data)
                else:
                    data.pop("enterprise", None)
                    visit = services.visit_update(visit=visit, by=request.user, **data)
            except (ValidationError, DomainError) as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The visit was saved."))
                return redirect("attendance:visit_detail", pk=visit.pk)
        return self._render(request, form, visit)


class VisitDetailView(RoleRequiredMixin, View):
    allowed_roles = EVERYONE
    template_name = "attendance/visit_detail.html"

    def _visit(self, request, pk):
        return get_object_or_404(SupervisionVisit.objects.visible_to(request.user).select_related(
            "teacher", "enterprise"), pk=pk)

    def _render(self, request, visit, form):
        return render(request, self.template_name, {
            "visit": visit, "placements": visit.placements.select_related("student").order_by("pk"),
            "photos": visit.photos.all(), "can_edit": VisitPolicy().can_update(request.user, visit), "form": form})

    def get(self, request, pk):
        return self._render(request, self._visit(request, pk), PhotoForm())

    def post(self, request, pk):
        """A photo for the visit (its author only)."""
        visit = self._visit(request, pk)
        require(VisitPolicy().can_update(request.user, visit))
        form = PhotoForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.visit_add_photo(visit=visit, by=request.user, file=form.cleaned_data["file"])
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The photo was added."))
                return redirect("attendance:visit_detail", pk=visit.pk)
        return self._render(request, visit, form)


class VisitPhotoView(RoleRequiredMixin, View):
    allowed_roles = EVERYONE

    def get(self, request, pk, photo_id):
        visit = get_object_or_404(SupervisionVisit.objects.visible_to(request.user), pk=pk)
        photo = get_object_or_404(VisitPhoto, visit=visit, pk=photo_id)
        return serve_file(photo.file, inline=inline_requested(request))


class CoverageView(RoleRequiredMixin, TemplateView):
    """Visit coverage of a term: every running placement visited the number of times the college set."""

    template_name = "attendance/coverage.html"
    allowed_roles = ("college_admin", "department_admin", "teacher")

    def get_context_data(self, **kwargs):
        from django.core.paginator import Paginator

        ctx = super().get_context_data(**kwargs)
        label = self.request.GET.get("term", "")
        bounds = parse_term(label) if label else None
        if bounds is None:
            label, start, end = term_of(timezone.localdate())
        else:
            start, end = bounds
        required = AttendanceRules.current().visits_per_placement
        user = self.request.user
        ctx["coverage"] = selectors.visit_coverage(user, label, start, end, required)
        missing = (selectors.coverage_placements(user, start, end).filter(visits__lt=required)
                   .select_related("student", "enterprise", "school_mentor").order_by("enterprise__name", "pk"))
        ctx["page"] = Paginator(missing, 25).get_page(self.request.GET.get("page"))
        ctx["query"] = f"term={label}"
        year = int(label[:4])
        ctx["terms"] = [f"{y}-{y + 1}-{t}" for y in (year - 1, year, year + 1) for t in (1, 2)]
        return ctx


# ----------------------------------------------------------------------------- calendar, rules, sheets

class CalendarListView(RoleRequiredMixin, ListPageMixin, TemplateView):
    template_name = "attendance/calendar_list.html"
    allowed_roles = EVERYONE
    filterset_class = CalendarDayFilterSet
    paginate_by = 100

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter"], ctx["page"], ctx["query"] = self.filtered_page(
            self.request, CalendarDay.objects.visible_to(self.request.user))
        ctx["can_edit"] = CalendarDayPolicy().can_create(self.request.user)
        return ctx


class CalendarDayFormView(RoleRequiredMixin, View):
    allowed_roles = ADMIN
    template_name = "attendance/form.html"

    def _day(self, request, pk):
        return None if pk is None else get_object_or_404(CalendarDay.objects.visible_to(request.user), pk=pk)

    def _render(self, request, form, day):
        return render(request, self.template_name, {
            "form": form, "title": _("Edit calendar day") if day else _("New calendar day"),
            "cancel": reverse("attendance:calendar"), "delete_url": reverse("attendance:calendar_delete",
                                                                            args=[day.pk]) if day else ""})

    def get(self, request, pk=None):
        day = self._day(request, pk)
        return self._render(request, CalendarDayForm(instance=day), day)

    def post(self, request, pk=None):
        day = self._day(request, pk)
        form = CalendarDayForm(request.POST, instance=day)
        if form.is_valid():
            try:
                services.calendar_day_save(by=request.user, day=day, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The calendar was saved."))
                return redirect("attendance:calendar")
        return self._render(request, form, day)


class CalendarDayDeleteView(RoleRequiredMixin, View):
    allowed_roles = ADMIN

    def post(self, request, pk):
        day = get_object_or_404(CalendarDay.objects.visible_to(request.user), pk=pk)
        services.calendar_day_delete(day=day, by=request.user)
        messages.success(request, _("The calendar day was removed."))
        return redirect_back(request, reverse("attendance:calendar"))


class RulesView(RoleRequiredMixin, View):
    allowed_roles = ADMIN
    template_name = "attendance/form.html"

    def _render(self, request, form):
        return render(request, self.template_name, {"form": form, "title": _("Attendance rules"),
                                                    "cancel": reverse("attendance:board")})

    def get(self, request):
        return self._render(request, RulesForm(instance=AttendanceRules.current()))

    def post(self, request):
        form = RulesForm(request.POST, instance=AttendanceRules.objects.get_or_create(pk=1)[0])
        if form.is_valid():
            try:
                services.rules_update(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The attendance rules were saved."))
                return redirect("attendance:rules")
        return self._render(request, form)


def _sheet_enterprises(user):
    acc = access_for(user)
    qs = Organization.objects.enterprises().filter(is_active=True).order_by("name")
    if acc.is_college_admin:
        return qs.filter(pk__in=Placement.objects.filter(status__in=selectors.RAN).values("enterprise_id"))
    return qs.filter(pk__in=Placement.objects.visible_to(user).values("enterprise_id"))


def _sheet_departments(user):
    """The departments a sheet may be asked for: all for the college; a department administrator's own."""
    acc = access_for(user)
    qs = Organization.objects.filter(kind=OrganizationKind.DEPARTMENT, is_active=True).order_by("name")
    return qs if acc.is_college_admin or not acc.is_department_admin else qs.filter(pk__in=acc.department_ids)


class SheetView(RoleRequiredMixin, View):
    """The monthly attendance sheet (XLSX) per department or enterprise."""

    allowed_roles = MENTORS
    template_name = "attendance/sheet.html"

    def get(self, request):
        if "month" not in request.GET:
            return render(request, self.template_name, {"form": SheetForm(
                enterprises=_sheet_enterprises(request.user), departments=_sheet_departments(request.user))})
        form = SheetForm(request.GET, enterprises=_sheet_enterprises(request.user),
                         departments=_sheet_departments(request.user))
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        first = datetime.datetime.strptime(form.cleaned_data["month"], "%Y-%m").date()
        start, end = selectors.month_bounds(first)
        department, enterprise = form.cleaned_data["department"], form.cleaned_data["enterprise"]
        params = {"start": start, "end": end, "department": department.pk if department else None,
                  "enterprise": enterprise.pk if enterprise else None}
        placements = selectors.sheet_placements(request.user, start, end, department=params["department"],
                                                enterprise=params["enterprise"])
        try:
            return sheet_response(request, placements, params)
        except Exception as exc:  # noqa: BLE001 - a too-large sheet is a form error, not a 500
            from rest_framework.exceptions import ValidationError as ApiValidationError

            if not isinstance(exc, ApiValidationError):
                raise
            form.add_error("department", _("Too many students: choose a department or an enterprise."))
            return render(request, self.template_name, {"form": form}, status=400)


class NoticeListView(RoleRequiredMixin, TemplateView):
    """What the daily job told the signed-in user, one notice a day."""

    template_name = "attendance/notice_list.html"
    allowed_roles = EVERYONE

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        notices = list(Notice.objects.visible_to(self.request.user).order_by("-day")[:30])
        ids = {i.get("placement") for n in notices for i in n.items if i.get("placement")}
        ids |= {p["placement"] for n in notices for i in n.items for p in i.get("placements", [])
                if isinstance(p, dict)}
        ids |= {p for n in notices for i in n.items for p in i.get("placements", []) if isinstance(p, int)}
        names = dict(Placement.objects.visible_to(self.request.user).filter(pk__in=ids)
                     .values_list("pk", "student__display_name"))
        ctx.update(notices=notices, names=names, kinds=NoticeKind)
        return ctx


# ----------------------------------------------------------------------------- the installable web app

@never_cache
def manifest(request):
    """The web app manifest: the check-in page installs like an app on the phone's home screen."""
    return JsonResponse({
        "name": _("IEI Platform · Attendance"),
        "short_name": _("Check-in"),
        "description": _("Check in and out of your internship, ask for leave, see your attendance."),
        "start_url": reverse("attendance:check_in"),
        "scope": reverse("attendance:check_in"),
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#0f2747",
        "lang": request.LANGUAGE_CODE,
        "icons": [
            {"src": static("attendance/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("attendance/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("attendance/icons/icon-512.png"), "sizes": "512x512", "type": "image/png",
             "purpose": "maskable"},
        ],
    }, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})


def service_worker(request):
    """The service worker (core/offline.py), served under /attendance/ so that it may control the attendance
    pages; it keeps the offline page and the check-in page's files from the start."""
    scope = reverse("attendance:check_in")
    precache = [f"{scope}offline/", static("css/app.css"), static("js/app.js"), static("js/offline.js"),
             static("attendance/attendance.css"), static("attendance/checkin.js"),
             static("attendance/icons/icon-192.png")]
    return offline_service_worker(name="iei-attendance", scope=scope, precache=precache, offline=f"{scope}offline/",
                                  allowed=True)


class OfflineView(TemplateView):
    """What a page of the app shows when it was never kept on the phone and there is no network."""

    template_name = "attendance/offline.html"

