from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core.api import ScopedModelViewSet
from core.prefetch import prefetched
from internships import services
from internships.filtersets import (
    ApplicationFilterSet,
    EmploymentOutcomeFilterSet,
    InternEvaluationFilterSet,
    PlacementFilterSet,
    PostingFilterSet,
    SafetyIncidentFilterSet,
    WeeklyLogFilterSet,
)
from internships.models import (
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
from internships.policies import (
    ApplicationPolicy,
    EmploymentOutcomePolicy,
    EvaluationPolicy,
    PlacementPolicy,
    PostingPolicy,
    SafetyIncidentPolicy,
    WeeklyLogPolicy,
)
from internships.selectors import outcome_statistics
from internships.steps import (
    APPLICATION_STEPS,
    INCIDENT_STEPS,
    PLACEMENT_STEPS,
    POSTING_STEPS,
    WEEKLY_LOG_STEPS,
)

from .serializers import (
    ApplicationSerializer,
    AttachmentSerializer,
    EmploymentOutcomeSerializer,
    InternEvaluationSerializer,
    OutcomeStatisticsSerializer,
    PlacementDetailSerializer,
    PlacementSerializer,
    PostingSerializer,
    SafetyIncidentSerializer,
    WeeklyLogSerializer,
)


class PostingViewSet(ScopedModelViewSet):
    """Internship postings; enterprises write their own, students and teachers read published ones."""
    export_spec = "postings"  # POST .../export/: the chosen rows, with the columns of the list's export

    serializer_class = PostingSerializer
    steps = POSTING_STEPS
    filterset_class = PostingFilterSet
    policy_class = PostingPolicy
    search_fields = ["title", "post", "description", "location", "enterprise__name"]
    ordering_fields = ["created_at", "title", "application_deadline", "stipend_monthly", "start_date"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return (Posting.objects.visible_to(self.request.user).select_related("enterprise")
                .prefetch_related(prefetched("competencies", as_list=self.action == "list")))

    def perform_create(self, serializer):
        serializer.instance = services.posting_create(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("enterprise", None)
        serializer.instance = services.posting_update(posting=serializer.instance, by=self.request.user, **data)

class ApplicationViewSet(ScopedModelViewSet):
    """Applications: students apply and answer offers; the enterprise moves them through its pipeline."""
    export_spec = "applications"  # POST .../export/: the chosen rows, with the columns of the list's export

    serializer_class = ApplicationSerializer
    steps = APPLICATION_STEPS
    filterset_class = ApplicationFilterSet
    policy_class = ApplicationPolicy
    search_fields = ["student__display_name", "student__username", "posting__title"]
    ordering_fields = ["created_at", "status"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return Application.objects.visible_to(self.request.user).select_related(
            "posting__enterprise", "student")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.application_create(posting=data["posting"], student=self.request.user,
                                                          note=data.get("note", ""), cv=data.get("cv"))

# Every column of the placement, and of its student and enterprise what their names are made of (User.__str__:
# display name, full name or username; Organization.__str__: name).
_PLACEMENT_LIST_COLUMNS = (*(f.name for f in Placement._meta.concrete_fields),
                           "student__display_name", "student__first_name", "student__last_name", "student__username",
                           "enterprise__name")


class PlacementViewSet(ScopedModelViewSet):
    """Placements of students at enterprises; college admins may place students directly."""
    export_spec = "placements"  # POST .../export/: the chosen rows, with the columns of the list's export

    serializer_class = PlacementSerializer
    steps = PLACEMENT_STEPS
    filterset_class = PlacementFilterSet
    policy_class = PlacementPolicy
    search_fields = ["student__display_name", "student__username", "post", "enterprise__name"]
    ordering_fields = ["start_date", "end_date", "status", "created_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self):
        return PlacementDetailSerializer if self.action == "retrieve" else PlacementSerializer

    def get_queryset(self):
        qs = Placement.objects.visible_to(self.request.user).select_related("student", "enterprise")
        if self.action == "list":
            # Of the student and the enterprise the list shows their names only (student_name, enterprise_name):
            # loading every column of both rows (a user has 30, with the password hash) made a fifth of the Python
            # calls of a page of 50 (cProfile, bench/generate.py --scale 0.1): model instances of 30 and 15 fields.
            qs = qs.only(*_PLACEMENT_LIST_COLUMNS)
        if self.action == "retrieve":
            qs = qs.prefetch_related(Prefetch("compliance_exceptions",
                                              ComplianceException.objects.select_related("granted_by")))
        return qs

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.placement_create_direct(
            by=self.request.user, student=data.pop("student"), enterprise=data.pop("enterprise"), **data)

    def perform_update(self, serializer):
        serializer.instance = services.placement_update(placement=serializer.instance, by=self.request.user,
                                                        **serializer.validated_data)

class WeeklyLogViewSet(ScopedModelViewSet):
    """Weekly logs: the intern writes, the school mentor reviews, the enterprise mentor comments."""
    export_spec = "weekly_logs"  # POST .../export/: the chosen rows, with the columns of the list's export

    serializer_class = WeeklyLogSerializer
    steps = WEEKLY_LOG_STEPS
    filterset_class = WeeklyLogFilterSet
    policy_class = WeeklyLogPolicy
    search_fields = ["content", "placement__student__display_name"]
    ordering_fields = ["week_no", "submitted_at", "status"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        # A list reads the user's placements first when they are few (WeeklyLogQuerySet.visible_to): through the
        # join PostgreSQL walked every placement of the province in the list's order to find a student's two (126 ms
        # at scale 10). An enterprise of thousands keeps the join, its students' names (?search=) read within its
        # own placements.
        scoped = WeeklyLog.objects.visible_to(self.request.user, as_ids=self.list_scope_ids())
        return scoped.select_related("placement").prefetch_related(
            prefetched("attachments", WeeklyLogAttachment.objects.order_by("uploaded_at", "id"),
                       as_list=self.action == "list"))

    def search_scopes(self):
        # The students' names of ?search= are read among the placements the user sees (core.search.search_q).
        return {"placement": Placement.objects.visible_to(self.request.user)}

    def perform_create(self, serializer):
        data = serializer.validated_data
        placement = data["placement"]
        if placement.student_id != self.request.user.pk:
            raise PermissionDenied(_("Only the intern writes their weekly logs."))
        serializer.instance = services.weekly_log_submit(placement=placement, by=self.request.user,
                                                         week_no=data["week_no"], content=data["content"])

    def perform_update(self, serializer):
        serializer.instance = services.weekly_log_update(log=serializer.instance, by=self.request.user,
                                                         content=serializer.validated_data.get(
                                                             "content", serializer.instance.content))

    # Not a workflow step: it uploads a file that becomes a child row (201 with the attachment), and the
    # log's status does not move. The only hand-written action of this app.
    @extend_schema(request=AttachmentSerializer, responses={201: AttachmentSerializer})
    @action(detail=True, methods=["post"])
    def attach(self, request, pk=None):
        log = self.get_object()
        ser = AttachmentSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        att = services.weekly_log_add_attachment(log=log, by=request.user, file=ser.validated_data["file"])
        return Response(AttachmentSerializer(att, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)


class InternEvaluationViewSet(ScopedModelViewSet):
    """Mid-term and final evaluations by the two mentors; the role follows from who submits."""

    serializer_class = InternEvaluationSerializer
    filterset_class = InternEvaluationFilterSet
    policy_class = EvaluationPolicy
    search_fields = ["placement__student__display_name", "comment"]
    ordering_fields = ["submitted_at", "score", "stage"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return InternEvaluation.objects.visible_to(self.request.user).select_related("placement__student")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        placement = data.pop("placement")
        role = services.evaluator_role_for(self.request.user, placement)
        if role is None:
            raise PermissionDenied(_("Only the intern's school or enterprise mentor evaluates them."))
        stage = data.pop("stage")
        comment = data.pop("comment", "")
        serializer.instance = services.evaluation_submit(placement=placement, stage=stage, evaluator_role=role,
                                                         by=self.request.user, scores=data, comment=comment)


class EmploymentOutcomeViewSet(ScopedModelViewSet):
    """Where students went at graduation: the college records them, school mentors keep their interns', the
    student and the enterprises concerned read them."""

    serializer_class = EmploymentOutcomeSerializer
    policy_class = EmploymentOutcomePolicy
    filterset_class = EmploymentOutcomeFilterSet
    search_fields = ["student__display_name", "student__username", "student__student_no", "employer_name",
                     "employer__name", "position"]
    ordering_fields = ["recorded_on", "monthly_salary", "kind"]

    def get_queryset(self):
        return (EmploymentOutcome.objects.visible_to(self.request.user)
                .select_related("student", "employer", "placement", "program"))

    def perform_create(self, serializer):
        serializer.instance = services.outcome_create(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("student", None)
        serializer.instance = services.outcome_update(outcome=serializer.instance, by=self.request.user, **data)

    def perform_destroy(self, instance):
        services.outcome_delete(outcome=instance, by=self.request.user)

    # Not a workflow step: read-only figures over the outcomes the caller sees, filtered like the list.
    @extend_schema(responses={200: OutcomeStatisticsSerializer})
    @action(detail=False, methods=["get"])
    def statistics(self, request):
        """Employment rate, counterpart employment and average salary, overall, per programme and enterprise."""
        qs = self.filter_queryset(self.get_queryset())
        overall, programmes, enterprises = outcome_statistics(
            qs, without_programme=str(_("No programme")), without_employer=str(_("Not named")))
        return Response(OutcomeStatisticsSerializer(
            {"overall": overall, "programmes": programmes, "enterprises": enterprises}).data)


class SafetyIncidentViewSet(ScopedModelViewSet):
    """The safety-incident register: reported from a placement, followed up with notes (who, when), closed.
    Nobody deletes an incident."""

    serializer_class = SafetyIncidentSerializer
    steps = INCIDENT_STEPS
    policy_class = SafetyIncidentPolicy
    filterset_class = SafetyIncidentFilterSet
    search_fields = ["description", "placement__student__display_name", "placement__student__username"]
    ordering_fields = ["occurred_on", "severity", "status", "created_at"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        notes = IncidentFollowUp.objects.select_related("by").order_by("created_at", "id")
        return (SafetyIncident.objects.visible_to(self.request.user)
                .select_related("placement__student", "placement__enterprise")
                .prefetch_related(Prefetch("follow_ups", queryset=notes)))

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        placement = data.pop("placement")
        if not PlacementPolicy().can_action(self.request.user, placement, "incident"):
            raise PermissionDenied
        serializer.instance = services.incident_report(placement=placement, by=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("placement", None)
        serializer.instance = services.incident_update(incident=serializer.instance, by=self.request.user, **data)
