"""The attendance API (DESIGN.md section 5): check-ins, leave, calendar, workplaces, absences, breaches,
visits and sheets. Every list starts from the model's ``visible_to`` scope; every write goes through
``attendance.services``; workflow steps come from ``attendance/steps.py``."""
from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed, NotFound, PermissionDenied
from rest_framework.response import Response

from accounts.policy import access_for
from attendance import selectors, services
from attendance.calendar import parse_term, term_of
from attendance.filtersets import (
    AbsenceFilterSet,
    CalendarDayFilterSet,
    CheckInFilterSet,
    LeaveRequestFilterSet,
    SupervisionVisitFilterSet,
    WorkingTimeBreachFilterSet,
    WorkplaceFilterSet,
)
from attendance.models import (
    Absence,
    AttendanceRules,
    CalendarDay,
    CheckIn,
    LeaveRequest,
    SupervisionVisit,
    VisitPhoto,
    WorkingTimeBreach,
    Workplace,
)
from attendance.policies import (
    BreachPolicy,
    CalendarDayPolicy,
    CheckInPolicy,
    LeaveRequestPolicy,
    RulesPolicy,
    VisitPolicy,
    WorkplacePolicy,
)
from attendance.sheets import sheet_response
from attendance.steps import BREACH_STEPS, CHECK_IN_STEPS, LEAVE_STEPS
from core.api import FreshRowMixin, Pagination, ReleasingListMixin, ScopedModelViewSet, ScopedReadOnlyViewSet
from core.parsers import reject_repeated
from core.uploads import serve_file
from internships.models import Placement

from .serializers import (
    AbsenceSerializer,
    AttendanceRulesSerializer,
    CalendarDaySerializer,
    CheckInCreateSerializer,
    CheckInSerializer,
    LeaveRequestSerializer,
    SheetQuerySerializer,
    SheetRowSerializer,
    SupervisionVisitSerializer,
    VisitCoverageQuerySerializer,
    VisitCoverageSerializer,
    VisitPhotoSerializer,
    WorkingTimeBreachSerializer,
    WorkplaceSerializer,
)

PLACEMENT_ROWS = ("placement__student", "placement__enterprise")


def _single_values(request, *names: str) -> dict:
    """The query as a plain dict: a repeated name is a 400, and an empty value (``?month=``) is validated as
    given rather than read as "left out" (DRF's reading of form data)."""
    reject_repeated(request.query_params, *names)
    return {name: request.query_params[name] for name in names if name in request.query_params}


class NoCreate:
    """A resource people never create through the API: its rows come from a service elsewhere."""

    @extend_schema(exclude=True)
    def create(self, request, *args, **kwargs):
        raise MethodNotAllowed(request.method)


class CheckInViewSet(ScopedModelViewSet):
    """Check-ins and check-outs: the intern's phone posts them; mentors review the flagged ones."""

    serializer_class = CheckInSerializer
    steps = CHECK_IN_STEPS
    filterset_class = CheckInFilterSet
    policy_class = CheckInPolicy
    search_fields = ["placement__student__display_name", "placement__student__username"]
    ordering_fields = ["date", "at", "distance_m"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        scoped = CheckIn.objects.visible_to(self.request.user, as_ids=self.list_scope_ids())
        return scoped.select_related(*PLACEMENT_ROWS)

    @extend_schema(request=CheckInCreateSerializer, responses={201: CheckInSerializer, 200: CheckInSerializer})
    def create(self, request, *args, **kwargs):
        """Record a check-in (201), or answer with the row a retry of the same ``client_id`` made (200)."""
        data = self.validated_in_context(CheckInCreateSerializer)
        row, created = services.check_in_record(student=request.user, **data)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        # The created row is the one inserted, with its placement, student and enterprise at hand (a retry's row
        # was read with them): answered as it is when the scope shows it (CheckInQuerySet.shows), the same JSON
        # as a GET of the row (tests/attendance/test_check_ins.py compares them).
        return self.fresh_response(row, code, current=True)

    def validated_in_context(self, serializer_class) -> dict:
        ser = serializer_class(data=self.request.data, context=self.get_serializer_context())
        ser.is_valid(raise_exception=True)
        return dict(ser.validated_data)

    # Not a workflow step: the download of the photo the intern attached.
    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(description="The photo.")})
    @action(detail=True, methods=["get"])
    def photo(self, request, pk=None):
        return serve_file(self.get_object().photo)


class LeaveRequestViewSet(ScopedModelViewSet):
    """Leave requests: the intern asks; the mentors approve or refuse in the order the college set."""

    serializer_class = LeaveRequestSerializer
    steps = LEAVE_STEPS
    filterset_class = LeaveRequestFilterSet
    policy_class = LeaveRequestPolicy
    search_fields = ["placement__student__display_name", "placement__student__username", "reason"]
    ordering_fields = ["start_date", "created_at", "status"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        scoped = LeaveRequest.objects.visible_to(self.request.user, as_ids=self.list_scope_ids())
        return scoped.select_related(*PLACEMENT_ROWS)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.leave_request_create(student=self.request.user, **data)

    # Not a workflow step: the download of the document attached to the request.
    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(description="The attachment.")})
    @action(detail=True, methods=["get"])
    def attachment(self, request, pk=None):
        return serve_file(self.get_object().attachment)


class CalendarDayViewSet(ScopedModelViewSet):
    """The college calendar: public holidays and make-up workdays (调休); college admins edit it."""

    serializer_class = CalendarDaySerializer
    filterset_class = CalendarDayFilterSet
    policy_class = CalendarDayPolicy
    search_fields = ["name"]
    ordering_fields = ["date"]

    def get_queryset(self):
        return CalendarDay.objects.visible_to(self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.calendar_day_save(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.calendar_day_save(by=self.request.user, day=serializer.instance,
                                                         **serializer.validated_data)

    def perform_destroy(self, instance):
        services.calendar_day_delete(day=instance, by=self.request.user)


class AttendanceRulesViewSet(NoCreate, ScopedModelViewSet):
    """The college's attendance rules (one row): everyone reads them, college admins change them."""

    serializer_class = AttendanceRulesSerializer
    policy_class = RulesPolicy
    http_method_names = ["get", "patch", "head", "options"]
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator reads no rows
            return AttendanceRules.objects.none()
        AttendanceRules.current()  # the row exists from the first read on
        return AttendanceRules.objects.all() if access_for(self.request.user).is_authenticated \
            else AttendanceRules.objects.none()

    def perform_update(self, serializer):
        serializer.instance = services.rules_update(by=self.request.user, **serializer.validated_data)


class WorkplaceViewSet(FreshRowMixin, ReleasingListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Where and when each intern works, by placement id; the enterprise or the school mentor sets it."""

    serializer_class = WorkplaceSerializer
    filterset_class = WorkplaceFilterSet
    search_fields = ["student__display_name", "student__username", "enterprise__name"]
    ordering_fields = ["start_date"]
    http_method_names = ["get", "patch", "head", "options"]
    queryset = Placement.objects.none()  # the resource's rows are placements (read by the access matrix)

    def get_queryset(self):
        return Placement.objects.visible_to(self.request.user).select_related("student", "enterprise", "workplace")

    def update(self, request, *args, **kwargs):
        placement = self.get_object()
        if not WorkplacePolicy().can_update(request.user, Workplace.for_placement(placement)):
            raise PermissionDenied()
        ser = WorkplaceSerializer(data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        services.workplace_update(placement=placement, by=request.user, **ser.validated_data)
        return self.fresh_response(placement)


class AbsenceViewSet(ScopedReadOnlyViewSet):
    """Absences closed by the daily job, with the number of days in a row (``streak_min=3``: the long ones)."""

    serializer_class = AbsenceSerializer
    filterset_class = AbsenceFilterSet
    search_fields = ["placement__student__display_name", "placement__student__username"]
    ordering_fields = ["date", "streak"]

    def get_queryset(self):
        scoped = Absence.objects.visible_to(self.request.user, as_ids=self.list_scope_ids())
        return scoped.select_related(*PLACEMENT_ROWS)


class WorkingTimeBreachViewSet(NoCreate, ScopedModelViewSet):
    """Working-time breaches the clock showed (night work, overtime, rest days); the school follows them up."""

    serializer_class = WorkingTimeBreachSerializer
    steps = BREACH_STEPS
    filterset_class = WorkingTimeBreachFilterSet
    search_fields = ["placement__student__display_name", "placement__student__username"]
    ordering_fields = ["date", "kind", "status"]
    policy_class = BreachPolicy
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        scoped = WorkingTimeBreach.objects.visible_to(self.request.user, as_ids=self.list_scope_ids())
        return scoped.select_related(*PLACEMENT_ROWS)


class SupervisionVisitViewSet(ScopedModelViewSet):
    """Teachers' visits (巡查/走访) to host enterprises, with the interns met, findings and photos."""

    serializer_class = SupervisionVisitSerializer
    filterset_class = SupervisionVisitFilterSet
    policy_class = VisitPolicy
    search_fields = ["findings", "follow_up", "enterprise__name"]
    ordering_fields = ["visited_on", "created_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return (SupervisionVisit.objects.visible_to(self.request.user).select_related("teacher", "enterprise")
                .prefetch_related("placements", "photos"))

    def perform_create(self, serializer):
        serializer.instance = services.visit_record(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("enterprise", None)
        serializer.instance = services.visit_update(visit=serializer.instance, by=self.request.user, **data)

    # Not a workflow step: a file upload that becomes a child row (201 with the photo).
    @extend_schema(request=VisitPhotoSerializer, responses={201: VisitPhotoSerializer})
    @action(detail=True, methods=["post"])
    def photos(self, request, pk=None):
        visit = self.get_object()
        ser = VisitPhotoSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        photo = services.visit_add_photo(visit=visit, by=request.user, file=ser.validated_data["file"])
        return Response(VisitPhotoSerializer(photo).data, status=status.HTTP_201_CREATED)

    # Not a workflow step: the download of one photo of a visit the reader can see.
    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(description="The photo.")})
    @action(detail=True, methods=["get"], url_path=r"photos/(?P<photo_id>\d+)")
    def photo(self, request, pk=None, photo_id=None):
        photo = VisitPhoto.objects.filter(visit=self.get_object(), pk=photo_id).first()
        if photo is None:
            raise NotFound()
        return serve_file(photo.file)

    # Not a workflow step: a read-only figure over the visits the reader can see.
    @extend_schema(parameters=[VisitCoverageQuerySerializer], responses=VisitCoverageSerializer)
    @action(detail=False, methods=["get"])
    def coverage(self, request):
        query = VisitCoverageQuerySerializer(data=_single_values(request, "term"))
        query.is_valid(raise_exception=True)
        label = query.validated_data.get("term")
        if label:
            start, end = parse_term(label)  # the regex admits only parseable labels
        else:
            label, start, end = term_of(timezone.localdate())
        data = selectors.visit_coverage(request.user, label, start, end, AttendanceRules.current().visits_per_placement)
        return Response(VisitCoverageSerializer(data).data)


class AttendanceSheetViewSet(viewsets.GenericViewSet):
    """Attendance per student for a month (or a week): each day's state, the figures and the rate.

    ``xlsx/`` gives the same rows as the monthly sheet colleges file (考勤表)."""

    serializer_class = SheetRowSerializer
    pagination_class = Pagination
    filter_backends: list = []

    def get_queryset(self):
        return Placement.objects.visible_to(self.request.user)

    def _query(self, request) -> tuple[dict, object]:
        query = SheetQuerySerializer(data=_single_values(request, "month", "week", "department", "enterprise"))
        query.is_valid(raise_exception=True)
        params = query.validated_data
        placements = selectors.sheet_placements(request.user, params["start"], params["end"],
                                                department=params.get("department"),
                                                enterprise=params.get("enterprise"))
        return params, placements

    @extend_schema(parameters=[SheetQuerySerializer], responses=SheetRowSerializer(many=True))
    def list(self, request):
        params, placements = self._query(request)
        page = self.paginate_queryset(placements)
        rows = selectors.attendance_of(list(page), params["start"], params["end"])
        return self.get_paginated_response(SheetRowSerializer(rows, many=True).data)

    # Not a workflow step: a file download of the sheet.
    @extend_schema(parameters=[SheetQuerySerializer],
                   responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"):
                              OpenApiResponse(description="The monthly attendance sheet (XLSX).")})
    @action(detail=False, methods=["get"])
    def xlsx(self, request) -> HttpResponse:
        params, placements = self._query(request)
        return sheet_response(request, placements, params)
