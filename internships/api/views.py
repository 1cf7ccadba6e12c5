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
    InternEvaluationFilterSet,
    PlacementFilterSet,
    PostingFilterSet,
    WeeklyLogFilterSet,
)
from internships.models import (
    Application,
    ComplianceException,
    InternEvaluation,
    Placement,
    Posting,
    WeeklyLog,
    WeeklyLogAttachment,
)
from internships.policies import (
    ApplicationPolicy,
    EvaluationPolicy,
    PlacementPolicy,
    PostingPolicy,
    WeeklyLogPolicy,
)
from internships.steps import APPLICATION_STEPS, PLACEMENT_STEPS, POSTING_STEPS, WEEKLY_LOG_STEPS

from .serializers import (
    ApplicationSerializer,
    AttachmentSerializer,
    InternEvaluationSerializer,
    PlacementDetailSerializer,
    PlacementSerializer,
    PostingSerializer,
    WeeklyLogSerializer,
)


class PostingViewSet(ScopedModelViewSet):
    """Internship postings; enterprises write their own, students and teachers read published ones."""

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

class PlacementViewSet(ScopedModelViewSet):
    """Placements of students at enterprises; college admins may place students directly."""

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

    serializer_class = WeeklyLogSerializer
    steps = WEEKLY_LOG_STEPS
    filterset_class = WeeklyLogFilterSet
    policy_class = WeeklyLogPolicy
    search_fields = ["content", "placement__student__display_name"]
    ordering_fields = ["week_no", "submitted_at", "status"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return WeeklyLog.objects.visible_to(self.request.user).select_related("placement").prefetch_related(
            prefetched("attachments", WeeklyLogAttachment.objects.order_by("uploaded_at", "id"),
                       as_list=self.action == "list"))

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
